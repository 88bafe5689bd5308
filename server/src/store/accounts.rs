//! Console accounts.

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, Result};

use crate::time;

pub struct Account {
    pub id: String,
    pub username: String,
    /// Argon2id PHC string.
    pub password_hash: String,
}

pub fn find_by_username(conn: &Connection, username: &str) -> Result<Option<Account>> {
    conn.prepare_cached("SELECT id, username, password_hash FROM accounts WHERE username = ?1")?
        .query_row([username], |row| {
            Ok(Account {
                id: row.get(0)?,
                username: row.get(1)?,
                password_hash: row.get(2)?,
            })
        })
        .optional()
}

/// Creates the account, or sets the password of the one with this username, keeping its id (and so
/// its keys).
pub fn upsert(
    conn: &Connection,
    username: &str,
    password_hash: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO accounts (id, username, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash",
        (
            uuid::Uuid::new_v4().to_string(),
            username,
            password_hash,
            time::rfc3339(now),
        ),
    )?;
    Ok(())
}
