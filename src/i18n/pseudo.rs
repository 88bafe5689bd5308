//! The pseudo-locale "en-XA", for tests: English with every ASCII letter swapped for an accented
//! one, a third longer, between ⟦ ⟧. A test that finds a plain ASCII letter in the page has found a
//! string that does not come from the catalogue.

use super::{en, Part, Text};

pub fn text(text: Text) -> &'static str {
    en::text(text)
}

pub fn plural(n: u64) -> &'static str {
    en::plural(n)
}

const PLAIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ACCENTED: &str = "áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ";

/// A message without placeholders, made once and kept for the page's life (tests only).
pub fn whole(text: Text) -> &'static str {
    thread_local! {
        static MADE: std::cell::RefCell<Vec<(Text, &'static str)>> = Default::default();
    }
    MADE.with_borrow_mut(|made| {
        if let Some((_, shown)) = made.iter().find(|(t, _)| *t == text) {
            return *shown;
        }
        let shown: &'static str = Box::leak(localise(en::text(text), true).into_boxed_str());
        made.push((text, shown));
        shown
    })
}

/// The text accented and lengthened; `whole` adds the brackets (a message shown in pieces gets
/// them on its first and last piece instead).
pub fn localise(text: &str, whole: bool) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let letters = text.chars().filter(char::is_ascii_alphabetic).count();
    if whole {
        out.push('⟦');
    }
    for c in text.chars() {
        match PLAIN.find(c) {
            Some(at) => out.push(ACCENTED.chars().nth(at).unwrap_or(c)),
            None => out.push(c),
        }
    }
    // German runs about a third longer than English: layouts must hold that.
    out.extend(std::iter::repeat_n('~', letters / 3));
    if whole {
        out.push('⟧');
    }
    out
}

/// Brackets around a message shown in pieces.
pub fn bracket_parts(parts: &mut [Part]) {
    if let Some(Part::Text(first)) = parts.first_mut() {
        first.insert(0, '⟦');
    }
    if let Some(Part::Text(last)) = parts.last_mut() {
        last.push('⟧');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_ascii_letter_survives() {
        let shown = localise("Delete 3 keys?", true);
        assert!(shown.starts_with('⟦') && shown.ends_with('⟧'));
        assert!(!shown.chars().any(|c| c.is_ascii_alphabetic()), "{shown}");
        assert!(shown.contains('3'));
    }
}
