//! Isolation sweep: two accounts, every endpoint and method with the other account's ids, sessions,
//! secrets and tokens swapped in, and every credential used where another kind is expected. Each
//! attempt must be refused with the expected status, and no answer may carry anything of the victim's.
//! The counts are printed; the test asserts refused == attempts.

mod common;

use base64::Engine as _;
use common::*;
use reqwest::RequestBuilder;
use serde_json::{json, Value};

/// Everything one account holds.
struct Account {
    name: &'static str,
    session: String,
    client_id: String,
    secret: String,
    access_token: String,
    request_id: String,
    description: String,
}

impl Account {
    /// Strings of this account's that must never appear in an answer to the other account.
    fn private_strings(&self) -> [&str; 5] {
        [
            &self.session,
            &self.client_id,
            &self.secret,
            &self.access_token,
            &self.description,
        ]
    }
}

async fn set_up(server: &Server, name: &'static str) -> Account {
    let session = sign_in(server, &plain(), name).await;
    let request_id = format!("{name}-request-{}", uuid_like());
    let description = format!("{name}'s private key {}", uuid_like());
    let key = create_key(
        server,
        &session,
        json!({ "description": description, "request_id": request_id }),
    )
    .await;
    let client_id = key["client_id"].as_str().unwrap().to_string();
    let secret = key["secret"].as_str().unwrap().to_string();
    let (status, body, _) = token(server, &client_id, &secret).await;
    assert_eq!(status, 200, "{body}");
    Account {
        name,
        session,
        access_token: body["access_token"].as_str().unwrap().to_string(),
        client_id,
        secret,
        request_id,
        description,
    }
}

fn uuid_like() -> String {
    format!("{:x}", std::process::id() as u64 ^ nanos())
}

fn nanos() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
}

fn basic(user: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

fn cookie(token: &str) -> String {
    format!("appkeys_session={token}")
}

#[derive(Default)]
struct Sweep {
    attempts: u32,
    refused: u32,
    failures: Vec<String>,
}

impl Sweep {
    /// Sends `request`; it counts as refused when the status is `expected` and the answer carries
    /// nothing of the victim's (for answers that succeed for the attacker's own data, `expected` is 200).
    async fn attempt(
        &mut self,
        what: impl Into<String>,
        request: RequestBuilder,
        expected: u16,
        victim: &Account,
    ) -> Value {
        let what = what.into();
        self.attempts += 1;
        let res = request.send().await.unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        let leaked: Vec<&str> = victim
            .private_strings()
            .into_iter()
            .filter(|s| text.contains(s))
            .collect();
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let status_ok = status == expected
            && (expected == 200
                || body["code"] == 40000 + u64::from(expected - 400)
                || body["error"].is_string());
        if status_ok && leaked.is_empty() {
            self.refused += 1;
        } else {
            self.failures.push(format!(
                "{what}: {status} (expected {expected}), leaked {} of {}'s values: {text}",
                leaked.len(),
                victim.name
            ));
        }
        body
    }
}

/// `attacker` goes after `victim`'s keys, and uses each of `victim`'s credentials where another
/// kind is expected.
async fn sweep(server: &Server, attacker: &Account, victim: &Account) -> Sweep {
    let mut s = Sweep::default();
    let keys = server.url("/application-keys");
    let victim_key = server.url(&format!("/application-keys/{}", victim.client_id));
    let a_cookie = cookie(&attacker.session);

    // The attacker's own console session, aimed at the victim's keys.
    s.attempt(
        "list with own session (bearer)",
        plain().get(&keys).bearer_auth(&attacker.session),
        200,
        victim,
    )
    .await;
    s.attempt(
        "list with own session (cookie)",
        plain().get(&keys).header("Cookie", &a_cookie),
        200,
        victim,
    )
    .await;
    let id_spellings = [
        victim.client_id.clone(),
        victim.client_id.to_uppercase(),
        victim.client_id.replace('-', ""),
        format!("urn:uuid:{}", victim.client_id),
        format!("%7B{}%7D", victim.client_id),
        format!("{}%00", victim.client_id),
        format!("{}/", victim.client_id),
    ];
    for id in &id_spellings {
        let url = server.url(&format!("/application-keys/{id}"));
        let expected = 404;
        s.attempt(
            format!("delete {id} with own session (bearer)"),
            plain().delete(&url).bearer_auth(&attacker.session),
            expected,
            victim,
        )
        .await;
        s.attempt(
            format!("delete {id} with own session (cookie + X-Requested-With)"),
            plain()
                .delete(&url)
                .header("Cookie", &a_cookie)
                .header("X-Requested-With", "fetch"),
            expected,
            victim,
        )
        .await;
        s.attempt(
            format!("rename {id} with own session (bearer)"),
            plain()
                .patch(&url)
                .bearer_auth(&attacker.session)
                .json(&json!({ "description": "mine now" })),
            expected,
            victim,
        )
        .await;
        s.attempt(
            format!("rotate {id} with own session (bearer)"),
            plain()
                .post(format!("{url}/rotate"))
                .bearer_auth(&attacker.session)
                .json(&json!({ "previous_secret_expires_in": 0 })),
            expected,
            victim,
        )
        .await;
        s.attempt(
            format!("rename {id} with own session (cookie)"),
            plain()
                .patch(&url)
                .header("Cookie", &a_cookie)
                .json(&json!({ "description": "mine now" })),
            expected,
            victim,
        )
        .await;
    }
    for method in ["GET", "PUT", "POST"] {
        s.attempt(
            format!("{method} the victim's key with own session"),
            plain()
                .request(method.parse().unwrap(), &victim_key)
                .bearer_auth(&attacker.session)
                .json(&json!({ "description": "mine now" })),
            405,
            victim,
        )
        .await;
    }
    // Bearer wins over the cookie: the attacker's bearer with the victim's cookie acts as the attacker.
    s.attempt(
        "delete with own bearer + the victim's cookie",
        plain()
            .delete(&victim_key)
            .bearer_auth(&attacker.session)
            .header("Cookie", cookie(&victim.session))
            .header("X-Requested-With", "fetch"),
        404,
        victim,
    )
    .await;
    // A request_id is per account: the victim's, sent by the attacker, creates the attacker's own key
    // (never a replay of the victim's secret, nor the victim's client_id in a 409), and repeating it
    // replays the attacker's.
    for what in ["create", "repeat the create"] {
        s.attempt(
            format!("{what} with the victim's request_id"),
            plain()
                .post(&keys)
                .bearer_auth(&attacker.session)
                .json(&json!({ "request_id": victim.request_id })),
            200,
            victim,
        )
        .await;
    }

    // The victim's access token (from /token) is not a console session, by bearer or cookie.
    let at = &victim.access_token;
    let console = |method: &str, url: &str| {
        plain()
            .request(method.parse().unwrap(), url)
            .json(&json!({}))
    };
    for (method, url) in [
        ("GET", &keys),
        ("POST", &keys),
        ("GET", &server.url("/application-keys/policy")),
        ("PATCH", &victim_key),
        ("DELETE", &victim_key),
        ("POST", &format!("{victim_key}/rotate")),
        ("POST", &server.url("/application-keys/delete")),
        ("GET", &server.url("/session")),
        ("DELETE", &server.url("/session")),
    ] {
        s.attempt(
            format!("access token as console bearer: {method} {url}"),
            console(method, url).bearer_auth(at),
            401,
            victim,
        )
        .await;
        s.attempt(
            format!("access token as session cookie: {method} {url}"),
            console(method, url)
                .header("Cookie", cookie(at))
                .header("X-Requested-With", "fetch"),
            401,
            victim,
        )
        .await;
        s.attempt(
            format!("the key's secret as console bearer: {method} {url}"),
            console(method, url).bearer_auth(&victim.secret),
            401,
            victim,
        )
        .await;
        s.attempt(
            format!("the client_id as console bearer: {method} {url}"),
            console(method, url).bearer_auth(&victim.client_id),
            401,
            victim,
        )
        .await;
        s.attempt(
            format!("the key's Basic credentials at the console: {method} {url}"),
            console(method, url).header("Authorization", basic(&victim.client_id, &victim.secret)),
            401,
            victim,
        )
        .await;
        s.attempt(
            format!("the session token in the query string: {method} {url}"),
            plain().request(
                method.parse().unwrap(),
                format!("{url}?token={0}&access_token={0}", victim.session),
            ),
            401,
            victim,
        )
        .await;
    }

    // A console session is not an access token: /whoami refuses it, by bearer or cookie.
    let whoami = server.url("/whoami");
    for (what, request) in [
        (
            "victim's session token as bearer",
            plain().get(&whoami).bearer_auth(&victim.session),
        ),
        (
            "own session token as bearer",
            plain().get(&whoami).bearer_auth(&attacker.session),
        ),
        (
            "victim's session cookie",
            plain()
                .get(&whoami)
                .header("Cookie", cookie(&victim.session)),
        ),
        (
            "victim's access token as cookie",
            plain().get(&whoami).header("Cookie", cookie(at)),
        ),
        (
            "victim's secret as bearer",
            plain().get(&whoami).bearer_auth(&victim.secret),
        ),
        (
            "victim's Basic credentials",
            plain()
                .get(&whoami)
                .header("Authorization", basic(&victim.client_id, &victim.secret)),
        ),
        (
            "victim's access token in the query",
            plain().get(format!("{whoami}?access_token={at}")),
        ),
    ] {
        s.attempt(format!("whoami with {what}"), request, 401, victim)
            .await;
    }

    // /token: only the key's own client_id with its own secret.
    let token_url = server.url("/token?grant_type=client_credentials");
    for (what, authorization) in [
        (
            "victim's client_id + attacker's secret",
            basic(&victim.client_id, &attacker.secret),
        ),
        (
            "attacker's client_id + victim's secret",
            basic(&attacker.client_id, &victim.secret),
        ),
        (
            "victim's client_id + victim's session token",
            basic(&victim.client_id, &victim.session),
        ),
        (
            "victim's client_id + victim's access token",
            basic(&victim.client_id, at),
        ),
        (
            "victim's client_id + attacker's session token",
            basic(&victim.client_id, &attacker.session),
        ),
        (
            "victim's client_id + secret in another case",
            basic(&victim.client_id, &victim.secret.to_lowercase()),
        ),
        (
            "victim's client_id + secret minus its last character",
            basic(&victim.client_id, &victim.secret[..39]),
        ),
        (
            "victim's client_id + empty secret",
            basic(&victim.client_id, ""),
        ),
        ("victim's client_id, no secret", {
            let encoded = base64::engine::general_purpose::STANDARD.encode(&victim.client_id);
            format!("Basic {encoded}")
        }),
        (
            "victim's session as bearer",
            format!("Bearer {}", victim.session),
        ),
        ("victim's access token as bearer", format!("Bearer {at}")),
    ] {
        s.attempt(
            format!("token with {what}"),
            plain()
                .post(&token_url)
                .header("Authorization", authorization),
            401,
            victim,
        )
        .await;
    }
    s.attempt(
        "token with the victim's session cookie",
        plain()
            .post(&token_url)
            .header("Cookie", cookie(&victim.session)),
        401,
        victim,
    )
    .await;

    // A session that was signed out is gone everywhere.
    let stale = sign_in(server, &plain(), attacker.name).await;
    let (status, _) = send(plain().delete(server.url("/session")).bearer_auth(&stale)).await;
    assert_eq!(status, 200);
    for (method, url) in [
        ("GET", &keys),
        ("POST", &keys),
        ("PATCH", &victim_key),
        ("DELETE", &victim_key),
        ("GET", &server.url("/session")),
    ] {
        s.attempt(
            format!("signed-out session: {method} {url}"),
            console(method, url).bearer_auth(&stale),
            401,
            victim,
        )
        .await;
    }
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_refuses_the_other_accounts_credentials() {
    let db = temp_db();
    let server = Server::start(&db.path, &[]).await;
    let alice = set_up(&server, "alice").await;
    let bob = set_up(&server, "bob").await;

    let mut attempts = 0;
    let mut refused = 0;
    let mut failures = Vec::new();
    for (attacker, victim) in [(&bob, &alice), (&alice, &bob)] {
        let s = sweep(&server, attacker, victim).await;
        println!(
            "isolation figures: {} against {}: attempts {}, refused {}",
            attacker.name, victim.name, s.attempts, s.refused
        );
        attempts += s.attempts;
        refused += s.refused;
        failures.extend(s.failures);
    }
    println!(
        "isolation figures: total attempts {attempts}, refused {refused}, succeeded {}",
        attempts - refused
    );
    assert!(failures.is_empty(), "not refused:\n{}", failures.join("\n"));
    assert_eq!(refused, attempts);

    // Nothing of either account changed: each still has its key, which still works, and its session.
    for account in [&alice, &bob] {
        let (status, body) = send(
            plain()
                .get(server.url("/application-keys"))
                .bearer_auth(&account.session),
        )
        .await;
        assert_eq!(status, 200, "{} is still signed in", account.name);
        let ids: Vec<&str> = body["data"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["client_id"].as_str().unwrap())
            .collect();
        assert!(
            ids.contains(&account.client_id.as_str()),
            "{}",
            account.name
        );
        let (status, body) = send(
            plain()
                .get(server.url("/whoami"))
                .bearer_auth(&account.access_token),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["client_id"], account.client_id.as_str());
        assert_eq!(body["data"]["username"], account.name);
        let (status, _, _) = token(&server, &account.client_id, &account.secret).await;
        assert_eq!(status, 200);
    }
    server.stop().await;
}
