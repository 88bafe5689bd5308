//! Application keys. The secret is stored only as its digest: it exists in the clear once, in the
//! [`CreatedKey`] that answers the create.

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, Result, Row, TransactionBehavior};
use serde::Serialize;

use crate::{secrets, time};

/// A key as the list shows it.
#[derive(Clone, Serialize)]
pub struct Key {
    pub client_id: String,
    pub description: Option<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    /// From this instant the key and its access tokens are refused; `None`: never.
    pub expires_at: Option<String>,
}

/// A key just created, with its secret.
#[derive(Clone, Serialize)]
pub struct CreatedKey {
    #[serde(flatten)]
    pub key: Key,
    pub secret: String,
}

/// A key to create; the description, request_id and expiry are already validated.
pub struct NewKey {
    pub account_id: String,
    pub description: Option<String>,
    pub request_id: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// What a create did.
pub enum Created {
    New(CreatedKey),
    /// The request_id was used before: its key exists, but its secret is gone.
    Existing {
        client_id: String,
    },
    /// The account already has `max_keys` keys.
    AtLimit,
}

/// The account's keys, exactly newest first: by creation instant (microseconds), then by the
/// order of insertion (SQLite's rowid) for equal instants.
pub fn list(conn: &Connection, account_id: &str) -> Result<Vec<Key>> {
    conn.prepare_cached(
        "SELECT client_id, description, created_at, last_used_at, expires_at FROM application_keys
         WHERE account_id = ?1 ORDER BY created_at DESC, rowid DESC",
    )?
    .query_map([account_id], key_from_row)?
    .collect()
}

fn key_from_row(row: &Row<'_>) -> Result<Key> {
    Ok(Key {
        client_id: row.get(0)?,
        description: row.get(1)?,
        created_at: row.get(2)?,
        last_used_at: row.get(3)?,
        expires_at: row.get(4)?,
    })
}

/// Creates a key unless the request_id was used or the account is at `max_keys`.
pub fn create(
    conn: &mut Connection,
    new: &NewKey,
    max_keys: u32,
    now: DateTime<Utc>,
) -> Result<Created> {
    // IMMEDIATE takes SQLite's write lock first, so count-then-insert is atomic even across processes.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(request_id) = &new.request_id {
        let existing = tx
            .prepare_cached(
                "SELECT client_id FROM application_keys WHERE account_id = ?1 AND request_id = ?2",
            )?
            .query_row((&new.account_id, request_id), |row| row.get(0))
            .optional()?;
        if let Some(client_id) = existing {
            return Ok(Created::Existing { client_id });
        }
    }
    let count: u32 = tx.query_row(
        "SELECT COUNT(*) FROM application_keys WHERE account_id = ?1",
        [&new.account_id],
        |row| row.get(0),
    )?;
    if count >= max_keys {
        return Ok(Created::AtLimit);
    }
    let created = CreatedKey {
        key: Key {
            client_id: uuid::Uuid::new_v4().to_string(),
            description: new.description.clone(),
            created_at: time::rfc3339(now),
            last_used_at: None,
            expires_at: new.expires_at.map(time::rfc3339),
        },
        secret: secrets::new_secret(),
    };
    tx.prepare_cached(
        "INSERT INTO application_keys
         (client_id, account_id, secret_digest, description, request_id, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute((
        &created.key.client_id,
        &new.account_id,
        secrets::digest(&created.secret),
        &created.key.description,
        &new.request_id,
        &created.key.created_at,
        &created.key.expires_at,
    ))?;
    tx.commit()?;
    Ok(Created::New(created))
}

/// Sets (or, with `None`, clears) the description of the account's key; `None` if it has no key
/// with this client_id.
pub fn rename(
    conn: &Connection,
    account_id: &str,
    client_id: &str,
    description: Option<&str>,
) -> Result<Option<Key>> {
    conn.prepare_cached(
        "UPDATE application_keys SET description = ?3 WHERE client_id = ?1 AND account_id = ?2
         RETURNING client_id, description, created_at, last_used_at, expires_at",
    )?
    .query_row((client_id, account_id, description), key_from_row)
    .optional()
}

/// Deletes the account's key; `false` if it has none with this client_id. Its access tokens go with
/// it (ON DELETE CASCADE), so they are refused from this commit on.
pub fn delete(conn: &Connection, account_id: &str, client_id: &str) -> Result<bool> {
    let deleted = conn.execute(
        "DELETE FROM application_keys WHERE client_id = ?1 AND account_id = ?2",
        (client_id, account_id),
    )?;
    Ok(deleted > 0)
}
