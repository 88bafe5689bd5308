//! Application keys (see `store::keys` for the types and rules). Concurrent creates and rotations,
//! from any instance, are ordered by row locks: a create locks its account's row, so counting the
//! keys and inserting one is atomic and the key limit holds; a rotation locks its key's row.

use deadpool_postgres::{Client, Transaction};
use tokio_postgres::Row;

use super::{replays, stored};
use crate::clock::Clock;
use crate::store::instant;
use crate::store::keys::{
    previous_secret_end, Created, Key, NewKey, Rotated, RotatedKey, Rotation,
};
use crate::store::DbError;
use crate::{secrets, time};

const KEY_COLUMNS: &str =
    "client_id, description, created_at, last_used_at, expires_at, rotated_at";

fn key_from_row(row: &Row) -> Key {
    Key {
        client_id: row.get(0),
        description: row.get(1),
        created_at: row.get(2),
        last_used_at: row.get(3),
        expires_at: row.get(4),
        rotated_at: row.get(5),
    }
}

/// The account's keys, exactly newest first (`seq` breaks ties of equal instants).
pub async fn list(client: &Client, account_id: &str) -> Result<Vec<Key>, DbError> {
    let statement = client
        .prepare_cached(&format!(
            "SELECT {KEY_COLUMNS} FROM application_keys WHERE account_id = $1
             ORDER BY created_at DESC, seq DESC"
        ))
        .await?;
    let rows = client.query(&statement, &[&account_id]).await?;
    Ok(rows.iter().map(key_from_row).collect())
}

/// Creates a key unless the request_id was used (its answer is replayed within the window) or the
/// account is at `max_keys`.
pub async fn create(
    client: &mut Client,
    new: &NewKey,
    max_keys: u32,
    clock: &Clock,
) -> Result<Created, DbError> {
    let tx = client.transaction().await?;
    // The account's row is the lock of its keys: creates on every instance queue here.
    tx.query_opt(
        "SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE",
        &[&new.account_id],
    )
    .await?;
    let now = clock.now();
    if let Some(request) = &new.request {
        if let Some(answer) = replays::find(&tx, &new.account_id, request, now).await? {
            return Ok(Created::Replayed(answer));
        }
        let existing = tx
            .query_opt(
                "SELECT client_id FROM application_keys WHERE account_id = $1 AND request_id = $2",
                &[&new.account_id, &request.request_id],
            )
            .await?;
        if let Some(row) = existing {
            return Ok(Created::Existing {
                client_id: row.get(0),
            });
        }
    }
    let count: i64 = tx
        .query_one(
            "SELECT COUNT(*) FROM application_keys WHERE account_id = $1",
            &[&new.account_id],
        )
        .await?
        .get(0);
    if count >= i64::from(max_keys) {
        return Ok(Created::AtLimit);
    }
    let created = new.made_at(now);
    let request_id = new.request.as_ref().map(|request| &request.request_id);
    tx.execute(
        "INSERT INTO application_keys
         (client_id, account_id, secret_digest, description, request_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &created.key.client_id,
            &new.account_id,
            &secrets::digest(&created.secret),
            &created.key.description,
            &request_id,
            &created.key.created_at,
            &created.key.expires_at,
        ],
    )
    .await?;
    if let Some(request) = &new.request {
        let client_id = &created.key.client_id;
        replays::put(&tx, &new.account_id, request, client_id, &created, now).await?;
    }
    tx.commit().await?;
    Ok(Created::New(created))
}

pub async fn rename(
    client: &Client,
    account_id: &str,
    client_id: &str,
    description: Option<&str>,
) -> Result<Option<Key>, DbError> {
    let row = client
        .query_opt(
            &format!(
                "UPDATE application_keys SET description = $3 WHERE client_id = $1 AND account_id = $2
                 RETURNING {KEY_COLUMNS}"
            ),
            &[&client_id, &account_id, &description],
        )
        .await?;
    Ok(row.as_ref().map(key_from_row))
}

/// Deletes the account's key and, by the cascade, its access tokens and replays: every instance
/// refuses them from this commit on, as each check reads the rows.
pub async fn delete(client: &Client, account_id: &str, client_id: &str) -> Result<bool, DbError> {
    let deleted = client
        .execute(
            "DELETE FROM application_keys WHERE client_id = $1 AND account_id = $2",
            &[&client_id, &account_id],
        )
        .await?;
    Ok(deleted > 0)
}

/// Deletes those of `client_ids` that are the account's keys, in one statement; returns them in
/// the order given.
pub async fn delete_many(
    client: &Client,
    account_id: &str,
    client_ids: &[String],
) -> Result<Vec<String>, DbError> {
    let rows = client
        .query(
            "DELETE FROM application_keys WHERE account_id = $1 AND client_id = ANY($2)
             RETURNING client_id",
            &[&account_id, &client_ids],
        )
        .await?;
    let gone: Vec<String> = rows.iter().map(|row| row.get(0)).collect();
    Ok(client_ids
        .iter()
        .filter(|id| gone.contains(id))
        .cloned()
        .collect())
}

/// Gives the account's key a new secret (the rules are those of `store::keys::rotate`).
pub async fn rotate(
    client: &mut Client,
    rotation: &Rotation,
    clock: &Clock,
) -> Result<Rotated, DbError> {
    let tx = client.transaction().await?;
    // Locked: a concurrent rotation or token exchange of this key, on any instance, waits.
    let found = tx
        .query_opt(
            "SELECT secret_digest, secret_generation, expires_at FROM application_keys
             WHERE client_id = $1 AND account_id = $2 FOR UPDATE",
            &[&rotation.client_id, &rotation.account_id],
        )
        .await?;
    let Some(found) = found else {
        return Ok(Rotated::NoSuchKey);
    };
    let now = clock.now();
    let (digest, generation): (Vec<u8>, i64) = (found.get(0), found.get(1));
    if let Some(request) = &rotation.request {
        if let Some(answer) = replays::find(&tx, &rotation.account_id, request, now).await? {
            return Ok(Rotated::Replayed(answer));
        }
        if rotated_for(&tx, &rotation.client_id, &request.request_id).await? {
            return Ok(Rotated::Before);
        }
    }
    let expires_at = stored(found.get::<_, Option<&str>>(2).map(instant).transpose())?;
    if expires_at.is_some_and(|end| end <= now) {
        return Ok(Rotated::Expired);
    }
    let previous_until = previous_secret_end(now, rotation.grace, expires_at);
    let secret = secrets::new_secret();
    let row = tx
        .query_one(
            &format!(
                "UPDATE application_keys SET secret_digest = $3, secret_generation = $4,
                     previous_secret_digest = $5, previous_secret_expires_at = $6, rotated_at = $7
                 WHERE client_id = $1 AND account_id = $2
                 RETURNING {KEY_COLUMNS}"
            ),
            &[
                &rotation.client_id,
                &rotation.account_id,
                &secrets::digest(&secret),
                &(generation + 1),
                &previous_until.map(|_| digest),
                &previous_until.map(time::rfc3339),
                &time::rfc3339(now),
            ],
        )
        .await?;
    let key = key_from_row(&row);
    let oldest_accepted = if previous_until.is_some() {
        generation
    } else {
        generation + 1
    };
    tx.execute(
        "DELETE FROM access_tokens WHERE client_id = $1 AND secret_generation < $2",
        &[&rotation.client_id, &oldest_accepted],
    )
    .await?;
    replays::forget_key(&tx, &rotation.client_id).await?;
    let rotated = RotatedKey {
        key,
        secret,
        previous_secret_expires_at: previous_until.map(time::rfc3339),
    };
    if let Some(request) = &rotation.request {
        tx.execute(
            "INSERT INTO key_rotations (client_id, request_id, rotated_at) VALUES ($1, $2, $3)",
            &[
                &rotation.client_id,
                &request.request_id,
                &rotated.key.rotated_at,
            ],
        )
        .await?;
        let (account_id, client_id) = (&rotation.account_id, &rotation.client_id);
        replays::put(&tx, account_id, request, client_id, &rotated, now).await?;
    }
    tx.commit().await?;
    Ok(Rotated::New(rotated))
}

async fn rotated_for(
    tx: &Transaction<'_>,
    client_id: &str,
    request_id: &str,
) -> Result<bool, DbError> {
    let found = tx
        .query_opt(
            "SELECT 1 FROM key_rotations WHERE client_id = $1 AND request_id = $2",
            &[&client_id, &request_id],
        )
        .await?;
    Ok(found.is_some())
}
