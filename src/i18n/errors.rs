//! The sentence for each way a request can fail, in the viewer's language. A backend's own
//! message is in English: it is the sentence only in English; in other languages the page says
//! its own sentence and adds the backend's as a detail.

use super::{fill, I18n, Lang, Text};
use crate::api::ApiError;

pub fn describe(i18n: I18n, error: &ApiError) -> String {
    let t = |text| i18n.t(text);
    let status = error.status().map(|s| s.to_string()).unwrap_or_default();
    let with_status = |text| fill(t(text), &[("status", &status)]);
    let mut sentence = match error {
        ApiError::Network => t(Text::ErrNetwork).to_string(),
        ApiError::Timeout => {
            let seconds = crate::api::REQUEST_TIMEOUT.as_secs().to_string();
            fill(t(Text::ErrTimeout), &[("seconds", &seconds)])
        }
        ApiError::Unauthorized { .. } => t(Text::ErrSession).to_string(),
        ApiError::Rejected {
            status: code,
            message,
            ..
        } => {
            let own = match code {
                429 => t(Text::ErrTooMany).to_string(),
                500.. => with_status(Text::ErrServer),
                400 => t(Text::ErrBadRequest).to_string(),
                403 => t(Text::ErrForbidden).to_string(),
                404 => t(Text::ErrGone).to_string(),
                409 => t(Text::ErrConflict).to_string(),
                413 => t(Text::ErrTooLarge).to_string(),
                _ => with_status(Text::ErrRefused),
            };
            let told = message.as_deref().map(str::trim).filter(|m| !m.is_empty());
            match (code, told) {
                (429 | 500.., _) | (_, None) => own,
                (_, Some(told)) => with_detail(i18n, own, told),
            }
        }
        ApiError::Malformed { .. } => with_status(Text::ErrMalformed),
    };
    if let Some(id) = error.request_id() {
        // A person reports a server-side failure with it; a refused input needs no reference.
        if !matches!(
            error,
            ApiError::Rejected {
                status: 400..=499,
                ..
            }
        ) {
            sentence.push(' ');
            sentence.push_str(&fill(t(Text::ErrReference), &[("id", id)]));
        }
    }
    sentence
}

/// The backend's message as the sentence in English, after the page's own sentence otherwise.
pub fn with_detail(i18n: I18n, own: String, told: &str) -> String {
    if i18n.lang() == Lang::En {
        return told.to_string();
    }
    let detail = fill(i18n.t(Text::ErrDetail), &[("message", told)]);
    format!("{own} {detail}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};

    fn describe(lang: Lang, error: &ApiError) -> String {
        I18n::for_tests(lang).error(error)
    }

    fn rejected(status: u16, message: Option<&str>) -> ApiError {
        ApiError::Rejected {
            status,
            code: None,
            message: message.map(Into::into),
            request_id: Some("r1".into()),
        }
    }

    #[test]
    fn english_shows_the_servers_sentence_other_languages_their_own_with_it_as_a_detail() {
        let refused = rejected(
            400,
            Some("The description must not contain control characters."),
        );
        assert_eq!(
            describe(Lang::En, &refused),
            "The description must not contain control characters."
        );
        let german = describe(Lang::De, &refused);
        assert!(
            german.starts_with("Der Server hat die Eingabe nicht angenommen."),
            "{german}"
        );
        assert!(
            german.contains("control characters"),
            "the detail follows: {german}"
        );
    }

    #[test]
    fn server_failures_carry_their_reference_in_every_language() {
        let failed = rejected(502, None);
        assert_eq!(
            describe(Lang::En, &failed),
            "The server had a problem (HTTP 502). Try again in a moment. Reference: r1."
        );
        assert_eq!(
            describe(Lang::ZhCn, &failed),
            "服务器出现问题（HTTP 502）。请稍后重试。 参考编号：r1。"
        );
    }
}
