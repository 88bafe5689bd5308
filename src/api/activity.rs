//! The activity log's and the usage's shapes (`GET /application-keys/events`, `…/{client_id}/usage`).
//! Only the detail and activity views read them, so their decoders sit in those views' chunk.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

/// One entry of the log. `kind` is the contract's `type` (`key.created`, …); a type this page
/// does not know is shown by its name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(deserialize_with = "super::types::rfc3339")]
    pub at: DateTime<Utc>,
    pub client_id: Option<String>,
    pub actor: Actor,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    #[serde(default)]
    pub details: Details,
}

/// Who did it: a console user, a program with its key, or the server itself.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Actor {
    pub kind: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub client_id: Option<String>,
}

/// The fields the known types carry (see the contract's EventType); others are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Details {
    /// A description (`key.renamed`), or a list of networks joined by ", " (`key.networks_changed`).
    #[serde(default, deserialize_with = "text_or_list")]
    pub from: Option<String>,
    #[serde(default, deserialize_with = "text_or_list")]
    pub to: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub previous_secret_expires_in: Option<u64>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub expires_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient_time")]
    pub ended_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub count: Option<u64>,
    /// Days before the key's end (`key.expiring`).
    #[serde(default)]
    pub notice_days: Option<u64>,
}

/// A string, or a list of strings joined by ", "; null is `None`.
fn text_or_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct TextOrList;
    impl<'de> serde::de::Visitor<'de> for TextOrList {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string, a list of strings or null")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Some(text.to_string()))
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Self::Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                items.push(item);
            }
            Ok(Some(items.join(", ")))
        }
    }
    d.deserialize_option(TextOrList)
}

/// A time in `details`, which a backend may leave out or null.
fn lenient_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    Ok(text.and_then(|text| {
        DateTime::parse_from_rfc3339(&text)
            .ok()
            .map(|at| at.with_timezone(&Utc))
    }))
}

/// `data` of the log: newest first; `next` is the cursor of the older page, if there is one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct EventPage {
    pub events: Vec<Event>,
    pub next: Option<String>,
}

/// Which page of the log to ask for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    pub client_id: Option<String>,
    pub kind: Option<String>,
    pub before: Option<String>,
    pub limit: u32,
}

/// One UTC day of a key's exchanges at /token, by how they ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct UsageDay {
    /// "2026-12-04".
    pub date: String,
    pub issued: u64,
    pub refused_secret: u64,
    pub refused_expired: u64,
    /// Optional in the contract: a backend without the "networks" feature leaves it out.
    #[serde(default)]
    pub refused_network: u64,
    pub rate_limited: u64,
}

/// `data` of `…/{client_id}/usage`: oldest day first, today last.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Usage {
    pub days: Vec<UsageDay>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_reads_as_the_contract_spells_it() {
        let json = r#"{"id":"7","type":"key.renamed","at":"2026-12-04T09:15:02.120433Z",
            "client_id":"k1","actor":{"kind":"user","name":"alice"},"ip":"203.0.113.7",
            "user_agent":"Mozilla/5.0","details":{"from":"CI","to":"nightly","extra":[1]}}"#;
        let event: Event = serde_json::from_str(json).unwrap();
        assert_eq!(event.kind, "key.renamed");
        assert_eq!(event.actor.name.as_deref(), Some("alice"));
        assert_eq!(event.details.from.as_deref(), Some("CI"));
        assert_eq!(event.details.to.as_deref(), Some("nightly"));
    }

    #[test]
    fn a_system_event_has_no_address_and_its_time_in_details() {
        let json = r#"{"id":"9","type":"key.expired","at":"2026-12-04T09:15:02Z",
            "client_id":"k1","actor":{"kind":"system"},"ip":null,"user_agent":null,
            "details":{"expires_at":"2026-12-04T09:15:00Z"}}"#;
        let event: Event = serde_json::from_str(json).unwrap();
        assert_eq!(event.actor.kind, "system");
        assert!(event.ip.is_none());
        assert!(event.details.expires_at.is_some());
    }
}
