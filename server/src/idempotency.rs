//! Memory-only replay cache for `POST /application-keys` with a `request_id`. It holds the complete
//! response, secret included, for ten minutes; it is never written to disk, so after a restart the
//! secret of an earlier create can no longer be shown.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

pub const REPLAY_WINDOW: Duration = Duration::from_secs(600);

#[derive(Default)]
pub struct IdempotencyCache {
    entries: Mutex<HashMap<(String, String), (Instant, Value)>>,
}

impl IdempotencyCache {
    /// The cached response `data` for this account's request id, if still within the window.
    pub fn get(&self, account_id: &str, request_id: &str) -> Option<Value> {
        let entries = self
            .entries
            .lock()
            .expect("idempotency cache lock poisoned");
        entries
            .get(&(account_id.to_string(), request_id.to_string()))
            .filter(|(at, _)| at.elapsed() < REPLAY_WINDOW)
            .map(|(_, data)| data.clone())
    }

    pub fn put(&self, account_id: &str, request_id: &str, data: Value) {
        let mut entries = self
            .entries
            .lock()
            .expect("idempotency cache lock poisoned");
        // Drop expired entries on the way, so the map stays bounded by ten minutes of creates.
        entries.retain(|_, (at, _)| at.elapsed() < REPLAY_WINDOW);
        entries.insert(
            (account_id.to_string(), request_id.to_string()),
            (Instant::now(), data),
        );
    }

    /// Forgets an entry, e.g. because its key was deleted.
    pub fn forget_client(&self, account_id: &str, client_id: &str) {
        let mut entries = self
            .entries
            .lock()
            .expect("idempotency cache lock poisoned");
        entries.retain(|(account, _), (_, data)| {
            !(account == account_id
                && data.get("client_id").and_then(Value::as_str) == Some(client_id))
        });
    }
}
