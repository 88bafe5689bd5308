//! The second step of "New secret": the Client ID and the Secret, shown this once.

use crate::api::{CreatedKey, Policy};
use crate::components::{icons, Copyable, Timestamp};
use crate::hooks::{use_focus_on_mount, FocusTarget};
use crate::page::context::PageContext;
use leptos::prelude::*;

#[component]
pub fn SecretShown(
    key: CreatedKey,
    title_id: String,
    /// "Close anyway?" is being asked.
    confirm_discard: RwSignal<bool>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    // The form that had focus is gone: keep focus (and Escape) inside the dialog.
    let body = NodeRef::<leptos::html::Div>::new();
    use_focus_on_mount(body, FocusTarget::Element);
    let ctx = expect_context::<PageContext>();
    let expiry = ctx.policy.with_untracked(Policy::can_expire).then(|| match key.key.expires_at {
        Some(at) => view! { <p class="ak-hint">"This key expires on " <Timestamp at shown=ctx.local_time(&at)/> "."</p> }.into_any(),
        None => view! { <p class="ak-hint">"This key does not expire."</p> }.into_any(),
    });
    view! {
        <div class="ak-dialog__body" tabindex="-1" node_ref=body>
            <h2 class="ak-dialog__title" id=title_id>"Your new key"</h2>
            <div class="ak-alert ak-alert--warning">
                {icons::warning()}
                <p>"This is the only time the Secret is shown. Copy it now and keep it somewhere safe, such as your secrets manager. If you lose it, delete this key and create a new one."</p>
            </div>
            <div class="ak-field">
                <span class="ak-label">"Client ID"</span>
                <div class="ak-copyable">
                    <Copyable value=key.key.client_id.clone() label="Copy Client ID"/>
                </div>
            </div>
            <div class="ak-field">
                <span class="ak-label">"Secret"</span>
                <div class="ak-copyable">
                    <Copyable value=key.secret.expose().to_string() label="Copy Secret" class="ak-mono ak-secret"/>
                </div>
            </div>
            {expiry}
            <Show when=move || confirm_discard.get()>
                <DiscardQuestion on_keep=move || confirm_discard.set(false) on_discard=on_close/>
            </Show>
            <div class="ak-dialog__actions">
                <button type="button" class="ak-btn ak-btn--primary" on:click=move |_| on_close.run(())>"OK, I have copied it"</button>
            </div>
        </div>
    }
}

/// "Close anyway?": takes focus when it appears, on the safe choice.
#[component]
fn DiscardQuestion(
    #[prop(into)] on_keep: Callback<()>,
    #[prop(into)] on_discard: Callback<()>,
) -> impl IntoView {
    let keep = NodeRef::<leptos::html::Button>::new();
    use_focus_on_mount(keep, FocusTarget::Element);
    view! {
        <div class="ak-alert ak-alert--danger" role="alert">
            <p>"You won't see this secret again. Close anyway?"</p>
            <div class="ak-alert__actions">
                <button type="button" class="ak-btn ak-btn--secondary" node_ref=keep on:click=move |_| on_keep.run(())>"Keep it open"</button>
                <button type="button" class="ak-btn ak-btn--danger" on:click=move |_| on_discard.run(())>"Close anyway"</button>
            </div>
        </div>
    }
}
