//! Work beside the requests: expired sessions and access tokens are refused as soon as they expire,
//! but their rows would stay for ever, and the rate limits would remember every key they saw. This
//! purges the rows (and activity older than it is kept) periodically and, every half minute, the
//! limits' idle keys and the sealed answers whose replay window has passed (so that they do not
//! rest long after it), and says how many. Every `scan_every` it writes the keys that have expired,
//! the previous secrets that have ended and the expiry notices due to the activity log.

use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use crate::limits::Limits;
use crate::store::Db;
use crate::usage_meter::UsageMeter;

/// How often the exchanges counted in memory are written to the keys' usage.
const WRITE_USAGE_EVERY: Duration = Duration::from_secs(1);
/// How often the limits forget idle keys.
const FORGET_IDLE_EVERY: Duration = Duration::from_secs(30);

pub struct Housekeeping {
    pub db: Db,
    pub clock: Clock,
    pub purge_every: Duration,
    pub scan_every: Duration,
    pub activity_days: u32,
    /// Days before a key's end its owner is told (`--expiry-notice-days`).
    pub notice_days: Vec<u32>,
    pub limits: Arc<Limits>,
    pub usage: Arc<UsageMeter>,
}

/// Runs until the server stops: a purge now and then every `purge_every`.
pub async fn run(work: Housekeeping) {
    let mut purges = tokio::time::interval(work.purge_every);
    let mut forgets = tokio::time::interval(FORGET_IDLE_EVERY);
    let mut scans = tokio::time::interval(work.scan_every);
    let mut usage_writes = tokio::time::interval(WRITE_USAGE_EVERY);
    loop {
        tokio::select! {
            _ = usage_writes.tick() => {
                if let Err(err) = work.usage.flush(&work.db).await {
                    tracing::warn!(error = %err, "writing usage counts failed; kept for the next time");
                }
            }
            _ = purges.tick() => purge(&work.db, &work.clock, work.activity_days).await,
            _ = scans.tick() => log_endings(&work.db, &work.clock, &work.notice_days).await,
            _ = forgets.tick() => {
                let keys = work.limits.forget_idle();
                tracing::debug!(keys, "rate limits forgot their idle keys");
                purge_replays(&work.db, &work.clock).await;
            }
        }
    }
}

async fn purge(db: &Db, clock: &Clock, activity_days: u32) {
    match db.purge(clock.now(), activity_days).await {
        Ok(purged) => tracing::info!(
            sessions = purged.sessions,
            tokens = purged.tokens,
            replays = purged.replays,
            events = purged.events,
            usage = purged.usage,
            deliveries = purged.deliveries,
            "purged expired sessions, access tokens, request_id answers, old activity and old webhook deliveries"
        ),
        Err(err) => tracing::warn!(error = %err, "purging expired sessions and tokens failed"),
    }
}

/// Writes the keys that have expired, the previous secrets that have ended and the expiry notices
/// due to the activity log (and so to the webhooks' outbox).
pub async fn log_endings(db: &Db, clock: &Clock, notice_days: &[u32]) {
    match db.log_endings(clock.now(), notice_days.to_vec()).await {
        Ok(endings) if endings == Default::default() => {}
        Ok(endings) => tracing::info!(
            expired = endings.expired,
            previous_secrets_ended = endings.previous_secrets_ended,
            expiring = endings.expiring,
            "logged keys that expired, previous secrets that ended and expiry notices"
        ),
        Err(err) => tracing::warn!(error = %err, "logging ended keys and secrets failed"),
    }
}

async fn purge_replays(db: &Db, clock: &Clock) {
    match db.purge_replays(clock.now()).await {
        Ok(0) => {}
        Ok(replays) => tracing::debug!(replays, "purged request_id answers past their window"),
        Err(err) => tracing::warn!(error = %err, "purging request_id answers failed"),
    }
}
