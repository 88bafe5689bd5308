//! Counting token exchanges without slowing them down: `/token` adds each outcome to a map in
//! memory, and the housekeeping writes the map to the database every second (`store::usage`), in
//! one transaction. A failed write keeps the counts for the next one; a graceful stop writes what
//! is left. A count shows at most a second or so after its exchange (on every instance sharing the
//! database), and a crash loses at most the last second's counts: counters, not events.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Utc};

use crate::store::usage::Outcome;
use crate::store::{Db, DbError};

type Counts = HashMap<(String, NaiveDate, Outcome), i64>;

#[derive(Default)]
pub struct UsageMeter {
    pending: Mutex<Counts>,
}

impl UsageMeter {
    /// One exchange of the key `client_id` at `now` ended with `outcome`.
    pub fn count(&self, client_id: &str, outcome: Outcome, now: DateTime<Utc>) {
        let mut pending = self.pending.lock().expect("usage meter lock");
        *pending
            .entry((client_id.to_string(), now.date_naive(), outcome))
            .or_default() += 1;
    }

    /// Writes the counts so far to the database; on failure they are kept for the next time.
    pub async fn flush(&self, db: &Db) -> Result<(), DbError> {
        let counts = std::mem::take(&mut *self.pending.lock().expect("usage meter lock"));
        if counts.is_empty() {
            return Ok(());
        }
        let rows: Vec<_> = counts.iter().map(|(k, n)| (k.clone(), *n)).collect();
        let written = db.add_usage(rows).await;
        if written.is_err() {
            let mut pending = self.pending.lock().expect("usage meter lock");
            for (key, n) in counts {
                *pending.entry(key).or_default() += n;
            }
        }
        written
    }
}
