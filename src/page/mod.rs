//! The Application keys page: list, filter, create, rename and delete. It renders only the page, so a
//! host shell (the standalone one in `shell`, or a console team's own) puts it where it likes.

mod context;
mod create_key;
mod delete_key_dialog;
mod description_field;
mod header;
mod key_table;
mod rename_key_dialog;
mod states;
mod toolbar;

pub use key_table::FIRST_ROWS;

use crate::api::Key;
use crate::config::PageConfig;
use crate::keys::{Body, KeyStore};
use context::PageContext;
use create_key::CreateKeyDialog;
use delete_key_dialog::DeleteKeyDialog;
use header::{PageHeader, SessionEnded};
use key_table::{KeyTable, RowLimit};
use leptos::prelude::*;
use rename_key_dialog::RenameKeyDialog;
use states::{EmptyState, LoadFailed, Loading};
use std::sync::Arc;
use toolbar::Toolbar;

/// The dialog that is open, if any: one at a time.
#[derive(Clone)]
enum Dialog {
    Closed,
    Create,
    Rename(Arc<Key>),
    Delete(Arc<Key>),
}

/// The whole page. `on_sign_in_again` is offered when the session ends (the standalone
/// shell passes one; an embedding host listens for `appkeys:unauthorized` instead).
///
/// In a Leptos console shell:
///
/// ```
/// use appkeys::{ApplicationKeysPage, PageConfig};
/// use leptos::prelude::*;
///
/// #[component]
/// fn SecuritySection() -> impl IntoView {
///     let config = PageConfig {
///         api_base: "https://api.example.com/api/1.0".into(),
///         include_credentials: true,
///         ..PageConfig::default()
///     };
///     view! { <ApplicationKeysPage config/> }
/// }
/// ```
#[component]
pub fn ApplicationKeysPage(
    config: PageConfig,
    #[prop(optional, into)] on_sign_in_again: Option<Callback<()>>,
) -> impl IntoView {
    let ctx = PageContext::new(&config);
    provide_context(ctx);
    let store = RwSignal::new(KeyStore::default());
    let dialog = RwSignal::new(Dialog::Closed);
    let reload = load_keys(ctx, store);
    reload();
    ctx.load_policy();
    // While the list is on its way (the request goes out in this task's microtasks).
    set_timeout(move || ctx.prepare_dates(), std::time::Duration::ZERO);

    let open_create = Callback::new(move |()| dialog.set(Dialog::Create));
    let at_limit = Signal::derive(move || {
        let max = ctx.policy.with(|policy| policy.max_keys);
        store.with(|store| store.is_at_limit(max))
    });
    let on_created = Callback::new(move |key: Key| {
        ctx.emit_created(&key);
        store.update(|store| {
            store.insert(key);
        });
        // After a failed load the list is still incomplete: ask for it again.
        if store.with_untracked(KeyStore::is_incomplete) {
            reload();
        }
    });
    let on_renamed = Callback::new(move |key: Key| {
        ctx.emit_updated(&key);
        ctx.announce(match key.description {
            Some(_) => format!("Key renamed to {}.", key.name()),
            None => "Description removed.".to_string(),
        });
        // The row is rebuilt before the dialog closes, so focus can go to its Rename button.
        store.update(|store| {
            store.replace(key);
        });
        dialog.set(Dialog::Closed);
    });
    let on_deleted = Callback::new(move |key: Arc<Key>| {
        // The row that opened the dialog is going away: continue from the page's main action.
        ctx.focus_main_action();
        store.update(|store| {
            store.remove(&key.client_id);
        });
        dialog.set(Dialog::Closed);
        ctx.emit_deleted(&key);
        ctx.announce(format!("Key {} deleted.", key.name()));
    });

    view! {
        <div class="ak-root" node_ref=ctx.root>
            <section class="ak-page" aria-labelledby=ctx.id("heading")>
                <PageHeader on_create=open_create at_limit/>
                <SessionEnded on_sign_in_again/>
                <PageBody store open_create on_retry=Callback::new(move |()| reload())
                    on_rename=Callback::new(move |key| dialog.set(Dialog::Rename(key)))
                    on_delete=Callback::new(move |key| dialog.set(Dialog::Delete(key)))/>
            </section>
            <div class="ak-sr-only" role="status" aria-live="polite">{move || ctx.announcement.get()}</div>
            <OpenDialog dialog on_created on_renamed on_deleted/>
        </div>
    }
}

#[component]
fn OpenDialog(
    dialog: RwSignal<Dialog>,
    on_created: Callback<Key>,
    on_renamed: Callback<Key>,
    on_deleted: Callback<Arc<Key>>,
) -> impl IntoView {
    let close = move || dialog.set(Dialog::Closed);
    move || match dialog.get() {
        Dialog::Closed => ().into_any(),
        Dialog::Create => view! { <CreateKeyDialog on_close=close on_created/> }.into_any(),
        Dialog::Rename(key) => {
            view! { <RenameKeyDialog key on_close=close on_renamed/> }.into_any()
        }
        Dialog::Delete(key) => {
            view! { <DeleteKeyDialog key on_close=close on_deleted/> }.into_any()
        }
    }
}

/// Loads the list into `store`; the returned function loads it again (Retry).
fn load_keys(ctx: PageContext, store: RwSignal<KeyStore>) -> impl Fn() + Copy + 'static {
    let request = ctx.request();
    move || {
        store.update(KeyStore::begin_load);
        request.run(
            |client| async move { client.list_keys().await },
            move |answer| store.update(|store| store.finish_load(answer.map(|list| list.list))),
        );
    }
}

/// Loading, the failure, the empty account, or the toolbar and the table.
#[component]
fn PageBody(
    store: RwSignal<KeyStore>,
    open_create: Callback<()>,
    on_retry: Callback<()>,
    on_rename: Callback<Arc<Key>>,
    on_delete: Callback<Arc<Key>>,
) -> impl IntoView {
    let body = Memo::new(move |_| store.with(KeyStore::body));
    // A memo: the table, its batches and the count all read it, and filtering runs once per change.
    let visible = Memo::new(move |_| store.with(KeyStore::visible));
    let row_limit = RowLimit::new();
    move || match body.get() {
        Body::Loading => view! { <Loading/> }.into_any(),
        Body::Failed(message) => view! { <LoadFailed message on_retry/> }.into_any(),
        Body::Empty => view! { <EmptyState on_create=open_create/> }.into_any(),
        Body::List => view! {
            <Toolbar store visible on_filter=move || row_limit.restart()/>
            <KeyTable keys=visible limit=row_limit on_rename on_delete/>
        }
        .into_any(),
    }
}
