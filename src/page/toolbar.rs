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
        let total = store.with(KeyStore::len);
        let shown = shown.get();
        let noun = if total == 1 { "key" } else { "keys" };
        if shown == total {
            format!("{total} {noun}")
        } else {
            format!("{shown} of {total} {noun}")
        }
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
