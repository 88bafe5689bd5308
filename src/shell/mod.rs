//! The standalone console shell around the page: top bar with the account and Sign out,
//! left navigation, the sign-in page, and the routes. Embedded use skips all of this.

mod frame;
mod language;
mod route;
mod sign_in;

use crate::api::{ApiClient, ApiError};
use crate::components::InLanguage;
use crate::components::PageLink;
use crate::config::PageConfig;
use crate::hooks::{use_history_location, PageLocation};
use crate::i18n::{use_i18n, Lang, Text};
use crate::lazy::lazy_view;
use crate::page::{lazy_section, ApplicationKeysPage};
use frame::ConsoleFrame;
use leptos::prelude::*;
use route::{ShellRoute, KEYS, SIGN_IN};
use sign_in::SignInPage;

/// Who is signed in, as far as the shell knows.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionState {
    Checking,
    SignedIn(String),
    SignedOut,
}

/// Settings read from `<meta name="appkeys:…">` in index.html, so one build serves any path.
#[derive(Clone)]
pub struct ShellConfig {
    pub page: PageConfig,
    /// Where the app's routes live, e.g. "/" or "/console".
    pub base_path: String,
}

impl ShellConfig {
    pub fn from_document() -> Self {
        let meta = |name: &str| {
            document()
                .query_selector(&format!("meta[name='appkeys:{name}']"))
                .ok()
                .flatten()
                .and_then(|m| m.get_attribute("content"))
                .filter(|c| !c.trim().is_empty())
        };
        let mut page = PageConfig::default();
        if let Some(api_base) = meta("api-base") {
            page.api_base = api_base;
        }
        if let Some(translations) = meta("translations") {
            page.translations_url = translations;
        }
        // The language picked in the menu; else the page follows the browser's.
        page.locale = language::picked_locale();
        ShellConfig {
            page,
            base_path: meta("base-path").unwrap_or_else(|| "/".to_string()),
        }
    }
}

/// The console, in the viewer's language.
#[component]
pub fn StandaloneApp(config: ShellConfig) -> impl IntoView {
    let lang = Lang::wanted(config.page.locale.as_deref());
    let url = config.page.translations_url.clone();
    let config = StoredValue::new_local(config);
    view! {
        <InLanguage lang url>
            <Console config=config.get_value()/>
        </InLanguage>
    }
}

#[component]
fn Console(config: ShellConfig) -> impl IntoView {
    let i18n = use_i18n();
    let title = format!(
        "{} · {}",
        i18n.t(Text::PageTitle),
        i18n.t(Text::ConsoleName)
    );
    language::label_document(&title, i18n.lang());
    let session = RwSignal::new(SessionState::Checking);
    let client = StoredValue::new_local(config.page.client());
    let page_config = StoredValue::new_local(config.page);
    leptos::task::spawn_local(async move {
        let state = match client.get_value().session().await {
            Ok(current) => SessionState::SignedIn(current.username),
            Err(_) => SessionState::SignedOut,
        };
        // A sign-in that finished first is newer than this answer.
        session.update(|current| {
            if *current == SessionState::Checking {
                *current = state;
            }
        });
    });

    // The console's address below its base path; links inside the shell (not the page's) go
    // through it.
    let console = use_history_location(Some(config.base_path));
    provide_context(console);
    let route = Memo::new(move |_| console.path.with(|path| ShellRoute::parse(path)));
    move || match route.get() {
        ShellRoute::Start => redirect(console, KEYS),
        ShellRoute::SignIn => {
            let load = move || Box::pin(sign_in_page(session, client.get_value(), console)) as _;
            view! { <div class="ak-root">{lazy_section(Box::new(load))}</div> }.into_any()
        }
        ShellRoute::Keys => view! { <KeysRoute session client page_config console/> }.into_any(),
        ShellRoute::NotFound => view! {
            <main class="ak-root ak-not-found">
                <h1 class="ak-title">{i18n.t(Text::NotFound)}</h1>
                <PageLink to=KEYS>{i18n.t(Text::GoToKeys)}</PageLink>
            </main>
        }
        .into_any(),
    }
}

lazy_view! {
    /// Its own chunk: a signed-in visitor, who goes straight to the keys, never loads it.
    fn sign_in_page(session: RwSignal<SessionState>, client: ApiClient, console: PageLocation)
        preload preload_sign_in {
        view! { <SignInPage session client console/> }
    }
}

/// Moves to `to` once drawn, in place of this address in the history (Back does not return to
/// an address that only sends the person on).
fn redirect(console: PageLocation, to: &'static str) -> AnyView {
    Effect::new(move |_| console.redirect(to.to_string()));
    ().into_any()
}

/// The keys page inside the console frame. The page's views (a key's details, the activity)
/// are addresses below `/application-keys`, so moving between them keeps the page, and the
/// console's history is the page's.
#[component]
fn KeysRoute(
    session: RwSignal<SessionState>,
    client: StoredValue<crate::api::ApiClient, LocalStorage>,
    page_config: StoredValue<PageConfig, LocalStorage>,
    console: PageLocation,
) -> impl IntoView {
    provide_context(console.below(KEYS));
    let to_sign_in = move || {
        session.set(SessionState::SignedOut);
        console.go(SIGN_IN.to_string());
    };
    let sign_out = move || {
        // The sign-in page's chunk comes while the server ends the session.
        leptos::task::spawn_local(async {
            let _ = preload_sign_in().await;
        });
        leptos::task::spawn_local(async move {
            // Signed out locally even if the server is unreachable; the cookie is HttpOnly.
            let _: Result<(), ApiError> = client.get_value().sign_out().await;
            to_sign_in();
        });
    };
    // Drawn while the session check is on its way (its answer is usually there, preloaded with
    // the HTML): the page asks for its list at once, and the frame fills in the account. A
    // signed-out answer replaces both with the sign-in page.
    let signed_out = move || session.with(|state| *state == SessionState::SignedOut);
    let username = Signal::derive(move || match session.get() {
        SessionState::SignedIn(name) => Some(name),
        _ => None,
    });
    let sign_in_again = Callback::new(move |()| to_sign_in());
    view! {
        <Show when=move || !signed_out() fallback=move || redirect(console, SIGN_IN)>
            <ConsoleFrame username on_sign_out=sign_out>
                <ApplicationKeysPage config=page_config.get_value() on_sign_in_again=sign_in_again/>
            </ConsoleFrame>
        </Show>
    }
}
