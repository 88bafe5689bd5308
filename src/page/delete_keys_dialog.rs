//! "Delete N keys": the ticked keys in one request, after a confirmation that says how many and
//! names the first few.

use super::context::PageContext;
use crate::api::{DeletedKeys, Key};
use crate::components::Modal;
use crate::i18n::{I18n, Text};
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
    let [title_id, body_id] = ["delete-many-title", "delete-many-body"].map(|name| ctx.id(name));
    let count = keys.len();
    let ids: Vec<String> = keys.iter().map(|key| key.client_id.clone()).collect();
    let confirm = move |_| {
        let ids = ids.clone();
        request.run(
            |client| async move { client.delete_keys(&ids).await },
            move |answer| {
                if let Ok(answer) = answer {
                    on_deleted.run(answer);
                }
            },
        );
    };
    let dismiss = move |()| {
        if !request.busy() {
            on_close.run(());
        }
    };
    let named = keys
        .iter()
        .take(NAMED)
        .map(|key| view! { <li class="ak-break">{key.name().to_string()}</li> })
        .collect_view();
    let more = (count > NAMED)
        .then(|| view! { <li class="ak-muted">{i18n.n(Text::MoreKeys, count - NAMED, &[])}</li> });
    let delete_text = i18n.n(Text::DeleteKeys, count, &[]);
    view! {
        <Modal labelled_by=title_id.clone() described_by=body_id.clone() on_dismiss=dismiss
            on_focus_lost=move || ctx.focus_main_action() alert=true>
            <div class="ak-dialog__body">
                <h2 class="ak-dialog__title" id=title_id>{i18n.n(Text::DeleteKeysQuestion, count, &[])}</h2>
                <div id=body_id>
                    <ul class="ak-key-names">{named}{more}</ul>
                    <p class="ak-alert ak-alert--danger">{i18n.t(Text::DeleteKeysWarning)}</p>
                </div>
                <p class="ak-error" role="alert">{move || request.error()}</p>
                <div class="ak-dialog__actions">
                    <button type="button" class="ak-btn ak-btn--secondary" data-autofocus disabled=move || request.busy() on:click=move |_| dismiss(())>{i18n.t(Text::Cancel)}</button>
                    <button type="button" class="ak-btn ak-btn--danger" aria-disabled=move || request.busy().to_string() class:ak-btn--busy=move || request.busy() on:click=confirm>
                        {move || if request.busy() { i18n.t(Text::Deleting).to_string() } else { delete_text.clone() }}
                    </button>
                </div>
            </div>
        </Modal>
    }
}

/// What the page reports afterwards: "3 keys deleted.", and those that were gone already.
pub fn outcome_text(i18n: &I18n, answer: &DeletedKeys) -> String {
    let deleted = i18n.n(Text::KeysDeleted, answer.deleted.len(), &[]);
    match answer.not_found.len() {
        0 => deleted,
        gone => format!("{deleted} {}", i18n.n(Text::KeysAlreadyGone, gone, &[])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(deleted: usize, not_found: usize) -> DeletedKeys {
        DeletedKeys {
            deleted: vec!["a".into(); deleted],
            not_found: vec!["b".into(); not_found],
        }
    }

    #[test]
    fn the_outcome_counts_the_deleted_and_the_already_gone() {
        let en = I18n::for_tests(crate::i18n::Lang::En);
        let outcome = |deleted, gone| outcome_text(&en, &answer(deleted, gone));
        assert_eq!(outcome(3, 0), "3 keys deleted.");
        assert_eq!(outcome(1, 0), "1 key deleted.");
        assert_eq!(outcome(2, 1), "2 keys deleted. 1 key was already gone.");
        assert_eq!(outcome(0, 2), "0 keys deleted. 2 keys were already gone.");
        let de = I18n::for_tests(crate::i18n::Lang::De);
        assert_eq!(
            outcome_text(&de, &answer(1, 2)),
            "1 Schlüssel gelöscht. 2 Schlüssel waren bereits gelöscht."
        );
    }
}
