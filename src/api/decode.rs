//! Turns a status and a body into the typed `data` of the envelope, or an [`ApiError`].
//! Pure, so every byte sequence a server (or a proxy in front of it) can send is testable natively.

use super::error::ApiError;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The contract's success code.
const OK: u32 = 20000;

#[derive(Deserialize)]
struct Envelope {
    code: Option<u32>,
    #[serde(default)]
    data: serde_json::Value,
    message: Option<String>,
}

/// Decodes a console response. `T = ()` accepts a success with no `data`.
pub fn decode<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    request_id: Option<String>,
) -> Result<T, ApiError> {
    if status == 401 {
        return Err(ApiError::Unauthorized { request_id });
    }
    let envelope = serde_json::from_slice::<Envelope>(body).ok();
    let success = (200..300).contains(&status);
    match envelope {
        Some(envelope) if success && envelope.code == Some(OK) => {
            serde_json::from_value(envelope.data)
                .map_err(|_| ApiError::Malformed { status, request_id })
        }
        // A 2xx whose body is not the success envelope: nothing in it can be trusted.
        _ if success => Err(ApiError::Malformed { status, request_id }),
        Some(envelope) => Err(ApiError::Rejected {
            status,
            code: envelope.code,
            message: envelope.message,
            request_id,
        }),
        // An error page from a proxy or gateway: the status still says what happened.
        None => Err(ApiError::Rejected {
            status,
            code: None,
            message: None,
            request_id,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::KeyList;

    #[test]
    fn success_envelope_gives_data() {
        let body = br#"{"code":20000,"data":{"total":1,"list":[{"client_id":"a","description":null,"created_at":"2026-11-26T21:14:43Z","last_used_at":null}]}}"#;
        let list: KeyList = decode(200, body, None).unwrap();
        assert_eq!(list.total, 1);
        assert_eq!(list.list[0].label(), "-");
    }

    #[test]
    fn success_without_data_is_unit() {
        decode::<()>(200, br#"{"code":20000}"#, None).unwrap();
    }

    #[test]
    fn error_envelope_keeps_server_message() {
        let err = decode::<()>(
            400,
            br#"{"code":40000,"message":"The description is longer than 256 characters."}"#,
            Some("r1".into()),
        )
        .unwrap_err();
        assert_eq!(
            err.user_message(),
            "The description is longer than 256 characters."
        );
        assert_eq!(err.code(), Some(40000));
    }

    #[test]
    fn html_error_page_maps_by_status() {
        let err = decode::<()>(502, b"<html>Bad gateway</html>", Some("r2".into())).unwrap_err();
        assert_eq!(err.code(), Some(50002));
        assert!(err.user_message().contains("HTTP 502"));
        assert!(err.user_message().contains("Reference: r2."));
    }

    #[test]
    fn malformed_success_is_an_error_not_a_panic() {
        for body in [
            &b"{"[..],
            b"",
            b"null",
            br#"{"code":20000,"data":{"total":"x"}}"#,
        ] {
            assert!(matches!(
                decode::<KeyList>(200, body, None),
                Err(ApiError::Malformed { status: 200, .. })
            ));
        }
    }

    #[test]
    fn unauthorized_whatever_the_body() {
        assert!(matches!(
            decode::<()>(401, b"nope", None),
            Err(ApiError::Unauthorized { .. })
        ));
    }
}
