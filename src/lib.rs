//! appkeys: the "Application keys" page of the console.
//!
//! - [`ApplicationKeysPage`] with its [`PageConfig`]: the page itself, for any host (the
//!   standalone shell, a Rust console shell, or the JavaScript mount API).
//! - [`api`]: the REST contract's types and the transport a host (or a test) can replace.
//! - [`events`]: the names of the events the page dispatches to its host.
//! - [`start`]: the bundle's entry point.

pub mod api;
mod components;
mod config;
#[cfg(target_arch = "wasm32")]
mod embed;
pub mod events;
mod format;
mod hooks;
mod i18n;
mod keys;
mod lazy;
mod page;
mod request;
mod shell;
mod text;

pub use config::PageConfig;
pub use page::ApplicationKeysPage;

/// The bundle's entry point (src/main.rs). One bundle serves both uses: the standalone
/// index.html carries `<meta name="appkeys:standalone">` and starts the console shell; a host
/// page that loads the same module only gets the `mount` API.
pub fn start() {
    let standalone = leptos::prelude::document()
        .query_selector("meta[name='appkeys:standalone']")
        .ok()
        .flatten()
        .is_some();
    if standalone {
        // In a dev build, a panic reaches the browser console with its message. The release
        // bundle makes a panic an immediate trap instead (xtask/src/bundle.rs's SIZE_FLAGS).
        std::panic::set_hook(Box::new(|info| {
            web_sys::console::error_1(&info.to_string().into());
        }));
        let config = shell::ShellConfig::from_document();
        leptos::mount::mount_to_body(move || leptos::view! { <shell::StandaloneApp config/> });
    }
}
