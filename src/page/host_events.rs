//! What the page tells the page around it: DOM events that bubble from the page's root
//! (`events.rs` names them). None carries a secret.

use crate::api::{ApiError, Key};
use crate::events;
use leptos::html::Div;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct HostEvents {
    root: NodeRef<Div>,
    /// The keys `appkeys:exposed` was dispatched for: once each per page.
    told_exposed: StoredValue<Vec<String>>,
}

impl HostEvents {
    pub fn new(root: NodeRef<Div>) -> Self {
        Self {
            root,
            told_exposed: StoredValue::new(Vec::new()),
        }
    }

    pub fn created(&self, key: &Key) {
        self.emit(events::CREATED, &named(key));
    }

    pub fn updated(&self, key: &Key) {
        self.emit(events::UPDATED, &named(key));
    }

    /// Only the Client ID: the new secret never leaves the dialog.
    pub fn rotated(&self, key: &Key) {
        self.emit(
            events::ROTATED,
            &[("client_id", Some(key.client_id.as_str()))],
        );
    }

    /// With the description too, so that a host can name the key it no longer lists.
    pub fn deleted(&self, key: &Key) {
        self.emit(events::DELETED, &named(key));
    }

    /// A key whose secret was found in public, the first time the page sees it so.
    pub fn exposed(&self, key: &Key) {
        let first = self.told_exposed.try_update_value(|told| {
            let new = !told.contains(&key.client_id);
            if new {
                told.push(key.client_id.clone());
            }
            new
        });
        if first == Some(true) {
            self.emit(events::EXPOSED, &named(key));
        }
    }

    pub fn unauthorized(&self) {
        self.emit(events::UNAUTHORIZED, &[]);
    }

    /// A failure, with the sentence the page shows for it.
    pub fn error(&self, error: &ApiError, message: &str) {
        let code = error.code().map(|c| c.to_string());
        self.emit(
            events::ERROR,
            &[
                ("code", code.as_deref()),
                ("message", Some(message)),
                ("request_id", error.request_id()),
            ],
        );
    }

    fn emit(&self, name: &str, detail: &[(&str, Option<&str>)]) {
        if let Some(root) = self.root.get_untracked() {
            events::dispatch(&root, name, detail);
        }
    }
}

/// A key as events name it: its Client ID and description, never its secret.
fn named(key: &Key) -> [(&'static str, Option<&str>); 2] {
    [
        ("client_id", Some(key.client_id.as_str())),
        ("description", key.description.as_deref()),
    ]
}
