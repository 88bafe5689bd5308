//! OAuth 2.0 scopes (RFC 6749 section 3.3) as keys carry them: `resource:read` and
//! `resource:write`, where write implies the read of the same resource. A key stores its scopes as
//! given (sorted, once each); what it grants, and what its tokens may carry, adds the implied reads.

/// Why a key's scopes are refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScopeError {
    /// A key that can do nothing is a mistake.
    Empty,
    /// Not one of the backend's scopes.
    Unknown(String),
}

/// The read scope a scope implies: `clusters:write` → `clusters:read`.
fn implied_read(scope: &str) -> Option<String> {
    scope
        .strip_suffix(":write")
        .map(|resource| format!("{resource}:read"))
}

/// Whether a key with `scopes` (as stored) grants `scope`: it names it, or names the write of
/// the resource `scope` reads.
pub fn grants<S: AsRef<str>>(scopes: &[S], scope: &str) -> bool {
    scopes.iter().any(|own| {
        let own = own.as_ref();
        own == scope || implied_read(own).is_some_and(|read| read == scope)
    })
}

/// A key's scopes as stored: each one of `known`, sorted, duplicates removed; at least one.
pub fn normalise<S: AsRef<str>>(scopes: &[S], known: &[String]) -> Result<Vec<String>, ScopeError> {
    if scopes.is_empty() {
        return Err(ScopeError::Empty);
    }
    let mut list = Vec::with_capacity(scopes.len());
    for scope in scopes {
        let scope = scope.as_ref();
        if !known.iter().any(|k| k == scope) {
            return Err(ScopeError::Unknown(scope.to_string()));
        }
        list.push(scope.to_string());
    }
    list.sort();
    list.dedup();
    Ok(list)
}

/// What a key with `scopes` grants: its scopes and the reads its writes imply (those `known`),
/// sorted, once each.
pub fn granted(scopes: &[String], known: &[String]) -> Vec<String> {
    let mut list: Vec<String> = scopes.to_vec();
    list.extend(
        scopes
            .iter()
            .filter_map(|scope| implied_read(scope))
            .filter(|read| known.contains(read)),
    );
    list.sort();
    list.dedup();
    list
}

/// The scopes a token request asks for (RFC 6749's space-separated `scope`), if `granted` has each
/// of them; else the first one it lacks. Sorted, once each.
pub fn requested(scope: &str, granted: &[String]) -> Result<Vec<String>, String> {
    let mut list = Vec::new();
    for scope in scope.split(' ').filter(|s| !s.is_empty()) {
        if !granted.iter().any(|g| g == scope) {
            return Err(scope.to_string());
        }
        list.push(scope.to_string());
    }
    list.sort();
    list.dedup();
    Ok(list)
}

/// What a token carries now: what it was issued with, less what its key no longer grants (a
/// narrowed key narrows its live tokens at once; a widened one never widens them).
pub fn effective(issued: &[String], now_granted: &[String]) -> Vec<String> {
    issued
        .iter()
        .filter(|scope| now_granted.contains(scope))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn known() -> Vec<String> {
        names(&[
            "billing:read",
            "clusters:read",
            "clusters:write",
            "users:write",
        ])
    }

    #[test]
    fn a_keys_scopes_are_sorted_once_each_and_must_be_known_and_some() {
        assert_eq!(
            normalise(
                &["clusters:write", "billing:read", "clusters:write"],
                &known()
            ),
            Ok(names(&["billing:read", "clusters:write"]))
        );
        assert_eq!(normalise::<&str>(&[], &known()), Err(ScopeError::Empty));
        assert_eq!(
            normalise(&["clusters:read", "clusters:admin"], &known()),
            Err(ScopeError::Unknown("clusters:admin".into()))
        );
    }

    #[test]
    fn write_implies_the_read_of_its_resource_where_the_backend_has_it() {
        let granted = granted(&names(&["clusters:write", "users:write"]), &known());
        assert_eq!(
            granted,
            names(&["clusters:read", "clusters:write", "users:write"])
        );
        let key = names(&["clusters:write"]);
        assert!(grants(&key, "clusters:read") && grants(&key, "clusters:write"));
        assert!(
            !grants(&key, "users:read") && !grants(&names(&["clusters:read"]), "clusters:write")
        );
    }

    #[test]
    fn a_token_asks_for_a_subset_and_keeps_only_what_its_key_still_grants() {
        let granted = names(&["clusters:read", "clusters:write"]);
        assert_eq!(
            requested("clusters:read", &granted),
            Ok(names(&["clusters:read"]))
        );
        assert_eq!(
            requested(" clusters:write  clusters:read clusters:read", &granted),
            Ok(granted.clone())
        );
        assert_eq!(
            requested("clusters:read billing:read", &granted),
            Err("billing:read".into())
        );
        let narrowed = names(&["clusters:read"]);
        assert_eq!(effective(&granted, &narrowed), narrowed);
        assert_eq!(effective(&narrowed, &granted), narrowed, "never widened");
    }
}
