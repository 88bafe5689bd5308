//! The activity log: what happened to an account's keys, one append-only list per account, read
//! newest first. Each event is written by the operation it records, inside that operation's
//! transaction: a change that is answered has its event, one that failed has none. An event says
//! who did it (a console user, a key at /token, the server itself), from where, and its type's own
//! details; never a secret, a token, or anything a caller sent as one.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use super::error::DbError;
use super::sql::{Row, Sql};
use super::webhooks;
use crate::time;

/// Every type of event: the one list (api/openapi.yaml's `EventType` names the same).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Created,
    Renamed,
    Rotated,
    PreviousSecretEnded,
    Deleted,
    Expired,
    SecretRefused,
    SecretExposed,
    NetworksChanged,
    NetworkRefused,
    ScopesChanged,
    Expiring,
}

impl EventType {
    pub const ALL: [EventType; 12] = [
        Self::Created,
        Self::Renamed,
        Self::Rotated,
        Self::PreviousSecretEnded,
        Self::Deleted,
        Self::Expired,
        Self::SecretRefused,
        Self::SecretExposed,
        Self::NetworksChanged,
        Self::NetworkRefused,
        Self::ScopesChanged,
        Self::Expiring,
    ];

    /// As the contract writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Created => "key.created",
            Self::Renamed => "key.renamed",
            Self::Rotated => "key.rotated",
            Self::PreviousSecretEnded => "key.previous_secret_ended",
            Self::Deleted => "key.deleted",
            Self::Expired => "key.expired",
            Self::SecretRefused => "key.secret_refused",
            Self::SecretExposed => "key.secret_exposed",
            Self::NetworksChanged => "key.networks_changed",
            Self::NetworkRefused => "key.network_refused",
            Self::ScopesChanged => "key.scopes_changed",
            Self::Expiring => "key.expiring",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// Who did it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Actor {
    /// A console session, by its sign-in name.
    User { name: String },
    /// A program with an application key, at /token.
    Key { client_id: String },
    /// The server itself: an expiry, a grace period's end.
    System,
}

impl Actor {
    /// The two columns that hold it.
    fn columns(&self) -> (&'static str, Option<&str>) {
        match self {
            Self::User { name } => ("user", Some(name)),
            Self::Key { client_id } => ("key", Some(client_id)),
            Self::System => ("system", None),
        }
    }

    fn from_columns(kind: &str, name: Option<String>) -> Self {
        match (kind, name) {
            ("user", Some(name)) => Self::User { name },
            ("key", Some(client_id)) => Self::Key { client_id },
            _ => Self::System,
        }
    }
}

/// Where the request that caused an event came from (nothing for the system's own events).
#[derive(Clone, Debug, Default)]
pub struct Origin {
    pub ip: Option<String>,
    /// At most 256 characters (`caller::user_agent`).
    pub user_agent: Option<String>,
}

/// Who caused the events of one request, and from where.
#[derive(Clone, Debug)]
pub struct Cause {
    pub actor: Actor,
    pub origin: Origin,
}

#[cfg(test)]
impl Cause {
    /// The server's own doing (an expiry, a grace period's end): from nowhere.
    pub fn system() -> Self {
        Self {
            actor: Actor::System,
            origin: Origin::default(),
        }
    }
}

/// One event as the API answers it.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    /// The cursor of the event: opaque to clients, ordered in the log.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub at: String,
    pub client_id: Option<String>,
    pub actor: Actor,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub details: Value,
}

/// Appends an event to the account's log, and its webhook deliveries to the outbox, in the
/// caller's transaction.
pub async fn record(
    sql: &impl Sql,
    account_id: &str,
    client_id: Option<&str>,
    kind: EventType,
    cause: &Cause,
    details: Value,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let (actor_kind, actor_name) = cause.actor.columns();
    let event_id = sql
        .query_one(
            "INSERT INTO events
         (account_id, client_id, type, at, actor_kind, actor_name, ip, user_agent, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                account_id.into(),
                client_id.into(),
                kind.name().into(),
                time::rfc3339(now).as_str().into(),
                actor_kind.into(),
                actor_name.into(),
                (&cause.origin.ip).into(),
                (&cause.origin.user_agent).into(),
                details.to_string().as_str().into(),
            ],
            |row| row.get::<i64>(0),
        )
        .await?;
    let recorded = webhooks::Recorded {
        event_id,
        account_id,
        client_id,
        kind: kind.name(),
        at: now,
        details: &details,
    };
    webhooks::enqueue(sql, &recorded).await
}

/// How long one refusal event counts the refusals of its kind after it.
const REFUSALS_COUNTED_FOR: chrono::TimeDelta = chrono::TimeDelta::minutes(1);

/// A refusal at `/token` that the key's owner is told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A wrong secret: `key.secret_refused`.
    Secret,
    /// A caller outside the key's networks: `key.network_refused`.
    Network,
}

impl Refusal {
    fn event_type(self) -> EventType {
        match self {
            Self::Secret => EventType::SecretRefused,
            Self::Network => EventType::NetworkRefused,
        }
    }
}

/// Logs a refusal for an existing key: the first one writes an event of its type with `count` 1
/// (the event's `ip` is the first caller's address), and each one within the minute after it adds
/// one to that event's count, so that a flood writes one row a minute per key and kind, not one
/// per attempt. The key's row is locked meanwhile, so that refusals on several instances count
/// into one event.
pub async fn count_refusal(
    sql: &impl Sql,
    client_id: &str,
    refusal: Refusal,
    cause: &Cause,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let lock = "SELECT account_id FROM application_keys WHERE client_id = $1 FOR UPDATE";
    let Some(account_id) = sql
        .query_opt(lock, &[client_id.into()], |row| row.get::<String>(0))
        .await?
    else {
        return Ok(()); // deleted meanwhile: nothing to tell its owner
    };
    let kind = refusal.event_type();
    let since = time::rfc3339(now - REFUSALS_COUNTED_FOR);
    let latest = sql
        .query_opt(
            "SELECT id, details FROM events
             WHERE account_id = $1 AND client_id = $2 AND type = $3 AND at > $4
             ORDER BY id DESC LIMIT 1",
            &[
                account_id.as_str().into(),
                client_id.into(),
                kind.name().into(),
                since.as_str().into(),
            ],
            |row| Ok((row.get::<i64>(0)?, row.get::<String>(1)?)),
        )
        .await?;
    let Some((id, details)) = latest else {
        let details = serde_json::json!({ "count": 1 });
        return record(sql, &account_id, Some(client_id), kind, cause, details, now).await;
    };
    let count = refusals_in(&details) + 1;
    let details = serde_json::json!({ "count": count }).to_string();
    sql.execute(
        "UPDATE events SET details = $2 WHERE id = $1",
        &[id.into(), details.as_str().into()],
    )
    .await?;
    Ok(())
}

/// The count a refusal event's details hold (1 if they hold none).
fn refusals_in(details: &str) -> i64 {
    serde_json::from_str::<Value>(details)
        .ok()
        .and_then(|details| details["count"].as_i64())
        .unwrap_or(1)
}

/// Deletes the events older than `days` before `now` (a deleted key's too: its name goes with
/// them); returns how many.
pub async fn forget_older_than(
    sql: &impl Sql,
    now: DateTime<Utc>,
    days: u32,
) -> Result<u64, DbError> {
    let oldest = time::rfc3339(now - chrono::TimeDelta::days(days.into()));
    sql.execute(
        "DELETE FROM events WHERE at < $1",
        &[oldest.as_str().into()],
    )
    .await
}

/// Which events a page of the log shows.
#[derive(Clone, Debug)]
pub struct Filter {
    /// Only this key's (a key of another account, or none, gives an empty page).
    pub client_id: Option<String>,
    pub kind: Option<EventType>,
    /// Only events older than this cursor (a `next` of an earlier page).
    pub before: Option<i64>,
    /// At most this many (1 to 200).
    pub limit: u32,
}

/// A page of the log, newest first, and the cursor of the next (older) page if there is one.
#[derive(Clone, Debug, Serialize)]
pub struct EventPage {
    pub events: Vec<Event>,
    pub next: Option<String>,
}

pub async fn page(sql: &impl Sql, account_id: &str, filter: &Filter) -> Result<EventPage, DbError> {
    let kind = filter.kind.map(EventType::name);
    // One more than asked for: whether there is a next page.
    let wanted = i64::from(filter.limit) + 1;
    let mut events = sql
        .query(
            "SELECT id, type, at, client_id, actor_kind, actor_name, ip, user_agent, details
             FROM events
             WHERE account_id = $1 AND (CAST($2 AS TEXT) IS NULL OR client_id = $2)
               AND (CAST($3 AS TEXT) IS NULL OR type = $3)
               AND (CAST($4 AS BIGINT) IS NULL OR id < $4)
             ORDER BY id DESC LIMIT $5",
            &[
                account_id.into(),
                (&filter.client_id).into(),
                kind.into(),
                filter.before.into(),
                wanted.into(),
            ],
            event_from_row,
        )
        .await?;
    let more = events.len() as i64 == wanted;
    events.truncate(filter.limit as usize);
    let next = more
        .then(|| events.last().map(|last| last.id.clone()))
        .flatten();
    Ok(EventPage { events, next })
}

fn event_from_row(row: Row<'_>) -> Result<Event, DbError> {
    let id: i64 = row.get(0)?;
    let details: String = row.get(8)?;
    let actor_kind: String = row.get(4)?;
    Ok(Event {
        id: id.to_string(),
        kind: row.get(1)?,
        at: row.get(2)?,
        client_id: row.get(3)?,
        actor: Actor::from_columns(&actor_kind, row.get(5)?),
        ip: row.get(6)?,
        user_agent: row.get(7)?,
        details: serde_json::from_str(&details).unwrap_or(Value::Null),
    })
}

/// A cursor as a client sends it back: `None` if it is not one.
pub fn cursor(text: &str) -> Option<i64> {
    text.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_has_one_name_that_reads_back() {
        for kind in EventType::ALL {
            assert_eq!(EventType::parse(kind.name()), Some(kind));
        }
        assert_eq!(EventType::parse("key.unknown"), None);
    }

    #[test]
    fn an_actor_is_kept_in_two_columns() {
        for actor in [
            Actor::User {
                name: "alice".into(),
            },
            Actor::Key {
                client_id: "c".into(),
            },
            Actor::System,
        ] {
            let (kind, name) = actor.columns();
            assert_eq!(Actor::from_columns(kind, name.map(str::to_string)), actor);
        }
    }

    #[test]
    fn a_refusal_event_counts_on_from_what_it_holds() {
        assert_eq!(refusals_in(r#"{"count":4}"#), 4);
        assert_eq!(refusals_in("{}"), 1);
        assert_eq!(refusals_in("not json"), 1);
    }

    #[test]
    fn a_cursor_is_a_positive_event_id() {
        assert_eq!(cursor("42"), Some(42));
        for bad in ["", "0", "-3", "abc", "4.2"] {
            assert_eq!(cursor(bad), None, "{bad:?}");
        }
    }
}
