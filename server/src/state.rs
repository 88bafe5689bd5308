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
    /// Serialises key creation, so the key limit and request_id replay hold under concurrent creates
    /// (creates are rare; the lock is held for one short transaction).
    pub create_lock: Arc<tokio::sync::Mutex<()>>,
}
