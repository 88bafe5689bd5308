//! Keys limited to scopes (issue 31): OAuth 2.0 scopes on keys (`write` implies `read`), the
//! `scope` parameter at /token (`invalid_scope` beyond the key), a narrowed key narrowing its live
//! tokens at once (on every instance), the example resource's 403 `insufficient_scope`, and token
//! introspection (RFC 7662) for configured resource servers only.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const RESOURCE_SERVER: (&str, &str) = ("warehouse-api", "rs-secret-0123456789");

/// A key with these scopes (`None`: the create names none): (client_id, secret).
async fn key_with(server: &Server, session: &str, scopes: Option<&[&str]>) -> (String, String) {
    let body = match scopes {
        Some(scopes) => json!({ "scopes": scopes }),
        None => json!({}),
    };
    let key = create_key(server, session, body).await;
    let field = |name: &str| key[name].as_str().unwrap().to_string();
    (field("client_id"), field("secret"))
}

/// An exchange asking for `scope` (if any): (status, body).
async fn exchange(server: &Server, id: &str, secret: &str, scope: Option<&str>) -> (u16, Value) {
    let mut form = vec![("grant_type", "client_credentials")];
    if let Some(scope) = scope {
        form.push(("scope", scope));
    }
    let request = plain()
        .post(server.url("/token"))
        .basic_auth(id, Some(secret))
        .form(&form);
    split(request.send().await.unwrap()).await
}

async fn access_token(server: &Server, id: &str, secret: &str, scope: Option<&str>) -> String {
    let (status, body) = exchange(server, id, secret, scope).await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_string()
}

async fn scopes_of(server: &Server, token: &str) -> Value {
    let (status, body) = send(plain().get(server.url("/whoami")).bearer_auth(token)).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["scopes"].clone()
}

async fn clusters(server: &Server, method: Method, token: &str) -> (u16, Option<String>) {
    let response = plain()
        .request(method, server.url("/clusters"))
        .bearer_auth(token)
        .body("{}")
        .send()
        .await
        .unwrap();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_string());
    (response.status().as_u16(), challenge)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_policy_names_the_scopes_and_a_key_gets_all_of_them_unless_it_says() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (status, policy) = send(console(
        Method::GET,
        &server,
        "/application-keys/policy",
        &alice,
    ))
    .await;
    assert_eq!(status, 200);
    let scopes = policy["data"]["scopes"].as_array().unwrap();
    assert_eq!(scopes.len(), 8);
    assert_eq!(
        scopes[0],
        json!({ "name": "clusters:read", "resource": "clusters", "access": "read" })
    );
    assert!(policy["data"]["features"]
        .as_array()
        .unwrap()
        .contains(&json!("scopes")));

    let all = create_key(&server, &alice, json!({})).await;
    assert_eq!(all["scopes"].as_array().unwrap().len(), 8);
    let some = create_key(
        &server,
        &alice,
        json!({ "scopes": ["users:write", "clusters:read", "users:write"] }),
    )
    .await;
    assert_eq!(
        some["scopes"],
        json!(["clusters:read", "users:write"]),
        "sorted, once each"
    );

    for (scopes, says) in [
        (json!([]), "at least one scope"),
        (
            json!(["clusters:read", "clusters:admin"]),
            "\"clusters:admin\" is not a scope",
        ),
        (json!(null), "invalid type: null"),
    ] {
        let (status, answer) = try_create_key(&server, &alice, json!({ "scopes": scopes })).await;
        assert_error(status, &answer, 400);
        let said = answer["message"].as_str().unwrap();
        assert!(said.contains(says), "{said}");
        let id = some["client_id"].as_str().unwrap();
        let (status, answer) = change(&server, &alice, id, json!({ "scopes": scopes })).await;
        assert_error(status, &answer, 400);
    }
    assert_eq!(
        list_keys(&server, &alice).await.len(),
        2,
        "nothing refused was made"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_gets_a_subset_of_what_its_key_grants_and_write_implies_read() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = key_with(&server, &alice, Some(&["clusters:write"])).await;

    let (status, body) = exchange(&server, &id, &secret, None).await;
    assert_eq!(
        (status, &body["scope"]),
        (200, &json!("clusters:read clusters:write"))
    );
    let (_, body) = exchange(&server, &id, &secret, Some("clusters:read")).await;
    assert_eq!(body["scope"], "clusters:read");
    // `scope=` with nothing in it is no request for less.
    let (_, body) = exchange(&server, &id, &secret, Some(" ")).await;
    assert_eq!(body["scope"], "clusters:read clusters:write");
    let (status, body) = exchange(&server, &id, &secret, Some("clusters:read billing:read")).await;
    assert_eq!((status, &body["error"]), (400, &json!("invalid_scope")));
    // A wrong secret never learns about scopes.
    let (status, body) = exchange(&server, &id, "wrong", Some("billing:read")).await;
    assert_eq!((status, &body["error"]), (401, &json!("invalid_client")));

    let read_only = access_token(&server, &id, &secret, Some("clusters:read")).await;
    assert_eq!(
        scopes_of(&server, &read_only).await,
        json!(["clusters:read"])
    );
    assert_eq!(
        clusters(&server, Method::GET, &read_only).await,
        (200, None)
    );
    let (status, challenge) = clusters(&server, Method::POST, &read_only).await;
    assert_eq!(status, 403);
    assert_eq!(
        challenge.as_deref(),
        Some("Bearer error=\"insufficient_scope\", scope=\"clusters:write\"")
    );
    let writer = access_token(&server, &id, &secret, None).await;
    assert_eq!(clusters(&server, Method::POST, &writer).await, (202, None));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn narrowing_a_key_narrows_its_live_tokens_at_once_and_widening_never_widens_them() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = key_with(&server, &alice, None).await;
    let full = access_token(&server, &id, &secret, None).await;
    let reader = access_token(&server, &id, &secret, Some("clusters:read")).await;
    assert_eq!(clusters(&server, Method::POST, &full).await.0, 202);

    let narrowed = json!({ "scopes": ["clusters:read", "users:read"] });
    assert_eq!(change(&server, &alice, &id, narrowed).await.0, 200);
    assert_eq!(
        scopes_of(&server, &full).await,
        json!(["clusters:read", "users:read"])
    );
    assert_eq!(clusters(&server, Method::POST, &full).await.0, 403);

    let widened = json!({ "scopes": ["clusters:write", "users:read"] });
    assert_eq!(change(&server, &alice, &id, widened).await.0, 200);
    assert_eq!(
        scopes_of(&server, &reader).await,
        json!(["clusters:read"]),
        "never widened"
    );

    let (status, log) = send(console(
        Method::GET,
        &server,
        "/application-keys/events?type=key.scopes_changed",
        &alice,
    ))
    .await;
    assert_eq!(status, 200);
    let events = log["data"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(
        events[0]["details"],
        json!({ "from": ["clusters:read", "users:read"], "to": ["clusters:write", "users:read"] })
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn narrowing_on_one_instance_holds_at_once_on_the_other() {
    let db = temp_db();
    if !db.postgres {
        println!("skipped: two instances need PostgreSQL ({POSTGRES_ENV})");
        return;
    }
    let a = Server::start(&db.path, &[]).await;
    let b = Server::start(&db.path, &[]).await;
    let alice = sign_in(&a, &plain(), "alice").await;
    let (id, secret) = key_with(&a, &alice, None).await;
    let token = access_token(&b, &id, &secret, None).await;
    assert_eq!(clusters(&b, Method::POST, &token).await.0, 202);
    let narrowed = json!({ "scopes": ["clusters:read"] });
    assert_eq!(change(&a, &alice, &id, narrowed).await.0, 200);
    assert_eq!(clusters(&b, Method::POST, &token).await.0, 403);
    assert_eq!(clusters(&b, Method::GET, &token).await.0, 200);
    a.stop().await;
    b.stop().await;
}

async fn introspect(
    server: &Server,
    credentials: Option<(&str, &str)>,
    form: &[(&str, &str)],
) -> (u16, Value) {
    let mut request = plain().post(server.url("/oauth/introspect")).form(form);
    if let Some((name, secret)) = credentials {
        request = request.basic_auth(name, Some(secret));
    }
    split(request.send().await.unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn introspection_answers_resource_servers_only_and_says_no_more_of_a_dead_token() {
    let db = temp_db();
    let (name, secret) = RESOURCE_SERVER;
    let flag = format!("{name}:{secret}");
    let server = Server::start(
        &db.path,
        &[
            "--test-clock",
            "--resource-server",
            &flag,
            "--trusted-proxies",
            "127.0.0.1/32",
        ],
    )
    .await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, key_secret) = key_with(&server, &alice, Some(&["clusters:write"])).await;
    let token = access_token(&server, &id, &key_secret, Some("clusters:read")).await;
    let rs = Some(RESOURCE_SERVER);

    for credentials in [
        None,
        Some((name, "wrong-secret-0123456789")),
        Some(("other", secret)),
    ] {
        let (status, body) = introspect(&server, credentials, &[("token", &token)]).await;
        assert_eq!(
            (status, &body["error"]),
            (401, &json!("invalid_client")),
            "{credentials:?}"
        );
    }
    let (status, body) = introspect(&server, rs, &[("token", &token)]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["active"], true);
    assert_eq!(body["scope"], "clusters:read");
    assert_eq!(body["client_id"], id.as_str());
    assert_eq!(body["token_type"], "Bearer");
    let (exp, iat) = (body["exp"].as_i64().unwrap(), body["iat"].as_i64().unwrap());
    assert_eq!(exp - iat, 3600);
    let inactive = json!({ "active": false });
    assert_eq!(
        introspect(&server, rs, &[("token", "unknown")]).await,
        (200, inactive.clone())
    );

    // Outside the key's networks, when the resource server says where its caller is.
    let networks = json!({ "allowed_networks": ["10.0.0.0/8"] });
    assert_eq!(change(&server, &alice, &id, networks).await.0, 200);
    let outside = [("token", token.as_str()), ("caller_ip", "192.0.2.1")];
    assert_eq!(
        introspect(&server, rs, &outside).await,
        (200, inactive.clone())
    );
    let inside = [("token", token.as_str()), ("caller_ip", "10.1.2.3")];
    assert_eq!(introspect(&server, rs, &inside).await.1["active"], true);
    assert_eq!(
        change(&server, &alice, &id, json!({ "allowed_networks": [] }))
            .await
            .0,
        200
    );

    // Rotated out at once, expired on its own, its key deleted or expired: inactive, and no more.
    let rotate = format!("/application-keys/{id}/rotate");
    let body = json!({ "previous_secret_expires_in": 0 });
    let (status, rotated) = send(console(Method::POST, &server, &rotate, &alice).json(&body)).await;
    assert_eq!(status, 200, "{rotated}");
    assert_eq!(
        introspect(&server, rs, &[("token", &token)]).await,
        (200, inactive.clone())
    );
    let new_secret = rotated["data"]["secret"].as_str().unwrap().to_string();
    let fresh = access_token(&server, &id, &new_secret, None).await;
    advance_clock(&server, 3601).await;
    assert_eq!(
        introspect(&server, rs, &[("token", &fresh)]).await,
        (200, inactive.clone())
    );
    let fresh = access_token(&server, &id, &new_secret, None).await;
    assert_eq!(
        send(console(
            Method::DELETE,
            &server,
            &format!("/application-keys/{id}"),
            &alice
        ))
        .await
        .0,
        200
    );
    assert_eq!(
        introspect(&server, rs, &[("token", &fresh)]).await,
        (200, inactive.clone())
    );
    let ends = (chrono::Utc::now() + chrono::TimeDelta::hours(3)).to_rfc3339();
    let expiring = create_key(&server, &alice, json!({ "expires_at": ends })).await;
    let (eid, esecret) = (
        expiring["client_id"].as_str().unwrap(),
        expiring["secret"].as_str().unwrap(),
    );
    let short = access_token(&server, eid, esecret, None).await;
    advance_clock(&server, 3600 * 3 + 1).await;
    assert_eq!(
        introspect(&server, rs, &[("token", &short)]).await,
        (200, inactive)
    );
    server.stop().await;

    // Without resource servers, there is no introspection.
    let server = Server::start(&db.path, &[]).await;
    assert_eq!(introspect(&server, rs, &[("token", "x")]).await.0, 404);
    server.stop().await;
}

/// A key from before scopes could do everything; so it can afterwards: the server gives it every
/// scope it has when it starts (SQLite: the column is emptied by hand, as migration 12 left it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_from_before_scopes_gets_every_scope() {
    let db = temp_db();
    if sqlite_only(&db, "SQLite migrations") {
        return;
    }
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (id, secret) = key_with(&server, &alice, Some(&["billing:read"])).await;
    server.stop().await;
    let file = r2d2_sqlite::rusqlite::Connection::open(&db.path).unwrap();
    file.execute("UPDATE application_keys SET scopes = NULL", [])
        .unwrap();
    drop(file);

    let server = Server::start(&db.path, &[]).await;
    assert_eq!(
        list_keys(&server, &alice).await[0]["scopes"]
            .as_array()
            .unwrap()
            .len(),
        8
    );
    let token = access_token(&server, &id, &secret, None).await;
    assert_eq!(clusters(&server, Method::POST, &token).await.0, 202);
    server.stop().await;
}
