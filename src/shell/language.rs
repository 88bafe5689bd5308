//! The shell's language: the one the person picked (remembered in localStorage, a preference and
//! nothing secret), else the browser's; and the menu to pick it.

use crate::i18n::{use_i18n, Lang, Text};
use leptos::prelude::*;

const REMEMBERED: &str = "appkeys.language";

/// The locale the person picked, if they did and it is still offered.
pub fn picked_locale() -> Option<String> {
    let stored = storage()?.get_item(REMEMBERED).ok()??;
    Lang::OFFERED
        .iter()
        .any(|(lang, _)| lang.tag() == stored)
        .then_some(stored)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Marks the document with the language and names the tab.
pub fn label_document(title: &str, lang: Lang) {
    let document = document();
    document.set_title(title);
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// A select of the offered languages, each named in itself. Picking one remembers it and loads
/// the console again in it.
#[component]
pub fn LanguageMenu(#[prop(optional)] on_dark: bool) -> impl IntoView {
    let i18n = use_i18n();
    let current = i18n.lang();
    let options = Lang::OFFERED
        .iter()
        .map(|(lang, name)| {
            view! { <option value=lang.tag() selected=*lang == current lang=lang.tag()>{*name}</option> }
        })
        .collect_view();
    let pick = move |ev: leptos::ev::Event| {
        let tag = event_target_value(&ev);
        if let Some(storage) = storage() {
            let _ = storage.set_item(REMEMBERED, &tag);
        }
        let _ = window().location().reload();
    };
    view! {
        <label class="ak-language" class:ak-language--on-dark=on_dark>
            <span class="ak-sr-only">{i18n.t(Text::Language)}</span>
            <select class="ak-select ak-language__select" on:change=pick>{options}</select>
        </label>
    }
}
