//! The answers of creates and rotations with a `request_id`, sealed for their replay window. A
//! retry may reach another instance (or this one after a restart), so the answer, secret included,
//! is kept in the database (`store::replays`) for ten minutes; but never in a form the database
//! alone can read: it is encrypted with ChaCha20-Poly1305 under a key derived (HKDF-SHA256) from
//! the client's session credential and the request_id. The database holds only the credential's
//! digest, so a copy of it (a backup, a replica, a curious operator) cannot open the answer; the
//! client that retries holds both and gets its answer back. A retry from another session cannot
//! open it either, and is told that the key exists instead (409), as after the window.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::TimeDelta;
use hkdf::Hkdf;
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::Sha256;

/// How long a retry gets the first answer.
pub const REPLAY_WINDOW: TimeDelta = TimeDelta::minutes(10);

/// Separates these keys from any other use of the credential.
const SALT: &[u8] = b"appkeys-server request_id replay v1";
const NONCE_LEN: usize = 12;

/// What a replayable request is: the request_id, in a scope (`"create"`, or the client_id of the
/// rotated key), with the key that seals and opens its answer.
#[derive(Clone)]
pub struct Replayable {
    pub request_id: String,
    pub scope: String,
    key: Key,
}

impl Replayable {
    /// The request `request_id` in `scope` of the client holding the session `credential`.
    pub fn new(credential: &str, scope: &str, request_id: &str) -> Self {
        let mut key = Key::default();
        // The info binds the key to this one request: another request_id (or scope) gets another.
        let info = [scope.as_bytes(), b"\0", request_id.as_bytes()].concat();
        Hkdf::<Sha256>::new(Some(SALT), credential.as_bytes())
            .expand(&info, &mut key)
            .expect("32 bytes is a valid HKDF-SHA256 length");
        Self {
            request_id: request_id.to_string(),
            scope: scope.to_string(),
            key,
        }
    }

    /// The answer encrypted, with its nonce in front; `account_id` is bound to it as associated data.
    pub fn seal(&self, account_id: &str, answer: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the OS random number generator works");
        let sealed = ChaCha20Poly1305::new(&self.key)
            .encrypt(Nonce::from_slice(&nonce), self.payload(account_id, answer))
            .expect("encrypting in memory cannot fail");
        [nonce.as_slice(), &sealed].concat()
    }

    /// The answer, if it was sealed for this request and credential.
    pub fn open(&self, account_id: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        let (nonce, sealed) = sealed.split_at_checked(NONCE_LEN)?;
        ChaCha20Poly1305::new(&self.key)
            .decrypt(Nonce::from_slice(nonce), self.payload(account_id, sealed))
            .ok()
    }

    /// The answer, serialised and sealed.
    pub fn seal_answer(&self, account_id: &str, answer: &impl Serialize) -> Vec<u8> {
        let json = serde_json::to_vec(answer).expect("answers serialise");
        self.seal(account_id, &json)
    }

    /// The answer sealed for this request and credential, if it is one.
    pub fn open_answer<T: DeserializeOwned>(&self, account_id: &str, sealed: &[u8]) -> Option<T> {
        serde_json::from_slice(&self.open(account_id, sealed)?).ok()
    }

    fn payload<'a>(&self, account_id: &'a str, msg: &'a [u8]) -> Payload<'a, 'a> {
        Payload {
            msg,
            aad: account_id.as_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_credential_and_request_open_an_answer() {
        let request = Replayable::new("session-token", "create", "retry-me");
        let sealed = request.seal("alice", b"the secret");
        assert!(!sealed.windows(10).any(|w| w == b"the secret"));
        let again = Replayable::new("session-token", "create", "retry-me");
        assert_eq!(
            again.open("alice", &sealed).as_deref(),
            Some(&b"the secret"[..])
        );
        assert_eq!(again.open("bob", &sealed), None);
        assert_eq!(
            Replayable::new("other-session", "create", "retry-me").open("alice", &sealed),
            None
        );
        assert_eq!(
            Replayable::new("session-token", "create", "other").open("alice", &sealed),
            None
        );
        assert_eq!(
            Replayable::new("session-token", "some-key", "retry-me").open("alice", &sealed),
            None
        );
        assert_eq!(again.open("alice", &sealed[..5]), None);
    }
}
