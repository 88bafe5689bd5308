//! The page's heading with its main action, and the banner shown once the session has ended.

use super::context::PageContext;
use crate::components::icons;
use leptos::prelude::*;

#[component]
pub fn PageHeader(on_create: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    view! {
        <header class="ak-page__header">
            <div>
                <h1 class="ak-title" id=ctx.id("heading")>"Application keys"</h1>
                <p class="ak-subtitle">
                    "Programs use an application key, a Client ID and a Secret, to get API access tokens. "
                    "Create one key per program, so that you can revoke it on its own."
                </p>
            </div>
            <button type="button" class="ak-btn ak-btn--primary ak-new-key" node_ref=ctx.main_action
                disabled=move || ctx.session_ended.get() on:click=move |_| on_create.run(())>
                {icons::plus()} "New secret"
            </button>
        </header>
    }
}

/// Offers to sign in again when `on_sign_in_again` is given (the standalone shell); an embedding
/// host hears `appkeys:unauthorized` instead.
#[component]
pub fn SessionEnded(on_sign_in_again: Option<Callback<()>>) -> impl IntoView {
    let ctx = expect_context::<PageContext>();
    view! {
        <Show when=move || ctx.session_ended.get()>
            <div class="ak-banner" role="alert">
                <p>"Your session has ended. Sign in again to see and manage your keys."</p>
                {on_sign_in_again.map(|sign_in| view! {
                    <button type="button" class="ak-btn ak-btn--primary" on:click=move |_| sign_in.run(())>"Sign in again"</button>
                })}
            </div>
        </Show>
    }
}
