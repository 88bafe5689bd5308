//! A key's access and the backend's resources in the viewer's language: the default set's words
//! are the catalogue's, a server's own set brings its words (English when it has none in the
//! viewer's language, else the resource's name).

use crate::i18n::{I18n, Text};
use crate::keys::{AccessSummary, Level, Resource};

/// "Full access", "Read only" or "3 scopes".
pub fn access_text(i18n: &I18n, summary: &AccessSummary) -> String {
    match summary {
        AccessSummary::Full => i18n.t(Text::AccessFull).to_string(),
        AccessSummary::ReadOnly => i18n.t(Text::AccessReadOnly).to_string(),
        AccessSummary::Some(scopes) => i18n.n(Text::ScopeCount, scopes.len(), &[]),
    }
}

/// The scopes a key stores, as a program asks for them: space-separated.
pub fn access_names(scopes: &[String]) -> String {
    // Joined by hand: `[String]::join` costs the first module more (see the list's lock).
    let mut names = String::new();
    for scope in scopes {
        if !names.is_empty() {
            names.push(' ');
        }
        names.push_str(scope);
    }
    names
}

/// The default set's words for a resource.
fn default_words(resource: &str) -> Option<(Text, Text)> {
    Some(match resource {
        "clusters" => (Text::ScopeClusters, Text::ScopeClustersHint),
        "warehouses" => (Text::ScopeWarehouses, Text::ScopeWarehousesHint),
        "users" => (Text::ScopeUsers, Text::ScopeUsersHint),
        "billing" => (Text::ScopeBilling, Text::ScopeBillingHint),
        _ => return None,
    })
}

/// The resource's name in the grid.
pub(super) fn resource_label(i18n: &I18n, resource: &Resource) -> String {
    match (
        resource.label.get(i18n.lang().tag()),
        default_words(&resource.name),
    ) {
        (Some(words), _) => words.to_string(),
        (None, Some((label, _))) => i18n.t(label).to_string(),
        (None, None) => resource.name.clone(),
    }
}

/// What the resource is, under its name; nothing when the server says nothing of its own.
pub(super) fn resource_hint(i18n: &I18n, resource: &Resource) -> Option<String> {
    let own = resource.description.get(i18n.lang().tag());
    match (
        own,
        resource.label.is_empty(),
        default_words(&resource.name),
    ) {
        (Some(words), _, _) => Some(words.to_string()),
        (None, true, Some((_, hint))) => Some(i18n.t(hint).to_string()),
        _ => None,
    }
}

pub(super) fn level_text(i18n: &I18n, level: Level) -> &'static str {
    i18n.t(match level {
        Level::None => Text::LevelNone,
        Level::Read => Text::LevelRead,
        Level::Write => Text::LevelWrite,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Scope, ScopeAccess};
    use crate::i18n::Lang;
    use crate::keys::AccessDraft;

    fn scope(name: &str, label: &str) -> Scope {
        let (resource, _) = name.split_once(':').unwrap();
        Scope {
            name: name.into(),
            resource: resource.into(),
            access: ScopeAccess::Read,
            label: serde_json::from_str(label).unwrap(),
            description: Default::default(),
        }
    }

    #[test]
    fn the_default_set_speaks_the_catalogue_and_a_custom_one_its_own_words() {
        let en = I18n::for_tests(Lang::En);
        let set = [
            scope("clusters:read", "{}"),
            scope("reports:read", r#"{"en":"Reports","de":"Berichte"}"#),
            scope("queues:read", "{}"),
        ];
        let draft = AccessDraft::new(&set);
        let labels: Vec<String> = draft
            .resources()
            .iter()
            .map(|r| resource_label(&en, r))
            .collect();
        assert_eq!(labels, ["Clusters", "Reports", "queues"]);
        let hints: Vec<Option<String>> = draft
            .resources()
            .iter()
            .map(|r| resource_hint(&en, r))
            .collect();
        assert_eq!(
            hints[0].as_deref(),
            Some("Compute clusters: list them; with Write, also create, resize and stop them.")
        );
        assert_eq!(hints[1..], [None, None]);
    }

    #[test]
    fn access_reads_in_short() {
        let en = I18n::for_tests(Lang::En);
        assert_eq!(access_text(&en, &AccessSummary::Full), "Full access");
        let some = AccessSummary::Some(vec!["a:read".into(), "b:write".into(), "c:read".into()]);
        assert_eq!(access_text(&en, &some), "3 scopes");
        assert_eq!(
            access_names(&["a:read".into(), "b:write".into()]),
            "a:read b:write"
        );
    }
}
