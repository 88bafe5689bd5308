//! Application keys. The secret is stored only as its digest: it exists in the clear once, in the
//! [`CreatedKey`] that answers the create, or the [`RotatedKey`] that answers a rotation.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::error::DbError;
use super::events::{self, Cause, EventType};
use super::replays;
use super::sql::{Row, Sql};
use crate::clock::Clock;
use crate::replay::Replayable;
use crate::{secrets, time};

/// A key as the list shows it.
#[derive(Clone, Serialize, Deserialize)]
pub struct Key {
    pub client_id: String,
    pub description: Option<String>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    /// The address of the last successful token exchange.
    pub last_used_ip: Option<String>,
    /// The User-Agent of the last successful token exchange (at most 256 characters).
    pub last_used_user_agent: Option<String>,
    /// From this instant the key and its access tokens are refused; `None`: never.
    pub expires_at: Option<String>,
    /// When the key last got a new secret; `None`: it still has the one it was created with.
    pub rotated_at: Option<String>,
    /// Its secret was reported as found in public and switched off; until the next rotation.
    /// (Defaults: answers kept for replay from before the field existed.)
    #[serde(default)]
    pub exposed: bool,
    #[serde(default)]
    pub exposed_at: Option<String>,
    #[serde(default)]
    pub exposed_url: Option<String>,
    #[serde(default)]
    pub exposed_source: Option<String>,
    /// The networks it may be used from, as normalised CIDR ranges; empty: from anywhere.
    #[serde(default)]
    pub allowed_networks: Vec<String>,
    /// The scopes it may be used for, sorted (a write implies its read; see `appkeys_rules::scopes`).
    #[serde(default)]
    pub scopes: Vec<String>,
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
    /// Who asks, for the activity log.
    pub cause: Cause,
    /// The new secret, in the server's form (`secret_format`); only its digest is stored.
    pub secret: String,
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
    /// Who asks, for the activity log.
    pub cause: Cause,
    /// Its secret, in the server's form (`secret_format`); only its digest is stored.
    pub secret: String,
    /// Normalised CIDR ranges (`appkeys_rules::networks`); empty: from anywhere.
    pub allowed_networks: Vec<String>,
    /// Normalised scopes (`appkeys_rules::scopes`), at least one.
    pub scopes: Vec<String>,
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
                last_used_ip: None,
                last_used_user_agent: None,
                expires_at: self.expires_at.map(time::rfc3339),
                rotated_at: None,
                exposed: false,
                exposed_at: None,
                exposed_url: None,
                exposed_source: None,
                allowed_networks: self.allowed_networks.clone(),
                scopes: self.scopes.clone(),
            },
            secret: self.secret.clone(),
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

const KEY_COLUMNS: &str =
    "client_id, description, created_at, last_used_at, expires_at, rotated_at,
     last_used_ip, last_used_user_agent, exposed_at, exposed_url, exposed_source, allowed_networks,
     scopes";

fn key_from_row(row: Row<'_>) -> Result<Key, DbError> {
    Ok(Key {
        client_id: row.get(0)?,
        description: row.get(1)?,
        created_at: row.get(2)?,
        last_used_at: row.get(3)?,
        expires_at: row.get(4)?,
        rotated_at: row.get(5)?,
        last_used_ip: row.get(6)?,
        last_used_user_agent: row.get(7)?,
        exposed: row.get::<Option<String>>(8)?.is_some(),
        exposed_at: row.get(8)?,
        exposed_url: row.get(9)?,
        exposed_source: row.get(10)?,
        allowed_networks: list_from_column(row.get::<Option<String>>(11)?.as_deref()),
        scopes: list_from_column(row.get::<Option<String>>(12)?.as_deref()),
    })
}

/// A column that holds a list of strings (`allowed_networks`, `scopes`), as [`list_column`]
/// writes it: a JSON array. NULL (a key's scopes before the server filled them in) is empty.
pub(super) fn list_from_column(column: Option<&str>) -> Vec<String> {
    column
        .and_then(|column| serde_json::from_str(column).ok())
        .unwrap_or_default()
}

fn list_column(list: &[String]) -> String {
    serde_json::to_string(list).expect("strings serialise")
}

/// The account's keys, exactly newest first: by creation instant (microseconds), then by the
/// order of insertion for equal instants.
pub async fn list<S: Sql>(sql: &S, account_id: &str) -> Result<Vec<Key>, DbError> {
    let list = format!(
        "SELECT {KEY_COLUMNS} FROM application_keys WHERE account_id = $1
         ORDER BY created_at DESC, {} DESC",
        S::INSERTION_ORDER
    );
    sql.query(&list, &[account_id.into()], key_from_row).await
}

/// Creates a key unless the request_id was used (its answer is replayed within the window) or the
/// account is at `max_keys`. "Now" is read once the account's keys are locked, so creation
/// instants follow the order of insertion.
pub async fn create(
    sql: &impl Sql,
    new: &NewKey,
    max_keys: u32,
    clock: &Clock,
) -> Result<Created, DbError> {
    let account_id = new.account_id.as_str();
    // The account's row is the lock of its keys: creates on every instance queue here, so
    // counting the keys and inserting one is atomic and the limit holds.
    let lock = "SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE";
    sql.exists(lock, &[account_id.into()]).await?;
    let now = clock.now();
    if let Some(request) = &new.request {
        if let Some(earlier) = created_before(sql, account_id, request, now).await? {
            return Ok(earlier);
        }
    }
    let count = "SELECT COUNT(*) FROM application_keys WHERE account_id = $1";
    let count: i64 = sql
        .query_one(count, &[account_id.into()], |row| row.get(0))
        .await?;
    if count >= i64::from(max_keys) {
        return Ok(Created::AtLimit);
    }
    let created = new.made_at(now);
    let request_id = new
        .request
        .as_ref()
        .map(|request| request.request_id.as_str());
    sql.execute(
        "INSERT INTO application_keys
         (client_id, account_id, secret_digest, description, request_id, created_at, expires_at,
          allowed_networks, scopes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            (&created.key.client_id).into(),
            account_id.into(),
            secrets::digest(&created.secret).as_slice().into(),
            (&created.key.description).into(),
            request_id.into(),
            (&created.key.created_at).into(),
            (&created.key.expires_at).into(),
            list_column(&created.key.allowed_networks).as_str().into(),
            list_column(&created.key.scopes).as_str().into(),
        ],
    )
    .await?;
    if let Some(request) = &new.request {
        let client_id = &created.key.client_id;
        replays::put(sql, account_id, request, client_id, &created, now).await?;
    }
    let details = json!({
        "description": created.key.description,
        "expires_at": created.key.expires_at,
        "allowed_networks": created.key.allowed_networks,
        "scopes": created.key.scopes,
    });
    let client_id = Some(created.key.client_id.as_str());
    events::record(
        sql,
        account_id,
        client_id,
        EventType::Created,
        &new.cause,
        details,
        now,
    )
    .await?;
    Ok(Created::New(created))
}

/// What a create with this request_id did before: its answer, within the window and for this
/// client, or else the key it made (whose secret is gone).
async fn created_before(
    sql: &impl Sql,
    account_id: &str,
    request: &Replayable,
    now: DateTime<Utc>,
) -> Result<Option<Created>, DbError> {
    if let Some(answer) = replays::find(sql, account_id, request, now).await? {
        return Ok(Some(Created::Replayed(answer)));
    }
    let existing = sql
        .query_opt(
            "SELECT client_id FROM application_keys WHERE account_id = $1 AND request_id = $2",
            &[account_id.into(), (&request.request_id).into()],
            |row| row.get(0),
        )
        .await?;
    Ok(existing.map(|client_id| Created::Existing { client_id }))
}

/// Gives every key from before scopes (its column NULL) the scopes `all`: they could do
/// everything. Idempotent, so every instance may run it at start.
pub async fn fill_scopes(sql: &impl Sql, all: &[String]) -> Result<(), DbError> {
    sql.execute(
        "UPDATE application_keys SET scopes = $1 WHERE scopes IS NULL",
        &[list_column(all).as_str().into()],
    )
    .await?;
    Ok(())
}

/// What a PATCH changes; `None`: left as it is. Already validated and normalised.
#[derive(Default)]
pub struct KeyChanges {
    /// The new description; `Some(None)` clears it.
    pub description: Option<Option<String>>,
    pub allowed_networks: Option<Vec<String>>,
    pub scopes: Option<Vec<String>>,
}

/// Applies `changes` to the account's key; `None` if it has no key with this client_id. Each field
/// that really changes is logged with what it was and what it became (`key.renamed`,
/// `key.networks_changed`); setting what is already there changes nothing and logs nothing. A
/// narrower list holds at once: tokens are checked against the key's list on every use.
pub async fn update(
    sql: &impl Sql,
    account_id: &str,
    client_id: &str,
    changes: &KeyChanges,
    cause: &Cause,
    now: DateTime<Utc>,
) -> Result<Option<Key>, DbError> {
    let before = sql
        .query_opt(
            &format!(
                "SELECT {KEY_COLUMNS} FROM application_keys
                 WHERE client_id = $1 AND account_id = $2 FOR UPDATE"
            ),
            &[client_id.into(), account_id.into()],
            key_from_row,
        )
        .await?;
    let Some(before) = before else {
        return Ok(None);
    };
    let description = changes.description.as_ref().unwrap_or(&before.description);
    let networks = changes
        .allowed_networks
        .as_ref()
        .unwrap_or(&before.allowed_networks);
    let scopes = changes.scopes.as_ref().unwrap_or(&before.scopes);
    let key = sql
        .query_one(
            &format!(
                "UPDATE application_keys SET description = $3, allowed_networks = $4, scopes = $5
                 WHERE client_id = $1 AND account_id = $2 RETURNING {KEY_COLUMNS}"
            ),
            &[
                client_id.into(),
                account_id.into(),
                description.into(),
                list_column(networks).as_str().into(),
                list_column(scopes).as_str().into(),
            ],
            key_from_row,
        )
        .await?;
    let log = async |kind, details| {
        events::record(sql, account_id, Some(client_id), kind, cause, details, now).await
    };
    if &before.description != description {
        let details = json!({ "from": before.description, "to": description });
        log(EventType::Renamed, details).await?;
    }
    if &before.allowed_networks != networks {
        let details = json!({ "from": before.allowed_networks, "to": networks });
        log(EventType::NetworksChanged, details).await?;
    }
    if &before.scopes != scopes {
        let details = json!({ "from": before.scopes, "to": scopes });
        log(EventType::ScopesChanged, details).await?;
    }
    Ok(Some(key))
}

/// Deletes the account's key, logging it with its description; `false` if it has no key with
/// this client_id. Its access tokens and replays go with it (ON DELETE CASCADE), so every instance
/// refuses them from this commit on.
pub async fn delete(
    sql: &impl Sql,
    account_id: &str,
    client_id: &str,
    cause: &Cause,
    now: DateTime<Utc>,
) -> Result<bool, DbError> {
    let deleted: Option<Option<String>> = sql
        .query_opt(
            "DELETE FROM application_keys WHERE client_id = $1 AND account_id = $2
             RETURNING description",
            &[client_id.into(), account_id.into()],
            |row| row.get(0),
        )
        .await?;
    let Some(description) = deleted else {
        return Ok(false);
    };
    let details = json!({ "description": description });
    let kind = EventType::Deleted;
    events::record(sql, account_id, Some(client_id), kind, cause, details, now).await?;
    Ok(true)
}

/// Deletes those of `client_ids` that are the account's keys (in the caller's one transaction,
/// one event each) and returns them, in the order given. Their access tokens go with them, as for
/// [`delete`].
pub async fn delete_many(
    sql: &impl Sql,
    account_id: &str,
    client_ids: &[String],
    cause: &Cause,
    now: DateTime<Utc>,
) -> Result<Vec<String>, DbError> {
    let mut deleted = Vec::new();
    for client_id in client_ids {
        if delete(sql, account_id, client_id, cause, now).await? {
            deleted.push(client_id.clone());
        }
    }
    Ok(deleted)
}

/// What a rotation reads of the key, with its row locked: a concurrent rotation or token exchange
/// of this key, on any instance, waits.
struct Rotating {
    digest: Vec<u8>,
    generation: i64,
    expires_at: Option<DateTime<Utc>>,
}

/// Gives the account's key a new secret. The secret it replaces becomes the key's previous secret
/// for `rotation.grace` (none if zero), and any older previous secret ends at once, with its access
/// tokens (see `store::generations`). A request_id that rotated this key before is not done twice.
pub async fn rotate(
    sql: &impl Sql,
    rotation: &Rotation,
    clock: &Clock,
) -> Result<Rotated, DbError> {
    let found = sql
        .query_opt(
            "SELECT secret_digest, secret_generation, expires_at FROM application_keys
             WHERE client_id = $1 AND account_id = $2 FOR UPDATE",
            &[(&rotation.client_id).into(), (&rotation.account_id).into()],
            |row| {
                Ok(Rotating {
                    digest: row.get(0)?,
                    generation: row.get(1)?,
                    expires_at: row.get(2)?,
                })
            },
        )
        .await?;
    let Some(key) = found else {
        return Ok(Rotated::NoSuchKey);
    };
    let now = clock.now();
    if let Some(request) = &rotation.request {
        if let Some(answer) = replays::find(sql, &rotation.account_id, request, now).await? {
            return Ok(Rotated::Replayed(answer));
        }
        if rotated_for(sql, &rotation.client_id, &request.request_id).await? {
            return Ok(Rotated::Before);
        }
    }
    if has_expired(key.expires_at, now) {
        return Ok(Rotated::Expired);
    }
    let rotated = new_secret(sql, rotation, key, now).await?;
    let details = json!({ "previous_secret_expires_in": rotation.grace.num_seconds() });
    let (account_id, client_id) = (&rotation.account_id, Some(rotation.client_id.as_str()));
    let kind = EventType::Rotated;
    events::record(
        sql,
        account_id,
        client_id,
        kind,
        &rotation.cause,
        details,
        now,
    )
    .await?;
    if let Some(request) = &rotation.request {
        let (account_id, client_id) = (&rotation.account_id, &rotation.client_id);
        sql.execute(
            "INSERT INTO key_rotations (client_id, request_id, rotated_at) VALUES ($1, $2, $3)",
            &[
                client_id.into(),
                (&request.request_id).into(),
                (&rotated.key.rotated_at).into(),
            ],
        )
        .await?;
        replays::put(sql, account_id, request, client_id, &rotated, now).await?;
    }
    Ok(Rotated::New(rotated))
}

/// The write of a rotation: the new secret, the previous one for its grace period, and the tokens
/// and replays of secrets no longer accepted gone.
async fn new_secret(
    sql: &impl Sql,
    rotation: &Rotation,
    key: Rotating,
    now: DateTime<Utc>,
) -> Result<RotatedKey, DbError> {
    let previous_until = previous_secret_end(now, rotation.grace, key.expires_at);
    let secret = rotation.secret.clone();
    let previous_digest = previous_until.map(|_| key.digest.as_slice());
    let previous_until_text = previous_until.map(time::rfc3339);
    let key_now = sql
        .query_one(
            &format!(
                "UPDATE application_keys SET secret_digest = $3, secret_generation = $4,
                     previous_secret_digest = $5, previous_secret_expires_at = $6, rotated_at = $7,
                     exposed_at = NULL, exposed_url = NULL, exposed_source = NULL
                 WHERE client_id = $1 AND account_id = $2
                 RETURNING {KEY_COLUMNS}"
            ),
            &[
                (&rotation.client_id).into(),
                (&rotation.account_id).into(),
                secrets::digest(&secret).as_slice().into(),
                (key.generation + 1).into(),
                previous_digest.into(),
                (&previous_until_text).into(),
                time::rfc3339(now).as_str().into(),
            ],
            key_from_row,
        )
        .await?;
    // The tokens of secrets no longer accepted are refused by their generation already; deleted
    // here so that they do not wait for the purge.
    let oldest = oldest_accepted(key.generation, previous_until.is_some());
    sql.execute(
        "DELETE FROM access_tokens WHERE client_id = $1 AND secret_generation < $2",
        &[(&rotation.client_id).into(), oldest.into()],
    )
    .await?;
    // Earlier answers about the key hold a secret that is now the previous one at best.
    replays::forget_key(sql, &rotation.client_id).await?;
    Ok(RotatedKey {
        key: key_now,
        secret,
        previous_secret_expires_at: previous_until_text,
    })
}

/// Whether this request_id rotated the key before.
async fn rotated_for(sql: &impl Sql, client_id: &str, request_id: &str) -> Result<bool, DbError> {
    sql.exists(
        "SELECT 1 FROM key_rotations WHERE client_id = $1 AND request_id = $2",
        &[client_id.into(), request_id.into()],
    )
    .await
}

/// Whether a key that ends at `expires_at` (`None`: never) is refused at `now`: from its end on,
/// the key gets no token, no rotation, and its access tokens are refused.
pub fn has_expired(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    expires_at.is_some_and(|end| end <= now)
}

/// The oldest secret generation a key accepts right after a rotation to `generation + 1`: the one
/// replaced while it has a grace period, else only the new one.
fn oldest_accepted(replaced: i64, with_grace: bool) -> i64 {
    if with_grace {
        replaced
    } else {
        replaced + 1
    }
}

/// When a secret replaced `now` with a grace period of `grace` stops working: `None` for no grace
/// period, and never after the key's own end (it would be refused then anyway, and the answer
/// should say when it really stops).
fn previous_secret_end(
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

    #[test]
    fn a_key_is_refused_from_its_end_on_and_never_without_one() {
        let now = Utc::now();
        let moment = TimeDelta::microseconds(1);
        assert!(!has_expired(None, now));
        assert!(!has_expired(Some(now + moment), now));
        assert!(has_expired(Some(now), now));
        assert!(has_expired(Some(now - moment), now));
    }

    #[test]
    fn a_rotation_keeps_the_replaced_generation_only_with_a_grace_period() {
        assert_eq!(oldest_accepted(4, true), 4);
        assert_eq!(oldest_accepted(4, false), 5);
    }
}
