//! One key on a page of its own (`…/application-keys/{client_id}`): its fields, where it was last
//! used from, its usage over 30 days and what happened to it; or, for a key that is not in the
//! account's list, that it was deleted or never existed.

use super::event_feed::{EventFeed, EventTable};
use super::expiry_notices::ExpiryNotices;
use super::usage_chart::UsageChart;
use crate::api::Exposure;
use crate::api::Key;
use crate::components::{sentence, Copyable, PageLink, Timestamp};
use crate::hooks::PageLocation;
use crate::i18n::Text;
use crate::keys::{KeyStore, Lookup};
use crate::page::context::PageContext;
use crate::page::key_table::{expiry, last_used, RowActions};
use crate::page::networks::KeyNetworks;
use crate::page::page_view::PageView;
use crate::page::scopes::KeyAccess;
use crate::page::states::{LoadFailed, Loading};
use crate::page::view_heading::ViewHeading;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn KeyDetail(
    client_id: String,
    store: RwSignal<KeyStore>,
    actions: RowActions,
    on_retry: Callback<()>,
    /// Move focus to the heading: the person came here from another view.
    focus: bool,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let lookup = {
        let client_id = client_id.clone();
        Memo::new(move |_| store.with(|store| store.lookup(&client_id)))
    };
    let found = Memo::new(move |_| matches!(lookup.get(), Lookup::Found(_)));
    back_to_the_list_once_deleted(lookup);
    let key = move || match lookup.get() {
        Lookup::Loading => view! { <Loading/> }.into_any(),
        Lookup::Failed(message) => view! { <LoadFailed message on_retry/> }.into_any(),
        Lookup::Gone => view! { <KeyGone focus/> }.into_any(),
        Lookup::Found(key) => view! { <KeyFacts key actions focus/> }.into_any(),
    };
    // Beside the key, not inside it: a change replaces the key, and should neither load these
    // again nor end an edit of the access or the networks.
    let networks = {
        let client_id = client_id.clone();
        move || {
            (found.get() && ctx.policy.with(|policy| policy.has_networks()))
                .then(|| view! { <KeyNetworks client_id=client_id.clone() store/> })
        }
    };
    let access = {
        let client_id = client_id.clone();
        move || {
            (found.get() && ctx.policy.with(|policy| policy.has_scopes()))
                .then(|| view! { <KeyAccess client_id=client_id.clone() store/> })
        }
    };
    let activity = move || {
        (found.get() && ctx.policy.with(|policy| policy.has_activity())).then(|| {
            let feed = EventFeed::new(ctx, Some(client_id.clone()));
            // A change made on this page (rename, rotation, access, networks) is in the log too: the
            // key's new version in the list is the sign to read the log again.
            Effect::new(move |before: Option<Lookup>| {
                let now = lookup.get();
                if before.is_some_and(|before| before != now) {
                    feed.reload();
                }
                now
            });
            let (heading, labelled_by) = (ctx.id("key-activity"), ctx.id("key-activity"));
            view! {
                <UsageChart client_id=client_id.clone()/>
                <section class="ak-key-activity" aria-labelledby=labelled_by>
                    <h2 class="ak-section-title" id=heading>{ctx.t(Text::KeyActivityTitle)}</h2>
                    <EventTable feed/>
                </section>
            }
        })
    };
    view! {
        <nav class="ak-breadcrumb" aria-label=ctx.t(Text::Breadcrumb)>
            <PageLink to=PageView::List.path()>{ctx.t(Text::PageTitle)}</PageLink>
        </nav>
        {key}
        {access}
        {networks}
        {activity}
    }
}

/// Where and when the key's secret was found, and that it was switched off. The address is a
/// link only when it is a web address: it comes from a scanner, not from this page.
#[component]
fn ExposedBanner(exposure: Exposure) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let text = match &exposure.url {
        Some(_) => Text::ExposedBanner,
        None => Text::ExposedBannerNoUrl,
    };
    let (at, url) = (exposure.at, exposure.url.unwrap_or_default());
    let said = sentence(i18n.parts(text), move |slot| {
        match slot {
        "date" => view! { <Timestamp at shown=ctx.local_time(&at)/> }.into_any(),
        _ if url.starts_with("https://") || url.starts_with("http://") => view! {
            <a href=url.clone() rel="noreferrer noopener" target="_blank" translate="no" class="ak-break">{url.clone()}</a>
        }
        .into_any(),
        _ => view! { <span translate="no" class="ak-break">{url.clone()}</span> }.into_any(),
    }
    });
    view! {
        <div class="ak-banner ak-banner--danger ak-exposed-banner" role="alert">
            <p>{said}</p>
        </div>
    }
}

/// A key deleted here (its Delete button) leaves for the list, which says it was deleted; one
/// that was never here shows [`KeyGone`].
fn back_to_the_list_once_deleted(lookup: Memo<Lookup>) {
    let location = expect_context::<PageLocation>();
    let was_here = StoredValue::new(false);
    Effect::new(move |_| match lookup.get() {
        Lookup::Found(_) => was_here.set_value(true),
        Lookup::Gone if was_here.get_value() => location.go(PageView::List.path()),
        _ => {}
    });
}

#[component]
fn KeyGone(focus: bool) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    view! {
        <div class="ak-state ak-key-gone">
            <ViewHeading text=ctx.t(Text::KeyGoneTitle).to_string() focus/>
            <p>{ctx.t(Text::KeyGoneLead)}</p>
            <PageLink to=PageView::List.path() class="ak-btn ak-btn--secondary">{ctx.t(Text::GoToKeys)}</PageLink>
        </div>
    }
}

/// The key's heading with its actions, and its fields.
#[component]
fn KeyFacts(key: Arc<Key>, actions: RowActions, focus: bool) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let recorded = |value: &Option<String>| match value {
        Some(value) => {
            view! { <span class="ak-mono" translate="no">{value.clone()}</span> }.into_any()
        }
        None => view! { <span class="ak-muted">{i18n.t(Text::NotRecorded)}</span> }.into_any(),
    };
    let expires = ctx.policy.with_untracked(|policy| policy.can_expire()).then(|| {
        view! { <div><dt>{i18n.t(Text::ColExpires)}</dt><dd>{expiry(&ctx, key.expires_at, crate::format::now())}</dd></div> }
    });
    // When its owner's systems were told it expires (the server's notices, from the log).
    let notices = (key.expires_at.is_some() && ctx.policy.with_untracked(|p| p.has_activity()))
        .then(|| view! { <ExpiryNotices client_id=key.client_id.clone()/> });
    let rotated = key.rotated_at.map(|at| {
        view! { <div><dt>{i18n.t(Text::FieldRotated)}</dt><dd><Timestamp at shown=ctx.local_time(&at)/></dd></div> }
    });
    let origin = key.last_used_at.is_some().then(|| {
        view! {
            <div><dt>{i18n.t(Text::FieldAddress)}</dt><dd>{recorded(&key.last_used_ip)}</dd></div>
            <div><dt>{i18n.t(Text::FieldClient)}</dt><dd>{recorded(&key.last_used_user_agent)}</dd></div>
        }
    });
    let exposed = key
        .exposed
        .clone()
        .map(|exposure| view! { <ExposedBanner exposure/> });
    let created = key.created_at;
    view! {
        <header class="ak-page__header">
            <div>
                <ViewHeading text=key.name().to_string() focus/>
            </div>
            <KeyActions key=key.clone() actions/>
        </header>
        {exposed}
        <dl class="ak-facts">
            <div><dt>{i18n.t(Text::ColClientId)}</dt><dd><Copyable value=key.client_id.clone() label=i18n.t(Text::CopyClientId) compact=true/></dd></div>
            <div><dt>{i18n.t(Text::ColDescription)}</dt><dd class:ak-muted=key.description.is_none()>{key.label().to_string()}</dd></div>
            <div><dt>{i18n.t(Text::ColCreatedAt)}</dt><dd><Timestamp at=created shown=ctx.local_time(&created)/></dd></div>
            {expires}
            {notices}
            {rotated}
            <div><dt>{i18n.t(Text::ColLastUsed)}</dt><dd>{last_used(&ctx, key.last_used_at)}</dd></div>
            {origin}
        </dl>
    }
}

/// Rename, Rotate and Delete, as the backend offers them, each named after the key. Rotate leads
/// for a secret found in public: it is what to do next.
#[component]
fn KeyActions(key: Arc<Key>, actions: RowActions) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let policy = ctx.policy.get_untracked();
    let button = |text: Text, class: &'static str, action: Callback<Arc<Key>>| {
        let key = key.clone();
        let label = ctx.i18n.f(text, &[("name", key.name())]);
        view! { <button type="button" class=class on:click=move |_| action.run(key.clone())>{label}</button> }
    };
    let rotate_class = match key.exposed {
        Some(_) => "ak-btn ak-btn--primary",
        None => "ak-btn ak-btn--secondary",
    };
    let rename = policy
        .can_rename()
        .then(|| button(Text::RenameKey, "ak-btn ak-btn--secondary", actions.rename));
    let rotate = policy
        .can_rotate()
        .then(|| button(Text::RotateKey, rotate_class, actions.rotate));
    let delete = button(Text::DeleteKey, "ak-btn ak-btn--danger", actions.delete);
    view! { <div class="ak-page__action ak-key-actions">{rename}{rotate}{delete}</div> }
}
