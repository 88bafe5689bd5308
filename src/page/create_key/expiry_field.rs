//! "Expires": the lifetimes the backend allows, and a date input for a custom end.

use crate::format::local_date_in;
use crate::i18n::{I18n, Text};
use crate::keys::Lifetime;
use crate::page::context::PageContext;
use leptos::prelude::*;

#[component]
pub fn ExpiryField(
    lifetime: RwSignal<Lifetime>,
    /// The custom date, as the date input writes it.
    date: RwSignal<String>,
    /// The backend's longest lifetime.
    max_days: Option<u32>,
    /// The person changed the lifetime or the date.
    #[prop(into)]
    on_change: Callback<()>,
) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    let i18n = ctx.i18n;
    let [select_id, date_id, hint_id] =
        ["create-expiry", "create-expiry-date", "create-expiry-hint"].map(|name| ctx.id(name));
    let options = Lifetime::choices(max_days)
        .into_iter()
        .map(|choice| view! { <option value=choice.value() selected=move || lifetime.get() == choice>{lifetime_label(&i18n, choice)}</option> })
        .collect_view();
    let hint = match max_days {
        Some(days) => i18n.n(Text::ExpiryHintMax, days as usize, &[]),
        None => i18n.t(Text::ExpiryHint).to_string(),
    };
    // The date input offers tomorrow up to the last day whose end is within the longest lifetime.
    let last_day = max_days.map(|days| local_date_in(days.saturating_sub(1)));
    let date_hint = hint_id.clone();
    view! {
        <div class="ak-field">
            <label class="ak-label" for=select_id.clone()>{i18n.t(Text::ColExpires)}</label>
            <select id=select_id class="ak-input ak-select" aria-describedby=hint_id.clone()
                on:change=move |ev| {
                    lifetime.set(Lifetime::from_value(&event_target_value(&ev)));
                    on_change.run(());
                }>
                {options}
            </select>
            <Show when=move || lifetime.get() == Lifetime::Custom>
                <label class="ak-label" for=date_id.clone()>{i18n.t(Text::ExpiryDate)}</label>
                <input id=date_id.clone() class="ak-input" type="date"
                    min=local_date_in(1) max=last_day.clone() aria-describedby=date_hint.clone()
                    prop:value=move || date.get()
                    on:input=move |ev| {
                        date.set(event_target_value(&ev));
                        on_change.run(());
                    }/>
            </Show>
            <span id=hint_id class="ak-hint">{hint}</span>
        </div>
    }
}

/// "No expiry", "30 days", "1 year", "Custom date".
fn lifetime_label(i18n: &I18n, lifetime: Lifetime) -> String {
    match lifetime {
        Lifetime::Never => i18n.t(Text::LifetimeNever).to_string(),
        Lifetime::Days(365) => i18n.t(Text::LifetimeYear).to_string(),
        Lifetime::Days(days) => i18n.n(Text::LifetimeDays, days as usize, &[]),
        Lifetime::Custom => i18n.t(Text::LifetimeCustom).to_string(),
    }
}
