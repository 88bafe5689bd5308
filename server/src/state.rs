//! State shared by every handler.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::limits::Limits;
use crate::scanning_keys::ScanningKeys;
use crate::scope_catalogue::ScopeCatalogue;
use crate::store::Db;
use crate::usage_meter::UsageMeter;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Every "now" of the server (see [`Clock`]).
    pub clock: Clock,
    pub config: Arc<Config>,
    pub limits: Arc<Limits>,
    /// Token exchanges counted since the last write to the keys' usage.
    pub usage: Arc<UsageMeter>,
    /// Password hashes running at once: Argon2 is slow and memory-hungry on purpose, so a flood
    /// of sign-ins waits here instead of taking every blocking thread.
    pub hashing: Arc<tokio::sync::Semaphore>,
    /// The keys leak reports are signed with (`--scanning-keys`); `None`: reports are off.
    pub scanning_keys: Option<Arc<ScanningKeys>>,
    /// The scopes keys may be limited to (`--scopes`, else the default set).
    pub scopes: Arc<ScopeCatalogue>,
}
