//! Timestamps as the contract writes them: RFC 3339, UTC, whole seconds (2026-11-26T21:14:43Z).

use chrono::{DateTime, SecondsFormat, Utc};

pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub fn now() -> String {
    rfc3339(Utc::now())
}
