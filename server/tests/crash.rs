//! Crash safety of the real server binary: 32 clients create keys in a loop, the server is killed with
//! SIGKILL at a random moment, restarted on the same SQLite file, and then every key whose create was
//! answered 20000 must be listed and must still work at /token. Keys that exist although no client was
//! told about them may only come from requests in flight at the kill. Repeated on one file, so each run
//! also recovers from the previous crashes.
//!
//! 20 runs by default; `APPKEYS_CRASH_RUNS=N` for a longer run (e.g. `APPKEYS_CRASH_RUNS=200 cargo test
//! -p appkeys-server --test crash -- --nocapture`). With `APPKEYS_TEST_POSTGRES` the server runs on
//! a new PostgreSQL database of its own instead of the file (the database server is not killed).

mod common;

use common::binary::Running;
use common::PASSWORD;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::{json, Value};
use tokio::task::JoinSet;

const CLIENTS: usize = 32;

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

async fn sign_in(base: &str) -> String {
    let res = client()
        .post(format!("{base}/session"))
        .json(&json!({ "username": "alice", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["data"]["token"].as_str().unwrap().to_string()
}

/// One create: `Ok(Some((client_id, secret)))` when answered 20000, `Ok(None)` for any other answer
/// (recorded as a failure), `Err` when no answer arrived (the server died under it).
async fn create(
    client: &Client,
    url: &str,
    session: &str,
) -> Result<Result<(String, String), String>, reqwest::Error> {
    let res = client
        .post(url)
        .bearer_auth(session)
        .json(&json!({ "description": "crash test" }))
        .send()
        .await?;
    let status = res.status().as_u16();
    let text = res.text().await?;
    let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    if status == 200 && body["code"] == 20000 {
        let data = &body["data"];
        Ok(Ok((
            data["client_id"].as_str().unwrap().to_string(),
            data["secret"].as_str().unwrap().to_string(),
        )))
    } else {
        Ok(Err(format!("{status}: {text}")))
    }
}

#[derive(Default)]
struct Totals {
    runs: usize,
    acknowledged: usize,
    lost: usize,
    events_lost: usize,
    in_flight: usize,
    unacknowledged_present: usize,
}

/// The client_ids of every key.created event in the account's log, page after page.
async fn created_events(http: &Client, base: &str, session: &str) -> HashSet<String> {
    let mut found = HashSet::new();
    let mut before = String::new();
    loop {
        let url = format!("{base}/application-keys/events?type=key.created&limit=200{before}");
        let res = http.get(url).bearer_auth(session).send().await.unwrap();
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        for event in body["data"]["events"].as_array().unwrap() {
            found.insert(event["client_id"].as_str().unwrap().to_string());
        }
        match body["data"]["next"].as_str() {
            Some(next) => before = format!("&before={next}"),
            None => return found,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_keys_survive_sigkill() {
    let runs: usize = std::env::var("APPKEYS_CRASH_RUNS")
        .ok()
        .map(|v| v.parse().expect("APPKEYS_CRASH_RUNS is a number"))
        .unwrap_or(20);
    let temp = common::temp_db();
    let db = temp.path.clone();
    let store = if temp.postgres {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let started = Instant::now();

    let mut server = Running::start(&db, &["--max-keys", "1000000"]);
    let session = sign_in(&server.base).await;
    // Every key ever acknowledged, across all runs: each must survive every later crash too.
    let mut all_acknowledged: HashSet<String> = HashSet::new();
    let mut totals = Totals::default();

    for run in 1..=runs {
        let url = format!("{}/application-keys", server.base);
        let acknowledged = Arc::new(Mutex::new(Vec::<(String, String)>::new()));
        let refused = Arc::new(Mutex::new(Vec::<String>::new()));
        let unanswered = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let http = client();
        let mut workers = JoinSet::new();
        for _ in 0..CLIENTS {
            let (http, url, session) = (http.clone(), url.clone(), session.clone());
            let (acknowledged, refused, unanswered, stop) = (
                acknowledged.clone(),
                refused.clone(),
                unanswered.clone(),
                stop.clone(),
            );
            workers.spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    match create(&http, &url, &session).await {
                        Ok(Ok(key)) => acknowledged.lock().unwrap().push(key),
                        Ok(Err(answer)) => refused.lock().unwrap().push(answer),
                        Err(_) => {
                            unanswered.fetch_add(1, Ordering::SeqCst);
                            break;
                        }
                    }
                }
            });
        }
        let delay = 100 + u64::from(getrandom::u32().unwrap() % 301);
        tokio::time::sleep(Duration::from_millis(delay)).await;
        // No new request starts from here on; those already sent are in flight when the kill lands.
        stop.store(true, Ordering::SeqCst);
        server.kill();
        while let Some(joined) = workers.join_next().await {
            joined.unwrap();
        }
        let refused = std::mem::take(&mut *refused.lock().unwrap());
        assert!(
            refused.is_empty(),
            "run {run}: creates answered with something other than 20000 before the kill: {refused:?}"
        );
        let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
        let in_flight = unanswered.load(Ordering::SeqCst);
        assert!(in_flight <= CLIENTS);

        server = Running::start(&db, &["--max-keys", "1000000"]);
        let http = client();
        let res = http
            .get(format!("{}/application-keys", server.base))
            .bearer_auth(&session)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            200,
            "run {run}: the session survives the crash"
        );
        let body: Value = res.json().await.unwrap();
        let listed: HashSet<String> = body["data"]["list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["client_id"].as_str().unwrap().to_string())
            .collect();
        all_acknowledged.extend(acknowledged.iter().map(|(id, _)| id.clone()));
        let lost: Vec<String> = all_acknowledged.difference(&listed).cloned().collect();
        // A create and its event are one transaction: every key there has its key.created event,
        // and there is no event of a key that is not.
        let logged = created_events(&http, &server.base, &session).await;
        let events_lost = listed.difference(&logged).count();
        let events_without_key = logged.difference(&listed).count();
        let unacknowledged_present = listed.difference(&all_acknowledged).count();

        // Usable: each key acknowledged in this run still exchanges for a token with its secret.
        let mut exchanges = JoinSet::new();
        for chunk in acknowledged.chunks(acknowledged.len().div_ceil(CLIENTS).max(1)) {
            let (http, chunk) = (http.clone(), chunk.to_vec());
            let token_url = format!("{}/token?grant_type=client_credentials", server.base);
            exchanges.spawn(async move {
                let mut failed = Vec::new();
                for (id, secret) in chunk {
                    let res = http
                        .post(&token_url)
                        .basic_auth(&id, Some(&secret))
                        .send()
                        .await
                        .unwrap();
                    if res.status() != 200 {
                        failed.push(format!("{id}: {}", res.status()));
                    }
                }
                failed
            });
        }
        let mut unusable = Vec::new();
        while let Some(failed) = exchanges.join_next().await {
            unusable.extend(failed.unwrap());
        }

        println!(
            "crash run {run}: killed after {delay} ms; acknowledged {}, lost {}, in flight at the kill {in_flight}, \
             unacknowledged but present {unacknowledged_present}, unusable {}, events lost {events_lost}, \
             events without their key {events_without_key}",
            acknowledged.len(),
            lost.len(),
            unusable.len()
        );
        assert_eq!(
            (events_lost, events_without_key),
            (0, 0),
            "run {run}: keys and their key.created events disagree"
        );
        assert!(
            lost.is_empty(),
            "run {run}: acknowledged keys missing after restart: {lost:?}"
        );
        assert!(
            unusable.is_empty(),
            "run {run}: acknowledged keys refused at /token: {unusable:?}"
        );
        assert!(
            unacknowledged_present <= in_flight,
            "run {run}: {unacknowledged_present} keys nobody was told about, but only {in_flight} requests in flight"
        );
        // From here on they are acknowledged too (listed), so the next run counts only its own.
        all_acknowledged.extend(listed);

        totals.runs += 1;
        totals.acknowledged += acknowledged.len();
        totals.lost += lost.len();
        totals.events_lost += events_lost;
        totals.in_flight += in_flight;
        totals.unacknowledged_present += unacknowledged_present;
    }
    drop(server);
    println!(
        "crash figures ({store}): runs {}, acknowledged {}, lost {}, events lost {}, in flight at the kills {}, unacknowledged but present {} \
         ({:.1} s)",
        totals.runs,
        totals.acknowledged,
        totals.lost,
        totals.events_lost,
        totals.in_flight,
        totals.unacknowledged_present,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(totals.lost, 0);
}
