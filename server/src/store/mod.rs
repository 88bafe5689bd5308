//! Storage, behind one interface: [`Db`], whose methods are the operations the routes need, so that
//! they do not know which database runs.
//!
//! Each operation is written once, with its rules and statements, in a driver-free module
//! (`keys.rs`, `tokens.rs`, `replays.rs`, ...), generic over [`sql::Sql`]: a connection or a
//! transaction of either database. Two backends implement it: SQLite (`sqlite.rs`, the embedded
//! default: one file, one writer at a time in the process) and PostgreSQL (`postgres/`, for several
//! instances on one database). What differs between them is only what must: the pools, the
//! migrations (each database's types), how a transaction locks (SQLite's write turn, PostgreSQL's
//! row locks), the column that breaks ties of the list order, and the /token limits that only a
//! database shared by instances needs. `Db` is an enum that picks the backend, not a trait: the set
//! is closed, and async methods need neither boxing nor `dyn`. Nothing here knows HTTP.

mod error;
mod postgres;
mod sql;
mod sqlite;

pub mod accounts;
pub mod endings;
pub mod events;
pub mod expired;
pub mod exposures;
pub mod generations;
pub mod keys;
mod replays;
pub mod sessions;
pub mod tokens;
pub mod usage;
pub mod webhooks;

pub use error::DbError;
use postgres::Postgres;
use sqlite::Sqlite;

use std::net::IpAddr;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::Clock;
use crate::replay::Replayable;
use accounts::Account;
use endings::Endings;
use events::{Cause, EventPage, Filter, Refusal};
use expired::Purged;
use keys::{Created, CreatedKey, Key, KeyChanges, NewKey, Rotated, Rotation};
use sessions::SessionOwner;
use tokens::{Issued, LiveToken, NewToken, SecretCheck};
use usage::Day;

/// Where the data lives, as `--db` names it: a PostgreSQL URL, or else a SQLite file.
#[derive(Clone)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    pub fn parse(text: &str) -> Result<Self, String> {
        let is_url = ["postgres://", "postgresql://"]
            .iter()
            .any(|scheme| text.starts_with(scheme));
        Ok(match is_url {
            true => Self::Postgres(text.to_string()),
            false => Self::Sqlite(PathBuf::from(text)),
        })
    }
}

/// The URL may carry a password: never printed.
impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "SQLite file {}", path.display()),
            Self::Postgres(_) => write!(f, "PostgreSQL"),
        }
    }
}

#[derive(Clone)]
pub enum Db {
    Sqlite(Sqlite),
    Postgres(Postgres),
}

/// Runs `$body`, an operation on `$sql: &impl Sql`, as one transaction of the open database. The
/// body is written once and compiled for each backend; on SQLite it runs in this process's write
/// turn on a blocking thread (`sqlite::ready` drives its future, which never waits).
macro_rules! transaction {
    ($db:expr, |$sql:ident| $body:expr) => {
        match $db {
            Db::Sqlite(db) => db.transaction(move |$sql| sqlite::ready($body)).await,
            Db::Postgres(pg) => postgres::postgres_transaction!(pg, |$sql| $body),
        }
    };
}

/// Runs `$body` as a read, outside any transaction: beside the writes.
macro_rules! read {
    ($db:expr, |$sql:ident| $body:expr) => {
        match $db {
            Db::Sqlite(db) => db.read(move |$sql| sqlite::ready($body)).await,
            Db::Postgres(pg) => {
                let client = pg.get().await?;
                let $sql = &postgres::Pg(&client);
                $body.await
            }
        }
    };
}

impl Db {
    /// Opens the database, creating and migrating it as needed.
    pub async fn open(location: &Location) -> anyhow::Result<Self> {
        Ok(match location {
            Location::Sqlite(path) => Self::Sqlite(Sqlite::open(path)?),
            Location::Postgres(url) => Self::Postgres(Postgres::open(url).await?),
        })
    }

    /// The /token limits' counters, where every instance shares them: on PostgreSQL only (one
    /// SQLite file has one server, which counts in its memory).
    pub fn shared_counters(&self) -> Option<SharedCounters> {
        match self {
            Self::Sqlite(_) => None,
            Self::Postgres(pg) => Some(SharedCounters(pg.clone())),
        }
    }

    pub async fn find_account(&self, username: String) -> Result<Option<Account>, DbError> {
        read!(self, |sql| accounts::find_by_username(sql, &username))
    }

    /// Creates the account, or sets the password of the one with this username.
    pub async fn upsert_account(
        &self,
        username: String,
        password_hash: String,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        transaction!(self, |sql| accounts::upsert(
            sql,
            &username,
            &password_hash,
            now
        ))
    }

    pub async fn create_session(
        &self,
        token_digest: Vec<u8>,
        account_id: String,
        ttl_secs: u32,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        transaction!(self, |sql| sessions::create(
            sql,
            &token_digest,
            &account_id,
            ttl_secs,
            now
        ))
    }

    pub async fn session_owner(
        &self,
        token_digest: Vec<u8>,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionOwner>, DbError> {
        read!(self, |sql| sessions::owner(sql, &token_digest, now))
    }

    pub async fn delete_session(&self, token_digest: Vec<u8>) -> Result<(), DbError> {
        transaction!(self, |sql| sessions::delete(sql, &token_digest))
    }

    pub async fn list_keys(&self, account_id: String) -> Result<Vec<Key>, DbError> {
        read!(self, |sql| keys::list(sql, &account_id))
    }

    /// The answer of a create with this request within its window, if this client can open it.
    pub async fn replayed_create(
        &self,
        account_id: String,
        request: Replayable,
        now: DateTime<Utc>,
    ) -> Result<Option<CreatedKey>, DbError> {
        read!(self, |sql| replays::find(sql, &account_id, &request, now))
    }

    pub async fn create_key(
        &self,
        new: NewKey,
        max_keys: u32,
        clock: Clock,
    ) -> Result<Created, DbError> {
        transaction!(self, |sql| keys::create(sql, &new, max_keys, &clock))
    }

    /// Gives keys from before scopes every scope there is (see `keys::fill_scopes`).
    pub async fn fill_scopes(&self, all: Vec<String>) -> Result<(), DbError> {
        transaction!(self, |sql| keys::fill_scopes(sql, &all))
    }

    /// Changes the account's key as `changes` says (see `keys::update`).
    pub async fn update_key(
        &self,
        account_id: String,
        client_id: String,
        changes: KeyChanges,
        cause: Cause,
        now: DateTime<Utc>,
    ) -> Result<Option<Key>, DbError> {
        transaction!(self, |sql| keys::update(
            sql,
            &account_id,
            &client_id,
            &changes,
            &cause,
            now
        ))
    }

    /// Deletes the account's key with its access tokens; `false` if it has none with this id.
    pub async fn delete_key(
        &self,
        account_id: String,
        client_id: String,
        cause: Cause,
        now: DateTime<Utc>,
    ) -> Result<bool, DbError> {
        transaction!(self, |sql| keys::delete(
            sql,
            &account_id,
            &client_id,
            &cause,
            now
        ))
    }

    /// Deletes those of `client_ids` that are the account's keys; returns them in the order given.
    pub async fn delete_keys(
        &self,
        account_id: String,
        client_ids: Vec<String>,
        cause: Cause,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, DbError> {
        transaction!(self, |sql| keys::delete_many(
            sql,
            &account_id,
            &client_ids,
            &cause,
            now
        ))
    }

    /// Logs a refusal of the key `client_id`: a wrong secret, or a caller outside its networks
    /// (see `events::count_refusal`).
    pub async fn count_refusal(
        &self,
        client_id: String,
        refusal: Refusal,
        cause: Cause,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        transaction!(self, |sql| events::count_refusal(
            sql, &client_id, refusal, &cause, now
        ))
    }

    /// Adds counted exchanges to the keys' usage, all in one transaction.
    pub async fn add_usage(&self, counts: Vec<usage::Count>) -> Result<(), DbError> {
        transaction!(self, |sql| usage::add_all(sql, &counts))
    }

    /// The account's key's usage, a row per UTC day up to `today`; `None` if it has no such key.
    pub async fn usage_days(
        &self,
        account_id: String,
        client_id: String,
        today: NaiveDate,
        days: u32,
    ) -> Result<Option<Vec<Day>>, DbError> {
        read!(self, |sql| usage::days(
            sql,
            &account_id,
            &client_id,
            today,
            days
        ))
    }

    /// A page of the account's activity log, newest first.
    pub async fn events(&self, account_id: String, filter: Filter) -> Result<EventPage, DbError> {
        read!(self, |sql| events::page(sql, &account_id, &filter))
    }

    /// A secret reported as found in public: switched off if it is a key's (one transaction with
    /// its event).
    pub async fn report_exposed(
        &self,
        digest: Vec<u8>,
        exposure: exposures::Exposure,
        cause: Cause,
        now: DateTime<Utc>,
    ) -> Result<exposures::Reported, DbError> {
        transaction!(self, |sql| exposures::report(
            sql, &digest, &exposure, &cause, now
        ))
    }

    pub async fn rotate_key(&self, rotation: Rotation, clock: Clock) -> Result<Rotated, DbError> {
        transaction!(self, |sql| keys::rotate(sql, &rotation, &clock))
    }

    /// What the key says to a secret presented at `/token` from `from`: a read, beside the writes.
    pub async fn check_secret(
        &self,
        client_id: String,
        secret: String,
        from: IpAddr,
        now: DateTime<Utc>,
    ) -> Result<SecretCheck, DbError> {
        read!(self, |sql| tokens::check_secret(
            sql, &client_id, &secret, from, now
        ))
    }

    /// Stores an access token for the key, its secret's generation checked again in the write.
    pub async fn issue_token(&self, token: NewToken, clock: Clock) -> Result<Issued, DbError> {
        transaction!(self, |sql| tokens::issue(sql, &token, &clock))
    }

    /// An access token that still works, used from `from` (see `tokens::live`).
    pub async fn live_token(
        &self,
        token_digest: Vec<u8>,
        from: Option<IpAddr>,
        now: DateTime<Utc>,
    ) -> Result<Option<LiveToken>, DbError> {
        read!(self, |sql| tokens::live(sql, &token_digest, from, now))
    }

    /// Deletes what nothing accepts or needs any more (see `expired`), and on PostgreSQL the /token limits'
    /// rows that have fully recovered.
    pub async fn purge(&self, now: DateTime<Utc>, activity_days: u32) -> Result<Purged, DbError> {
        let purged = transaction!(self, |sql| expired::purge(sql, now, activity_days))?;
        if let Some(counters) = self.shared_counters() {
            counters.forget_recovered().await?;
        }
        Ok(purged)
    }

    /// Logs the keys that have expired and the previous secrets that have ended (see
    /// `endings::log_endings`).
    pub async fn log_endings(
        &self,
        now: DateTime<Utc>,
        notice_days: Vec<u32>,
    ) -> Result<Endings, DbError> {
        transaction!(self, |sql| async move {
            endings::log_endings(sql, now, &notice_days).await
        })
    }

    /// Names the webhook endpoints every instance enqueues for (see `webhooks::set_endpoints`).
    pub async fn set_webhook_endpoints(
        &self,
        endpoints: Vec<(String, Vec<String>)>,
    ) -> Result<(), DbError> {
        transaction!(self, |sql| async move {
            webhooks::set_endpoints(sql, &endpoints).await
        })
    }

    /// Takes the webhook deliveries due at `now` (see `webhooks::claim`).
    pub async fn claim_deliveries(
        &self,
        endpoint: String,
        now: DateTime<Utc>,
        lease: chrono::TimeDelta,
        limit: i64,
    ) -> Result<Vec<webhooks::Delivery>, DbError> {
        transaction!(self, |sql| async move {
            webhooks::claim(sql, &endpoint, now, lease, limit).await
        })
    }

    /// The webhook deliveries waiting for `endpoint` (see `webhooks::waiting`): a read, so that
    /// counting a dead endpoint's backlog does not hold SQLite's one writer.
    pub async fn webhook_deliveries_waiting(&self, endpoint: String) -> Result<i64, DbError> {
        read!(self, |sql| webhooks::waiting(sql, &endpoint))
    }

    /// Marks `endpoint` full or not; whether that changed (see `webhooks::mark_full`).
    pub async fn mark_webhook_endpoint_full(
        &self,
        endpoint: String,
        full: bool,
    ) -> Result<bool, DbError> {
        transaction!(self, |sql| async move {
            webhooks::mark_full(sql, &endpoint, full).await
        })
    }

    /// Records how a delivery's attempt ended.
    pub async fn finish_delivery(
        &self,
        id: i64,
        outcome: webhooks::Outcome,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        transaction!(self, |sql| async move {
            webhooks::finish(sql, id, &outcome, now).await
        })
    }

    /// Deletes the sealed answers whose replay window has passed; returns how many.
    pub async fn purge_replays(&self, now: DateTime<Utc>) -> Result<u64, DbError> {
        transaction!(self, |sql| expired::purge_replays(sql, now))
    }
}

/// The /token limits, counted in the database that every instance shares (see
/// `postgres::limits`).
#[derive(Clone)]
pub struct SharedCounters(Postgres);

impl SharedCounters {
    /// Counts one event for `bucket`: `None` if allowed, else the seconds to wait.
    pub async fn count(
        &self,
        bucket: &str,
        interval_us: i64,
        window_us: i64,
    ) -> Result<Option<u64>, DbError> {
        let client = self.0.get().await?;
        postgres::limits::check(&client, bucket, interval_us, window_us).await
    }

    async fn forget_recovered(&self) -> Result<u64, DbError> {
        postgres::limits::forget_recovered(&self.0.get().await?).await
    }
}
