//! appkeys: the "Application keys" page of the console.
//!
//! - [`page::ApplicationKeysPage`]: the page itself, for any host (standalone shell, a Rust
//!   console shell, or the JS mount API).
//! - [`shell`]: the standalone console frame with sign-in, used by `index.html`.
//! - [`api`]: the REST contract's client (api/openapi.yaml).

pub mod api;
pub mod components;
pub mod config;
#[cfg(target_arch = "wasm32")]
pub mod embed;
pub mod events;
pub mod format;
pub mod page;
pub mod shell;

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
        start_standalone();
    }
}

/// Starts the standalone app in `<body>`.
pub fn start_standalone() {
    console_error_panic_hook_lite();
    let config = shell::ShellConfig::from_document();
    leptos::mount::mount_to_body(move || leptos::view! { <shell::StandaloneApp config/> });
}

/// Panics reach the browser console instead of an opaque "unreachable" trap.
fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
