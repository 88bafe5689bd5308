//! The backend's scopes (`--scopes FILE`, else the default set): what `policy.scopes` lists, what
//! keys may be limited to and tokens may ask for. The file is JSON:
//! `{ "scopes": [ { "name": "reports:read", "resource": "reports", "access": "read",
//! "label": { "en": "Reports", "de": "Berichte" }, "description": { "en": "…" } } ] }`, labels and
//! descriptions per language (the page falls back to English, then to the name).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

/// Read and write on the four resources of a data platform.
const DEFAULT_RESOURCES: [&str; 4] = ["clusters", "warehouses", "users", "billing"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Read,
    Write,
}

/// One scope as the policy lists it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub name: String,
    pub resource: String,
    pub access: Access,
    /// By language tag; absent for the default set, whose words are the page's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<BTreeMap<String, String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<BTreeMap<String, String>>,
}

#[derive(Debug)]
pub struct ScopeCatalogue {
    scopes: Vec<Scope>,
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopesFile {
    scopes: Vec<Scope>,
}

impl Default for ScopeCatalogue {
    fn default() -> Self {
        let scopes = DEFAULT_RESOURCES
            .iter()
            .flat_map(|resource| {
                [("read", Access::Read), ("write", Access::Write)].map(|(word, access)| Scope {
                    name: format!("{resource}:{word}"),
                    resource: resource.to_string(),
                    access,
                    label: None,
                    description: None,
                })
            })
            .collect();
        Self::new(scopes).expect("the default scopes are well formed")
    }
}

impl ScopeCatalogue {
    /// Each name is `resource:read` or `resource:write` of its own fields, once.
    fn new(scopes: Vec<Scope>) -> anyhow::Result<Self> {
        if scopes.is_empty() {
            bail!("the scopes file names no scope");
        }
        let mut names: Vec<String> = Vec::new();
        for scope in &scopes {
            let access = match scope.access {
                Access::Read => "read",
                Access::Write => "write",
            };
            let expected = format!("{}:{access}", scope.resource);
            if scope.name != expected {
                bail!("the scope {:?} should be named {expected:?}", scope.name);
            }
            if scope.resource.is_empty() || scope.resource.contains([' ', ':']) {
                bail!("the scope {:?} has no usable resource name", scope.name);
            }
            if names.contains(&scope.name) {
                bail!("the scope {:?} is listed twice", scope.name);
            }
            names.push(scope.name.clone());
        }
        Ok(Self { scopes, names })
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the scopes file {}", path.display()))?;
        let file: ScopesFile = serde_json::from_str(&text)
            .with_context(|| format!("the scopes file {}", path.display()))?;
        Self::new(file.scopes).with_context(|| format!("the scopes file {}", path.display()))
    }

    pub fn scopes(&self) -> &[Scope] {
        &self.scopes
    }

    /// Every scope's name, in the catalogue's order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Every scope's name, sorted: a new key's scopes when its create names none.
    pub fn all_sorted(&self) -> Vec<String> {
        let mut all = self.names.clone();
        all.sort();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_set_is_read_and_write_on_four_resources() {
        let catalogue = ScopeCatalogue::default();
        assert_eq!(catalogue.names().len(), 8);
        assert_eq!(catalogue.names()[0], "clusters:read");
        assert_eq!(catalogue.names()[7], "billing:write");
    }

    #[test]
    fn a_file_whose_names_do_not_match_their_fields_is_refused() {
        let scope = |name: &str, resource: &str| Scope {
            name: name.into(),
            resource: resource.into(),
            access: Access::Read,
            label: None,
            description: None,
        };
        assert!(ScopeCatalogue::new(vec![scope("reports:read", "reports")]).is_ok());
        assert!(ScopeCatalogue::new(vec![scope("reports:write", "reports")]).is_err());
        assert!(ScopeCatalogue::new(vec![scope("a:read", "a"), scope("a:read", "a")]).is_err());
        assert!(ScopeCatalogue::new(vec![]).is_err());
    }
}
