//! Property tests over real HTTP: any string as a key's description is either stored and returned
//! verbatim after trimming (in the create's answer and in the list), or refused with 400/40000 and a
//! message naming the rule. 300 generated strings by default (`PROPTEST_CASES` overrides).

mod common;

use std::cell::Cell;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Value};

/// Strings that reach every rule: anything at all, printable text near the 256-character limit with
/// whitespace of several kinds around it, and text with control characters inside or at the edges.
fn descriptions() -> impl Strategy<Value = String> {
    let padding = "[ \t\n\r\u{a0}\u{2028}\u{3000}\u{feff}]{0,4}";
    prop_oneof![
        any::<String>(),
        "\\PC{0,40}",
        (padding, "\\PC{250,262}", padding).prop_map(|(a, b, c)| format!("{a}{b}{c}")),
        (
            padding,
            "[a-zé€😀 ]{0,20}",
            "\\p{Cc}",
            "[a-z]{0,20}",
            padding
        )
            .prop_map(|(a, b, c, d, e)| format!("{a}{b}{c}{d}{e}")),
        // Format characters (bidi overrides, zero-width) are not control characters: stored as sent.
        "[a-z]{1,5}[\u{200b}\u{200e}\u{202e}\u{2066}][a-z]{1,5}",
    ]
}

#[test]
fn any_description_is_stored_trimmed_or_refused_with_40000() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = temp_db();
    let server = rt.block_on(Server::start(&db.path, &["--max-keys", "1000000"]));
    let session = rt.block_on(sign_in(&server, &plain(), "alice"));
    let http = plain();
    let (stored, refused) = (Cell::new(0u32), Cell::new(0u32));

    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let mut runner = TestRunner::new(Config {
        failure_persistence: None,
        ..Config::with_cases(cases)
    });
    let result = runner.run(&descriptions(), |raw| {
        rt.block_on(async {
            let (status, body) = send(
                http.post(server.url("/application-keys"))
                    .bearer_auth(&session)
                    .json(&json!({ "description": raw })),
            )
            .await;
            let trimmed = raw.trim();
            let has_control = trimmed.chars().any(char::is_control);
            let too_long = trimmed.chars().count() > 256;
            if status != 200 {
                prop_assert_eq!(status, 400, "{}", body);
                prop_assert_eq!(&body["code"], 40000, "{}", body);
                let message = body["message"].as_str().unwrap_or_default();
                let names_rule = (has_control && message.contains("control characters"))
                    || (too_long && message.contains("256 characters"));
                prop_assert!(names_rule, "refused without a broken rule named: {}", body);
                refused.set(refused.get() + 1);
                return Ok(());
            }
            prop_assert!(
                !has_control && !too_long,
                "accepted a description that breaks a rule: {:?}",
                raw
            );
            let expected = if trimmed.is_empty() {
                Value::Null
            } else {
                Value::from(trimmed)
            };
            let key = &body["data"];
            prop_assert_eq!(&key["description"], &expected);
            let client_id = key["client_id"].as_str().unwrap().to_string();

            let (_, list) = send(
                http.get(server.url("/application-keys"))
                    .bearer_auth(&session),
            )
            .await;
            let listed = list["data"]["list"]
                .as_array()
                .unwrap()
                .iter()
                .find(|k| k["client_id"] == client_id.as_str())
                .cloned()
                .ok_or_else(|| TestCaseError::fail("created key not listed"))?;
            prop_assert_eq!(&listed["description"], &expected);
            let (status, _) = send(
                http.delete(server.url(&format!("/application-keys/{client_id}")))
                    .bearer_auth(&session),
            )
            .await;
            prop_assert_eq!(status, 200);
            stored.set(stored.get() + 1);
            Ok(())
        })
    });
    println!(
        "property figures: descriptions over HTTP: cases {}, stored verbatim after trimming {}, refused 40000 {}",
        stored.get() + refused.get(),
        stored.get(),
        refused.get()
    );
    rt.block_on(server.stop());
    if let Err(err) = result {
        panic!("{err}");
    }
}
