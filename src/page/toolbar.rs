//! Above the table: the filter and how many keys it shows.

use super::context::PageContext;
use crate::api::Key;
use crate::components::icons;
use crate::keys::KeyStore;
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
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let (label_for, filter_id) = (ctx.id("filter"), ctx.id("filter"));
    let shown = Memo::new(move |_| visible.with(Vec::len));
    let count = move || {
        let max = ctx.policy.with(|policy| policy.max_keys);
        count_text(shown.get(), store.with(KeyStore::len), max)
    };
    let filter = move || store.with(|store| store.filter().trim().to_string());
    view! {
        <div class="ak-toolbar">
            <label class="ak-filter" for=label_for>
                {icons::search()}
                <span class="ak-sr-only">"Filter keys"</span>
                <input id=filter_id class="ak-input ak-filter__input" type="search"
                    placeholder="Filter by description or Client ID" autocomplete="off"
                    prop:value=move || store.with(|store| store.filter().to_string())
                    on:input=move |ev| {
                        on_filter.run(());
                        store.update(|store| store.set_filter(event_target_value(&ev)));
                    }/>
            </label>
            <span class="ak-toolbar__count">{count}</span>
        </div>
        <Show when=move || shown.get() == 0>
            <p class="ak-state ak-state--compact" role="status">
                {move || format!("No key matches “{}”.", filter())}
            </p>
        </Show>
    }
}

/// "3 keys", "1 of 3 keys" while filtering; with the account's limit known, "12 of 100 keys" and
/// "1 shown · 12 of 100 keys".
fn count_text(shown: usize, total: usize, max: Option<usize>) -> String {
    let noun = |n: usize| if n == 1 { "key" } else { "keys" };
    match (max, shown == total) {
        (None, true) => format!("{total} {}", noun(total)),
        (None, false) => format!("{shown} of {total} {}", noun(total)),
        (Some(max), true) => format!("{total} of {max} {}", noun(max)),
        (Some(max), false) => format!("{shown} shown · {total} of {max} {}", noun(max)),
    }
}

#[cfg(test)]
mod tests {
    use super::count_text;

    #[test]
    fn the_count_says_how_many_are_shown_and_how_many_are_allowed() {
        assert_eq!(count_text(1, 1, None), "1 key");
        assert_eq!(count_text(2, 3, None), "2 of 3 keys");
        assert_eq!(count_text(12, 12, Some(100)), "12 of 100 keys");
        assert_eq!(count_text(1, 12, Some(100)), "1 shown · 12 of 100 keys");
    }
}
