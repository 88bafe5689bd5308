//! The server's "now". Every instant the server stores or compares (when a key, session or access
//! token was made or expires, what `expires_in` says, how far ahead an `expires_at` is) is read
//! from the one [`Clock`] in the app state, so that with `--test-clock` a test can move time forward
//! and see keys, tokens and sessions expire without waiting.
//!
//! Rate limits and the request_id replay window measure elapsed time on the monotonic clock
//! instead: they are about how fast requests come, not about what time it is.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

/// How far the test clock moves in all: 100 years keeps every timestamp within four-digit years,
/// so their text order stays their time order.
const MAX_OFFSET_SECS: i64 = 100 * 366 * 86_400;

/// The system time, or with `--test-clock` the system time plus an offset that only grows.
#[derive(Clone)]
pub struct Clock {
    /// Seconds added to the system time; `None` for the system clock, which never moves.
    offset: Option<Arc<AtomicI64>>,
}

/// The test clock would have moved more than [`MAX_OFFSET_SECS`] (or this is the system clock).
#[derive(Debug)]
pub struct CannotAdvance;

impl Clock {
    pub fn new(adjustable: bool) -> Self {
        Self {
            offset: adjustable.then(Arc::default),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        let now = Utc::now();
        match &self.offset {
            Some(offset) => now + TimeDelta::seconds(offset.load(Ordering::SeqCst)),
            None => now,
        }
    }

    /// Moves a test clock forward by `secs`.
    pub fn advance(&self, secs: u64) -> Result<(), CannotAdvance> {
        let offset = self.offset.as_ref().ok_or(CannotAdvance)?;
        let secs = i64::try_from(secs).map_err(|_| CannotAdvance)?;
        offset
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |current| {
                current
                    .checked_add(secs)
                    .filter(|total| *total <= MAX_OFFSET_SECS)
            })
            .map(drop)
            .map_err(|_| CannotAdvance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_clock_moves_forward_and_the_system_clock_does_not() {
        let clock = Clock::new(true);
        let before = Utc::now();
        clock.advance(86_400).unwrap();
        let moved = clock.now() - before;
        assert!(moved >= TimeDelta::days(1) && moved < TimeDelta::days(1) + TimeDelta::minutes(1));
        assert!(clock.advance(u64::MAX).is_err());
        assert!(clock.advance(200 * 366 * 86_400).is_err());
        assert!(Clock::new(false).advance(1).is_err());
    }
}
