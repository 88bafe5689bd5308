//! The account's activity (`…/application-keys/activity`): every event, newest first, a filter
//! by type, and the events shown as a CSV file.

use super::csv::csv;
use super::event_feed::{EventFeed, EventTable};
use super::event_text::{details, EVENT_TYPES};
use crate::api::Event;
use crate::components::PageLink;
use crate::hooks::download_text;
use crate::i18n::{I18n, Text};
use crate::page::context::PageContext;
use crate::page::page_view::PageView;
use crate::page::view_heading::ViewHeading;
use chrono::SecondsFormat;
use leptos::prelude::*;

#[component]
pub fn AccountActivity(focus: bool) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let feed = EventFeed::new(ctx, None);
    let filter_id = ctx.id("event-filter");
    let pick = move |event: leptos::ev::Event| {
        let kind = event_target_value(&event);
        feed.show_only((!kind.is_empty()).then_some(kind));
    };
    let export = move |_| {
        let file = format!("appkeys-activity-{}.csv", crate::format::now().date_naive());
        let rows = feed
            .log
            .with_untracked(|log| export_rows(&i18n, log.events()));
        if download_text(&file, &csv(&rows), "text/csv;charset=utf-8") {
            ctx.status
                .announce(i18n.f(Text::Exported, &[("file", &file)]));
        }
    };
    let nothing_to_export = move || feed.log.with(|log| log.events().is_empty());
    view! {
        <nav class="ak-breadcrumb" aria-label=i18n.t(Text::Breadcrumb)>
            <PageLink to=PageView::List.path()>{i18n.t(Text::PageTitle)}</PageLink>
        </nav>
        <header class="ak-page__header">
            <div>
                <ViewHeading text=i18n.t(Text::ActivityTitle).to_string() focus/>
                <p class="ak-subtitle">{i18n.t(Text::ActivityLead)}</p>
            </div>
        </header>
        <div class="ak-toolbar ak-activity-toolbar">
            <label class="ak-field-inline" for=filter_id.clone()>{i18n.t(Text::EventFilter)}</label>
            <select id=filter_id class="ak-input ak-select" on:change=pick>
                <option value="">{i18n.t(Text::AllEvents)}</option>
                {EVENT_TYPES.map(|(kind, text)| view! { <option value=kind>{i18n.t(text)}</option> }).collect_view()}
            </select>
            <button type="button" class="ak-btn ak-btn--secondary ak-export" on:click=export disabled=nothing_to_export>
                {i18n.t(Text::ExportCsv)}
            </button>
        </div>
        <EventTable feed show_key=true/>
    }
}

/// The header and one record per event shown: machine-readable where it can be (the UTC time,
/// the type, the Client ID), the details as the page words them, their times in UTC.
fn export_rows(i18n: &I18n, events: &[Event]) -> Vec<Vec<String>> {
    let header = [
        "at",
        "type",
        "client_id",
        "actor",
        "ip",
        "user_agent",
        "details",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    rows.extend(events.iter().map(|event| {
        let actor = match (&event.actor.name, &event.actor.client_id) {
            (Some(name), _) => format!("{}:{name}", event.actor.kind),
            (None, Some(client_id)) => format!("{}:{client_id}", event.actor.kind),
            (None, None) => event.actor.kind.clone(),
        };
        vec![
            event.at.to_rfc3339_opts(SecondsFormat::Micros, true),
            event.kind.clone(),
            event.client_id.clone().unwrap_or_default(),
            actor,
            event.ip.clone().unwrap_or_default(),
            event.user_agent.clone().unwrap_or_default(),
            details(i18n, event, |at| {
                at.to_rfc3339_opts(SecondsFormat::Secs, true)
            }),
        ]
    }));
    rows
}
