//! The list of keys: keyed rows, so adding or deleting a key touches one row; long lists render
//! in batches as the person scrolls.

use super::context::PageContext;
use crate::api::Key;
use crate::components::{icons, Copyable, Timestamp};
use crate::hooks::use_near_viewport;
use leptos::prelude::*;
use std::sync::Arc;

/// Rows rendered at first (a tall screen's worth), and added each time the end of the rendered
/// rows nears the viewport: an account with 10,000 keys gets a page and a filter as quick as one
/// with 40, and the filter searches all of them.
pub const FIRST_ROWS: usize = 30;
const MORE_ROWS: usize = 50;
/// Height the rows not rendered yet are given, so the scrollbar tells the length of the list.
const ESTIMATED_ROW_PX: usize = 52;
/// The column headings; on a narrow page each cell shows its own (`data-label`), as the rows
/// become cards.
const DESCRIPTION: &str = "Description";
const CLIENT_ID: &str = "Client ID";
const LAST_USED: &str = "Last used";
const CREATED_AT: &str = "Created at";

/// How many rows the table renders: the first batch, more as the person scrolls, and the first
/// batch again when the filter changes (its matches start at the top).
#[derive(Clone, Copy)]
pub struct RowLimit(RwSignal<usize>);

impl RowLimit {
    pub fn new() -> Self {
        RowLimit(RwSignal::new(FIRST_ROWS))
    }

    pub fn restart(self) {
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
    keys: Memo<Vec<Arc<Key>>>,
    limit: RowLimit,
    on_delete: Callback<Arc<Key>>,
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
                        <th scope="col">{DESCRIPTION}</th>
                        <th scope="col">{CLIENT_ID}</th>
                        <th scope="col">{LAST_USED}</th>
                        <th scope="col">{CREATED_AT}</th>
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
    let placeholder = NodeRef::<leptos::html::Div>::new();
    use_near_viewport(placeholder, "800px 0px", on_near);
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
    let last_used = match key.last_used_at {
        Some(at) => view! { <Timestamp at shown=ctx.local_time(&at)/> }.into_any(),
        None => view! { <span class="ak-muted">"Never"</span> }.into_any(),
    };
    let created = key.created_at;
    let delete_label = format!("Delete key {}", key.name());
    let row_key = key.clone();
    view! {
        <tr data-client-id=key.client_id.clone()>
            <td class="ak-cell-description" data-label=DESCRIPTION class:ak-muted=key.description.is_none()>{key.label().to_string()}</td>
            <td class="ak-cell-client-id" data-label=CLIENT_ID>
                <Copyable value=key.client_id.clone() label="Copy Client ID"/>
            </td>
            <td class="ak-cell-last-used" data-label=LAST_USED>{last_used}</td>
            <td class="ak-cell-created" data-label=CREATED_AT><Timestamp at=created shown=ctx.local_time(&created)/></td>
            <td class="ak-cell-actions">
                <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon ak-btn--danger-ghost" aria-label=delete_label.clone() title=delete_label
                    on:click=move |_| on_delete.run(row_key.clone())>
                    {icons::trash()}
                </button>
            </td>
        </tr>
    }
}
