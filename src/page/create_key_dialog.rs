//! "New secret": an optional description, then the Client ID and the Secret, shown once.

use super::context::PageContext;
use crate::api::{CreatedKey, Key};
use crate::components::{icons, CopyButton, Modal};
use leptos::prelude::*;
use std::sync::Arc;

/// The contract's limit, counted in characters after trimming.
pub const DESCRIPTION_MAX: usize = 256;

#[component]
pub fn CreateKeyDialog(
    #[prop(into)] on_close: Callback<()>,
    #[prop(into)] on_created: Callback<Arc<Key>>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let description = RwSignal::new(String::new());
    // One id per attempt: a repeated Generate after a lost answer gets the same key back
    // from the server instead of making a second one. Editing the description starts anew.
    let request_id = RwSignal::new(new_request_id());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The secret lives here and nowhere else; it is dropped with the dialog.
    let created = RwSignal::new(None::<CreatedKey>);
    let confirm_discard = RwSignal::new(false);

    let length = move || description.with(|d| d.trim().chars().count());
    let too_long = move || length() > DESCRIPTION_MAX;

    let generate = move || {
        if busy.get_untracked() {
            return;
        }
        if too_long() {
            error.set(Some(format!(
                "The description can be at most {DESCRIPTION_MAX} characters; it has {}.",
                length()
            )));
            return;
        }
        busy.set(true);
        error.set(None);
        let text = description.get_untracked();
        let id = request_id.get_untracked();
        let client = ctx.client();
        ctx.spawn(async move {
            let trimmed = text.trim();
            let result = client
                .create_key((!trimmed.is_empty()).then_some(trimmed), &id)
                .await;
            busy.set(false);
            match result {
                Ok(key) => {
                    on_created.run(Arc::new(key.key.clone()));
                    created.set(Some(key));
                    ctx.announce("Key created. Copy the secret now: it is shown only once.");
                }
                Err(failure) => {
                    ctx.report(&failure);
                    error.set(Some(failure.user_message()));
                }
            }
        });
    };

    let dismiss = move |()| {
        if created.with_untracked(Option::is_some) {
            // Never drop a secret silently: ask first, and a second Escape keeps it open.
            confirm_discard.update(|asking| *asking = !*asking);
        } else if !busy.get_untracked() {
            on_close.run(());
        }
    };

    let title_id = ctx.id("create-title");
    let hint_id = ctx.id("create-hint");
    let input_id = ctx.id("create-description");
    let count_id = ctx.id("create-count");
    let error_id = ctx.id("create-error");

    let form = {
        let (title_id, hint_id, input_id, error_id) = (
            title_id.clone(),
            hint_id.clone(),
            input_id.clone(),
            error_id.clone(),
        );
        move || {
            let described = format!("{hint_id} {count_id} {error_id}");
            view! {
                <form class="ak-dialog__body" on:submit=move |ev| { ev.prevent_default(); generate(); }>
                    <h2 class="ak-dialog__title" id=title_id.clone()>"New secret"</h2>
                    <div class="ak-field">
                        <label class="ak-label" for=input_id.clone()>"Description " <span class="ak-optional">"(optional)"</span></label>
                        <input
                            id=input_id.clone()
                            class="ak-input"
                            class:ak-input--invalid=too_long
                            type="text"
                            autocomplete="off"
                            spellcheck="false"
                            placeholder="e.g. Nightly billing export"
                            data-autofocus
                            aria-describedby=described
                            aria-invalid=move || too_long().to_string()
                            prop:value=move || description.get()
                            on:input=move |ev| {
                                description.set(event_target_value(&ev));
                                request_id.set(new_request_id());
                            }
                        />
                        <div class="ak-field__meta">
                            <span id=hint_id.clone() class="ak-hint">"Recommended: say which program or person uses this key, so that it is easy to manage later."</span>
                            <span id=count_id class="ak-count" class:ak-count--over=too_long>{length} " / " {DESCRIPTION_MAX}</span>
                        </div>
                    </div>
                    <p id=error_id.clone() class="ak-error" role="alert">{move || error.get()}</p>
                    <div class="ak-dialog__actions">
                        <button type="button" class="ak-btn ak-btn--secondary" disabled=busy on:click=move |_| on_close.run(())>"Cancel"</button>
                        <button type="submit" class="ak-btn ak-btn--primary" aria-disabled=move || busy.get().to_string() class:ak-btn--busy=busy>
                            {move || if busy.get() { "Generating…" } else { "Generate now" }}
                        </button>
                    </div>
                </form>
            }
        }
    };

    let secret_view = {
        let title_id = title_id.clone();
        move |key: CreatedKey| {
            let client_id = key.key.client_id.clone();
            let secret = key.secret.expose().to_string();
            let client_id_el = ctx.id("created-client-id");
            let secret_el = ctx.id("created-secret");
            // The form that had focus is gone: keep focus (and Escape) inside the dialog.
            let body = NodeRef::<leptos::html::Div>::new();
            Effect::new(move |_| {
                if let Some(body) = body.get() {
                    let _ = body.focus();
                }
            });
            view! {
                <div class="ak-dialog__body" tabindex="-1" node_ref=body>
                    <h2 class="ak-dialog__title" id=title_id.clone()>"Your new key"</h2>
                    <div class="ak-alert ak-alert--warning">
                        {icons::warning()}
                        <p>"This is the only time the Secret is shown. Copy it now and keep it somewhere safe, such as your secrets manager. If you lose it, delete this key and create a new one."</p>
                    </div>
                    <div class="ak-field">
                        <span class="ak-label">"Client ID"</span>
                        <div class="ak-copyable">
                            <code class="ak-mono" id=client_id_el.clone()>{client_id.clone()}</code>
                            <CopyButton value=client_id label="Copy Client ID" target_id=client_id_el/>
                        </div>
                    </div>
                    <div class="ak-field">
                        <span class="ak-label">"Secret"</span>
                        <div class="ak-copyable">
                            <code class="ak-mono ak-secret" id=secret_el.clone()>{secret.clone()}</code>
                            <CopyButton value=secret label="Copy Secret" target_id=secret_el/>
                        </div>
                    </div>
                    <Show when=move || confirm_discard.get()>
                        <DiscardQuestion on_keep=move || confirm_discard.set(false) on_discard=move || on_close.run(())/>
                    </Show>
                    <div class="ak-dialog__actions">
                        <button type="button" class="ak-btn ak-btn--primary" on:click=move |_| on_close.run(())>"OK, I have copied it"</button>
                    </div>
                </div>
            }
        }
    };

    view! {
        <Modal labelled_by=title_id on_dismiss=Callback::new(dismiss)>
            <button type="button" class="ak-dialog__close ak-btn ak-btn--ghost ak-btn--icon" aria-label="Close" on:click=move |_| dismiss(())>
                {icons::close()}
            </button>
            {move || match created.get() {
                Some(key) => secret_view.clone()(key).into_any(),
                None => form.clone()().into_any(),
            }}
        </Modal>
    }
}

/// "Close anyway?": takes focus when it appears, on the safe choice.
#[component]
fn DiscardQuestion(
    #[prop(into)] on_keep: Callback<()>,
    #[prop(into)] on_discard: Callback<()>,
) -> impl IntoView {
    let keep = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(keep) = keep.get() {
            let _ = keep.focus();
        }
    });
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

/// A UUID v4 from the browser's CSPRNG (works on plain-http origins, unlike randomUUID).
pub fn new_request_id() -> String {
    let mut bytes = [0u8; 16];
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}
