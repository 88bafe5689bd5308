//! The backend's scopes as the policy lists them (servers with the "scopes" feature).

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// One scope: `clusters:read` is read on the resource `clusters`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Scope {
    pub name: String,
    pub resource: String,
    pub access: ScopeAccess,
    /// The server's own words for it, for a set other than the default one (whose words are
    /// the page's catalogue's).
    #[serde(default)]
    pub label: Labels,
    #[serde(default)]
    pub description: Labels,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeAccess {
    Read,
    Write,
}

/// "read" or "write", read as a string: a derived enum decoder costs the first load 1 KB.
impl<'de> Deserialize<'de> for ScopeAccess {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match String::deserialize(deserializer)?.as_str() {
            "read" => Ok(ScopeAccess::Read),
            "write" => Ok(ScopeAccess::Write),
            _ => Err(serde::de::Error::custom("access is read or write")),
        }
    }
}

/// Words by language tag, as `{"en": "Reports", "de": "Berichte"}` spells them. A list, not a
/// map: a handful of entries, read rarely, and no map type's code in the first load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labels(Vec<(String, String)>);

impl Labels {
    /// The words for `tag` (`de-CH` takes `de`, `zh-CN` takes `zh`), else English; `None` when
    /// the server gave none.
    pub fn get(&self, tag: &str) -> Option<&str> {
        let primary = |t: &str| t.split('-').next().unwrap_or_default().to_ascii_lowercase();
        let find = |wanted: &str| {
            self.0
                .iter()
                .find(|(t, _)| t.eq_ignore_ascii_case(wanted))
                .or_else(|| self.0.iter().find(|(t, _)| primary(t) == primary(wanted)))
                .map(|(_, words)| words.as_str())
        };
        find(tag).or_else(|| find("en"))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ByTag;
        impl<'de> Visitor<'de> for ByTag {
            type Value = Labels;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of words by language tag")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Labels, A::Error> {
                let mut words = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    words.push(entry);
                }
                Ok(Labels(words))
            }
        }
        deserializer.deserialize_map(ByTag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_custom_scope_reads_with_its_words_and_a_default_one_without() {
        let json = r#"[{"name":"reports:read","resource":"reports","access":"read",
            "label":{"en":"Reports","de":"Berichte"},"description":{"en":"Read reports"}},
            {"name":"clusters:write","resource":"clusters","access":"write"}]"#;
        let scopes: Vec<Scope> = serde_json::from_str(json).unwrap();
        assert_eq!(scopes[0].access, ScopeAccess::Read);
        assert_eq!(scopes[0].label.get("de"), Some("Berichte"));
        assert_eq!(scopes[0].label.get("de-CH"), Some("Berichte"));
        assert_eq!(
            scopes[0].label.get("zh-CN"),
            Some("Reports"),
            "English when missing"
        );
        assert_eq!(scopes[0].description.get("de"), Some("Read reports"));
        assert!(scopes[1].label.is_empty());
        assert_eq!(scopes[1].label.get("en"), None);
        let without_access = r#"[{"name":"a:read","resource":"a"}]"#;
        assert!(serde_json::from_str::<Vec<Scope>>(without_access).is_err());
        let unknown = r#"[{"name":"a:read","resource":"a","access":"admin"}]"#;
        assert!(serde_json::from_str::<Vec<Scope>>(unknown).is_err());
    }
}
