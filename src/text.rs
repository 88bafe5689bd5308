//! Lower-casing for case-insensitive matching. ASCII (Client IDs, networks, most descriptions)
//! is lowered in place; other text by the browser's `toLowerCase`. Rust's own `to_lowercase`
//! would put Unicode's case table (11.7 KB raw) into the first module's data, which every
//! visitor downloads.

use std::borrow::Cow;

/// `text` in lower case, by Unicode's rules (`ÄRGER` → `ärger`, `ΣΑΣ` → `σας`).
pub fn lowercase(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        }
    } else {
        Cow::Owned(unicode_lowercase(text))
    }
}

#[cfg(target_arch = "wasm32")]
fn unicode_lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// Unit tests run natively, without a browser: the standard library's rules, which are the
/// browser's (both follow Unicode's SpecialCasing, final sigma included).
#[cfg(not(target_arch = "wasm32"))]
fn unicode_lowercase(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_lowered_without_a_copy_when_already_lower() {
        assert!(matches!(lowercase("ci-deploy"), Cow::Borrowed("ci-deploy")));
        assert_eq!(lowercase("CI-Deploy"), "ci-deploy");
    }

    #[test]
    fn other_text_follows_unicode() {
        assert_eq!(lowercase("ÄRGER Über"), "ärger über");
        assert_eq!(lowercase("ΟΔΟΣ ΣΑΣ"), "οδος σας");
        assert_eq!(lowercase("部署 Key"), "部署 key");
    }
}
