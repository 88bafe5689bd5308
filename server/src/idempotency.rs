//! Memory-only replay caches for requests with a `request_id`: the create
//! (`POST /application-keys`) and the rotation (`POST /application-keys/{client_id}/rotate`). Each
//! holds its answer, secret included, for ten minutes; it is never written to disk, so after a
//! restart the secret of an earlier request can no longer be shown (the database still knows the
//! request_id was used, and the request gets a 409 instead of being done twice).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::store::keys::{CreatedKey, RotatedKey};

const REPLAY_WINDOW: Duration = Duration::from_secs(600);

/// The creates' answers, by request_id (each account's own).
pub type IdempotencyCache = ReplayCache<String, CreatedKey>;
/// The rotations' answers, by the rotated key's client_id and the request_id.
pub type RotationReplays = ReplayCache<(String, String), RotatedKey>;

/// An answer worth replaying: it names the key it is about, so that it can be forgotten with it.
pub trait Replay: Clone {
    fn client_id(&self) -> &str;
}

impl Replay for CreatedKey {
    fn client_id(&self) -> &str {
        &self.key.client_id
    }
}

impl Replay for RotatedKey {
    fn client_id(&self) -> &str {
        &self.key.client_id
    }
}

struct Entry<T> {
    at: Instant,
    answer: T,
}

impl<T> Entry<T> {
    fn is_fresh(&self) -> bool {
        self.at.elapsed() < REPLAY_WINDOW
    }
}

/// Answers by (account_id, the request's key `K`).
pub struct ReplayCache<K, T> {
    entries: Mutex<HashMap<(String, K), Entry<T>>>,
}

impl<K, T> Default for ReplayCache<K, T> {
    fn default() -> Self {
        Self {
            entries: Mutex::default(),
        }
    }
}

impl<K: Eq + Hash, T: Replay> ReplayCache<K, T> {
    /// The answer to this account's request, if still within the window.
    pub fn get(&self, account_id: &str, request: K) -> Option<T> {
        self.entries()
            .get(&(account_id.to_string(), request))
            .filter(|entry| entry.is_fresh())
            .map(|entry| entry.answer.clone())
    }

    pub fn put(&self, account_id: &str, request: K, answer: T) {
        let mut entries = self.entries();
        // Drop expired entries on the way, so the map stays bounded by ten minutes of requests.
        entries.retain(|_, entry| entry.is_fresh());
        let entry = Entry {
            at: Instant::now(),
            answer,
        };
        entries.insert((account_id.to_string(), request), entry);
    }

    /// Forgets the answers about a key, e.g. because it was deleted, or rotated so that the secret
    /// they hold no longer works.
    pub fn forget_client(&self, account_id: &str, client_id: &str) {
        self.entries().retain(|(account, _), entry| {
            !(account == account_id && entry.answer.client_id() == client_id)
        });
    }

    fn entries(&self) -> MutexGuard<'_, HashMap<(String, K), Entry<T>>> {
        self.entries
            .lock()
            .expect("idempotency cache lock poisoned")
    }
}
