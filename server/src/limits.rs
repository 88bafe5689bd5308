//! Rate limits, as governor's keyed GCRA limiters: checking a key costs the same however many keys
//! there are, and keys that have been idle for a whole window are forgotten periodically, so
//! memory follows the traffic of the last window, not every id ever seen.
//!
//! Failures are counted apart from successes, so a flood of wrong secrets or passwords never uses
//! up what the right client or person needs.
//!
//! On PostgreSQL the /token limits are [`Shared`]: counted in the database, by the same rule, so
//! that N instances allow what one does, not N times as much. The sign-in throttles stay in each
//! instance's memory (see the server README).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::config::Config;
use crate::store::{DbError, SharedCounters};

/// A keyed limiter that also says how much is left after each allowed event.
type Keyed<K> = RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock, StateInformationMiddleware>;

/// At most `burst` events per key, one more each `burst`-th of `window`.
pub struct Limit<K: Hash + Eq + Clone> {
    limiter: Keyed<K>,
    /// How often one more event is allowed.
    replenish: Duration,
}

impl<K: Hash + Eq + Clone> Limit<K> {
    pub fn new(burst: u32, window: Duration) -> Self {
        let burst = NonZeroU32::new(burst.max(1)).expect("at least 1");
        let quota = Quota::with_period(window / burst.get())
            .expect("a window longer than zero")
            .allow_burst(burst);
        Self {
            limiter: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            replenish: quota.replenish_interval(),
        }
    }

    /// Counts one event for `key`. `Err(seconds)`: over the limit, and how long until the next
    /// event is allowed (rounded up, at least 1).
    pub fn check(&self, key: &K) -> Result<(), u64> {
        self.check_left(key).map(|_| ()).map_err(whole_seconds)
    }

    /// Counts one event; `Ok(events still allowed now)` or `Err(wait)`.
    fn check_left(&self, key: &K) -> Result<u32, Duration> {
        self.limiter
            .check_key(key)
            .map(|state| state.remaining_burst_capacity())
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// Forgets the keys whose limit has fully recovered; returns how many keys are left.
    pub fn forget_idle(&self) -> usize {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
        self.limiter.len()
    }
}

/// Rounded up and at least 1: telling a client to retry sooner would only earn another 429.
fn whole_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}

/// Failures counted by a [`Limit`]; past it the key is refused outright, before any work is done
/// for it, right or wrong, until the limit lets one more through. For guessing: a throttled name
/// cannot even try the right password.
pub struct Throttle<K: Hash + Eq + Clone> {
    failures: Limit<K>,
    refused_until: Mutex<HashMap<K, Instant>>,
}

impl<K: Hash + Eq + Clone> Throttle<K> {
    pub fn new(burst: u32, window: Duration) -> Self {
        Self {
            failures: Limit::new(burst, window),
            refused_until: Mutex::default(),
        }
    }

    /// `Err(seconds)` while `key` is refused.
    pub fn check(&self, key: &K) -> Result<(), u64> {
        let refused = self.refused_until.lock().expect("throttle lock");
        let now = Instant::now();
        match refused.get(key) {
            Some(until) if *until > now => Err(whole_seconds(*until - now)),
            _ => Ok(()),
        }
    }

    /// Counts a failure; the one that reaches the limit, and any past it, refuse `key` until the
    /// limit allows one more.
    pub fn failed(&self, key: &K) {
        let wait = match self.failures.check_left(key) {
            Ok(0) => self.failures.replenish,
            Ok(_) => return,
            Err(wait) => wait,
        };
        let mut refused = self.refused_until.lock().expect("throttle lock");
        refused.insert(key.clone(), Instant::now() + wait);
    }

    fn forget_idle(&self) -> usize {
        let counted = self.failures.forget_idle();
        let mut refused = self.refused_until.lock().expect("throttle lock");
        let now = Instant::now();
        refused.retain(|_, until| *until > now);
        counted + refused.len()
    }
}

/// Why a shared limit gave no answer: over it (seconds to wait), or the database failed.
pub enum LimitError {
    Over(u64),
    Db(DbError),
}

/// A limit of one instance's memory, or of the database that every instance shares.
pub enum Shared<K: Hash + Eq + Clone> {
    Local(Limit<K>),
    Database {
        counters: SharedCounters,
        /// Keeps each limit's keys apart in the one table.
        name: &'static str,
        burst: u32,
        window: Duration,
    },
}

impl<K: Hash + Eq + Clone + std::fmt::Display> Shared<K> {
    fn new(
        counters: Option<&SharedCounters>,
        name: &'static str,
        burst: u32,
        window: Duration,
    ) -> Self {
        match counters {
            None => Self::Local(Limit::new(burst, window)),
            Some(counters) => Self::Database {
                counters: counters.clone(),
                name,
                burst: burst.max(1),
                window,
            },
        }
    }

    /// Counts one event for `key`.
    pub async fn check(&self, key: &K) -> Result<(), LimitError> {
        let (counters, name, burst, window) = match self {
            Self::Local(limit) => return limit.check(key).map_err(LimitError::Over),
            Self::Database {
                counters,
                name,
                burst,
                window,
            } => (counters, name, *burst, *window),
        };
        let interval_us = i64::try_from((window / burst).as_micros()).unwrap_or(i64::MAX);
        let window_us = i64::try_from(window.as_micros()).unwrap_or(i64::MAX);
        let bucket = format!("{name}:{key}");
        match counters.count(&bucket, interval_us, window_us).await {
            Ok(None) => Ok(()),
            Ok(Some(wait)) => Err(LimitError::Over(wait)),
            Err(err) => Err(LimitError::Db(err)),
        }
    }

    /// Forgets idle keys of a limit in memory (the database's are purged by `store::expired`).
    fn forget_idle(&self) -> usize {
        match self {
            Self::Local(limit) => limit.forget_idle(),
            Self::Database { .. } => 0,
        }
    }
}

/// Every limit of the server.
pub struct Limits {
    /// Token exchanges with the right secret, per client.
    pub token_per_client: Shared<String>,
    /// Wrong secrets, per existing client and per source address.
    pub token_failures_per_client: Shared<String>,
    pub token_failures_per_source: Shared<IpAddr>,
    /// Wrong passwords, per user name and per source address.
    pub sign_in_per_name: Throttle<String>,
    pub sign_in_per_source: Throttle<IpAddr>,
    /// Leak reports, per source address.
    pub reports_per_source: Shared<IpAddr>,
    /// Introspections, per resource server: as many as token exchanges per client.
    pub introspections_per_server: Shared<String>,
}

const MINUTE: Duration = Duration::from_secs(60);
/// Leak reports a source may send per minute: a scanner batches what it finds.
const REPORTS_PER_MINUTE: u32 = 60;

impl Limits {
    /// With `shared`, the /token limits are counted there, for every instance.
    pub fn new(config: &Config, shared: Option<&SharedCounters>) -> Self {
        let sign_in_window = Duration::from_secs(config.sign_in_window);
        let (rate, failures) = (
            config.token_rate_per_minute,
            config.token_failures_per_minute,
        );
        Self {
            token_per_client: Shared::new(shared, "token", rate, MINUTE),
            token_failures_per_client: Shared::new(shared, "failed-client", failures, MINUTE),
            token_failures_per_source: Shared::new(shared, "failed-source", failures, MINUTE),
            reports_per_source: Shared::new(shared, "reports", REPORTS_PER_MINUTE, MINUTE),
            introspections_per_server: Shared::new(shared, "introspect", rate, MINUTE),
            sign_in_per_name: Throttle::new(config.sign_in_failures, sign_in_window),
            // A source may hold several people (an office behind one address): more room.
            sign_in_per_source: Throttle::new(config.sign_in_failures * 10, sign_in_window),
        }
    }

    /// Forgets idle keys of every limit; returns how many keys they still hold.
    pub fn forget_idle(&self) -> usize {
        self.token_per_client.forget_idle()
            + self.token_failures_per_client.forget_idle()
            + self.token_failures_per_source.forget_idle()
            + self.sign_in_per_name.forget_idle()
            + self.sign_in_per_source.forget_idle()
            + self.reports_per_source.forget_idle()
            + self.introspections_per_server.forget_idle()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_burst_then_waits_and_other_keys_are_apart() {
        let limit = Limit::new(2, MINUTE);
        assert!(limit.check(&"a").is_ok());
        assert!(limit.check(&"a").is_ok());
        let wait = limit.check(&"a").unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(limit.check(&"b").is_ok());
    }

    #[test]
    fn a_throttle_refuses_a_key_once_its_failures_reach_the_limit() {
        let throttle = Throttle::new(2, MINUTE);
        assert!(throttle.check(&"name").is_ok());
        throttle.failed(&"name");
        assert!(
            throttle.check(&"name").is_ok(),
            "one failure is within the limit"
        );
        throttle.failed(&"name");
        let wait = throttle.check(&"name").unwrap_err();
        assert!((1..=30).contains(&wait), "{wait}");
        assert!(throttle.check(&"other").is_ok());
    }
}
