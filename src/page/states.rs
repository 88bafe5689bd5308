//! What the page shows instead of the table: loading, a failed load, an account without keys.

use super::context::PageContext;
use crate::components::icons;
use crate::i18n::{use_i18n, Text};
use leptos::prelude::*;

#[component]
pub fn Loading(
    /// What is loading; the keys unless said.
    #[prop(optional)]
    text: Option<Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="ak-state" aria-busy="true" role="status">
            <span class="ak-spinner" aria-hidden="true"></span>
            {i18n.t(text.unwrap_or(Text::Loading))}
        </div>
    }
}

#[component]
pub fn LoadFailed(
    message: String,
    on_retry: Callback<()>,
    /// What failed; the keys' load unless said.
    #[prop(optional)]
    title: Option<Text>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="ak-state ak-state--error" role="alert">
            <p><strong>{i18n.t(title.unwrap_or(Text::LoadFailed))}</strong> " " {message}</p>
            <button type="button" class="ak-btn ak-btn--secondary" on:click=move |_| on_retry.run(())>{i18n.t(Text::Retry)}</button>
        </div>
    }
}

#[component]
pub fn EmptyState(on_create: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    view! {
        <div class="ak-state ak-state--empty">
            <span class="ak-state__icon">{icons::key()}</span>
            <h2 class="ak-state__title">{ctx.t(Text::EmptyTitle)}</h2>
            <p>{ctx.t(Text::EmptyLead)}</p>
            <button type="button" class="ak-btn ak-btn--primary" on:click=move |_| on_create.run(())
                disabled=move || ctx.status.session_ended.get()>
                {icons::plus()} {ctx.t(Text::CreateFirstKey)}
            </button>
        </div>
    }
}
