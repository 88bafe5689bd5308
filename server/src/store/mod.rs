//! Storage: [`Db`] schedules the work (on the blocking pool, one writer at a time) and each
//! resource's module holds its SQL as plain functions over a connection. Nothing here knows HTTP.

mod db;

pub mod accounts;
pub mod expired;
pub mod generations;
pub mod keys;
pub mod sessions;
pub mod tokens;

pub use db::{Db, DbError};

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::types::Type;
use r2d2_sqlite::rusqlite::{Error, Result};

/// A stored timestamp of ours, which is always RFC 3339.
fn instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| Error::FromSqlConversionFailure(0, Type::Text, Box::new(err)))
}
