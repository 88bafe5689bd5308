//! What the page does when a dialog has done its work: the store and the selection change, the
//! host hears of it (its events), a person hears of it (the live region or a notice), and focus
//! goes on from where it can.

use super::context::PageContext;
use super::dialogs::{Dialog, DialogOutcomes};
use crate::api::{DeletedKeys, Key};
use crate::i18n::{I18n, Text};
use crate::keys::{KeyStore, Selection};
use leptos::prelude::*;
use std::sync::Arc;

pub fn dialog_outcomes(
    ctx: PageContext,
    store: RwSignal<KeyStore>,
    selection: RwSignal<Selection>,
    dialog: RwSignal<Dialog>,
    reload: Callback<()>,
) -> DialogOutcomes {
    DialogOutcomes {
        created: created(ctx, store, reload),
        renamed: renamed(ctx, store, dialog),
        rotated: rotated(ctx, store),
        deleted: deleted(ctx, store, selection, dialog),
        deleted_many: deleted_many(ctx, store, selection, dialog),
    }
}

fn created(ctx: PageContext, store: RwSignal<KeyStore>, reload: Callback<()>) -> Callback<Key> {
    Callback::new(move |key: Key| {
        ctx.host.created(&key);
        store.update(|store| {
            store.insert(key);
        });
        // After a failed load the list is still incomplete: ask for it again.
        if store.with_untracked(KeyStore::is_incomplete) {
            reload.run(());
        }
    })
}

fn renamed(ctx: PageContext, store: RwSignal<KeyStore>, dialog: RwSignal<Dialog>) -> Callback<Key> {
    let i18n = ctx.i18n;
    Callback::new(move |key: Key| {
        ctx.host.updated(&key);
        ctx.status.announce(match key.description {
            Some(_) => i18n.f(Text::KeyRenamed, &[("name", key.name())]),
            None => i18n.t(Text::DescriptionRemoved).to_string(),
        });
        // The row is rebuilt before the dialog closes, so focus can go to its Rename button.
        store.update(|store| {
            store.replace(key);
        });
        dialog.set(Dialog::Closed);
    })
}

/// The dialog stays open on the new secret; the row already shows the rotation.
fn rotated(ctx: PageContext, store: RwSignal<KeyStore>) -> Callback<Key> {
    Callback::new(move |key: Key| {
        ctx.host.rotated(&key);
        store.update(|store| {
            store.replace(key);
        });
    })
}

fn deleted(
    ctx: PageContext,
    store: RwSignal<KeyStore>,
    selection: RwSignal<Selection>,
    dialog: RwSignal<Dialog>,
) -> Callback<Arc<Key>> {
    Callback::new(move |key: Arc<Key>| {
        // The row that opened the dialog is going away: continue from the page's main action.
        ctx.focus.main_action();
        store.update(|store| {
            store.remove(&key.client_id);
        });
        selection.update(|s| s.forget([&key.client_id]));
        dialog.set(Dialog::Closed);
        ctx.host.deleted(&key);
        ctx.status
            .announce(ctx.i18n.f(Text::KeyDeleted, &[("name", key.name())]));
    })
}

fn deleted_many(
    ctx: PageContext,
    store: RwSignal<KeyStore>,
    selection: RwSignal<Selection>,
    dialog: RwSignal<Dialog>,
) -> Callback<DeletedKeys> {
    Callback::new(move |answer: DeletedKeys| {
        ctx.focus.main_action();
        // Both lists are gone from the backend; hosts hear of the keys deleted now.
        let deleted: Vec<Arc<Key>> = store
            .try_update(|store| {
                answer.not_found.iter().for_each(|id| {
                    store.remove(id);
                });
                answer
                    .deleted
                    .iter()
                    .filter_map(|id| store.remove(id))
                    .collect()
            })
            .unwrap_or_default();
        selection.update(Selection::clear);
        dialog.set(Dialog::Closed);
        deleted.iter().for_each(|key| ctx.host.deleted(key));
        ctx.status
            .notice
            .set(Some(outcome_text(&ctx.i18n, &answer)));
    })
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
