//! The caller's address behind proxies (issue 32): `X-Forwarded-For` and `Forwarded` count only
//! from a peer in `--trusted-proxies`; the address found feeds a key's last use, the activity
//! log, `GET /session` and the per-address limits.

mod common;

use common::*;
use serde_json::{json, Value};

async fn session_ip(server: &Server, session: &str, forwarded_for: Option<&str>) -> Value {
    let mut request = plain().get(server.url("/session")).bearer_auth(session);
    if let Some(hops) = forwarded_for {
        request = request.header("X-Forwarded-For", hops);
    }
    send(request).await.1["data"]["client_ip"].clone()
}

async fn exchange_from(server: &Server, client_id: &str, secret: &str, forwarded_for: &str) -> u16 {
    token_request(server, client_id, secret)
        .header("X-Forwarded-For", forwarded_for)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_trusted_proxies_a_claimed_address_is_ignored() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    assert_eq!(
        session_ip(&server, &alice, Some("203.0.113.9")).await,
        "127.0.0.1"
    );
    let key = create_key(&server, &alice, json!({ "description": "spoofed" })).await;
    let (id, secret) = (
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    );
    assert_eq!(exchange_from(&server, id, secret, "203.0.113.9").await, 200);
    assert_eq!(
        list_keys(&server, &alice).await[0]["last_used_ip"],
        "127.0.0.1"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_client_is_recorded_and_limited_on_its_own() {
    let db = temp_db();
    let server = Server::start(
        &db.path,
        &[
            "--trusted-proxies",
            "127.0.0.1/32,10.0.0.0/8",
            "--token-failures-per-minute",
            "3",
        ],
    )
    .await;
    let alice = sign_in(&server, &plain(), "alice").await;
    // A chain: the client, then one of our proxies; a claim in front of it is the client's own.
    let chain = "1.1.1.1, 203.0.113.9, 10.0.0.2";
    assert_eq!(
        session_ip(&server, &alice, Some(chain)).await,
        "203.0.113.9"
    );
    assert_eq!(session_ip(&server, &alice, None).await, "127.0.0.1");
    let key = create_key(&server, &alice, json!({ "description": "proxied" })).await;
    let (id, secret) = (
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    );
    assert_eq!(exchange_from(&server, id, secret, chain).await, 200);
    assert_eq!(
        list_keys(&server, &alice).await[0]["last_used_ip"],
        "203.0.113.9"
    );

    // Wrong secrets: the limit per address follows the real client, not the proxy. 198.51.100.1
    // uses up its three; 198.51.100.2, behind the same proxy, still gets its own answers.
    let wrong = "0".repeat(40);
    for _ in 0..3 {
        assert_eq!(
            exchange_from(&server, id, &wrong, "198.51.100.1").await,
            401
        );
    }
    let key2 = create_key(&server, &alice, json!({ "description": "other" })).await;
    let id2 = key2["client_id"].as_str().unwrap();
    assert_eq!(
        exchange_from(&server, id2, &wrong, "198.51.100.1").await,
        429
    );
    assert_eq!(
        exchange_from(&server, id2, &wrong, "198.51.100.2").await,
        401
    );

    // The activity log records the client's address for a console change too.
    let created = plain()
        .post(server.url("/application-keys"))
        .bearer_auth(&alice)
        .header("X-Forwarded-For", "192.0.2.44")
        .json(&json!({ "description": "from the office" }));
    assert_eq!(send(created).await.0, 200);
    let url = server.url("/application-keys/events?type=key.created&limit=1");
    let (_, log) = send(plain().get(url).bearer_auth(&alice)).await;
    assert_eq!(log["data"]["events"][0]["ip"], "192.0.2.44");
    server.stop().await;
}
