//! "Delete N keys": the ticked keys in one request, after a confirmation that says how many and
//! names the first few.

use super::context::PageContext;
use super::delete_confirmation::DeleteConfirmation;
use crate::api::{DeletedKeys, Key};
use crate::i18n::Text;
use leptos::prelude::*;
use std::sync::Arc;

/// Keys named in the confirmation; the rest are counted.
const NAMED: usize = 5;

#[component]
pub fn DeleteKeysDialog(
    keys: Vec<Arc<Key>>,
    #[prop(into)] on_close: Callback<()>,
    /// The backend's answer: which were deleted now and which were gone already.
    #[prop(into)]
    on_deleted: Callback<DeletedKeys>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let request = ctx.request();
    let count = keys.len();
    let ids: Vec<String> = keys.iter().map(|key| key.client_id.clone()).collect();
    let confirm = Callback::new(move |()| {
        let ids = ids.clone();
        request.run(
            |client| async move { client.delete_keys(&ids).await },
            move |answer| {
                if let Ok(answer) = answer {
                    on_deleted.run(answer);
                }
            },
        );
    });
    let named = keys
        .iter()
        .take(NAMED)
        .map(|key| view! { <li class="ak-break">{key.name().to_string()}</li> })
        .collect_view();
    let more = (count > NAMED)
        .then(|| view! { <li class="ak-muted">{i18n.n(Text::MoreKeys, count - NAMED, &[])}</li> });
    view! {
        <DeleteConfirmation request question=i18n.n(Text::DeleteKeysQuestion, count, &[])
            label=i18n.n(Text::DeleteKeys, count, &[]) warning=Text::DeleteKeysWarning on_close on_confirm=confirm>
            <ul class="ak-key-names">{named}{more}</ul>
        </DeleteConfirmation>
    }
}
