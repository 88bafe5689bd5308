//! The activity log (GET /application-keys/events): each change writes its event in its own
//! transaction, with who did it and from where; a refused change writes none; the log pages
//! newest first, filters by key and type, shows only the account's own events, and cannot be
//! changed through the API.

mod common;

use common::*;
use reqwest::Method;
use serde_json::{json, Value};

const AGENT: &str = "activity-test/1.0 (+https://example.com)";

/// A console request as alice's browser would send it, with a known User-Agent.
fn as_console(method: Method, url: String, session: &str) -> reqwest::RequestBuilder {
    plain()
        .request(method, url)
        .bearer_auth(session)
        .header("user-agent", AGENT)
}

async fn events(server: &Server, session: &str, query: &str) -> (u16, Value) {
    send(as_console(
        Method::GET,
        server.url(&format!("/application-keys/events{query}")),
        session,
    ))
    .await
}

/// The whole page's events, after asserting that the request succeeded.
async fn logged(server: &Server, session: &str, query: &str) -> Vec<Value> {
    let (status, body) = events(server, session, query).await;
    assert_eq!(status, 200, "{body}");
    body["data"]["events"].as_array().unwrap().clone()
}

fn types_and_keys(events: &[Value]) -> Vec<(String, String)> {
    events
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap().into(),
                e["client_id"].as_str().unwrap_or("-").into(),
            )
        })
        .collect()
}

async fn create(server: &Server, session: &str, description: &str) -> Value {
    let (status, body) = send(
        as_console(Method::POST, server.url("/application-keys"), session)
            .json(&json!({ "description": description })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["data"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_change_is_logged_newest_first_with_who_and_from_where() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let first = create(&server, &alice, "CI deploy").await;
    let id = first["client_id"].as_str().unwrap();
    let key_url = server.url(&format!("/application-keys/{id}"));
    let rename = |to: Value| {
        as_console(Method::PATCH, key_url.clone(), &alice).json(&json!({ "description": to }))
    };
    assert_eq!(send(rename(json!("nightly"))).await.0, 200);
    // The same description again changes nothing, and logs nothing.
    assert_eq!(send(rename(json!("nightly"))).await.0, 200);
    let (status, rotated) = send(
        as_console(Method::POST, format!("{key_url}/rotate"), &alice)
            .json(&json!({ "previous_secret_expires_in": 3600 })),
    )
    .await;
    assert_eq!(status, 200, "{rotated}");
    let second = create(&server, &alice, "reports").await;
    let other = second["client_id"].as_str().unwrap();
    let (status, _) = send(
        as_console(Method::POST, server.url("/application-keys/delete"), &alice)
            .json(&json!({ "client_ids": [other, id] })),
    )
    .await;
    assert_eq!(status, 200);

    let log = logged(&server, &alice, "").await;
    let expected: Vec<(String, String)> = [
        ("key.deleted", id),
        ("key.deleted", other),
        ("key.created", other),
        ("key.rotated", id),
        ("key.renamed", id),
        ("key.created", id),
    ]
    .iter()
    .map(|(t, k)| (t.to_string(), k.to_string()))
    .collect();
    assert_eq!(types_and_keys(&log), expected);
    for event in &log {
        assert_eq!(
            event["actor"],
            json!({ "kind": "user", "name": "alice" }),
            "{event}"
        );
        assert_eq!(event["ip"], "127.0.0.1", "{event}");
        assert_eq!(event["user_agent"], AGENT, "{event}");
        let at = event["at"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.contains('.'),
            "{at}"
        );
    }
    let at: Vec<&str> = log.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert!(
        at.windows(2).all(|pair| pair[0] >= pair[1]),
        "newest first: {at:?}"
    );
    assert_eq!(
        log[5]["details"],
        json!({ "description": "CI deploy", "expires_at": null })
    );
    assert_eq!(
        log[4]["details"],
        json!({ "from": "CI deploy", "to": "nightly" })
    );
    assert_eq!(
        log[3]["details"],
        json!({ "previous_secret_expires_in": 3600 })
    );
    assert_eq!(log[1]["details"], json!({ "description": "reports" }));
    assert_eq!(log[0]["details"], json!({ "description": "nightly" }));
    // No secret is ever in the log.
    let text = serde_json::to_string(&log).unwrap();
    for secret in [
        &first["secret"],
        &second["secret"],
        &rotated["data"]["secret"],
    ] {
        assert!(
            !text.contains(secret.as_str().unwrap()),
            "a secret in the log"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_change_writes_no_event() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--max-keys", "1"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    create(&server, &alice, "the one").await;
    let (status, body) =
        try_create_key(&server, &alice, json!({ "description": "one too many" })).await;
    assert_error(status, &body, 409);
    let unknown = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
    let key_url = server.url(&format!("/application-keys/{unknown}"));
    let refused = [
        as_console(Method::PATCH, key_url.clone(), &alice).json(&json!({ "description": "x" })),
        as_console(Method::POST, format!("{key_url}/rotate"), &alice)
            .json(&json!({ "previous_secret_expires_in": 0 })),
        as_console(Method::DELETE, key_url, &alice),
    ];
    for request in refused {
        let (status, body) = send(request).await;
        assert_error(status, &body, 404);
    }
    let log = logged(&server, &alice, "").await;
    assert_eq!(types_and_keys(&log).len(), 1, "{log:?}");
    assert_eq!(log[0]["type"], "key.created");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_pages_filters_and_shows_only_the_accounts_own_events() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(create(&server, &alice, &format!("key {n}")).await["client_id"].clone());
    }
    let bobs = create(&server, &bob, "bob's").await["client_id"].clone();
    let one = ids[2].as_str().unwrap();
    let (status, _) = send(
        as_console(
            Method::PATCH,
            server.url(&format!("/application-keys/{one}")),
            &alice,
        )
        .json(&json!({ "description": "renamed" })),
    )
    .await;
    assert_eq!(status, 200);

    // Two at a time, newest first, until `next` is null: every event once.
    let (mut seen, mut query) = (Vec::new(), "?limit=2".to_string());
    loop {
        let (status, body) = events(&server, &alice, &query).await;
        assert_eq!(status, 200, "{body}");
        let page = body["data"]["events"].as_array().unwrap();
        assert!(page.len() <= 2);
        seen.extend(page.iter().map(|e| e["id"].clone()));
        match body["data"]["next"].as_str() {
            Some(next) => query = format!("?limit=2&before={next}"),
            None => break,
        }
    }
    let all = logged(&server, &alice, "").await;
    assert_eq!(
        seen,
        all.iter().map(|e| e["id"].clone()).collect::<Vec<_>>()
    );
    assert_eq!(all.len(), 6);

    let created = logged(&server, &alice, "?type=key.created").await;
    assert_eq!(created.len(), 5);
    let mine = logged(
        &server,
        &alice,
        &format!("?client_id={}", one.to_uppercase()),
    )
    .await;
    assert_eq!(
        types_and_keys(&mine),
        [
            ("key.renamed".into(), one.into()),
            ("key.created".into(), one.into())
        ]
    );
    // Another account's key, or no key at all: an empty page, not an error that tells it exists.
    for other in [bobs.as_str().unwrap(), "not-a-key"] {
        assert_eq!(
            logged(&server, &alice, &format!("?client_id={other}")).await,
            Vec::<Value>::new()
        );
    }
    let bobs_log = logged(&server, &bob, "").await;
    assert_eq!(
        types_and_keys(&bobs_log),
        [("key.created".into(), bobs.as_str().unwrap().into())]
    );

    for bad in [
        "?limit=0",
        "?limit=201",
        "?limit=ten",
        "?type=key.exploded",
        "?before=abc",
        "?before=0",
    ] {
        let (status, body) = events(&server, &alice, bad).await;
        assert_error(status, &body, 400);
    }
    // Read-only: the log cannot be edited or deleted through the API.
    for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let (status, body) = send(as_console(
            method.clone(),
            server.url("/application-keys/events"),
            &alice,
        ))
        .await;
        assert_error(status, &body, 405);
    }
    let (status, _) = send(plain().get(server.url("/application-keys/events"))).await;
    assert_eq!(status, 401);
    server.stop().await;
}
