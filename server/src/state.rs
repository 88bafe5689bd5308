//! State shared by every handler.

use std::sync::Arc;

use crate::config::Config;
use crate::idempotency::IdempotencyCache;
use crate::rate_limit::RateLimiter;
use crate::store::Db;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub idempotency: Arc<IdempotencyCache>,
    pub token_rate: Arc<RateLimiter>,
}
