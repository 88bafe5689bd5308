//! Storage, behind one interface: [`Db`], whose methods are the operations the routes need, so that
//! they do not know which database runs. Two stores implement them: SQLite (`sqlite.rs`, the
//! embedded default: one file, one writer at a time in the process) and PostgreSQL (`postgres/`,
//! for several instances on one database). `Db` is an enum that dispatches to the two, not a trait:
//! the set is closed, each method is one `match`, and async methods need neither boxing nor
//! `dyn`. The SQL of each resource stays in its module, SQLite's beside its types (`keys.rs`,
//! `tokens.rs`, ...) and PostgreSQL's in `postgres/`; the rules both apply (which secrets are
//! accepted, how long a token lives) are shared. Nothing here knows HTTP.

mod error;
mod postgres;
mod sqlite;

pub mod accounts;
pub mod expired;
pub mod generations;
pub mod keys;
mod replays;
pub mod sessions;
pub mod tokens;

pub use error::DbError;
pub use postgres::limits::check as shared_limit;
pub use postgres::Postgres;
pub use sqlite::Sqlite;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::types::Type;
use r2d2_sqlite::rusqlite::{Error, Result};

use crate::clock::Clock;
use crate::replay::Replayable;
use accounts::Account;
use expired::Purged;
use keys::{Created, CreatedKey, Key, NewKey, Rotated, Rotation};
use sessions::SessionOwner;
use tokens::{Issued, SecretCheck, TokenOwner};

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

impl Db {
    /// Opens the database, creating and migrating it as needed.
    pub async fn open(location: &Location) -> anyhow::Result<Self> {
        Ok(match location {
            Location::Sqlite(path) => Self::Sqlite(Sqlite::open(path)?),
            Location::Postgres(url) => Self::Postgres(Postgres::open(url).await?),
        })
    }

    /// The PostgreSQL store, where state shared by every instance (the /token limits) lives.
    pub fn shared(&self) -> Option<&Postgres> {
        match self {
            Self::Sqlite(_) => None,
            Self::Postgres(pg) => Some(pg),
        }
    }

    pub async fn find_account(&self, username: String) -> Result<Option<Account>, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.read(move |conn| accounts::find_by_username(conn, &username))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::accounts::find_by_username(&pg.get().await?, &username).await
            }
        }
    }

    /// Creates the account, or sets the password of the one with this username.
    pub async fn upsert_account(
        &self,
        username: String,
        password_hash: String,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| accounts::upsert(conn, &username, &password_hash, now))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::accounts::upsert(&pg.get().await?, &username, &password_hash, now).await
            }
        }
    }

    pub async fn create_session(
        &self,
        token_digest: Vec<u8>,
        account_id: String,
        ttl_secs: u32,
        now: DateTime<Utc>,
    ) -> Result<(), DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| {
                    sessions::create(conn, &token_digest, &account_id, ttl_secs, now)
                })
                .await
            }
            Self::Postgres(pg) => {
                let client = pg.get().await?;
                postgres::sessions::create(&client, &token_digest, &account_id, ttl_secs, now).await
            }
        }
    }

    pub async fn session_owner(
        &self,
        token_digest: Vec<u8>,
        now: DateTime<Utc>,
    ) -> Result<Option<SessionOwner>, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.read(move |conn| sessions::owner(conn, &token_digest, now))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::sessions::owner(&pg.get().await?, &token_digest, now).await
            }
        }
    }

    pub async fn delete_session(&self, token_digest: Vec<u8>) -> Result<(), DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| sessions::delete(conn, &token_digest))
                    .await
            }
            Self::Postgres(pg) => postgres::sessions::delete(&pg.get().await?, &token_digest).await,
        }
    }

    pub async fn list_keys(&self, account_id: String) -> Result<Vec<Key>, DbError> {
        match self {
            Self::Sqlite(db) => db.read(move |conn| keys::list(conn, &account_id)).await,
            Self::Postgres(pg) => postgres::keys::list(&pg.get().await?, &account_id).await,
        }
    }

    /// The answer of a create with this request within its window, if this client can open it.
    pub async fn replayed_create(
        &self,
        account_id: String,
        request: Replayable,
        now: DateTime<Utc>,
    ) -> Result<Option<CreatedKey>, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.read(move |conn| replays::find(conn, &account_id, &request, now))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::replays::find(&pg.get().await?, &account_id, &request, now).await
            }
        }
    }

    /// Creates a key; "now" is read from `clock` once the account's keys are locked, so creation
    /// instants follow the order of insertion.
    pub async fn create_key(
        &self,
        new: NewKey,
        max_keys: u32,
        clock: Clock,
    ) -> Result<Created, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| keys::create(conn, &new, max_keys, clock.now()))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::keys::create(&mut pg.get().await?, &new, max_keys, &clock).await
            }
        }
    }

    pub async fn rename_key(
        &self,
        account_id: String,
        client_id: String,
        description: Option<String>,
    ) -> Result<Option<Key>, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| {
                    keys::rename(conn, &account_id, &client_id, description.as_deref())
                })
                .await
            }
            Self::Postgres(pg) => {
                let client = pg.get().await?;
                postgres::keys::rename(&client, &account_id, &client_id, description.as_deref())
                    .await
            }
        }
    }

    /// Deletes the account's key with its access tokens; `false` if it has none with this id.
    pub async fn delete_key(&self, account_id: String, client_id: String) -> Result<bool, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| keys::delete(conn, &account_id, &client_id))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::keys::delete(&pg.get().await?, &account_id, &client_id).await
            }
        }
    }

    /// Deletes those of `client_ids` that are the account's keys; returns them in the order given.
    pub async fn delete_keys(
        &self,
        account_id: String,
        client_ids: Vec<String>,
    ) -> Result<Vec<String>, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| keys::delete_many(conn, &account_id, &client_ids))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::keys::delete_many(&pg.get().await?, &account_id, &client_ids).await
            }
        }
    }

    pub async fn rotate_key(&self, rotation: Rotation, clock: Clock) -> Result<Rotated, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| keys::rotate(conn, &rotation, clock.now()))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::keys::rotate(&mut pg.get().await?, &rotation, &clock).await
            }
        }
    }

    /// What the key says to a secret presented at `/token`: a read, beside the writes.
    pub async fn check_secret(
        &self,
        client_id: String,
        secret: String,
        now: DateTime<Utc>,
    ) -> Result<SecretCheck, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.read(move |conn| tokens::check_secret(conn, &client_id, &secret, now))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::tokens::check_secret(&pg.get().await?, &client_id, &secret, now).await
            }
        }
    }

    /// Stores an access token for the key, its secret's `generation` checked again in the write.
    pub async fn issue_token(
        &self,
        client_id: String,
        generation: i64,
        token_digest: Vec<u8>,
        ttl_secs: u32,
        clock: Clock,
    ) -> Result<Issued, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| {
                    tokens::issue(
                        conn,
                        &client_id,
                        generation,
                        &token_digest,
                        ttl_secs,
                        clock.now(),
                    )
                })
                .await
            }
            Self::Postgres(pg) => {
                let mut client = pg.get().await?;
                let token = (generation, token_digest.as_slice(), ttl_secs);
                postgres::tokens::issue(&mut client, &client_id, token, &clock).await
            }
        }
    }

    pub async fn token_owner(
        &self,
        token_digest: Vec<u8>,
        now: DateTime<Utc>,
    ) -> Result<Option<TokenOwner>, DbError> {
        match self {
            Self::Sqlite(db) => {
                db.read(move |conn| tokens::owner(conn, &token_digest, now))
                    .await
            }
            Self::Postgres(pg) => {
                postgres::tokens::owner(&pg.get().await?, &token_digest, now).await
            }
        }
    }

    /// Deletes what nothing accepts any more (see `expired`).
    pub async fn purge(&self, now: DateTime<Utc>) -> Result<Purged, DbError> {
        match self {
            Self::Sqlite(db) => db.write(move |conn| expired::purge(conn, now)).await,
            Self::Postgres(pg) => postgres::expired::purge(&pg.get().await?, now).await,
        }
    }

    /// Deletes the sealed answers whose replay window has passed; returns how many.
    pub async fn purge_replays(&self, now: DateTime<Utc>) -> Result<usize, DbError> {
        let now = now.timestamp();
        match self {
            Self::Sqlite(db) => {
                db.write(move |conn| expired::purge_replays(conn, now))
                    .await
            }
            Self::Postgres(pg) => postgres::expired::purge_replays(&pg.get().await?, now).await,
        }
    }
}

/// A stored timestamp of ours, which is always RFC 3339.
fn instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| Error::FromSqlConversionFailure(0, Type::Text, Box::new(err)))
}
