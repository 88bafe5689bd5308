//! The shapes the backend sends (see api/openapi.yaml).

use super::scope::Scope;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// An application key as listed: never carries its secret.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(from = "KeyOnTheWire")]
pub struct Key {
    pub client_id: String,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// Where and with which client software it was last used (optional in the contract).
    pub last_used_ip: Option<String>,
    pub last_used_user_agent: Option<String>,
    /// When the key stops working; absent on a backend without the "expiry" feature.
    pub expires_at: Option<DateTime<Utc>>,
    /// When its secret was last replaced; absent on a backend without the "rotate" feature.
    pub rotated_at: Option<DateTime<Utc>>,
    /// Its secret was found in public and switched off (until the next rotation): when, and
    /// where the scanner found it. `None` on a backend without leak reports.
    pub exposed: Option<Exposure>,
    /// The networks it may be used from, normalised by the backend; empty: from anywhere (and on
    /// a backend without the "networks" feature).
    pub allowed_networks: Vec<String>,
    /// What it may be used for: scope names as given, sorted (a `…:write` grants the `…:read` of
    /// its resource too); empty on a backend without the "scopes" feature.
    pub scopes: Vec<String>,
}

/// Where and when a key's secret was found in public.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Exposure {
    pub at: DateTime<Utc>,
    pub url: Option<String>,
}

/// The contract's timestamps are RFC 3339; parsing only that (not chrono's every format) keeps
/// the parser small in the bundle.
pub(super) fn rfc3339<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DateTime<Utc>, D::Error> {
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
#[serde(try_from = "KeyOnTheWire")]
pub struct CreatedKey {
    pub key: Key,
    pub secret: Secret,
}

/// `data` of `POST /application-keys/{client_id}/rotate`: the key with its new secret, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(try_from = "KeyOnTheWire")]
pub struct RotatedKey {
    pub key: Key,
    pub secret: Secret,
    /// Until when the secret before keeps working; `None`: it stopped at once.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

/// A key as every answer spells it: its fields, and beside them the secret in the two answers
/// that carry one. One shape, so the bundle holds one decoder for the three types (rather than
/// `#[serde(flatten)]`, whose buffering and second copy of Key's cost 2,472 B brotli).
#[derive(Deserialize)]
struct KeyOnTheWire {
    client_id: String,
    description: Option<String>,
    #[serde(deserialize_with = "rfc3339")]
    created_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    last_used_at: Option<DateTime<Utc>>,
    #[serde(default)]
    last_used_ip: Option<String>,
    #[serde(default)]
    last_used_user_agent: Option<String>,
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    expires_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    rotated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    exposed: bool,
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    exposed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    exposed_url: Option<String>,
    #[serde(default)]
    allowed_networks: Vec<String>,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    secret: Option<Secret>,
    #[serde(default, deserialize_with = "rfc3339_or_null")]
    previous_secret_expires_at: Option<DateTime<Utc>>,
}

impl KeyOnTheWire {
    fn split(self) -> (Key, Option<Secret>, Option<DateTime<Utc>>) {
        let key = Key {
            client_id: self.client_id,
            description: self.description,
            created_at: self.created_at,
            last_used_at: self.last_used_at,
            last_used_ip: self.last_used_ip,
            last_used_user_agent: self.last_used_user_agent,
            expires_at: self.expires_at,
            rotated_at: self.rotated_at,
            exposed: self.exposed_at.filter(|_| self.exposed).map(|at| Exposure {
                at,
                url: self.exposed_url,
            }),
            allowed_networks: self.allowed_networks,
            scopes: self.scopes,
        };
        (key, self.secret, self.previous_secret_expires_at)
    }
}

const NO_SECRET: &str = "the answer carries no secret";

impl From<KeyOnTheWire> for Key {
    fn from(wire: KeyOnTheWire) -> Self {
        wire.split().0
    }
}

impl TryFrom<KeyOnTheWire> for CreatedKey {
    type Error = &'static str;
    fn try_from(wire: KeyOnTheWire) -> Result<Self, Self::Error> {
        let (key, secret, _) = wire.split();
        let secret = secret.ok_or(NO_SECRET)?;
        Ok(CreatedKey { key, secret })
    }
}

impl TryFrom<KeyOnTheWire> for RotatedKey {
    type Error = &'static str;
    fn try_from(wire: KeyOnTheWire) -> Result<Self, Self::Error> {
        let (key, secret, previous_secret_expires_at) = wire.split();
        let secret = secret.ok_or(NO_SECRET)?;
        Ok(RotatedKey {
            key,
            secret,
            previous_secret_expires_at,
        })
    }
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
    /// What keys may be limited to (with the "scopes" feature), grouped by resource.
    #[serde(default)]
    pub scopes: Vec<Scope>,
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

    /// The activity log and each key's usage.
    pub fn has_activity(&self) -> bool {
        self.supports("activity")
    }

    /// Keys limited to networks.
    pub fn has_networks(&self) -> bool {
        self.supports("networks")
    }

    /// Keys limited to scopes; only with a list of them to choose from.
    pub fn has_scopes(&self) -> bool {
        self.supports("scopes") && !self.scopes.is_empty()
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

/// The caller's address as the backend sees it: `client_ip` of `GET /session` (optional in the
/// contract). Its own type, decoded only where "Add my address" is: the shell's [`Session`]
/// stays as small as the first screen needs.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct CallerAddress {
    #[serde(default)]
    pub client_ip: Option<String>,
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
