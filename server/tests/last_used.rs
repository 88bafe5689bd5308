//! Where a key was last used from: the address and User-Agent of its last successful exchange.

mod common;

use common::*;
use serde_json::{json, Value};

/// An exchange at /token with this User-Agent: its status.
async fn exchange_as(server: &Server, client_id: &str, secret: &str, user_agent: &str) -> u16 {
    let res = token_request(server, client_id, secret)
        .header("User-Agent", user_agent)
        .send()
        .await
        .unwrap();
    res.status().as_u16()
}

/// The key's (last_used_at, last_used_ip, last_used_user_agent) as the list shows them.
async fn last_use(server: &Server, session: &str) -> (Value, Value, Value) {
    let key = list_keys(server, session).await.remove(0);
    let field = |name: &str| key[name].clone();
    (
        field("last_used_at"),
        field("last_used_ip"),
        field("last_used_user_agent"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_successful_exchange_records_where_from_and_a_refused_one_changes_nothing() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let session = sign_in(&server, &plain(), "alice").await;
    let key = create_key(&server, &session, json!({ "description": "deploy" })).await;
    assert_eq!(
        (&key["last_used_ip"], &key["last_used_user_agent"]),
        (&Value::Null, &Value::Null)
    );
    let (client_id, secret) = (
        key["client_id"].as_str().unwrap(),
        key["secret"].as_str().unwrap(),
    );
    assert_eq!(
        last_use(&server, &session).await,
        (Value::Null, Value::Null, Value::Null)
    );

    assert_eq!(
        exchange_as(&server, client_id, secret, "deploy-bot/1.2").await,
        200
    );
    let used = last_use(&server, &session).await;
    assert!(used.0.is_string(), "last_used_at is set: {used:?}");
    assert_eq!(
        (&used.1, &used.2),
        (&json!("127.0.0.1"), &json!("deploy-bot/1.2"))
    );

    let wrong = "0".repeat(40);
    assert_eq!(
        exchange_as(&server, client_id, &wrong, "guesser/0.1").await,
        401
    );
    assert_eq!(
        last_use(&server, &session).await,
        used,
        "a refused exchange changes nothing"
    );

    let long = format!("long-agent/{}", "x".repeat(300));
    assert_eq!(exchange_as(&server, client_id, secret, &long).await, 200);
    let (_, _, agent) = last_use(&server, &session).await;
    assert_eq!(
        agent.as_str().unwrap(),
        &long[..256],
        "cut to 256 characters"
    );
    server.stop().await;
}
