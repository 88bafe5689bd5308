//! Two server instances on one PostgreSQL database, as behind a load balancer, and a client that
//! alternates between them: what must hold across instances holds, because it is decided in the
//! database. PostgreSQL only: skipped, with a note, without `APPKEYS_TEST_POSTGRES`. The counts are
//! printed (`--nocapture`) so that they can be quoted.

mod common;

use std::sync::Arc;

use common::*;
use serde_json::{json, Value};
use tokio::sync::Barrier;
use tokio::task::JoinSet;

const MAX_KEYS: usize = 20;
const PER_INSTANCE: usize = 50;
const TOKENS_PER_MINUTE: usize = 10;

/// Two instances on one new database; `None` (and a note) without PostgreSQL.
async fn cluster() -> Option<(TempDb, Server, Server)> {
    let db = temp_db();
    if !db.postgres {
        println!("skipped: the cluster test needs PostgreSQL ({POSTGRES_ENV})");
        return None;
    }
    let flags = [
        "--max-keys",
        &MAX_KEYS.to_string(),
        "--token-rate-per-minute",
        &TOKENS_PER_MINUTE.to_string(),
    ]
    .map(str::to_string);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let a = Server::start(&db.path, &flags).await;
    let b = Server::start(&db.path, &flags).await;
    Some((db, a, b))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_create_on_the_other_instance_gets_the_same_key_and_secret() {
    let Some((_db, a, b)) = cluster().await else {
        return;
    };
    let alice = sign_in(&a, &plain(), "alice").await;
    let body = json!({ "description": "deploy", "request_id": "lost-answer" });
    // The answer from A is lost on the way; the client retries, and the balancer picks B.
    let first = create_key(&a, &alice, body.clone()).await;
    let retried = create_key(&b, &alice, body.clone()).await;
    assert_eq!(retried, first, "the same key and secret");
    let again = create_key(&a, &alice, body).await;
    assert_eq!(again, first);
    let keys = list_keys(&b, &alice).await;
    assert_eq!(keys.len(), 1, "one key");
    // The replayed secret works, on either instance.
    let (id, secret) = (
        first["client_id"].as_str().unwrap(),
        first["secret"].as_str().unwrap(),
    );
    assert_eq!(token(&b, id, secret).await.0, 200);
    println!("cluster figures: create on A, retry on B and again on A: 1 key, the same secret 3 of 3 times");
    a.stop().await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_key_limit_holds_for_concurrent_creates_on_both_instances() {
    let Some((_db, a, b)) = cluster().await else {
        return;
    };
    let bob = sign_in(&a, &plain(), "bob").await;
    let urls = [a.url("/application-keys"), b.url("/application-keys")];
    let barrier = Arc::new(Barrier::new(2 * PER_INSTANCE));
    let mut set = JoinSet::new();
    for i in 0..2 * PER_INSTANCE {
        let (url, bob, barrier) = (urls[i % 2].clone(), bob.clone(), barrier.clone());
        set.spawn(async move {
            let request = plain().post(url).bearer_auth(bob).json(&json!({}));
            barrier.wait().await;
            send(request).await
        });
    }
    let (mut created, mut refused) = (0, 0);
    while let Some(result) = set.join_next().await {
        let (status, body) = result.unwrap();
        if status == 200 {
            created += 1;
        } else {
            assert_error(status, &body, 409);
            refused += 1;
        }
    }
    let listed = list_keys(&b, &bob).await.len();
    println!(
        "cluster figures: 2 x {PER_INSTANCE} concurrent creates at a limit of {MAX_KEYS}: \
         created {created}, refused 409 {refused}, listed {listed}"
    );
    assert_eq!(
        (created, refused, listed),
        (MAX_KEYS, 2 * PER_INSTANCE - MAX_KEYS, MAX_KEYS)
    );
    a.stop().await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_on_one_instance_ends_the_tokens_issued_by_the_other_at_once() {
    let Some((_db, a, b)) = cluster().await else {
        return;
    };
    let alice = sign_in(&b, &plain(), "alice").await;
    let key = create_key(&b, &alice, json!({})).await;
    let id = key["client_id"].as_str().unwrap();
    let (status, body, _) = token(&b, id, key["secret"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{body}");
    let access = body["access_token"].as_str().unwrap().to_string();
    let whoami = |server: &Server| plain().get(server.url("/whoami")).bearer_auth(&access);
    assert_eq!(send(whoami(&b)).await.0, 200);
    let (status, _) = send(
        plain()
            .delete(a.url(&format!("/application-keys/{id}")))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(status, 200);
    let (on_b, _) = send(whoami(&b)).await;
    let (on_a, _) = send(whoami(&a)).await;
    println!("cluster figures: deleted on A, the token issued by B: {on_b} on B, {on_a} on A");
    assert_eq!((on_b, on_a), (401, 401));
    a.stop().await;
    b.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_limit_is_counted_across_both_instances() {
    let Some((_db, a, b)) = cluster().await else {
        return;
    };
    let alice = sign_in(&a, &plain(), "alice").await;
    let key: Value = create_key(&a, &alice, json!({})).await;
    let (id, secret) = (
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    );
    let servers = [&a, &b];
    let (mut issued, mut slowed) = ([0; 2], [0; 2]);
    for i in 0..2 * TOKENS_PER_MINUTE {
        let (status, body, headers) = token(servers[i % 2], id, secret).await;
        match status {
            200 => issued[i % 2] += 1,
            429 => {
                assert_eq!(body["error"], "slow_down", "{body}");
                assert!(headers.contains_key("retry-after"));
                slowed[i % 2] += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    println!(
        "cluster figures: {} exchanges alternating A and B at {TOKENS_PER_MINUTE} per minute: \
         issued {} (A {}, B {}), slowed 429 {}",
        2 * TOKENS_PER_MINUTE,
        issued[0] + issued[1],
        issued[0],
        issued[1],
        slowed[0] + slowed[1]
    );
    assert_eq!(
        issued[0] + issued[1],
        TOKENS_PER_MINUTE,
        "one limit, not one per instance"
    );
    a.stop().await;
    b.stop().await;
}
