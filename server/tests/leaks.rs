//! Leak reports (issue 33): a secret scanner's signed report switches a live secret off at once,
//! with its access tokens, marks the key exposed until its rotation and logs it for the key's
//! owner only; unsigned, wrongly signed or unknown-key reports change nothing; a report sent again
//! changes nothing more.

mod common;

use base64::Engine;
use common::*;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{EncodePublicKey, LineEnding};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::Instant;

const REPORTS: &str = "/secret-scanning/reports";

fn signing_key(seed: u8) -> SigningKey {
    SigningKey::from_bytes(&[seed; 32].into()).unwrap()
}

/// The scanner's current key (7) and the one before (8), in GitHub's published shape, in a
/// directory that lives as long as the returned guard.
fn keys_file() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let entry = |id: &str, seed: u8, current: bool| {
        let pem = signing_key(seed)
            .verifying_key()
            .to_public_key_pem(LineEnding::LF)
            .unwrap();
        json!({ "key_identifier": id, "key": pem, "is_current": current })
    };
    let path = dir.path().join("scanning-keys.json");
    let file = json!({ "public_keys": [entry("current", 7, true), entry("earlier", 8, false)] });
    std::fs::write(&path, file.to_string()).unwrap();
    (dir, path.to_str().unwrap().to_string())
}

/// Posts `entries` as a report signed by the key `seed` under the name `key_id`.
async fn report(server: &Server, key_id: &str, seed: u8, entries: &Value) -> (u16, Value) {
    let body = entries.to_string();
    let signature: Signature = signing_key(seed).sign(body.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(signature.to_der().as_bytes());
    let request = plain()
        .post(server.url(REPORTS))
        .header("Content-Type", "application/json")
        .header("Github-Public-Key-Identifier", key_id)
        .header("Github-Public-Key-Signature", signature)
        .body(body);
    send(request).await
}

fn found(token: &str) -> Value {
    json!({ "token": token, "type": "appkeys_secret", "url": "https://github.com/o/r/blob/main/.env", "source": "content" })
}

fn sha256(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// A well-formed secret (right form and checksum, as server/README.md specifies it) that no key has.
fn stranger(n: usize) -> String {
    let head = format!("aks_{:0>30}", n);
    let check = format!("{:0>6}", base62::encode(crc32fast::hash(head.as_bytes())));
    head + &check
}

fn console(method: Method, server: &Server, path: &str, session: &str) -> reqwest::RequestBuilder {
    plain()
        .request(method, server.url(path))
        .bearer_auth(session)
        .header("X-Requested-With", "appkeys-test")
}

async fn exposed_events(server: &Server, session: &str) -> Vec<Value> {
    let path = "/application-keys/events?type=key.secret_exposed";
    let (_, body) = send(console(Method::GET, server, path, session)).await;
    body["data"]["events"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_report_switches_a_live_secret_off_and_rotation_brings_the_key_back() {
    let db = temp_db();
    let (_dir, keys) = keys_file();
    let server = Server::start(&db.path, &["--scanning-keys", &keys]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    let key = create_key(&server, &alice, json!({ "description": "leaky" })).await;
    let (id, secret) = (
        key["client_id"].as_str().unwrap().to_string(),
        key["secret"].as_str().unwrap().to_string(),
    );
    let (status, issued, _) = token(&server, &id, &secret).await;
    assert_eq!(status, 200);
    let access = issued["access_token"].as_str().unwrap().to_string();
    let whoami = || plain().get(server.url("/whoami")).bearer_auth(&access);
    assert_eq!(send(whoami()).await.0, 200);

    // Unsigned, signed by a stranger, or by a key the file does not name: 401, nothing changes.
    let entries = json!([found(&secret)]);
    let unsigned = plain().post(server.url(REPORTS)).json(&entries);
    assert_eq!(send(unsigned).await.0, 401);
    assert_eq!(report(&server, "current", 9, &entries).await.0, 401);
    assert_eq!(report(&server, "unknown", 7, &entries).await.0, 401);
    assert_eq!(token(&server, &id, &secret).await.0, 200);
    assert!(exposed_events(&server, &alice).await.is_empty());

    // Signed: the live secret is switched off; a stranger is a false positive; a look-alike with
    // a failing checksum and garbage are left out.
    let mut typo = secret.clone();
    typo.pop();
    typo.push(if secret.ends_with('a') { 'b' } else { 'a' });
    let entries = json!([
        found(&secret),
        found(&stranger(1)),
        found(&typo),
        found("garbage")
    ]);
    let (status, feedback) = report(&server, "current", 7, &entries).await;
    assert_eq!(status, 200, "{feedback}");
    let labels = json!([
        { "token_hash": sha256(&secret), "token_type": "appkeys_secret", "label": "true_positive" },
        { "token_hash": sha256(&stranger(1)), "token_type": "appkeys_secret", "label": "false_positive" },
    ]);
    assert_eq!(feedback, labels);
    assert!(
        !feedback.to_string().contains(&secret),
        "the answer never carries the secret"
    );
    let (status, body, _) = token(&server, &id, &secret).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    assert_eq!(
        send(whoami()).await.0,
        401,
        "its access tokens died with it"
    );
    let listed = list_keys(&server, &alice).await.remove(0);
    assert_eq!(listed["exposed"], true);
    assert_eq!(
        listed["exposed_url"],
        "https://github.com/o/r/blob/main/.env"
    );
    assert_eq!(listed["exposed_source"], "content");
    assert!(listed["exposed_at"].is_string());
    let events = exposed_events(&server, &alice).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["client_id"], id.as_str());
    assert_eq!(events[0]["actor"], json!({ "kind": "system" }));
    assert_eq!(
        events[0]["details"]["url"],
        "https://github.com/o/r/blob/main/.env"
    );
    assert!(!events[0].to_string().contains(&secret));
    assert!(
        exposed_events(&server, &bob).await.is_empty(),
        "only the owner sees it"
    );

    // Sent again, by the earlier key (GitHub rotates its keys): the same labels, nothing more.
    let (status, again) = report(&server, "earlier", 8, &entries).await;
    assert_eq!((status, &again), (200, &labels));
    assert_eq!(exposed_events(&server, &alice).await.len(), 1);

    // The owner rotates: a new secret that works, and the key is no longer exposed.
    let path = format!("/application-keys/{id}/rotate");
    let body = json!({ "previous_secret_expires_in": 0 });
    let (status, rotated) = send(console(Method::POST, &server, &path, &alice).json(&body)).await;
    assert_eq!(status, 200, "{rotated}");
    assert_eq!(rotated["data"]["exposed"], false);
    assert_eq!(rotated["data"]["exposed_url"], Value::Null);
    let new_secret = rotated["data"]["secret"].as_str().unwrap();
    assert_eq!(token(&server, &id, new_secret).await.0, 200);
    assert_eq!(list_keys(&server, &alice).await[0]["exposed"], false);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_accounts_secret_is_switched_off_too_and_a_grace_period_ends() {
    let db = temp_db();
    let (_dir, keys) = keys_file();
    let server = Server::start(&db.path, &["--scanning-keys", &keys]).await;
    let bob = sign_in(&server, &plain(), "bob").await;
    let key = create_key(&server, &bob, json!({ "description": "bob's" })).await;
    let id = key["client_id"].as_str().unwrap().to_string();
    let old = key["secret"].as_str().unwrap().to_string();
    // Rotated with a day of grace: the old secret still works, until it is reported.
    let path = format!("/application-keys/{id}/rotate");
    let body = json!({ "previous_secret_expires_in": 86_400 });
    let (_, rotated) = send(console(Method::POST, &server, &path, &bob).json(&body)).await;
    let new = rotated["data"]["secret"].as_str().unwrap().to_string();
    assert_eq!(token(&server, &id, &old).await.0, 200);

    let (status, feedback) = report(&server, "current", 7, &json!([found(&old)])).await;
    assert_eq!(
        (status, feedback[0]["label"].as_str()),
        (200, Some("true_positive"))
    );
    assert_eq!(token(&server, &id, &old).await.0, 401);
    assert_eq!(
        token(&server, &id, &new).await.0,
        401,
        "every secret of the key is off"
    );
    assert_eq!(exposed_events(&server, &bob).await.len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_entries_are_answered_well_within_githubs_thirty_seconds() {
    let db = temp_db();
    let (_dir, keys) = keys_file();
    let server = Server::start(&db.path, &["--scanning-keys", &keys]).await;
    let entries: Vec<Value> = (0..1000).map(|n| found(&stranger(n))).collect();
    let started = Instant::now();
    let (status, feedback) = report(&server, "current", 7, &json!(entries)).await;
    let took = started.elapsed();
    assert_eq!(status, 200);
    assert_eq!(feedback.as_array().unwrap().len(), 1000);
    println!("leak report: 1,000 entries answered in {took:?}");
    assert!(took.as_secs() < 30, "{took:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_scanning_keys_reports_are_off() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let (status, _) = report(&server, "current", 7, &json!([found(&stranger(1))])).await;
    assert_eq!(status, 404);
    server.stop().await;
}
