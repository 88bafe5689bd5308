//! Signed webhooks (issue 34), with a real HTTP receiver on loopback that checks every delivery
//! with the official Standard Webhooks library (`standardwebhooks`, the verifier a receiver would
//! use; the server signs with its own HMAC): expiry notices at 30, 7 and 1 days, each once, across
//! a restart; retries on 500 and on a receiver that hangs, then giving up; a 2xx never sent again;
//! a dead endpoint's outbox capped while the others get every event; on PostgreSQL, two instances
//! that send each delivery once.

mod common;

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::{TimeDelta, Utc};
use common::*;
use serde_json::{json, Value};

/// Standard Webhooks' form: `whsec_` and the base64 of 24 random bytes.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const DAY: u64 = 86_400;
const HOUR: u64 = 3_600;

/// How the receiver answers a delivery.
#[derive(Clone, Copy, Debug)]
enum Answer {
    Status(u16),
    /// Never: the server's time limit ends the attempt.
    Hang,
    /// 307 to this receiver's `/elsewhere`, which counts its calls.
    Redirect,
}

/// One delivery as it arrived.
#[derive(Clone, Debug)]
struct Got {
    webhook_id: String,
    body: Value,
    raw: String,
    at: Instant,
}

#[derive(Default)]
struct Inbox {
    got: Vec<Got>,
    /// The answers to give, in turn; then `otherwise`.
    plan: VecDeque<Answer>,
    otherwise: Option<Answer>,
    /// Deliveries whose signature the official library refused.
    refused: usize,
    /// How long each answer takes (a slow receiver keeps deliveries in flight).
    delay: Duration,
    /// Calls of `/elsewhere`, where a redirect points.
    elsewhere: usize,
}

/// A webhook endpoint on 127.0.0.1: verifies, records, answers as planned.
struct Receiver {
    url: String,
    inbox: Arc<Mutex<Inbox>>,
}

impl Receiver {
    async fn start() -> Receiver {
        let inbox = Arc::new(Mutex::new(Inbox::default()));
        let app = axum::Router::new()
            .route("/hooks", post(receive))
            .route("/elsewhere", post(elsewhere))
            .with_state(inbox.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, inbox }
    }

    fn plan(&self, answers: &[Answer], otherwise: Answer) {
        let mut inbox = self.inbox.lock().unwrap();
        inbox.plan = answers.iter().copied().collect();
        inbox.otherwise = Some(otherwise);
    }

    fn got(&self) -> Vec<Got> {
        self.inbox.lock().unwrap().got.clone()
    }

    /// Waits until `done` holds of what arrived (at most 60 s).
    async fn until(&self, what: &str, done: impl Fn(&[Got]) -> bool) -> Vec<Got> {
        let start = Instant::now();
        loop {
            let got = self.got();
            if done(&got) {
                return got;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{what}: got {got:#?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The file `--webhooks` reads: this receiver, with `events` (None: the default ones).
    fn file(&self, dir: &Path, events: Option<&[&str]>) -> String {
        endpoints_file(dir, &[self.endpoint(events)])
    }

    /// This receiver's `[[endpoint]]` table.
    fn endpoint(&self, events: Option<&[&str]>) -> String {
        let events = events
            .map(|list| format!("events = {}\n", json!(list)))
            .unwrap_or_default();
        format!(
            "[[endpoint]]\nurl = \"{}\"\nsecret = \"{SECRET}\"\n{events}",
            self.url
        )
    }
}

/// Writes `tables` as the `--webhooks` file in `dir`; its path.
fn endpoints_file(dir: &Path, tables: &[String]) -> String {
    let path = dir.join("webhooks.toml");
    std::fs::write(&path, tables.join("\n")).unwrap();
    path.display().to_string()
}

async fn elsewhere(State(inbox): State<Arc<Mutex<Inbox>>>) -> StatusCode {
    inbox.lock().unwrap().elsewhere += 1;
    StatusCode::NO_CONTENT
}

async fn receive(
    State(inbox): State<Arc<Mutex<Inbox>>>,
    headers: HeaderMap,
    body: Bytes,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let verified = standardwebhooks::Webhook::new(SECRET)
        .unwrap()
        .verify(&body, &headers)
        .is_ok();
    let answer = {
        let mut inbox = inbox.lock().unwrap();
        if !verified {
            inbox.refused += 1;
        }
        let raw = String::from_utf8_lossy(&body).to_string();
        inbox.got.push(Got {
            webhook_id: headers["webhook-id"].to_str().unwrap().to_string(),
            body: serde_json::from_str(&raw).unwrap_or(Value::Null),
            raw,
            at: Instant::now(),
        });
        let otherwise = inbox.otherwise.unwrap_or(Answer::Status(204));
        (inbox.plan.pop_front().unwrap_or(otherwise), inbox.delay)
    };
    let (answer, delay) = answer;
    tokio::time::sleep(delay).await;
    match answer {
        Answer::Status(status) => StatusCode::from_u16(status).unwrap().into_response(),
        Answer::Hang => std::future::pending().await,
        Answer::Redirect => {
            (StatusCode::TEMPORARY_REDIRECT, [("location", "/elsewhere")]).into_response()
        }
    }
}

/// Each delivery in the outbox: (webhook id, attempts, delivered, given up on).
async fn outbox(db: &TempDb) -> Vec<(String, i64, bool, bool)> {
    let sql = "SELECT webhook_id, attempts, delivered_at IS NOT NULL, failed_at IS NOT NULL
               FROM webhook_deliveries ORDER BY id";
    if db.postgres {
        let (client, connection) =
            tokio_postgres::connect(&db.path.display().to_string(), tokio_postgres::NoTls)
                .await
                .unwrap();
        tokio::spawn(connection);
        let rows = client.query(sql, &[]).await.unwrap();
        return rows
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2), row.get(3)))
            .collect();
    }
    let file = r2d2_sqlite::rusqlite::Connection::open(&db.path).unwrap();
    let mut statement = file.prepare(sql).unwrap();
    let rows = statement
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

/// Waits until no delivery is waiting to be sent (each delivered or given up on).
async fn until_settled(db: &TempDb) -> Vec<(String, i64, bool, bool)> {
    let start = Instant::now();
    loop {
        let rows = outbox(db).await;
        if rows
            .iter()
            .all(|(_, _, delivered, failed)| *delivered || *failed)
        {
            return rows;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "not settled: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn in_days(days: u64) -> String {
    (Utc::now() + TimeDelta::seconds((days * DAY) as i64)).to_rfc3339()
}

/// What a delivery tells: the key's description, the type, and the notice's days.
fn told(got: &Got) -> (String, String, Option<i64>, Option<i64>) {
    let data = &got.body["data"];
    (
        data["description"].as_str().unwrap_or_default().to_string(),
        got.body["type"].as_str().unwrap().to_string(),
        data["notice_days"].as_i64(),
        data["days_left"].as_i64(),
    )
}

#[tokio::test]
async fn expiry_notices_arrive_once_each_signed_and_across_a_restart() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start().await;
    let file = receiver.file(dir.path(), None);
    let flags = [
        "--test-clock",
        "--webhooks",
        &file,
        "--webhook-retries",
        "1,1",
    ];
    let server = Server::start(&db.path, &flags).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let long = json!({ "description": "nightly", "expires_at": in_days(40) });
    let long = create_key(&server, &alice, long).await;
    let short = json!({ "description": "trial", "expires_at": in_days(5) });
    create_key(&server, &alice, short).await;

    // Each step's scan runs before the clock's answer; the times are from the start.
    advance_clock(&server, 3 * DAY + 12 * HOUR).await; // trial: 1.5 days left, nothing yet
    advance_clock(&server, DAY).await; // trial: its 1-day notice (made with 5 days left: no 30 or 7)
    advance_clock(&server, 6 * DAY).await; // trial expired; nightly: its 30-day notice
    receiver
        .until("three deliveries", |got| got.len() == 3)
        .await;
    server.stop().await;

    // A new server's clock starts from now: moved to the same time, it finds nothing new to tell.
    let server = Server::start(&db.path, &flags).await;
    advance_clock(&server, 10 * DAY + 12 * HOUR).await;
    advance_clock(&server, 23 * DAY).await; // nightly: 7 days
    advance_clock(&server, 6 * DAY).await; // nightly: 1 day
    advance_clock(&server, DAY).await; // nightly expired
    advance_clock(&server, 5 * DAY).await; // nothing more
    receiver.until("six deliveries", |got| got.len() >= 6).await;
    let settled = until_settled(&db).await;
    let got = receiver.got();
    server.stop().await;

    let mut notices: Vec<_> = got.iter().map(told).collect();
    notices.sort();
    let notice =
        |d: &str, t: &str, n: Option<i64>, l: Option<i64>| (d.to_string(), t.to_string(), n, l);
    assert_eq!(
        notices,
        [
            notice("nightly", "key.expired", None, None),
            notice("nightly", "key.expiring", Some(1), Some(0)),
            notice("nightly", "key.expiring", Some(7), Some(6)),
            notice("nightly", "key.expiring", Some(30), Some(29)),
            notice("trial", "key.expired", None, None),
            notice("trial", "key.expiring", Some(1), Some(0)),
        ]
    );
    assert_eq!(settled.len(), 6, "one delivery per event: {settled:?}");
    assert!(settled
        .iter()
        .all(|(_, attempts, delivered, _)| *attempts == 1 && *delivered));
    assert_eq!(
        receiver.inbox.lock().unwrap().refused,
        0,
        "every signature verifies"
    );
    let first = &got
        .iter()
        .find(|g| g.body["data"]["description"] == "nightly")
        .unwrap();
    let data = &first.body["data"];
    assert_eq!(data["client_id"], long["client_id"]);
    assert_eq!(data["account"], "alice");
    assert!(data["expires_at"].as_str().is_some());
    assert!(first.body["timestamp"].as_str().unwrap().ends_with('Z'));
    for got in &got {
        assert!(
            !got.raw.contains(long["secret"].as_str().unwrap()),
            "never a secret"
        );
    }
}

#[tokio::test]
async fn a_failing_endpoint_is_tried_again_after_a_wait_then_given_up_and_a_2xx_never_again() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start().await;
    let file = receiver.file(dir.path(), Some(&["key.created"]));
    let flags = [
        "--webhooks",
        &file,
        "--webhook-retries",
        "1,1",
        "--webhook-timeout",
        "1",
    ];
    let server = Server::start(&db.path, &flags).await;
    let alice = sign_in(&server, &plain(), "alice").await;

    // A 500, then no answer within the time limit, then a 204: three tries of one delivery.
    receiver.plan(&[Answer::Status(500), Answer::Hang], Answer::Status(204));
    create_key(&server, &alice, json!({ "description": "retried" })).await;
    let got = receiver.until("three tries", |got| got.len() == 3).await;
    assert!(
        got.iter().all(|g| g.webhook_id == got[0].webhook_id),
        "the same webhook-id"
    );
    for pair in got.windows(2) {
        assert!(
            pair[1].at - pair[0].at >= Duration::from_secs(1),
            "a wait before each retry"
        );
    }
    assert_eq!(
        until_settled(&db).await,
        [(got[0].webhook_id.clone(), 3, true, false)]
    );

    // Always 503: the first try and the two retries, then given up on.
    receiver.plan(&[], Answer::Status(503));
    create_key(&server, &alice, json!({ "description": "down" })).await;
    let got = receiver
        .until("three more tries", |got| got.len() == 6)
        .await;
    let settled = until_settled(&db).await;
    assert_eq!(settled[1], (got[3].webhook_id.clone(), 3, false, true));

    // A 410 will not change by trying again: given up on at once.
    receiver.plan(&[], Answer::Status(410));
    create_key(&server, &alice, json!({ "description": "gone" })).await;
    receiver.until("one try", |got| got.len() == 7).await;
    let settled = until_settled(&db).await;
    assert_eq!(settled[2].1, 1);
    assert!(settled[2].3, "given up on");

    // A redirect is not followed: only the configured URL is ever called.
    receiver.plan(&[], Answer::Redirect);
    create_key(&server, &alice, json!({ "description": "moved" })).await;
    receiver.until("one try", |got| got.len() == 8).await;
    let settled = until_settled(&db).await;
    assert_eq!(
        (settled[3].1, settled[3].3),
        (1, true),
        "given up on at once"
    );
    assert_eq!(receiver.inbox.lock().unwrap().elsewhere, 0, "not followed");

    // Delivered ones are never sent again: another event arrives alone.
    receiver.plan(&[], Answer::Status(200));
    create_key(&server, &alice, json!({ "description": "last" })).await;
    receiver.until("the last", |got| got.len() == 9).await;
    until_settled(&db).await;
    let got = receiver.got();
    server.stop().await;
    let mut times: HashMap<&str, usize> = HashMap::new();
    for got in &got {
        *times.entry(&got.webhook_id).or_default() += 1;
    }
    assert_eq!(got.len(), 9, "{got:#?}");
    assert_eq!(times.values().copied().max(), Some(3));
    assert_eq!(receiver.inbox.lock().unwrap().refused, 0);
}

#[tokio::test]
async fn two_instances_send_each_delivery_once_and_tell_of_an_expiry_once() {
    let db = temp_db();
    if !db.postgres {
        println!("skipped on SQLite: several instances share a PostgreSQL database");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start().await;
    let file = receiver.file(dir.path(), Some(&["key.created", "key.expiring"]));
    let flags = ["--test-clock", "--webhooks", &file];
    let (one, two) = (
        Server::start(&db.path, &flags).await,
        Server::start(&db.path, &flags).await,
    );
    let alice = sign_in(&one, &plain(), "alice").await;
    for n in 0..20 {
        let server = if n % 2 == 0 { &one } else { &two };
        let body = json!({ "description": format!("key {n}"), "expires_at": in_days(40) });
        create_key(server, &alice, body).await;
    }
    // Both scan at the 30-day mark: each key is told once.
    advance_clock(&one, 10 * DAY + HOUR).await;
    advance_clock(&two, 10 * DAY + HOUR).await;
    receiver.until("40 deliveries", |got| got.len() >= 40).await;
    let settled = until_settled(&db).await;
    let got = receiver.got();
    one.stop().await;
    two.stop().await;
    assert_eq!(settled.len(), 40, "20 created, 20 expiring");
    assert_eq!(got.len(), 40, "each sent by one instance: {got:#?}");
    let expiring = got
        .iter()
        .filter(|g| g.body["type"] == "key.expiring")
        .count();
    assert_eq!(expiring, 20);
}

#[tokio::test]
async fn a_kill_during_deliveries_loses_none_and_sends_each_at_most_twice() {
    const KEYS: usize = 40;
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let receiver = Receiver::start().await;
    receiver.inbox.lock().unwrap().delay = Duration::from_millis(100);
    let file = receiver.file(dir.path(), Some(&["key.created"]));
    let flags = ["--webhooks", file.as_str(), "--webhook-timeout", "2"];
    let mut server = common::binary::Running::start(&db.path, &flags);
    let client = reqwest::Client::new();
    let signed_in: Value = client
        .post(format!("{}/session", server.base))
        .json(&json!({ "username": "alice", "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session = signed_in["data"]["token"].as_str().unwrap().to_string();
    for n in 0..KEYS {
        let created = client
            .post(format!("{}/application-keys", server.base))
            .bearer_auth(&session)
            .json(&json!({ "description": format!("key {n}") }))
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 200);
    }
    // Killed with deliveries sent, in flight and waiting; started again on the same database.
    receiver
        .until("some deliveries", |got| got.len() >= 10)
        .await;
    server.kill();
    let arrived_before = receiver.got().len();
    let _server = common::binary::Running::start(&db.path, &flags);
    let distinct = |got: &[Got]| {
        let mut ids: Vec<&str> = got.iter().map(|g| g.webhook_id.as_str()).collect();
        ids.sort();
        ids.dedup();
        ids.len()
    };
    receiver
        .until("every delivery", |got| distinct(got) == KEYS)
        .await;
    let settled = until_settled(&db).await;
    let got = receiver.got();
    let mut times: HashMap<&str, usize> = HashMap::new();
    for got in &got {
        *times.entry(&got.webhook_id).or_default() += 1;
    }
    let twice = times.values().filter(|n| **n == 2).count();
    let retried = settled
        .iter()
        .filter(|(_, attempts, _, _)| *attempts > 1)
        .count();
    println!(
        "kill -9 during deliveries: {KEYS} events, {arrived_before} delivered before the kill, \
         {} sends in all, {retried} tried again after the restart, {twice} sent twice, {} lost",
        got.len(),
        KEYS - distinct(&got)
    );
    assert_eq!(settled.len(), KEYS);
    assert!(
        settled.iter().all(|(_, _, delivered, _)| *delivered),
        "{settled:?}"
    );
    assert!(times.values().all(|n| *n <= 2), "at most twice: {times:?}");
    assert_eq!(receiver.inbox.lock().unwrap().refused, 0);
}

#[tokio::test]
async fn a_dead_endpoint_takes_no_more_than_the_cap_and_the_others_get_every_event() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let (up, down) = (Receiver::start().await, Receiver::start().await);
    up.plan(&[], Answer::Status(204));
    down.plan(&[], Answer::Status(503));
    let created = Some(&["key.created"][..]);
    let file = endpoints_file(dir.path(), &[up.endpoint(created), down.endpoint(created)]);
    let flags = [
        "--webhooks",
        &file,
        "--webhook-retries",
        "2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2",
        "--webhook-outbox-cap",
        "3",
    ];
    let server = Server::start(&db.path, &flags).await;
    let alice = sign_in(&server, &plain(), "alice").await;
    let create = |n: usize| {
        create_key(
            &server,
            &alice,
            json!({ "description": format!("key {n}") }),
        )
    };

    // One event at a time, each delivered to the endpoint that is up before the next: it never
    // has more than one waiting, so only the one that is down reaches the cap, which the senders'
    // count (every 5 s) then marks.
    for n in 0..3 {
        create(n).await;
        up.until("the last event", |got| got.len() == n + 1).await;
    }
    until_outbox_full(&db, &down.url, true).await;
    assert_eq!(deliveries_to(&db, &down.url).await, 3);
    for n in 3..5 {
        create(n).await;
        up.until("the last event", |got| got.len() == n + 1).await;
    }
    assert_eq!(deliveries_to(&db, &down.url).await, 3, "none once full");

    // Back up: what waited is delivered, the mark goes, and new events reach it again.
    down.plan(&[], Answer::Status(204));
    until_outbox_full(&db, &down.url, false).await;
    create(5).await;
    up.until("the sixth", |got| got.len() == 6).await;
    let got = down
        .until("the sixth", |got| {
            got.iter().any(|g| g.body["data"]["description"] == "key 5")
        })
        .await;
    let mut told: Vec<&str> = (got.iter())
        .map(|g| g.body["data"]["description"].as_str().unwrap())
        .collect();
    told.sort();
    told.dedup();
    assert_eq!(told, ["key 0", "key 1", "key 2", "key 5"]);
    server.stop().await;
    assert_eq!(
        up.inbox.lock().unwrap().refused + down.inbox.lock().unwrap().refused,
        0
    );
}

async fn deliveries_to(db: &TempDb, endpoint: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM webhook_deliveries WHERE endpoint = $1";
    read_number(db, sql, &[endpoint]).await
}

/// Waits until the senders have marked `endpoint` full (or not), at most 60 s.
async fn until_outbox_full(db: &TempDb, endpoint: &str, full: bool) {
    let sql = "SELECT outbox_full FROM webhook_endpoints WHERE name = $1";
    let start = Instant::now();
    while (read_number(db, sql, &[endpoint]).await == 1) != full {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{endpoint} never marked full={full}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_file_that_is_not_right_stops_the_server_at_start() {
    let db = temp_db();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("webhooks.toml");
    std::fs::write(
        &path,
        "[[endpoint]]\nurl = \"http://127.0.0.1:1/\"\nsecret = \"nope\"\n",
    )
    .unwrap();
    let args = [
        "--db",
        &db.path.display().to_string(),
        "--webhooks",
        &path.display().to_string(),
    ];
    let config = appkeys_server::Config::from_args(args).unwrap();
    let err = appkeys_server::App::build(config)
        .await
        .err()
        .expect("refused");
    let err = format!("{err:#}");
    assert!(err.contains("line 3: `secret`"), "{err}");
}
