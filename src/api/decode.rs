//! Turns a status and a body into the typed `data` of the envelope, or an [`ApiError`].
//! Pure, so every byte sequence a server (or a proxy in front of it) can send is testable natively.

use super::error::ApiError;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Deserialize;

/// The contract's success code.
const OK: u32 = 20000;

/// The envelope, read straight into the expected `data` type: one parse, no intermediate tree.
#[derive(Deserialize)]
struct Envelope<T> {
    code: Option<u32>,
    data: Option<T>,
    message: Option<String>,
}

/// The envelope of `body`, if it is one. serde's derived decoding also takes a JSON array by
/// position (`[20000, null]`); the contract's envelope is an object, so only an object counts.
fn envelope<T: DeserializeOwned>(body: &[u8]) -> Option<Envelope<T>> {
    if !body.trim_ascii_start().starts_with(b"{") {
        return None;
    }
    serde_json::from_slice(body).ok()
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
    if (200..300).contains(&status) {
        // A 2xx whose body is not the success envelope with its data: nothing in it can be trusted.
        let data = match envelope::<T>(body) {
            Some(Envelope {
                code: Some(OK),
                data: Some(data),
                ..
            }) => Some(data),
            // No `data` is right only where nothing is expected (`T = ()`).
            Some(Envelope { code: Some(OK), .. }) => serde_json::from_slice(b"null").ok(),
            _ => None,
        };
        return data.ok_or(ApiError::Malformed { status, request_id });
    }
    // An error envelope, or an error page from a proxy (the status still says what happened).
    let (code, message) = match envelope::<IgnoredAny>(body) {
        Some(envelope) => (envelope.code, envelope.message),
        None => (None, None),
    };
    Err(ApiError::Rejected {
        status,
        code,
        message,
        request_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{CreatedKey, Key, KeyList, RotatedKey};

    #[test]
    fn success_envelope_gives_data() {
        let body = br#"{"code":20000,"data":{"total":1,"list":[{"client_id":"a","description":null,"created_at":"2026-11-26T21:14:43Z","last_used_at":null}]}}"#;
        let list: KeyList = decode(200, body, None).unwrap();
        assert_eq!(list.total, 1);
        assert_eq!(list.list[0].label(), "-");
    }

    #[test]
    fn timestamps_with_and_without_fractional_seconds_are_read() {
        let body = br#"{"code":20000,"data":{"total":2,"list":[
            {"client_id":"b","description":null,"created_at":"2026-11-26T21:14:43.518204Z","last_used_at":"2026-11-26T21:15:00.5Z"},
            {"client_id":"a","description":null,"created_at":"2026-11-26T21:14:43Z","last_used_at":null}]}}"#;
        let list: KeyList = decode(200, body, None).unwrap();
        let (newer, older) = (&list.list[0], &list.list[1]);
        assert_eq!(newer.created_at.timestamp_subsec_micros(), 518_204);
        assert_eq!(newer.created_at.timestamp(), older.created_at.timestamp());
        assert!(newer.created_at > older.created_at);
        assert_eq!(newer.last_used_at.unwrap().timestamp_subsec_millis(), 500);
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
            err,
            ApiError::Rejected {
                status: 400,
                code: Some(40000),
                message: Some("The description is longer than 256 characters.".into()),
                request_id: Some("r1".into()),
            }
        );
    }

    /// Found by tests/decode_props.rs: serde's derived decoding fills a struct from an array.
    #[test]
    fn an_array_is_not_an_envelope() {
        let err = decode::<()>(200, br#"[20000,null,""]"#, None).unwrap_err();
        assert!(matches!(err, ApiError::Malformed { status: 200, .. }));
        let err = decode::<()>(400, br#"[40001,null,"from the array"]"#, None).unwrap_err();
        assert_eq!(err.code(), Some(40000), "the code comes from the status");
        assert!(matches!(err, ApiError::Rejected { message: None, .. }));
    }

    #[test]
    fn html_error_page_maps_by_status() {
        let err = decode::<()>(502, b"<html>Bad gateway</html>", Some("r2".into())).unwrap_err();
        assert_eq!(err.code(), Some(50002));
        assert_eq!(
            err,
            ApiError::Rejected {
                status: 502,
                code: None,
                message: None,
                request_id: Some("r2".into())
            }
        );
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

    #[test]
    fn a_key_with_a_secret_is_read_as_the_answer_needs_it() {
        let body = br#"{"code":20000,"data":{"client_id":"c","description":"ci","created_at":"2026-11-26T21:14:43Z","secret":"s3cret","previous_secret_expires_at":"2026-11-26T22:14:43Z"}}"#;
        let rotated: RotatedKey = decode(200, body, None).unwrap();
        assert_eq!(
            (rotated.key.name(), rotated.secret.expose()),
            ("ci", "s3cret")
        );
        assert!(rotated.previous_secret_expires_at.is_some());
        let created: CreatedKey = decode(200, body, None).unwrap();
        assert_eq!(created.secret.expose(), "s3cret");
        // A listed key never keeps a secret, even one a backend sent by mistake.
        let key: Key = decode(200, body, None).unwrap();
        assert_eq!(key.client_id, "c");
    }

    #[test]
    fn an_answer_that_should_carry_a_secret_and_does_not_is_malformed() {
        let body = br#"{"code":20000,"data":{"client_id":"c","description":null,"created_at":"2026-11-26T21:14:43Z"}}"#;
        let created = decode::<CreatedKey>(201, body, None);
        assert!(matches!(created, Err(ApiError::Malformed { .. })));
        let rotated = decode::<RotatedKey>(200, body, None);
        assert!(matches!(rotated, Err(ApiError::Malformed { .. })));
    }
}
