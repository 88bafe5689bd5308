//! What every part of one mounted page shares: the API client and the requests made with it, the
//! backend's policy, the language, the date formatter, unique ids, and the page's three concerns
//! of its own: what it tells the host (`HostEvents`), what it shows about itself (`PageStatus`),
//! and where focus continues (`PageFocus`).

use super::host_events::HostEvents;
use super::page_focus::PageFocus;
use super::page_status::PageStatus;
use crate::api::{ApiClient, ApiError, Policy};
use crate::config::PageConfig;
use crate::format::{exact_utc, LazyDateFormatter};
use crate::i18n::{use_i18n, I18n, Text};
use crate::request::Request;
use chrono::{DateTime, Utc};
use leptos::html::Div;
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};

/// Makes element ids unique when a host mounts the page more than once.
static NEXT_PAGE: AtomicU32 = AtomicU32::new(1);

#[derive(Clone, Copy)]
pub struct PageContext {
    /// Also for requests nobody waits for and nobody is told about (`load_policy`, "Add my
    /// address").
    pub(crate) client: StoredValue<ApiClient, LocalStorage>,
    /// Built on first use or by `prepare_dates`.
    dates: StoredValue<LazyDateFormatter, LocalStorage>,
    /// The page's root element: the host's events bubble from it.
    pub root: NodeRef<Div>,
    /// What the backend supports; the base contract until it says more.
    pub policy: RwSignal<Policy>,
    /// The viewer's language: the `locale` asked for, else the browser's.
    pub i18n: I18n,
    pub host: HostEvents,
    pub status: PageStatus,
    pub focus: PageFocus,
    page: u32,
}

impl PageContext {
    pub fn new(config: &PageConfig) -> Self {
        let root = NodeRef::new();
        PageContext {
            client: StoredValue::new_local(config.client()),
            dates: StoredValue::new_local(LazyDateFormatter::new(
                config.locale.clone(),
                config.time_zone.clone(),
            )),
            root,
            policy: RwSignal::new(Policy::default()),
            i18n: use_i18n(),
            host: HostEvents::new(root),
            status: PageStatus::default(),
            focus: PageFocus::new(root),
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

    /// Tells the host what went wrong; a 401 also ends the session in the page.
    pub fn report(&self, error: &ApiError) {
        if matches!(error, ApiError::Unauthorized { .. }) {
            self.status.session_ended.set(true);
            self.host.unauthorized();
        } else {
            self.host.error(error, &self.i18n.error(error));
        }
    }
}
