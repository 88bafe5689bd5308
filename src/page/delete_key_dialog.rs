//! Confirmation before a key is deleted: names the key and says what deletion means.

use super::context::PageContext;
use crate::api::{ApiError, Key};
use crate::components::{sentence, Modal};
use crate::i18n::Text;
use crate::request::Request;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn DeleteKeyDialog(
    key: Arc<Key>,
    #[prop(into)] on_close: Callback<()>,
    /// The key is gone from the server (deleted now, or already before).
    #[prop(into)]
    on_deleted: Callback<Arc<Key>>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let request = ctx.request();
    let title_id = ctx.id("delete-title");
    let body_id = ctx.id("delete-body");

    let confirm = {
        let key = key.clone();
        move |_| delete(request, key.clone(), on_deleted)
    };
    let dismiss = move |()| {
        if !request.busy() {
            on_close.run(());
        }
    };
    // Named by its description, and then its Client ID; or by its Client ID alone.
    let what = match key.description {
        Some(_) => Text::DeleteWhatWithId,
        None => Text::DeleteWhat,
    };
    let (name, client_id) = (key.name().to_string(), key.client_id.clone());
    let what = sentence(i18n.parts(what), move |slot| match slot {
        "name" => view! { <strong class="ak-break">{name.clone()}</strong> }.into_any(),
        _ => view! { <code class="ak-mono">{client_id.clone()}</code> }.into_any(),
    });
    view! {
        <Modal labelled_by=title_id.clone() described_by=body_id.clone() on_dismiss=dismiss
            on_focus_lost=move || ctx.focus_main_action() alert=true>
            <div class="ak-dialog__body">
                <h2 class="ak-dialog__title" id=title_id>{i18n.t(Text::DeleteQuestion)}</h2>
                <div id=body_id>
                    <p>{what}</p>
                    <p class="ak-alert ak-alert--danger">{i18n.t(Text::DeleteWarning)}</p>
                </div>
                <p class="ak-error" role="alert">{move || request.error()}</p>
                <div class="ak-dialog__actions">
                    <button type="button" class="ak-btn ak-btn--secondary" data-autofocus disabled=move || request.busy() on:click=move |_| dismiss(())>{i18n.t(Text::Cancel)}</button>
                    <button type="button" class="ak-btn ak-btn--danger" aria-disabled=move || request.busy().to_string() class:ak-btn--busy=move || request.busy() on:click=confirm>
                        {move || i18n.t(if request.busy() { Text::Deleting } else { Text::Confirm })}
                    </button>
                </div>
            </div>
        </Modal>
    }
}

fn delete(request: Request, key: Arc<Key>, on_deleted: Callback<Arc<Key>>) {
    let id = key.client_id.clone();
    request.run(
        |client| async move {
            match client.delete_key(&id).await {
                // Someone deleted it already; either way it can no longer be used.
                Err(ApiError::Rejected { status: 404, .. }) => Ok(()),
                other => other,
            }
        },
        move |deleted| {
            if deleted.is_ok() {
                on_deleted.run(key);
            }
        },
    );
}
