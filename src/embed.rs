//! The JavaScript API for console shells that are not written in Rust:
//! `mount(element, options)` renders the page into `element` and returns a handle with
//! `unmount()`. Options are validated up front; a bad one throws a TypeError naming it.

use crate::api::TokenSource;
use crate::config::PageConfig;
use crate::format::DateFormatter;
use crate::page::ApplicationKeysPage;
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use std::any::Any;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** Options of `mount`; all optional. */
export interface MountOptions {
  /** Base URL of the API. Default "/api/1.0"; may be another origin (see `credentials`). */
  apiBase?: string;
  /** "same-origin" (default) or "include" to send cookies to a cross-origin API. */
  credentials?: "same-origin" | "include";
  /** For shells that hold bearer tokens: called before each request. */
  getToken?: () => Promise<string | null | undefined> | string | null | undefined;
  /** BCP 47 locale, e.g. "de-DE": the page's language (English where not translated), dates and numbers. Default: the browser's. */
  locale?: string;
  /** Where the page lives in the host's URLs, e.g. "/console/application-keys": a key's details get their own address below it (`…/{client_id}`, `…/activity`), so links, Back and reload work; the host serves the page at those paths too. Without it the page changes views in place. */
  basePath?: string;
  /** IANA time zone for dates, e.g. "Europe/Berlin". Default: the browser's. */
  timeZone?: string;
  /** The folder of the translations (the package's i18n/), fetched when the page shows a language other than English. Default: the package's own folder when loaded through its index.js, else "i18n/" beside the document. */
  translationsUrl?: string;
}

/** Events dispatched on the mount element (they bubble). None carries a secret. */
export interface AppkeysEventMap {
  "appkeys:created": CustomEvent<{ client_id: string; description: string | null }>;
  "appkeys:updated": CustomEvent<{ client_id: string; description: string | null }>;
  "appkeys:deleted": CustomEvent<{ client_id: string; description: string | null }>;
  "appkeys:rotated": CustomEvent<{ client_id: string }>;
  "appkeys:exposed": CustomEvent<{ client_id: string; description: string | null }>;
  "appkeys:unauthorized": CustomEvent<{}>;
  "appkeys:error": CustomEvent<{ code: string | null; message: string; request_id: string | null }>;
}

/** Renders the Application keys page into `element`. Throws a TypeError for a bad option. */
export function mount(element: HTMLElement, options?: MountOptions): MountHandle;
"#;

/// A mounted page. `unmount()` removes every node and listener the page added.
#[wasm_bindgen]
pub struct MountHandle {
    page: Option<Box<dyn Any>>,
}

#[wasm_bindgen]
impl MountHandle {
    /// Removes the page. Calling it twice is harmless.
    pub fn unmount(&mut self) {
        // Dropping Leptos' handle unmounts the view and disposes its reactive owner.
        self.page.take();
    }
}

#[wasm_bindgen(skip_typescript)]
pub fn mount(element: JsValue, options: JsValue) -> Result<MountHandle, JsValue> {
    let element: web_sys::HtmlElement = element
        .dyn_into()
        .map_err(|_| type_error("mount(element, options): element must be an HTMLElement"))?;
    let config = parse_options(&options).map_err(|message| type_error(&message))?;
    let handle = leptos::mount::mount_to(element, move || view! { <ApplicationKeysPage config/> });
    Ok(MountHandle {
        page: Some(Box::new(handle)),
    })
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(&format!("appkeys: {message}")).into()
}

fn parse_options(options: &JsValue) -> Result<PageConfig, String> {
    let mut config = PageConfig::default();
    if options.is_undefined() || options.is_null() {
        return Ok(config);
    }
    if !options.is_object() {
        return Err("options must be an object".into());
    }
    const KNOWN: [&str; 7] = [
        "apiBase",
        "basePath",
        "credentials",
        "getToken",
        "locale",
        "timeZone",
        "translationsUrl",
    ];
    for key in js_sys::Object::keys(options.unchecked_ref::<js_sys::Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !KNOWN.contains(&key.as_str()) {
            return Err(format!(
                "unknown option \"{key}\"; known: {}",
                KNOWN.join(", ")
            ));
        }
    }
    if let Some(api_base) = string_option(options, "apiBase")? {
        if api_base.trim().is_empty() {
            return Err("apiBase must not be empty".into());
        }
        config.api_base = api_base;
    }
    config.include_credentials = match string_option(options, "credentials")?.as_deref() {
        None | Some("same-origin") => false,
        Some("include") => true,
        Some(other) => {
            return Err(format!(
                "credentials must be \"same-origin\" or \"include\", got \"{other}\""
            ))
        }
    };
    if let Some(base_path) = string_option(options, "basePath")? {
        if !base_path.starts_with('/') {
            return Err(format!(
                "basePath must start with \"/\", got \"{base_path}\""
            ));
        }
        config.base_path = Some(base_path);
    }
    config.locale = string_option(options, "locale")?;
    config.time_zone = string_option(options, "timeZone")?;
    if let Some(url) = string_option(options, "translationsUrl")? {
        config.translations_url = url;
    }
    DateFormatter::try_new(config.locale.as_deref(), config.time_zone.as_deref())
        .map_err(|reason| format!("locale or timeZone is not valid: {reason}"))?;
    let get_token = Reflect::get(options, &"getToken".into()).unwrap_or(JsValue::UNDEFINED);
    if !get_token.is_undefined() {
        let function: Function = get_token
            .dyn_into()
            .map_err(|_| "getToken must be a function".to_string())?;
        config.token = Some(token_source(function));
    }
    Ok(config)
}

fn string_option(options: &JsValue, name: &str) -> Result<Option<String>, String> {
    let value = Reflect::get(options, &name.into()).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| format!("{name} must be a string"))
}

/// Calls the host's `getToken` before each request; after a throw, a rejection or no token the
/// request is not sent, the page shows that the session has ended and the host hears
/// `appkeys:unauthorized`.
fn token_source(get_token: Function) -> TokenSource {
    Rc::new(move || {
        let result = get_token.call0(&JsValue::UNDEFINED);
        Box::pin(async move {
            let value = result.ok()?;
            let value = match value.dyn_ref::<Promise>() {
                Some(promise) => JsFuture::from(promise.clone()).await.ok()?,
                None => value,
            };
            value.as_string().filter(|token| !token.is_empty())
        })
    })
}
