//! The list of keys: keyed rows, so adding or deleting a key touches one row.

use super::context::PageContext;
use crate::api::Key;
use crate::components::{icons, CopyButton};
use crate::format::exact_utc;
use leptos::prelude::*;
use std::sync::Arc;

/// Case-insensitive match on description or Client ID. `needle` is already lower-case.
pub fn matches_filter(key: &Key, needle: &str) -> bool {
    needle.is_empty()
        || key.client_id.to_lowercase().contains(needle)
        || key
            .description
            .as_deref()
            .is_some_and(|d| d.to_lowercase().contains(needle))
}

/// Rows rendered at first (a tall screen's worth), and added each time the end of the rendered
/// rows nears the viewport: an account with 10,000 keys gets a page and a filter as quick as one
/// with 40, and the filter searches all of them.
pub const FIRST_ROWS: usize = 30;
const MORE_ROWS: usize = 50;
/// Height the rows not rendered yet are given, so the scrollbar tells the length of the list.
const ESTIMATED_ROW_PX: usize = 52;

/// How many rows the table renders: the first batch, more as the person scrolls, and the first
/// batch again when the filter changes (its matches start at the top).
#[derive(Clone, Copy)]
pub struct RowLimit(RwSignal<usize>);

impl RowLimit {
    pub(super) fn new() -> Self {
        RowLimit(RwSignal::new(FIRST_ROWS))
    }

    pub(super) fn restart(self) {
        if self.0.get_untracked() != FIRST_ROWS {
            self.0.set(FIRST_ROWS);
        }
    }

    fn more(self) {
        self.0.update(|limit| *limit += MORE_ROWS);
    }

    fn get(self) -> usize {
        self.0.get()
    }
}

#[component]
pub fn KeyTable(
    #[prop(into)] keys: Signal<Vec<Arc<Key>>>,
    limit: RowLimit,
    #[prop(into)] on_delete: Callback<Arc<Key>>,
) -> impl IntoView {
    let rendered =
        move || keys.with(|keys| keys.iter().take(limit.get()).cloned().collect::<Vec<_>>());
    let hidden = Memo::new(move |_| keys.with(Vec::len).saturating_sub(limit.get()));
    view! {
        <div class="ak-table-wrap">
            <table class="ak-table">
                <caption class="ak-sr-only">"Your application keys, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Description"</th>
                        <th scope="col">"Client ID"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"Created at"</th>
                        <th scope="col"><span class="ak-sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=rendered key=|key| key.client_id.clone() let:key>
                        <KeyRow key on_delete/>
                    </For>
                </tbody>
            </table>
            <Show when=move || { hidden.get() > 0 }>
                <MoreRows hidden on_near=move || limit.more()/>
            </Show>
        </div>
    }
}

/// Stands for the rows not rendered yet; asks for more when it comes within a screen of view.
#[component]
fn MoreRows(hidden: Memo<usize>, #[prop(into)] on_near: Callback<()>) -> impl IntoView {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let placeholder = NodeRef::<leptos::html::Div>::new();
    let observer = StoredValue::new_local(
        None::<(
            web_sys::IntersectionObserver,
            Closure<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>,
        )>,
    );
    Effect::new(move |_| {
        let Some(element) = placeholder.get() else {
            return;
        };
        if observer.with_value(Option::is_some) {
            return;
        }
        let target = element.clone();
        let callback = Closure::<dyn Fn(js_sys::Array, web_sys::IntersectionObserver)>::new(
            move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
                let near = entries
                    .iter()
                    .filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
                    .any(|e| e.is_intersecting());
                if near {
                    on_near.run(());
                    // Observing anew reports the position again: if the placeholder is still in
                    // range after the new rows, the next batch follows.
                    observer.unobserve(&target);
                    observer.observe(&target);
                }
            },
        );
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin("800px 0px");
        if let Ok(watch) = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &options,
        ) {
            watch.observe(&element);
            observer.set_value(Some((watch, callback)));
        }
    });
    on_cleanup(move || {
        if let Some((watch, _callback)) = observer.try_update_value(Option::take).flatten() {
            watch.disconnect();
        }
    });
    view! {
        <div class="ak-table-more" node_ref=placeholder style:height=move || format!("{}px", hidden.get() * ESTIMATED_ROW_PX)>
            <p class="ak-table-more__note">
                {move || format!("{} more keys below. Scroll to load them, or use the filter to find a key.", hidden.get())}
            </p>
        </div>
    }
}

#[component]
fn KeyRow(key: Arc<Key>, on_delete: Callback<Arc<Key>>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let client_id_el = ctx.id(&format!("cid-{}", key.client_id));
    let last_used = match &key.last_used_at {
        Some(at) => {
            view! { <time datetime=at.to_rfc3339() title=exact_utc(at)>{ctx.local_time(at)}</time> }
                .into_any()
        }
        None => view! { <span class="ak-muted">"Never"</span> }.into_any(),
    };
    let delete_label = format!(
        "Delete key {}",
        key.description.as_deref().unwrap_or(&key.client_id)
    );
    let created = key.created_at;
    let row_key = key.clone();
    view! {
        <tr data-client-id=key.client_id.clone()>
            <td class="ak-cell-description" class:ak-muted=key.description.is_none()>{key.label().to_string()}</td>
            <td class="ak-cell-client-id">
                <code class="ak-mono" id=client_id_el.clone()>{key.client_id.clone()}</code>
                <CopyButton value=key.client_id.clone() label="Copy Client ID" target_id=client_id_el/>
            </td>
            <td class="ak-cell-last-used">{last_used}</td>
            <td class="ak-cell-created">
                <time datetime=created.to_rfc3339() title=exact_utc(&created)>{ctx.local_time(&created)}</time>
            </td>
            <td class="ak-cell-actions">
                <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon ak-btn--danger-ghost" aria-label=delete_label.clone() title=delete_label
                    on:click=move |_| on_delete.run(row_key.clone())>
                    {icons::trash()}
                </button>
            </td>
        </tr>
    }
}
