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

/// What a scan logged.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Endings {
    pub expired: u64,
    pub previous_secrets_ended: u64,
    /// `key.expiring` notices.
    pub expiring: u64,
}

/// Logs, as the server's own events (each with its webhook deliveries), what time has brought by
/// `now`, once each: each key that has expired (when it has no `key.expired` event yet); each
/// previous secret whose grace period has ended (then cleared from its key, which refused it from
/// its end on already); and each key's expiry notice (`notice_days` before its end, see
/// [`notice_due`]). In the caller's transaction, which first takes the one scan turn: instances
/// scan one after the other, so none logs what another just did.
pub async fn log_endings(
    sql: &impl Sql,
    now: DateTime<Utc>,
    notice_days: &[u32],
) -> Result<Endings, DbError> {
    let turn = "SELECT id FROM scan_turn WHERE id = 1 FOR UPDATE";
    sql.query(turn, &[], |row| row.get::<i64>(0)).await?;
    let at = time::rfc3339(now);
    let expired = sql
        .query(
            "SELECT k.account_id, k.client_id, k.expires_at FROM application_keys k
             WHERE k.expires_at <= $1 AND NOT EXISTS (
                 SELECT 1 FROM events e WHERE e.account_id = k.account_id
                     AND e.client_id = k.client_id AND e.type = 'key.expired')",
            &[at.as_str().into()],
            |row| {
                Ok((
                    row.get::<String>(0)?,
                    row.get::<String>(1)?,
                    row.get::<String>(2)?,
                ))
            },
        )
        .await?;
    for (account_id, client_id, expires_at) in &expired {
        let details = serde_json::json!({ "expires_at": expires_at });
        record(
            sql,
            account_id,
            Some(client_id),
            EventType::Expired,
            &SYSTEM,
            details,
            now,
        )
        .await?;
    }
    let ended = "previous_secret_digest IS NOT NULL AND previous_secret_expires_at <= $1";
    let previous = sql
        .query(
            &format!(
                "SELECT account_id, client_id, previous_secret_expires_at FROM application_keys
                 WHERE {ended}"
            ),
            &[at.as_str().into()],
            |row| {
                Ok((
                    row.get::<String>(0)?,
                    row.get::<String>(1)?,
                    row.get::<String>(2)?,
                ))
            },
        )
        .await?;
    for (account_id, client_id, ended_at) in &previous {
        let details = serde_json::json!({ "ended_at": ended_at });
        let kind = EventType::PreviousSecretEnded;
        record(
            sql,
            account_id,
            Some(client_id),
            kind,
            &SYSTEM,
            details,
            now,
        )
        .await?;
    }
    sql.execute(
        &format!(
            "UPDATE application_keys
             SET previous_secret_digest = NULL, previous_secret_expires_at = NULL WHERE {ended}"
        ),
        &[at.as_str().into()],
    )
    .await?;
    let expiring = log_expiry_notices(sql, now, notice_days).await?;
    Ok(Endings {
        expired: expired.len() as u64,
        previous_secrets_ended: previous.len() as u64,
        expiring,
    })
}

/// The server's own doing: from nowhere.
const SYSTEM: Cause = Cause {
    actor: Actor::System,
    origin: Origin {
        ip: None,
        user_agent: None,
    },
};

/// The expiry notice a key is due at `now`: the smallest of `notice_days` whose moment (that many
/// days before the key's end) has come, and came after the key was made (a key made with 5 days
/// left is never told of 30 or 7), and is smaller than the last notice it had. When a scan comes
/// late past several (a server that was down), only the nearest is sent.
pub fn notice_due(
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
    last_notice: Option<u32>,
    notice_days: &[u32],
) -> Option<u32> {
    if expires_at <= now {
        return None;
    }
    let moment = |days: u32| expires_at - chrono::TimeDelta::days(days.into());
    notice_days
        .iter()
        .copied()
        .filter(|&days| moment(days) <= now && moment(days) > created_at)
        .min()
        .filter(|&days| last_notice.is_none_or(|last| days < last))
}

/// Logs `key.expiring` for each key a notice is due to (see [`notice_due`]); returns how many.
/// The key's last notice is set with a condition, so that of two scans only one logs it.
async fn log_expiry_notices(
    sql: &impl Sql,
    now: DateTime<Utc>,
    notice_days: &[u32],
) -> Result<u64, DbError> {
    let Some(&furthest) = notice_days.iter().max() else {
        return Ok(0);
    };
    let horizon = time::rfc3339(now + chrono::TimeDelta::days(furthest.into()));
    let candidates = sql
        .query(
            "SELECT account_id, client_id, created_at, expires_at, expiry_notice_days
             FROM application_keys WHERE expires_at > $1 AND expires_at <= $2",
            &[time::rfc3339(now).as_str().into(), horizon.as_str().into()],
            |row| {
                Ok((
                    row.get::<String>(0)?,
                    row.get::<String>(1)?,
                    row.get::<DateTime<Utc>>(2)?,
                    row.get::<DateTime<Utc>>(3)?,
                    row.get::<Option<i64>>(4)?,
                ))
            },
        )
        .await?;
    let mut logged = 0;
    for (account_id, client_id, created_at, expires_at, last) in candidates {
        let last = last.and_then(|days| u32::try_from(days).ok());
        let Some(days) = notice_due(created_at, expires_at, now, last, notice_days) else {
            continue;
        };
        let claimed = sql
            .execute(
                "UPDATE application_keys SET expiry_notice_days = $2
                 WHERE client_id = $1 AND (expiry_notice_days IS NULL OR expiry_notice_days > $2)",
                &[client_id.as_str().into(), i64::from(days).into()],
            )
            .await?;
        if claimed == 0 {
            continue;
        }
        let details = serde_json::json!({
            "expires_at": time::rfc3339(expires_at),
            "notice_days": days,
        });
        let kind = EventType::Expiring;
        record(
            sql,
            &account_id,
            Some(&client_id),
            kind,
            &SYSTEM,
            details,
            now,
        )
        .await?;
        logged += 1;
    }
    Ok(logged)
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
    fn a_notice_is_due_once_per_threshold_crossed_after_the_key_was_made() {
        let day = chrono::TimeDelta::days(1);
        let made = DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
            .unwrap()
            .to_utc();
        let end = made + day * 40;
        let days = [30, 7, 1];
        let due = |now, last| notice_due(made, end, now, last, &days);
        assert_eq!(due(made + day * 9, None), None, "31 days left");
        assert_eq!(due(made + day * 10, None), Some(30));
        assert_eq!(due(made + day * 11, Some(30)), None, "told already");
        assert_eq!(due(made + day * 33, Some(30)), Some(7));
        assert_eq!(
            due(made + day * 39, None),
            Some(1),
            "a late scan tells the nearest only"
        );
        assert_eq!(due(end, Some(1)), None, "expired: key.expired says it");
        let late = made + day * 36; // made with 4 days left
        assert_eq!(notice_due(late, end, late, None, &days), None);
        assert_eq!(notice_due(late, end, end - day, None, &days), Some(1));
    }

    #[test]
    fn a_cursor_is_a_positive_event_id() {
        assert_eq!(cursor("42"), Some(42));
        for bad in ["", "0", "-3", "abc", "4.2"] {
            assert_eq!(cursor(bad), None, "{bad:?}");
        }
    }
}
