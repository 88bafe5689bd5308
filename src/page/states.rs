//! What the page shows instead of the table: loading, a failed load, an account without keys.

use super::context::PageContext;
use crate::components::icons;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="ak-state" aria-busy="true" role="status">
            <span class="ak-spinner" aria-hidden="true"></span>
            "Loading keys…"
        </div>
    }
}

#[component]
pub fn LoadFailed(message: String, on_retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="ak-state ak-state--error" role="alert">
            <p><strong>"Could not load your keys."</strong> " " {message}</p>
            <button type="button" class="ak-btn ak-btn--secondary" on:click=move |_| on_retry.run(())>"Retry"</button>
        </div>
    }
}

#[component]
pub fn EmptyState(on_create: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    view! {
        <div class="ak-state ak-state--empty">
            <span class="ak-state__icon">{icons::key()}</span>
            <h2 class="ak-state__title">"No application keys yet"</h2>
            <p>"Create a key for each program that calls the API. You will see its Secret once, right after you create it."</p>
            <button type="button" class="ak-btn ak-btn--primary" on:click=move |_| on_create.run(())
                disabled=move || ctx.session_ended.get()>
                {icons::plus()} "Create your first key"
            </button>
        </div>
    }
}
