//! Expired sessions and access tokens do not pile up: the periodic purge deletes their rows and
//! leaves the live ones working.

mod common;

use std::time::{Duration, Instant};

use common::*;
use r2d2_sqlite::rusqlite::Connection;
use serde_json::json;

/// Polls `done` until it holds; fails after 15 s.
async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done() {
        assert!(Instant::now() < deadline, "waited in vain: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn count(db: &Connection, table: &str) -> i64 {
    db.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
        row.get(0)
    })
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_sessions_and_tokens_are_purged_and_live_ones_kept() {
    let db = temp_db();
    if sqlite_only(
        &db,
        "the purge test writes expired rows into the SQLite file",
    ) {
        return;
    }
    let server = Server::start(&db.path, &["--purge-interval", "1"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({})).await;
    let (client_id, secret) = (
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    );
    let (status, body, _) = token(&server, client_id, secret).await;
    assert_eq!(status, 200, "{body}");
    let access_token = body["access_token"].as_str().unwrap().to_string();

    // Rows that expired a minute ago, as a long-running server accumulates them.
    let file = Connection::open(&db.path).unwrap();
    file.busy_timeout(Duration::from_secs(10)).unwrap();
    let past = chrono::Utc::now().timestamp() - 60;
    let account: String = file
        .query_row(
            "SELECT id FROM accounts WHERE username = 'alice'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for i in 0..50u8 {
        file.execute(
            "INSERT INTO sessions (token_digest, account_id, created_at, expires_at) VALUES (?1, ?2, '2026-01-01T00:00:00.000000Z', ?3)",
            (vec![i; 32], &account, past),
        )
        .unwrap();
        file.execute(
            "INSERT INTO access_tokens (token_digest, client_id, expires_at) VALUES (?1, ?2, ?3)",
            (vec![i; 32], client_id, past),
        )
        .unwrap();
    }
    assert_eq!(
        (count(&file, "sessions"), count(&file, "access_tokens")),
        (51, 51)
    );

    let deadline = Instant::now() + Duration::from_secs(15);
    while (count(&file, "sessions"), count(&file, "access_tokens")) != (1, 1) {
        assert!(
            Instant::now() < deadline,
            "the expired rows were not purged"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The live session and the live access token still work.
    let (status, _) = send(plain().get(server.url("/session")).bearer_auth(&alice)).await;
    assert_eq!(status, 200);
    let (status, _) = send(
        plain()
            .get(server.url("/whoami"))
            .bearer_auth(&access_token),
    )
    .await;
    assert_eq!(status, 200);
    server.stop().await;
}

/// The purge takes the access tokens of a key that has expired, never the key: it stays listed
/// until its owner deletes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_purge_keeps_expired_keys() {
    let db = temp_db();
    if sqlite_only(&db, "the purge test counts rows in the SQLite file") {
        return;
    }
    let server = Server::start(&db.path, &["--purge-interval", "1", "--test-clock"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let expires_at = (chrono::Utc::now() + chrono::TimeDelta::hours(2)).to_rfc3339();
    let key = create_key(&server, &alice, json!({ "expires_at": expires_at })).await;
    let (status, body, _) = token(
        &server,
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let file = Connection::open(&db.path).unwrap();
    file.busy_timeout(Duration::from_secs(10)).unwrap();
    advance_clock(&server, 3 * 3600).await;
    wait_until("the expired token was purged", || {
        count(&file, "access_tokens") == 0
    })
    .await;
    // Then one more purge, so that the one that took the token has surely finished: each deletes
    // sessions first, so a dead session inserted now is taken by the next one, which starts only
    // after this one has ended.
    let bob: String = file
        .query_row("SELECT id FROM accounts WHERE username = 'bob'", [], |r| {
            r.get(0)
        })
        .unwrap();
    file.execute(
        "INSERT INTO sessions (token_digest, account_id, created_at, expires_at)
         VALUES (x'00', ?1, '2026-01-01T00:00:00.000000Z', 0)",
        [&bob],
    )
    .unwrap();
    wait_until("the next purge ran", || count(&file, "sessions") == 1).await;

    let listed = list_keys(&server, &alice).await;
    assert_eq!(listed.len(), 1, "the expired key is still listed");
    assert_eq!(listed[0]["client_id"], key["client_id"]);
    server.stop().await;
}

/// Rows in `table` of the test's database.
async fn rows(db: &TempDb, table: &str) -> i64 {
    read_number(db, &format!("SELECT COUNT(*) FROM {table}"), &[]).await
}

/// (sessions, access tokens, sealed request_id answers)
async fn purgeable(db: &TempDb) -> (i64, i64, i64) {
    (
        rows(db, "sessions").await,
        rows(db, "access_tokens").await,
        rows(db, "replays").await,
    )
}

/// The purge on either store (the tests above edit the SQLite file, so they run on SQLite only):
/// sessions, access tokens and a sealed request_id answer made through the API expire by the test
/// clock; the purge deletes their rows, and leaves the session and token made after the jump, and
/// every key, the one that expired too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_purge_takes_what_expired_by_the_test_clock_on_either_store() {
    let db = temp_db();
    let store = if db.postgres { "PostgreSQL" } else { "SQLite" };
    let server = Server::start(&db.path, &["--purge-interval", "1", "--test-clock"]).await;
    let mut old_sessions = Vec::new();
    for _ in 0..3 {
        old_sessions.push(sign_in(&server, &plain(), "alice").await);
    }
    let key = create_key(
        &server,
        &old_sessions[0],
        json!({ "description": "kept", "request_id": "purge-test" }),
    )
    .await;
    let in_two_hours = (chrono::Utc::now() + chrono::TimeDelta::hours(2)).to_rfc3339();
    create_key(
        &server,
        &old_sessions[1],
        json!({ "description": "expires", "expires_at": in_two_hours }),
    )
    .await;
    let (client_id, secret) = (
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    );
    let mut old_tokens = Vec::new();
    for _ in 0..3 {
        let (status, body, _) = token(&server, client_id, secret).await;
        assert_eq!(status, 200, "{body}");
        old_tokens.push(body["access_token"].as_str().unwrap().to_string());
    }
    let before = purgeable(&db).await;
    assert_eq!(before, (3, 3, 1), "{store}: the rows made before the jump");

    // Past the session lifetime (12 h by default), and so past the tokens' (1 h), the replay
    // window (10 min) and the second key's expiry (2 h).
    advance_clock(&server, 12 * 3600 + 60).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (status, body, _) = token(&server, client_id, secret).await;
    assert_eq!(status, 200, "{body}");
    let access_token = body["access_token"].as_str().unwrap().to_string();

    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let now = purgeable(&db).await;
        if now == (1, 1, 0) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{store}: the expired rows were not purged: {now:?} rows left"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!("purge figures ({store}): (sessions, access tokens, request_id answers) {before:?} before the jump, (1, 1, 0) after the purge");

    for old in &old_sessions {
        let (status, _) = send(plain().get(server.url("/session")).bearer_auth(old)).await;
        assert_eq!(status, 401, "{store}: an expired session");
    }
    for old in &old_tokens {
        let (status, _) = send(plain().get(server.url("/whoami")).bearer_auth(old)).await;
        assert_eq!(status, 401, "{store}: an expired access token");
    }
    let (status, _) = send(plain().get(server.url("/session")).bearer_auth(&alice)).await;
    assert_eq!(status, 200, "{store}: the live session");
    let (status, _) = send(
        plain()
            .get(server.url("/whoami"))
            .bearer_auth(&access_token),
    )
    .await;
    assert_eq!(status, 200, "{store}: the live access token");
    let listed = list_keys(&server, &alice).await;
    assert_eq!(listed.len(), 2, "{store}: both keys, the expired one too");
    server.stop().await;
}
