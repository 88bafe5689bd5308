//! The account's keys as the page knows them, and every rule about changing them.

use crate::api::Key;
use crate::text::lowercase;
use std::sync::Arc;

/// Where the list stands with the backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Load {
    Loading,
    Ready,
    /// The sentence that says why the list could not be loaded.
    Failed(String),
}

/// What the page's body shows. Changes rarely, so the table is not rebuilt while keys change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Loading,
    Failed(String),
    Empty,
    List,
}

/// One key, as a view of it (its details) finds it in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The list is on its way.
    Loading,
    /// The list could not be loaded: whether the key exists is not known.
    Failed(String),
    Found(Arc<Key>),
    /// Not in the account's list: deleted, or never one of its keys.
    Gone,
}

/// The keys in the backend's order (newest first), with the load state and the filter.
///
/// Keys are `Arc`s: the table's rows and the dialogs share them without copying descriptions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyStore {
    load: Load,
    keys: Vec<Arc<Key>>,
    filter: String,
}

impl Default for KeyStore {
    fn default() -> Self {
        KeyStore {
            load: Load::Loading,
            keys: Vec::new(),
            filter: String::new(),
        }
    }
}

impl KeyStore {
    /// A (re)load has started; the keys already shown stay until the answer.
    pub fn begin_load(&mut self) {
        self.load = Load::Loading;
    }

    /// The backend's answer to a load: the list replaces what was there, in the order sent (the
    /// backend knows the exact creation order; timestamps may be coarser), or the failure is kept.
    pub fn finish_load(&mut self, answer: Result<Vec<Key>, String>) {
        match answer {
            Ok(list) => {
                self.keys = list.into_iter().map(Arc::new).collect();
                self.load = Load::Ready;
            }
            Err(message) => self.load = Load::Failed(message),
        }
    }

    /// A key the person just created: first, the newest, and visible (the filter is cleared).
    /// The load state is left alone: after a failed load the list is still incomplete.
    pub fn insert(&mut self, key: Key) -> Arc<Key> {
        let key = Arc::new(key);
        self.keys.retain(|k| k.client_id != key.client_id);
        self.keys.insert(0, key.clone());
        self.filter.clear();
        key
    }

    /// A key the backend changed (renamed): it takes the old one's place, so the row stays where
    /// the person left it. Returns the old one, if the store had it.
    pub fn replace(&mut self, key: Key) -> Option<Arc<Key>> {
        let at = self
            .keys
            .iter()
            .position(|k| k.client_id == key.client_id)?;
        Some(std::mem::replace(&mut self.keys[at], Arc::new(key)))
    }

    /// A key that is gone from the backend. Returns it, if the store had it.
    pub fn remove(&mut self, client_id: &str) -> Option<Arc<Key>> {
        let at = self.keys.iter().position(|k| k.client_id == client_id)?;
        Some(self.keys.remove(at))
    }

    pub fn set_filter(&mut self, text: String) {
        self.filter = text;
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// The last load failed: keys created since are known, the rest are not.
    pub fn is_incomplete(&self) -> bool {
        matches!(self.load, Load::Failed(_))
    }

    /// The account holds `max` keys or more, as far as the page knows (not while the list is
    /// unknown). No limit, no answer.
    pub fn is_at_limit(&self, max: Option<usize>) -> bool {
        max.is_some_and(|max| self.load == Load::Ready && self.len() >= max)
    }

    /// The keys whose secret was found in public, in list order.
    pub fn exposed(&self) -> Vec<Arc<Key>> {
        self.keys
            .iter()
            .filter(|key| key.exposed.is_some())
            .cloned()
            .collect()
    }

    /// Every key, in list order, whatever the filter.
    pub fn all(&self) -> &[Arc<Key>] {
        &self.keys
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// What the body shows: a failure wins, keys known so far are shown while reloading.
    pub fn body(&self) -> Body {
        match &self.load {
            Load::Failed(message) => Body::Failed(message.clone()),
            Load::Loading if self.is_empty() => Body::Loading,
            _ if self.is_empty() => Body::Empty,
            _ => Body::List,
        }
    }

    /// The key with this Client ID. Keys known before a reload stay found while it runs; one the
    /// list does not hold is gone only once the list has loaded.
    pub fn lookup(&self, client_id: &str) -> Lookup {
        if let Some(key) = self.keys.iter().find(|key| key.client_id == client_id) {
            return Lookup::Found(key.clone());
        }
        match &self.load {
            Load::Loading => Lookup::Loading,
            Load::Failed(message) => Lookup::Failed(message.clone()),
            Load::Ready => Lookup::Gone,
        }
    }

    /// The keys the filter lets through, in list order: a case-insensitive match on the
    /// description, the Client ID, an allowed network (as written: `10.0.0` finds `10.0.0.0/24`;
    /// an address inside a range is not looked up, which would put an address parser into the
    /// first load) or, for text with a colon, a scope (`clusters:w`; "billing" alone would find
    /// every key with full access besides the one named after it).
    pub fn visible(&self) -> Vec<Arc<Key>> {
        let needle = lowercase(self.filter.trim());
        self.keys
            .iter()
            .filter(|key| matches(key, &needle))
            .cloned()
            .collect()
    }
}

/// `needle` is already lower-case.
fn matches(key: &Key, needle: &str) -> bool {
    needle.is_empty()
        || lowercase(&key.client_id).contains(needle)
        || key
            .description
            .as_deref()
            .is_some_and(|d| lowercase(d).contains(needle))
        || key
            .allowed_networks
            .iter()
            .any(|net| lowercase(net).contains(needle))
        || (needle.contains(':') && key.scopes.iter().any(|scope| scope.contains(needle)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn key(client_id: &str, description: Option<&str>, created_at: &str) -> Key {
        Key {
            client_id: client_id.into(),
            description: description.map(Into::into),
            created_at: DateTime::parse_from_rfc3339(created_at).unwrap().into(),
            last_used_at: None,
            last_used_ip: None,
            last_used_user_agent: None,
            expires_at: None,
            rotated_at: None,
            exposed: None,
            allowed_networks: vec![],
            scopes: vec![],
        }
    }

    fn ids(keys: &[Arc<Key>]) -> Vec<&str> {
        keys.iter().map(|k| k.client_id.as_str()).collect()
    }

    fn loaded(keys: Vec<Key>) -> KeyStore {
        let mut store = KeyStore::default();
        store.finish_load(Ok(keys));
        store
    }

    #[test]
    fn a_key_is_found_gone_or_not_known_yet() {
        let mut store = KeyStore::default();
        assert_eq!(store.lookup("a"), Lookup::Loading);
        store.finish_load(Err("offline".into()));
        assert_eq!(store.lookup("a"), Lookup::Failed("offline".into()));
        store.finish_load(Ok(vec![key("a", None, "2026-11-26T21:14:43Z")]));
        assert!(matches!(store.lookup("a"), Lookup::Found(key) if key.client_id == "a"));
        assert_eq!(store.lookup("b"), Lookup::Gone);
        store.begin_load();
        assert!(matches!(store.lookup("a"), Lookup::Found(_)));
        store.remove("a");
        assert_eq!(store.lookup("a"), Lookup::Loading);
    }

    #[test]
    fn the_exposed_keys_are_those_with_an_exposure() {
        let mut found = key("b", None, "2026-11-26T21:14:43Z");
        found.exposed = Some(crate::api::Exposure {
            at: DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
                .unwrap()
                .into(),
            url: None,
        });
        let store = loaded(vec![key("a", None, "2026-11-27T08:00:00Z"), found]);
        assert_eq!(ids(&store.exposed()), ["b"]);
    }

    #[test]
    fn starts_loading_with_nothing_to_show() {
        let store = KeyStore::default();
        assert_eq!(store.body(), Body::Loading);
        assert!(store.visible().is_empty());
    }

    #[test]
    fn a_loaded_list_keeps_the_backends_order_even_within_one_second() {
        let store = loaded(vec![
            key("c", None, "2026-11-26T21:14:43Z"),
            key("b", None, "2026-11-20T08:00:00Z"),
            key("a", None, "2026-11-20T08:00:00Z"),
        ]);
        assert_eq!(ids(&store.visible()), ["c", "b", "a"]);
        assert_eq!(store.body(), Body::List);
        assert_eq!(store.load, Load::Ready);
    }

    #[test]
    fn an_empty_account_is_empty_not_loading() {
        assert_eq!(loaded(vec![]).body(), Body::Empty);
    }

    #[test]
    fn a_failed_load_shows_the_failure_even_with_keys_from_before() {
        let mut store = loaded(vec![key("a", None, "2026-11-20T08:00:00Z")]);
        store.begin_load();
        assert_eq!(store.body(), Body::List, "keys stay while reloading");
        store.finish_load(Err("Could not reach the server.".into()));
        assert_eq!(
            store.body(),
            Body::Failed("Could not reach the server.".into())
        );
        store.begin_load();
        store.finish_load(Ok(vec![]));
        assert_eq!(store.body(), Body::Empty, "a retry that works clears it");
    }

    #[test]
    fn a_created_key_comes_first_and_clears_the_filter() {
        let mut store = loaded(vec![
            key("new", None, "2026-11-26T08:00:00Z"),
            key("old", None, "2026-11-20T08:00:00Z"),
        ]);
        store.set_filter("old".into());
        assert_eq!(ids(&store.visible()), ["old"]);
        // Stamped in the same second as the newest listed key: still first.
        store.insert(key("created", Some("ci"), "2026-11-26T08:00:00Z"));
        assert_eq!(store.filter(), "");
        assert_eq!(ids(&store.visible()), ["created", "new", "old"]);
    }

    #[test]
    fn inserting_a_key_twice_keeps_one() {
        let mut store = loaded(vec![]);
        store.insert(key("a", None, "2026-11-20T08:00:00Z"));
        store.insert(key("a", None, "2026-11-20T08:00:00Z"));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn a_create_after_a_failed_load_does_not_pretend_the_list_loaded() {
        let mut store = KeyStore::default();
        store.finish_load(Err("down".into()));
        store.insert(key("a", None, "2026-11-20T08:00:00Z"));
        assert_eq!(store.body(), Body::Failed("down".into()));
        assert!(store.is_incomplete());
    }

    #[test]
    fn a_create_while_loading_shows_the_key() {
        let mut store = KeyStore::default();
        store.insert(key("a", None, "2026-11-20T08:00:00Z"));
        assert_eq!(store.body(), Body::List);
    }

    #[test]
    fn remove_takes_out_one_key_and_says_which() {
        let mut store = loaded(vec![
            key("a", None, "2026-11-20T08:00:00Z"),
            key("b", None, "2026-11-21T08:00:00Z"),
        ]);
        assert_eq!(
            store.remove("a").map(|k| k.client_id.clone()),
            Some("a".into())
        );
        assert_eq!(store.remove("a"), None);
        assert_eq!(ids(&store.visible()), ["b"]);
        store.remove("b");
        assert_eq!(store.body(), Body::Empty);
    }

    #[test]
    fn the_limit_is_reached_only_by_a_loaded_list() {
        let mut store = KeyStore::default();
        assert!(!store.is_at_limit(Some(0)), "not while loading");
        store.finish_load(Ok(vec![key("a", None, "2026-11-20T08:00:00Z")]));
        assert!(store.is_at_limit(Some(1)));
        assert!(!store.is_at_limit(Some(2)));
        assert!(!store.is_at_limit(None));
        store.remove("a");
        assert!(!store.is_at_limit(Some(1)));
    }

    #[test]
    fn a_renamed_key_keeps_its_place_and_the_filter_sees_the_new_name() {
        let mut store = loaded(vec![
            key("b", Some("billing"), "2026-11-21T08:00:00Z"),
            key("a", Some("ci"), "2026-11-20T08:00:00Z"),
        ]);
        store.set_filter("export".into());
        assert!(store.visible().is_empty());
        let old = store.replace(key("a", Some("export"), "2026-11-20T08:00:00Z"));
        assert_eq!(old.unwrap().description.as_deref(), Some("ci"));
        assert_eq!(ids(&store.visible()), ["a"]);
        store.set_filter(String::new());
        assert_eq!(ids(&store.visible()), ["b", "a"]);
        assert_eq!(
            store.replace(key("gone", None, "2026-11-20T08:00:00Z")),
            None
        );
        assert_eq!(store.len(), 2, "a key the store did not have is not added");
    }

    #[test]
    fn the_filter_matches_an_allowed_network_as_written() {
        let mut office = key("a", Some("office"), "2026-11-20T08:00:00Z");
        office.allowed_networks = vec!["10.0.0.0/24".into(), "2001:db8::/32".into()];
        let mut store = loaded(vec![office, key("b", None, "2026-11-21T08:00:00Z")]);
        for needle in ["10.0.0", "2001:DB8", "/24"] {
            store.set_filter(needle.into());
            assert_eq!(ids(&store.visible()), ["a"], "{needle}");
        }
        store.set_filter("192.0.2".into());
        assert!(store.visible().is_empty());
    }

    #[test]
    fn the_filter_matches_a_scope_name() {
        let mut reader = key("a", Some("reader"), "2026-11-20T08:00:00Z");
        reader.scopes = vec!["billing:read".into(), "clusters:write".into()];
        let mut store = loaded(vec![reader, key("b", None, "2026-11-21T08:00:00Z")]);
        for needle in ["clusters:write", "BILLING:", "billing:r"] {
            store.set_filter(needle.into());
            assert_eq!(ids(&store.visible()), ["a"], "{needle}");
        }
        for needle in ["users:", "billing"] {
            store.set_filter(needle.into());
            assert!(store.visible().is_empty(), "{needle}");
        }
    }

    #[test]
    fn the_filter_matches_description_or_client_id_ignoring_case_and_spaces() {
        let mut store = loaded(vec![
            key(
                "00000000-aaaa",
                Some("Billing Export"),
                "2026-11-20T08:00:00Z",
            ),
            key("00000000-bbbb", None, "2026-11-21T08:00:00Z"),
        ]);
        store.set_filter("  billing ".into());
        assert_eq!(ids(&store.visible()), ["00000000-aaaa"]);
        store.set_filter("BBBB".into());
        assert_eq!(ids(&store.visible()), ["00000000-bbbb"]);
        store.set_filter("nothing".into());
        assert!(store.visible().is_empty());
        assert_eq!(store.body(), Body::List, "no match is not an empty account");
    }
}
