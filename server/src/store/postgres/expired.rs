//! Rows that nothing accepts any more (see `store::expired`), and the rate limits' keys that have
//! fully recovered.

use chrono::{DateTime, Utc};
use deadpool_postgres::Client;

use crate::store::expired::Purged;
use crate::store::DbError;

pub async fn purge(client: &Client, now: DateTime<Utc>) -> Result<Purged, DbError> {
    let secs = now.timestamp();
    let deleted = |sql: &'static str| async move {
        let rows = client.execute(sql, &[&secs]).await?;
        Ok::<_, DbError>(usize::try_from(rows).unwrap_or(usize::MAX))
    };
    let purged = Purged {
        sessions: deleted("DELETE FROM sessions WHERE expires_at <= $1").await?,
        tokens: deleted("DELETE FROM access_tokens WHERE expires_at <= $1").await?,
        replays: purge_replays(client, secs).await?,
    };
    super::limits::forget_recovered(client).await?;
    Ok(purged)
}

pub async fn purge_replays(client: &Client, now: i64) -> Result<usize, DbError> {
    let rows = client
        .execute("DELETE FROM replays WHERE expires_at <= $1", &[&now])
        .await?;
    Ok(usize::try_from(rows).unwrap_or(usize::MAX))
}
