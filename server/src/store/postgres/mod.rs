//! The PostgreSQL store, for several server instances on one database: tokio-postgres through a
//! deadpool pool. Everything that must hold across instances is decided here, in the database:
//! the key limit (the account row is locked while its keys are counted), the request_id replays,
//! the /token limits (`limits.rs`), and revocation (every check reads the rows).

pub mod accounts;
pub mod expired;
pub mod keys;
pub mod limits;
pub mod replays;
pub mod sessions;
pub mod tokens;

use anyhow::Context;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use super::DbError;

/// Migrations in order; entry N brings `schema_version` to N + 1.
const MIGRATIONS: &[&str] = &[include_str!("../../../migrations/postgres/0001_init.sql")];

/// Any number, the same in every instance: the lock that lets one instance migrate at a time.
const MIGRATION_LOCK: i64 = 0x0061_7070_6b65_7973;

/// Connections per instance: enough for the requests in flight on a few cores; N instances take
/// N times as many of the server's `max_connections`.
const POOL_SIZE: usize = 16;

#[derive(Clone)]
pub struct Postgres {
    pool: Pool,
}

impl Postgres {
    /// Connects and applies pending migrations (one instance at a time).
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let config: tokio_postgres::Config = url.parse().context("reading the PostgreSQL URL")?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .context("building the PostgreSQL pool")?;
        let mut client = pool.get().await.context("connecting to PostgreSQL")?;
        migrate(&mut client).await?;
        Ok(Self { pool })
    }

    pub async fn get(&self) -> Result<deadpool_postgres::Client, DbError> {
        Ok(self.pool.get().await?)
    }
}

async fn migrate(client: &mut deadpool_postgres::Client) -> anyhow::Result<()> {
    let tx = client.transaction().await?;
    // Instances starting together wait here, and find the work done.
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        .await?;
    let current: Option<i64> = tx
        .query_opt("SELECT version FROM schema_version", &[])
        .await?
        .map(|row| row.get(0));
    let current = usize::try_from(current.unwrap_or(0)).context("negative schema version")?;
    anyhow::ensure!(
        current <= MIGRATIONS.len(),
        "the database schema (version {current}) is newer than this server knows ({})",
        MIGRATIONS.len()
    );
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.batch_execute(sql)
            .await
            .with_context(|| format!("applying PostgreSQL migration {}", index + 1))?;
        tracing::info!(version = index + 1, "applied database migration");
    }
    let version = i64::try_from(MIGRATIONS.len())?;
    tx.execute("DELETE FROM schema_version", &[]).await?;
    tx.execute(
        "INSERT INTO schema_version (version) VALUES ($1)",
        &[&version],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A value of ours read back (a timestamp, a generation), as the shared rules parse it.
fn stored<T>(parsed: r2d2_sqlite::rusqlite::Result<T>) -> Result<T, DbError> {
    parsed.map_err(|err| DbError::Stored(err.to_string()))
}
