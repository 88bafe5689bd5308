//! What every part of one mounted page shares: the API client, the date formatter, the root
//! element (events bubble from it to the host), and page-wide status.

use crate::api::{ApiClient, ApiError, Key, Policy};
use crate::config::PageConfig;
use crate::events;
use crate::format::{exact_utc, LazyDateFormatter};
use crate::i18n::{use_i18n, I18n, Text};
use crate::request::Request;
use chrono::{DateTime, Utc};
use leptos::html::{Button, Div};
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::JsCast;

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
    /// Shown under the heading until dismissed, e.g. what a bulk delete did.
    pub notice: RwSignal<Option<String>>,
    /// What the backend supports; the base contract until it says more.
    pub policy: RwSignal<Policy>,
    /// The viewer's language: the `locale` asked for, else the browser's.
    pub i18n: I18n,
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
            notice: RwSignal::new(None),
            policy: RwSignal::new(Policy::default()),
            i18n: use_i18n(),
            page: NEXT_PAGE.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// A request of this page: its failures are reported to the host.
    pub fn request(&self) -> Request {
        let ctx = *self;
        Request::new(self.client.get_value(), move |failure| {
            ctx.report(&failure);
            ctx.i18n.error(&failure)
        })
    }

    /// Asks the backend what it supports, quietly: a backend with only the base contract
    /// answers 404 and the page stays as it is, and so it does on any other failure (the list's
    /// own request reports those). Sent beside the list's request: the two travel at once.
    pub fn load_policy(&self) {
        let (client, policy) = (self.client.get_value(), self.policy);
        leptos::task::spawn_local(async move {
            if let Ok(answer) = client.policy().await {
                policy.try_set(answer);
            }
        });
    }

    pub fn focus_main_action(&self) {
        if let Some(button) = self.main_action.get_untracked() {
            let _ = button.focus();
        }
    }

    /// Focuses the element `selector` finds in the row of `client_id`: the row was rebuilt while a
    /// dialog was open (its key changed), so the element that opened the dialog is gone.
    pub fn focus_in_row(&self, client_id: &str, selector: &str) {
        let Some(root) = self.root.get_untracked() else {
            return;
        };
        let Ok(rows) = root.query_selector_all("tr[data-client-id]") else {
            return;
        };
        let row = (0..rows.length())
            .filter_map(|i| rows.item(i)?.dyn_into::<web_sys::Element>().ok())
            .find(|row| row.get_attribute("data-client-id").as_deref() == Some(client_id));
        let target = row.and_then(|row| row.query_selector(selector).ok().flatten());
        match target.and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok()) {
            Some(target) => {
                let _ = target.focus();
            }
            None => self.focus_main_action(),
        }
    }

    /// The token endpoint as a program elsewhere calls it: absolute, whatever the API base.
    pub fn token_url(&self) -> String {
        let url = self.client.with_value(|client| client.url("/token"));
        let page = web_sys::window().and_then(|window| window.location().href().ok());
        page.and_then(|page| web_sys::Url::new_with_base(&url, &page).ok())
            .map(|absolute| absolute.href())
            .unwrap_or(url)
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

    /// A message in the page's language.
    pub fn t(&self, text: Text) -> &'static str {
        self.i18n.t(text)
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
                    ("message", Some(&self.i18n.error(error))),
                    ("request_id", error.request_id()),
                ],
            );
        }
    }

    pub fn emit_created(&self, key: &Key) {
        self.emit(events::CREATED, &named(key));
    }

    pub fn emit_updated(&self, key: &Key) {
        self.emit(events::UPDATED, &named(key));
    }

    /// Only the Client ID: the new secret never leaves the dialog.
    pub fn emit_rotated(&self, key: &Key) {
        self.emit(
            events::ROTATED,
            &[("client_id", Some(key.client_id.as_str()))],
        );
    }

    /// With the description too, so that a host can name the key it no longer lists.
    pub fn emit_deleted(&self, key: &Key) {
        self.emit(events::DELETED, &named(key));
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
