//! The pseudo-locale "en-XA", for tests: English with every ASCII letter swapped for an accented
//! one, a third longer, between ⟦ ⟧. A browser test that finds a plain ASCII letter in the page
//! has found a string that does not come from the catalogue. Its catalogue,
//! tests/e2e/i18n/en-XA.json, is made from text.rs's English here;
//! `APPKEYS_BLESS=1 cargo test pseudo` writes it again after English changes.

use super::Text;

const PLAIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED: &str = "áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ";

/// An English pattern in the pseudo-locale: each plural form on its own, placeholders kept.
fn pattern(english: &str) -> String {
    if super::tests::categories(english).is_none() {
        return message(english);
    }
    let forms: Vec<String> = english
        .split('|')
        .map(|form| match form.split_once(':') {
            Some((category, text)) => format!("{category}:{}", message(text)),
            None => message(form),
        })
        .collect();
    forms.join("|")
}

fn message(text: &str) -> String {
    let mut out = String::from("⟦");
    let mut in_placeholder = false;
    for c in text.chars() {
        in_placeholder = match c {
            '{' => true,
            '}' => false,
            _ => in_placeholder,
        };
        match PLAIN.find(c).filter(|_| !in_placeholder) {
            Some(at) => out.push(ACCENTED.chars().nth(at).unwrap_or(c)),
            None => out.push(c),
        }
    }
    // German runs about a third longer than English: layouts must hold that.
    let letters = text.chars().filter(char::is_ascii_alphabetic).count();
    out.extend(std::iter::repeat_n('~', letters / 3));
    out.push('⟧');
    out
}

fn catalogue() -> String {
    let entries: Vec<String> = Text::ALL
        .iter()
        .zip(Text::NAMES)
        .map(|(&text, name)| {
            let value = serde_json::to_string(&pattern(text.english())).unwrap();
            format!("  \"{name}\": {value}")
        })
        .collect();
    format!("{{\n{}\n}}\n", entries.join(",\n"))
}

#[test]
fn no_ascii_letter_survives_but_placeholders_and_plural_forms_do() {
    let shown = pattern("one:Delete {count} key?|other:Delete {count} keys?");
    assert_eq!(shown.matches('⟦').count(), 2, "{shown}");
    assert!(shown.starts_with("one:⟦") && shown.contains("|other:⟦"));
    assert!(shown.contains("{count}"));
    let letters = shown
        .replace("{count}", "")
        .replace("one:", "")
        .replace("other:", "");
    assert!(!letters.chars().any(|c| c.is_ascii_alphabetic()), "{shown}");
}

#[test]
fn the_pseudo_catalogue_is_made_from_the_english_of_today() {
    let made = catalogue();
    if std::env::var_os("APPKEYS_BLESS").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/i18n/en-XA.json");
        std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
        std::fs::write(path, &made).unwrap();
    }
    assert!(
        super::tests::catalogue_file(super::Lang::Pseudo) == made,
        "tests/e2e/i18n/en-XA.json is older than text.rs: run `APPKEYS_BLESS=1 cargo test pseudo`"
    );
}
