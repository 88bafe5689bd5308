//! Renaming a key (PATCH /application-keys/{client_id}): the create's description rules, the
//! account's own keys only, the CSRF rule for cookies, and the new name kept across a restart.

mod common;

use common::*;
use reqwest::Client;
use serde_json::{json, Value};

fn key_url(server: &Server, client_id: &str) -> String {
    server.url(&format!("/application-keys/{client_id}"))
}

async fn rename(server: &Server, session: &str, client_id: &str, body: Value) -> (u16, Value) {
    send(
        plain()
            .patch(key_url(server, client_id))
            .bearer_auth(session)
            .json(&body),
    )
    .await
}

/// The description the list shows for the key.
async fn listed_description(server: &Server, session: &str, client_id: &str) -> Value {
    let keys = list_keys(server, session).await;
    let key = keys.iter().find(|k| k["client_id"] == client_id).unwrap();
    key["description"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_sets_trims_and_clears_the_description() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({ "description": "CI deploy" })).await;
    let id = key["client_id"].as_str().unwrap();

    let (status, body) = rename(&server, &alice, id, json!({ "description": "  nightly  " })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["code"], 20000);
    // The answer is the key as the list shows it: the same fields, no secret.
    let mut expected = key.clone();
    expected.as_object_mut().unwrap().remove("secret");
    expected["description"] = json!("nightly");
    assert_eq!(body["data"], expected);
    assert_eq!(listed_description(&server, &alice, id).await, "nightly");

    // An upper-case id names the same key; 256 characters after trimming are allowed.
    let long = "é".repeat(256);
    let (status, body) = rename(
        &server,
        &alice,
        &id.to_uppercase(),
        json!({ "description": format!("\t{long} ") }),
    )
    .await;
    assert_eq!((status, &body["data"]["description"]), (200, &json!(long)));

    for clear in [json!(""), json!("   "), Value::Null] {
        let (status, body) = rename(&server, &alice, id, json!({ "description": "named" })).await;
        assert_eq!(status, 200, "{body}");
        let (status, body) = rename(&server, &alice, id, json!({ "description": clear })).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["description"], Value::Null, "{clear}");
        assert_eq!(
            listed_description(&server, &alice, id).await,
            Value::Null,
            "{clear}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_refuses_what_create_refuses_and_keeps_the_old_name() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({ "description": "kept" })).await;
    let id = key["client_id"].as_str().unwrap();

    let refusals = [
        (
            json!({ "description": "é".repeat(257) }),
            "at most 256 characters",
        ),
        (
            json!({ "description": "line\nbreak" }),
            "control characters",
        ),
        (json!({ "description": "bell\u{7}" }), "control characters"),
        (
            json!({}),
            "at least one of description, allowed_networks and scopes",
        ),
        (
            json!({ "descripton": "typo" }),
            "unknown field `descripton`",
        ),
        (
            json!({ "description": "x", "expires_at": "2099-01-01T00:00:00Z" }),
            "unknown field `expires_at`",
        ),
        (json!({ "description": 42 }), "expected a string"),
        (json!(["description"]), "must be a JSON object"),
    ];
    for (body, says) in refusals {
        let (status, answer) = rename(&server, &alice, id, body.clone()).await;
        assert_error(status, &answer, 400);
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{body} → {answer}"
        );
    }
    // Not JSON, and too large: the create's answers.
    let (status, body) = send(
        plain()
            .patch(key_url(&server, id))
            .bearer_auth(&alice)
            .header("Content-Type", "text/plain")
            .body(r#"{"description":"x"}"#),
    )
    .await;
    assert_error(status, &body, 415);
    let (status, body) = rename(
        &server,
        &alice,
        id,
        json!({ "description": "x".repeat(17 * 1024) }),
    )
    .await;
    assert_error(status, &body, 413);

    assert_eq!(listed_description(&server, &alice, id).await, "kept");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_accounts_own_keys_can_be_renamed() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    let key = create_key(&server, &alice, json!({ "description": "alice's" })).await;
    let id = key["client_id"].as_str().unwrap();

    let (status, bobs) = rename(&server, &bob, id, json!({ "description": "bob's now" })).await;
    assert_error(status, &bobs, 404);
    // The same answer as an id that does not exist, or is not an id at all.
    for other in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
        let (status, body) = rename(&server, &bob, other, json!({ "description": "x" })).await;
        assert_eq!((status, &body), (404, &bobs), "{other}");
    }
    // Without a session: 401.
    let (status, body) = send(
        plain()
            .patch(key_url(&server, id))
            .json(&json!({ "description": "x" })),
    )
    .await;
    assert_error(status, &body, 401);

    assert_eq!(listed_description(&server, &alice, id).await, "alice's");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn renaming_by_cookie_needs_csrf_proof() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let browser: Client = browser();
    let session = sign_in(&server, &browser, "alice").await;
    let key = create_key(&server, &session, json!({ "description": "before" })).await;
    let url = key_url(&server, key["client_id"].as_str().unwrap());

    // What a cross-site form could send: refused before the body is read.
    let (status, body) = send(
        browser
            .patch(&url)
            .header("Content-Type", "text/plain")
            .body(r#"{"description":"forged"}"#),
    )
    .await;
    assert_error(status, &body, 403);
    assert_eq!(
        listed_description(&server, &session, key["client_id"].as_str().unwrap()).await,
        "before"
    );
    // A JSON content type, or X-Requested-With, is proof enough.
    let (status, body) = send(browser.patch(&url).json(&json!({ "description": "json" }))).await;
    assert_eq!(
        (status, &body["data"]["description"]),
        (200, &json!("json"))
    );
    let (status, body) = send(
        browser
            .patch(&url)
            .header("X-Requested-With", "fetch")
            .json(&json!({ "description": "header" })),
    )
    .await;
    assert_eq!(
        (status, &body["data"]["description"]),
        (200, &json!("header"))
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_name_survives_a_restart() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({ "description": "old name" })).await;
    let id = key["client_id"].as_str().unwrap();
    let (status, _) = rename(&server, &alice, id, json!({ "description": "new name" })).await;
    assert_eq!(status, 200);
    server.stop().await;

    let server = Server::start(&db.path, &[]).await;
    assert_eq!(listed_description(&server, &alice, id).await, "new name");
    // And the key still works.
    let (status, _, _) = token(&server, id, key["secret"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    server.stop().await;
}
