//! The form of an application key's secret, which scanners recognise without asking anyone:
//! `<prefix>_<body><check>`, as GitHub's tokens are made. The prefix (`--secret-prefix`, `aks`
//! unless set) says whose secret it is; `_` keeps a double-click selecting all of it; the body is
//! 30 base62 characters (178 bits) from the OS RNG; the check is the CRC-32 (IEEE, as zlib
//! computes it) of everything before it, in base62 (`0-9A-Za-z`, most significant digit first),
//! padded with `0` to 6 characters. A scanner tells a secret from noise by the checksum, and so
//! does `/token`, before any database call.
//!
//! Secrets made before this form (40 alphanumerics, no `_`) keep working: the store holds digests
//! of either, and only a string in the new form is held to the checksum.

use crate::secrets::random_alphanumeric;

const BODY_LEN: usize = 30;
const CHECK_LEN: usize = 6;

/// The expression server/README.md and server/gitleaks.toml give scanners, for the default prefix.
#[cfg(test)]
const SCANNER_PATTERN: &str = r"\baks_[0-9A-Za-z]{36}\b";

/// A prefix of 2 to 8 ASCII letters and digits (clap's value parser for `--secret-prefix`).
pub fn parse_prefix(prefix: &str) -> Result<String, String> {
    if is_prefix(prefix) {
        Ok(prefix.to_string())
    } else {
        Err(format!(
            "\"{prefix}\" is not a secret prefix: 2 to 8 ASCII letters and digits"
        ))
    }
}

pub fn new_secret(prefix: &str) -> String {
    let head = format!("{prefix}_{}", random_alphanumeric(BODY_LEN));
    let check = checksum(&head);
    head + &check
}

/// A string in the new form whose checksum is wrong: refused without looking anything up. Old
/// secrets and strings of another shape are not this function's business.
pub fn fails_checksum(secret: &str) -> bool {
    match split(secret) {
        Some((head, check)) => checksum(head) != check,
        None => false,
    }
}

/// A string in the new form whose checksum holds: what a leak report may name.
pub fn is_well_formed(secret: &str) -> bool {
    split(secret).is_some_and(|(head, check)| checksum(head) == check)
}

/// `(prefix_and_body, check)` of a string in the new form.
fn split(secret: &str) -> Option<(&str, &str)> {
    let (prefix, rest) = secret.split_once('_')?;
    let rest_fits =
        rest.len() == BODY_LEN + CHECK_LEN && rest.bytes().all(|b| b.is_ascii_alphanumeric());
    (is_prefix(prefix) && rest_fits).then(|| secret.split_at(secret.len() - CHECK_LEN))
}

/// 2 to 8 ASCII letters and digits.
fn is_prefix(text: &str) -> bool {
    (2..=8).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn checksum(head: &str) -> String {
    let crc = crc32fast::hash(head.as_bytes());
    format!("{:0>width$}", base62::encode(crc), width = CHECK_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_new_secret_has_the_documented_form_and_length() {
        let secret = new_secret("aks");
        assert_eq!(secret.len(), 40);
        assert!(secret.starts_with("aks_"));
        assert!(!fails_checksum(&secret));
        assert_ne!(secret, new_secret("aks"));
    }

    #[test]
    fn the_check_is_zlibs_crc32_in_base62_padded_to_six() {
        // Python's zlib.crc32(b"aks_") is 429526507: "T4FSt" in base62 (0-9A-Za-z), padded.
        assert_eq!(crc32fast::hash(b"aks_"), 429_526_507);
        assert_eq!(checksum("aks_"), "0T4FSt");
        // A whole secret, worked out the same way by hand.
        let head = format!("aks_{}", "0".repeat(30));
        assert_eq!(checksum(&head), "1pYKRr");
    }

    #[test]
    fn old_secrets_and_other_shapes_are_not_held_to_the_checksum() {
        assert!(!fails_checksum("A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0"));
        assert!(!fails_checksum("aks_short"));
        assert!(!fails_checksum(""));
    }

    #[test]
    fn prefixes_are_two_to_eight_letters_and_digits() {
        assert!(parse_prefix("aks").is_ok());
        assert!(parse_prefix("ab").is_ok());
        assert!(parse_prefix("abcdefgh").is_ok());
        assert!(parse_prefix("a").is_err());
        assert!(parse_prefix("abcdefghi").is_err());
        assert!(parse_prefix("a_b").is_err());
        assert!(parse_prefix("ünï").is_err());
    }

    /// What scanners are told (server/README.md, server/gitleaks.toml) finds every secret this
    /// server makes, and the checksum refuses each of them with any one character changed.
    #[test]
    fn the_documented_pattern_finds_10000_secrets_and_the_checksum_refuses_every_typo() {
        let pattern = regex::Regex::new(SCANNER_PATTERN).unwrap();
        let readme = include_str!("../README.md");
        let gitleaks = include_str!("../gitleaks.toml");
        assert!(
            readme.contains(SCANNER_PATTERN),
            "server/README.md gives the pattern"
        );
        assert!(gitleaks.contains(SCANNER_PATTERN), "gitleaks.toml has it");
        let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for n in 0..10_000 {
            let secret = new_secret("aks");
            let in_text = format!("export APPKEYS_SECRET={secret}\n");
            assert_eq!(
                pattern.find(&in_text).map(|m| m.as_str()),
                Some(secret.as_str())
            );
            let mut typo = secret.clone().into_bytes();
            let at = 4 + n % 36;
            let now = alphabet.iter().position(|&c| c == typo[at]).unwrap();
            typo[at] = alphabet[(now + 1 + n % 61) % 62];
            let typo = String::from_utf8(typo).unwrap();
            assert!(pattern.is_match(&typo), "a typo still looks like a secret");
            assert!(fails_checksum(&typo), "{typo} passed its checksum");
        }
    }

    proptest! {
        #[test]
        fn any_prefix_makes_secrets_that_pass(prefix in "[A-Za-z0-9]{2,8}") {
            let secret = new_secret(&prefix);
            prop_assert_eq!(secret.len(), prefix.len() + 1 + 36);
            prop_assert!(!fails_checksum(&secret));
        }

        #[test]
        fn one_character_changed_anywhere_fails(at in 4usize..40, to in "[0-9A-Za-z]") {
            let secret = new_secret("aks");
            let to = to.chars().next().unwrap();
            prop_assume!(secret.as_bytes()[at] as char != to);
            let mut changed = secret.into_bytes();
            changed[at] = to as u8;
            prop_assert!(fails_checksum(&String::from_utf8(changed).unwrap()));
        }
    }
}
