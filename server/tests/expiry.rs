//! Keys that expire: the allowed range of `expires_at` (1 hour to `--max-expiry-days`), and, with
//! the test clock moved past it, the key refused at /token, its access tokens at /whoami, and the
//! key still listed.

mod common;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use r2d2_sqlite::rusqlite::Connection;
use serde_json::{json, Value};

const DAY: u64 = 86_400;

/// RFC 3339 for the system time plus `ahead` (the server's time too, until a test moves its clock).
fn from_now(ahead: TimeDelta) -> String {
    (Utc::now() + ahead).to_rfc3339()
}

fn instant(text: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// Asserts a 400 whose message says `says`.
fn assert_refused(status: u16, body: &Value, says: &str) {
    assert_error(status, body, 400);
    assert!(
        body["message"].as_str().unwrap().contains(says),
        "expected {says:?} in {body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_maximum_every_key_expires_within_it() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--max-expiry-days", "90", "--test-clock"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let range = "expires_at must be between 1 hour and 90 days from now.";

    for too_soon in [
        TimeDelta::minutes(59),
        TimeDelta::zero(),
        -TimeDelta::days(1),
    ] {
        let (status, body) =
            try_create_key(&server, &alice, json!({ "expires_at": from_now(too_soon) })).await;
        assert_refused(status, &body, range);
    }
    let (status, body) = try_create_key(
        &server,
        &alice,
        json!({ "expires_at": from_now(TimeDelta::days(90) + TimeDelta::minutes(1)) }),
    )
    .await;
    assert_refused(status, &body, range);
    for never in [json!({}), json!({ "expires_at": null })] {
        let (status, body) = try_create_key(&server, &alice, never).await;
        assert_refused(status, &body, "keys must expire within 90 days");
    }
    for not_a_time in [
        json!("2027-01-31"),
        json!("in 30 days"),
        json!(1_800_000_000),
    ] {
        let (status, body) =
            try_create_key(&server, &alice, json!({ "expires_at": not_a_time })).await;
        assert_error(status, &body, 400);
    }
    assert!(list_keys(&server, &alice).await.is_empty());

    // In range, in any offset: stored and shown in UTC, in the list too.
    let asked = (Utc::now() + TimeDelta::days(30))
        .with_timezone(&chrono::FixedOffset::east_opt(2 * 3600).unwrap())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let body = json!({ "description": "30 days", "expires_at": asked, "request_id": "thirty" });
    let key = create_key(&server, &alice, body.clone()).await;
    let expires_at = key["expires_at"].as_str().unwrap();
    assert!(expires_at.ends_with('Z'), "{expires_at}");
    assert_eq!(instant(&key["expires_at"]), instant(&json!(asked)));
    let listed = list_keys(&server, &alice).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["expires_at"], expires_at);
    // The same request_id answers the same key, its expiry included.
    assert_eq!(create_key(&server, &alice, body).await, key);

    // The range is measured from the server's clock: 10 days on, 95 days from the system time
    // is within 90 days from the server's now.
    // (The 12-hour session has ended by then: sign in again.)
    advance_clock(&server, 10 * DAY).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(
        &server,
        &alice,
        json!({ "expires_at": from_now(TimeDelta::days(95)) }),
    )
    .await;
    let created = instant(&key["created_at"]);
    assert!(created > Utc::now() + TimeDelta::days(10) - TimeDelta::minutes(1));
    let (status, body) = try_create_key(
        &server,
        &alice,
        json!({ "expires_at": from_now(TimeDelta::days(10)) }),
    )
    .await;
    assert_refused(status, &body, range);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_maximum_keys_may_expire_or_not() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;

    let never = create_key(&server, &alice, json!({})).await;
    assert_eq!(never["expires_at"], Value::Null);
    let null = create_key(&server, &alice, json!({ "expires_at": null })).await;
    assert_eq!(null["expires_at"], Value::Null);
    let (status, body) = try_create_key(
        &server,
        &alice,
        json!({ "expires_at": from_now(TimeDelta::minutes(59)) }),
    )
    .await;
    assert_refused(
        status,
        &body,
        "expires_at must be at least 1 hour from now.",
    );
    let far = create_key(
        &server,
        &alice,
        json!({ "expires_at": from_now(TimeDelta::days(50 * 365)) }),
    )
    .await;
    let soon = create_key(
        &server,
        &alice,
        json!({ "expires_at": from_now(TimeDelta::minutes(61)) }),
    )
    .await;
    let listed: Vec<Value> = list_keys(&server, &alice)
        .await
        .iter()
        .map(|k| k["expires_at"].clone())
        .collect();
    assert_eq!(
        listed,
        [&soon, &far, &null, &never].map(|k| k["expires_at"].clone())
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_key_and_its_tokens_are_refused_and_the_key_stays_listed() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock", "--max-expiry-days", "90"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(
        &server,
        &alice,
        json!({ "description": "30 days", "expires_at": from_now(TimeDelta::days(30)) }),
    )
    .await;
    let other = create_key(
        &server,
        &alice,
        json!({ "description": "60 days", "expires_at": from_now(TimeDelta::days(60)) }),
    )
    .await;
    let (id, secret) = (
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    );
    let whoami = |token: &str| plain().get(server.url("/whoami")).bearer_auth(token);

    // Ten minutes before the end, a token lives what is left of the key, not the full hour.
    let (status, body, _) = token(&server, id, secret).await;
    assert_eq!((status, &body["expires_in"]), (200, &json!(3600)), "{body}");
    advance_clock(&server, 30 * DAY - 600).await;
    let (status, body, _) = token(&server, id, secret).await;
    assert_eq!(status, 200, "{body}");
    let expires_in = body["expires_in"].as_u64().unwrap();
    assert!((590..=600).contains(&expires_in), "expires_in {expires_in}");
    let last_token = body["access_token"].as_str().unwrap().to_string();
    let (status, body) = send(whoami(&last_token)).await;
    assert_eq!(status, 200, "{body}");

    // A token stored with a later end than its key's (as a longer lifetime would give) is refused
    // all the same once the key has expired: the key's expiry is checked at each use.
    // (On SQLite's file only: the PostgreSQL store runs the same query.)
    if !db.postgres {
        let file = Connection::open(&db.path).unwrap();
        file.busy_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        let far = (Utc::now() + TimeDelta::days(365)).timestamp();
        file.execute(
            "UPDATE access_tokens SET expires_at = ?1 WHERE client_id = ?2",
            (far, id),
        )
        .unwrap();
        drop(file);
    }

    advance_clock(&server, 600).await;
    let (status, body, headers) = token(&server, id, secret).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({ "error": "invalid_client", "error_description": "The application key has expired." })
    );
    assert!(headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Basic"));
    // A wrong secret learns nothing about the key: the usual answer.
    let (status, body, _) = token(&server, id, &"A".repeat(40)).await;
    assert_eq!(status, 401);
    assert_eq!(
        body["error_description"],
        "The client credentials are unknown or wrong."
    );
    let (status, body) = send(whoami(&last_token)).await;
    assert_error(status, &body, 401);

    // The other key still works.
    let (status, body, _) = token(
        &server,
        other["client_id"].as_str().unwrap(),
        other["secret"].as_str().unwrap(),
    )
    .await;
    assert_eq!((status, &body["expires_in"]), (200, &json!(3600)), "{body}");

    // 30 days on, the console session has ended too; signed in again, both keys are listed.
    let alice = sign_in(&server, &plain(), "alice").await;
    let listed = list_keys(&server, &alice).await;
    let expired = listed
        .iter()
        .find(|k| k["client_id"] == id)
        .expect("listed");
    assert_eq!(expired["expires_at"], key["expires_at"]);
    assert_eq!(expired["description"], "30 days");
    assert_eq!(listed.len(), 2);
    server.stop().await;
}

/// A database from before keys could expire: migration 3 gives its keys no expiry, and they work
/// as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_from_before_the_migration_never_expire() {
    let db = temp_db();
    if sqlite_only(&db, "SQLite migrations") {
        return;
    }
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({ "description": "old" })).await;
    server.stop().await;
    // Back to schema version 2, as a server before this change left it (undoing migration 4 too).
    let file = Connection::open(&db.path).unwrap();
    file.execute_batch(UNDO_MIGRATIONS_6_TO_4).unwrap();
    file.execute_batch(
        "ALTER TABLE application_keys DROP COLUMN expires_at; PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(file);

    let server = Server::start(&db.path, &["--test-clock"]).await;
    let listed = list_keys(&server, &alice).await;
    assert_eq!(listed[0]["client_id"], key["client_id"]);
    assert_eq!(listed[0]["expires_at"], Value::Null);
    advance_clock(&server, 3650 * DAY).await;
    let (status, body, _) = token(
        &server,
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, 200, "ten years on: {body}");
    server.stop().await;
}
