//! What the whole page shows about itself, apart from the keys: whether the session has ended,
//! what the live region reads out, and the notice under the heading.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct PageStatus {
    /// Set by the first 401: the page stops acting and offers to sign in again.
    pub session_ended: RwSignal<bool>,
    /// Read out by the page's polite live region.
    pub announcement: RwSignal<String>,
    /// Shown under the heading until dismissed, e.g. what a bulk delete did.
    pub notice: RwSignal<Option<String>>,
}

impl Default for PageStatus {
    fn default() -> Self {
        Self {
            session_ended: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            notice: RwSignal::new(None),
        }
    }
}

impl PageStatus {
    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }
}
