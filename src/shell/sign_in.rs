//! Sign-in for the reference server's `/session` (a console shell brings its own).

use super::SessionState;
use crate::api::ApiClient;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn SignInPage(session: RwSignal<SessionState>, client: ApiClient) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let client = StoredValue::new_local(client);
    let navigate = use_navigate();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let (name, secret) = (username.get_untracked(), password.get_untracked());
        leptos::task::spawn_local(async move {
            let result = client.get_value().sign_in(name.trim(), &secret).await;
            busy.set(false);
            match result {
                Ok(signed_in) => {
                    password.set(String::new());
                    session.set(SessionState::SignedIn(signed_in.username));
                    navigate("/application-keys", Default::default());
                }
                Err(failure) => error.set(Some(match failure {
                    crate::api::ApiError::Unauthorized { .. } => {
                        "The username or password is not right.".to_string()
                    }
                    other => other.user_message(),
                })),
            }
        });
    };

    view! {
        <main class="ak-root ak-signin">
            <form class="ak-signin__card" on:submit=submit>
                <h1 class="ak-title">"Sign in to the console"</h1>
                <div class="ak-field">
                    <label class="ak-label" for="ak-username">"Username"</label>
                    <input id="ak-username" class="ak-input" type="text" autocomplete="username" required autofocus
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="ak-field">
                    <label class="ak-label" for="ak-password">"Password"</label>
                    <input id="ak-password" class="ak-input" type="password" autocomplete="current-password" required
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <p class="ak-error" role="alert">{move || error.get()}</p>
                <button type="submit" class="ak-btn ak-btn--primary ak-btn--block" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
