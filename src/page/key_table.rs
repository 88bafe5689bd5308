//! The list of keys: keyed rows, so adding or deleting a key touches one row; long lists render
//! in batches as the person scrolls.

use super::context::PageContext;
use super::page_view::PageView;
use crate::api::{Key, Policy};
use crate::components::{icons, sentence, Copyable, PageLink, Timestamp};
use crate::format::now;
use crate::hooks::use_near_viewport;
use crate::i18n::{I18n, Text};
use crate::keys::{summary, AccessSummary, ExpiryStatus, Selection};
use crate::page::scopes::{access_names, access_text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::sync::Arc;

/// Rows added each time the end of the rendered rows nears the viewport (at once, if the first
/// batch leaves the window short): an account with 10,000 keys gets a page and a filter as quick
/// as one with 40, and the filter searches all of them.
const MORE_ROWS: usize = 50;
/// Height the rows not rendered yet are given, so the scrollbar tells the length of the list.
const ESTIMATED_ROW_PX: usize = 52;
/// What the standalone page shows above its first row: heading, toolbar, column headings.
const ABOVE_ROWS_PX: f64 = 240.0;

/// Rows rendered at first: the ones the window shows (every row rendered before the first frame
/// costs about 4 ms of first row on a slow laptop, issue 18). Reckoned from the window's height
/// alone: reading the page's layout before its first frame would cost a layout of its own. Where
/// a host puts the page lower, the rows it leaves out come one frame later.
fn first_rows(window_px: f64) -> usize {
    let rows = ((window_px - ABOVE_ROWS_PX) / ESTIMATED_ROW_PX as f64).ceil();
    (rows.max(0.0) as usize).clamp(5, MORE_ROWS)
}

/// How many rows the table renders: the first batch, more as the person scrolls, and the first
/// batch again when the filter changes (its matches start at the top).
#[derive(Clone, Copy)]
pub struct RowLimit {
    first: usize,
    limit: RwSignal<usize>,
}

impl RowLimit {
    fn new(first: usize) -> Self {
        RowLimit {
            first,
            limit: RwSignal::new(first),
        }
    }

    /// A first batch that fills this browser window.
    pub fn for_window() -> Self {
        let height = window().inner_height().ok().and_then(|h| h.as_f64());
        Self::new(first_rows(height.unwrap_or(1080.0)))
    }

    pub fn restart(self) {
        if self.limit.get_untracked() != self.first {
            self.limit.set(self.first);
        }
    }

    fn more(self) {
        self.limit.update(|limit| *limit += MORE_ROWS);
    }

    fn get(self) -> usize {
        self.limit.get()
    }
}

/// What the rows offer beyond the base contract, from the backend's policy.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Columns {
    select: bool,
    rename: bool,
    expires: bool,
    rotate: bool,
    access: bool,
}

/// The column headings in the page's language; on a narrow page each cell shows its own
/// (`data-label`), as the rows become cards.
struct Headings {
    description: &'static str,
    client_id: &'static str,
    expires: &'static str,
    access: &'static str,
    last_used: &'static str,
    created_at: &'static str,
}

impl Headings {
    fn new(i18n: &I18n) -> Self {
        Headings {
            description: i18n.t(Text::ColDescription),
            client_id: i18n.t(Text::ColClientId),
            expires: i18n.t(Text::ColExpires),
            access: i18n.t(Text::AccessLabel),
            last_used: i18n.t(Text::ColLastUsed),
            created_at: i18n.t(Text::ColCreatedAt),
        }
    }
}

impl Columns {
    fn of(policy: &Policy) -> Self {
        Columns {
            select: policy.can_delete_many(),
            rename: policy.can_rename(),
            expires: policy.can_expire(),
            rotate: policy.can_rotate(),
            access: policy.has_scopes(),
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
    let i18n = ctx.i18n;
    let table = move || {
        let columns = columns.get();
        let h = Headings::new(&i18n);
        view! {
            <table class="ak-table">
                <caption class="ak-sr-only">{i18n.t(Text::TableCaption)}</caption>
                <thead>
                    <tr>
                        {columns.select.then(|| view! { <th scope="col" class="ak-cell-select"><span class="ak-sr-only">{i18n.t(Text::ColSelected)}</span></th> })}
                        <th scope="col">{h.description}</th>
                        <th scope="col">{h.client_id}</th>
                        {columns.expires.then(|| view! { <th scope="col">{h.expires}</th> })}
                        {columns.access.then(|| view! { <th scope="col">{h.access}</th> })}
                        <th scope="col">{h.last_used}</th>
                        <th scope="col">{h.created_at}</th>
                        <th scope="col"><span class="ak-sr-only">{i18n.t(Text::ColActions)}</span></th>
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
    let i18n = expect_context::<PageContext>().i18n;
    let placeholder = NodeRef::<leptos::html::Div>::new();
    use_near_viewport(placeholder, "800px 0px", on_near);
    view! {
        <div class="ak-table-more" node_ref=placeholder style:height=move || format!("{}px", hidden.get() * ESTIMATED_ROW_PX)>
            <p class="ak-table-more__note">
                {move || i18n.n(Text::MoreRowsBelow, hidden.get(), &[])}
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
    let i18n = ctx.i18n;
    let h = Headings::new(&i18n);
    let named = |text| i18n.f(text, &[("name", key.name())]);
    let select = columns.select.then(|| {
        let (id, toggled) = (key.client_id.clone(), key.client_id.clone());
        view! {
            <td class="ak-cell-select">
                <input type="checkbox" class="ak-check" aria-label=named(Text::SelectKey)
                    prop:checked=move || selection.with(|s| s.contains(&id))
                    on:change=move |_| selection.update(|s| s.toggle(&toggled))/>
            </td>
        }
    });
    let rename = columns.rename.then(|| {
        row_button(
            named(Text::RenameKey),
            "ak-btn ak-btn--ghost ak-btn--icon ak-rename",
            icons::pencil(),
            &key,
            actions.rename,
        )
    });
    let rotate = columns.rotate.then(|| {
        row_button(
            named(Text::RotateKey),
            "ak-btn ak-btn--ghost ak-btn--icon ak-rotate",
            icons::rotate(),
            &key,
            actions.rotate,
        )
    });
    let rotated = key.rotated_at.map(|at| {
        let shown = ctx.local_time(&at);
        let note = sentence(i18n.parts(Text::RotatedOn), move |_| {
            view! { <Timestamp at shown=shown.clone()/> }.into_any()
        });
        view! { <span class="ak-cell-note">{note}</span> }
    });
    let expires = columns.expires.then(|| {
        view! { <td class="ak-cell-expires" data-label=h.expires>{expiry(&ctx, key.expires_at, now())}</td> }
    });
    let access = columns.access.then(|| {
        view! { <td class="ak-cell-access" data-label=h.access>{access(&ctx, &key.scopes)}</td> }
    });
    let last_used = last_used(&ctx, key.last_used_at);
    let created = key.created_at;
    let delete = row_button(
        named(Text::DeleteKey),
        "ak-btn ak-btn--ghost ak-btn--icon ak-btn--danger-ghost",
        icons::trash(),
        &key,
        actions.delete,
    );
    view! {
        <tr data-client-id=key.client_id.clone()>
            {select}
            <td class="ak-cell-description" data-label=h.description>
                <KeyLink key=key.clone()/>
                {key.exposed.is_some().then(|| view! { <span class="ak-badge ak-badge--danger ak-exposed">{i18n.t(Text::SecretExposed)}</span> })}
                {restricted(&i18n, &key.allowed_networks)}
                {rename}
            </td>
            <td class="ak-cell-client-id" data-label=h.client_id>
                <Copyable value=key.client_id.clone() label=i18n.t(Text::CopyClientId) compact=true/>
            </td>
            {expires}
            {access}
            <td class="ak-cell-last-used" data-label=h.last_used>{last_used}</td>
            <td class="ak-cell-created" data-label=h.created_at><Timestamp at=created shown=ctx.local_time(&created)/>{rotated}</td>
            <td class="ak-cell-actions">
                {rotate}
                {delete}
            </td>
        </tr>
    }
}

/// A key limited to networks: a lock named after them (on hover, too); nothing for "anywhere".
fn restricted(i18n: &I18n, networks: &[String]) -> Option<impl IntoView> {
    (!networks.is_empty()).then(|| {
        // Joined by hand: `[String]::join` would be 646 bytes more in the first module.
        let mut list = String::new();
        for network in networks {
            if !list.is_empty() {
                list.push_str(", ");
            }
            list.push_str(network);
        }
        let label = i18n.n(Text::RestrictedTo, networks.len(), &[("networks", &list)]);
        view! { <span class="ak-restricted" role="img" aria-label=label.clone() title=label>{icons::lock()}</span> }
    })
}

/// What a key may do, in short: "Full access", "Read only" or "3 scopes" with their names on
/// hover and for screen readers.
fn access(ctx: &PageContext, scopes: &[String]) -> impl IntoView {
    let summary = ctx
        .policy
        .with_untracked(|policy| summary(scopes, &policy.scopes));
    let text = summary.as_ref().map(|s| access_text(&ctx.i18n, s));
    let names = matches!(summary, Some(AccessSummary::Some(_))).then(|| access_names(scopes));
    view! { <span title=names.clone()>{text}</span><span class="ak-sr-only">{names}</span> }
}

/// The row's way to the key's own page: its description, or "-" named after its Client ID.
#[component]
fn KeyLink(key: Arc<Key>) -> impl IntoView {
    let i18n = expect_context::<PageContext>().i18n;
    let label = key
        .description
        .is_none()
        .then(|| i18n.f(Text::KeyDetailsOf, &[("name", &key.client_id)]));
    view! {
        <PageLink to=PageView::Key(key.client_id.clone()).path() class="ak-key-link" label>
            <span class:ak-muted=key.description.is_none()>{key.label().to_string()}</span>
        </PageLink>
    }
}

/// An icon button of a row (`class` whole, so that no row formats one), named after its key,
/// that hands the key to `action`.
fn row_button(
    label: String,
    class: &'static str,
    icon: impl IntoView + 'static,
    key: &Arc<Key>,
    action: Callback<Arc<Key>>,
) -> impl IntoView {
    let key = key.clone();
    view! {
        <button type="button" class=class aria-label=label.clone() title=label
            on:click=move |_| action.run(key.clone())>
            {icon}
        </button>
    }
}

/// When a key was last used, or "Never".
pub(super) fn last_used(ctx: &PageContext, at: Option<DateTime<Utc>>) -> AnyView {
    match at {
        Some(at) => view! { <Timestamp at shown=ctx.local_time(&at)/> }.into_any(),
        None => view! { <span class="ak-muted">{ctx.t(Text::Never)}</span> }.into_any(),
    }
}

/// The Expires cell: "Never", the date, "Expires in N days" when few are left, or "Expired".
pub(super) fn expiry(
    ctx: &PageContext,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> AnyView {
    let i18n = ctx.i18n;
    match ExpiryStatus::of(expires_at, now) {
        ExpiryStatus::Never => view! { <span class="ak-muted">{i18n.t(Text::Never)}</span> }.into_any(),
        ExpiryStatus::On(at) => view! { <Timestamp at shown=ctx.local_time(&at)/> }.into_any(),
        ExpiryStatus::Soon { at, days } => {
            let shown = i18n.n(Text::ExpiresInDays, days.max(0) as usize, &[]);
            view! { <span class="ak-badge ak-badge--warning"><Timestamp at shown/></span> }
                .into_any()
        }
        ExpiryStatus::Expired(at) => {
            view! { <span class="ak-badge ak-badge--danger"><Timestamp at shown=i18n.t(Text::Expired)/></span> }
                .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::first_rows;

    #[test]
    fn the_first_batch_fills_the_window_below_the_heading() {
        // 1280x720: the heading and toolbar take 257 px, and nine 52 px rows show, the last in part.
        assert_eq!(first_rows(720.0), 10);
        assert_eq!(first_rows(1080.0), 17);
    }

    #[test]
    fn the_first_batch_has_bounds() {
        assert_eq!(first_rows(200.0), 5);
        assert_eq!(first_rows(0.0), 5);
        assert_eq!(first_rows(f64::NAN), 5);
        assert_eq!(first_rows(10_000.0), 50);
    }
}
