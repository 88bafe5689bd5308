//! The Application keys page: list, filter, create, rename, rotate, delete one key or many. It renders only the page, so a
//! host shell (the standalone one in `shell`, or a console team's own) puts it where it likes.

mod activity;
mod context;
mod create_key;
mod delete_confirmation;
mod delete_key_dialog;
mod delete_keys_dialog;
mod description_field;
mod dialog_actions;
mod dialogs;
mod editable_section;
mod header;
mod host_events;
mod key_table;
mod lazy_dialog;
mod lazy_section;
mod networks;
mod outcomes;
mod page_focus;
mod page_status;
mod page_view;
mod rename_key_dialog;
mod request_id;
mod rotate_key_dialog;
mod scopes;
mod secret_view;
mod states;
mod toolbar;
mod view_heading;

use crate::api::Key;
use crate::components::InLanguage;
use crate::config::PageConfig;
use crate::hooks::{use_history_location, PageLocation};
use crate::i18n::Lang;
use crate::keys::{Body, KeyStore, Selection};
use context::PageContext;
use dialogs::{Dialog, OpenDialog};
use header::{ExposedNotice, Notice, PageHeader, SessionEnded};
use key_table::{KeyTable, RowActions, RowLimit};
pub(crate) use lazy_section::lazy_section;
use leptos::prelude::*;
use outcomes::dialog_outcomes;
use page_view::PageView;
use states::{EmptyState, LoadFailed, Loading};
use std::sync::Arc;
use toolbar::Toolbar;

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
    let lang = Lang::wanted(config.locale.as_deref());
    let url = config.translations_url.clone();
    let config = StoredValue::new_local(config);
    view! {
        <InLanguage lang url>
            <KeysPage config=config.get_value() on_sign_in_again/>
        </InLanguage>
    }
}

#[component]
fn KeysPage(config: PageConfig, on_sign_in_again: Option<Callback<()>>) -> impl IntoView {
    let ctx = PageContext::new(&config);
    provide_context(ctx);
    let i18n = ctx.i18n;
    let store = RwSignal::new(KeyStore::default());
    let selection = RwSignal::new(Selection::default());
    let dialog = RwSignal::new(Dialog::Closed);
    // The policy first: when both answers are already here (index.html preloads them), the
    // table is built once, with the columns the policy adds, instead of rebuilt after its rows.
    ctx.load_policy();
    let reload = load_keys(ctx, store);
    reload();
    // While the list is on its way (the request goes out in this task's microtasks).
    set_timeout(move || ctx.prepare_dates(), std::time::Duration::ZERO);
    prefetch_dialogs_after_first_screen(store);

    let location = use_context::<PageLocation>()
        .unwrap_or_else(|| use_history_location(config.base_path.clone()));
    provide_context(location);
    let view = Memo::new(move |_| location.path.with(|path| PageView::parse(path)));

    let open_create = Callback::new(move |()| dialog.set(Dialog::Create));
    let at_limit = Signal::derive(move || {
        let max = ctx.policy.with(|policy| policy.max_keys);
        store.with(|store| store.is_at_limit(max))
    });
    let actions = RowActions {
        rename: Callback::new(move |key| dialog.set(Dialog::Rename(key))),
        rotate: Callback::new(move |key| dialog.set(Dialog::Rotate(key))),
        delete: Callback::new(move |key| dialog.set(Dialog::Delete(key))),
    };
    let picked = Memo::new(move |_| selection.with(|s| store.with(|store| s.picked(store.all()))));
    let delete_picked = Callback::new(move |()| {
        dialog.set(Dialog::DeleteMany(picked.get_untracked()));
    });
    let on_retry = Callback::new(move |()| reload());
    let exposed = tell_the_host_of_exposed_keys(ctx, store);
    // The first view is where the person landed; any later one they moved to, and its heading
    // takes focus.
    let moved = StoredValue::new(false);
    let body = move || {
        let focus = moved.get_value();
        moved.set_value(true);
        match view.get() {
            PageView::List => view! {
                <PageHeader on_create=open_create at_limit focus/>
                <SessionEnded on_sign_in_again/>
                <ExposedNotice count=exposed/>
                <Notice/>
                <PageBody store open_create on_retry actions selection picked on_delete_picked=delete_picked/>
            }
            .into_any(),
            PageView::Key(client_id) => view! {
                <SessionEnded on_sign_in_again/>
                {lazy_section(Box::new(move || Box::pin(activity::key_detail(client_id.clone(), store, actions, on_retry, focus))))}
            }
            .into_any(),
            PageView::Activity => view! {
                <SessionEnded on_sign_in_again/>
                {lazy_section(Box::new(move || Box::pin(activity::account_activity(focus))))}
            }
            .into_any(),
        }
    };

    view! {
        <div class="ak-root" lang=i18n.lang().tag() node_ref=ctx.root>
            <section class="ak-page" aria-labelledby=ctx.id("heading")>
                {body}
            </section>
            <div class="ak-sr-only" role="status" aria-live="polite">{move || ctx.status.announcement.get()}</div>
            <OpenDialog dialog outcomes=dialog_outcomes(ctx, store, selection, dialog, on_retry)/>
        </div>
    }
}

/// How many keys have a secret found in public; the host hears of each (`appkeys:exposed`) once.
fn tell_the_host_of_exposed_keys(ctx: PageContext, store: RwSignal<KeyStore>) -> Signal<usize> {
    let exposed = Memo::new(move |_| store.with(KeyStore::exposed));
    Effect::new(move |_| exposed.with(|keys| keys.iter().for_each(|key| ctx.host.exposed(key))));
    Signal::derive(move || exposed.with(Vec::len))
}

/// Once the first screen stands (the list, or the account without keys), fetches the dialogs'
/// chunks when the browser is idle, so that opening one normally waits on nothing.
fn prefetch_dialogs_after_first_screen(store: RwSignal<KeyStore>) {
    let prefetched = StoredValue::new(false);
    Effect::new(move |_| {
        let shown = matches!(store.with(KeyStore::body), Body::List | Body::Empty);
        if shown && !prefetched.get_value() {
            prefetched.set_value(true);
            request_idle_callback(|| {
                leptos::task::spawn_local(async {
                    dialogs::prefetch().await;
                    activity::prefetch().await;
                })
            });
        }
    });
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
    actions: RowActions,
    selection: RwSignal<Selection>,
    picked: Memo<Vec<Arc<Key>>>,
    on_delete_picked: Callback<()>,
) -> impl IntoView {
    let body = Memo::new(move |_| store.with(KeyStore::body));
    // A memo: the table, its batches and the count all read it, and filtering runs once per change.
    let visible = Memo::new(move |_| store.with(KeyStore::visible));
    let row_limit = RowLimit::for_window();
    move || {
        match body.get() {
        Body::Loading => view! { <Loading/> }.into_any(),
        Body::Failed(message) => view! { <LoadFailed message on_retry/> }.into_any(),
        Body::Empty => view! { <EmptyState on_create=open_create/> }.into_any(),
        Body::List => view! {
            <Toolbar store visible on_filter=move || row_limit.restart() picked selection on_delete_picked/>
            <KeyTable keys=visible limit=row_limit actions selection/>
        }
        .into_any(),
    }
    }
}
