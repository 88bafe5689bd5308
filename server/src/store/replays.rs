//! The sealed answers of requests with a request_id, for their replay window (see `crate::replay`,
//! which seals and opens them; here they are only bytes).

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::replay::{Replayable, REPLAY_WINDOW};

/// The answer to this account's request, if still within its window and sealed for this client.
pub fn find<T: DeserializeOwned>(
    conn: &Connection,
    account_id: &str,
    request: &Replayable,
    now: DateTime<Utc>,
) -> Result<Option<T>> {
    let sealed: Option<Vec<u8>> = conn
        .prepare_cached(
            "SELECT sealed FROM replays
             WHERE account_id = ?1 AND scope = ?2 AND request_id = ?3 AND expires_at > ?4",
        )?
        .query_row(
            (
                account_id,
                &request.scope,
                &request.request_id,
                now.timestamp(),
            ),
            |row| row.get(0),
        )
        .optional()?;
    Ok(sealed.and_then(|sealed| request.open_answer(account_id, &sealed)))
}

/// Keeps the answer about the key `client_id` for the window.
pub fn put(
    conn: &Connection,
    account_id: &str,
    request: &Replayable,
    client_id: &str,
    answer: &impl Serialize,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO replays (account_id, scope, request_id, client_id, sealed, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        account_id,
        &request.scope,
        &request.request_id,
        client_id,
        request.seal_answer(account_id, answer),
        (now + REPLAY_WINDOW).timestamp(),
    ))?;
    Ok(())
}

/// Forgets the answers about a key whose secret they hold no longer works (it was rotated).
pub fn forget_key(conn: &Connection, client_id: &str) -> Result<()> {
    conn.execute("DELETE FROM replays WHERE client_id = ?1", [client_id])?;
    Ok(())
}
