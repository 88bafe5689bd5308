//! Keys limited to networks (issue 32): a key's `allowed_networks` are normalised and checked at
//! create and PATCH; a caller outside them is refused at /token before its secret is looked at,
//! with the wrong secret's answer, counted and logged once a minute; an access token is checked on
//! every use against the list as it is now. The server runs behind a trusted proxy on 127.0.0.1,
//! so that `X-Forwarded-For` can place each request at the address a test needs.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

async fn start(db: &TempDb) -> Server {
    Server::start(&db.path, &["--trusted-proxies", "127.0.0.1/32"]).await
}

/// A key limited to `networks`: (client_id, secret).
async fn key_for(server: &Server, session: &str, networks: &[&str]) -> (String, String) {
    let key = create_key(server, session, json!({ "allowed_networks": networks })).await;
    let field = |name: &str| key[name].as_str().unwrap().to_string();
    (field("client_id"), field("secret"))
}

/// The status of an exchange from `from`, and its access token when it is 200.
async fn exchange_from(
    server: &Server,
    id: &str,
    secret: &str,
    from: &str,
) -> (u16, Option<String>) {
    let request = token_request(server, id, secret).header("X-Forwarded-For", from);
    let (status, body) = split(request.send().await.unwrap()).await;
    (status, body["access_token"].as_str().map(String::from))
}

async fn whoami_from(server: &Server, access_token: &str, from: &str) -> u16 {
    let request = plain()
        .get(server.url("/whoami"))
        .bearer_auth(access_token)
        .header("X-Forwarded-For", from);
    send(request).await.0
}

async fn events_of(server: &Server, session: &str, kind: &str) -> Vec<Value> {
    let path = format!("/application-keys/events?type={kind}");
    let (status, body) = send(console(Method::GET, server, &path, session)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["events"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn networks_are_normalised_and_a_wrong_entry_is_named() {
    let db = temp_db();
    let server = start(&db).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let networks = [
        "10.0.0.7",
        " 192.0.2.0/24",
        "2001:DB8::/32",
        "::ffff:198.51.100.1",
    ];
    let key = create_key(&server, &alice, json!({ "allowed_networks": networks })).await;
    let normalised = json!([
        "10.0.0.7/32",
        "192.0.2.0/24",
        "2001:db8::/32",
        "198.51.100.1/32"
    ]);
    assert_eq!(key["allowed_networks"], normalised);
    assert_eq!(
        list_keys(&server, &alice).await[0]["allowed_networks"],
        normalised
    );

    let refused = [
        (json!(["10.0.0.7/24"]), "did you mean 10.0.0.0/24?"),
        (json!(["intranet"]), "\"intranet\" is not an IP address"),
        (
            json!(["10.0.0.7", "10.0.0.7/32"]),
            "\"10.0.0.7/32\" is listed more than once",
        ),
        (
            json!((0..51)
                .map(|i| format!("10.{i}.0.0/16"))
                .collect::<Vec<_>>()),
            "at most 50",
        ),
    ];
    for (networks, message) in refused {
        let body = json!({ "allowed_networks": networks });
        let (status, answer) = try_create_key(&server, &alice, body).await;
        assert_error(status, &answer, 400);
        let said = answer["message"].as_str().unwrap();
        assert!(said.contains(message), "{said}");
        let id = key["client_id"].as_str().unwrap();
        let (status, answer) =
            change(&server, &alice, id, json!({ "allowed_networks": networks })).await;
        assert_error(status, &answer, 400);
    }
    assert_eq!(
        list_keys(&server, &alice).await.len(),
        1,
        "nothing refused was made"
    );
    assert_eq!(
        list_keys(&server, &alice).await[0]["allowed_networks"],
        normalised
    );
    // Without the field, from anywhere: the base contract.
    let open = create_key(&server, &alice, json!({})).await;
    assert_eq!(open["allowed_networks"], json!([]));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_callers_inside_the_networks_get_a_token_and_outside_looks_like_a_wrong_secret() {
    let db = temp_db();
    let server = start(&db).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = key_for(&server, &alice, &["10.0.0.0/24", "2001:db8::/32"]).await;
    let status = |from: &'static str| {
        let (server, id, secret) = (&server, id.clone(), secret.clone());
        async move { exchange_from(server, &id, &secret, from).await.0 }
    };
    assert_eq!(status("10.0.0.1").await, 200, "in the v4 range");
    assert_eq!(status("10.0.0.255").await, 200, "its last address");
    assert_eq!(status("10.0.1.0").await, 401, "just outside");
    assert_eq!(status("2001:db8:1::7").await, 200, "in the v6 range");
    assert_eq!(status("2001:db9::7").await, 401, "outside the v6 range");
    assert_eq!(status("::ffff:10.0.0.9").await, 200, "IPv4-mapped IPv6");

    // From outside, the right secret gets exactly what a wrong one gets.
    let outside = token_request(&server, &id, &secret).header("X-Forwarded-For", "192.0.2.1");
    let (_, right_outside) = split(outside.send().await.unwrap()).await;
    let wrong = token_request(&server, &id, "wrong").header("X-Forwarded-For", "10.0.0.1");
    let (_, wrong_inside) = split(wrong.send().await.unwrap()).await;
    assert_eq!(right_outside, wrong_inside);

    // An empty list: from anywhere again.
    assert_eq!(
        change(&server, &alice, &id, json!({ "allowed_networks": [] }))
            .await
            .0,
        200
    );
    assert_eq!(status("192.0.2.1").await, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claimed_address_counts_only_from_a_trusted_proxy() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await; // no trusted proxies: the TCP peer
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = key_for(&server, &alice, &["203.0.113.0/24"]).await;
    assert_eq!(
        exchange_from(&server, &id, &secret, "203.0.113.9").await.0,
        401
    );
    let here = json!({ "allowed_networks": ["203.0.113.0/24", "127.0.0.1"] });
    assert_eq!(change(&server, &alice, &id, here).await.0, 200);
    assert_eq!(
        exchange_from(&server, &id, &secret, "203.0.113.9").await.0,
        200
    );
    server.stop().await;

    // Behind a chain of trusted proxies, the right-most untrusted hop is the caller.
    let server = Server::start(&db.path, &["--trusted-proxies", "127.0.0.1/32,10.0.0.0/8"]).await;
    let only_there = json!({ "allowed_networks": ["203.0.113.0/24"] });
    assert_eq!(change(&server, &alice, &id, only_there).await.0, 200);
    let chain = |client: &str| format!("198.51.100.1, {client}, 10.1.1.1, 10.2.2.2");
    assert_eq!(
        exchange_from(&server, &id, &secret, &chain("203.0.113.9"))
            .await
            .0,
        200
    );
    assert_eq!(
        exchange_from(&server, &id, &secret, &chain("192.0.2.9"))
            .await
            .0,
        401
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_narrowed_list_ends_a_live_tokens_next_use_from_outside() {
    let db = temp_db();
    let server = start(&db).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = key_for(&server, &alice, &[]).await;
    let (status, token) = exchange_from(&server, &id, &secret, "192.0.2.1").await;
    assert_eq!(status, 200);
    let token = token.unwrap();
    assert_eq!(whoami_from(&server, &token, "192.0.2.1").await, 200);

    let narrowed = json!({ "allowed_networks": ["10.0.0.0/8"] });
    assert_eq!(change(&server, &alice, &id, narrowed).await.0, 200);
    assert_eq!(whoami_from(&server, &token, "192.0.2.1").await, 401);
    assert_eq!(
        whoami_from(&server, &token, "10.9.9.9").await,
        200,
        "inside, it still works"
    );

    let widened = json!({ "allowed_networks": ["10.0.0.0/8", "192.0.2.0/24"] });
    assert_eq!(change(&server, &alice, &id, widened).await.0, 200);
    assert_eq!(whoami_from(&server, &token, "192.0.2.1").await, 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_counted_and_logged_once_a_minute_with_the_address() {
    let db = temp_db();
    let server = start(&db).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = key_for(&server, &alice, &["10.0.0.0/8"]).await;
    assert_eq!(
        exchange_from(&server, &id, &secret, "192.0.2.1").await.0,
        401
    );
    assert_eq!(
        exchange_from(&server, &id, "wrong", "192.0.2.2").await.0,
        401
    );
    assert_eq!(
        exchange_from(&server, &id, &secret, "10.0.0.1").await.0,
        200
    );

    let refused = events_of(&server, &alice, "key.network_refused").await;
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0]["details"]["count"], 2);
    assert_eq!(refused[0]["ip"], "192.0.2.1");
    assert_eq!(refused[0]["client_id"], id.as_str());
    assert!(
        events_of(&server, &alice, "key.secret_refused")
            .await
            .is_empty(),
        "no secret tried"
    );

    let path = format!("/application-keys/{id}/usage?days=1");
    let (status, usage) = send(console(Method::GET, &server, &path, &alice)).await;
    assert_eq!(status, 200, "{usage}");
    let today = &usage["data"]["days"][0];
    assert_eq!(
        (today["refused_network"].as_i64(), today["issued"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(today["refused_secret"], 0);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_is_partial_and_each_real_change_is_logged() {
    let db = temp_db();
    let server = start(&db).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({ "description": "deploy" })).await;
    let id = key["client_id"].as_str().unwrap();

    let (status, changed) = change(
        &server,
        &alice,
        id,
        json!({ "allowed_networks": ["10.0.0.7"] }),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["data"]["description"], "deploy", "left as it was");
    assert_eq!(changed["data"]["allowed_networks"], json!(["10.0.0.7/32"]));
    let (_, renamed) = change(&server, &alice, id, json!({ "description": "deploy 2" })).await;
    assert_eq!(
        renamed["data"]["allowed_networks"],
        json!(["10.0.0.7/32"]),
        "left as it was"
    );
    // The same list again, spelled otherwise: no change, no event.
    let same = json!({ "allowed_networks": ["10.0.0.7/32"] });
    assert_eq!(change(&server, &alice, id, same).await.0, 200);
    let (status, answer) = change(&server, &alice, id, json!({})).await;
    assert_error(status, &answer, 400);
    // `null` is not "from anywhere" (that is `[]`): refused, and nothing changes.
    let (status, answer) = change(&server, &alice, id, json!({ "allowed_networks": null })).await;
    assert_error(status, &answer, 400);

    let logged = events_of(&server, &alice, "key.networks_changed").await;
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert_eq!(
        logged[0]["details"],
        json!({ "from": [], "to": ["10.0.0.7/32"] })
    );
    assert_eq!(events_of(&server, &alice, "key.renamed").await.len(), 1);

    // Another account's key is not found, and stays as it is.
    let bob = sign_in(&server, &plain(), "bob").await;
    let (status, answer) = change(&server, &bob, id, json!({ "allowed_networks": [] })).await;
    assert_error(status, &answer, 404);
    assert_eq!(
        list_keys(&server, &alice).await[0]["allowed_networks"],
        json!(["10.0.0.7/32"])
    );
    server.stop().await;
}
