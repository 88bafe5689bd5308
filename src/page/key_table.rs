//! The list of keys: keyed rows, so adding or deleting a key touches one row; long lists render
//! in batches as the person scrolls.

use super::context::PageContext;
use crate::api::{Key, Policy};
use crate::components::{icons, Copyable, Timestamp};
use crate::format::now;
use crate::hooks::use_near_viewport;
use crate::keys::{ExpiryStatus, Selection};
use chrono::{DateTime, Utc};
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
const EXPIRES: &str = "Expires";
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

/// What the rows offer beyond the base contract, from the backend's policy.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Columns {
    select: bool,
    rename: bool,
    expires: bool,
    rotate: bool,
}

impl Columns {
    fn of(policy: &Policy) -> Self {
        Columns {
            select: policy.can_delete_many(),
            rename: policy.can_rename(),
            expires: policy.can_expire(),
            rotate: policy.can_rotate(),
        }
    }
}

/// What a row's buttons open, each for the row's key.
#[derive(Clone, Copy)]
pub struct RowActions {
    pub rename: Callback<Arc<Key>>,
    pub rotate: Callback<Arc<Key>>,
    pub delete: Callback<Arc<Key>>,
}

/// Rows are keyed by the whole key, so a renamed key's row is rebuilt with its new description.
/// The table is rebuilt when the policy arrives (once, if after the list).
#[component]
pub fn KeyTable(
    keys: Memo<Vec<Arc<Key>>>,
    limit: RowLimit,
    actions: RowActions,
    /// The ticks for "Delete N keys".
    selection: RwSignal<Selection>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let columns = Memo::new(move |_| ctx.policy.with(Columns::of));
    let rendered =
        move || keys.with(|keys| keys.iter().take(limit.get()).cloned().collect::<Vec<_>>());
    let hidden = Memo::new(move |_| keys.with(Vec::len).saturating_sub(limit.get()));
    let table = move || {
        let columns = columns.get();
        view! {
            <table class="ak-table">
                <caption class="ak-sr-only">"Your application keys, newest first"</caption>
                <thead>
                    <tr>
                        {columns.select.then(|| view! { <th scope="col" class="ak-cell-select"><span class="ak-sr-only">"Selected"</span></th> })}
                        <th scope="col">{DESCRIPTION}</th>
                        <th scope="col">{CLIENT_ID}</th>
                        {columns.expires.then(|| view! { <th scope="col">{EXPIRES}</th> })}
                        <th scope="col">{LAST_USED}</th>
                        <th scope="col">{CREATED_AT}</th>
                        <th scope="col"><span class="ak-sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=rendered key=Arc::clone let:key>
                        <KeyRow key columns actions selection/>
                    </For>
                </tbody>
            </table>
        }
    };
    view! {
        <div class="ak-table-wrap">
            {table}
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
fn KeyRow(
    key: Arc<Key>,
    columns: Columns,
    actions: RowActions,
    selection: RwSignal<Selection>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let select = columns.select.then(|| {
        let (id, toggled) = (key.client_id.clone(), key.client_id.clone());
        view! {
            <td class="ak-cell-select">
                <input type="checkbox" class="ak-check" aria-label=format!("Select key {}", key.name())
                    prop:checked=move || selection.with(|s| s.contains(&id))
                    on:change=move |_| selection.update(|s| s.toggle(&toggled))/>
            </td>
        }
    });
    let rename = columns.rename.then(|| {
        let label = format!("Rename key {}", key.name());
        let key = key.clone();
        view! {
            <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon ak-rename" aria-label=label.clone() title=label
                on:click=move |_| actions.rename.run(key.clone())>
                {icons::pencil()}
            </button>
        }
    });
    let rotate = columns.rotate.then(|| {
        let label = format!("Rotate secret of key {}", key.name());
        let key = key.clone();
        view! {
            <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon ak-rotate" aria-label=label.clone() title=label
                on:click=move |_| actions.rotate.run(key.clone())>
                {icons::rotate()}
            </button>
        }
    });
    let rotated = key.rotated_at.map(|at| {
        view! { <span class="ak-cell-note">"Rotated " <Timestamp at shown=ctx.local_time(&at)/></span> }
    });
    let expires = columns.expires.then(|| {
        view! { <td class="ak-cell-expires" data-label=EXPIRES>{expiry(&ctx, key.expires_at, now())}</td> }
    });
    let last_used = match key.last_used_at {
        Some(at) => view! { <Timestamp at shown=ctx.local_time(&at)/> }.into_any(),
        None => view! { <span class="ak-muted">"Never"</span> }.into_any(),
    };
    let created = key.created_at;
    let delete_label = format!("Delete key {}", key.name());
    let row_key = key.clone();
    view! {
        <tr data-client-id=key.client_id.clone()>
            {select}
            <td class="ak-cell-description" data-label=DESCRIPTION>
                <span class:ak-muted=key.description.is_none()>{key.label().to_string()}</span>
                {rename}
            </td>
            <td class="ak-cell-client-id" data-label=CLIENT_ID>
                <Copyable value=key.client_id.clone() label="Copy Client ID" compact=true/>
            </td>
            {expires}
            <td class="ak-cell-last-used" data-label=LAST_USED>{last_used}</td>
            <td class="ak-cell-created" data-label=CREATED_AT><Timestamp at=created shown=ctx.local_time(&created)/>{rotated}</td>
            <td class="ak-cell-actions">
                {rotate}
                <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon ak-btn--danger-ghost" aria-label=delete_label.clone() title=delete_label
                    on:click=move |_| actions.delete.run(row_key.clone())>
                    {icons::trash()}
                </button>
            </td>
        </tr>
    }
}

/// The Expires cell: "Never", the date, "Expires in N days" when few are left, or "Expired".
fn expiry(ctx: &PageContext, expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> AnyView {
    match ExpiryStatus::of(expires_at, now) {
        ExpiryStatus::Never => view! { <span class="ak-muted">"Never"</span> }.into_any(),
        ExpiryStatus::On(at) => view! { <Timestamp at shown=ctx.local_time(&at)/> }.into_any(),
        ExpiryStatus::Soon { at, days } => {
            let shown = match days {
                1 => "Expires in 1 day".to_string(),
                days => format!("Expires in {days} days"),
            };
            view! { <span class="ak-badge ak-badge--warning"><Timestamp at shown/></span> }
                .into_any()
        }
        ExpiryStatus::Expired(at) => {
            view! { <span class="ak-badge ak-badge--danger"><Timestamp at shown="Expired"/></span> }
                .into_any()
        }
    }
}
