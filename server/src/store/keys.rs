//! Application keys. The secret is stored only as its digest: it exists in the clear once, in the
//! [`CreatedKey`] that answers the create, or the [`RotatedKey`] that answers a rotation.

use chrono::{DateTime, TimeDelta, Utc};
use r2d2_sqlite::rusqlite::{
    Connection, OptionalExtension, Result, Row, Transaction, TransactionBehavior,
};
use serde::{Deserialize, Serialize};

use super::{instant, replays};
use crate::replay::Replayable;
use crate::{secrets, time};

/// A key as the list shows it.
#[derive(Clone, Serialize, Deserialize)]
pub struct Key {
    pub client_id: String,
    pub description: Option<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    /// From this instant the key and its access tokens are refused; `None`: never.
    pub expires_at: Option<String>,
    /// When the key last got a new secret; `None`: it still has the one it was created with.
    pub rotated_at: Option<String>,
}

/// A key just created, with its secret.
#[derive(Clone, Serialize, Deserialize)]
pub struct CreatedKey {
    #[serde(flatten)]
    pub key: Key,
    pub secret: String,
}

/// A key just rotated, with its new secret.
#[derive(Clone, Serialize, Deserialize)]
pub struct RotatedKey {
    #[serde(flatten)]
    pub key: Key,
    pub secret: String,
    /// Until when the secret it replaced still works; `None`: it stopped at once.
    pub previous_secret_expires_at: Option<String>,
}

/// A rotation to do; the request_id is already validated.
pub struct Rotation {
    pub account_id: String,
    pub client_id: String,
    /// With a request_id: replayed for its window, and never done twice.
    pub request: Option<Replayable>,
    /// How long the replaced secret, and the access tokens issued from it, keep working.
    pub grace: TimeDelta,
}

/// What a rotation did.
pub enum Rotated {
    New(RotatedKey),
    /// The request_id rotated this key within its window: the same answer.
    Replayed(RotatedKey),
    /// The account has no key with this client_id.
    NoSuchKey,
    /// The key has expired: a new secret would not work either.
    Expired,
    /// The request_id already rotated this key: its new secret is gone.
    Before,
}

/// A key to create; the description, request_id and expiry are already validated.
pub struct NewKey {
    pub account_id: String,
    pub description: Option<String>,
    /// With a request_id: replayed for its window, and never done twice.
    pub request: Option<Replayable>,
    pub expires_at: Option<DateTime<Utc>>,
}

impl NewKey {
    /// The key as it is made at `now`: a fresh Client ID and secret, never used, never rotated.
    /// Both stores make it here, so their keys are alike.
    pub fn made_at(&self, now: DateTime<Utc>) -> CreatedKey {
        CreatedKey {
            key: Key {
                client_id: uuid::Uuid::new_v4().to_string(),
                description: self.description.clone(),
                created_at: time::rfc3339(now),
                last_used_at: None,
                expires_at: self.expires_at.map(time::rfc3339),
                rotated_at: None,
            },
            secret: secrets::new_secret(),
        }
    }
}

/// What a create did.
pub enum Created {
    New(CreatedKey),
    /// The request_id made this key within its window: the same answer.
    Replayed(CreatedKey),
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
        "SELECT client_id, description, created_at, last_used_at, expires_at, rotated_at
         FROM application_keys WHERE account_id = ?1 ORDER BY created_at DESC, rowid DESC",
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
        rotated_at: row.get(5)?,
    })
}

/// Creates a key unless the request_id was used (its answer is replayed within the window) or the
/// account is at `max_keys`.
pub fn create(
    conn: &mut Connection,
    new: &NewKey,
    max_keys: u32,
    now: DateTime<Utc>,
) -> Result<Created> {
    // IMMEDIATE takes SQLite's write lock first, so count-then-insert is atomic even across processes.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(request) = &new.request {
        if let Some(answer) = replays::find(&tx, &new.account_id, request, now)? {
            return Ok(Created::Replayed(answer));
        }
        let existing = tx
            .prepare_cached(
                "SELECT client_id FROM application_keys WHERE account_id = ?1 AND request_id = ?2",
            )?
            .query_row((&new.account_id, &request.request_id), |row| row.get(0))
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
    let created = new.made_at(now);
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
        new.request.as_ref().map(|request| &request.request_id),
        &created.key.created_at,
        &created.key.expires_at,
    ))?;
    if let Some(request) = &new.request {
        let client_id = &created.key.client_id;
        replays::put(&tx, &new.account_id, request, client_id, &created, now)?;
    }
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
         RETURNING client_id, description, created_at, last_used_at, expires_at, rotated_at",
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

/// Deletes those of `client_ids` that are the account's keys, in one transaction, and returns them
/// (in the order given). Their access tokens go with them, as for [`delete`].
pub fn delete_many(
    conn: &mut Connection,
    account_id: &str,
    client_ids: &[String],
) -> Result<Vec<String>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut deleted = Vec::new();
    for client_id in client_ids {
        if delete(&tx, account_id, client_id)? {
            deleted.push(client_id.clone());
        }
    }
    tx.commit()?;
    Ok(deleted)
}

/// Gives the account's key a new secret. The secret it replaces becomes the key's previous secret
/// for `rotation.grace` (none if zero), and any older previous secret ends at once, with its access
/// tokens (see `store::generations`). A request_id that rotated this key before is not done twice.
pub fn rotate(conn: &mut Connection, rotation: &Rotation, now: DateTime<Utc>) -> Result<Rotated> {
    // IMMEDIATE, as for the create: the request_id check, the update and the record of the
    // request_id are one step, and an exchange at /token sees the key before or after it.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: Option<(Vec<u8>, i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT secret_digest, secret_generation, expires_at FROM application_keys
             WHERE client_id = ?1 AND account_id = ?2",
        )?
        .query_row((&rotation.client_id, &rotation.account_id), |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    let Some((digest, generation, expires_at)) = found else {
        return Ok(Rotated::NoSuchKey);
    };
    if let Some(request) = &rotation.request {
        if let Some(answer) = replays::find(&tx, &rotation.account_id, request, now)? {
            return Ok(Rotated::Replayed(answer));
        }
        if rotated_for(&tx, &rotation.client_id, &request.request_id)? {
            return Ok(Rotated::Before);
        }
    }
    let expires_at = expires_at.as_deref().map(instant).transpose()?;
    if expires_at.is_some_and(|end| end <= now) {
        return Ok(Rotated::Expired);
    }
    let previous_until = previous_secret_end(now, rotation.grace, expires_at);
    let secret = secrets::new_secret();
    let key = tx
        .prepare_cached(
            "UPDATE application_keys SET secret_digest = ?3, secret_generation = ?4,
                 previous_secret_digest = ?5, previous_secret_expires_at = ?6, rotated_at = ?7
             WHERE client_id = ?1 AND account_id = ?2
             RETURNING client_id, description, created_at, last_used_at, expires_at, rotated_at",
        )?
        .query_row(
            (
                &rotation.client_id,
                &rotation.account_id,
                secrets::digest(&secret),
                generation + 1,
                previous_until.map(|_| digest),
                previous_until.map(time::rfc3339),
                time::rfc3339(now),
            ),
            key_from_row,
        )?;
    // The tokens of secrets no longer accepted are refused by their generation already; deleted
    // here so that they do not wait for the purge.
    let oldest_accepted = if previous_until.is_some() {
        generation
    } else {
        generation + 1
    };
    tx.execute(
        "DELETE FROM access_tokens WHERE client_id = ?1 AND secret_generation < ?2",
        (&rotation.client_id, oldest_accepted),
    )?;
    // Earlier answers about the key hold a secret that is now the previous one at best.
    replays::forget_key(&tx, &rotation.client_id)?;
    let rotated = RotatedKey {
        key,
        secret,
        previous_secret_expires_at: previous_until.map(time::rfc3339),
    };
    if let Some(request) = &rotation.request {
        tx.execute(
            "INSERT INTO key_rotations (client_id, request_id, rotated_at) VALUES (?1, ?2, ?3)",
            (
                &rotation.client_id,
                &request.request_id,
                &rotated.key.rotated_at,
            ),
        )?;
        let (account_id, client_id) = (&rotation.account_id, &rotation.client_id);
        replays::put(&tx, account_id, request, client_id, &rotated, now)?;
    }
    tx.commit()?;
    Ok(Rotated::New(rotated))
}

/// Whether this request_id rotated the key before.
fn rotated_for(tx: &Transaction<'_>, client_id: &str, request_id: &str) -> Result<bool> {
    tx.prepare_cached("SELECT 1 FROM key_rotations WHERE client_id = ?1 AND request_id = ?2")?
        .query_row((client_id, request_id), |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
}

/// When a secret replaced `now` with a grace period of `grace` stops working: `None` for no grace
/// period, and never after the key's own end (it would be refused then anyway, and the answer
/// should say when it really stops).
pub(super) fn previous_secret_end(
    now: DateTime<Utc>,
    grace: TimeDelta,
    key_expires_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    let end = (grace > TimeDelta::zero()).then(|| now + grace)?;
    Some(key_expires_at.map_or(end, |key_end| end.min(key_end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_secret_ends_after_its_grace_period_or_with_its_key() {
        let now = Utc::now();
        let hour = TimeDelta::hours(1);
        assert_eq!(previous_secret_end(now, TimeDelta::zero(), None), None);
        assert_eq!(
            previous_secret_end(now, TimeDelta::zero(), Some(now + hour)),
            None
        );
        assert_eq!(previous_secret_end(now, hour, None), Some(now + hour));
        assert_eq!(
            previous_secret_end(now, hour, Some(now + hour * 24)),
            Some(now + hour)
        );
        let key_end = now + TimeDelta::minutes(5);
        assert_eq!(previous_secret_end(now, hour, Some(key_end)), Some(key_end));
    }
}
