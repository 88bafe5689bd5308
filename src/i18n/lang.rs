//! The languages the page speaks, and which one a locale asks for.

use super::catalogue;

/// The languages a person can pick, by their BCP 47 tag (English is compiled in; the others are
/// `i18n/<tag>.json`), each named in itself.
macro_rules! languages {
    ($($lang:ident => $tag:literal, $name:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Lang {
            $($lang,)*
            /// Tests only: English with every letter accented, lengthened and bracketed, so a
            /// string that bypasses the catalogue stands out (tests/e2e/i18n/en-XA.json).
            Pseudo,
        }

        impl Lang {
            /// The BCP 47 tag of the language, as `lang` attributes and the catalogues' files use it.
            pub fn tag(self) -> &'static str {
                match self { $(Lang::$lang => $tag,)* Lang::Pseudo => "en-XA" }
            }

            /// The languages a person can pick, each named in itself.
            pub const OFFERED: &[(Lang, &str)] = &[$((Lang::$lang, $name),)*];
        }
    };
}

languages! {
    En => "en", "English";
    De => "de", "Deutsch";
    ZhCn => "zh-CN", "简体中文";
}

impl Lang {
    /// The language for a BCP 47 locale: its language subtag, English when not translated.
    /// Chinese means Simplified Chinese unless the locale says Traditional (zh-TW, zh-HK, zh-Hant).
    pub fn for_locale(locale: &str) -> Lang {
        let mut subtags = locale.split(['-', '_']);
        let language = subtags.next().unwrap_or("");
        let second = subtags.next().unwrap_or("");
        let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        if is(language, "en") && is(second, "xa") {
            return Lang::Pseudo;
        }
        if is(language, "zh") && ["tw", "hk", "mo", "hant"].iter().any(|t| is(second, t)) {
            return Lang::En;
        }
        Lang::OFFERED
            .iter()
            .map(|(lang, _)| *lang)
            .find(|lang| {
                lang.tag()
                    .split('-')
                    .next()
                    .is_some_and(|own| is(own, language))
            })
            .unwrap_or(Lang::En)
    }

    /// The language a page with this `locale` shows (the browser's when `None`), whether or not
    /// its catalogue is here yet.
    pub fn wanted(locale: Option<&str>) -> Lang {
        locale
            .map(str::to_string)
            .or_else(browser_language)
            .map_or(Lang::En, |tag| Lang::for_locale(&tag))
    }

    /// Whether a page can be drawn in this language now: English always, another once its
    /// catalogue was loaded (or failed to, and the page falls back to English).
    pub fn is_ready(self) -> bool {
        self == Lang::En || catalogue::is_settled(self)
    }
}

/// `navigator.language`, e.g. "de-DE".
fn browser_language() -> Option<String> {
    web_sys::window()?.navigator().language()
}
