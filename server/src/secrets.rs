//! Secret material: generation from the OS CSPRNG, the SHA-256 digests that are all the database ever
//! stores, constant-time comparison, and Argon2 password hashing.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Length of session and access tokens: 43 × log2(62) ≈ 256 bits.
const TOKEN_LEN: usize = 43;

/// `len` characters from [A-Za-z0-9], uniformly, from the OS CSPRNG.
pub fn random_alphanumeric(len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        getrandom::fill(&mut buf).expect("the OS random number generator failed");
        // Rejection sampling: 248 = 4 × 62, so bytes below it map to the alphabet without bias.
        for &b in buf.iter().filter(|&&b| b < 248) {
            if out.len() == len {
                break;
            }
            out.push(ALPHANUMERIC[(b % 62) as usize] as char);
        }
    }
    out
}

pub fn new_token() -> String {
    random_alphanumeric(TOKEN_LEN)
}

/// SHA-256 of a high-entropy secret or token. A fast hash is enough here because the input is random,
/// not a human-chosen password.
pub fn digest(value: &str) -> Vec<u8> {
    Sha256::digest(value.as_bytes()).to_vec()
}

/// Compares a stored digest with the digest of a presented value without leaking where they differ.
pub fn digest_matches(stored: &[u8], presented: &str) -> bool {
    stored.ct_eq(&digest(presented)).into()
}

/// Argon2id hasher: the crate's defaults (OWASP's recommendation) unless `light` is asked for, which
/// only tests and demos use so that signing in costs milliseconds in a debug build.
fn password_hasher(light: bool) -> Argon2<'static> {
    if light {
        let params = Params::new(1024, 1, 1, None).expect("valid Argon2 parameters");
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
    } else {
        Argon2::default()
    }
}

pub fn hash_password(password: &str, light: bool) -> String {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).expect("the OS random number generator failed");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes is a valid salt");
    password_hasher(light)
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 hashing with valid parameters cannot fail")
        .to_string()
}

/// Verifies with the parameters recorded in the PHC string itself.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(hash) => Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_strings_are_alphanumeric_and_differ() {
        let s = random_alphanumeric(40);
        assert_eq!(s.len(), 40);
        assert!(s.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(s, random_alphanumeric(40));
    }

    #[test]
    fn digests_compare() {
        let d = digest("abc");
        assert!(digest_matches(&d, "abc"));
        assert!(!digest_matches(&d, "abd"));
    }

    #[test]
    fn passwords_verify() {
        let h = hash_password("pw", true);
        assert!(verify_password("pw", &h));
        assert!(!verify_password("px", &h));
    }
}
