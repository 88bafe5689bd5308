//! The translations, loaded when a page shows their language: `i18n/<tag>.json` beside the app,
//! one object of messages. English is compiled in (text.rs); every other language costs its
//! viewers one small request, and English viewers nothing.
//!
//! The page reads the object's values in order and carries no message names: the keys follow
//! [`Text`]'s order, which a test checks for every file. The URL carries [`Text::VERSION`], so a
//! cached file of another list of messages is never read, and a file with another number of
//! messages is refused (the page is then in English).

use super::{Lang, Text};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;

/// One language's messages, kept for the page's life once loaded.
pub struct Catalogue {
    messages: Vec<String>,
    lang: Lang,
}

impl Catalogue {
    /// The messages in `Text`'s order; none unless there is one for each.
    pub fn new(lang: Lang, messages: Vec<String>) -> Option<Catalogue> {
        (messages.len() == Text::COUNT).then_some(Catalogue { messages, lang })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn text(&'static self, text: Text) -> &'static str {
        &self.messages[text.place()]
    }

    /// The CLDR plural category of `n`, by the browser's rules for the language, made on each
    /// call (a count renders a few times per change; a cache of the rules was no smaller).
    #[cfg(target_arch = "wasm32")]
    pub fn plural(&self, n: u64) -> String {
        let locales = js_sys::Array::of1(&self.lang.tag().into());
        js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new())
            .select(n as f64)
            .into()
    }

    /// Unit tests run natively, without `Intl`: the rule of English and German there ("one" for
    /// 1), which Chinese's single `other` form ignores. The browser tests use the real rules.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn plural(&self, n: u64) -> String {
        let _natively_unused = self.lang;
        super::en::plural(n).into()
    }
}

thread_local! {
    /// Each language asked for: its catalogue, or `None` when it could not be loaded.
    static LOADED: RefCell<Vec<(Lang, Option<&'static Catalogue>)>> = const { RefCell::new(Vec::new()) };
}

/// The language's catalogue if it is here; `None` for English, and for a language whose file
/// could not be loaded (the page is then in English).
pub fn loaded(lang: Lang) -> Option<&'static Catalogue> {
    LOADED.with_borrow(|loaded| {
        loaded
            .iter()
            .find(|(known, _)| *known == lang)
            .and_then(|(_, catalogue)| *catalogue)
    })
}

/// Whether `lang`'s catalogue was loaded, or failed to load.
pub fn is_settled(lang: Lang) -> bool {
    LOADED.with_borrow(|loaded| loaded.iter().any(|(known, _)| *known == lang))
}

/// Keeps a catalogue for the page's life (at most once per language); `None`: the language is
/// shown in English.
pub fn keep(lang: Lang, catalogue: Option<Catalogue>) {
    LOADED.with_borrow_mut(|loaded| {
        // Two pages may have fetched it at once: the first answer stays, the second is dropped.
        if !loaded.iter().any(|(known, _)| *known == lang) {
            let kept = catalogue.map(|catalogue| &*Box::leak(Box::new(catalogue)));
            loaded.push((lang, kept));
        }
    });
}

/// Whether `lang`'s words are here, fetching them from the folder at `url` when they are not
/// (English is compiled in: at once).
pub fn use_catalogue(lang: Lang, url: &str) -> ReadSignal<bool> {
    let (ready, set_ready) = signal(lang.is_ready());
    if !lang.is_ready() {
        let url = format!(
            "{}/{}.json?v={:x}",
            url.trim_end_matches('/'),
            lang.tag(),
            Text::VERSION
        );
        leptos::task::spawn_local(async move {
            let catalogue = fetch_text(&url).await.and_then(|json| {
                let messages = values_in_order(&json)?;
                Catalogue::new(lang, messages)
            });
            if catalogue.is_none() {
                let warning = "appkeys: showing English; no translation at";
                web_sys::console::warn_2(&warning.into(), &url.into());
            }
            keep(lang, catalogue);
            set_ready.try_set(true);
        });
    }
    ready
}

/// The body of a successful GET (the browser's fetch: gloo-net's errors would bring 4 KB of
/// wasm for a message no one reads).
async fn fetch_text(url: &str) -> Option<String> {
    use wasm_bindgen_futures::JsFuture;
    let response = JsFuture::from(web_sys::window()?.fetch_with_str(url))
        .await
        .ok()?;
    let response: web_sys::Response = response.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// The values of a JSON object, in order, read by the browser's own `JSON.parse` (serde_json
/// would add 5 KB of wasm for a map it has no other use for).
fn values_in_order(json: &str) -> Option<Vec<String>> {
    let object = js_sys::JSON::parse(json).ok()?;
    if !object.is_object() {
        return None;
    }
    js_sys::Object::values(object.unchecked_ref())
        .iter()
        .map(|value: wasm_bindgen::JsValue| value.as_string())
        .collect()
}
