//! Sign-in for the reference server's `/session` (a console shell brings its own).

use super::language::LanguageMenu;
use super::route::KEYS;
use super::SessionState;
use crate::api::{ApiClient, ApiError};
use crate::hooks::PageLocation;
use crate::i18n::{use_i18n, Text};
use crate::request::Request;
use leptos::prelude::*;

#[component]
pub fn SignInPage(
    session: RwSignal<SessionState>,
    client: ApiClient,
    console: PageLocation,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let i18n = use_i18n();
    let request = Request::new(client, move |failure| match failure {
        ApiError::Unauthorized { .. } => i18n.t(Text::WrongPassword).to_string(),
        // Throttled after too many wrong passwords: the server says how long to wait.
        ApiError::Rejected {
            status: 429,
            message: Some(wait),
            ..
        } => i18n.told(Text::ErrTooMany, &wait),
        other => i18n.error(&other),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (name, secret) = (username.get_untracked(), password.get_untracked());
        request.run(
            |client| async move { client.sign_in(name.trim(), &secret).await },
            move |signed_in| {
                if let Ok(signed_in) = signed_in {
                    password.set(String::new());
                    session.set(SessionState::SignedIn(signed_in.username));
                    console.go(KEYS.to_string());
                }
            },
        );
    };

    view! {
        <main class="ak-root ak-signin" lang=i18n.lang().tag()>
            <form class="ak-signin__card" on:submit=submit>
                <div class="ak-signin__head">
                    <h1 class="ak-title">{i18n.t(Text::SignInTitle)}</h1>
                    <LanguageMenu/>
                </div>
                <div class="ak-field">
                    <label class="ak-label" for="ak-username">{i18n.t(Text::Username)}</label>
                    <input id="ak-username" class="ak-input" type="text" autocomplete="username" required autofocus
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="ak-field">
                    <label class="ak-label" for="ak-password">{i18n.t(Text::Password)}</label>
                    <input id="ak-password" class="ak-input" type="password" autocomplete="current-password" required
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <p class="ak-error" role="alert">{move || request.error()}</p>
                <button type="submit" class="ak-btn ak-btn--primary ak-btn--block" aria-disabled=move || request.busy().to_string()>
                    {move || i18n.t(if request.busy() { Text::SigningIn } else { Text::SignIn })}
                </button>
            </form>
        </main>
    }
}
