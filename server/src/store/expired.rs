//! Rows that nothing accepts or needs any more: sessions that have ended, access tokens that have
//! expired, the answers of requests with a request_id whose replay window has passed, and activity
//! older than the days it is kept. Keys that have
//! expired are not among them: they stay listed until their owner deletes them. Their access
//! tokens go with their own expiry, like any others: a token's is never more than a second after
//! its key's (see `tokens::issue`).

use chrono::{DateTime, Utc};

use super::error::DbError;
use super::sql::Sql;
use super::{events, usage, webhooks};

/// How many rows a purge deleted.
pub struct Purged {
    pub sessions: u64,
    pub tokens: u64,
    pub replays: u64,
    pub events: u64,
    pub usage: u64,
    /// Webhook deliveries sent or given up on before the activity kept.
    pub deliveries: u64,
}

pub async fn purge(
    sql: &impl Sql,
    now: DateTime<Utc>,
    activity_days: u32,
) -> Result<Purged, DbError> {
    let at = [now.timestamp().into()];
    let kept = chrono::TimeDelta::days(activity_days.into());
    Ok(Purged {
        sessions: sql
            .execute("DELETE FROM sessions WHERE expires_at <= $1", &at)
            .await?,
        tokens: sql
            .execute("DELETE FROM access_tokens WHERE expires_at <= $1", &at)
            .await?,
        replays: purge_replays(sql, now).await?,
        events: events::forget_older_than(sql, now, activity_days).await?,
        usage: usage::forget_before(sql, (now - kept).date_naive()).await?,
        deliveries: webhooks::forget_settled_before(sql, now - kept).await?,
    })
}

/// The sealed answers past their window: deleted more often than the rest (see `housekeeping`).
pub async fn purge_replays(sql: &impl Sql, now: DateTime<Utc>) -> Result<u64, DbError> {
    let delete = "DELETE FROM replays WHERE expires_at <= $1";
    sql.execute(delete, &[now.timestamp().into()]).await
}
