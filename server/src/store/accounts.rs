//! Console accounts.

use chrono::{DateTime, Utc};

use super::error::DbError;
use super::sql::Sql;
use crate::time;

pub struct Account {
    pub id: String,
    pub username: String,
    /// Argon2id PHC string.
    pub password_hash: String,
}

pub async fn find_by_username(sql: &impl Sql, username: &str) -> Result<Option<Account>, DbError> {
    sql.query_opt(
        "SELECT id, username, password_hash FROM accounts WHERE username = $1",
        &[username.into()],
        |row| {
            Ok(Account {
                id: row.get(0)?,
                username: row.get(1)?,
                password_hash: row.get(2)?,
            })
        },
    )
    .await
}

/// Creates the account, or sets the password of the one with this username, keeping its id (and so
/// its keys).
pub async fn upsert(
    sql: &impl Sql,
    username: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    sql.execute(
        "INSERT INTO accounts (id, username, password_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
        &[
            uuid::Uuid::new_v4().to_string().as_str().into(),
            username.into(),
            password_hash.into(),
            time::rfc3339(now).as_str().into(),
        ],
    )
    .await?;
    Ok(())
}
