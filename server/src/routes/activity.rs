//! What happened to the signed-in account's keys. `GET /application-keys/events`: the activity log,
//! newest first, a page at a time. The log is written by the changes themselves
//! (`store::events`); here it is only read: every other method answers 405, so it cannot be edited
//! or deleted through the API. `GET /application-keys/{client_id}/usage`: a key's token exchanges
//! per UTC day and outcome.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use serde::Serialize;
use uuid::Uuid;

use super::table::{get, Routes};
use crate::auth::ConsoleSession;
use crate::envelope::Envelope;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::events::{self, EventPage, EventType, Filter};
use crate::store::usage::Day;

/// Events a page holds unless `limit` says otherwise, and at most.
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;
/// Days of usage answered unless `days` says otherwise, and at most.
const DEFAULT_DAYS: u32 = 30;
const MAX_DAYS: u32 = 90;

pub fn routes() -> Routes {
    // A static segment: matched before `/application-keys/{client_id}`.
    Routes::default()
        .route("/application-keys/events", get(log))
        .route("/application-keys/{client_id}/usage", get(usage))
}

#[derive(Serialize)]
struct Usage {
    /// Oldest first, today (UTC) last.
    days: Vec<Day>,
}

async fn usage(
    State(state): State<AppState>,
    session: ConsoleSession,
    client_id: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Envelope<Usage>, ApiError> {
    let client_id = super::keys::client_id_in(client_id)?;
    let Query(pairs) =
        query.map_err(|_| ApiError::bad_request("The query string is malformed."))?;
    let days = bounded(last_value(&pairs, "days"), "days", DEFAULT_DAYS, MAX_DAYS)?;
    // What this instance counted and has not written yet, so that the answer has it.
    state.usage.flush(&state.db).await?;
    let today = state.clock.now().date_naive();
    let days = state
        .db
        .usage_days(session.account_id, client_id, today, days)
        .await?
        .ok_or_else(super::keys::no_such_key)?;
    Ok(Envelope::ok(Usage { days }))
}

/// The whole number a query parameter `name` gives, 1 to `max`; `default` when it is absent.
fn bounded(text: Option<&str>, name: &str, default: u32, max: u32) -> Result<u32, ApiError> {
    let Some(text) = text else {
        return Ok(default);
    };
    text.parse()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            ApiError::bad_request(format!("{name} must be a whole number from 1 to {max}."))
        })
}

/// The last value of the query parameter `name`: a repeated one counts once.
fn last_value<'q>(pairs: &'q [(String, String)], name: &str) -> Option<&'q str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

async fn log(
    State(state): State<AppState>,
    session: ConsoleSession,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Envelope<EventPage>, ApiError> {
    let Query(pairs) =
        query.map_err(|_| ApiError::bad_request("The query string is malformed."))?;
    let Some(filter) = filter(&pairs)? else {
        // Not a key's id at all: no key of this account has those events.
        return Ok(Envelope::ok(EventPage {
            events: Vec::new(),
            next: None,
        }));
    };
    let page = state.db.events(session.account_id, filter).await?;
    Ok(Envelope::ok(page))
}

/// The filter the query asks for; `None` when it names a client_id that no key can have. Unknown
/// parameters are ignored; a repeated one counts once, its last value.
fn filter(pairs: &[(String, String)]) -> Result<Option<Filter>, ApiError> {
    let value = |name: &str| last_value(pairs, name);
    let kind = value("type")
        .map(|name| EventType::parse(name).ok_or_else(|| unknown_type(name)))
        .transpose()?;
    let before = value("before")
        .map(|text| {
            events::cursor(text).ok_or_else(|| {
                ApiError::bad_request("before must be the next cursor of an earlier page.")
            })
        })
        .transpose()?;
    let limit = bounded(value("limit"), "limit", DEFAULT_LIMIT, MAX_LIMIT)?;
    let client_id = match value("client_id") {
        None => None,
        Some(raw) => match Uuid::parse_str(raw) {
            Ok(id) => Some(id.hyphenated().to_string()),
            Err(_) => return Ok(None),
        },
    };
    Ok(Some(Filter {
        client_id,
        kind,
        before,
        limit,
    }))
}

fn unknown_type(name: &str) -> ApiError {
    let known: Vec<&str> = EventType::ALL.iter().map(|kind| kind.name()).collect();
    ApiError::bad_request(format!(
        "There is no event type {name:?}; the types are: {}.",
        known.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_filter_takes_the_last_of_each_parameter_and_checks_each() {
        let f = filter(&query(&[
            ("limit", "3"),
            ("limit", "7"),
            ("type", "key.renamed"),
        ]))
        .unwrap()
        .unwrap();
        assert_eq!((f.limit, f.kind), (7, Some(EventType::Renamed)));
        assert_eq!(filter(&[]).unwrap().unwrap().limit, DEFAULT_LIMIT);
        for bad in [
            ("limit", "0"),
            ("limit", "201"),
            ("limit", "x"),
            ("before", "-1"),
            ("type", "nope"),
        ] {
            assert!(filter(&query(&[bad])).is_err(), "{bad:?}");
        }
        assert!(filter(&query(&[("client_id", "not-a-key")]))
            .unwrap()
            .is_none());
        let upper = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
        let f = filter(&query(&[("client_id", upper)])).unwrap().unwrap();
        assert_eq!(
            f.client_id.as_deref(),
            Some("6f9619ff-8b86-d011-b42d-00c04fc964ff")
        );
    }
}
