//! Access tokens from `/token`, stored by digest in their own table (never a console session).

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, Result, TransactionBehavior};
use serde::Serialize;

use crate::{secrets, time};

/// The account and key an access token was issued for.
#[derive(Serialize)]
pub struct TokenOwner {
    pub account_id: String,
    pub username: String,
    pub client_id: String,
}

/// Whether `secret` is the key's secret; `None` when there is no such key. A read: it runs beside
/// other reads, so a flood of wrong secrets never waits for (or holds up) the writes.
pub fn secret_matches(conn: &Connection, client_id: &str, secret: &str) -> Result<Option<bool>> {
    let stored: Option<Vec<u8>> = conn
        .prepare_cached("SELECT secret_digest FROM application_keys WHERE client_id = ?1")?
        .query_row([client_id], |row| row.get(0))
        .optional()?;
    Ok(stored.map(|digest| secrets::digest_matches(&digest, secret)))
}

/// Stores an access token for the key (its secret already checked), drops the key's expired
/// tokens and sets its last_used_at. `false` when the key was deleted meanwhile.
pub fn issue(
    conn: &mut Connection,
    client_id: &str,
    token_digest: &[u8],
    ttl_secs: u32,
    now: DateTime<Utc>,
) -> Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // A concurrent delete may have won the race since the read: the key is then refused like any
    // deleted key (without this check the insert would fail on the foreign key).
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM application_keys WHERE client_id = ?1)",
        [client_id],
        |row| row.get(0),
    )?;
    if !exists {
        return Ok(false);
    }
    tx.execute(
        "DELETE FROM access_tokens WHERE client_id = ?1 AND expires_at <= ?2",
        (client_id, now.timestamp()),
    )?;
    tx.execute(
        "INSERT INTO access_tokens (token_digest, client_id, expires_at) VALUES (?1, ?2, ?3)",
        (
            token_digest,
            client_id,
            now.timestamp() + i64::from(ttl_secs),
        ),
    )?;
    tx.execute(
        "UPDATE application_keys SET last_used_at = ?1 WHERE client_id = ?2",
        (time::rfc3339(now), client_id),
    )?;
    tx.commit()?;
    Ok(true)
}

/// The owner of an access token, unless it is unknown, expired or revoked.
pub fn owner(
    conn: &Connection,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<TokenOwner>> {
    conn.prepare_cached(
        "SELECT a.id, a.username, k.client_id FROM access_tokens t
         JOIN application_keys k ON k.client_id = t.client_id
         JOIN accounts a ON a.id = k.account_id
         WHERE t.token_digest = ?1 AND t.expires_at > ?2",
    )?
    .query_row((token_digest, now.timestamp()), |row| {
        Ok(TokenOwner {
            account_id: row.get(0)?,
            username: row.get(1)?,
            client_id: row.get(2)?,
        })
    })
    .optional()
}
