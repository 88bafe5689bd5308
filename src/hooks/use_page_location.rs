//! Where in the page the person is, kept in the URL so that deep links, Back and reload work.
//! The standalone shell gives the page its router's location ([`PageLocation::new`]); a page
//! mounted by a host keeps it with the History API below the host's `basePath`, or, without
//! one, in memory ([`use_history_location`]).

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PageLocation {
    /// The path below the page's base: "", "/{client_id}", "/activity".
    pub path: Signal<String>,
    go: Callback<String>,
    /// Where the page lives in the URL, e.g. "/console/application-keys"; `None`: nowhere.
    base: StoredValue<Option<String>>,
}

impl PageLocation {
    pub fn new(path: Signal<String>, go: Callback<String>, base: Option<String>) -> Self {
        PageLocation {
            path,
            go,
            base: StoredValue::new(base.map(|base| base.trim_end_matches('/').to_string())),
        }
    }

    /// The link's address: a real URL under the base, else an in-page anchor.
    pub fn href(&self, path: &str) -> String {
        match self.base.get_value() {
            Some(base) => format!("{base}{path}"),
            None => format!("#{}", path.trim_start_matches('/')),
        }
    }

    pub fn go(&self, path: String) {
        self.go.run(path);
    }
}

/// The location of a page mounted by a host: the History API below `base`, or memory.
pub fn use_history_location(base: Option<String>) -> PageLocation {
    let base = base.map(|base| base.trim_end_matches('/').to_string());
    let read = {
        let base = base.clone();
        move || {
            let pathname = window().location().pathname().unwrap_or_default();
            base.as_deref()
                .and_then(|base| pathname.strip_prefix(base))
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
                .unwrap_or_default()
                .to_string()
        }
    };
    let path = RwSignal::new(if base.is_some() {
        read()
    } else {
        String::new()
    });
    if base.is_some() {
        let handle = window_event_listener(leptos::ev::popstate, move |_| path.set(read()));
        on_cleanup(move || handle.remove());
    }
    let go = {
        let base = base.clone();
        Callback::new(move |to: String| {
            if let Some(base) = &base {
                let url = format!("{base}{to}");
                let _ = window().history().and_then(|history| {
                    history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
                });
            }
            path.set(to);
        })
    };
    PageLocation::new(path.into(), go, base)
}
