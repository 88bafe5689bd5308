//! The SQLite pool, connection settings and schema migrations.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use r2d2_sqlite::rusqlite::Connection;
use r2d2_sqlite::SqliteConnectionManager;

use crate::envelope::ApiError;

pub use r2d2_sqlite::rusqlite;

pub type Pool = r2d2::Pool<SqliteConnectionManager>;

/// Migrations in order; entry N brings the schema to `PRAGMA user_version` N + 1.
const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

/// Opens (creating if needed) the database file, applies pending migrations and returns a pool.
pub fn open(path: &Path) -> anyhow::Result<Pool> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating the database directory {}", parent.display()))?;
    }
    let manager = SqliteConnectionManager::file(path).with_init(configure);
    let pool = r2d2::Pool::builder()
        .max_size(8)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)
        .with_context(|| format!("opening the database {}", path.display()))?;
    let mut conn = pool.get()?;
    migrate(&mut conn)?;
    Ok(pool)
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

/// Runs a write in its turn (see `AppState::write_lock`).
pub async fn write<T, F>(state: &crate::state::AppState, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
{
    let _turn = state.write_lock.lock().await;
    call(&state.pool, work).await
}

/// Runs blocking database work on the blocking thread pool, so SQLite never stalls the async workers.
pub async fn call<T, F>(pool: &Pool, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Connection) -> Result<T, ApiError> + Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool.get().map_err(ApiError::internal)?;
        work(&mut conn)
    })
    .await
    .map_err(ApiError::internal)?
}
