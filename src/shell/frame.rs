//! The console's frame around a page: the top bar with the account and Sign out, and the side
//! navigation, which a menu button opens on narrow screens.

use super::language::LanguageMenu;
use crate::components::{icons, PageLink};
use crate::i18n::{use_i18n, Text};
use leptos::prelude::*;

/// `username` is `None` while the session check is on its way: the frame and the page inside it
/// are drawn at once, and the account fills in when the answer comes.
#[component]
pub fn ConsoleFrame(
    #[prop(into)] username: Signal<Option<String>>,
    #[prop(into)] on_sign_out: Callback<()>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let menu_open = RwSignal::new(false);
    let initial = move || {
        username.with(|name| {
            // Upper-cased by the stylesheet: Rust's `to_uppercase` would bring Unicode's case
            // table (12 KB raw) into the first module's data.
            let first = name.as_deref().and_then(|name| name.chars().next());
            first.unwrap_or('?').to_string()
        })
    };
    view! {
        <div class="ak-root ak-shell">
            <header class="ak-topbar">
                <span class="ak-topbar__brand">
                    <button type="button" class="ak-btn ak-btn--ghost ak-btn--icon ak-btn--on-dark ak-menu-button"
                        aria-label=i18n.t(Text::Menu) aria-controls="ak-sidenav" aria-expanded=move || menu_open.get().to_string()
                        on:click=move |_| menu_open.update(|open| *open = !*open)>
                        {icons::menu()}
                    </button>
                    {icons::key()} <span class="ak-topbar__brand-name">{i18n.t(Text::ConsoleName)}</span>
                </span>
                <span class="ak-topbar__account">
                    <LanguageMenu on_dark=true/>
                    <span class="ak-sr-only">{i18n.t(Text::SignedInAs)} " "</span>
                    <span class="ak-avatar" aria-hidden="true">{initial}</span>
                    <span class="ak-topbar__username">{move || username.get()}</span>
                    <button type="button" class="ak-btn ak-btn--ghost ak-btn--on-dark" on:click=move |_| on_sign_out.run(())>{i18n.t(Text::SignOut)}</button>
                </span>
            </header>
            <div class="ak-shell__body">
                <nav id="ak-sidenav" class="ak-sidenav" class:ak-sidenav--open=move || menu_open.get() aria-label=i18n.t(Text::NavConsole)
                    on:click=move |_| menu_open.set(false)>
                    <p class="ak-sidenav__group">{i18n.t(Text::NavSecurity)}</p>
                    <PageLink to="" class="ak-sidenav__link" current=true>{i18n.t(Text::PageTitle)}</PageLink>
                </nav>
                <main class="ak-shell__main">{children()}</main>
            </div>
        </div>
    }
}
