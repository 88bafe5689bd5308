//! A key's description as the contract takes it: trimmed, empty means none, at most
//! [`DESCRIPTION_MAX`] characters.

pub const DESCRIPTION_MAX: usize = 256;

/// Characters that count against the limit: the trimmed text's.
pub fn description_length(text: &str) -> usize {
    text.trim().chars().count()
}

/// Why a description cannot be sent: it is this many characters long, over [`DESCRIPTION_MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong(pub usize);

/// What to send: the trimmed text, or `None` to have no description; or why it cannot be sent.
pub fn checked_description(text: &str) -> Result<Option<&str>, TooLong> {
    let trimmed = text.trim();
    match description_length(trimmed) {
        0 => Ok(None),
        length if length > DESCRIPTION_MAX => Err(TooLong(length)),
        _ => Ok(Some(trimmed)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_text_is_sent_and_blank_means_none() {
        assert_eq!(checked_description("  nightly  "), Ok(Some("nightly")));
        assert_eq!(checked_description("   "), Ok(None));
        assert_eq!(checked_description(""), Ok(None));
    }

    #[test]
    fn the_limit_counts_characters_not_bytes() {
        let at_limit = "é".repeat(DESCRIPTION_MAX);
        assert_eq!(checked_description(&at_limit), Ok(Some(at_limit.as_str())));
        let over = format!(" {}x ", at_limit);
        assert_eq!(checked_description(&over), Err(TooLong(257)));
    }
}
