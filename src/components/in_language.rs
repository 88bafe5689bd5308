//! Waits for a language's words before drawing what is written in them.

use crate::i18n::{use_catalogue, I18n, Lang};
use leptos::prelude::*;

/// Draws `children` once `lang`'s words are here, and gives them the language (`use_i18n`): at
/// once for English (compiled in), after one request to `url` for another language, so that the
/// viewer never sees English flash first.
/// The shell and the page share this one component (each waiting view of its own cost 2 KB of
/// wasm).
#[component]
pub fn InLanguage(lang: Lang, url: String, children: ChildrenFn) -> impl IntoView {
    let ready = use_catalogue(lang, &url);
    move || {
        ready.get().then(|| {
            provide_context(I18n::new(lang));
            children()
        })
    }
}
