//! GET /application-keys/policy: what the server allows (its flags) and which optional features
//! it has, for the signed-in console only.

mod common;

use common::*;
use serde_json::json;

/// Read and write on four resources, grouped by resource: the default set.
fn default_scopes() -> serde_json::Value {
    let scopes: Vec<_> = ["clusters", "warehouses", "users", "billing"]
        .iter()
        .flat_map(|resource| {
            ["read", "write"].map(|access| {
                json!({ "name": format!("{resource}:{access}"), "resource": resource, "access": access })
            })
        })
        .collect();
    json!(scopes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_policy_states_the_servers_limits_and_features() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = browser();
    let session = sign_in(&server, &alice, "alice").await;
    let expected = json!({
        "code": 20000,
        "data": { "max_keys": 100, "features": ["rename", "expiry", "rotate", "bulk_delete", "activity", "networks", "scopes"], "max_expiry_days": null, "scopes": default_scopes() },
    });
    // By cookie and by console bearer, like the list.
    let res = alice
        .get(server.url("/application-keys/policy"))
        .send()
        .await
        .unwrap();
    assert!(
        !res.headers().contains_key("cache-control"),
        "like the list"
    );
    assert_eq!(split(res).await, (200, expected.clone()));
    let (status, body) = send(
        plain()
            .get(server.url("/application-keys/policy"))
            .bearer_auth(&session),
    )
    .await;
    assert_eq!((status, body), (200, expected));

    // Signed out, or with a key's access token: 401.
    let (status, body) = send(plain().get(server.url("/application-keys/policy"))).await;
    assert_error(status, &body, 401);
    let key = create_key(&server, &session, json!({})).await;
    let (_, token_body, _) = token(
        &server,
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    )
    .await;
    let (status, body) = send(
        plain()
            .get(server.url("/application-keys/policy"))
            .bearer_auth(token_body["access_token"].as_str().unwrap()),
    )
    .await;
    assert_error(status, &body, 401);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_policy_follows_the_flags() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--max-expiry-days", "90", "--max-keys", "7"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let (status, body) = send(
        plain()
            .get(server.url("/application-keys/policy"))
            .bearer_auth(&alice),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"],
        json!({ "max_keys": 7, "features": ["rename", "expiry", "rotate", "bulk_delete", "activity", "networks", "scopes"], "max_expiry_days": 90, "scopes": default_scopes() })
    );
    server.stop().await;
}

#[test]
fn max_expiry_days_is_1_to_36500() {
    let parse = |days: &str| appkeys_server::Config::from_args(["--max-expiry-days", days]);
    assert_eq!(parse("1").unwrap().max_expiry_days, Some(1));
    assert_eq!(parse("36500").unwrap().max_expiry_days, Some(36_500));
    for bad in ["0", "36501", "-1", "ninety"] {
        assert!(parse(bad).is_err(), "{bad}");
    }
    assert_eq!(
        appkeys_server::Config::from_args(Vec::<String>::new())
            .unwrap()
            .max_expiry_days,
        None
    );
}
