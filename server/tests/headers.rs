//! Responses that carry a secret or a token are never cacheable, and the session cookie keeps its
//! attributes from sign-in to sign-out. (rules.rs and journey.rs check the first create, the first
//! token and the sign-in; this walks every response that can carry a secret or token, replays and
//! form-encoded exchanges included, and the cookie that sign-out sends.)

mod common;

use common::*;
use reqwest::header::HeaderMap;
use reqwest::RequestBuilder;
use serde_json::{json, Value};

/// Every response of a session is recorded: those whose body carries a secret or token must be
/// `Cache-Control: no-store`; none but sign-in and sign-out may set a cookie.
#[derive(Default)]
struct Recorder {
    responses: u32,
    with_secret: u32,
    no_store: u32,
    failures: Vec<String>,
}

impl Recorder {
    async fn send(&mut self, what: &str, request: RequestBuilder) -> (u16, Value, HeaderMap) {
        let res = request.send().await.unwrap();
        let headers = res.headers().clone();
        let (status, body) = split(res).await;
        self.responses += 1;
        let data = &body["data"];
        let carries_secret = data.get("secret").is_some()
            || data.get("token").is_some()
            || body.get("access_token").is_some();
        let cache_control = headers
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if carries_secret {
            self.with_secret += 1;
            if cache_control == "no-store" {
                self.no_store += 1;
            } else {
                self.failures.push(format!(
                    "{what}: carries a secret or token with Cache-Control {cache_control:?}"
                ));
            }
        }
        let sets_cookie = headers.contains_key("set-cookie");
        let may_set_cookie = what.starts_with("sign in") || what.starts_with("sign out");
        if sets_cookie && !(may_set_cookie && status == 200) {
            self.failures
                .push(format!("{what}: sets a cookie ({status})"));
        }
        (status, body, headers)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_and_tokens_are_never_cacheable() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let mut r = Recorder::default();
    let (status, body, _) = r
        .send(
            "sign in",
            plain()
                .post(server.url("/session"))
                .json(&json!({ "username": "alice", "password": PASSWORD })),
        )
        .await;
    assert_eq!(status, 200);
    let session = body["data"]["token"].as_str().unwrap().to_string();
    let keys = server.url("/application-keys");

    let create = |body: Value| plain().post(&keys).bearer_auth(&session).json(&body);
    let (_, first, _) = r
        .send("create", create(json!({ "request_id": "once" })))
        .await;
    let (_, replay, _) = r
        .send("replayed create", create(json!({ "request_id": "once" })))
        .await;
    assert_eq!(first, replay);
    let cookie_jar = browser();
    sign_in(&server, &cookie_jar, "alice").await;
    r.send(
        "create by cookie",
        cookie_jar
            .post(&keys)
            .header("X-Requested-With", "fetch")
            .json(&json!({ "description": "by cookie" })),
    )
    .await;

    let client_id = first["data"]["client_id"].as_str().unwrap();
    let secret = first["data"]["secret"].as_str().unwrap();
    let token_url = server.url("/token");
    let (status, token, _) = r
        .send(
            "token (query)",
            plain()
                .post(format!("{token_url}?grant_type=client_credentials"))
                .basic_auth(client_id, Some(secret)),
        )
        .await;
    assert_eq!(status, 200);
    r.send(
        "token (form)",
        plain()
            .post(&token_url)
            .basic_auth(client_id, Some(secret))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials"),
    )
    .await;
    // The OAuth error answers are no-store too (RFC 6749 §5.2 asks it of every token response).
    for (what, request) in [
        (
            "token with a wrong secret",
            plain()
                .post(format!("{token_url}?grant_type=client_credentials"))
                .basic_auth(client_id, Some("x")),
        ),
        (
            "token with another grant type",
            plain()
                .post(format!("{token_url}?grant_type=password"))
                .basic_auth(client_id, Some(secret)),
        ),
    ] {
        let (status, _, headers) = r.send(what, request).await;
        assert!(status == 400 || status == 401);
        assert_eq!(headers["cache-control"], "no-store", "{what}");
    }

    // Responses without secrets: none of them carries one, and none sets a cookie.
    let access = token["access_token"].as_str().unwrap();
    r.send("list", plain().get(&keys).bearer_auth(&session))
        .await;
    r.send(
        "session",
        plain().get(server.url("/session")).bearer_auth(&session),
    )
    .await;
    r.send(
        "whoami",
        plain().get(server.url("/whoami")).bearer_auth(access),
    )
    .await;
    r.send(
        "delete",
        plain()
            .delete(format!("{keys}/{client_id}"))
            .bearer_auth(&session),
    )
    .await;
    let (status, body, _) = r
        .send(
            "create replaying a deleted key's request_id",
            create(json!({ "request_id": "once" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    r.send(
        "sign out",
        plain().delete(server.url("/session")).bearer_auth(&session),
    )
    .await;

    println!(
        "header figures: responses {}, carrying a secret or token {}, of which no-store {}",
        r.responses, r.with_secret, r.no_store
    );
    assert!(r.failures.is_empty(), "{}", r.failures.join("\n"));
    assert_eq!(r.with_secret, 7);
    assert_eq!(r.no_store, r.with_secret);
    server.stop().await;
}

fn cookie_attributes(set_cookie: &str) -> Vec<String> {
    let mut parts: Vec<String> = set_cookie
        .split(';')
        .skip(1)
        .map(|p| p.trim().to_string())
        .filter(|p| !p.starts_with("Max-Age"))
        .collect();
    parts.sort();
    parts
}

/// The cookie that ends a session has the same attributes as the one that started it (a browser
/// only replaces a cookie with the same name, path and domain), with `Secure` when configured.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_cookie_matches_sign_in_cookie() {
    for (flags, secure) in [(&[][..], false), (&["--secure-cookies"][..], true)] {
        let db = temp_db();
        let server = Server::start(&db.path, flags).await;
        let res = plain()
            .post(server.url("/session"))
            .json(&json!({ "username": "alice", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        let set = res.headers()["set-cookie"].to_str().unwrap().to_string();
        let res = plain()
            .delete(server.url("/session"))
            .header("Cookie", set.split(';').next().unwrap())
            .header("X-Requested-With", "fetch")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let cleared = res.headers()["set-cookie"].to_str().unwrap().to_string();
        let mut expected = vec!["HttpOnly", "Path=/", "SameSite=Strict"];
        if secure {
            expected.push("Secure");
        }
        assert_eq!(cookie_attributes(&set), expected, "{set}");
        assert_eq!(cookie_attributes(&cleared), expected, "{cleared}");
        assert!(set.contains("; Max-Age=43200"), "{set}");
        let name = if secure {
            "__Host-appkeys_session"
        } else {
            "appkeys_session"
        };
        assert!(
            cleared.starts_with(&format!("{name}=;")) && cleared.contains("; Max-Age=0"),
            "{cleared}"
        );
        server.stop().await;
    }
}
