//! Secrets in the scannable form (`aks_…`, issue 33): made by create and rotate with the
//! configured prefix, and a look-alike whose checksum fails is refused at /token without touching
//! the key it names: no usage count, no event, no failure counted against that key.

mod common;

use common::*;
use r2d2_sqlite::rusqlite::Connection;
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn as_console(method: Method, url: String, session: &str) -> reqwest::RequestBuilder {
    plain()
        .request(method, url)
        .bearer_auth(session)
        .header("X-Requested-With", "appkeys-test")
}

fn scannable(secret: &str, prefix: &str) -> bool {
    let rest = secret
        .strip_prefix(&format!("{prefix}_"))
        .unwrap_or_default();
    rest.len() == 36 && rest.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The secret with its last character (part of the checksum) changed.
fn typo(secret: &str) -> String {
    let mut typo = secret.to_string();
    let last = typo.pop().unwrap();
    typo.push(if last == 'a' { 'b' } else { 'a' });
    typo
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_secrets_carry_the_prefix_and_a_checksum_that_token_checks_first() {
    let db = temp_db();
    let server = Server::start(
        &db.path,
        &["--secret-prefix", "dp7", "--token-failures-per-minute", "3"],
    )
    .await;
    let session = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &session, json!({ "description": "scanned" })).await;
    let (id, secret) = (
        key["client_id"].as_str().unwrap().to_string(),
        key["secret"].as_str().unwrap().to_string(),
    );
    assert!(scannable(&secret, "dp7"), "{secret}");

    // Ten look-alikes with a failing checksum: each refused like a wrong secret. The key's own
    // failure limit (3 a minute) is never reached and nothing is counted or logged for it.
    for _ in 0..10 {
        let (status, body, _) = token(&server, &id, &typo(&secret)).await;
        if status == 429 {
            // The caller's address is limited after its failures: that is where they count.
            break;
        }
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("invalid_client"))
        );
    }
    let url = server.url(&format!("/application-keys/events?client_id={id}"));
    let (_, log) = send(as_console(Method::GET, url, &session)).await;
    let types: Vec<&Value> = log["data"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["type"])
        .collect();
    assert_eq!(types, [&json!("key.created")]);
    let url = server.url(&format!("/application-keys/{id}/usage?days=1"));
    let (_, usage) = send(as_console(Method::GET, url, &session)).await;
    assert_eq!(usage["data"]["days"][0]["refused_secret"], 0);

    // The right secret still works from another address's point of view: the key was not limited.
    let (status, _, _) = token(&server, &id, &secret).await;
    assert_eq!(status, 200);

    // A rotation's secret has the form too.
    let url = server.url(&format!("/application-keys/{id}/rotate"));
    let body = json!({ "previous_secret_expires_in": 0 });
    let (status, rotated) = send(as_console(Method::POST, url, &session).json(&body)).await;
    assert_eq!(status, 200, "{rotated}");
    assert!(scannable(
        rotated["data"]["secret"].as_str().unwrap(),
        "dp7"
    ));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prefix_that_is_not_two_to_eight_letters_and_digits_stops_the_server() {
    let db = temp_db();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_appkeys-server"))
        .args(["--db", db.path.to_str().unwrap(), "--secret-prefix", "a_b"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("2 to 8 ASCII letters and digits"), "{said}");
}

/// A secret made before the scannable form (40 letters and digits, no `_`) still works: the store
/// holds only its digest, and only a string with the `_` form is held to the checksum. (On
/// SQLite's file, where the test can put an old digest in place.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_from_before_the_form_keeps_working() {
    let db = temp_db();
    if sqlite_only(
        &db,
        "an old secret's digest is written into the SQLite file",
    ) {
        return;
    }
    let server = Server::start(&db.path, &[]).await;
    let session = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &session, json!({ "description": "from 2025" })).await;
    let id = key["client_id"].as_str().unwrap().to_string();
    server.stop().await;

    let old = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
    let file = Connection::open(&db.path).unwrap();
    file.busy_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    let digest = Sha256::digest(old.as_bytes()).to_vec();
    let changed = file
        .execute(
            "UPDATE application_keys SET secret_digest = ?1 WHERE client_id = ?2",
            (digest, &id),
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(file);

    let server = Server::start(&db.path, &[]).await;
    assert_eq!(token(&server, &id, old).await.0, 200);
    assert_eq!(token(&server, &id, &old.replace('A', "B")).await.0, 401);
    server.stop().await;
}
