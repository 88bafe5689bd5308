//! Above the table: the filter, how many keys it shows, and what to do with the ticked ones.

use super::context::PageContext;
use crate::api::{Key, Policy};
use crate::components::icons;
use crate::i18n::{I18n, Text};
use crate::keys::{AllShown, KeyStore, Selection};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn Toolbar(
    store: RwSignal<KeyStore>,
    /// The keys the filter lets through.
    visible: Memo<Vec<Arc<Key>>>,
    /// The filter changed.
    #[prop(into)]
    on_filter: Callback<()>,
    /// The ticked keys, whatever the filter shows.
    picked: Memo<Vec<Arc<Key>>>,
    selection: RwSignal<Selection>,
    /// "Delete N keys".
    #[prop(into)]
    on_delete_picked: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let (label_for, filter_id) = (ctx.id("filter"), ctx.id("filter"));
    let shown = Memo::new(move |_| visible.with(Vec::len));
    let count = move || {
        let max = ctx.policy.with(|policy| policy.max_keys);
        count_text(&i18n, shown.get(), store.with(KeyStore::len), max)
    };
    let filter = move || store.with(|store| store.filter().trim().to_string());
    view! {
        <div class="ak-toolbar">
            <label class="ak-filter" for=label_for>
                {icons::search()}
                <span class="ak-sr-only">{i18n.t(Text::FilterLabel)}</span>
                <input id=filter_id class="ak-input ak-filter__input" type="search"
                    placeholder=i18n.t(Text::FilterPlaceholder) autocomplete="off"
                    prop:value=move || store.with(|store| store.filter().to_string())
                    on:input=move |ev| {
                        on_filter.run(());
                        store.update(|store| store.set_filter(event_target_value(&ev)));
                    }/>
            </label>
            <div class="ak-toolbar__status">
                <Show when=move || ctx.policy.with(Policy::can_delete_many)>
                    <SelectAllShown shown=visible selection/>
                </Show>
                <span class="ak-toolbar__count">{count}</span>
            </div>
            <Show when=move || picked.with(|picked| !picked.is_empty())>
                <PickedActions picked selection on_delete_picked/>
            </Show>
        </div>
        <Show when=move || shown.get() == 0>
            <p class="ak-state ak-state--compact" role="status">
                {move || i18n.f(Text::NoMatch, &[("filter", &filter())])}
            </p>
        </Show>
    }
}

/// Ticks every key the filter shows, or unticks them when all are ticked; keys it hides keep
/// their ticks.
#[component]
fn SelectAllShown(shown: Memo<Vec<Arc<Key>>>, selection: RwSignal<Selection>) -> impl IntoView {
    let i18n = expect_context::<PageContext>().i18n;
    let state = Memo::new(move |_| shown.with(|shown| selection.with(|s| s.all_shown(shown))));
    let label = move || i18n.n(Text::SelectAllShown, shown.with(Vec::len), &[]);
    view! {
        <input type="checkbox" class="ak-check" aria-label=label title=i18n.t(Text::SelectAllTitle)
            prop:checked=move || state.get() == AllShown::All
            prop:indeterminate=move || state.get() == AllShown::Some
            on:change=move |_| shown.with_untracked(|shown| selection.update(|s| s.toggle_all(shown)))/>
    }
}

/// "3 selected", and what to do with them.
#[component]
fn PickedActions(
    picked: Memo<Vec<Arc<Key>>>,
    selection: RwSignal<Selection>,
    on_delete_picked: Callback<()>,
) -> impl IntoView {
    let i18n = expect_context::<PageContext>().i18n;
    let count = move || picked.with(Vec::len);
    view! {
        <div class="ak-picked" role="group" aria-label=i18n.t(Text::SelectedKeys)>
            <span class="ak-picked__count">{move || i18n.n(Text::SelectedCount, count(), &[])}</span>
            <button type="button" class="ak-btn ak-btn--ghost ak-btn--small" on:click=move |_| selection.update(Selection::clear)>{i18n.t(Text::ClearSelection)}</button>
            <button type="button" class="ak-btn ak-btn--danger ak-btn--small ak-delete-picked" on:click=move |_| on_delete_picked.run(())>
                {icons::trash()} {move || i18n.n(Text::DeleteKeys, count(), &[])}
            </button>
        </div>
    }
}

/// "3 keys", "1 of 3 keys" while filtering; with the account's limit known, "12 of 100 keys" and
/// "1 shown · 12 of 100 keys".
fn count_text(i18n: &I18n, shown: usize, total: usize, max: Option<usize>) -> String {
    let (shown_text, total_text) = (i18n.number(shown), i18n.number(total));
    let (shown_arg, total_arg) = (
        ("shown", shown_text.as_str()),
        ("total", total_text.as_str()),
    );
    match (max, shown == total) {
        (None, true) => i18n.n(Text::CountKeys, total, &[]),
        (None, false) => i18n.n(Text::CountShownOf, total, &[shown_arg]),
        (Some(max), true) => i18n.n(Text::CountOfMax, max, &[total_arg]),
        (Some(max), false) => i18n.n(Text::CountShownOfMax, max, &[shown_arg, total_arg]),
    }
}

#[cfg(test)]
mod tests {
    use super::count_text;
    use crate::i18n::{I18n, Lang};

    #[test]
    fn the_count_says_how_many_are_shown_and_how_many_are_allowed() {
        let en = I18n::for_tests(Lang::En);
        assert_eq!(count_text(&en, 1, 1, None), "1 key");
        assert_eq!(count_text(&en, 2, 3, None), "2 of 3 keys");
        assert_eq!(count_text(&en, 12, 12, Some(100)), "12 of 100 keys");
        assert_eq!(
            count_text(&en, 1, 12, Some(100)),
            "1 shown · 12 of 100 keys"
        );
        let de = I18n::for_tests(Lang::De);
        assert_eq!(count_text(&de, 1, 1, None), "1 Schlüssel");
        assert_eq!(
            count_text(&de, 1, 12, Some(100)),
            "1 angezeigt · 12 von 100 Schlüsseln"
        );
    }
}
