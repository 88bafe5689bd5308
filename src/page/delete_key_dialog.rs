//! Confirmation before a key is deleted: names the key and says what deletion means.

use super::context::PageContext;
use super::delete_confirmation::DeleteConfirmation;
use crate::api::{ApiError, Key};
use crate::components::sentence;
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
    let confirm = {
        let key = key.clone();
        Callback::new(move |()| delete(request, key.clone(), on_deleted))
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
        <DeleteConfirmation request question=i18n.t(Text::DeleteQuestion).to_string()
            label=i18n.t(Text::Confirm) warning=Text::DeleteWarning on_close on_confirm=confirm>
            <p>{what}</p>
        </DeleteConfirmation>
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
