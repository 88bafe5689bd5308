//! The keys that sign leak reports (`--scanning-keys FILE`), in the shape GitHub publishes its own
//! at https://api.github.com/meta/public_keys/secret_scanning:
//! `{ "public_keys": [ { "key_identifier", "key" (PEM), "is_current" } ] }`. Keys that are no
//! longer current still verify: GitHub rotates them, and reports signed just before still come.

use std::path::Path;

use anyhow::Context;
use base64::Engine;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use p256::pkcs8::DecodePublicKey;
use serde::Deserialize;

#[derive(Deserialize)]
struct KeysFile {
    public_keys: Vec<PublishedKey>,
}

#[derive(Deserialize)]
struct PublishedKey {
    key_identifier: String,
    key: String,
}

pub struct ScanningKeys(Vec<(String, VerifyingKey)>);

impl ScanningKeys {
    /// The file's keys; a file that cannot be read or holds a key that is not a P-256 public key
    /// in PEM stops the server at start, naming what is wrong.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("--scanning-keys {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("--scanning-keys {}", path.display()))
    }

    fn parse(text: &str) -> anyhow::Result<Self> {
        let file: KeysFile = serde_json::from_str(text)?;
        let keys = file
            .public_keys
            .into_iter()
            .map(|published| {
                let key = VerifyingKey::from_public_key_pem(&published.key).map_err(|e| {
                    anyhow::anyhow!(
                        "key {}: not a P-256 public key: {e}",
                        published.key_identifier
                    )
                })?;
                Ok((published.key_identifier, key))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        anyhow::ensure!(!keys.is_empty(), "no public_keys");
        Ok(Self(keys))
    }

    /// Whether `signature` (base64 of an ASN.1 DER ECDSA signature, as GitHub sends it) is the
    /// key `key_id`'s over `body` with SHA-256.
    pub fn verify(&self, key_id: &str, signature: &str, body: &[u8]) -> bool {
        let Some((_, key)) = self.0.iter().find(|(id, _)| id == key_id) else {
            return false;
        };
        let Ok(der) = base64::engine::general_purpose::STANDARD.decode(signature.trim()) else {
            return false;
        };
        let Ok(signature) = Signature::from_der(&der) else {
            return false;
        };
        key.verify(body, &signature).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::SigningKey;
    use p256::pkcs8::{EncodePublicKey, LineEnding};

    fn signing_key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32].into()).unwrap()
    }

    fn file(keys: &[(&str, &SigningKey, bool)]) -> String {
        let keys: Vec<_> = keys
            .iter()
            .map(|(id, key, current)| {
                let pem = key
                    .verifying_key()
                    .to_public_key_pem(LineEnding::LF)
                    .unwrap();
                serde_json::json!({ "key_identifier": id, "key": pem, "is_current": current })
            })
            .collect();
        serde_json::json!({ "public_keys": keys }).to_string()
    }

    fn sign(key: &SigningKey, body: &[u8]) -> String {
        let signature: Signature = key.sign(body);
        base64::engine::general_purpose::STANDARD.encode(signature.to_der().as_bytes())
    }

    #[test]
    fn current_and_earlier_keys_verify_what_they_signed_and_nothing_else() {
        let (new, old, stranger) = (signing_key(7), signing_key(8), signing_key(9));
        let keys =
            ScanningKeys::parse(&file(&[("new", &new, true), ("old", &old, false)])).unwrap();
        let body =
            br#"[{"token":"aks_x","type":"appkeys_secret","url":"https://x","source":"content"}]"#;
        assert!(keys.verify("new", &sign(&new, body), body));
        assert!(keys.verify("old", &sign(&old, body), body));
        assert!(
            !keys.verify("new", &sign(&old, body), body),
            "another key's signature"
        );
        assert!(!keys.verify("new", &sign(&stranger, body), body));
        assert!(!keys.verify("unknown", &sign(&new, body), body));
        assert!(
            !keys.verify("new", &sign(&new, body), b"[]"),
            "another body"
        );
        assert!(!keys.verify("new", "not base64!", body));
    }

    #[test]
    fn a_file_without_a_usable_key_is_refused_with_what_is_wrong() {
        let error = ScanningKeys::parse(
            r#"{"public_keys":[{"key_identifier":"k","key":"nope","is_current":true}]}"#,
        )
        .err()
        .unwrap();
        assert!(
            error.to_string().contains("key k: not a P-256 public key"),
            "{error}"
        );
        assert!(ScanningKeys::parse(r#"{"public_keys":[]}"#).is_err());
        assert!(ScanningKeys::parse("[]").is_err());
    }
}
