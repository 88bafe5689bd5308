//! The SQLite store: the pool, connection settings, schema migrations, and the write turn. Its SQL
//! is in the resource modules beside it (`keys.rs`, `tokens.rs`, ...).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use r2d2_sqlite::rusqlite::{self, Connection};
use r2d2_sqlite::SqliteConnectionManager;
use tokio::sync::Mutex;

use super::DbError;

type Pool = r2d2::Pool<SqliteConnectionManager>;

/// Migrations in order; entry N brings the schema to `PRAGMA user_version` N + 1.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_exact_creation_order.sql"),
    include_str!("../../migrations/0003_key_expiry.sql"),
    include_str!("../../migrations/0004_key_rotation.sql"),
    include_str!("../../migrations/0005_replays.sql"),
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

    /// Runs `work` on this thread: for the store's unit tests.
    #[cfg(test)]
    pub fn blocking<T>(
        &self,
        work: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, DbError> {
        Ok(work(&mut *self.pool.get()?)?)
    }

    /// Runs a read: at any time, beside other reads and the write (WAL).
    pub async fn read<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        self.spawn(work).await
    }

    /// Runs a write in this process's turn (see `writer`).
    pub async fn write<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let _turn = self.writer.lock().await;
        self.spawn(work).await
    }

    /// Runs the work on the blocking thread pool, so SQLite never stalls the async workers.
    async fn spawn<T, F>(&self, work: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || Ok(work(&mut *pool.get()?)?))
            .await
            .map_err(DbError::Task)?
    }
}

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
