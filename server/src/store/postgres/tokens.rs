//! Access tokens from `/token` (see `store::tokens` for the rules, which are shared).

use chrono::{DateTime, Utc};
use deadpool_postgres::Client;

use super::stored;
use crate::clock::Clock;
use crate::store::generations::{Generations, Standing};
use crate::store::instant;
use crate::store::tokens::{lifetime, Issued, SecretCheck, StoredSecrets, TokenOwner};
use crate::store::DbError;
use crate::time;

pub async fn check_secret(
    client: &Client,
    client_id: &str,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<SecretCheck, DbError> {
    let statement = client
        .prepare_cached(
            "SELECT secret_digest, previous_secret_digest, secret_generation,
                 previous_secret_expires_at, expires_at IS NOT NULL AND expires_at <= $2
             FROM application_keys WHERE client_id = $1",
        )
        .await?;
    let Some(row) = client
        .query_opt(&statement, &[&client_id, &time::rfc3339(now)])
        .await?
    else {
        return Ok(SecretCheck::NoSuchKey);
    };
    let stored_secrets = StoredSecrets {
        current: row.get(0),
        previous: row.get(1),
        generations: stored(Generations::stored(row.get(2), row.get(3)))?,
        expired: row.get(4),
    };
    Ok(stored_secrets.check(secret, now))
}

/// Stores an access token: `token` is its secret's generation, its digest and its lifetime.
pub async fn issue(
    client: &mut Client,
    client_id: &str,
    (generation, token_digest, ttl_secs): (i64, &[u8], u32),
    clock: &Clock,
) -> Result<Issued, DbError> {
    let tx = client.transaction().await?;
    // Locked, so a rotation cannot commit between this check of the generation and the insert.
    let statement = tx
        .prepare_cached(
            "SELECT expires_at, secret_generation, previous_secret_expires_at
             FROM application_keys WHERE client_id = $1 FOR UPDATE",
        )
        .await?;
    let Some(key) = tx.query_opt(&statement, &[&client_id]).await? else {
        return Ok(Issued::KeyGone);
    };
    let now = clock.now();
    let key_expires_at = stored(key.get::<_, Option<&str>>(0).map(instant).transpose())?;
    if key_expires_at.is_some_and(|end| end <= now) {
        return Ok(Issued::KeyExpired);
    }
    let generations = stored(Generations::stored(key.get(1), key.get(2)))?;
    let secret_ends_at = match generations.standing(generation, now) {
        Standing::Current => None,
        Standing::Previous { until } => Some(until),
        Standing::Retired => return Ok(Issued::SecretRetired),
    };
    let ends_at = key_expires_at.into_iter().chain(secret_ends_at).min();
    let expires_in = lifetime(ttl_secs, now, ends_at);
    let (drop_expired, insert, touch) = tokio::try_join!(
        tx.prepare_cached("DELETE FROM access_tokens WHERE client_id = $1 AND expires_at <= $2"),
        tx.prepare_cached(
            "INSERT INTO access_tokens (token_digest, client_id, expires_at, secret_generation)
             VALUES ($1, $2, $3, $4)"
        ),
        tx.prepare_cached("UPDATE application_keys SET last_used_at = $1 WHERE client_id = $2"),
    )?;
    let token_expires_at = now.timestamp() + i64::from(expires_in);
    tx.execute(&drop_expired, &[&client_id, &now.timestamp()])
        .await?;
    tx.execute(
        &insert,
        &[&token_digest, &client_id, &token_expires_at, &generation],
    )
    .await?;
    tx.execute(&touch, &[&time::rfc3339(now), &client_id])
        .await?;
    tx.commit().await?;
    Ok(Issued::Token { expires_in })
}

pub async fn owner(
    client: &Client,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<TokenOwner>, DbError> {
    let statement = client
        .prepare_cached(
            "SELECT a.id, a.username, k.client_id,
                 t.secret_generation, k.secret_generation, k.previous_secret_expires_at
             FROM access_tokens t
             JOIN application_keys k ON k.client_id = t.client_id
             JOIN accounts a ON a.id = k.account_id
             WHERE t.token_digest = $1 AND t.expires_at > $2
               AND (k.expires_at IS NULL OR k.expires_at > $3)",
        )
        .await?;
    let Some(row) = client
        .query_opt(
            &statement,
            &[&token_digest, &now.timestamp(), &time::rfc3339(now)],
        )
        .await?
    else {
        return Ok(None);
    };
    let generations = stored(Generations::stored(row.get(4), row.get(5)))?;
    if generations.standing(row.get(3), now) == Standing::Retired {
        return Ok(None);
    }
    Ok(Some(TokenOwner {
        account_id: row.get(0),
        username: row.get(1),
        client_id: row.get(2),
    }))
}
