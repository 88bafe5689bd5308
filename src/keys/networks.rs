//! The allowed networks as a person edits them: a list of entries, each checked as it is typed by
//! the contract's own rules (`appkeys_rules::networks`, which the reference server applies too),
//! blank entries ignored, and what to send once every entry is right.

use appkeys_rules::networks::{self, EntryError, MAX_NETWORKS};

/// What is wrong with one entry, as the page says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryProblem {
    Malformed,
    /// A range with host bits set: the range it probably means.
    HostBitsSet(String),
    /// Equal, once normalised, to an entry above it.
    Duplicate,
}

/// Why the list cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftProblem {
    /// The entry at this index is wrong (see [`NetworkDraft::problem`]).
    Entry(usize),
    TooMany,
}

/// One entry being edited; `id` keeps its input when entries above it are removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftEntry {
    pub id: u32,
    pub text: String,
}

/// The list being edited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkDraft {
    entries: Vec<DraftEntry>,
    next_id: u32,
}

impl NetworkDraft {
    /// A draft of a key's networks as they are.
    pub fn of(networks: &[String]) -> Self {
        let mut draft = Self::default();
        for network in networks {
            draft.add(network.clone());
        }
        draft
    }

    pub fn entries(&self) -> &[DraftEntry] {
        &self.entries
    }

    /// Adds an entry at the end; its id.
    pub fn add(&mut self, text: String) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        self.entries.push(DraftEntry { id, text });
        id
    }

    /// Adds `address` unless the list already lets it through as written (the same address).
    pub fn add_address(&mut self, address: &str) {
        let present = self.entries.iter().any(|entry| {
            networks::parse_entry(&entry.text).ok() == networks::parse_entry(address).ok()
        });
        if !present {
            self.add(address.to_string());
        }
    }

    pub fn set(&mut self, id: u32, text: String) {
        if let Some(entry) = self.entries.iter_mut().find(|entry| entry.id == id) {
            entry.text = text;
        }
    }

    pub fn remove(&mut self, id: u32) {
        self.entries.retain(|entry| entry.id != id);
    }

    /// What is wrong with the entry `id`; nothing for a blank one (it is not sent).
    pub fn problem(&self, id: u32) -> Option<EntryProblem> {
        let index = self.entries.iter().position(|entry| entry.id == id)?;
        self.problem_at(index)
    }

    fn problem_at(&self, index: usize) -> Option<EntryProblem> {
        let text = self.entries[index].text.trim();
        if text.is_empty() {
            return None;
        }
        let net = match networks::parse_entry(text) {
            Ok(net) => net,
            Err(EntryError::Malformed) => return Some(EntryProblem::Malformed),
            Err(EntryError::HostBitsSet { suggestion }) => {
                return Some(EntryProblem::HostBitsSet(suggestion))
            }
        };
        let earlier = self.entries[..index]
            .iter()
            .any(|entry| networks::parse_entry(&entry.text).ok() == Some(net));
        earlier.then_some(EntryProblem::Duplicate)
    }

    /// The entries to send, trimmed, blanks left out (the backend normalises them); or the first
    /// problem.
    pub fn to_send(&self) -> Result<Vec<String>, DraftProblem> {
        if let Some(index) = (0..self.entries.len()).find(|&i| self.problem_at(i).is_some()) {
            return Err(DraftProblem::Entry(index));
        }
        let list: Vec<String> = self
            .entries
            .iter()
            .map(|entry| entry.text.trim())
            .filter(|text| !text.is_empty())
            .map(str::to_string)
            .collect();
        match list.len() > MAX_NETWORKS {
            true => Err(DraftProblem::TooMany),
            false => Ok(list),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(entries: &[&str]) -> NetworkDraft {
        let mut draft = NetworkDraft::default();
        for entry in entries {
            draft.add(entry.to_string());
        }
        draft
    }

    fn problems(draft: &NetworkDraft) -> Vec<Option<EntryProblem>> {
        draft
            .entries()
            .iter()
            .map(|e| draft.problem(e.id))
            .collect()
    }

    #[test]
    fn each_entry_is_checked_by_the_contracts_rules() {
        let draft = draft(&[
            "10.0.0.7",
            "10.0.0.7/24",
            "intranet",
            "",
            "10.0.0.7/32",
            "2001:db8::/32",
        ]);
        assert_eq!(
            problems(&draft),
            [
                None,
                Some(EntryProblem::HostBitsSet("10.0.0.0/24".into())),
                Some(EntryProblem::Malformed),
                None,
                Some(EntryProblem::Duplicate),
                None,
            ]
        );
        assert_eq!(draft.to_send(), Err(DraftProblem::Entry(1)));
    }

    #[test]
    fn blanks_are_left_out_and_an_empty_list_means_anywhere() {
        assert_eq!(
            draft(&[" 10.0.0.7 ", "  "]).to_send(),
            Ok(vec!["10.0.0.7".into()])
        );
        assert_eq!(draft(&[]).to_send(), Ok(vec![]));
        let too_many: Vec<String> = (0..51).map(|i| format!("10.{i}.0.0/16")).collect();
        let too_many: Vec<&str> = too_many.iter().map(String::as_str).collect();
        assert_eq!(draft(&too_many).to_send(), Err(DraftProblem::TooMany));
    }

    #[test]
    fn removing_an_entry_keeps_the_others_ids_and_my_address_is_added_once() {
        let mut draft = NetworkDraft::of(&["10.0.0.0/24".into(), "192.0.2.1/32".into()]);
        let second = draft.entries()[1].id;
        draft.remove(draft.entries()[0].id);
        assert_eq!(draft.entries()[0].id, second);
        draft.add_address("192.0.2.1");
        assert_eq!(draft.entries().len(), 1, "already there as 192.0.2.1/32");
        draft.add_address("203.0.113.7");
        assert_eq!(
            draft.to_send(),
            Ok(vec!["192.0.2.1/32".into(), "203.0.113.7".into()])
        );
    }
}
