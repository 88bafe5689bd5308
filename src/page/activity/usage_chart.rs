//! A key's token requests over 30 days: bars per day stacked by outcome, drawn as SVG by the
//! page itself (a chart library would cost more than it draws), with the same numbers as a table.

use super::usage_bars::{bars, total, Outcome};
use crate::api::Usage;
use crate::format::DayFormat;
use crate::i18n::{I18n, Text};
use crate::page::context::PageContext;
use crate::page::states::{LoadFailed, Loading};
use leptos::prelude::*;

const DAYS: u32 = 30;
/// Chart units: each day is a slot `SLOT` wide, its bar `BAR` of it, centred; the chart `HEIGHT`
/// tall.
const SLOT: u64 = 10;
const BAR: u64 = 7;
const HEIGHT: u64 = 100;

fn outcome_text(outcome: Outcome) -> Text {
    match outcome {
        Outcome::Issued => Text::OutcomeIssued,
        Outcome::RefusedSecret => Text::OutcomeRefusedSecret,
        Outcome::RefusedExpired => Text::OutcomeRefusedExpired,
        Outcome::RefusedNetwork => Text::OutcomeRefusedNetwork,
        Outcome::RateLimited => Text::OutcomeRateLimited,
    }
}

#[component]
pub fn UsageChart(client_id: String) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let usage = RwSignal::new(None::<Result<Usage, String>>);
    let request = ctx.request();
    let load = move || {
        usage.set(None);
        let client_id = client_id.clone();
        request.run(
            move |client| async move { client.usage(&client_id, DAYS).await },
            move |answer| usage.set(Some(answer)),
        );
    };
    load();
    let retry = Callback::new(move |()| load());
    let (heading, labelled_by) = (ctx.id("usage-heading"), ctx.id("usage-heading"));
    view! {
        <section class="ak-usage" aria-labelledby=labelled_by>
            <h2 class="ak-section-title" id=heading>{ctx.t(Text::UsageTitle)}</h2>
            {move || match usage.get() {
                None => view! { <Loading text=Text::Opening/> }.into_any(),
                Some(Err(message)) => view! { <LoadFailed message on_retry=retry title=Text::UsageFailed/> }.into_any(),
                Some(Ok(usage)) => view! { <Chart usage/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Chart(usage: Usage) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let sum: u64 = usage.days.iter().map(total).sum();
    if sum == 0 {
        return view! { <p class="ak-muted ak-usage-empty">{i18n.t(Text::UsageEmpty)}</p> }
            .into_any();
    }
    let days = DayFormat::new(i18n.lang().tag());
    let width = SLOT * usage.days.len() as u64;
    let drawn = bars(&usage.days, HEIGHT)
        .into_iter()
        .enumerate()
        .flat_map(|(at, segments)| {
            // Rounded down to whole units: a bar 1.5 units from its slot's edge stands at 1.
            let x = at as u64 * SLOT + (SLOT - BAR) / 2;
            segments.into_iter().map(move |s| {
                view! { <rect class=s.outcome.class() x=x y=s.y width=BAR height=s.height/> }
            })
        })
        .collect_view();
    let first = usage
        .days
        .first()
        .map(|d| days.day(&d.date))
        .unwrap_or_default();
    let last = usage
        .days
        .last()
        .map(|d| days.day(&d.date))
        .unwrap_or_default();
    view! {
        <p class="ak-usage-total">{i18n.n(Text::UsageTotal, sum as usize, &[])}</p>
        <figure class="ak-chart">
            <svg viewBox=format!("0 0 {width} {HEIGHT}") preserveAspectRatio="none" aria-hidden="true" focusable="false">
                {drawn}
            </svg>
            <div class="ak-chart__axis" aria-hidden="true"><span>{first}</span><span>{last}</span></div>
            <ul class="ak-chart__legend" aria-hidden="true">
                {offered().into_iter().map(|o| view! { <li><span class=format!("ak-swatch {}", o.class())></span>{i18n.t(outcome_text(o))}</li> }).collect_view()}
            </ul>
        </figure>
        <details class="ak-usage-table">
            <summary>{i18n.t(Text::UsageTable)}</summary>
            <UsageTable usage days/>
        </details>
    }
    .into_any()
}

/// The outcomes this page's backend can give, in the chart's order.
fn offered() -> Vec<Outcome> {
    expect_context::<PageContext>()
        .policy
        .with_untracked(Outcome::offered)
}

/// The chart's numbers, a row per day: what a screen reader reads, and anyone who wants figures.
#[component]
fn UsageTable(usage: Usage, days: DayFormat) -> impl IntoView {
    let i18n: I18n = expect_context::<PageContext>().i18n;
    let outcomes = offered();
    let rows = usage
        .days
        .iter()
        .map(|day| {
            let cells = outcomes.iter().map(|o| view! { <td class="ak-num">{i18n.number(o.count(day) as usize)}</td> });
            view! { <tr><th scope="row"><time datetime=day.date.clone()>{days.day(&day.date)}</time></th>{cells.collect_view()}</tr> }
        })
        .collect_view();
    view! {
        <table class="ak-usage-grid">
            <caption class="ak-sr-only">{i18n.t(Text::UsageTitle)}</caption>
            <thead>
                <tr>
                    <th scope="col">{i18n.t(Text::UsageDay)}</th>
                    {outcomes.iter().map(|o| view! { <th scope="col" class="ak-num">{i18n.t(outcome_text(*o))}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
