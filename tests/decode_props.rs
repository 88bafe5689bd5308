//! Property tests for the page's response decoding: any status with any byte sequence as a body gives
//! `Ok` or a typed `ApiError`, never a panic, for every type the page decodes.
#![cfg(not(target_arch = "wasm32"))]

use appkeys::api::{decode, ApiError, CreatedKey, KeyList, Session};
use std::cell::RefCell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Value};

/// Arbitrary JSON, nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        Just(Value::from("2026-11-26T21:14:43Z")),
        Just(Value::from(20000)),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("code".to_string()),
                    Just("data".to_string()),
                    Just("message".to_string()),
                    Just("total".to_string()),
                    Just("list".to_string()),
                    Just("client_id".to_string()),
                    Just("description".to_string()),
                    Just("created_at".to_string()),
                    Just("last_used_at".to_string()),
                    Just("secret".to_string()),
                    Just("username".to_string()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Bodies: random bytes, arbitrary JSON, and envelopes close to what a server sends, as bytes,
/// sometimes cut short.
fn bodies() -> impl Strategy<Value = Vec<u8>> {
    let code = prop_oneof![
        Just(json!(20000)),
        Just(json!(40000)),
        any::<u32>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        json_value(),
    ];
    let envelope = (code, json_value(), json_value(), any::<u8>())
        .boxed()
        .prop_map(|(code, data, message, shape)| {
            let mut env = serde_json::Map::new();
            if shape & 1 != 0 {
                env.insert("code".into(), code);
            }
            if shape & 2 != 0 {
                env.insert("data".into(), data);
            }
            if shape & 4 != 0 {
                env.insert("message".into(), message);
            }
            serde_json::to_vec(&Value::Object(env)).unwrap()
        })
        .boxed();
    // Success envelopes whose fields are mostly right, so the typed decoding itself is exercised.
    let field = |valid: Value| prop_oneof![4 => Just(valid), 1 => json_value()];
    let key = (
        field(json!("6f1c2a7e-3b4d-4c5e-8f90-a1b2c3d4e5f6")),
        field(json!("CI deploy")),
        field(json!("2026-11-26T21:14:43Z")),
        field(Value::Null),
        field(json!("A".repeat(40))),
    )
        .prop_map(|(client_id, description, created_at, last_used_at, secret)| {
            json!({ "client_id": client_id, "description": description, "created_at": created_at,
                    "last_used_at": last_used_at, "secret": secret, "username": "alice" })
        });
    let near_valid = (
        prop::collection::vec(key.clone(), 0..4),
        key,
        field(json!(2)),
        200u16..300,
    )
        .prop_map(|(list, one, total, pick)| {
            let data = if pick % 2 == 0 {
                json!({ "total": total, "list": list })
            } else {
                one
            };
            serde_json::to_vec(&json!({ "code": 20000, "data": data })).unwrap()
        });
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        near_valid,
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        envelope.clone(),
        (envelope, any::<prop::sample::Index>()).prop_map(|(bytes, cut)| {
            let at = cut.index(bytes.len() + 1);
            bytes[..at].to_vec()
        }),
    ]
}

fn statuses() -> impl Strategy<Value = u16> {
    prop_oneof![
        any::<u16>(),
        100u16..600,
        prop::sample::select(vec![
            200u16, 201, 204, 400, 401, 403, 404, 409, 413, 429, 500, 502, 503
        ]),
    ]
}

/// Counts of outcomes, printed as the test's figures.
#[derive(Default)]
struct Tally {
    ok: u32,
    unauthorized: u32,
    rejected: u32,
    malformed: u32,
}

/// What must hold for every decoded result.
fn check<T>(
    tally: &mut Tally,
    status: u16,
    body: &[u8],
    request_id: &Option<String>,
    result: Result<T, ApiError>,
) {
    match result {
        Ok(_) => {
            assert!((200..300).contains(&status), "Ok for HTTP {status}");
            let envelope: Value = serde_json::from_slice(body).expect("Ok only for JSON");
            assert_eq!(envelope["code"], 20000, "Ok only for the success envelope");
            tally.ok += 1;
        }
        Err(err) => {
            assert_eq!(err.status(), Some(status), "{err:?}");
            assert_eq!(err.request_id(), request_id.as_deref());
            assert!(!err.to_string().is_empty());
            assert!(!err.to_string().is_empty());
            let _ = (err.code(), err.is_transient());
            if status == 401 {
                assert!(matches!(err, ApiError::Unauthorized { .. }), "{err:?}");
            }
            match err {
                ApiError::Unauthorized { .. } => tally.unauthorized += 1,
                ApiError::Rejected { .. } => tally.rejected += 1,
                ApiError::Malformed { .. } => tally.malformed += 1,
                other => panic!("decode never reports {other:?}"),
            }
        }
    }
}

#[test]
fn any_status_and_body_decode_to_ok_or_a_typed_error() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let mut runner = TestRunner::new(Config {
        failure_persistence: None,
        ..Config::with_cases(cases)
    });
    let tally = RefCell::new(Tally::default());
    let inputs = (statuses(), bodies(), proptest::option::of("[ -~]{0,16}"));
    let result = runner.run(&inputs, |(status, body, request_id)| {
        let t = &mut *tally.borrow_mut();
        let rid = &request_id;
        check(
            t,
            status,
            &body,
            rid,
            decode::<KeyList>(status, &body, rid.clone()),
        );
        check(
            t,
            status,
            &body,
            rid,
            decode::<CreatedKey>(status, &body, rid.clone()),
        );
        check(
            t,
            status,
            &body,
            rid,
            decode::<Session>(status, &body, rid.clone()),
        );
        check(
            t,
            status,
            &body,
            rid,
            decode::<()>(status, &body, rid.clone()),
        );
        check(
            t,
            status,
            &body,
            rid,
            decode::<Value>(status, &body, rid.clone()),
        );
        Ok(())
    });
    let t = tally.into_inner();
    println!(
        "property figures: decode: {cases} inputs x 5 types = {} decodes: ok {}, unauthorized {}, rejected {}, \
         malformed {}, panics 0",
        t.ok + t.unauthorized + t.rejected + t.malformed,
        t.ok,
        t.unauthorized,
        t.rejected,
        t.malformed
    );
    if let Err(err) = result {
        panic!("{err}");
    }
}
