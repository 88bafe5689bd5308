//! [`DbError`]: every failure of the storage layer, whichever store ran; `error.rs` turns it into a
//! logged 500, and nothing else looks inside. Each backend converts its driver's errors into it
//! (`sqlite.rs`, `postgres/mod.rs`), so no driver's type is seen outside its backend.

use std::fmt;

/// A driver's error, kept for the log.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug)]
pub enum DbError {
    /// The database failed a statement or a transaction.
    Database(&'static str, Cause),
    /// No connection could be had from the pool in time.
    Pool(&'static str, Cause),
    /// The blocking task that ran SQLite's statements failed.
    Task(tokio::task::JoinError),
    /// A stored value that is not what this server writes (e.g. a timestamp it cannot parse).
    Stored(String),
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Database(database, err) => write!(f, "{database}: {err}"),
            Self::Pool(database, err) => write!(f, "{database} connection pool: {err}"),
            Self::Task(err) => write!(f, "database task: {err}"),
            Self::Stored(err) => write!(f, "stored value: {err}"),
        }
    }
}

impl std::error::Error for DbError {}

/// Declares, in a backend, which of its driver's errors become which [`DbError`]s, so that `?`
/// converts them there: `backend_errors!("SQLite", Database: rusqlite::Error, Pool: r2d2::Error)`.
macro_rules! backend_errors {
    ($backend:literal, $($variant:ident: $error:ty),+ $(,)?) => {$(
        impl From<$error> for $crate::store::error::DbError {
            fn from(err: $error) -> Self {
                Self::$variant($backend, Box::new(err))
            }
        }
    )+};
}
pub(crate) use backend_errors;
