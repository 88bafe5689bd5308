//! Every word the page and the shell show or say, in the viewer's language.
//!
//! [`Text`] names each message; each language is one file with one `match` over all of them (a
//! message missing in a language does not compile, one no view uses is dead code, which the CI's
//! clippy refuses) and its plural rule. Patterns hold `{name}` placeholders; plural messages list
//! their forms as `one:…|other:…`, chosen by the language's rule. Numbers of 1,000 and more go
//! through the browser's `Intl.NumberFormat` ("1,234", "1.234").
//!
//! To add a language: a file like `de.rs`, and one line in `languages!` below.

mod de;
mod en;
mod errors;
mod pseudo;
mod text;
mod zh_cn;

pub use text::Text;

use leptos::prelude::*;

/// The languages, by the module that holds each one's messages.
macro_rules! languages {
    ($($lang:ident => $module:ident, $tag:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Lang { $($lang,)* }

        impl Lang {
            /// The BCP 47 tag of the language, as `lang` attributes and the language menu use it.
            pub fn tag(self) -> &'static str {
                match self { $(Lang::$lang => $tag,)* }
            }

            fn messages(self) -> fn(Text) -> &'static str {
                match self { $(Lang::$lang => $module::text,)* }
            }

            fn plural(self) -> fn(u64) -> &'static str {
                match self { $(Lang::$lang => $module::plural,)* }
            }

            /// Every language, for tests.
            #[cfg(test)]
            const ALL: &[Lang] = &[$(Lang::$lang,)*];
        }
    };
}

languages! {
    En => en, "en";
    De => de, "de";
    ZhCn => zh_cn, "zh-CN";
    // Tests only: English with every letter accented, lengthened and bracketed, so a string that
    // bypasses the catalogue stands out.
    Pseudo => pseudo, "en-XA";
}

impl Lang {
    /// The languages a person can pick, each named in itself.
    pub const OFFERED: [(Lang, &'static str); 3] = [
        (Lang::En, "English"),
        (Lang::De, "Deutsch"),
        (Lang::ZhCn, "简体中文"),
    ];

    /// The language for a BCP 47 locale: its language subtag, English when not translated.
    /// Chinese means Simplified Chinese unless the locale says Traditional (zh-TW, zh-HK, zh-Hant).
    pub fn for_locale(locale: &str) -> Lang {
        let lower = locale.to_ascii_lowercase();
        let mut subtags = lower.split(['-', '_']);
        match (subtags.next(), subtags.next()) {
            (Some("en"), Some("xa")) => Lang::Pseudo,
            (Some("de"), _) => Lang::De,
            (Some("zh"), Some("tw" | "hk" | "mo" | "hant")) => Lang::En,
            (Some("zh"), _) => Lang::ZhCn,
            _ => Lang::En,
        }
    }
}

/// The page's (or the shell's) language, given to every part through the context.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: Lang,
    /// For numbers: the locale asked for (dates follow it too), else the browser's.
    numbers: StoredValue<Option<js_sys::Intl::NumberFormat>, LocalStorage>,
    locale: StoredValue<Option<String>, LocalStorage>,
}

impl I18n {
    pub fn new(lang: Lang, locale: Option<String>) -> Self {
        I18n {
            lang,
            numbers: StoredValue::new_local(None),
            locale: StoredValue::new_local(locale),
        }
    }

    /// The locale's language, or the browser's when no locale is given.
    pub fn for_locale(locale: Option<String>) -> Self {
        let lang = locale
            .clone()
            .or_else(browser_language)
            .map_or(Lang::En, |tag| Lang::for_locale(&tag));
        I18n::new(lang, locale)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// A message without placeholders: the catalogue's own text, no copy made.
    pub fn t(&self, text: Text) -> &'static str {
        match self.lang {
            Lang::Pseudo => pseudo::whole(text),
            _ => self.pattern(text),
        }
    }

    /// A message with its placeholders filled in.
    pub fn f(&self, text: Text, args: &[(&str, &str)]) -> String {
        self.finish(fill(self.pattern(text), args))
    }

    /// A plural message for `count` (its `{count}` written as the locale writes numbers).
    pub fn n(&self, text: Text, count: usize, args: &[(&str, &str)]) -> String {
        let form = plural_form(self.pattern(text), self.lang.plural()(count as u64));
        let count = self.number(count);
        let mut all = vec![("count", count.as_str())];
        all.extend_from_slice(args);
        self.finish(fill(form, &all))
    }

    /// The sentence for a failed request.
    pub fn error(&self, error: &crate::api::ApiError) -> String {
        self.finish(errors::describe(self.lang, error))
    }

    /// The backend's own sentence (it is in English): as it is in English, after `own` with
    /// "The server said:" in other languages.
    pub fn told(&self, own: Text, told: &str) -> String {
        self.finish(errors::with_detail(
            self.lang,
            self.pattern(own).to_string(),
            told,
        ))
    }

    /// A message whose placeholders are elements (a name in bold, a date): its text pieces and,
    /// between them, the names of the placeholders, in the language's order.
    pub fn parts(&self, text: Text) -> Vec<Part> {
        let mut parts = Vec::new();
        let mut rest = self.pattern(text);
        while let Some((before, after)) = rest.split_once('{') {
            let Some((name, after)) = after.split_once('}') else {
                break;
            };
            parts.push(Part::Text(self.piece(before)));
            parts.push(Part::Slot(name.to_string()));
            rest = after;
        }
        parts.push(Part::Text(self.piece(rest)));
        if self.lang == Lang::Pseudo {
            pseudo::bracket_parts(&mut parts);
        }
        parts
    }

    /// "1,234" in en, "1.234" in de: numbers under 1,000 read the same in every language here, so
    /// they skip the browser's formatter (building one costs milliseconds).
    pub fn number(&self, n: usize) -> String {
        if n < 1000 {
            return n.to_string();
        }
        self.numbers
            .try_update_value(|format| {
                let format = format.get_or_insert_with(|| {
                    let locales = js_sys::Array::new();
                    if let Some(locale) = self.locale.get_value() {
                        locales.push(&locale.into());
                    }
                    js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new())
                });
                format
                    .format()
                    .call1(format, &(n as f64).into())
                    .ok()
                    .and_then(|text| text.as_string())
            })
            .flatten()
            .unwrap_or_else(|| n.to_string())
    }

    fn pattern(&self, text: Text) -> &'static str {
        self.lang.messages()(text)
    }

    fn finish(&self, text: String) -> String {
        match self.lang {
            Lang::Pseudo => pseudo::localise(&text, true),
            _ => text,
        }
    }

    fn piece(&self, text: &str) -> String {
        match self.lang {
            Lang::Pseudo => pseudo::localise(text, false),
            _ => text.to_string(),
        }
    }
}

/// [`crate::api::ApiError::user_message`]: English, for logs and `Display`.
pub fn describe_in_english(error: &crate::api::ApiError) -> String {
    errors::describe(Lang::En, error)
}

/// A piece of a message whose placeholders are elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Slot(String),
}

/// The page's language; English where nothing provides one (a component used on its own).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::new(Lang::En, None))
}

/// `navigator.language`, e.g. "de-DE".
pub fn browser_language() -> Option<String> {
    web_sys::window()?.navigator().language()
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

    fn placeholders(pattern: &str) -> BTreeSet<&str> {
        pattern
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    /// The CLDR categories of a plural pattern; `None` for a plain message.
    fn categories(pattern: &str) -> Option<BTreeSet<&str>> {
        const CLDR: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
        let names: Option<BTreeSet<&str>> = pattern
            .split('|')
            .map(|form| form.split_once(':').map(|(name, _)| name))
            .map(|name| name.filter(|name| CLDR.contains(name)))
            .collect();
        names
    }

    #[test]
    fn every_language_has_every_message_with_the_same_placeholders() {
        for &text in Text::ALL {
            let english = Lang::En.messages()(text);
            for &lang in Lang::ALL {
                let translated = lang.messages()(text);
                assert!(!translated.trim().is_empty(), "{lang:?} {text:?} is empty");
                assert_eq!(
                    placeholders(translated),
                    placeholders(english),
                    "{lang:?} {text:?}: {translated:?}"
                );
                // Plural messages stay plural, with an `other` form the rule always falls back to.
                match categories(english) {
                    Some(_) => {
                        let forms = categories(translated)
                            .unwrap_or_else(|| panic!("{lang:?} {text:?} is not plural"));
                        assert!(forms.contains("other"), "{lang:?} {text:?}");
                        for n in [0, 1, 2, 5, 21, 1000] {
                            let category = lang.plural()(n);
                            assert!(
                                forms.contains(category) || category != "one" || lang == Lang::ZhCn,
                                "{lang:?} {text:?} lacks {category}"
                            );
                        }
                    }
                    None => assert!(
                        categories(translated).is_none(),
                        "{lang:?} {text:?} is plural only here"
                    ),
                }
            }
        }
    }

    #[test]
    fn locales_pick_their_language() {
        assert_eq!(Lang::for_locale("de-AT"), Lang::De);
        assert_eq!(Lang::for_locale("zh-CN"), Lang::ZhCn);
        assert_eq!(Lang::for_locale("zh-Hans-SG"), Lang::ZhCn);
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
