//! Console sessions, stored by the digest of their token.

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, Result};

use crate::time;

/// Who a live session belongs to.
pub struct SessionOwner {
    pub account_id: String,
    pub username: String,
}

pub fn create(
    conn: &Connection,
    token_digest: &[u8],
    account_id: &str,
    ttl_secs: u32,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sessions (token_digest, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute((
        token_digest,
        account_id,
        time::rfc3339(now),
        now.timestamp() + i64::from(ttl_secs),
    ))?;
    Ok(())
}

/// The owner of the session with this token digest, unless it is unknown or expired.
pub fn owner(
    conn: &Connection,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<SessionOwner>> {
    conn.prepare_cached(
        "SELECT a.id, a.username FROM sessions s JOIN accounts a ON a.id = s.account_id
         WHERE s.token_digest = ?1 AND s.expires_at > ?2",
    )?
    .query_row((token_digest, now.timestamp()), |row| {
        Ok(SessionOwner {
            account_id: row.get(0)?,
            username: row.get(1)?,
        })
    })
    .optional()
}

pub fn delete(conn: &Connection, token_digest: &[u8]) -> Result<()> {
    conn.execute(
        "DELETE FROM sessions WHERE token_digest = ?1",
        [token_digest],
    )?;
    Ok(())
}
