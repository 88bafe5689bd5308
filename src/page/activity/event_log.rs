//! A feed of the activity log as the page holds it: the events loaded so far, newest first, the
//! cursor of the older ones, and where the loading stands.

use crate::api::{Event, EventPage};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogPhase {
    Loading,
    Ready,
    /// The first page failed: nothing to show but the sentence.
    Failed(String),
    LoadingOlder,
    /// An older page failed: what was shown stays.
    OlderFailed(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventLog {
    events: Vec<Event>,
    next: Option<String>,
    phase: LogPhase,
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog {
            events: Vec::new(),
            next: None,
            phase: LogPhase::Loading,
        }
    }
}

impl EventLog {
    /// A first page is asked for (on open, Retry, or another filter): what was shown goes.
    pub fn begin(&mut self) {
        *self = EventLog::default();
    }

    pub fn finish(&mut self, answer: Result<EventPage, String>) {
        match answer {
            Ok(page) => {
                self.events = page.events;
                self.next = page.next;
                self.phase = LogPhase::Ready;
            }
            Err(message) => self.phase = LogPhase::Failed(message),
        }
    }

    /// The cursor to ask for the older page with, if there is one and nothing is loading.
    pub fn begin_older(&mut self) -> Option<String> {
        let idle = matches!(self.phase, LogPhase::Ready | LogPhase::OlderFailed(_));
        let cursor = self.next.clone().filter(|_| idle)?;
        self.phase = LogPhase::LoadingOlder;
        Some(cursor)
    }

    /// An older page goes below the events shown; a failure keeps them.
    pub fn finish_older(&mut self, answer: Result<EventPage, String>) {
        match answer {
            Ok(page) => {
                self.events.extend(page.events);
                self.next = page.next;
                self.phase = LogPhase::Ready;
            }
            Err(message) => self.phase = LogPhase::OlderFailed(message),
        }
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn phase(&self) -> &LogPhase {
        &self.phase
    }

    pub fn has_older(&self) -> bool {
        self.next.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Actor, Details};

    fn event(id: &str) -> Event {
        Event {
            id: id.into(),
            kind: "key.created".into(),
            at: chrono::DateTime::from_timestamp(1_796_000_000, 0).unwrap(),
            client_id: Some("k".into()),
            actor: Actor {
                kind: "system".into(),
                name: None,
                client_id: None,
            },
            ip: None,
            user_agent: None,
            details: Details::default(),
        }
    }

    fn page(ids: &[&str], next: Option<&str>) -> EventPage {
        EventPage {
            events: ids.iter().map(|id| event(id)).collect(),
            next: next.map(Into::into),
        }
    }

    fn ids(log: &EventLog) -> Vec<&str> {
        log.events().iter().map(|e| e.id.as_str()).collect()
    }

    #[test]
    fn older_pages_go_below_until_there_are_no_more() {
        let mut log = EventLog::default();
        log.finish(Ok(page(&["9", "8"], Some("8"))));
        assert!(log.has_older());
        assert_eq!(log.begin_older().as_deref(), Some("8"));
        // A second press while it loads asks for nothing.
        assert_eq!(log.begin_older(), None);
        log.finish_older(Ok(page(&["7"], None)));
        assert_eq!(ids(&log), ["9", "8", "7"]);
        assert!(!log.has_older());
        assert_eq!(log.begin_older(), None);
    }

    #[test]
    fn a_failed_older_page_keeps_what_is_shown_and_can_be_retried() {
        let mut log = EventLog::default();
        log.finish(Ok(page(&["9"], Some("9"))));
        log.begin_older();
        log.finish_older(Err("offline".into()));
        assert_eq!(ids(&log), ["9"]);
        assert_eq!(log.phase(), &LogPhase::OlderFailed("offline".into()));
        assert_eq!(log.begin_older().as_deref(), Some("9"));
    }

    #[test]
    fn a_new_first_page_replaces_everything() {
        let mut log = EventLog::default();
        log.finish(Ok(page(&["9"], Some("9"))));
        log.begin();
        assert!(log.events().is_empty());
        assert_eq!(log.phase(), &LogPhase::Loading);
        log.finish(Err("offline".into()));
        assert_eq!(log.phase(), &LogPhase::Failed("offline".into()));
    }
}
