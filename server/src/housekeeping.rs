//! Work beside the requests: expired sessions and access tokens are refused as soon as they expire,
//! but their rows would stay for ever, and the rate limits would remember every key they saw. This
//! purges the rows periodically and, every half minute, the limits' idle keys and the sealed
//! answers whose replay window has passed (so that they do not rest long after it), and says how
//! many.

use std::sync::Arc;
use std::time::Duration;

use crate::clock::Clock;
use crate::limits::Limits;
use crate::store::Db;

/// How often the limits forget idle keys.
const FORGET_IDLE_EVERY: Duration = Duration::from_secs(30);

pub struct Housekeeping {
    pub db: Db,
    pub clock: Clock,
    pub purge_every: Duration,
    pub limits: Arc<Limits>,
}

/// Runs until the server stops: a purge now and then every `purge_every`.
pub async fn run(work: Housekeeping) {
    let mut purges = tokio::time::interval(work.purge_every);
    let mut forgets = tokio::time::interval(FORGET_IDLE_EVERY);
    loop {
        tokio::select! {
            _ = purges.tick() => purge(&work.db, &work.clock).await,
            _ = forgets.tick() => {
                let keys = work.limits.forget_idle();
                tracing::debug!(keys, "rate limits forgot their idle keys");
                purge_replays(&work.db, &work.clock).await;
            }
        }
    }
}

async fn purge(db: &Db, clock: &Clock) {
    match db.purge(clock.now()).await {
        Ok(purged) => tracing::info!(
            sessions = purged.sessions,
            tokens = purged.tokens,
            replays = purged.replays,
            "purged expired sessions, access tokens and request_id answers"
        ),
        Err(err) => tracing::warn!(error = %err, "purging expired sessions and tokens failed"),
    }
}

async fn purge_replays(db: &Db, clock: &Clock) {
    match db.purge_replays(clock.now()).await {
        Ok(0) => {}
        Ok(replays) => tracing::debug!(replays, "purged request_id answers past their window"),
        Err(err) => tracing::warn!(error = %err, "purging request_id answers failed"),
    }
}
