//! The test clock (`--test-clock`): a route that moves the server's time forward, which every
//! expiry the server checks follows; without the flag the route does not exist.

mod common;

use common::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_flag_the_clock_route_does_not_exist() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let (status, body) = send(
        plain()
            .post(server.url("/test/clock"))
            .json(&json!({ "advance_seconds": 3600 })),
    )
    .await;
    assert_error(status, &body, 404);
    assert_eq!(body["message"], "There is no such API endpoint.");
    assert!(
        !appkeys_server::operations()
            .iter()
            .any(|(_, path)| path.starts_with("/test")),
        "the test route is never part of the contract's operations"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_tokens_and_sessions_expire_when_the_clock_passes_their_end() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock"]).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({})).await;
    let (client_id, secret) = (
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    );
    let (status, body, _) = token(&server, client_id, secret).await;
    assert_eq!((status, &body["expires_in"]), (200, &json!(3600)), "{body}");
    let access_token = body["access_token"].as_str().unwrap().to_string();
    let whoami = || {
        plain()
            .get(server.url("/whoami"))
            .bearer_auth(&access_token)
    };

    advance_clock(&server, 3590).await;
    let (status, body) = send(whoami()).await;
    assert_eq!(status, 200, "10 s before its end the token works: {body}");
    advance_clock(&server, 10).await;
    let (status, body) = send(whoami()).await;
    assert_error(status, &body, 401);

    // The console session (12 hours) ends the same way; the key itself never expires.
    let (status, _) = send(plain().get(server.url("/session")).bearer_auth(&alice)).await;
    assert_eq!(status, 200);
    advance_clock(&server, 12 * 3600).await;
    let (status, body) = send(plain().get(server.url("/session")).bearer_auth(&alice)).await;
    assert_error(status, &body, 401);
    let (status, body, _) = token(&server, client_id, secret).await;
    assert_eq!(status, 200, "{body}");

    // What the server writes follows its clock too: a key made now was made 13 hours ahead.
    let alice = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &alice, json!({})).await;
    let created_at = chrono::DateTime::parse_from_rfc3339(key["created_at"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::Utc);
    let ahead = created_at - chrono::Utc::now();
    assert!(
        ahead > chrono::TimeDelta::hours(13) - chrono::TimeDelta::minutes(1)
            && ahead < chrono::TimeDelta::hours(13),
        "created_at {created_at} is {ahead} ahead of the system time"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_clock_route_takes_only_a_whole_number_of_seconds_forward() {
    let db = temp_db();
    let server = Server::start(&db.path, &["--test-clock"]).await;
    for bad in [
        json!({ "advance_seconds": -1 }),
        json!({ "advance_seconds": 1.5 }),
        json!({ "advance_seconds": "60" }),
        json!({}),
        json!({ "advance_seconds": 60, "also": true }),
        json!({ "advance_seconds": 200u64 * 366 * 86_400 }),
    ] {
        let (status, body) = send(plain().post(server.url("/test/clock")).json(&bad)).await;
        assert_error(status, &body, 400);
    }
    advance_clock(&server, 0).await;
    server.stop().await;
}
