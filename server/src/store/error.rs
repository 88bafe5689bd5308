//! [`DbError`]: every failure of the storage layer, whichever store ran; `error.rs` turns it into a
//! logged 500, and nothing else looks inside.

use std::fmt;

use r2d2_sqlite::rusqlite;

#[derive(Debug)]
pub enum DbError {
    Sqlite(rusqlite::Error),
    Pool(r2d2::Error),
    Task(tokio::task::JoinError),
    Postgres(tokio_postgres::Error),
    PostgresPool(deadpool_postgres::PoolError),
    /// A stored value that is not what this server writes (e.g. a timestamp it cannot parse).
    Stored(String),
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(err) => write!(f, "SQLite: {err}"),
            Self::Pool(err) => write!(f, "connection pool: {err}"),
            Self::Task(err) => write!(f, "database task: {err}"),
            Self::Postgres(err) => write!(f, "PostgreSQL: {err}"),
            Self::PostgresPool(err) => write!(f, "PostgreSQL connection pool: {err}"),
            Self::Stored(err) => write!(f, "stored value: {err}"),
        }
    }
}

impl std::error::Error for DbError {}

impl From<rusqlite::Error> for DbError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Sqlite(err)
    }
}

impl From<r2d2::Error> for DbError {
    fn from(err: r2d2::Error) -> Self {
        Self::Pool(err)
    }
}

impl From<tokio_postgres::Error> for DbError {
    fn from(err: tokio_postgres::Error) -> Self {
        Self::Postgres(err)
    }
}

impl From<deadpool_postgres::PoolError> for DbError {
    fn from(err: deadpool_postgres::PoolError) -> Self {
        Self::PostgresPool(err)
    }
}
