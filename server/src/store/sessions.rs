//! Console sessions, stored by the digest of their token.

use chrono::{DateTime, Utc};

use super::error::DbError;
use super::sql::Sql;
use crate::time;

/// Who a live session belongs to.
pub struct SessionOwner {
    pub account_id: String,
    pub username: String,
}

pub async fn create(
    sql: &impl Sql,
    token_digest: &[u8],
    account_id: &str,
    ttl_secs: u32,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    sql.execute(
        "INSERT INTO sessions (token_digest, account_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
        &[
            token_digest.into(),
            account_id.into(),
            time::rfc3339(now).as_str().into(),
            (now.timestamp() + i64::from(ttl_secs)).into(),
        ],
    )
    .await?;
    Ok(())
}

/// The owner of the session with this token digest, unless it is unknown or expired.
pub async fn owner(
    sql: &impl Sql,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<SessionOwner>, DbError> {
    sql.query_opt(
        "SELECT a.id, a.username FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_digest = $1 AND s.expires_at > $2",
        &[token_digest.into(), now.timestamp().into()],
        |row| {
            Ok(SessionOwner {
                account_id: row.get(0)?,
                username: row.get(1)?,
            })
        },
    )
    .await
}

pub async fn delete(sql: &impl Sql, token_digest: &[u8]) -> Result<(), DbError> {
    let delete = "DELETE FROM sessions WHERE token_digest = $1";
    sql.execute(delete, &[token_digest.into()]).await?;
    Ok(())
}
