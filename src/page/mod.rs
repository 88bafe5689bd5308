//! The Application keys page: list, filter, create and delete. It renders only the page, so a
//! host shell (the standalone one in `shell`, or a console team's own) puts it where it likes.

mod context;
mod create_key_dialog;
mod delete_key_dialog;
mod key_table;

pub use context::PageContext;
pub use create_key_dialog::{new_request_id, DESCRIPTION_MAX};
pub use key_table::{matches_filter, FIRST_ROWS};

use crate::api::Key;
use crate::components::icons;
use crate::config::PageConfig;
use crate::events;
use create_key_dialog::CreateKeyDialog;
use delete_key_dialog::DeleteKeyDialog;
use key_table::{KeyTable, RowLimit};
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Ready,
    Failed(String),
}

/// What the body shows; changes rarely, so the table is not rebuilt while keys change.
#[derive(Clone, Debug, PartialEq)]
enum Body {
    Loading,
    Failed(String),
    Empty,
    List,
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

    let keys = RwSignal::new(Vec::<Arc<Key>>::new());
    let load = RwSignal::new(Load::Loading);
    let filter = RwSignal::new(String::new());
    let row_limit = RowLimit::new();
    let creating = RwSignal::new(false);
    let deleting = RwSignal::new(None::<Arc<Key>>);
    let new_key_button = NodeRef::<leptos::html::Button>::new();

    let reload = move || {
        load.set(Load::Loading);
        let client = ctx.client();
        ctx.spawn(async move {
            match client.list_keys().await {
                Ok(list) => {
                    let mut list: Vec<Arc<Key>> = list.list.into_iter().map(Arc::new).collect();
                    list.sort_by(|a, b| Key::list_order(a, b));
                    keys.set(list);
                    load.set(Load::Ready);
                }
                Err(error) => {
                    ctx.report(&error);
                    load.set(Load::Failed(error.user_message()));
                }
            }
        });
    };
    reload();
    // While the list is on its way (the request goes out in this task's microtasks).
    set_timeout(move || ctx.prepare_dates(), std::time::Duration::ZERO);

    let body = Memo::new(move |_| match load.get() {
        Load::Failed(message) => Body::Failed(message),
        Load::Loading if keys.with(Vec::is_empty) => Body::Loading,
        _ if keys.with(Vec::is_empty) => Body::Empty,
        _ => Body::List,
    });
    // A memo: the table, its batches and the count all read it, and filtering runs once per change.
    let visible = Memo::new(move |_| {
        let needle = filter.with(|f| f.trim().to_lowercase());
        keys.with(|keys| {
            keys.iter()
                .filter(|key| matches_filter(key, &needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let shown = Memo::new(move |_| visible.with(Vec::len));

    let on_created = move |key: Arc<Key>| {
        filter.set(String::new());
        keys.update(|keys| {
            let at = keys.partition_point(|k| Key::list_order(k, &key).is_lt());
            keys.insert(at, key.clone());
        });
        load.set(Load::Ready);
        ctx.emit(
            events::CREATED,
            &[
                ("client_id", Some(&key.client_id)),
                ("description", key.description.as_deref()),
            ],
        );
    };
    // When the element that opened a dialog is gone (a deleted row, the empty state's button),
    // the dialog cannot hand focus back: continue from the page's main action instead of <body>.
    let focus_new_key = move || {
        if let Some(button) = new_key_button.get_untracked() {
            let _ = button.focus();
        }
    };
    let refocus_if_lost = move || {
        request_animation_frame(move || {
            let lost = document()
                .active_element()
                .is_none_or(|active| document().body().is_some_and(|body| *body == active));
            if lost {
                focus_new_key();
            }
        });
    };
    let on_deleted = move |key: Arc<Key>| {
        // The row that opened the dialog is going away: continue from the page's main action
        // (the dialog then leaves focus where it is).
        focus_new_key();
        keys.update(|keys| keys.retain(|k| k.client_id != key.client_id));
        deleting.set(None);
        ctx.emit(events::DELETED, &[("client_id", Some(&key.client_id))]);
        ctx.announce(format!(
            "Key {} deleted.",
            key.description.as_deref().unwrap_or(&key.client_id)
        ));
    };
    let open_create = move |_| creating.set(true);

    let heading_id = ctx.id("heading");
    let labelled_by = heading_id.clone();
    let filter_id = ctx.id("filter");
    view! {
        <div class="ak-root" node_ref=ctx.root>
            <section class="ak-page" aria-labelledby=labelled_by>
                <header class="ak-page__header">
                    <div>
                        <h1 class="ak-title" id=heading_id>"Application keys"</h1>
                        <p class="ak-subtitle">
                            "Programs use an application key, a Client ID and a Secret, to get API access tokens. "
                            "Create one key per program, so that you can revoke it on its own."
                        </p>
                    </div>
                    <button type="button" class="ak-btn ak-btn--primary ak-new-key" node_ref=new_key_button
                        disabled=move || ctx.session_ended.get() on:click=open_create>
                        {icons::plus()} "New secret"
                    </button>
                </header>
                <Show when=move || ctx.session_ended.get()>
                    <div class="ak-banner" role="alert">
                        <p>"Your session has ended. Sign in again to see and manage your keys."</p>
                        {on_sign_in_again.map(|sign_in| view! {
                            <button type="button" class="ak-btn ak-btn--primary" on:click=move |_| sign_in.run(())>"Sign in again"</button>
                        })}
                    </div>
                </Show>
                {move || match body.get() {
                    Body::Loading => view! {
                        <div class="ak-state" aria-busy="true" role="status">
                            <span class="ak-spinner" aria-hidden="true"></span>
                            "Loading keys…"
                        </div>
                    }.into_any(),
                    Body::Failed(message) => view! {
                        <div class="ak-state ak-state--error" role="alert">
                            <p><strong>"Could not load your keys."</strong> " " {message}</p>
                            <button type="button" class="ak-btn ak-btn--secondary" on:click=move |_| reload()>"Retry"</button>
                        </div>
                    }.into_any(),
                    Body::Empty => view! {
                        <div class="ak-state ak-state--empty">
                            <span class="ak-state__icon">{icons::key()}</span>
                            <h2 class="ak-state__title">"No application keys yet"</h2>
                            <p>"Create a key for each program that calls the API. You will see its Secret once, right after you create it."</p>
                            <button type="button" class="ak-btn ak-btn--primary" on:click=open_create
                                disabled=move || ctx.session_ended.get()>
                                {icons::plus()} "Create your first key"
                            </button>
                        </div>
                    }.into_any(),
                    Body::List => view! {
                        <div class="ak-toolbar">
                            <label class="ak-filter" for=filter_id.clone()>
                                {icons::search()}
                                <span class="ak-sr-only">"Filter keys"</span>
                                <input id=filter_id.clone() class="ak-input ak-filter__input" type="search"
                                    placeholder="Filter by description or Client ID" autocomplete="off"
                                    prop:value=move || filter.get()
                                    on:input=move |ev| {
                                        row_limit.restart();
                                        filter.set(event_target_value(&ev));
                                    }/>
                            </label>
                            <span class="ak-toolbar__count">
                                {move || {
                                    let total = keys.with(Vec::len);
                                    let shown = shown.get();
                                    let noun = if total == 1 { "key" } else { "keys" };
                                    if shown == total { format!("{total} {noun}") } else { format!("{shown} of {total} {noun}") }
                                }}
                            </span>
                        </div>
                        <KeyTable keys=visible limit=row_limit on_delete=move |key| deleting.set(Some(key))/>
                        <Show when=move || shown.get() == 0>
                            <p class="ak-state ak-state--compact" role="status">
                                {move || format!("No key matches “{}”.", filter.get().trim())}
                            </p>
                        </Show>
                    }.into_any(),
                }}
            </section>
            <div class="ak-sr-only" role="status" aria-live="polite">{move || ctx.announcement.get()}</div>
            <Show when=move || creating.get()>
                <CreateKeyDialog on_close=move || { creating.set(false); refocus_if_lost(); } on_created=on_created/>
            </Show>
            {move || deleting.get().map(|key| view! {
                <DeleteKeyDialog key on_close=move || { deleting.set(None); refocus_if_lost(); } on_deleted=on_deleted/>
            })}
        </div>
    }
}
