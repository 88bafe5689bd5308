//! The SQLite backend: the pool, connection settings, schema migrations, the write turn, and
//! [`Sql`] for rusqlite. The statements and rules are the operations' (`keys.rs`, `tokens.rs`, ...),
//! the same for both databases.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use std::future::Future;
use std::pin::pin;
use std::task::{Context as TaskContext, Poll, Waker};

use anyhow::Context;
use r2d2_sqlite::rusqlite::types::{ToSqlOutput, ValueRef};
use r2d2_sqlite::rusqlite::{self, params_from_iter, Connection, TransactionBehavior};
use r2d2_sqlite::SqliteConnectionManager;
use tokio::sync::Mutex;

use super::error::DbError;
use super::sql::{Arg, Columns, Read, Row, Rows, Sql};

type Pool = r2d2::Pool<SqliteConnectionManager>;

/// Migrations in order; entry N brings the schema to `PRAGMA user_version` N + 1.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_exact_creation_order.sql"),
    include_str!("../../migrations/0003_key_expiry.sql"),
    include_str!("../../migrations/0004_key_rotation.sql"),
    include_str!("../../migrations/0005_replays.sql"),
    include_str!("../../migrations/0006_last_used_from.sql"),
    include_str!("../../migrations/0007_tokens_by_client_and_expiry.sql"),
    include_str!("../../migrations/0008_events.sql"),
    include_str!("../../migrations/0009_usage.sql"),
    include_str!("../../migrations/0010_exposed_secrets.sql"),
    include_str!("../../migrations/0011_allowed_networks.sql"),
    include_str!("../../migrations/0012_scopes.sql"),
    include_str!("../../migrations/0013_webhooks.sql"),
    include_str!("../../migrations/0014_webhook_outbox_cap.sql"),
];

/// The pool and the write turn, shared by every handler.
#[derive(Clone)]
pub struct Sqlite {
    pool: Pool,
    /// One writer at a time: writers queue here, in the process, instead of in SQLite's busy
    /// handler, whose sleep-and-retry gives long tail latencies when writes are concurrent.
    writer: Arc<Mutex<()>>,
}

impl Sqlite {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating the database directory {}", parent.display()))?;
        }
        // Migrated on a connection of its own before the pool exists: the pool opens its
        // connections at once, and while a migration held the lock they failed and were logged as
        // errors on a normal first start.
        let mut first = Connection::open(path)
            .with_context(|| format!("opening the database {}", path.display()))?;
        configure(&mut first)?;
        migrate(&mut first)?;
        drop(first);
        let manager = SqliteConnectionManager::file(path).with_init(configure);
        let pool = r2d2::Pool::builder()
            .max_size(8)
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .with_context(|| format!("opening the database {}", path.display()))?;
        Ok(Self {
            pool,
            writer: Arc::default(),
        })
    }

    /// Runs a read: at any time, beside other reads and the write (WAL).
    pub async fn read<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Lite<'_>) -> Result<T, DbError> + Send + 'static,
    {
        self.spawn(move |conn| work(&Lite(conn))).await
    }

    /// Runs a write in this process's turn (see `writer`), in one transaction: IMMEDIATE, so it
    /// holds SQLite's write lock from its first statement and every read-then-write in it is
    /// atomic, even against another process. This lock is what PostgreSQL's `FOR UPDATE` takes
    /// row by row (see [`dialect`]). An error rolls the transaction back.
    pub async fn transaction<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Lite<'_>) -> Result<T, DbError> + Send + 'static,
    {
        let _turn = self.writer.lock().await;
        self.spawn(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let done = work(&Lite(&tx))?;
            tx.commit()?;
            Ok(done)
        })
        .await
    }

    /// Runs the work on the blocking thread pool, so SQLite never stalls the async workers.
    async fn spawn<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || work(&mut *pool.get()?))
            .await
            .map_err(DbError::Task)?
    }
}

/// A SQLite connection (or transaction) as the operations see it.
pub struct Lite<'a>(&'a Connection);

impl Sql for Lite<'_> {
    const INSERTION_ORDER: &'static str = "rowid";

    async fn query<T>(&self, sql: &str, args: &[Arg<'_>], mut read: impl Read<T>) -> Rows<T> {
        let mut statement = self.0.prepare_cached(&dialect(sql))?;
        let mut rows = statement.query(params_from_iter(args.iter().map(bind)))?;
        let mut all = Vec::new();
        while let Some(row) = rows.next()? {
            all.push(read(Row(row))?);
        }
        Ok(all)
    }

    async fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64, DbError> {
        let mut statement = self.0.prepare_cached(&dialect(sql))?;
        let changed = statement.execute(params_from_iter(args.iter().map(bind)))?;
        Ok(u64::try_from(changed).unwrap_or(u64::MAX))
    }
}

impl Columns for rusqlite::Row<'_> {
    fn int(&self, index: usize) -> Result<Option<i64>, DbError> {
        Ok(self.get(index)?)
    }

    fn text(&self, index: usize) -> Result<Option<String>, DbError> {
        Ok(self.get(index)?)
    }

    fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, DbError> {
        Ok(self.get(index)?)
    }
}

/// A statement in SQLite's dialect: `$N` parameters become `?N` (SQLite reads `$1` as a named
/// parameter, numbered by first appearance rather than by its digits), and `FOR UPDATE` goes:
/// SQLite has no row locks and needs none here, as every write transaction already holds the
/// database's one write lock (see [`Sqlite::transaction`]).
fn dialect(sql: &str) -> String {
    sql.replace(" FOR UPDATE SKIP LOCKED", "")
        .replace(" FOR UPDATE", "")
        .replace('$', "?")
}

fn bind<'a>(arg: &'a Arg<'_>) -> ToSqlOutput<'a> {
    ToSqlOutput::Borrowed(match *arg {
        Arg::Int(Some(int)) => ValueRef::Integer(int),
        Arg::Text(Some(text)) => ValueRef::Text(text.as_bytes()),
        Arg::Bytes(Some(bytes)) => ValueRef::Blob(bytes),
        Arg::Int(None) | Arg::Text(None) | Arg::Bytes(None) => ValueRef::Null,
    })
}

/// Runs an operation's future to its end on this (blocking) thread. SQLite's calls are
/// synchronous, so the future never waits: one poll completes it.
pub fn ready<T>(work: impl Future<Output = Result<T, DbError>>) -> Result<T, DbError> {
    match pin!(work).poll(&mut TaskContext::from_waker(Waker::noop())) {
        Poll::Ready(done) => done,
        Poll::Pending => unreachable!("an operation on SQLite awaited something other than SQLite"),
    }
}

super::error::backend_errors!("SQLite", Database: rusqlite::Error, Pool: r2d2::Error);

/// Per-connection settings: WAL so readers never block the writer; FULL sync so a commit that was
/// answered survives a crash; foreign keys for the cascades; a busy timeout instead of SQLITE_BUSY.
fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let current = usize::try_from(current).context("negative schema version")?;
    anyhow::ensure!(
        current <= MIGRATIONS.len(),
        "the database schema (version {current}) is newer than this server knows ({})",
        MIGRATIONS.len()
    );
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .with_context(|| format!("applying migration {}", index + 1))?;
        tx.pragma_update(None, "user_version", i64::try_from(index + 1)?)?;
        tx.commit()?;
        tracing::info!(version = index + 1, "applied database migration");
    }
    Ok(())
}
