//! The keys ticked for "Delete N keys", by Client ID. Apart from [`KeyStore`](super::KeyStore):
//! ticking a box must not run the filter again, and the ticks outlive a change of filter.

use crate::api::Key;
use std::collections::BTreeSet;
use std::sync::Arc;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection(BTreeSet<String>);

/// How the "select all shown" box looks for the rows the filter shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllShown {
    None,
    Some,
    All,
}

impl Selection {
    pub fn contains(&self, client_id: &str) -> bool {
        self.0.contains(client_id)
    }

    pub fn toggle(&mut self, client_id: &str) {
        if !self.0.remove(client_id) {
            self.0.insert(client_id.to_string());
        }
    }

    /// The "select all shown" box: ticks every shown key, or, when all are ticked already, unticks
    /// them. Keys the filter hides keep their ticks either way.
    pub fn toggle_all(&mut self, shown: &[Arc<Key>]) {
        if self.all_shown(shown) == AllShown::All {
            for key in shown {
                self.0.remove(&key.client_id);
            }
        } else {
            self.0.extend(shown.iter().map(|key| key.client_id.clone()));
        }
    }

    pub fn all_shown(&self, shown: &[Arc<Key>]) -> AllShown {
        let ticked = shown
            .iter()
            .filter(|key| self.contains(&key.client_id))
            .count();
        match ticked {
            0 => AllShown::None,
            n if n == shown.len() => AllShown::All,
            _ => AllShown::Some,
        }
    }

    /// The ticked keys among `keys`, in their order: a key deleted meanwhile no longer counts.
    pub fn picked(&self, keys: &[Arc<Key>]) -> Vec<Arc<Key>> {
        if self.0.is_empty() {
            return Vec::new();
        }
        keys.iter()
            .filter(|key| self.contains(&key.client_id))
            .cloned()
            .collect()
    }

    /// Keys that are gone: their ticks go too, so a key made later never inherits one.
    pub fn forget<'a>(&mut self, client_ids: impl IntoIterator<Item = &'a String>) {
        for id in client_ids {
            self.0.remove(id);
        }
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn keys(ids: &[&str]) -> Vec<Arc<Key>> {
        ids.iter()
            .map(|id| {
                Arc::new(Key {
                    client_id: id.to_string(),
                    description: None,
                    created_at: DateTime::UNIX_EPOCH,
                    last_used_at: None,
                    last_used_ip: None,
                    last_used_user_agent: None,
                    expires_at: None,
                    rotated_at: None,
                    exposed: None,
                    allowed_networks: vec![],
                    scopes: vec![],
                })
            })
            .collect()
    }

    fn ids(keys: &[Arc<Key>]) -> Vec<&str> {
        keys.iter().map(|k| k.client_id.as_str()).collect()
    }

    #[test]
    fn a_tick_toggles() {
        let mut selection = Selection::default();
        selection.toggle("a");
        assert!(selection.contains("a"));
        selection.toggle("a");
        assert!(!selection.contains("a"));
    }

    #[test]
    fn select_all_ticks_the_shown_keys_and_keeps_the_hidden_ticks() {
        let all = keys(&["a", "b", "c", "d"]);
        let mut selection = Selection::default();
        selection.toggle("d");
        let shown = &all[..2];
        assert_eq!(selection.all_shown(shown), AllShown::None);
        selection.toggle("a");
        assert_eq!(selection.all_shown(shown), AllShown::Some);
        selection.toggle_all(shown);
        assert_eq!(selection.all_shown(shown), AllShown::All);
        assert_eq!(ids(&selection.picked(&all)), ["a", "b", "d"]);
        selection.toggle_all(shown);
        assert_eq!(ids(&selection.picked(&all)), ["d"], "the hidden tick stays");
    }

    #[test]
    fn picked_keys_come_in_list_order_and_only_while_listed() {
        let all = keys(&["a", "b", "c"]);
        let mut selection = Selection::default();
        selection.toggle("c");
        selection.toggle("a");
        selection.toggle("gone");
        assert_eq!(ids(&selection.picked(&all)), ["a", "c"]);
        selection.forget(&["a".to_string()]);
        assert_eq!(ids(&selection.picked(&all)), ["c"]);
    }
}
