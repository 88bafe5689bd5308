//! Starts the real server in-process on 127.0.0.1:0 over a temporary SQLite file, or, when
//! `APPKEYS_TEST_POSTGRES` names a PostgreSQL server (a URL whose user may create databases), over
//! a new database of its own there, and talks to it over real HTTP.
#![allow(dead_code)]

pub mod binary;

use std::path::{Path, PathBuf};

use appkeys_server::{App, Config};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const PASSWORD: &str = "test-password";

pub struct Server {
    /// e.g. http://127.0.0.1:PORT
    pub root: String,
    /// e.g. http://127.0.0.1:PORT/api/1.0
    pub base: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

/// The PostgreSQL server the tests run on, if any (`cargo xtask test` sets it for its second pass).
pub const POSTGRES_ENV: &str = "APPKEYS_TEST_POSTGRES";

pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_ENV)
        .ok()
        .filter(|url| !url.is_empty())
}

/// A test's own database: a file in a temporary directory (keep it alive for the test's duration),
/// or a new PostgreSQL database, left for the throwaway cluster to take with it.
pub struct TempDb {
    _dir: tempfile::TempDir,
    /// What `--db` is given: the SQLite file, or the PostgreSQL database's URL.
    pub path: PathBuf,
    pub postgres: bool,
}

pub fn temp_db() -> TempDb {
    let dir = tempfile::tempdir().expect("temp dir");
    match postgres_url() {
        Some(url) => TempDb {
            path: PathBuf::from(new_postgres_database(&url)),
            _dir: dir,
            postgres: true,
        },
        None => TempDb {
            path: dir.path().join("nested").join("appkeys.db"),
            _dir: dir,
            postgres: false,
        },
    }
}

/// One number from the test's database (`sql` with text parameters `$1`, `$2`…), read, never
/// written, straight from the SQLite file (waiting out the server's writes) or the PostgreSQL
/// database.
pub async fn read_number(db: &TempDb, sql: &str, params: &[&str]) -> i64 {
    if !db.postgres {
        let file = r2d2_sqlite::rusqlite::Connection::open(&db.path).unwrap();
        file.busy_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        let params = r2d2_sqlite::rusqlite::params_from_iter(params);
        return file.query_row(sql, params, |row| row.get(0)).unwrap();
    }
    let url = db.path.to_str().unwrap();
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    let connection = tokio::spawn(connection);
    let params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> =
        params.iter().map(|param| param as _).collect();
    let number = client.query_one(sql, &params).await.unwrap().get(0);
    drop(client);
    let _ = connection.await;
    number
}

/// Creates a database with a fresh name on the server of `url`; returns its URL.
pub fn new_postgres_database(url: &str) -> String {
    let name = format!("t{}", uuid::Uuid::new_v4().simple());
    let admin = url.to_string();
    let statement = format!("CREATE DATABASE {name}");
    // On a thread of its own: tests call this from inside their runtime, and it must block.
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
                .await
                .expect("connecting to the test PostgreSQL server");
            tokio::spawn(connection);
            client
                .batch_execute(&statement)
                .await
                .expect("CREATE DATABASE");
        });
    })
    .join()
    .unwrap();
    with_database(url, &name)
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let server = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        "" => format!("{server}/{name}"),
        query => format!("{server}/{name}?{query}"),
    }
}

/// Prints why a test that needs SQLite's file is skipped on PostgreSQL; true if it is.
pub fn sqlite_only(db: &TempDb, what: &str) -> bool {
    if db.postgres {
        println!("skipped on PostgreSQL: {what}");
    }
    db.postgres
}

impl Server {
    /// Demo accounts alice and bob (password [`PASSWORD`], light Argon2), plus `extra` flags.
    pub async fn start(db: &Path, extra: &[&str]) -> Server {
        let mut args: Vec<String> = vec![
            "--listen".into(),
            "127.0.0.1:0".into(),
            "--db".into(),
            db.display().to_string(),
            "--demo".into(),
            "--demo-password".into(),
            PASSWORD.into(),
            "--light-password-hash".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let config = Config::from_args(args).expect("valid test configuration");
        let api_base = config.api_base.clone();
        let app = App::build(config).await.expect("server builds");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            appkeys_server::serve(app, listener, async {
                let _ = rx.await;
            })
            .await
            .expect("server runs");
        });
        let root = format!("http://{addr}");
        Server {
            base: format!("{root}{api_base}"),
            root,
            shutdown: Some(tx),
            task: Some(task),
        }
    }

    /// Graceful shutdown; returns when the server (and its database pool) is gone.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.expect("server task");
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A client with a cookie jar, like a browser.
pub fn browser() -> Client {
    Client::builder().cookie_store(true).build().unwrap()
}

/// A client without cookies (for bearer and basic auth).
pub fn plain() -> Client {
    Client::new()
}

/// Signs `user` in with `client` (its jar keeps the cookie); returns the session token.
pub async fn sign_in(server: &Server, client: &Client, user: &str) -> String {
    let res = client
        .post(server.url("/session"))
        .json(&json!({ "username": user, "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "sign-in of {user}");
    let body: Value = res.json().await.unwrap();
    body["data"]["token"].as_str().unwrap().to_string()
}

/// Sends and returns (status, JSON body).
pub async fn send(req: RequestBuilder) -> (u16, Value) {
    let res = req.send().await.unwrap();
    split(res).await
}

pub async fn split(res: Response) -> (u16, Value) {
    let status = res.status().as_u16();
    let text = res.text().await.unwrap();
    let body =
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"));
    (status, body)
}

/// Sends a create as the bearer of `session`, whatever the answer: (status, body).
pub async fn try_create_key(server: &Server, session: &str, body: Value) -> (u16, Value) {
    send(
        plain()
            .post(server.url("/application-keys"))
            .bearer_auth(session)
            .json(&body),
    )
    .await
}

/// Creates a key as the bearer of `session`; returns the response data (with the secret).
pub async fn create_key(server: &Server, session: &str, body: Value) -> Value {
    let (status, body) = try_create_key(server, session, body).await;
    assert_eq!(status, 200, "create: {body}");
    body["data"].clone()
}

/// A request of the console as the bearer of `session`, ready to send (or to add a body to).
pub fn console(
    method: reqwest::Method,
    server: &Server,
    path: &str,
    session: &str,
) -> RequestBuilder {
    plain()
        .request(method, server.url(path))
        .bearer_auth(session)
}

/// A partial change of a key (`PATCH`): (status, body).
pub async fn change(server: &Server, session: &str, client_id: &str, body: Value) -> (u16, Value) {
    let path = format!("/application-keys/{client_id}");
    send(console(reqwest::Method::PATCH, server, &path, session).json(&body)).await
}

/// The client-credentials exchange of a key, ready to send (or to add headers to).
pub fn token_request(server: &Server, client_id: &str, secret: &str) -> RequestBuilder {
    plain()
        .post(server.url("/token?grant_type=client_credentials"))
        .basic_auth(client_id, Some(secret))
}

/// Exchanges a key for an access token: (status, body, response headers).
pub async fn token(
    server: &Server,
    client_id: &str,
    secret: &str,
) -> (u16, Value, reqwest::header::HeaderMap) {
    let res = token_request(server, client_id, secret)
        .send()
        .await
        .unwrap();
    let headers = res.headers().clone();
    let (status, body) = split(res).await;
    (status, body, headers)
}

/// Asserts an envelope error with the status and matching code.
pub fn assert_error(status: u16, body: &Value, expected: u16) {
    assert_eq!(status, expected, "{body}");
    let code = if expected >= 500 {
        50000 + u64::from(expected - 500)
    } else {
        40000 + u64::from(expected - 400)
    };
    assert_eq!(body["code"], code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// Moves the clock of a server started with `--test-clock` forward.
pub async fn advance_clock(server: &Server, seconds: u64) {
    let res = plain()
        .post(server.url("/test/clock"))
        .json(&json!({ "advance_seconds": seconds }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204, "advancing the test clock");
}

/// The account's keys, as the list answers them.
pub async fn list_keys(server: &Server, session: &str) -> Vec<Value> {
    let (status, body) = send(
        plain()
            .get(server.url("/application-keys"))
            .bearer_auth(session),
    )
    .await;
    assert_eq!(status, 200, "list: {body}");
    body["data"]["list"].as_array().unwrap().clone()
}

/// Takes a database back to schema version 3, as a server from before keys could be rotated (and
/// before request_id answers were kept in the database, where a key was last used from, or the
/// activity log, leak reports, allowed networks or scopes) left it.
pub const UNDO_MIGRATIONS_6_TO_4: &str = "
    DROP TABLE scan_turn;
    DROP TABLE webhook_deliveries;
    DROP TABLE webhook_endpoints;
    DROP TABLE webhook_endpoint_events;
    ALTER TABLE application_keys DROP COLUMN expiry_notice_days;
    ALTER TABLE application_keys DROP COLUMN scopes;
    ALTER TABLE access_tokens DROP COLUMN scope;
    ALTER TABLE access_tokens DROP COLUMN issued_at;
    ALTER TABLE application_keys DROP COLUMN allowed_networks;
    DROP INDEX application_keys_by_secret;
    DROP INDEX application_keys_by_previous_secret;
    DROP INDEX application_keys_by_exposed_secret;
    ALTER TABLE application_keys DROP COLUMN exposed_digest;
    ALTER TABLE application_keys DROP COLUMN exposed_at;
    ALTER TABLE application_keys DROP COLUMN exposed_url;
    ALTER TABLE application_keys DROP COLUMN exposed_source;
    DROP TABLE usage;
    DROP TABLE events;
    ALTER TABLE application_keys DROP COLUMN last_used_ip;
    ALTER TABLE application_keys DROP COLUMN last_used_user_agent;
    DROP TABLE replays;
    DROP TABLE key_rotations;
    ALTER TABLE access_tokens DROP COLUMN secret_generation;
    ALTER TABLE application_keys DROP COLUMN secret_generation;
    ALTER TABLE application_keys DROP COLUMN previous_secret_digest;
    ALTER TABLE application_keys DROP COLUMN previous_secret_expires_at;
    ALTER TABLE application_keys DROP COLUMN rotated_at;
    PRAGMA user_version = 3;";
