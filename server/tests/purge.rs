//! Expired sessions and access tokens do not pile up: the periodic purge deletes their rows and
//! leaves the live ones working.

mod common;

use std::time::{Duration, Instant};

use common::*;
use r2d2_sqlite::rusqlite::Connection;
use serde_json::json;

fn count(db: &Connection, table: &str) -> i64 {
    db.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |row| {
        row.get(0)
    })
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_sessions_and_tokens_are_purged_and_live_ones_kept() {
    let db = temp_db();
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
