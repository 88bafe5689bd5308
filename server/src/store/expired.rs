//! Rows that nothing accepts any more: sessions that have ended, access tokens that have
//! expired, and the answers of requests with a request_id whose replay window has passed. Keys that have expired are not among them: they stay listed until their owner deletes
//! them. Their access tokens go with their own expiry, like any others: a token's is never more than
//! a second after its key's (see `tokens::issue`).

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{Connection, Result};

/// How many rows a purge deleted.
pub struct Purged {
    pub sessions: usize,
    pub tokens: usize,
    pub replays: usize,
}

pub fn purge(conn: &Connection, now: DateTime<Utc>) -> Result<Purged> {
    let now = now.timestamp();
    Ok(Purged {
        sessions: conn.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?,
        tokens: conn.execute("DELETE FROM access_tokens WHERE expires_at <= ?1", [now])?,
        replays: purge_replays(conn, now)?,
    })
}

/// The sealed answers past their window: deleted more often than the rest (see `housekeeping`).
pub fn purge_replays(conn: &Connection, now: i64) -> Result<usize> {
    conn.execute("DELETE FROM replays WHERE expires_at <= ?1", [now])
}
