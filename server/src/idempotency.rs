//! Memory-only replay cache for `POST /application-keys` with a `request_id`. It holds the created
//! key, secret included, for ten minutes; it is never written to disk, so after a restart the
//! secret of an earlier create can no longer be shown.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::store::keys::CreatedKey;

const REPLAY_WINDOW: Duration = Duration::from_secs(600);

struct Entry {
    at: Instant,
    created: CreatedKey,
}

impl Entry {
    fn is_fresh(&self) -> bool {
        self.at.elapsed() < REPLAY_WINDOW
    }
}

/// Entries by (account_id, request_id).
#[derive(Default)]
pub struct IdempotencyCache {
    entries: Mutex<HashMap<(String, String), Entry>>,
}

impl IdempotencyCache {
    /// The key this account's request id created, if still within the window.
    pub fn get(&self, account_id: &str, request_id: &str) -> Option<CreatedKey> {
        self.entries()
            .get(&(account_id.to_string(), request_id.to_string()))
            .filter(|entry| entry.is_fresh())
            .map(|entry| entry.created.clone())
    }

    pub fn put(&self, account_id: &str, request_id: &str, created: CreatedKey) {
        let mut entries = self.entries();
        // Drop expired entries on the way, so the map stays bounded by ten minutes of creates.
        entries.retain(|_, entry| entry.is_fresh());
        let entry = Entry {
            at: Instant::now(),
            created,
        };
        entries.insert((account_id.to_string(), request_id.to_string()), entry);
    }

    /// Forgets the entry of a key, e.g. because it was deleted.
    pub fn forget_client(&self, account_id: &str, client_id: &str) {
        self.entries().retain(|(account, _), entry| {
            !(account == account_id && entry.created.key.client_id == client_id)
        });
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<(String, String), Entry>> {
        self.entries
            .lock()
            .expect("idempotency cache lock poisoned")
    }
}
