//! What every part of one mounted page shares: the API client, the date formatter, the root
//! element (events bubble from it to the host), and page-wide status.

use crate::api::{ApiClient, ApiError, Key};
use crate::config::PageConfig;
use crate::events;
use crate::format::{exact_utc, LazyDateFormatter};
use crate::request::Request;
use chrono::{DateTime, Utc};
use leptos::html::{Button, Div};
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// Makes element ids unique when a host mounts the page more than once.
static NEXT_PAGE: AtomicU32 = AtomicU32::new(1);

#[derive(Clone, Copy)]
pub struct PageContext {
    client: StoredValue<ApiClient, LocalStorage>,
    /// Built on first use or by `prepare_dates`.
    dates: StoredValue<LazyDateFormatter, LocalStorage>,
    pub root: NodeRef<Div>,
    /// "New secret": where focus continues when what had it is gone.
    pub main_action: NodeRef<Button>,
    /// Set by the first 401: the page stops acting and offers to sign in again.
    pub session_ended: RwSignal<bool>,
    /// Read out by the page's polite live region.
    pub announcement: RwSignal<String>,
    page: u32,
}

impl PageContext {
    pub fn new(config: &PageConfig) -> Self {
        PageContext {
            client: StoredValue::new_local(config.client()),
            dates: StoredValue::new_local(LazyDateFormatter::new(
                config.locale.clone(),
                config.time_zone.clone(),
            )),
            root: NodeRef::new(),
            main_action: NodeRef::new(),
            session_ended: RwSignal::new(false),
            announcement: RwSignal::new(String::new()),
            page: NEXT_PAGE.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// A request of this page: its failures are reported to the host.
    pub fn request(&self) -> Request {
        let ctx = *self;
        Request::new(self.client.get_value(), move |failure| {
            ctx.report(&failure);
            failure.user_message()
        })
    }

    pub fn focus_main_action(&self) {
        if let Some(button) = self.main_action.get_untracked() {
            let _ = button.focus();
        }
    }

    /// An element id unique to this page instance.
    pub fn id(&self, name: &str) -> String {
        format!("ak{}-{name}", self.page)
    }

    pub fn local_time(&self, at: &DateTime<Utc>) -> String {
        self.dates
            .try_with_value(|dates| dates.get().local(at))
            .unwrap_or_else(|| exact_utc(at))
    }

    /// Builds the date formatter now, if it is not built yet (and the page is still mounted).
    pub fn prepare_dates(&self) {
        self.dates.try_with_value(|dates| {
            dates.get();
        });
    }

    pub fn announce(&self, text: impl Into<String>) {
        self.announcement.set(text.into());
    }

    /// Tells the host what went wrong; a 401 also ends the session in the page.
    pub fn report(&self, error: &ApiError) {
        if matches!(error, ApiError::Unauthorized { .. }) {
            self.session_ended.set(true);
            self.emit(events::UNAUTHORIZED, &[]);
        } else {
            let code = error.code().map(|c| c.to_string());
            self.emit(
                events::ERROR,
                &[
                    ("code", code.as_deref()),
                    ("message", Some(&error.user_message())),
                    ("request_id", error.request_id()),
                ],
            );
        }
    }

    pub fn emit_created(&self, key: &Key) {
        self.emit_key(events::CREATED, key);
    }

    /// With the description too, so that a host can name the key it no longer lists.
    pub fn emit_deleted(&self, key: &Key) {
        self.emit_key(events::DELETED, key);
    }

    fn emit_key(&self, name: &str, key: &Key) {
        let detail = [
            ("client_id", Some(key.client_id.as_str())),
            ("description", key.description.as_deref()),
        ];
        self.emit(name, &detail);
    }

    fn emit(&self, name: &str, detail: &[(&str, Option<&str>)]) {
        if let Some(root) = self.root.get_untracked() {
            events::dispatch(&root, name, detail);
        }
    }
}
