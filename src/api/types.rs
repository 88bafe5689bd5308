//! The shapes the backend sends (see api/openapi.yaml).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// An application key as listed: never carries its secret.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
pub struct Key {
    pub client_id: String,
    pub description: Option<String>,
    #[serde(deserialize_with = "rfc3339")]
    pub created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the key stops working; absent on a backend without the "expiry" feature.
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    pub expires_at: Option<DateTime<Utc>>,
    /// When its secret was last replaced; absent on a backend without the "rotate" feature.
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    pub rotated_at: Option<DateTime<Utc>>,
}

/// The contract's timestamps are RFC 3339; parsing only that (not chrono's every format) keeps
/// the parser small in the bundle.
fn rfc3339<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = <&str>::deserialize(deserializer)?;
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| serde::de::Error::custom("not an RFC 3339 timestamp"))
}

fn rfc3339_or_null<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text = Option::<&str>::deserialize(deserializer)?;
    text.map(|text| {
        DateTime::parse_from_rfc3339(text)
            .map(|at| at.with_timezone(&Utc))
            .map_err(|_| serde::de::Error::custom("not an RFC 3339 timestamp"))
    })
    .transpose()
}

impl Key {
    /// The Description column: the description, or "-".
    pub fn label(&self) -> &str {
        self.description.as_deref().unwrap_or("-")
    }

    /// How the page names the key in a sentence or a button: its description, else its Client ID.
    pub fn name(&self) -> &str {
        self.description.as_deref().unwrap_or(&self.client_id)
    }
}

/// `data` of `GET /application-keys`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct KeyList {
    pub total: u64,
    pub list: Vec<Key>,
}

/// `data` of `POST /application-keys`: the key plus its secret, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CreatedKey {
    #[serde(flatten)]
    pub key: Key,
    pub secret: Secret,
}

/// `data` of `POST /application-keys/{client_id}/rotate`: the key with its new secret, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct RotatedKey {
    #[serde(flatten)]
    pub key: Key,
    pub secret: Secret,
    /// Until when the secret before keeps working; `None`: it stopped at once.
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

/// `data` of `POST /application-keys/delete`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct DeletedKeys {
    pub deleted: Vec<String>,
    /// Gone already (or never this account's).
    pub not_found: Vec<String>,
}

/// `data` of `GET /application-keys/policy`: what this backend supports beyond the base contract.
/// A backend without that endpoint gets `Policy::default()`: the base contract, no limit shown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Policy {
    /// The account's limit on keys.
    #[serde(default)]
    pub max_keys: Option<usize>,
    /// Features by name; names this page does not know are ignored.
    #[serde(default)]
    pub features: Vec<String>,
    /// The longest lifetime a new key may have; when set, every new key must expire.
    #[serde(default)]
    pub max_expiry_days: Option<u32>,
}

impl Policy {
    pub fn can_rename(&self) -> bool {
        self.supports("rename")
    }

    pub fn can_expire(&self) -> bool {
        self.supports("expiry")
    }

    pub fn can_rotate(&self) -> bool {
        self.supports("rotate")
    }

    pub fn can_delete_many(&self) -> bool {
        self.supports("bulk_delete")
    }

    fn supports(&self, feature: &str) -> bool {
        self.features.iter().any(|f| f == feature)
    }
}

/// The signed-in console account (`data` of `GET /session`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Session {
    pub username: String,
}

/// A key's secret. Debug never prints it, and the bytes are wiped when it is dropped,
/// so the only copies left are the ones the person chose to make.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        let mut bytes = std::mem::take(&mut self.0).into_bytes();
        bytes.fill(0);
        std::hint::black_box(&bytes);
    }
}
