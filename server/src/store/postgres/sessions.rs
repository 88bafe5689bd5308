//! Console sessions, by the digest of their token (see `store::sessions`).

use chrono::{DateTime, Utc};
use deadpool_postgres::Client;

use crate::store::sessions::SessionOwner;
use crate::store::DbError;
use crate::time;

pub async fn create(
    client: &Client,
    token_digest: &[u8],
    account_id: &str,
    ttl_secs: u32,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let statement = client
        .prepare_cached(
            "INSERT INTO sessions (token_digest, account_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4)",
        )
        .await?;
    let expires_at = now.timestamp() + i64::from(ttl_secs);
    client
        .execute(
            &statement,
            &[&token_digest, &account_id, &time::rfc3339(now), &expires_at],
        )
        .await?;
    Ok(())
}

pub async fn owner(
    client: &Client,
    token_digest: &[u8],
    now: DateTime<Utc>,
) -> Result<Option<SessionOwner>, DbError> {
    let statement = client
        .prepare_cached(
            "SELECT a.id, a.username FROM sessions s JOIN accounts a ON a.id = s.account_id
             WHERE s.token_digest = $1 AND s.expires_at > $2",
        )
        .await?;
    let row = client
        .query_opt(&statement, &[&token_digest, &now.timestamp()])
        .await?;
    Ok(row.map(|row| SessionOwner {
        account_id: row.get(0),
        username: row.get(1),
    }))
}

pub async fn delete(client: &Client, token_digest: &[u8]) -> Result<(), DbError> {
    client
        .execute(
            "DELETE FROM sessions WHERE token_digest = $1",
            &[&token_digest],
        )
        .await?;
    Ok(())
}
