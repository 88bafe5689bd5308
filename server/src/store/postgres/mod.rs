//! The PostgreSQL backend, for several server instances on one database: tokio-postgres through a
//! deadpool pool, its migrations, and [`Sql`] for it. Everything that must hold across instances
//! is decided in the database: the key limit and the rotations by row locks (the operations'
//! `FOR UPDATE`), the request_id replays, the /token limits (`limits.rs`, the one part that only
//! this backend has), and revocation (every check reads the rows).

pub mod limits;

use anyhow::Context;
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::NoTls;

use super::error::DbError;
use super::sql::{Arg, Columns, Read, Row, Rows, Sql};

/// Migrations in order; entry N brings `schema_version` to N + 1.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/postgres/0001_init.sql"),
    include_str!("../../../migrations/postgres/0002_last_used_from.sql"),
    include_str!("../../../migrations/postgres/0003_tokens_by_client_and_expiry.sql"),
    include_str!("../../../migrations/postgres/0004_events.sql"),
    include_str!("../../../migrations/postgres/0005_usage.sql"),
    include_str!("../../../migrations/postgres/0006_exposed_secrets.sql"),
    include_str!("../../../migrations/postgres/0007_allowed_networks.sql"),
    include_str!("../../../migrations/postgres/0008_scopes.sql"),
    include_str!("../../../migrations/postgres/0009_webhooks.sql"),
    include_str!("../../../migrations/postgres/0010_webhook_outbox_cap.sql"),
];

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

/// Runs `$body`, an operation on `$sql`, in one transaction on a pooled connection; an error (or
/// an early `?`) drops the transaction, which rolls it back. A macro, not a function taking a
/// closure, because the operation's future borrows the transaction it is given.
macro_rules! postgres_transaction {
    ($pg:expr, |$sql:ident| $body:expr) => {{
        let mut client = $pg.get().await?;
        let tx = client.transaction().await?;
        let done = {
            let $sql = &$crate::store::postgres::Pg(&tx);
            $body.await?
        };
        tx.commit().await?;
        Ok(done)
    }};
}
pub(crate) use postgres_transaction;

/// A PostgreSQL client, or a transaction on one, as the operations see it. Every statement is
/// prepared once per connection and cached.
pub struct Pg<'a, C: GenericClient>(pub &'a C);

impl<C: GenericClient> Sql for Pg<'_, C> {
    const INSERTION_ORDER: &'static str = "seq";

    async fn query<T>(&self, sql: &str, args: &[Arg<'_>], mut read: impl Read<T>) -> Rows<T> {
        let statement = self.0.prepare_cached(sql).await?;
        let rows = self.0.query(&statement, &bind(args)).await?;
        rows.iter().map(|row| read(Row(row))).collect()
    }

    async fn execute(&self, sql: &str, args: &[Arg<'_>]) -> Result<u64, DbError> {
        let statement = self.0.prepare_cached(sql).await?;
        Ok(self.0.execute(&statement, &bind(args)).await?)
    }
}

impl Columns for tokio_postgres::Row {
    /// BIGINT, as the schema's integers and COUNT are; INTEGER for a literal such as `SELECT 1`.
    fn int(&self, index: usize) -> Result<Option<i64>, DbError> {
        if self.columns()[index].type_() == &Type::INT4 {
            return Ok(self.try_get::<_, Option<i32>>(index)?.map(i64::from));
        }
        Ok(self.try_get(index)?)
    }

    fn text(&self, index: usize) -> Result<Option<String>, DbError> {
        Ok(self.try_get(index)?)
    }

    fn bytes(&self, index: usize) -> Result<Option<Vec<u8>>, DbError> {
        Ok(self.try_get(index)?)
    }
}

fn bind<'a>(args: &'a [Arg<'_>]) -> Vec<&'a (dyn ToSql + Sync)> {
    args.iter()
        .map(|arg| -> &(dyn ToSql + Sync) {
            match arg {
                Arg::Int(int) => int,
                Arg::Text(text) => text,
                Arg::Bytes(bytes) => bytes,
            }
        })
        .collect()
}

super::error::backend_errors!(
    "PostgreSQL",
    Database: tokio_postgres::Error,
    Pool: deadpool_postgres::PoolError,
);
