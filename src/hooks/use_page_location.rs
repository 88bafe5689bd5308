//! Where in the page the person is, kept in the URL so that deep links, Back and reload work.
//! A page mounted by a host keeps it with the History API below the host's `basePath`, or,
//! without one, in memory ([`use_history_location`]). The standalone shell keeps the console's
//! own addresses the same way, below its base path, and gives the page the part below
//! `/application-keys` ([`PageLocation::below`]).

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PageLocation {
    /// The path below the base: "", "/{client_id}", "/activity".
    pub path: Signal<String>,
    visit: Callback<(String, Visit)>,
    /// Where the page lives in the URL, e.g. "/console/application-keys"; `None`: nowhere.
    base: StoredValue<Option<String>>,
}

/// How a move changes the browser's history.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Visit {
    /// A new entry: Back returns here.
    Push,
    /// This entry is rewritten: a redirect, which Back should not return to.
    Replace,
}

impl PageLocation {
    fn new(path: Signal<String>, visit: Callback<(String, Visit)>, base: Option<String>) -> Self {
        PageLocation {
            path,
            visit,
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
        self.visit.run((path, Visit::Push));
    }

    pub fn redirect(&self, path: String) {
        self.visit.run((path, Visit::Replace));
    }

    /// The location below `prefix` ("/application-keys"): its path is what follows the prefix,
    /// and its moves are this location's, prefixed.
    pub fn below(self, prefix: &'static str) -> PageLocation {
        let path = Signal::derive(move || {
            self.path
                .with(|path| path.strip_prefix(prefix).unwrap_or_default().to_string())
        });
        let visit = Callback::new(move |(to, visit): (String, Visit)| {
            self.visit.run((format!("{prefix}{to}"), visit));
        });
        let base = self.base.get_value().map(|base| format!("{base}{prefix}"));
        PageLocation::new(path, visit, base)
    }
}

/// A location kept with the History API below `base` (e.g. "/console"; "" is the site's root),
/// following Back and Forward; without a base, in memory only.
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
    let visit = {
        let base = base.clone();
        Callback::new(move |(to, visit): (String, Visit)| {
            if let Some(base) = &base {
                let url = format!("{base}{to}");
                let _ = window().history().and_then(|history| {
                    let state = &wasm_bindgen::JsValue::NULL;
                    match visit {
                        Visit::Push => history.push_state_with_url(state, "", Some(&url)),
                        Visit::Replace => history.replace_state_with_url(state, "", Some(&url)),
                    }
                });
            }
            path.set(to);
        })
    };
    PageLocation::new(path.into(), visit, base)
}
