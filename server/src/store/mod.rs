//! Storage: [`Db`] schedules the work (on the blocking pool, one writer at a time) and each
//! resource's module holds its SQL as plain functions over a connection. Nothing here knows HTTP.

mod db;

pub mod accounts;
pub mod expired;
pub mod keys;
pub mod sessions;
pub mod tokens;

pub use db::{Db, DbError};
