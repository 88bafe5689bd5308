//! What a host decides about the page: where the API is, how to authenticate, how to show time.

use crate::api::{ApiClient, FetchTransport, TokenSource, Transport, WithEarlyAnswers};
use std::rc::Rc;

pub const DEFAULT_API_BASE: &str = "/api/1.0";
/// Beside the document, as the standalone build serves it.
pub const DEFAULT_TRANSLATIONS_URL: &str = "i18n/";

/// Configuration of one mounted page.
#[derive(Clone)]
pub struct PageConfig {
    /// The API's base URL, e.g. "/api/1.0" or "https://api.example.com/api/1.0".
    pub api_base: String,
    /// Send cookies to a cross-origin API ("include") or only to the same origin.
    pub include_credentials: bool,
    /// For shells that hold bearer tokens themselves.
    pub token: Option<TokenSource>,
    /// BCP 47 locale: the page's language (English where not translated), dates and numbers;
    /// the browser's when `None`.
    pub locale: Option<String>,
    /// The folder the translations are served from (the build's i18n/, e.g. "/i18n/"): the page
    /// fetches `<tag>.json` there when it shows a language other than English.
    pub translations_url: String,
    /// IANA time zone for dates; the browser's when `None`.
    pub time_zone: Option<String>,
    /// Where the page lives in the URL (e.g. "/console/application-keys"): a key's details are at
    /// `{base_path}/{client_id}`, the activity at `{base_path}/activity`, so that links, Back and
    /// reload work. `None`: the page changes views without changing the URL.
    pub base_path: Option<String>,
    /// The transport; `None` means `fetch`. Tests put a fake here.
    pub transport: Option<Rc<dyn Transport>>,
}

impl Default for PageConfig {
    fn default() -> Self {
        PageConfig {
            api_base: DEFAULT_API_BASE.to_string(),
            include_credentials: false,
            token: None,
            locale: None,
            translations_url: DEFAULT_TRANSLATIONS_URL.to_string(),
            time_zone: None,
            base_path: None,
            transport: None,
        }
    }
}

impl PageConfig {
    pub(crate) fn client(&self) -> ApiClient {
        let transport = self.transport.clone().unwrap_or_else(|| {
            let credentials = if self.include_credentials {
                web_sys::RequestCredentials::Include
            } else {
                web_sys::RequestCredentials::SameOrigin
            };
            // The first screen's answers that index.html asked for, then `fetch`.
            Rc::new(WithEarlyAnswers(FetchTransport::new(credentials)))
        });
        ApiClient::new(&self.api_base, transport, self.token.clone())
    }
}
