//! Access tokens from `/token`, stored by digest in their own table (never a console session). An
//! access token works until its own end, its key's, or its secret's (a rotation ends the secret it
//! replaces, at once or after a grace period), whichever comes first.

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::{Connection, OptionalExtension, Result, TransactionBehavior};
use serde::Serialize;

use super::generations::{Generations, Standing};
use super::instant;
use crate::{secrets, time};

/// The account and key an access token was issued for.
#[derive(Serialize)]
pub struct TokenOwner {
    pub account_id: String,
    pub username: String,
    pub client_id: String,
}

/// What a key says to a secret presented at `/token`.
#[derive(Debug, PartialEq, Eq)]
pub enum SecretCheck {
    NoSuchKey,
    Wrong,
    /// The right secret, of a key that has expired.
    Expired,
    /// The key's current secret, or its previous one within the grace period: this generation.
    Right {
        generation: i64,
    },
}

/// What an exchange did.
pub enum Issued {
    /// Stored; the token lives this many seconds.
    Token { expires_in: u32 },
    /// The key was deleted since its secret was checked.
    KeyGone,
    /// The key expired since its secret was checked.
    KeyExpired,
    /// The secret was rotated away since it was checked (or its grace period ended meanwhile).
    SecretRetired,
}

/// Checks `secret` against the key's current secret and, within its grace period, its previous
/// one. A read: it runs beside other reads, so a flood of wrong secrets never waits for (or holds
/// up) the writes.
pub fn check_secret(
    conn: &Connection,
    client_id: &str,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<SecretCheck> {
    let stored = conn
        .prepare_cached(
            "SELECT secret_digest, previous_secret_digest, secret_generation,
                 previous_secret_expires_at, expires_at IS NOT NULL AND expires_at <= ?2
             FROM application_keys WHERE client_id = ?1",
        )?
        .query_row((client_id, time::rfc3339(now)), |row| {
            Ok(StoredSecrets {
                current: row.get(0)?,
                previous: row.get(1)?,
                generations: Generations::stored(
                    row.get(2)?,
                    row.get::<_, Option<String>>(3)?.as_deref(),
                )?,
                expired: row.get(4)?,
            })
        })
        .optional()?;
    Ok(stored.map_or(SecretCheck::NoSuchKey, |stored| stored.check(secret, now)))
}

/// A key's secret digests, as `/token` checks them.
pub(super) struct StoredSecrets {
    pub current: Vec<u8>,
    pub previous: Option<Vec<u8>>,
    pub generations: Generations,
    pub expired: bool,
}

impl StoredSecrets {
    /// What the key says to `secret` at `now`.
    pub fn check(&self, secret: &str, now: DateTime<Utc>) -> SecretCheck {
        // The secret first: only its holder learns that the key has expired.
        match (self.generation_of(secret, now), self.expired) {
            (None, _) => SecretCheck::Wrong,
            (Some(_), true) => SecretCheck::Expired,
            (Some(generation), false) => SecretCheck::Right { generation },
        }
    }

    /// The generation of `secret` if it is accepted at `now`.
    fn generation_of(&self, secret: &str, now: DateTime<Utc>) -> Option<i64> {
        if secrets::digest_matches(&self.current, secret) {
            return Some(self.generations.current);
        }
        let previous = self.generations.previous_accepted(now)?;
        let digest = self.previous.as_deref()?;
        secrets::digest_matches(digest, secret).then_some(previous)
    }
}

/// Stores an access token for the key (its secret, of `generation`, already checked), drops the
/// key's expired tokens and sets its last_used_at. The token lives `ttl_secs`, or less if the key
/// expires sooner, or the secret's grace period ends sooner.
pub fn issue(
    conn: &mut Connection,
    client_id: &str,
    generation: i64,
    token_digest: &[u8],
    ttl_secs: u32,
    now: DateTime<Utc>,
) -> Result<Issued> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // A concurrent delete may have won the race since the read: the key is then refused like any
    // deleted key (without this check the insert would fail on the foreign key). The clock may
    // also have passed the key's end meanwhile, and a rotation may have committed since: the
    // secret's generation is checked again here, in the write, where no rotation can come between.
    let key: Option<(Option<String>, i64, Option<String>)> = tx
        .query_row(
            "SELECT expires_at, secret_generation, previous_secret_expires_at
             FROM application_keys WHERE client_id = ?1",
            [client_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let Some((key_expires_at, current, previous_until)) = key else {
        return Ok(Issued::KeyGone);
    };
    let key_expires_at = key_expires_at.as_deref().map(instant).transpose()?;
    if key_expires_at.is_some_and(|end| end <= now) {
        return Ok(Issued::KeyExpired);
    }
    let secret_ends_at =
        match Generations::stored(current, previous_until.as_deref())?.standing(generation, now) {
            Standing::Current => None,
            Standing::Previous { until } => Some(until),
            Standing::Retired => return Ok(Issued::SecretRetired),
        };
    let ends_at = key_expires_at.into_iter().chain(secret_ends_at).min();
    let expires_in = lifetime(ttl_secs, now, ends_at);
    tx.execute(
        "DELETE FROM access_tokens WHERE client_id = ?1 AND expires_at <= ?2",
        (client_id, now.timestamp()),
    )?;
    tx.execute(
        "INSERT INTO access_tokens (token_digest, client_id, expires_at, secret_generation)
         VALUES (?1, ?2, ?3, ?4)",
        (
            token_digest,
            client_id,
            now.timestamp() + i64::from(expires_in),
            generation,
        ),
    )?;
    tx.execute(
        "UPDATE application_keys SET last_used_at = ?1 WHERE client_id = ?2",
        (time::rfc3339(now), client_id),
    )?;
    tx.commit()?;
    Ok(Issued::Token { expires_in })
}

/// Seconds a token issued `now` lives: `ttl_secs`, or what is left of the key (or of its secret's
/// grace period), rounded down (a client that renews when `expires_in` runs out must never hold a
/// token its key has outlived), but at least 1, as RFC 6749 clients expect a positive lifetime. The
/// key's and the secret's own checks at `/whoami` still end that last second's token on time.
pub(super) fn lifetime(ttl_secs: u32, now: DateTime<Utc>, ends_at: Option<DateTime<Utc>>) -> u32 {
    let Some(end) = ends_at else {
        return ttl_secs;
    };
    let left = u32::try_from((end - now).num_seconds()).unwrap_or(u32::MAX);
    left.clamp(1, ttl_secs.max(1))
}

/// The owner of an access token, unless it is unknown, expired or revoked, or its key has expired,
/// or its secret no longer works.
pub fn owner(
    conn: &Connection,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<TokenOwner>> {
    let found = conn
        .prepare_cached(
            "SELECT a.id, a.username, k.client_id,
                 t.secret_generation, k.secret_generation, k.previous_secret_expires_at
             FROM access_tokens t
             JOIN application_keys k ON k.client_id = t.client_id
             JOIN accounts a ON a.id = k.account_id
             WHERE t.token_digest = ?1 AND t.expires_at > ?2
               AND (k.expires_at IS NULL OR k.expires_at > ?3)",
        )?
        .query_row((token_digest, now.timestamp(), time::rfc3339(now)), |row| {
            let owner = TokenOwner {
                account_id: row.get(0)?,
                username: row.get(1)?,
                client_id: row.get(2)?,
            };
            let generations =
                Generations::stored(row.get(4)?, row.get::<_, Option<String>>(5)?.as_deref())?;
            Ok((owner, generations.standing(row.get(3)?, now)))
        })
        .optional()?;
    Ok(found.and_then(|(owner, standing)| (standing != Standing::Retired).then_some(owner)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn a_token_never_outlives_its_key_by_more_than_the_last_second() {
        let now = Utc::now();
        let key_ends_in = |d: TimeDelta| lifetime(3600, now, Some(now + d));
        assert_eq!(lifetime(3600, now, None), 3600);
        assert_eq!(key_ends_in(TimeDelta::days(30)), 3600);
        assert_eq!(key_ends_in(TimeDelta::seconds(3600)), 3600);
        assert_eq!(key_ends_in(TimeDelta::milliseconds(600_900)), 600);
        assert_eq!(key_ends_in(TimeDelta::milliseconds(300)), 1);
    }

    /// The interleaving a race can only sometimes give, forced: the secret is checked (the read),
    /// then the key is rotated, then the token is issued (the write).
    #[test]
    fn a_rotation_between_the_check_and_the_issue_ends_or_caps_the_token() {
        use crate::store::keys::{self, Created, NewKey, Rotated, Rotation};
        use crate::store::{accounts, Sqlite};

        let dir = tempfile::tempdir().unwrap();
        let db = Sqlite::open(&dir.path().join("appkeys.db")).unwrap();
        let now = Utc::now();
        db.blocking(|conn| {
            accounts::upsert(conn, "alice", "hash", now)?;
            let account_id = accounts::find_by_username(conn, "alice")?.unwrap().id;
            let mut check_then_rotate = |grace: TimeDelta| -> Result<Issued> {
                let new = NewKey {
                    account_id: account_id.clone(),
                    description: None,
                    request: None,
                    expires_at: None,
                };
                let Created::New(created) = keys::create(conn, &new, 100, now)? else {
                    panic!("created");
                };
                let client_id = created.key.client_id;
                let SecretCheck::Right { generation } =
                    check_secret(conn, &client_id, &created.secret, now)?
                else {
                    panic!("the secret is right");
                };
                let rotation = Rotation {
                    account_id: account_id.clone(),
                    client_id: client_id.clone(),
                    request: None,
                    grace,
                };
                assert!(matches!(
                    keys::rotate(conn, &rotation, now)?,
                    Rotated::New(_)
                ));
                issue(conn, &client_id, generation, b"token", 3600, now)
            };
            assert!(matches!(
                check_then_rotate(TimeDelta::zero())?,
                Issued::SecretRetired
            ));
            // Stored to the microsecond, the grace period's end is a hair before now + 600 s.
            assert!(matches!(
                check_then_rotate(TimeDelta::seconds(600))?,
                Issued::Token {
                    expires_in: 599..=600
                }
            ));
            Ok(())
        })
        .unwrap();
    }
}
