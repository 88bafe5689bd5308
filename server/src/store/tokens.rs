//! Access tokens from `/token`, stored by digest in their own table (never a console session). An
//! access token works until its own end or its key's, whichever comes first.

use chrono::{DateTime, Utc};
use r2d2_sqlite::rusqlite::types::Type;
use r2d2_sqlite::rusqlite::{Connection, Error, OptionalExtension, Result, TransactionBehavior};
use serde::Serialize;

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
    Right,
}

/// What an exchange did.
pub enum Issued {
    /// Stored; the token lives this many seconds.
    Token { expires_in: u32 },
    /// The key was deleted since its secret was checked.
    KeyGone,
    /// The key expired since its secret was checked.
    KeyExpired,
}

/// Checks `secret` against the key. A read: it runs beside other reads, so a flood of wrong secrets
/// never waits for (or holds up) the writes.
pub fn check_secret(
    conn: &Connection,
    client_id: &str,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<SecretCheck> {
    let stored: Option<(Vec<u8>, bool)> = conn
        .prepare_cached(
            "SELECT secret_digest, expires_at IS NOT NULL AND expires_at <= ?2
             FROM application_keys WHERE client_id = ?1",
        )?
        .query_row((client_id, time::rfc3339(now)), |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .optional()?;
    // The secret first: only its holder learns that the key has expired.
    Ok(match stored {
        None => SecretCheck::NoSuchKey,
        Some((digest, _)) if !secrets::digest_matches(&digest, secret) => SecretCheck::Wrong,
        Some((_, true)) => SecretCheck::Expired,
        Some((_, false)) => SecretCheck::Right,
    })
}

/// Stores an access token for the key (its secret already checked), drops the key's expired
/// tokens and sets its last_used_at. The token lives `ttl_secs`, or less if the key expires sooner.
pub fn issue(
    conn: &mut Connection,
    client_id: &str,
    token_digest: &[u8],
    ttl_secs: u32,
    now: DateTime<Utc>,
) -> Result<Issued> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // A concurrent delete may have won the race since the read: the key is then refused like any
    // deleted key (without this check the insert would fail on the foreign key). The clock may
    // also have passed the key's end meanwhile.
    let key_expires_at: Option<Option<String>> = tx
        .query_row(
            "SELECT expires_at FROM application_keys WHERE client_id = ?1",
            [client_id],
            |row| row.get(0),
        )
        .optional()?;
    let Some(key_expires_at) = key_expires_at else {
        return Ok(Issued::KeyGone);
    };
    let key_expires_at = key_expires_at.as_deref().map(instant).transpose()?;
    if key_expires_at.is_some_and(|end| end <= now) {
        return Ok(Issued::KeyExpired);
    }
    let expires_in = lifetime(ttl_secs, now, key_expires_at);
    tx.execute(
        "DELETE FROM access_tokens WHERE client_id = ?1 AND expires_at <= ?2",
        (client_id, now.timestamp()),
    )?;
    tx.execute(
        "INSERT INTO access_tokens (token_digest, client_id, expires_at) VALUES (?1, ?2, ?3)",
        (
            token_digest,
            client_id,
            now.timestamp() + i64::from(expires_in),
        ),
    )?;
    tx.execute(
        "UPDATE application_keys SET last_used_at = ?1 WHERE client_id = ?2",
        (time::rfc3339(now), client_id),
    )?;
    tx.commit()?;
    Ok(Issued::Token { expires_in })
}

/// Seconds a token issued `now` lives: `ttl_secs`, or what is left of the key, rounded down (a
/// client that renews when `expires_in` runs out must never hold a token its key has outlived), but
/// at least 1, as RFC 6749 clients expect a positive lifetime. The key's own check at `/whoami`
/// still ends that last second's token on time.
fn lifetime(ttl_secs: u32, now: DateTime<Utc>, key_expires_at: Option<DateTime<Utc>>) -> u32 {
    let Some(end) = key_expires_at else {
        return ttl_secs;
    };
    let left = u32::try_from((end - now).num_seconds()).unwrap_or(u32::MAX);
    left.clamp(1, ttl_secs.max(1))
}

/// A stored timestamp of ours, which is always RFC 3339.
fn instant(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|err| Error::FromSqlConversionFailure(0, Type::Text, Box::new(err)))
}

/// The owner of an access token, unless it is unknown, expired or revoked, or its key has expired.
pub fn owner(
    conn: &Connection,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<TokenOwner>> {
    conn.prepare_cached(
        "SELECT a.id, a.username, k.client_id FROM access_tokens t
         JOIN application_keys k ON k.client_id = t.client_id
         JOIN accounts a ON a.id = k.account_id
         WHERE t.token_digest = ?1 AND t.expires_at > ?2
           AND (k.expires_at IS NULL OR k.expires_at > ?3)",
    )?
    .query_row((token_digest, now.timestamp(), time::rfc3339(now)), |row| {
        Ok(TokenOwner {
            account_id: row.get(0)?,
            username: row.get(1)?,
            client_id: row.get(2)?,
        })
    })
    .optional()
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
}
