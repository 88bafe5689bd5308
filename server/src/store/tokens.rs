//! Access tokens from `/token`, stored by digest in their own table (never a console session). An
//! access token works until its own end, its key's, or its secret's (a rotation ends the secret it
//! replaces, at once or after a grace period), whichever comes first.

use std::net::IpAddr;

use appkeys_rules::networks;
use chrono::{DateTime, Utc};
use ipnet::IpNet;
use serde::Serialize;

use super::error::DbError;
use super::generations::{Generations, Standing};
use super::keys::{has_expired, list_from_column};
use super::sql::Sql;
use crate::clock::Clock;
use crate::{secrets, time};

/// The account and key an access token was issued for.
#[derive(Serialize)]
pub struct TokenOwner {
    pub account_id: String,
    pub username: String,
    pub client_id: String,
}

/// An access token that still works, with what decides what it may do.
pub struct LiveToken {
    pub owner: TokenOwner,
    /// The scopes it was issued with; `None`: every scope its key granted then (a token from
    /// before scopes).
    pub issued_scopes: Option<Vec<String>>,
    /// Its key's scopes as they are now.
    pub key_scopes: Vec<String>,
    /// Unix seconds.
    pub expires_at: i64,
    pub issued_at: Option<i64>,
}

/// What a key says to a secret presented at `/token`.
#[derive(Debug, PartialEq, Eq)]
pub enum SecretCheck {
    NoSuchKey,
    /// The caller is outside the key's networks; the secret was not looked at.
    OutsideNetworks,
    Wrong,
    /// The right secret, of a key that has expired.
    Expired,
    /// The key's current secret, or its previous one within the grace period: this generation,
    /// and the key's scopes.
    Right {
        generation: i64,
        scopes: Vec<String>,
    },
}

/// What an exchange did.
#[derive(Debug, PartialEq, Eq)]
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

/// Checks that a caller at `from` may use the key at all, then `secret` against the key's current
/// secret and, within its grace period, its previous one. A read: it runs beside other reads, so a
/// flood of wrong secrets never waits for (or holds up) the writes.
pub async fn check_secret(
    sql: &impl Sql,
    client_id: &str,
    secret: &str,
    from: IpAddr,
    now: DateTime<Utc>,
) -> Result<SecretCheck, DbError> {
    let stored = sql
        .query_opt(
            "SELECT secret_digest, previous_secret_digest, secret_generation,
                 previous_secret_expires_at, expires_at, allowed_networks, scopes
             FROM application_keys WHERE client_id = $1",
            &[client_id.into()],
            |row| {
                Ok(StoredSecrets {
                    current: row.get(0)?,
                    previous: row.get(1)?,
                    generations: Generations {
                        current: row.get(2)?,
                        previous_until: row.get(3)?,
                    },
                    expires_at: row.get(4)?,
                    networks: parsed_networks(row.get::<Option<String>>(5)?.as_deref()),
                    scopes: list_from_column(row.get::<Option<String>>(6)?.as_deref()),
                })
            },
        )
        .await?;
    Ok(stored.map_or(SecretCheck::NoSuchKey, |stored| {
        stored.check(secret, from, now)
    }))
}

/// The `allowed_networks` column as ranges to match; it only ever holds normalised ones.
fn parsed_networks(column: Option<&str>) -> Vec<IpNet> {
    list_from_column(column)
        .iter()
        .filter_map(|net| net.parse().ok())
        .collect()
}

/// A key's secret digests, as `/token` checks them.
struct StoredSecrets {
    current: Vec<u8>,
    previous: Option<Vec<u8>>,
    generations: Generations,
    /// The key's own end.
    expires_at: Option<DateTime<Utc>>,
    networks: Vec<IpNet>,
    scopes: Vec<String>,
}

impl StoredSecrets {
    /// What the key says to `secret` from `from` at `now`.
    fn check(&self, secret: &str, from: IpAddr, now: DateTime<Utc>) -> SecretCheck {
        // The network before the secret: from outside, a secret cannot even be tried, and the
        // answer is the wrong secret's, so the list cannot be probed.
        if !networks::permits(&self.networks, from) {
            return SecretCheck::OutsideNetworks;
        }
        // The secret next: only its holder learns that the key has expired.
        match (
            self.generation_of(secret, now),
            has_expired(self.expires_at, now),
        ) {
            (None, _) => SecretCheck::Wrong,
            (Some(_), true) => SecretCheck::Expired,
            (Some(generation), false) => SecretCheck::Right {
                generation,
                scopes: self.scopes.clone(),
            },
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

/// An access token to store: its digest, the generation of the secret it was exchanged with
/// (already checked), and the longest it may live.
pub struct NewToken {
    pub client_id: String,
    pub generation: i64,
    pub digest: Vec<u8>,
    pub ttl_secs: u32,
    /// Where the exchange came from: recorded as the key's last use.
    pub ip: String,
    pub user_agent: Option<String>,
    /// The scopes granted (already checked against the key's).
    pub scopes: Vec<String>,
}

/// Stores an access token for the key, drops the key's expired tokens and records its last use
/// (when, from which address, with which User-Agent).
/// The token lives `ttl_secs`, or less if the key expires sooner, or the secret's grace period
/// ends sooner.
pub async fn issue(sql: &impl Sql, token: &NewToken, clock: &Clock) -> Result<Issued, DbError> {
    let client_id = token.client_id.as_str();
    // Locked, so a rotation cannot commit between this check of the generation and the insert.
    // A concurrent delete may have won the race since the secret was read: the key is then
    // refused like any deleted key (without this check the insert would fail on the foreign
    // key). The clock may also have passed the key's end meanwhile.
    let key = sql
        .query_opt(
            "SELECT expires_at, secret_generation, previous_secret_expires_at
             FROM application_keys WHERE client_id = $1 FOR UPDATE",
            &[client_id.into()],
            |row| {
                let generations = Generations {
                    current: row.get(1)?,
                    previous_until: row.get(2)?,
                };
                Ok((row.get(0)?, generations))
            },
        )
        .await?;
    let Some((key_expires_at, generations)) = key else {
        return Ok(Issued::KeyGone);
    };
    let now = clock.now();
    let issued = decide(token, key_expires_at, generations, now);
    let Issued::Token { expires_in } = issued else {
        return Ok(issued);
    };
    sql.execute(
        "DELETE FROM access_tokens WHERE client_id = $1 AND expires_at <= $2",
        &[client_id.into(), now.timestamp().into()],
    )
    .await?;
    sql.execute(
        "INSERT INTO access_tokens
         (token_digest, client_id, expires_at, secret_generation, scope, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        &[
            (&token.digest).into(),
            client_id.into(),
            (now.timestamp() + i64::from(expires_in)).into(),
            token.generation.into(),
            token.scopes.join(" ").as_str().into(),
            now.timestamp().into(),
        ],
    )
    .await?;
    record_use(sql, token, now).await?;
    Ok(issued)
}

/// The key's last use: when, from which address, with which client software; all three together.
async fn record_use(sql: &impl Sql, token: &NewToken, now: DateTime<Utc>) -> Result<(), DbError> {
    sql.execute(
        "UPDATE application_keys
         SET last_used_at = $2, last_used_ip = $3, last_used_user_agent = $4
         WHERE client_id = $1",
        &[
            (&token.client_id).into(),
            time::rfc3339(now).as_str().into(),
            (&token.ip).into(),
            (&token.user_agent).into(),
        ],
    )
    .await?;
    Ok(())
}

/// Whether the key, as it stands at `now`, still gives `token`, and for how long.
fn decide(
    token: &NewToken,
    key_expires_at: Option<DateTime<Utc>>,
    generations: Generations,
    now: DateTime<Utc>,
) -> Issued {
    if has_expired(key_expires_at, now) {
        return Issued::KeyExpired;
    }
    let secret_ends_at = match generations.standing(token.generation, now) {
        Standing::Current => None,
        Standing::Previous { until } => Some(until),
        Standing::Retired => return Issued::SecretRetired,
    };
    let ends_at = key_expires_at.into_iter().chain(secret_ends_at).min();
    Issued::Token {
        expires_in: lifetime(token.ttl_secs, now, ends_at),
    }
}

/// Seconds a token issued `now` lives: `ttl_secs`, or what is left of the key (or of its secret's
/// grace period), rounded down (a client that renews when `expires_in` runs out must never hold a
/// token its key has outlived), but at least 1, as RFC 6749 clients expect a positive lifetime. The
/// key's and the secret's own checks at `/whoami` still end that last second's token on time.
fn lifetime(ttl_secs: u32, now: DateTime<Utc>, ends_at: Option<DateTime<Utc>>) -> u32 {
    let Some(end) = ends_at else {
        return ttl_secs;
    };
    let left = u32::try_from((end - now).num_seconds()).unwrap_or(u32::MAX);
    left.clamp(1, ttl_secs.max(1))
}

/// An access token used from `from`, unless it is unknown, expired or revoked, or its key has
/// expired, or its secret no longer works, or `from` is outside the key's networks as they are now
/// (a narrowed list holds at once for tokens already issued). `from` is `None` where no caller's
/// address is known (introspection without one): the networks are then not checked.
pub async fn live(
    sql: &impl Sql,
    token_digest: &[u8],
    from: Option<IpAddr>,
    now: DateTime<Utc>,
) -> Result<Option<LiveToken>, DbError> {
    let found = sql
        .query_opt(
            "SELECT a.id, a.username, k.client_id, t.secret_generation,
                 k.secret_generation, k.previous_secret_expires_at, k.expires_at,
                 k.allowed_networks, t.scope, k.scopes, t.expires_at, t.issued_at
             FROM access_tokens t
             JOIN application_keys k ON k.client_id = t.client_id
             JOIN accounts a ON a.id = k.account_id
             WHERE t.token_digest = $1 AND t.expires_at > $2",
            &[token_digest.into(), now.timestamp().into()],
            |row| {
                let owner = TokenOwner {
                    account_id: row.get(0)?,
                    username: row.get(1)?,
                    client_id: row.get(2)?,
                };
                let generations = Generations {
                    current: row.get(4)?,
                    previous_until: row.get(5)?,
                };
                let retired = generations.standing(row.get(3)?, now) == Standing::Retired;
                let networks = parsed_networks(row.get::<Option<String>>(7)?.as_deref());
                let outside = from.is_some_and(|from| !networks::permits(&networks, from));
                let token = LiveToken {
                    owner,
                    issued_scopes: row
                        .get::<Option<String>>(8)?
                        .map(|scope| scope.split(' ').map(String::from).collect()),
                    key_scopes: list_from_column(row.get::<Option<String>>(9)?.as_deref()),
                    expires_at: row.get(10)?,
                    issued_at: row.get(11)?,
                };
                Ok((token, retired || outside || has_expired(row.get(6)?, now)))
            },
        )
        .await?;
    Ok(found.and_then(|(owner, refused)| (!refused).then_some(owner)))
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

    #[test]
    fn a_token_is_refused_for_an_expired_key_or_a_retired_secret_and_capped_by_a_grace_period() {
        let now = Utc::now();
        let token = |generation| NewToken {
            client_id: "c".into(),
            generation,
            digest: vec![],
            ttl_secs: 3600,
            ip: "127.0.0.1".into(),
            user_agent: None,
            scopes: vec![],
        };
        let current_only = Generations {
            current: 2,
            previous_until: None,
        };
        let in_grace = Generations {
            current: 2,
            previous_until: Some(now + TimeDelta::seconds(600)),
        };
        let key_ends = Some(now + TimeDelta::seconds(60));
        let full = Issued::Token { expires_in: 3600 };
        assert_eq!(decide(&token(2), None, current_only, now), full);
        assert_eq!(
            decide(&token(2), Some(now), current_only, now),
            Issued::KeyExpired
        );
        assert_eq!(
            decide(&token(1), None, current_only, now),
            Issued::SecretRetired
        );
        let grace = Issued::Token { expires_in: 600 };
        assert_eq!(decide(&token(1), None, in_grace, now), grace);
        let key_first = Issued::Token { expires_in: 60 };
        assert_eq!(decide(&token(1), key_ends, in_grace, now), key_first);
    }

    /// A key whose one secret is "right", with this end and these networks.
    fn secret_right(expires_at: Option<DateTime<Utc>>, networks: Vec<IpNet>) -> StoredSecrets {
        StoredSecrets {
            current: secrets::digest("right"),
            previous: None,
            generations: Generations {
                current: 0,
                previous_until: None,
            },
            expires_at,
            networks,
            scopes: vec![],
        }
    }

    /// The right secret of an expired key says so; a wrong one never tells.
    #[test]
    fn only_the_holder_of_the_secret_learns_that_the_key_has_expired() {
        let now = Utc::now();
        let stored = secret_right(Some(now), vec![]);
        let here = IpAddr::from([127, 0, 0, 1]);
        assert_eq!(stored.check("right", here, now), SecretCheck::Expired);
        assert_eq!(stored.check("wrong", here, now), SecretCheck::Wrong);
        let moment = TimeDelta::microseconds(1);
        let generation = SecretCheck::Right {
            generation: 0,
            scopes: vec![],
        };
        assert_eq!(stored.check("right", here, now - moment), generation);
    }

    /// From outside the key's networks the right secret and a wrong one get the same answer.
    #[test]
    fn outside_the_networks_the_secret_is_not_even_tried() {
        let now = Utc::now();
        let stored = secret_right(None, vec!["10.0.0.0/8".parse().unwrap()]);
        let outside = IpAddr::from([192, 0, 2, 1]);
        assert_eq!(
            stored.check("right", outside, now),
            SecretCheck::OutsideNetworks
        );
        assert_eq!(
            stored.check("wrong", outside, now),
            SecretCheck::OutsideNetworks
        );
        let inside = IpAddr::from([10, 1, 2, 3]);
        let generation = SecretCheck::Right {
            generation: 0,
            scopes: vec![],
        };
        assert_eq!(stored.check("right", inside, now), generation);
    }

    /// The interleaving a race can only sometimes give, forced: the secret is checked (the read),
    /// then the key is rotated, then the token is issued (the write).
    #[tokio::test]
    async fn a_rotation_between_the_check_and_the_issue_ends_or_caps_the_token() {
        use crate::store::keys::{Created, NewKey, Rotated, Rotation};
        use crate::store::{Db, Location};

        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&Location::Sqlite(dir.path().join("appkeys.db")))
            .await
            .unwrap();
        let clock = Clock::new(false);
        db.upsert_account("alice".into(), "hash".into(), clock.now())
            .await
            .unwrap();
        let account_id = db.find_account("alice".into()).await.unwrap().unwrap().id;
        let check_then_rotate = async |grace: TimeDelta| {
            let new = NewKey {
                account_id: account_id.clone(),
                description: None,
                request: None,
                expires_at: None,
                cause: crate::store::events::Cause::system(),
                secret: crate::secret_format::new_secret("aks"),
                allowed_networks: vec![],
                scopes: vec!["clusters:read".into()],
            };
            let Ok(Created::New(created)) = db.create_key(new, 100, clock.clone()).await else {
                panic!("created");
            };
            let client_id = created.key.client_id;
            let here = IpAddr::from([127, 0, 0, 1]);
            let check = db.check_secret(client_id.clone(), created.secret, here, clock.now());
            let Ok(SecretCheck::Right { generation, .. }) = check.await else {
                panic!("the secret is right");
            };
            let rotation = Rotation {
                account_id: account_id.clone(),
                client_id: client_id.clone(),
                request: None,
                grace,
                cause: crate::store::events::Cause::system(),
                secret: crate::secret_format::new_secret("aks"),
            };
            let rotated = db.rotate_key(rotation, clock.clone()).await;
            assert!(matches!(rotated, Ok(Rotated::New(_))));
            let token = NewToken {
                client_id,
                generation,
                digest: b"token".to_vec(),
                ttl_secs: 3600,
                ip: "127.0.0.1".into(),
                user_agent: None,
                scopes: vec![],
            };
            db.issue_token(token, clock.clone()).await.unwrap()
        };
        assert_eq!(
            check_then_rotate(TimeDelta::zero()).await,
            Issued::SecretRetired
        );
        // Stored to the microsecond, the grace period's end is a hair before now + 600 s.
        assert!(matches!(
            check_then_rotate(TimeDelta::seconds(600)).await,
            Issued::Token {
                expires_in: 599..=600
            }
        ));
    }
}
