//! Timestamps as the contract writes them: RFC 3339, UTC, with microseconds in a fixed width
//! (2026-11-26T21:14:43.518204Z), so text order is time order and keys made within one second keep
//! their order.

use chrono::{DateTime, SecondsFormat, Utc};

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}
