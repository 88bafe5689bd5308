//! State shared by every handler.

use std::sync::Arc;

use crate::config::Config;
use crate::db::Pool;
use crate::idempotency::IdempotencyCache;
use crate::rate_limit::RateLimiter;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub config: Arc<Config>,
    pub idempotency: Arc<IdempotencyCache>,
    pub token_rate: Arc<RateLimiter>,
    /// One writer at a time: writers queue here, in the process, instead of in SQLite's busy
    /// handler, whose sleep-and-retry gives long tail latencies when writes are concurrent. Key
    /// creation holds it across its checks, so the key limit and request_id replay hold too.
    pub write_lock: Arc<tokio::sync::Mutex<()>>,
}
