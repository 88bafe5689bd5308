//! Races over real HTTP, each repeated and counted: the key limit across two server processes on one
//! database file, concurrent deletes of one key, and a token exchange racing the key's delete.
//! (The single-server limit race and concurrent idempotent replays are in rules.rs.)

mod common;

use std::sync::Arc;

use common::*;
use serde_json::json;
use tokio::sync::Barrier;
use tokio::task::JoinSet;

const ROUNDS: usize = 10;
const RACERS: usize = 50;

async fn list_total(server: &Server, session: &str) -> u64 {
    let (status, body) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(session),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["data"]["total"].as_u64().unwrap()
}

/// Two servers on one SQLite file (as two processes behind a load balancer would be): the in-process
/// create lock does not span them, so only the IMMEDIATE transaction keeps the limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_limit_holds_across_two_servers_on_one_file() {
    let db = temp_db();
    let first = Server::start(&db.path, &["--max-keys", "3"]).await;
    let second = Server::start(&db.path, &["--max-keys", "3"]).await;
    let alice = sign_in(&first, &plain(), "alice").await;
    for _ in 0..2 {
        create_key(&first, &alice, json!({})).await;
    }
    let urls = [
        first.url("/application-keys"),
        second.url("/application-keys"),
    ];
    let (mut created_total, mut refused_total) = (0, 0);
    for round in 0..ROUNDS {
        let barrier = Arc::new(Barrier::new(RACERS));
        let mut set = JoinSet::new();
        for i in 0..RACERS {
            let (url, alice, barrier) = (urls[i % 2].clone(), alice.clone(), barrier.clone());
            set.spawn(async move {
                let request = plain().post(url).bearer_auth(alice).json(&json!({}));
                barrier.wait().await;
                send(request).await
            });
        }
        let mut created = Vec::new();
        let mut refused = 0;
        while let Some(result) = set.join_next().await {
            let (status, body) = result.unwrap();
            if status == 200 {
                created.push(body["data"]["client_id"].as_str().unwrap().to_string());
            } else {
                assert_error(status, &body, 409);
                assert!(
                    body["message"].as_str().unwrap().contains("maximum of 3"),
                    "{body}"
                );
                refused += 1;
            }
        }
        assert_eq!(
            (created.len(), refused),
            (1, RACERS - 1),
            "round {round}: exactly one create wins the last slot"
        );
        assert_eq!(list_total(&second, &alice).await, 3);
        created_total += created.len();
        refused_total += refused;
        // Free the slot for the next round.
        let (status, _) = send(
            plain()
                .delete(first.url(&format!("/application-keys/{}", created[0])))
                .bearer_auth(&alice),
        )
        .await;
        assert_eq!(status, 200);
    }
    println!(
        "race figures: key limit across two servers: {ROUNDS} rounds x {RACERS} creates for the last slot: \
         created {created_total}, refused 409 {refused_total}"
    );
    first.stop().await;
    second.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_deletes_of_one_key_give_one_200() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let cookie_jar = browser();
    sign_in(&server, &cookie_jar, "alice").await;
    let (mut ok_total, mut not_found_total) = (0, 0);
    for round in 0..ROUNDS {
        let key = create_key(&server, &alice, json!({})).await;
        let url = server.url(&format!(
            "/application-keys/{}",
            key["client_id"].as_str().unwrap()
        ));
        let barrier = Arc::new(Barrier::new(RACERS));
        let mut set = JoinSet::new();
        for i in 0..RACERS {
            // Half by bearer, half by cookie (with the CSRF header), as a page and a script might.
            let request = if i % 2 == 0 {
                plain().delete(&url).bearer_auth(&alice)
            } else {
                cookie_jar.delete(&url).header("X-Requested-With", "fetch")
            };
            let barrier = barrier.clone();
            set.spawn(async move {
                barrier.wait().await;
                send(request).await
            });
        }
        let (mut ok, mut not_found) = (0, 0);
        while let Some(result) = set.join_next().await {
            let (status, body) = result.unwrap();
            if status == 200 {
                assert_eq!(body, json!({ "code": 20000 }));
                ok += 1;
            } else {
                assert_error(status, &body, 404);
                not_found += 1;
            }
        }
        assert_eq!((ok, not_found), (1, RACERS - 1), "round {round}");
        ok_total += ok;
        not_found_total += not_found;
    }
    assert_eq!(list_total(&server, &alice).await, 0);
    println!(
        "race figures: concurrent deletes: {ROUNDS} keys x {RACERS} deletes: 200 {ok_total}, 404 {not_found_total}"
    );
    server.stop().await;
}

/// Whatever the interleaving, once the delete has answered 200 no access token of that key works:
/// either the exchange lost (401 invalid_client) or its token was revoked with the key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_exchange_racing_a_delete_never_outlives_it() {
    const RUNS: usize = 50;
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (mut issued_then_revoked, mut refused) = (0, 0);
    for run in 0..RUNS {
        let key = create_key(&server, &alice, json!({})).await;
        let client_id = key["client_id"].as_str().unwrap().to_string();
        let secret = key["secret"].as_str().unwrap().to_string();
        let barrier = Arc::new(Barrier::new(2));
        let exchange = {
            let (barrier, url) = (
                barrier.clone(),
                server.url("/token?grant_type=client_credentials"),
            );
            let request = plain().post(url).basic_auth(&client_id, Some(&secret));
            tokio::spawn(async move {
                barrier.wait().await;
                send(request).await
            })
        };
        let delete = {
            let request = plain()
                .delete(server.url(&format!("/application-keys/{client_id}")))
                .bearer_auth(&alice);
            tokio::spawn(async move {
                barrier.wait().await;
                send(request).await
            })
        };
        let (delete_status, _) = delete.await.unwrap();
        assert_eq!(delete_status, 200, "run {run}");
        // The delete has answered: a token issued before it must be revoked already.
        let (status, body) = exchange.await.unwrap();
        match status {
            200 => {
                let access = body["access_token"].as_str().unwrap();
                let (status, body) =
                    send(plain().get(server.url("/whoami")).bearer_auth(access)).await;
                assert_error(status, &body, 401);
                issued_then_revoked += 1;
            }
            _ => {
                assert_eq!(
                    (status, body["error"].as_str()),
                    (401, Some("invalid_client")),
                    "run {run}"
                );
                refused += 1;
            }
        }
        let (status, _, _) = token(&server, &client_id, &secret).await;
        assert_eq!(status, 401, "run {run}: the deleted key is refused");
    }
    println!(
        "race figures: token exchange vs delete: {RUNS} runs: token issued then revoked {issued_then_revoked}, \
         exchange refused {refused}, token working after the delete 0"
    );
    server.stop().await;
}
