//! The log as a table that grows downwards: the first page of a query, "Load older" for the
//! next, each state in its place (loading, empty, failed with Retry).

use super::event_log::{EventLog, LogPhase};
use super::event_text::{actor_name, details, event_name, origin};
use crate::api::{Event, EventQuery};
use crate::components::{PageLink, Timestamp};
use crate::i18n::Text;
use crate::page::context::PageContext;
use crate::page::page_view::PageView;
use crate::page::states::{LoadFailed, Loading};
use leptos::prelude::*;

/// Events per page.
const PAGE: u32 = 50;

/// One query's events as the page holds them, and the two requests that fill it.
#[derive(Clone, Copy)]
pub struct EventFeed {
    pub log: RwSignal<EventLog>,
    query: RwSignal<EventQuery>,
    ctx: PageContext,
    /// The view's owner: requests started by a click (Retry, Load older, the filter) run, and
    /// are dropped, with the view.
    owner: StoredValue<Owner>,
}

impl EventFeed {
    /// The feed of `client_id`'s events (or the account's), loading its first page.
    pub fn new(ctx: PageContext, client_id: Option<String>) -> Self {
        let query = EventQuery {
            client_id,
            limit: PAGE,
            ..EventQuery::default()
        };
        let feed = EventFeed {
            log: RwSignal::new(EventLog::default()),
            query: RwSignal::new(query),
            ctx,
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
        };
        feed.reload();
        feed
    }

    /// Only events of this type (`None`: all), from the newest again.
    pub fn show_only(self, kind: Option<String>) {
        self.query.update(|query| query.kind = kind);
        self.reload();
    }

    pub fn reload(self) {
        self.log.update(EventLog::begin);
        let query = self.query.get_untracked();
        let (asked, current, log) = (query.clone(), self.query, self.log);
        self.request().run(
            move |client| async move { client.events(&query).await },
            move |answer| {
                // The answer for a filter the person has already left is dropped.
                if current.get_untracked() == asked {
                    log.update(|log| log.finish(answer));
                }
            },
        );
    }

    pub fn load_older(self) {
        let Some(before) = self.log.try_update(EventLog::begin_older).flatten() else {
            return;
        };
        let query = EventQuery {
            before: Some(before),
            ..self.query.get_untracked()
        };
        let log = self.log;
        self.request().run(
            move |client| async move { client.events(&query).await },
            move |answer| log.update(|log| log.finish_older(answer)),
        );
    }

    /// A request of the view, whoever asks for it.
    fn request(self) -> crate::request::Request {
        self.owner
            .with_value(|owner| owner.with(|| self.ctx.request()))
    }
}

/// The feed as a table; `show_key` adds the column that names each event's key.
#[component]
pub fn EventTable(feed: EventFeed, #[prop(optional)] show_key: bool) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let phase = Memo::new(move |_| feed.log.with(|log| log.phase().clone()));
    let empty = Memo::new(move |_| feed.log.with(|log| log.events().is_empty()));
    let rows = move || feed.log.with(|log| log.events().to_vec());
    let retry = Callback::new(move |()| feed.reload());
    let table = move || {
        view! {
            <table class="ak-table ak-events">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Text::ColWhen)}</th>
                        <th scope="col">{i18n.t(Text::ColEvent)}</th>
                        {show_key.then(|| view! { <th scope="col">{i18n.t(Text::ColKey)}</th> })}
                        <th scope="col">{i18n.t(Text::ColActor)}</th>
                        <th scope="col">{i18n.t(Text::ColFrom)}</th>
                        <th scope="col">{i18n.t(Text::ColDetails)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=rows key=|event| event.id.clone() let:event>
                        <EventRow event show_key/>
                    </For>
                </tbody>
            </table>
        }
    };
    move || match phase.get() {
        LogPhase::Loading => view! { <Loading text=Text::ActivityLoading/> }.into_any(),
        LogPhase::Failed(message) => {
            view! { <LoadFailed message on_retry=retry title=Text::ActivityFailed/> }.into_any()
        }
        _ if empty.get() => view! {
            <div class="ak-state ak-state--empty"><p>{i18n.t(Text::ActivityEmpty)}</p></div>
        }
        .into_any(),
        phase => view! {
            <div class="ak-table-wrap">{table}</div>
            <OlderEvents feed phase/>
        }
        .into_any(),
    }
}

/// "Load older" below the table while there is more, or why the last try failed.
#[component]
fn OlderEvents(feed: EventFeed, phase: LogPhase) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let has_older = move || feed.log.with(EventLog::has_older);
    let loading = phase == LogPhase::LoadingOlder;
    let failed = match phase {
        LogPhase::OlderFailed(message) => Some(message),
        _ => None,
    };
    view! {
        <Show when=has_older>
            <div class="ak-older">
                {failed.clone().map(|message| view! { <p class="ak-error" role="alert">{message}</p> })}
                <button type="button" class="ak-btn ak-btn--secondary ak-load-older" aria-busy=loading.then_some("true")
                    on:click=move |_| feed.load_older()>
                    {ctx.t(if loading { Text::LoadingOlder } else { Text::LoadOlder })}
                </button>
            </div>
        </Show>
    }
}

#[component]
fn EventRow(event: Event, show_key: bool) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let key = show_key.then(|| {
        let cell = event.client_id.clone().map(|client_id| {
            let to = PageView::Key(client_id.clone()).path();
            view! { <PageLink to><code class="ak-mono">{client_id}</code></PageLink> }
        });
        view! { <td data-label=i18n.t(Text::ColKey)>{cell}</td> }
    });
    let said = details(&i18n, &event, |at| ctx.local_time(at));
    // A sign-in name is the person's own, not a word of the page (nor an unknown kind's name).
    let by_name = !matches!(event.actor.kind.as_str(), "key" | "system");
    view! {
        <tr data-event-type=event.kind.clone()>
            <td data-label=i18n.t(Text::ColWhen)><Timestamp at=event.at shown=ctx.local_time(&event.at)/></td>
            <td data-label=i18n.t(Text::ColEvent)>{event_name(&i18n, &event.kind)}</td>
            {key}
            <td data-label=i18n.t(Text::ColActor) translate=by_name.then_some("no")>{actor_name(&i18n, &event.actor)}</td>
            <td data-label=i18n.t(Text::ColFrom) class="ak-cell-origin" translate="no">{origin(&event)}</td>
            <td data-label=i18n.t(Text::ColDetails)>{said}</td>
        </tr>
    }
}
