//! Validation, CSRF, idempotent create, the key limit under concurrency, and the /token rate limit.

mod common;

use std::collections::HashSet;

use common::*;
use serde_json::{json, Value};
use tokio::task::JoinSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn descriptions_are_validated_and_normalised() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;

    let (status, body) =
        try_create_key(&server, &alice, json!({ "description": "é".repeat(257) })).await;
    assert_error(status, &body, 400);
    assert!(
        body["message"].as_str().unwrap().contains("256 characters"),
        "{body}"
    );
    let key = create_key(&server, &alice, json!({ "description": "é".repeat(256) })).await;
    assert_eq!(key["description"].as_str().unwrap().chars().count(), 256);

    for bad in ["line\nbreak", "tab\there", "bell\u{7}", "del\u{7f}"] {
        let (status, body) = try_create_key(&server, &alice, json!({ "description": bad })).await;
        assert_error(status, &body, 400);
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("control characters"),
            "{body}"
        );
    }
    // Trimming happens first: surrounding whitespace (newlines included) is not an error.
    assert_eq!(
        create_key(&server, &alice, json!({ "description": "\n  padded \t" })).await["description"],
        "padded"
    );
    // 256 characters after trimming is fine even with padding around it.
    let padded = format!("  {}  ", "x".repeat(256));
    assert_eq!(
        create_key(&server, &alice, json!({ "description": padded })).await["description"]
            .as_str()
            .unwrap()
            .len(),
        256
    );
    for empty in [
        json!({ "description": "   " }),
        json!({ "description": "" }),
        json!({ "description": null }),
        json!({}),
    ] {
        assert_eq!(
            create_key(&server, &alice, empty).await["description"],
            Value::Null
        );
    }

    // Wrong shapes.
    let (status, body) = try_create_key(&server, &alice, json!({ "description": 42 })).await;
    assert_error(status, &body, 400);
    let (status, body) = try_create_key(&server, &alice, json!({ "descripton": "typo" })).await;
    assert_error(status, &body, 400);
    let (status, body) = try_create_key(&server, &alice, json!({ "request_id": "" })).await;
    assert_error(status, &body, 400);
    let (status, body) = try_create_key(&server, &alice, json!([])).await;
    assert_error(status, &body, 400);

    // Not JSON at all, with the JSON content type → 400; without it → 415.
    let (status, body) = send(
        plain()
            .post(server.url("/application-keys"))
            .bearer_auth(&alice)
            .header("Content-Type", "application/json")
            .body("{not json"),
    )
    .await;
    assert_error(status, &body, 400);
    let (status, body) = send(
        plain()
            .post(server.url("/application-keys"))
            .bearer_auth(&alice)
            .header("Content-Type", "text/plain")
            .body("{}"),
    )
    .await;
    assert_error(status, &body, 415);
    let (status, body) = send(
        plain()
            .post(server.url("/application-keys"))
            .bearer_auth(&alice)
            .body("{}"),
    )
    .await;
    assert_error(status, &body, 415);

    // More than 16 KiB → 413, enveloped.
    let (status, body) = try_create_key(
        &server,
        &alice,
        json!({ "description": "x".repeat(17 * 1024) }),
    )
    .await;
    assert_error(status, &body, 413);
    let (status, body) = send(
        plain()
            .post(server.url("/session"))
            .header("Content-Type", "application/json")
            .body(format!(
                "{{\"username\":\"{}\",\"password\":\"x\"}}",
                "u".repeat(20_000)
            )),
    )
    .await;
    assert_error(status, &body, 413);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookie_requests_that_change_state_need_csrf_proof() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let browser = browser();
    let session = sign_in(&server, &browser, "alice").await;

    // Cookie + form-like POST: refused before the body is even looked at.
    let (status, body) = send(
        browser
            .post(server.url("/application-keys"))
            .header("Content-Type", "text/plain")
            .body("{}"),
    )
    .await;
    assert_error(status, &body, 403);
    let (status, body) = send(browser.post(server.url("/application-keys"))).await;
    assert_error(status, &body, 403);

    let key = create_key(&server, &session, json!({})).await;
    let path = format!("/application-keys/{}", key["client_id"].as_str().unwrap());
    let (status, body) = send(browser.delete(server.url(&path))).await;
    assert_error(status, &body, 403);
    let (status, body) = send(browser.delete(server.url("/session"))).await;
    assert_error(status, &body, 403);

    // X-Requested-With or a JSON content type is proof enough.
    let (status, _) = send(
        browser
            .post(server.url("/application-keys"))
            .header("X-Requested-With", "fetch")
            .json(&json!({})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(
        browser
            .delete(server.url(&path))
            .header("X-Requested-With", "XMLHttpRequest"),
    )
    .await;
    assert_eq!(status, 200);

    // A bearer token is not sent by browsers on their own: no CSRF rule for it.
    let key = create_key(&server, &session, json!({})).await;
    let path = format!("/application-keys/{}", key["client_id"].as_str().unwrap());
    let (status, _) = send(plain().delete(server.url(&path)).bearer_auth(&session)).await;
    assert_eq!(status, 200);
    let (status, body) = send(
        plain()
            .post(server.url("/application-keys"))
            .bearer_auth(&session)
            .body("{}"),
    )
    .await;
    assert_error(status, &body, 415);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_id_makes_create_idempotent() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;

    let body = json!({ "description": "deploy", "request_id": "retry-me" });
    let first = create_key(&server, &alice, body.clone()).await;
    let again = create_key(&server, &alice, body.clone()).await;
    assert_eq!(first, again, "the replay returns the same key and secret");
    // Another account's identical request_id is its own.
    let bobs = create_key(&server, &bob, body.clone()).await;
    assert_ne!(bobs["client_id"], first["client_id"]);

    // Concurrent identical creates make one key.
    let mut set = JoinSet::new();
    for _ in 0..20 {
        let url = server.url("/application-keys");
        let alice = alice.clone();
        set.spawn(async move {
            send(
                plain()
                    .post(url)
                    .bearer_auth(alice)
                    .json(&json!({ "request_id": "burst" })),
            )
            .await
        });
    }
    let mut seen = HashSet::new();
    while let Some(result) = set.join_next().await {
        let (status, body) = result.unwrap();
        assert_eq!(status, 200, "{body}");
        seen.insert(body["data"].to_string());
    }
    assert_eq!(
        seen.len(),
        1,
        "every concurrent replay saw the same response"
    );

    let (_, list) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(list["data"]["total"], 2);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_limit_holds_under_a_race() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--max-keys", "5"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    for _ in 0..4 {
        create_key(&server, &alice, json!({})).await;
    }
    let mut set = JoinSet::new();
    for _ in 0..50 {
        let url = server.url("/application-keys");
        let alice = alice.clone();
        set.spawn(async move { send(plain().post(url).bearer_auth(alice).json(&json!({}))).await });
    }
    let (mut created, mut refused) = (0, 0);
    while let Some(result) = set.join_next().await {
        let (status, body) = result.unwrap();
        match status {
            200 => created += 1,
            _ => {
                assert_error(status, &body, 409);
                assert!(
                    body["message"].as_str().unwrap().contains("maximum of 5"),
                    "{body}"
                );
                refused += 1;
            }
        }
    }
    assert_eq!((created, refused), (1, 49));
    let (_, list) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(list["data"]["total"], 5);
    // The limit is per account.
    create_key(&server, &bob, json!({})).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_endpoint_rules_and_rate_limit() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({})).await;
    let (client_id, secret) = (
        key["client_id"].as_str().unwrap().to_string(),
        key["secret"].as_str().unwrap().to_string(),
    );

    // grant_type as a form field works too; other grant types do not.
    let (status, body) = send(
        plain()
            .post(server.url("/token"))
            .basic_auth(&client_id, Some(&secret))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(
        plain()
            .post(server.url("/token?grant_type=password"))
            .basic_auth(&client_id, Some(&secret)),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    let (status, body) =
        send(plain().post(server.url("/token?grant_type=client_credentials"))).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let (status, body, _) = token(&server, "not-a-uuid", &secret).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );

    // 600 exchanges with the right secret at once per client_id, then 10 a second (600 a minute,
    // governor's GCRA); 1 used above: the refused grant types are answered before the secret is
    // checked and do not count. Then 429 with Retry-After.
    let started = std::time::Instant::now();
    let mut set = JoinSet::new();
    for _ in 0..599 {
        let url = server.url("/token?grant_type=client_credentials");
        let (id, secret) = (client_id.clone(), secret.clone());
        set.spawn(async move {
            plain()
                .post(url)
                .basic_auth(id, Some(secret))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        });
    }
    let mut ok = 1;
    while let Some(status) = set.join_next().await {
        assert_eq!(status.unwrap(), 200);
        ok += 1;
    }
    let (body, headers) = loop {
        let (status, body, headers) = token(&server, &client_id, &secret).await;
        if status == 429 {
            break (body, headers);
        }
        assert_eq!(status, 200, "{body}");
        ok += 1;
    };
    let replenished = (started.elapsed().as_secs_f64() * 10.0).ceil() as usize;
    assert!(
        (600..=600 + replenished + 1).contains(&ok),
        "{ok} exchanges before the first 429 ({replenished} replenished): {body}"
    );
    let retry_after: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after));

    // Another key is not affected.
    let other = create_key(&server, &alice, json!({})).await;
    let (status, _, _) = token(
        &server,
        other["client_id"].as_str().unwrap(),
        other["secret"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    server.stop().await;
}
