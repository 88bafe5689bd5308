//! Deleting keys in bulk (POST /application-keys/delete): the account's listed keys go in one step
//! with their access tokens, the rest is answered as not found and left alone, the list's rules,
//! and the static path beside the `{client_id}` routes.

mod common;

use common::*;
use serde_json::{json, Value};

async fn bulk_delete(server: &Server, session: &str, body: Value) -> (u16, Value) {
    send(
        plain()
            .post(server.url("/application-keys/delete"))
            .bearer_auth(session)
            .json(&body),
    )
    .await
}

/// A key with an access token: (client_id, secret, access token).
async fn key_in_use(server: &Server, session: &str) -> (String, String, String) {
    let key = create_key(server, session, json!({})).await;
    let (id, secret) = (
        key["client_id"].as_str().unwrap().to_string(),
        key["secret"].as_str().unwrap().to_string(),
    );
    let (status, body, _) = token(server, &id, &secret).await;
    assert_eq!(status, 200, "{body}");
    (
        id,
        secret,
        body["access_token"].as_str().unwrap().to_string(),
    )
}

async fn whoami(server: &Server, access_token: &str) -> u16 {
    send(plain().get(server.url("/whoami")).bearer_auth(access_token))
        .await
        .0
}

async fn listed_ids(server: &Server, session: &str) -> Vec<String> {
    list_keys(server, session)
        .await
        .iter()
        .map(|k| k["client_id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_listed_keys_go_in_one_step_and_the_rest_is_not_found() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let bob = sign_in(&server, &plain(), "bob").await;
    let (a, a_secret, a_token) = key_in_use(&server, &alice).await;
    let (b, b_secret, b_token) = key_in_use(&server, &alice).await;
    let (kept, kept_secret, kept_token) = key_in_use(&server, &alice).await;
    let (bobs, bobs_secret, bobs_token) = key_in_use(&server, &bob).await;
    let unknown = "00000000-0000-4000-8000-000000000000";

    // b in upper case and without hyphens: answered in the normal form.
    let (status, body) = bulk_delete(
        &server,
        &alice,
        json!({ "client_ids": [a, b.to_uppercase().replace('-', ""), unknown, bobs] }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({ "code": 20000, "data": { "deleted": [a, b], "not_found": [unknown, bobs] } })
    );
    // Gone at once, with their tokens; the rest (bob's key included) is untouched and works.
    assert_eq!(listed_ids(&server, &alice).await, [kept.as_str()]);
    for (id, secret, token_) in [(&a, &a_secret, &a_token), (&b, &b_secret, &b_token)] {
        assert_eq!(whoami(&server, token_).await, 401);
        assert_eq!(token(&server, id, secret).await.0, 401);
    }
    for (id, secret, token_) in [
        (&kept, &kept_secret, &kept_token),
        (&bobs, &bobs_secret, &bobs_token),
    ] {
        assert_eq!(whoami(&server, token_).await, 200);
        assert_eq!(token(&server, id, secret).await.0, 200);
    }
    assert_eq!(listed_ids(&server, &bob).await, [bobs.as_str()]);

    // Again: nothing left to delete.
    let (status, body) = bulk_delete(&server, &alice, json!({ "client_ids": [a, b] })).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"], json!({ "deleted": [], "not_found": [a, b] }));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_keys_request_id_is_not_replayed() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let body = json!({ "request_id": "bulk-1" });
    let key = create_key(&server, &alice, body.clone()).await;
    let (status, _) =
        bulk_delete(&server, &alice, json!({ "client_ids": [key["client_id"]] })).await;
    assert_eq!(status, 200);
    // As after a single delete: the request_id makes a new key, not a replay of the deleted one.
    let again = create_key(&server, &alice, body).await;
    assert_ne!(again["client_id"], key["client_id"]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_must_name_1_to_100_distinct_client_ids() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({})).await;
    let id = key["client_id"].as_str().unwrap().to_string();
    let many = |n: usize| -> Vec<String> {
        (0..n)
            .map(|i| format!("00000000-0000-4000-8000-{i:012}"))
            .collect()
    };
    let refusals = [
        (
            json!({ "client_ids": [] }),
            "1 to 100 client_ids; this request lists 0.",
        ),
        (
            json!({ "client_ids": many(101) }),
            "this request lists 101.",
        ),
        (json!({ "client_ids": [id, id] }), "more than once"),
        (
            json!({ "client_ids": [id, id.to_uppercase()] }),
            "more than once",
        ),
        (
            json!({ "client_ids": [id, "not-a-uuid"] }),
            "client_ids[1] is not a client_id",
        ),
        (json!({ "client_ids": [id, 42] }), "expected a string"),
        (json!({ "client_ids": id }), "expected a sequence"),
        (json!({}), "missing field `client_ids`"),
        (
            json!({ "client_ids": [id], "all": true }),
            "unknown field `all`",
        ),
    ];
    for (body, says) in refusals {
        let (status, answer) = bulk_delete(&server, &alice, body.clone()).await;
        assert_error(status, &answer, 400);
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{body} → {answer}"
        );
    }
    assert_eq!(listed_ids(&server, &alice).await, [id.as_str()]);
    // 100 is allowed.
    let hundred: Vec<String> = [id.clone()].into_iter().chain(many(99)).collect();
    let (status, body) = bulk_delete(&server, &alice, json!({ "client_ids": hundred })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["deleted"], json!([id]));
    assert_eq!(body["data"]["not_found"].as_array().unwrap().len(), 99);
    server.stop().await;
}

/// `/application-keys/delete` and `/application-keys/policy` sit beside `/application-keys/{client_id}`:
/// each request reaches its own handler.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_static_paths_do_not_collide_with_a_keys_routes() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let renamed = create_key(&server, &alice, json!({})).await;
    let deleted = create_key(&server, &alice, json!({})).await;
    let key_url = |key: &Value| {
        server.url(&format!(
            "/application-keys/{}",
            key["client_id"].as_str().unwrap()
        ))
    };

    let (status, body) = send(
        plain()
            .patch(key_url(&renamed))
            .bearer_auth(&alice)
            .json(&json!({ "description": "still mine" })),
    )
    .await;
    assert_eq!(
        (status, &body["data"]["description"]),
        (200, &json!("still mine"))
    );
    let (status, body) = send(plain().delete(key_url(&deleted)).bearer_auth(&alice)).await;
    assert_eq!((status, body), (200, json!({ "code": 20000 })));
    let (status, body) = send(
        plain()
            .get(server.url("/application-keys/policy"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["features"],
        json!([
            "rename",
            "expiry",
            "rotate",
            "bulk_delete",
            "activity",
            "networks",
            "scopes"
        ])
    );
    let (status, body) = bulk_delete(
        &server,
        &alice,
        json!({ "client_ids": [renamed["client_id"]] }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["deleted"], json!([renamed["client_id"]]));

    // The static path has only its own method: no key is named "delete".
    for method in ["DELETE", "PATCH", "GET"] {
        let (status, body) = send(
            plain()
                .request(
                    method.parse().unwrap(),
                    server.url("/application-keys/delete"),
                )
                .bearer_auth(&alice)
                .json(&json!({ "description": "x" })),
        )
        .await;
        assert_error(status, &body, 405);
    }
    // By cookie, a cross-site form's bulk delete is refused before anything happens.
    let jar = browser();
    sign_in(&server, &jar, "alice").await;
    let kept = create_key(&server, &alice, json!({})).await;
    let (status, body) = send(
        jar.post(server.url("/application-keys/delete"))
            .header("Content-Type", "text/plain")
            .body(json!({ "client_ids": [kept["client_id"]] }).to_string()),
    )
    .await;
    assert_error(status, &body, 403);
    assert_eq!(
        listed_ids(&server, &alice).await,
        [kept["client_id"].as_str().unwrap()]
    );
    // Without a session: 401.
    let (status, body) = send(
        plain()
            .post(server.url("/application-keys/delete"))
            .json(&json!({ "client_ids": [kept["client_id"]] })),
    )
    .await;
    assert_error(status, &body, 401);
    server.stop().await;
}
