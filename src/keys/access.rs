//! A key's access as a person chooses it: Full access, Read only, or Custom (None, Read or Write
//! on each resource), made from and into the backend's scope names; and the short form the list
//! shows. Which scopes a key grants is the contract's rule (`appkeys_rules::scopes::grants`: a
//! write grants the read of its resource), the one the reference server applies.

use crate::api::{Labels, Scope, ScopeAccess};
use appkeys_rules::scopes::grants;

/// What a key may do with one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    None,
    Read,
    Write,
}

/// One resource of the backend's scopes: its read and write scopes, where it has them, and the
/// server's own words for it (none for the default set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub name: String,
    pub read: Option<String>,
    pub write: Option<String>,
    pub label: Labels,
    pub description: Labels,
}

impl Resource {
    /// The levels this resource offers: None, and Read and Write where it has those scopes.
    pub fn levels(&self) -> impl Iterator<Item = Level> + '_ {
        [
            Some(Level::None),
            self.read.as_ref().map(|_| Level::Read),
            self.write.as_ref().map(|_| Level::Write),
        ]
        .into_iter()
        .flatten()
    }

    /// The scope that gives `level`; a write alone where there is no read scope.
    fn scope(&self, level: Level) -> Option<&String> {
        match level {
            Level::None => None,
            Level::Read => self.read.as_ref(),
            Level::Write => self.write.as_ref(),
        }
    }

    /// The level a key with `scopes` (as stored) has on this resource.
    fn level_in(&self, scopes: &[String]) -> Level {
        let has = |scope: &Option<String>| scope.as_ref().is_some_and(|s| scopes.contains(s));
        match (has(&self.write), has(&self.read)) {
            (true, _) => Level::Write,
            (false, true) => Level::Read,
            (false, false) => Level::None,
        }
    }
}

/// The backend's scopes by resource, in the order the policy first names each.
pub fn resources(scopes: &[Scope]) -> Vec<Resource> {
    let mut resources: Vec<Resource> = Vec::new();
    for scope in scopes {
        let index = match resources.iter().position(|r| r.name == scope.resource) {
            Some(index) => index,
            None => {
                resources.push(Resource {
                    name: scope.resource.clone(),
                    read: None,
                    write: None,
                    label: Labels::default(),
                    description: Labels::default(),
                });
                resources.len() - 1
            }
        };
        let resource = &mut resources[index];
        match scope.access {
            ScopeAccess::Read => resource.read = Some(scope.name.clone()),
            ScopeAccess::Write => resource.write = Some(scope.name.clone()),
        }
        if resource.label.is_empty() {
            resource.label = scope.label.clone();
        }
        if resource.description.is_empty() {
            resource.description = scope.description.clone();
        }
    }
    resources
}

/// The short form of a key's access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AccessSummary {
    /// Every scope the backend has.
    Full,
    /// Every read scope, and no write.
    ReadOnly,
    /// Its scopes as stored.
    Some(Vec<String>),
}

/// A key's access in short; `None` on a backend that lists no scopes or for a key without any.
/// Asked of each row of the list: it checks each of the backend's scopes against the key's,
/// without the sorted list `granted` makes (whose sort would weigh on the first load).
pub fn summary(key_scopes: &[String], scopes: &[Scope]) -> Option<AccessSummary> {
    if key_scopes.is_empty() || scopes.is_empty() {
        return None;
    }
    let grants = |scope: &Scope| grants(key_scopes, &scope.name);
    let is_read = |scope: &Scope| scope.access == ScopeAccess::Read;
    Some(if scopes.iter().all(grants) {
        AccessSummary::Full
    } else if scopes.iter().any(is_read) && scopes.iter().all(|s| grants(s) == is_read(s)) {
        AccessSummary::ReadOnly
    } else {
        AccessSummary::Some(key_scopes.to_vec())
    })
}

/// The three choices of "Access".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessMode {
    Full,
    ReadOnly,
    Custom,
}

/// Custom access that grants nothing: a key that can do nothing is a mistake.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoScope;

/// The access being chosen. The grid's levels are kept while the person tries another mode, so
/// coming back to Custom finds them as they were left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessDraft {
    mode: AccessMode,
    resources: Vec<Resource>,
    levels: Vec<Level>,
}

impl AccessDraft {
    /// For a new key: Full access, and an empty grid should the person go Custom.
    pub fn new(scopes: &[Scope]) -> Self {
        let resources = resources(scopes);
        AccessDraft {
            mode: AccessMode::Full,
            levels: vec![Level::None; resources.len()],
            resources,
        }
    }

    /// A key's access as it is, in the mode its short form names.
    pub fn of(key_scopes: &[String], scopes: &[Scope]) -> Self {
        let resources = resources(scopes);
        let mode = match summary(key_scopes, scopes) {
            Some(AccessSummary::Full) | None => AccessMode::Full,
            Some(AccessSummary::ReadOnly) => AccessMode::ReadOnly,
            Some(AccessSummary::Some(_)) => AccessMode::Custom,
        };
        AccessDraft {
            mode,
            levels: resources.iter().map(|r| r.level_in(key_scopes)).collect(),
            resources,
        }
    }

    pub fn mode(&self) -> AccessMode {
        self.mode
    }

    pub fn set_mode(&mut self, mode: AccessMode) {
        self.mode = mode;
    }

    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// The grid's level for the resource at `index`.
    pub fn level(&self, index: usize) -> Level {
        self.levels.get(index).copied().unwrap_or(Level::None)
    }

    pub fn set_level(&mut self, index: usize, level: Level) {
        if let Some(slot) = self.levels.get_mut(index) {
            *slot = level;
        }
    }

    pub fn is_full(&self) -> bool {
        self.mode == AccessMode::Full
    }

    /// The scopes to store, sorted: every scope, every read, or the grid's.
    pub fn to_send(&self) -> Result<Vec<String>, NoScope> {
        let chosen = |resource: &Resource, index: usize| match self.mode {
            AccessMode::Full => [resource.read.clone(), resource.write.clone()],
            AccessMode::ReadOnly => [resource.read.clone(), None],
            AccessMode::Custom => [resource.scope(self.level(index)).cloned(), None],
        };
        let mut list: Vec<String> = (self.resources.iter().enumerate())
            .flat_map(|(index, resource)| chosen(resource, index))
            .flatten()
            .collect();
        list.sort();
        match list.is_empty() {
            true => Err(NoScope),
            false => Ok(list),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(name: &str) -> Scope {
        let (resource, access) = name.split_once(':').unwrap();
        Scope {
            name: name.into(),
            resource: resource.into(),
            access: match access {
                "read" => ScopeAccess::Read,
                _ => ScopeAccess::Write,
            },
            label: Labels::default(),
            description: Labels::default(),
        }
    }

    fn default_set() -> Vec<Scope> {
        ["clusters", "warehouses", "users", "billing"]
            .iter()
            .flat_map(|r| [scope(&format!("{r}:read")), scope(&format!("{r}:write"))])
            .collect()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_short_form_counts_what_a_write_implies() {
        let set = default_set();
        let writes = names(&[
            "billing:write",
            "clusters:write",
            "users:write",
            "warehouses:write",
        ]);
        assert_eq!(summary(&writes, &set), Some(AccessSummary::Full));
        let reads = names(&[
            "billing:read",
            "clusters:read",
            "users:read",
            "warehouses:read",
        ]);
        assert_eq!(summary(&reads, &set), Some(AccessSummary::ReadOnly));
        let some = names(&["clusters:write"]);
        assert_eq!(
            summary(&some, &set),
            Some(AccessSummary::Some(some.clone()))
        );
        assert_eq!(summary(&[], &set), None, "a backend without scopes");
    }

    #[test]
    fn each_mode_sends_its_scopes_and_custom_sends_the_grid() {
        let set = default_set();
        let mut draft = AccessDraft::new(&set);
        assert_eq!(draft.to_send().unwrap().len(), 8);
        draft.set_mode(AccessMode::ReadOnly);
        assert_eq!(
            draft.to_send(),
            Ok(names(&[
                "billing:read",
                "clusters:read",
                "users:read",
                "warehouses:read"
            ]))
        );
        draft.set_mode(AccessMode::Custom);
        assert_eq!(draft.to_send(), Err(NoScope), "a key that can do nothing");
        draft.set_level(0, Level::Write);
        draft.set_level(3, Level::Read);
        assert_eq!(
            draft.to_send(),
            Ok(names(&["billing:read", "clusters:write"]))
        );
        draft.set_mode(AccessMode::Full);
        draft.set_mode(AccessMode::Custom);
        assert_eq!(
            draft.level(0),
            Level::Write,
            "the grid is kept across modes"
        );
    }

    #[test]
    fn a_key_opens_in_its_own_mode_and_levels() {
        let set = default_set();
        let draft = AccessDraft::of(&names(&["billing:read", "clusters:write"]), &set);
        assert_eq!(draft.mode(), AccessMode::Custom);
        let levels: Vec<Level> = (0..4).map(|i| draft.level(i)).collect();
        assert_eq!(
            levels,
            [Level::Write, Level::None, Level::None, Level::Read]
        );
        let reads = names(&[
            "billing:read",
            "clusters:read",
            "users:read",
            "warehouses:read",
        ]);
        assert_eq!(AccessDraft::of(&reads, &set).mode(), AccessMode::ReadOnly);
    }

    #[test]
    fn a_resource_offers_only_the_levels_it_has_and_keeps_the_servers_words() {
        let mut reports = scope("reports:read");
        reports.label = serde_json::from_str(r#"{"en":"Reports"}"#).unwrap();
        let set = vec![reports, scope("clusters:read"), scope("clusters:write")];
        let resources = resources(&set);
        assert_eq!(resources.len(), 2);
        assert_eq!(
            resources[0].levels().collect::<Vec<_>>(),
            [Level::None, Level::Read]
        );
        assert_eq!(resources[0].label.get("en"), Some("Reports"));
        assert_eq!(resources[1].levels().count(), 3);
    }
}
