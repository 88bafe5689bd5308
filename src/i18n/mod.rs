//! Every word the page and the shell show or say, in the viewer's language.
//!
//! [`Text`] is each message, with its English beside its name (text.rs): a constant at every
//! place that shows it, so the words of a view that loads on first use arrive with that view.
//! Every other language is a file in i18n/, loaded when a page shows it (catalogue.rs); a test
//! checks that each has every message, in order, with English's placeholders. Patterns
//! hold `{name}` placeholders; plural messages list their forms as `one:…|other:…`, chosen by the
//! language's CLDR rule (the browser's `Intl.PluralRules`). Numbers of 1,000 and more go through
//! `toLocaleString` ("1,234", "1.234").
//!
//! To add a language: `i18n/<tag>.json` like `i18n/de.json`, and one line in `languages!` (lang.rs).

mod catalogue;
mod en;
mod errors;
mod lang;
#[cfg(test)]
mod pseudo;
mod text;

pub use catalogue::use_catalogue;
pub use lang::Lang;
pub use text::Text;

use catalogue::Catalogue;
use leptos::prelude::*;

/// The page's (or the shell's) language, given to every part through the context.
#[derive(Clone, Copy)]
pub struct I18n {
    /// The language's messages; `None`: English, compiled in.
    catalogue: Option<&'static Catalogue>,
}

impl I18n {
    /// `lang` if its catalogue is here, else English.
    pub fn new(lang: Lang) -> Self {
        I18n {
            catalogue: catalogue::loaded(lang),
        }
    }

    pub fn lang(&self) -> Lang {
        self.catalogue.map_or(Lang::En, Catalogue::lang)
    }

    /// A message without placeholders: the catalogue's own text, no copy made.
    pub fn t(&self, text: Text) -> &'static str {
        match self.catalogue {
            Some(catalogue) => catalogue.text(text),
            None => text.english(),
        }
    }

    /// A message with its placeholders filled in.
    pub fn f(&self, text: Text, args: &[(&str, &str)]) -> String {
        fill(self.t(text), args)
    }

    /// A plural message for `count` (its `{count}` written as the locale writes numbers).
    pub fn n(&self, text: Text, count: usize, args: &[(&str, &str)]) -> String {
        let form = plural_form(self.t(text), &self.plural(count as u64));
        let count = self.number(count);
        let mut all = vec![("count", count.as_str())];
        all.extend_from_slice(args);
        fill(form, &all)
    }

    /// The sentence for a failed request.
    pub fn error(&self, error: &crate::api::ApiError) -> String {
        errors::describe(*self, error)
    }

    /// The backend's own sentence (it is in English): as it is in English, after `own` with
    /// "The server said:" in other languages.
    pub fn told(&self, own: Text, told: &str) -> String {
        errors::with_detail(*self, self.t(own).to_string(), told)
    }

    /// A message whose placeholders are elements (a name in bold, a date): its text pieces and,
    /// between them, the names of the placeholders, in the language's order.
    pub fn parts(&self, text: Text) -> Vec<Part> {
        let mut parts = Vec::new();
        let mut rest = self.t(text);
        while let Some((before, after)) = rest.split_once('{') {
            let Some((name, after)) = after.split_once('}') else {
                break;
            };
            parts.push(Part::Text(before.to_string()));
            parts.push(Part::Slot(name.to_string()));
            rest = after;
        }
        parts.push(Part::Text(rest.to_string()));
        parts
    }

    /// "1,234" in en, "1.234" in de: numbers written as the sentence's language writes them.
    /// Under 1,000 they read the same in every language here, and skip the browser.
    pub fn number(&self, n: usize) -> String {
        if n < 1000 {
            return n.to_string();
        }
        js_sys::Number::from(n as f64)
            .to_locale_string(self.lang().tag())
            .into()
    }

    /// The CLDR plural category of `n` in this language.
    fn plural(&self, n: u64) -> std::borrow::Cow<'static, str> {
        match self.catalogue {
            Some(catalogue) => catalogue.plural(n).into(),
            None => en::plural(n).into(),
        }
    }
}

/// A piece of a message whose placeholders are elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Slot(String),
}

/// The language `components::InLanguage` gives the shell or the page; English where nothing does
/// (a component used on its own).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::new(Lang::En))
}

/// The pattern with each `{name}` replaced by its value; unknown names stay as they are.
fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, after)) => {
                match args.iter().find(|(key, _)| *key == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = after;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The form of a plural pattern (`one:…|other:…`) for a category, else its `other` form.
fn plural_form(pattern: &'static str, category: &str) -> &'static str {
    let forms = || pattern.split('|').filter_map(|form| form.split_once(':'));
    forms()
        .find(|(name, _)| *name == category)
        .or_else(|| forms().find(|(name, _)| *name == "other"))
        .map_or(pattern, |(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    impl I18n {
        /// The language with its catalogue read from i18n/ (each test runs in its own thread,
        /// with its own catalogues).
        pub fn for_tests(lang: Lang) -> I18n {
            if lang != Lang::En && !lang.is_ready() {
                let messages = in_order(lang).into_iter().map(|(_, text)| text).collect();
                catalogue::keep(lang, Catalogue::new(lang, messages));
            }
            I18n::new(lang)
        }
    }

    /// A catalogue's file: `i18n/<tag>.json`, the pseudo-locale's beside the browser tests.
    pub fn catalogue_file(lang: Lang) -> String {
        let root = env!("CARGO_MANIFEST_DIR");
        let path = match lang {
            Lang::Pseudo => format!("{root}/tests/e2e/i18n/en-XA.json"),
            _ => format!("{root}/i18n/{}.json", lang.tag()),
        };
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// The entries of a catalogue's file in their order (serde_json's map sorts them).
    fn in_order(lang: Lang) -> Vec<(String, String)> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Vec<(String, String)>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of messages")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(entries)
            }
        }
        use serde::Deserializer;
        serde_json::Deserializer::from_str(&catalogue_file(lang))
            .deserialize_map(Entries)
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"))
    }

    fn placeholders(pattern: &str) -> BTreeSet<&str> {
        pattern
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    /// The CLDR categories of a plural pattern; `None` for a plain message.
    pub fn categories(pattern: &str) -> Option<BTreeSet<&str>> {
        const CLDR: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
        pattern
            .split('|')
            .map(|form| form.split_once(':').map(|(name, _)| name))
            .map(|name| name.filter(|name| CLDR.contains(name)))
            .collect()
    }

    #[test]
    fn every_catalogue_has_every_message_in_order_with_the_same_placeholders() {
        for &(lang, _) in Lang::OFFERED.iter().chain(&[(Lang::Pseudo, "")]) {
            if lang == Lang::En {
                continue;
            }
            let entries = in_order(lang);
            let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
            let differs = names.iter().zip(Text::NAMES).position(|(a, b)| a != b);
            if let Some(at) = differs.or((names.len() != Text::COUNT).then_some(names.len())) {
                panic!(
                    "{lang:?}: message {at} is {:?} where src/i18n/text.rs has {:?} (same keys, same order)",
                    names.get(at),
                    Text::NAMES.get(at)
                );
            }
            for (&text, (name, translated)) in Text::ALL.iter().zip(&entries) {
                let english = text.english();
                assert!(!translated.trim().is_empty(), "{lang:?} {name} is empty");
                assert_eq!(
                    placeholders(translated),
                    placeholders(english),
                    "{lang:?} {name}: {translated:?}"
                );
                // Plural messages stay plural, with the `other` form every rule falls back to.
                match categories(english) {
                    Some(_) => {
                        let forms = categories(translated)
                            .unwrap_or_else(|| panic!("{lang:?} {name} is not plural"));
                        assert!(forms.contains("other"), "{lang:?} {name}");
                    }
                    None => assert!(
                        categories(translated).is_none(),
                        "{lang:?} {name} is plural only here"
                    ),
                }
            }
        }
    }

    #[test]
    fn the_catalogues_version_follows_the_list_of_messages() {
        let version = |names: &[&str]| text::fnv1a(names);
        let today = version(Text::NAMES);
        assert_eq!(today, Text::VERSION);
        let mut moved = Text::NAMES.to_vec();
        moved.swap(0, 1);
        assert_ne!(version(&moved), today);
        assert_ne!(version(&Text::NAMES[1..]), today);
        assert_ne!(version(&["AB", "C"]), version(&["A", "BC"]));
    }

    #[test]
    fn a_catalogue_of_another_version_is_refused() {
        let mut messages = vec![String::from("x"); Text::COUNT];
        assert!(Catalogue::new(Lang::De, messages.clone()).is_some());
        messages.pop();
        assert!(
            Catalogue::new(Lang::De, messages).is_none(),
            "one message short"
        );
    }

    #[test]
    fn a_language_whose_catalogue_failed_shows_english() {
        catalogue::keep(Lang::De, None);
        let i18n = I18n::new(Lang::De);
        assert_eq!(i18n.lang(), Lang::En);
        assert_eq!(i18n.t(Text::Cancel), "Cancel");
    }

    #[test]
    fn locales_pick_their_language() {
        assert_eq!(Lang::for_locale("de-AT"), Lang::De);
        assert_eq!(Lang::for_locale("zh-CN"), Lang::ZhCn);
        assert_eq!(Lang::for_locale("zh-Hans-SG"), Lang::ZhCn);
        assert_eq!(Lang::for_locale("zh"), Lang::ZhCn);
        assert_eq!(
            Lang::for_locale("zh-TW"),
            Lang::En,
            "Traditional Chinese is not offered"
        );
        assert_eq!(Lang::for_locale("fr-FR"), Lang::En);
        assert_eq!(Lang::for_locale("en-XA"), Lang::Pseudo);
        assert_eq!(Lang::for_locale("EN_us"), Lang::En);
    }

    #[test]
    fn placeholders_are_filled_and_plural_forms_chosen() {
        assert_eq!(
            fill("Key {name} deleted.", &[("name", "ci")]),
            "Key ci deleted."
        );
        assert_eq!(fill("{a} and {b}", &[("b", "2")]), "{a} and 2");
        let pattern = "one:{count} key|other:{count} keys";
        assert_eq!(plural_form(pattern, "one"), "{count} key");
        assert_eq!(plural_form(pattern, "few"), "{count} keys");
        assert_eq!(plural_form("other:{count} 个", "one"), "{count} 个");
    }
}
