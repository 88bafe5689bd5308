//! The whole journey, isolation between accounts, sessions and cookies, ordering, restarts.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_journey_from_sign_in_to_revocation() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = browser();
    sign_in(&server, &alice, "alice").await;

    let (status, body) = send(alice.get(server.url("/session"))).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["username"], "alice");
    assert!(body["data"].get("token").is_none());

    // Create with the cookie (JSON content type satisfies the CSRF rule).
    let res = alice
        .post(server.url("/application-keys"))
        .json(&json!({ "description": "  CI deploy  " }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    let (status, body) = split(res).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["code"], 20000);
    let key = body["data"].clone();
    let client_id = key["client_id"].as_str().unwrap().to_string();
    let secret = key["secret"].as_str().unwrap().to_string();
    assert_eq!(uuid_version(&client_id), 4);
    // The scannable form: "aks_", 30 characters of body and 6 of checksum (server/README.md).
    assert_eq!(secret.len(), 40);
    assert!(secret.starts_with("aks_"));
    assert!(secret[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
    assert_eq!(key["description"], "CI deploy");
    assert_eq!(key["last_used_at"], Value::Null);
    assert_rfc3339_micros(key["created_at"].as_str().unwrap());

    let (status, body) = send(alice.get(server.url("/application-keys"))).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["total"], 1);
    let listed = &body["data"]["list"][0];
    assert_eq!(listed["client_id"], client_id.as_str());
    assert!(
        listed.get("secret").is_none(),
        "the list never shows secrets"
    );

    let (status, body, headers) = token(&server, &client_id, &secret).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    let access_token = body["access_token"].as_str().unwrap().to_string();

    let (status, body) = send(
        plain()
            .get(server.url("/whoami"))
            .bearer_auth(&access_token),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["username"], "alice");
    assert_eq!(body["data"]["client_id"], client_id.as_str());

    let (_, body) = send(alice.get(server.url("/application-keys"))).await;
    let last_used = body["data"]["list"][0]["last_used_at"]
        .as_str()
        .expect("last_used_at set by /token");
    assert_rfc3339_micros(last_used);

    let (status, body) = send(
        alice
            .delete(server.url(&format!("/application-keys/{client_id}")))
            .header("X-Requested-With", "fetch"),
    )
    .await;
    assert_eq!((status, body), (200, json!({ "code": 20000 })));

    let (status, body, headers) = token(&server, &client_id, &secret).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"], "invalid_client");
    assert!(headers["www-authenticate"]
        .to_str()
        .unwrap()
        .starts_with("Basic"));

    let (status, body) = send(
        plain()
            .get(server.url("/whoami"))
            .bearer_auth(&access_token),
    )
    .await;
    assert_error(status, &body, 401);

    let (_, body) = send(alice.get(server.url("/application-keys"))).await;
    assert_eq!(body["data"], json!({ "total": 0, "list": [] }));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_isolated_and_access_tokens_are_not_sessions() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    let key = create_key(&server, &alice, json!({ "description": "alice's" })).await;
    let client_id = key["client_id"].as_str().unwrap();
    let secret = key["secret"].as_str().unwrap();

    let (_, body) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(&bob),
    )
    .await;
    assert_eq!(body["data"]["total"], 0, "bob sees none of alice's keys");

    let (status, bobs_delete) = send(
        plain()
            .delete(server.url(&format!("/application-keys/{client_id}")))
            .bearer_auth(&bob),
    )
    .await;
    assert_error(status, &bobs_delete, 404);
    // The same answer as an id that does not exist at all, or is not an id.
    let (_, unknown) = send(
        plain()
            .delete(server.url("/application-keys/00000000-0000-4000-8000-000000000000"))
            .bearer_auth(&bob),
    )
    .await;
    let (status, malformed) = send(
        plain()
            .delete(server.url("/application-keys/not-a-uuid"))
            .bearer_auth(&bob),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(bobs_delete, unknown);
    assert_eq!(bobs_delete, malformed);

    // Bob cannot exchange alice's key with a guessed or his own secret, and a wrong secret is refused.
    let (status, body, _) = token(&server, client_id, &"A".repeat(40)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );

    // An access token is not a console session: it can neither list, create nor delete keys.
    let (_, body, _) = token(&server, client_id, secret).await;
    let access = body["access_token"].as_str().unwrap();
    let (status, body) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(access),
    )
    .await;
    assert_error(status, &body, 401);
    let (status, body) = send(
        plain()
            .post(server.url("/application-keys"))
            .bearer_auth(access)
            .json(&json!({})),
    )
    .await;
    assert_error(status, &body, 401);
    let (status, body) = send(
        plain()
            .delete(server.url(&format!("/application-keys/{client_id}")))
            .bearer_auth(access),
    )
    .await;
    assert_error(status, &body, 401);

    // Alice still has her key.
    let (_, body) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(body["data"]["total"], 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_failures_and_sign_out() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let (s1, wrong_password) = send(
        plain()
            .post(server.url("/session"))
            .json(&json!({ "username": "alice", "password": "nope" })),
    )
    .await;
    let (s2, no_such_user) = send(
        plain()
            .post(server.url("/session"))
            .json(&json!({ "username": "mallory", "password": "nope" })),
    )
    .await;
    assert_error(s1, &wrong_password, 401);
    assert_eq!(
        (s1, &wrong_password),
        (s2, &no_such_user),
        "same answer whether the user exists or not"
    );

    let (status, body) = send(plain().get(server.url("/session"))).await;
    assert_error(status, &body, 401);

    // Sign in; the raw cookie is replayed by hand after sign-out.
    let res = plain()
        .post(server.url("/session"))
        .json(&json!({ "username": "alice", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(
        !set_cookie.contains("Secure"),
        "not Secure unless configured: {set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    assert!(cookie.starts_with("appkeys_session="));

    let (status, _) = send(
        plain()
            .get(server.url("/session"))
            .header("Cookie", &cookie),
    )
    .await;
    assert_eq!(status, 200);
    let res = plain()
        .delete(server.url("/session"))
        .header("Cookie", &cookie)
        .header("X-Requested-With", "fetch")
        .send()
        .await
        .unwrap();
    let cleared = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cleared.starts_with("appkeys_session=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert_eq!(split(res).await, (200, json!({ "code": 20000 })));

    let (status, body) = send(
        plain()
            .get(server.url("/session"))
            .header("Cookie", &cookie),
    )
    .await;
    assert_error(status, &body, 401);
    let (status, body) = send(
        plain()
            .get(server.url("/application-keys"))
            .header("Cookie", &cookie),
    )
    .await;
    assert_error(status, &body, 401);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secure_cookies_when_configured() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--secure-cookies"]).await;
    let res = plain()
        .post(server.url("/session"))
        .json(&json!({ "username": "bob", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(set_cookie.contains("; Secure"), "{set_cookie}");
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    // The __Host- prefix: a browser takes it only with Secure, Path=/ and no Domain, so a sibling
    // subdomain cannot plant one.
    assert!(
        set_cookie.starts_with("__Host-appkeys_session="),
        "{set_cookie}"
    );
    assert!(set_cookie.contains("; Path=/") && !set_cookie.to_ascii_lowercase().contains("domain"));
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let (status, body) = send(
        plain()
            .get(server.url("/session"))
            .header("Cookie", &cookie),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["username"], "bob");
    // The unprefixed name is not a session there.
    let token = cookie.split_once('=').unwrap().1;
    let (status, _) = send(
        plain()
            .get(server.url("/session"))
            .header("Cookie", format!("appkeys_session={token}")),
    )
    .await;
    assert_eq!(status, 401);
    server.stop().await;
}

/// A cookie planted from a sibling subdomain arrives beside the person's own: a request with two
/// session cookies is refused, so it can act in neither account.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_session_cookies_are_refused() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    for cookies in [
        format!("appkeys_session={alice}; appkeys_session={bob}"),
        format!("appkeys_session={bob}; other=1; appkeys_session={alice}"),
    ] {
        let (status, body) = send(
            plain()
                .post(server.url("/application-keys"))
                .header("Cookie", &cookies)
                .json(&json!({ "description": "planted" })),
        )
        .await;
        assert_error(status, &body, 401);
        let (status, _) = send(
            plain()
                .get(server.url("/application-keys"))
                .header("Cookie", &cookies),
        )
        .await;
        assert_eq!(status, 401);
    }
    // Each alone still works.
    let (status, _) = send(
        plain()
            .get(server.url("/application-keys"))
            .header("Cookie", format!("appkeys_session={alice}")),
    )
    .await;
    assert_eq!(status, 200);
    let (_, body) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(&bob),
    )
    .await;
    assert_eq!(
        body["data"]["total"], 0,
        "nothing was created in bob's account"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_ids_unknown_paths_methods_and_headers() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let res = plain()
        .get(server.url("/session"))
        .header("X-Request-Id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-me-123");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    // A client's id that is long or not plain is not echoed or logged: the server makes its own.
    for unfit in [
        "x".repeat(65),
        "two words".into(),
        "<script>alert(1)</script>".into(),
    ] {
        let res = plain()
            .get(server.url("/session"))
            .header("X-Request-Id", &unfit)
            .send()
            .await
            .unwrap();
        let id = res.headers()["x-request-id"].to_str().unwrap().to_string();
        assert_eq!(uuid_version(&id), 4, "{unfit:?} was replaced, not {id:?}");
    }
    let plain_id = "a".repeat(64);
    let res = plain()
        .get(server.url("/session"))
        .header("X-Request-Id", &plain_id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], plain_id.as_str());
    assert_eq!(res.headers()["referrer-policy"], "no-referrer");

    let res = plain()
        .get(server.url("/no-such-thing"))
        .send()
        .await
        .unwrap();
    let generated = res.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(uuid_version(&generated), 4);
    let (status, body) = split(res).await;
    assert_error(status, &body, 404);
    let (status, body) =
        send(plain().get(format!("{}/api/1.0/application-keys/x/y", server.root))).await;
    assert_error(status, &body, 404);
    // Without --static, other paths are 404 too, still JSON rather than an HTML page.
    let (status, body) = send(plain().get(format!("{}/keys/deep/link", server.root))).await;
    assert_error(status, &body, 404);

    // 405 says which methods the path accepts (RFC 9110 §15.5.6).
    for (request, allow) in [
        (
            plain().put(server.url("/application-keys")),
            "GET,HEAD,POST",
        ),
        (plain().get(server.url("/token")), "POST"),
    ] {
        let res = request.send().await.unwrap();
        assert_eq!(res.headers()["allow"], allow);
        let (status, body) = split(res).await;
        assert_error(status, &body, 405);
    }
    server.stop().await;
}

/// A script creating keys as fast as it can (many within one second) reads them back exactly newest
/// first: the list is in creation order, not by a coarser key with the Client ID as tie-break.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_is_exactly_newest_first_after_a_burst_of_creates() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let mut created = Vec::new();
    for i in 0..20 {
        let key = create_key(
            &server,
            &alice,
            json!({ "description": format!("burst {i}") }),
        )
        .await;
        created.push(key["client_id"].as_str().unwrap().to_string());
    }
    let (_, body) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(&alice),
    )
    .await;
    let listed: Vec<&str> = body["data"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["client_id"].as_str().unwrap())
        .collect();
    created.reverse();
    assert_eq!(listed, created);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_keeps_every_key_and_forgets_secrets() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let key = create_key(
            &server,
            &alice,
            json!({ "description": format!("key {i}"), "request_id": format!("req-{i}") }),
        )
        .await;
        ids.push(key);
    }
    let (_, before) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(&alice),
    )
    .await;
    server.stop().await;

    let server = Server::start(&db.path, &["--test-clock"]).await;
    // Sessions are stored, so the same token still works after a restart.
    let (_, after) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(before, after);
    assert_eq!(after["data"]["total"], 5);

    // Each key still works for /token: its secret digest survived.
    let (status, _, _) = token(
        &server,
        ids[0]["client_id"].as_str().unwrap(),
        ids[0]["secret"].as_str().unwrap(),
    )
    .await;
    assert_eq!(status, 200);

    // The answers of request_ids are kept in the database (sealed) for their ten minutes: a retry
    // after the restart gets the same key and secret.
    let retry = || {
        plain()
            .post(server.url("/application-keys"))
            .bearer_auth(&alice)
            .json(&json!({ "description": "key 1", "request_id": "req-1" }))
    };
    let (status, body) = send(retry()).await;
    assert_eq!((status, &body["data"]), (200, &ids[1]), "{body}");
    // Past them, repeating a request_id answers 409 with the client_id.
    advance_clock(&server, 601).await;
    let (status, body) = send(
        plain()
            .post(server.url("/application-keys"))
            .bearer_auth(&alice)
            .json(&json!({ "description": "key 1", "request_id": "req-1" })),
    )
    .await;
    assert_error(status, &body, 409);
    assert_eq!(body["data"], json!({ "client_id": ids[1]["client_id"] }));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("can no longer be shown"),
        "{body}"
    );
    server.stop().await;
}

fn uuid_version(id: &str) -> u32 {
    assert_eq!(id.len(), 36, "{id}");
    let parts: Vec<&str> = id.split('-').collect();
    assert_eq!(
        parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
        [8, 4, 4, 4, 12],
        "{id}"
    );
    parts[2][..1].parse().unwrap()
}

/// RFC 3339 in UTC with microseconds, as the reference server writes every timestamp.
fn assert_rfc3339_micros(at: &str) {
    assert_eq!(at.len(), 27, "{at}");
    assert!(
        at.ends_with('Z') && at.as_bytes()[10] == b'T' && at.as_bytes()[19] == b'.',
        "{at}"
    );
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
}
