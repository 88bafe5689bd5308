//! Confirmation before a key is deleted: names the key and says what deletion means.

use super::context::PageContext;
use crate::api::{ApiError, Key};
use crate::components::Modal;
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
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let title_id = ctx.id("delete-title");
    let body_id = ctx.id("delete-body");

    let confirm = {
        let key = key.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            error.set(None);
            let (client, key) = (ctx.client(), key.clone());
            ctx.spawn(async move {
                let result = client.delete_key(&key.client_id).await;
                busy.set(false);
                match result {
                    // 404: someone deleted it already; either way it can no longer be used.
                    Ok(()) | Err(ApiError::Rejected { status: 404, .. }) => on_deleted.run(key),
                    Err(failure) => {
                        ctx.report(&failure);
                        error.set(Some(failure.user_message()));
                    }
                }
            });
        }
    };
    let dismiss = move |()| {
        if !busy.get_untracked() {
            on_close.run(());
        }
    };

    let named = match &key.description {
        Some(description) => format!("“{description}”"),
        None => "without description".to_string(),
    };
    view! {
        <Modal labelled_by=title_id.clone() described_by=body_id.clone() on_dismiss=Callback::new(dismiss) alert=true>
            <div class="ak-dialog__body">
                <h2 class="ak-dialog__title" id=title_id>"Delete this key?"</h2>
                <div id=body_id>
                    <p>"The key " <strong class="ak-break">{named}</strong> " with Client ID " <code class="ak-mono">{key.client_id.clone()}</code> " will be deleted."</p>
                    <p class="ak-alert ak-alert--danger">"After deletion, the key can no longer be used to access the API: programs using it stop working at once, and access tokens it obtained are revoked. This cannot be undone."</p>
                </div>
                <p class="ak-error" role="alert">{move || error.get()}</p>
                <div class="ak-dialog__actions">
                    <button type="button" class="ak-btn ak-btn--secondary" data-autofocus disabled=busy on:click=move |_| dismiss(())>"Cancel"</button>
                    <button type="button" class="ak-btn ak-btn--danger" aria-disabled=move || busy.get().to_string() class:ak-btn--busy=busy on:click=confirm>
                        {move || if busy.get() { "Deleting…" } else { "Confirm" }}
                    </button>
                </div>
            </div>
        </Modal>
    }
}
