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
        json!({
            "description": "CI deploy",
            "expires_at": null,
            "allowed_networks": [],
            "scopes": [
                "billing:read", "billing:write", "clusters:read", "clusters:write",
                "users:read", "users:write", "warehouses:read", "warehouses:write"
            ],
        })
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

fn secret_of(key: &Value) -> String {
    key["secret"].as_str().unwrap().to_string()
}

fn id_of(key: &Value) -> String {
    key["client_id"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_logs_an_expiry_and_the_end_of_a_grace_period_once() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let ends = (chrono::Utc::now() + chrono::TimeDelta::hours(2)).to_rfc3339();
    let expiring = id_of(&create_key(&server, &alice, json!({ "expires_at": ends })).await);
    let rotated = id_of(&create(&server, &alice, "rotated").await);
    let (status, _) = send(
        as_console(
            Method::POST,
            server.url(&format!("/application-keys/{rotated}/rotate")),
            &alice,
        )
        .json(&json!({ "previous_secret_expires_in": 3600 })),
    )
    .await;
    assert_eq!(status, 200);
    let by_server = |log: &[Value]| -> Vec<(String, String)> {
        types_and_keys(
            &log.iter()
                .filter(|e| e["actor"]["kind"] == "system")
                .cloned()
                .collect::<Vec<_>>(),
        )
    };

    advance_clock(&server, 3601).await;
    let log = logged(&server, &alice, "").await;
    assert_eq!(
        by_server(&log),
        [("key.previous_secret_ended".into(), rotated.clone())]
    );
    assert_eq!(log[0]["actor"], json!({ "kind": "system" }));
    assert_eq!(
        (&log[0]["ip"], &log[0]["user_agent"]),
        (&Value::Null, &Value::Null)
    );
    assert!(log[0]["details"]["ended_at"].is_string(), "{}", log[0]);

    advance_clock(&server, 3600).await;
    advance_clock(&server, 60).await;
    let log = logged(&server, &alice, "").await;
    assert_eq!(
        by_server(&log),
        [
            ("key.expired".into(), expiring.clone()),
            ("key.previous_secret_ended".into(), rotated)
        ],
        "each once"
    );
    assert_eq!(
        log[0]["details"]["expires_at"].as_str().map(|s| s.len()),
        Some(27)
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_secrets_are_logged_once_a_minute_with_their_count() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create(&server, &alice, "guessed").await;
    let id = id_of(&key);
    let wrong = |n: usize| {
        let server = &server;
        let id = id.clone();
        async move {
            for _ in 0..n {
                let (status, _, _) = token(server, &id, "not-the-secret").await;
                assert_eq!(status, 401);
            }
        }
    };
    wrong(3).await;
    // An unknown client_id is nobody's key: logged nowhere.
    assert_eq!(
        token(&server, "6f9619ff-8b86-d011-b42d-00c04fc964ff", "x")
            .await
            .0,
        401
    );
    let refusals = || logged(&server, &alice, "?type=key.secret_refused");
    let log = refusals().await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["details"], json!({ "count": 3 }));
    assert_eq!(log[0]["actor"], json!({ "kind": "key", "client_id": id }));
    assert_eq!(log[0]["ip"], "127.0.0.1");

    advance_clock(&server, 61).await;
    wrong(1).await;
    let log = refusals().await;
    assert_eq!(
        log.iter()
            .map(|e| e["details"]["count"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [1, 3]
    );
    // The right secret is no refusal.
    assert_eq!(token(&server, &id, &secret_of(&key)).await.0, 200);
    assert_eq!(refusals().await.len(), 2);
    server.stop().await;
}

async fn usage(server: &Server, session: &str, client_id: &str, query: &str) -> (u16, Value) {
    let url = server.url(&format!("/application-keys/{client_id}/usage{query}"));
    send(as_console(Method::GET, url, session)).await
}

/// Each outcome summed over the days answered.
fn totals(days: &Value) -> [i64; 4] {
    let sum = |field: &str| {
        days.as_array()
            .unwrap()
            .iter()
            .map(|d| d[field].as_i64().unwrap())
            .sum()
    };
    [
        sum("issued"),
        sum("refused_secret"),
        sum("refused_expired"),
        sum("rate_limited"),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn usage_counts_every_answer_by_outcome_also_under_32_concurrent_exchanges() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock", "--token-rate-per-minute", "24"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    let key = create(&server, &alice, "busy").await;
    let (id, secret) = (id_of(&key), secret_of(&key));

    let mut exchanges = tokio::task::JoinSet::new();
    for _ in 0..32 {
        let request = token_request(&server, &id, &secret);
        exchanges.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    let mut answers = std::collections::BTreeMap::<u16, i64>::new();
    while let Some(status) = exchanges.join_next().await {
        *answers.entry(status.unwrap()).or_default() += 1;
    }
    assert_eq!(
        answers.keys().copied().collect::<Vec<_>>(),
        [200, 429],
        "{answers:?}"
    );
    for _ in 0..2 {
        assert_eq!(token(&server, &id, "wrong").await.0, 401);
    }
    let ends = (chrono::Utc::now() + chrono::TimeDelta::hours(2)).to_rfc3339();
    let expiring = create_key(&server, &alice, json!({ "expires_at": ends })).await;
    advance_clock(&server, 7300).await;
    assert_eq!(
        token(&server, &id_of(&expiring), &secret_of(&expiring))
            .await
            .0,
        401
    );

    let (status, body) = usage(&server, &alice, &id, "").await;
    assert_eq!(status, 200, "{body}");
    let days = &body["data"]["days"];
    assert_eq!(days.as_array().unwrap().len(), 30);
    let today = (chrono::Utc::now() + chrono::TimeDelta::seconds(7300))
        .date_naive()
        .to_string();
    assert_eq!(days[29]["date"], today);
    assert_eq!(totals(days), [answers[&200], 2, 0, answers[&429]]);
    let (_, body) = usage(&server, &alice, &id_of(&expiring), "?days=2").await;
    assert_eq!(totals(&body["data"]["days"]), [0, 0, 1, 0]);
    assert_eq!(body["data"]["days"].as_array().unwrap().len(), 2);

    for bad in ["?days=0", "?days=91", "?days=week"] {
        let (status, body) = usage(&server, &alice, &id, bad).await;
        assert_error(status, &body, 400);
    }
    // Another account's key is no key of bob's.
    let (status, body) = usage(&server, &bob, &id, "").await;
    assert_error(status, &body, 404);
    server.stop().await;
}
