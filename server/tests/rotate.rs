//! Rotating a key (POST /application-keys/{client_id}/rotate): the new secret works at once; the old
//! one and its access tokens work until the end of the grace period (the test clock moved past it)
//! or stop at once; at most one previous secret; request_id replays; the account's own keys only;
//! and token exchanges racing a rotation, none of whose tokens outlives the old secret.

mod common;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use common::*;
use r2d2_sqlite::rusqlite::Connection;
use serde_json::{json, Value};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

fn rotate_url(server: &Server, client_id: &str) -> String {
    server.url(&format!("/application-keys/{client_id}/rotate"))
}

/// Sends a rotation as the bearer of `session`: (status, body, Cache-Control).
async fn try_rotate(
    server: &Server,
    session: &str,
    client_id: &str,
    body: Value,
) -> (u16, Value, Option<String>) {
    let res = plain()
        .post(rotate_url(server, client_id))
        .bearer_auth(session)
        .json(&body)
        .send()
        .await
        .unwrap();
    let cache_control = res
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_string());
    let (status, body) = split(res).await;
    (status, body, cache_control)
}

/// Rotates with a grace period of `grace` seconds; returns the response data (with the secret).
async fn rotate(server: &Server, session: &str, client_id: &str, grace: u64) -> Value {
    let body = json!({ "previous_secret_expires_in": grace });
    let (status, body, _) = try_rotate(server, session, client_id, body).await;
    assert_eq!(status, 200, "rotate: {body}");
    body["data"].clone()
}

/// An access token for the key, which must be issued.
async fn access_token(server: &Server, client_id: &str, secret: &str) -> (String, u64) {
    let (status, body, _) = token(server, client_id, secret).await;
    assert_eq!(status, 200, "token: {body}");
    (
        body["access_token"].as_str().unwrap().to_string(),
        body["expires_in"].as_u64().unwrap(),
    )
}

async fn whoami(server: &Server, access_token: &str) -> u16 {
    let (status, body) = send(plain().get(server.url("/whoami")).bearer_auth(access_token)).await;
    if status != 200 {
        assert_error(status, &body, 401);
    }
    status
}

/// /token's answer to a secret that no longer works: the usual refusal.
async fn assert_secret_refused(server: &Server, client_id: &str, secret: &str) {
    let (status, body, _) = token(server, client_id, secret).await;
    assert_eq!(
        (status, &body["error"]),
        (401, &json!("invalid_client")),
        "{body}"
    );
}

fn instant(text: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

fn id_and_secret(key: &Value) -> (String, String) {
    (
        key["client_id"].as_str().unwrap().to_string(),
        key["secret"].as_str().unwrap().to_string(),
    )
}

async fn listed(server: &Server, session: &str, client_id: &str) -> Value {
    let keys = list_keys(server, session).await;
    keys.into_iter()
        .find(|k| k["client_id"] == client_id)
        .expect("listed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_old_secret_and_its_tokens_work_until_the_grace_period_ends() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({ "description": "deploy" })).await;
    assert_eq!(key["rotated_at"], Value::Null);
    let (id, old) = id_and_secret(&key);
    assert_eq!(
        listed(&server, &alice, &id).await["rotated_at"],
        Value::Null
    );
    let (before, _) = access_token(&server, &id, &old).await;

    let (status, body, cache_control) = try_rotate(
        &server,
        &alice,
        &id,
        json!({ "previous_secret_expires_in": 600 }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(cache_control.as_deref(), Some("no-store"));
    let rotated = &body["data"];
    let new = rotated["secret"].as_str().unwrap().to_string();
    assert_ne!(new, old);
    assert_eq!(new.len(), 40);
    // The same key: its id, description and creation stay; rotated_at is the rotation's instant.
    for field in ["client_id", "description", "created_at", "expires_at"] {
        assert_eq!(rotated[field], key[field], "{field}");
    }
    let rotated_at = instant(&rotated["rotated_at"]);
    let grace_end = instant(&rotated["previous_secret_expires_at"]);
    assert_eq!(grace_end - rotated_at, TimeDelta::seconds(600));
    let mut expected = rotated.clone();
    for answer_only in ["secret", "previous_secret_expires_at"] {
        expected.as_object_mut().unwrap().remove(answer_only);
    }
    assert_eq!(listed(&server, &alice, &id).await, expected);

    // Both secrets work; a token from the old one lives no longer than the grace period.
    let (from_new, expires_in) = access_token(&server, &id, &new).await;
    assert_eq!(expires_in, 3600);
    let (from_old, expires_in) = access_token(&server, &id, &old).await;
    assert!((590..=600).contains(&expires_in), "expires_in {expires_in}");
    for token in [&before, &from_old, &from_new] {
        assert_eq!(whoami(&server, token).await, 200);
    }

    advance_clock(&server, 590).await;
    let (late, expires_in) = access_token(&server, &id, &old).await;
    assert!(expires_in <= 10, "expires_in {expires_in}");
    for token in [&before, &from_old, &late, &from_new] {
        assert_eq!(whoami(&server, token).await, 200, "10 s before the end");
    }

    // From the end of the grace period on: the old secret and every token issued from it refused.
    advance_clock(&server, 11).await;
    assert_secret_refused(&server, &id, &old).await;
    for token in [&before, &from_old, &late] {
        assert_eq!(whoami(&server, token).await, 401);
    }
    assert_eq!(whoami(&server, &from_new).await, 200);
    access_token(&server, &id, &new).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_grace_period_the_old_secret_and_its_tokens_stop_at_once() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, old) = id_and_secret(&create_key(&server, &alice, json!({})).await);
    let other = create_key(&server, &alice, json!({})).await;
    let (other_id, other_secret) = id_and_secret(&other);
    let (before, _) = access_token(&server, &id, &old).await;
    let (others_token, _) = access_token(&server, &other_id, &other_secret).await;

    let rotated = rotate(&server, &alice, &id, 0).await;
    assert_eq!(rotated["previous_secret_expires_at"], Value::Null);
    assert_secret_refused(&server, &id, &old).await;
    assert_eq!(whoami(&server, &before).await, 401);
    let (after, _) = access_token(&server, &id, rotated["secret"].as_str().unwrap()).await;
    assert_eq!(whoami(&server, &after).await, 200);
    // Other keys are untouched.
    assert_eq!(whoami(&server, &others_token).await, 200);
    access_token(&server, &other_id, &other_secret).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotating_again_in_the_grace_period_ends_the_older_secret_at_once() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, first) = id_and_secret(&create_key(&server, &alice, json!({})).await);
    let (first_token, _) = access_token(&server, &id, &first).await;
    let second = rotate(&server, &alice, &id, 3600).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let (second_token, _) = access_token(&server, &id, &second).await;
    assert_eq!(whoami(&server, &first_token).await, 200);

    let third = rotate(&server, &alice, &id, 3600).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    // The first secret was the previous one: it ends now, with its token. The second is the
    // previous one now, and keeps working, with its token.
    assert_secret_refused(&server, &id, &first).await;
    assert_eq!(whoami(&server, &first_token).await, 401);
    assert_eq!(whoami(&server, &second_token).await, 200);
    access_token(&server, &id, &second).await;
    access_token(&server, &id, &third).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_rotation_answers_the_same_secret_and_rotates_once() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, original) = id_and_secret(
        &create_key(
            &server,
            &alice,
            json!({ "request_id": "create-1", "description": "ci" }),
        )
        .await,
    );
    let retried = json!({ "previous_secret_expires_in": 3600, "request_id": "rotate-1" });

    let (status, first, _) = try_rotate(&server, &alice, &id, retried.clone()).await;
    assert_eq!(status, 200, "{first}");
    // Concurrent retries: every one gets the first answer.
    let mut set = JoinSet::new();
    for _ in 0..10 {
        let request = plain()
            .post(rotate_url(&server, &id))
            .bearer_auth(&alice)
            .json(&retried);
        set.spawn(async move { send(request).await });
    }
    while let Some(result) = set.join_next().await {
        let (status, again) = result.unwrap();
        assert_eq!((status, &again), (200, &first));
    }
    // Rotated once: the original secret is still the previous one (a second rotation would have
    // ended it), and the new secret is the current one.
    access_token(&server, &id, &original).await;
    access_token(&server, &id, first["data"]["secret"].as_str().unwrap()).await;
    assert_eq!(
        listed(&server, &alice, &id).await["rotated_at"],
        first["data"]["rotated_at"]
    );
    // The create's replay held the original secret, which is no longer the key's own: a retry of
    // the create says the key exists instead of showing it.
    let (status, body) = try_create_key(
        &server,
        &alice,
        json!({ "request_id": "create-1", "description": "ci" }),
    )
    .await;
    assert_error(status, &body, 409);
    assert_eq!(body["data"]["client_id"], id.as_str());

    // Another rotation ends the first one's replay: its secret is no longer current.
    rotate(&server, &alice, &id, 3600).await;
    let (status, body, _) = try_rotate(&server, &alice, &id, retried).await;
    assert_error(status, &body, 409);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("already rotated for this request_id"),
        "{body}"
    );
    assert_eq!(body["data"], json!({ "client_id": id }));

    // After a restart the answer is still replayed (it is kept in the database, sealed); past
    // its ten minutes the request_id still rotates nothing.
    let (id2, secret2) = id_and_secret(&create_key(&server, &alice, json!({})).await);
    let again = json!({ "previous_secret_expires_in": 0, "request_id": "rotate-2" });
    let (status, first, _) = try_rotate(&server, &alice, &id2, again.clone()).await;
    assert_eq!(status, 200);
    let rotated_at = listed(&server, &alice, &id2).await["rotated_at"].clone();
    server.stop().await;
    let server = Server::start(&db.path, &["--test-clock"]).await;
    let (status, replayed, _) = try_rotate(&server, &alice, &id2, again.clone()).await;
    assert_eq!((status, &replayed), (200, &first));
    advance_clock(&server, 601).await;
    let (status, body, _) = try_rotate(&server, &alice, &id2, again).await;
    assert_error(status, &body, 409);
    assert_eq!(
        listed(&server, &alice, &id2).await["rotated_at"],
        rotated_at
    );
    assert_secret_refused(&server, &id2, &secret2).await;
    // A request_id belongs to one key: the same one rotates another key.
    let same_id_other_key = json!({ "previous_secret_expires_in": 0, "request_id": "rotate-2" });
    let (status, body, _) = try_rotate(&server, &alice, &id, same_id_other_key).await;
    assert_eq!(status, 200, "{body}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_key_cannot_be_rotated_and_a_grace_period_ends_with_its_key() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let two_hours = (Utc::now() + TimeDelta::hours(2)).to_rfc3339();
    let key = create_key(&server, &alice, json!({ "expires_at": two_hours })).await;
    let (id, _) = id_and_secret(&key);

    // A day's grace on a key that ends in two hours: the old secret ends with the key.
    let rotated = rotate(&server, &alice, &id, 86_400).await;
    assert_eq!(rotated["previous_secret_expires_at"], key["expires_at"]);

    advance_clock(&server, 2 * 3600).await;
    let (status, body, _) = try_rotate(
        &server,
        &alice,
        &id,
        json!({ "previous_secret_expires_in": 0 }),
    )
    .await;
    assert_error(status, &body, 409);
    assert_eq!(
        body["message"],
        "This application key has expired and cannot be rotated. Create a new key instead."
    );
    assert_eq!(
        listed(&server, &alice, &id).await["rotated_at"],
        rotated["rotated_at"]
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_accounts_own_keys_can_be_rotated() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    let (id, secret) = id_and_secret(&create_key(&server, &alice, json!({})).await);
    let (alices_token, _) = access_token(&server, &id, &secret).await;
    let body = json!({ "previous_secret_expires_in": 0 });

    let (status, bobs, _) = try_rotate(&server, &bob, &id, body.clone()).await;
    assert_error(status, &bobs, 404);
    assert_eq!(
        bobs["message"],
        "No application key with this client_id exists in this account."
    );
    for other in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
        let (status, answer, _) = try_rotate(&server, &bob, other, body.clone()).await;
        assert_eq!((status, &answer), (404, &bobs), "{other}");
    }
    let (status, answer) = send(plain().post(rotate_url(&server, &id)).json(&body)).await;
    assert_error(status, &answer, 401);
    // By cookie, a cross-site form's request is refused before anything happens.
    let jar = browser();
    sign_in(&server, &jar, "alice").await;
    let (status, answer) = send(
        jar.post(rotate_url(&server, &id))
            .header("Content-Type", "text/plain")
            .body(body.to_string()),
    )
    .await;
    assert_error(status, &answer, 403);

    // Unchanged: never rotated, the secret and its token work.
    assert_eq!(
        listed(&server, &alice, &id).await["rotated_at"],
        Value::Null
    );
    access_token(&server, &id, &secret).await;
    assert_eq!(whoami(&server, &alices_token).await, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grace_period_is_0_to_86400_whole_seconds() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = id_and_secret(&create_key(&server, &alice, json!({})).await);
    let range = "previous_secret_expires_in must be a whole number of seconds from 0 to 86400.";
    let refusals = [
        (json!({ "previous_secret_expires_in": 86_401 }), range),
        (json!({ "previous_secret_expires_in": -1 }), range),
        (json!({ "previous_secret_expires_in": 1.5 }), range),
        (json!({ "previous_secret_expires_in": "60" }), range),
        // null reads as missing: the message names the range all the same.
        (
            json!({ "previous_secret_expires_in": null }),
            "a whole number of seconds from 0 to 86400",
        ),
        (json!({}), "previous_secret_expires_in is required"),
        (
            json!({ "previous_secret_expires_in": 0, "grace": 1 }),
            "unknown field `grace`",
        ),
        (
            json!({ "previous_secret_expires_in": 0, "request_id": "" }),
            "request_id must be 1 to 128",
        ),
        (json!([0]), "must be a JSON object"),
    ];
    for (body, says) in refusals {
        let (status, answer, _) = try_rotate(&server, &alice, &id, body.clone()).await;
        assert_error(status, &answer, 400);
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{body} → {answer}"
        );
    }
    assert_eq!(
        listed(&server, &alice, &id).await["rotated_at"],
        Value::Null
    );
    access_token(&server, &id, &secret).await;
    rotate(&server, &alice, &id, 86_400).await;
    server.stop().await;
}

/// Whatever the interleaving of exchanges with the old secret and a rotation that ends it at once
/// (a rotation may commit between /token's read-only check of the secret and its insert of the
/// token), once the rotation has answered no token issued from the old secret works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_exchanges_racing_a_rotation_never_outlive_the_old_secret() {
    const ROUNDS: usize = 10;
    const EXCHANGES: usize = 40;
    let db = temp_db();
    // The old secret refused after the rotation counts as a wrong one: without a higher limit on
    // those, the source would get 429 slow_down after 60 of them in the minute.
    let server = Server::start(&db.path, &["--token-failures-per-minute", "1000000"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (mut issued, mut refused_at_token, mut refused_at_whoami) = (0, 0, 0);
    for round in 0..ROUNDS {
        let (id, old) = id_and_secret(&create_key(&server, &alice, json!({})).await);
        let barrier = Arc::new(Barrier::new(EXCHANGES + 1));
        let mut exchanges = JoinSet::new();
        for _ in 0..EXCHANGES {
            let request = plain()
                .post(server.url("/token?grant_type=client_credentials"))
                .basic_auth(&id, Some(&old));
            let barrier = barrier.clone();
            exchanges.spawn(async move {
                barrier.wait().await;
                send(request).await
            });
        }
        let rotation = plain()
            .post(rotate_url(&server, &id))
            .bearer_auth(&alice)
            .json(&json!({ "previous_secret_expires_in": 0 }));
        barrier.wait().await;
        let (status, rotated) = send(rotation).await;
        assert_eq!(status, 200, "round {round}: {rotated}");

        let mut tokens = Vec::new();
        while let Some(result) = exchanges.join_next().await {
            let (status, body) = result.unwrap();
            match status {
                200 => tokens.push(body["access_token"].as_str().unwrap().to_string()),
                _ => {
                    assert_eq!(
                        (status, body["error"].as_str()),
                        (401, Some("invalid_client")),
                        "round {round}"
                    );
                    refused_at_token += 1;
                }
            }
        }
        // The rotation has answered: every token of the old secret is refused.
        for token in &tokens {
            assert_eq!(whoami(&server, token).await, 401, "round {round}");
            refused_at_whoami += 1;
        }
        issued += tokens.len();
        assert_secret_refused(&server, &id, &old).await;
        access_token(&server, &id, rotated["data"]["secret"].as_str().unwrap()).await;
    }
    println!(
        "race figures: token exchanges vs rotation (grace 0): {ROUNDS} rounds x {EXCHANGES} exchanges \
         with the old secret: issued (before the rotation) {issued}, refused at /token (after it) \
         {refused_at_token}, issued tokens refused at /whoami once it answered {refused_at_whoami}, \
         working 0"
    );
    assert_eq!(issued, refused_at_whoami);
    server.stop().await;
}

/// A database from before keys could be rotated: migration 4 puts its keys and their access tokens
/// in generation 0, and they work as before, until rotated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_and_tokens_from_before_the_migration_work_and_can_be_rotated() {
    let db = temp_db();
    if sqlite_only(&db, "SQLite migrations") {
        return;
    }
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = id_and_secret(&create_key(&server, &alice, json!({})).await);
    let (before, _) = access_token(&server, &id, &secret).await;
    server.stop().await;
    // Back to schema version 3, as a server before this change left it.
    let file = Connection::open(&db.path).unwrap();
    file.execute_batch(UNDO_MIGRATIONS_6_TO_4).unwrap();
    drop(file);

    let server = Server::start(&db.path, &[]).await;
    assert_eq!(
        listed(&server, &alice, &id).await["rotated_at"],
        Value::Null
    );
    assert_eq!(whoami(&server, &before).await, 200);
    access_token(&server, &id, &secret).await;
    rotate(&server, &alice, &id, 0).await;
    assert_eq!(whoami(&server, &before).await, 401);
    assert_secret_refused(&server, &id, &secret).await;
    server.stop().await;
}
