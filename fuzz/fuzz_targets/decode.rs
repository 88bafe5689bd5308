//! libFuzzer target: the first two bytes are the HTTP status (little endian), the rest the body.
//! Every decoded type must give `Ok` (only for a 2xx success envelope) or a typed `ApiError` that
//! keeps the status and renders a message; a panic is a finding.
#![no_main]

use appkeys::api::{decode, ApiError, CreatedKey, KeyList, Session};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;

fn check<T: DeserializeOwned>(status: u16, body: &[u8]) {
    match decode::<T>(status, body, Some("fuzz".into())) {
        Ok(_) => assert!((200..300).contains(&status), "Ok for HTTP {status}"),
        Err(err) => {
            assert_eq!(err.status(), Some(status));
            assert!(!err.user_message().is_empty());
            if status == 401 {
                assert!(matches!(err, ApiError::Unauthorized { .. }));
            }
        }
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((head, body)) = input.split_first_chunk::<2>() else {
        return;
    };
    let status = u16::from_le_bytes(*head);
    check::<KeyList>(status, body);
    check::<CreatedKey>(status, body);
    check::<Session>(status, body);
    check::<()>(status, body);
    check::<serde_json::Value>(status, body);
});
