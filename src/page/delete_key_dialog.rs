//! Confirmation before a key is deleted: names the key and says what deletion means.

use super::context::PageContext;
use crate::api::{ApiError, Key};
use crate::components::Modal;
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
    // Named as everywhere else (quoted in a sentence); the Client ID follows a description.
    let (name, client_id) = match key.description {
        Some(_) => (
            format!("“{}”", key.name()),
            Some(view! { " with Client ID " <code class="ak-mono">{key.client_id.clone()}</code> }),
        ),
        None => (key.name().to_string(), None),
    };
    view! {
        <Modal labelled_by=title_id.clone() described_by=body_id.clone() on_dismiss=dismiss
            on_focus_lost=move || ctx.focus_main_action() alert=true>
            <div class="ak-dialog__body">
                <h2 class="ak-dialog__title" id=title_id>"Delete this key?"</h2>
                <div id=body_id>
                    <p>"The key " <strong class="ak-break">{name}</strong> {client_id} " will be deleted."</p>
                    <p class="ak-alert ak-alert--danger">"After deletion, the key can no longer be used to access the API: programs using it stop working at once, and access tokens it obtained are revoked. This cannot be undone."</p>
                </div>
                <p class="ak-error" role="alert">{move || request.error()}</p>
                <div class="ak-dialog__actions">
                    <button type="button" class="ak-btn ak-btn--secondary" data-autofocus disabled=move || request.busy() on:click=move |_| dismiss(())>"Cancel"</button>
                    <button type="button" class="ak-btn ak-btn--danger" aria-disabled=move || request.busy().to_string() class:ak-btn--busy=move || request.busy() on:click=confirm>
                        {move || if request.busy() { "Deleting…" } else { "Confirm" }}
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
