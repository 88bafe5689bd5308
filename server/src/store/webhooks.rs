//! The webhooks' outbox: one delivery per event and endpoint that wants its type (and is not full:
//! [`mark_full`]), written in the transaction of the event ([`enqueue`], called by
//! `events::record`), so that an answered change has its deliveries and a failed one has none. A
//! sender claims the deliveries that are due ([`claim`]: on PostgreSQL `FOR UPDATE SKIP LOCKED`,
//! so that each is sent by one instance) and pushes their next attempt past the time a send may
//! take, so that an instance that dies while sending leaves them due again; then it records the
//! answer ([`finish`]). Times here are the wall clock's, also under `--test-clock`: retries wait
//! real time.
//!
//! The payload is made here, once: the event's type and time, and its data (the account, the key
//! with its description and end, the event's own details), never a secret or a token.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{json, Map, Value};

use super::error::DbError;
use super::sql::Sql;
use crate::time;

/// The endpoints as every instance reads them: their URL and the types they want (their secrets
/// stay in the memory of the servers that sign).
pub async fn set_endpoints(
    sql: &impl Sql,
    endpoints: &[(String, Vec<String>)],
) -> Result<(), DbError> {
    sql.execute("DELETE FROM webhook_endpoint_events", &[])
        .await?;
    sql.execute("DELETE FROM webhook_endpoints", &[]).await?;
    for (url, events) in endpoints {
        sql.execute(
            "INSERT INTO webhook_endpoints (name) VALUES ($1)",
            &[url.into()],
        )
        .await?;
        for kind in events {
            sql.execute(
                "INSERT INTO webhook_endpoint_events (type, endpoint) VALUES ($1, $2)
                 ON CONFLICT DO NOTHING",
                &[kind.into(), url.into()],
            )
            .await?;
        }
    }
    Ok(())
}

/// The event just recorded, as its deliveries need it.
pub struct Recorded<'a> {
    pub event_id: i64,
    pub account_id: &'a str,
    pub client_id: Option<&'a str>,
    pub kind: &'a str,
    pub at: DateTime<Utc>,
    pub details: &'a Value,
}

/// Writes one delivery of `event` for each endpoint that wants its type, in the caller's
/// transaction; an endpoint whose outbox is full ([`mark_full`]) gets none.
pub async fn enqueue(sql: &impl Sql, event: &Recorded<'_>) -> Result<(), DbError> {
    let endpoints = sql
        .query(
            "SELECT e.name FROM webhook_endpoint_events t
             JOIN webhook_endpoints e ON e.name = t.endpoint
             WHERE t.type = $1 AND e.outbox_full = 0 ORDER BY e.name",
            &[event.kind.into()],
            |row| row.get::<String>(0),
        )
        .await?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let payload = payload(sql, event).await?.to_string();
    let now = time::rfc3339(Utc::now());
    for endpoint in endpoints {
        let webhook_id = format!("msg_{}", uuid::Uuid::new_v4().simple());
        sql.execute(
            "INSERT INTO webhook_deliveries
             (webhook_id, endpoint, event_id, payload, attempts, next_attempt_at)
             VALUES ($1, $2, $3, $4, 0, $5)",
            &[
                webhook_id.as_str().into(),
                endpoint.as_str().into(),
                event.event_id.into(),
                payload.as_str().into(),
                now.as_str().into(),
            ],
        )
        .await?;
    }
    Ok(())
}

/// `{ type, timestamp, data: { event_id, account, client_id, description, expires_at, days_left,
/// …the event's details } }`; the key's fields as they are now (a deleted key's from the event).
async fn payload(sql: &impl Sql, event: &Recorded<'_>) -> Result<Value, DbError> {
    let account = sql
        .query_opt(
            "SELECT username FROM accounts WHERE id = $1",
            &[event.account_id.into()],
            |row| row.get::<String>(0),
        )
        .await?;
    let key = match event.client_id {
        Some(client_id) => {
            sql.query_opt(
                "SELECT description, expires_at FROM application_keys WHERE client_id = $1",
                &[client_id.into()],
                |row| {
                    Ok((
                        row.get::<Option<String>>(0)?,
                        row.get::<Option<DateTime<Utc>>>(1)?,
                    ))
                },
            )
            .await?
        }
        None => None,
    };
    let mut data = Map::new();
    data.insert("event_id".into(), json!(event.event_id.to_string()));
    data.insert("account".into(), json!(account));
    data.insert("client_id".into(), json!(event.client_id));
    if let Some((description, expires_at)) = key {
        data.insert("description".into(), json!(description));
        data.insert("expires_at".into(), json!(expires_at.map(time::rfc3339)));
        if let Some(end) = expires_at.filter(|end| *end > event.at) {
            data.insert("days_left".into(), json!(days_between(event.at, end)));
        }
    }
    if let Value::Object(details) = event.details {
        for (name, value) in details {
            data.entry(name.clone()).or_insert_with(|| value.clone());
        }
    }
    Ok(json!({ "type": event.kind, "timestamp": time::rfc3339(event.at), "data": data }))
}

/// Whole days from `from` to `to`, rounded down.
pub fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_days()
}

/// The deliveries waiting for `endpoint`: neither delivered nor given up on.
pub async fn waiting(sql: &impl Sql, endpoint: &str) -> Result<i64, DbError> {
    sql.query_one(
        "SELECT COUNT(*) FROM webhook_deliveries
         WHERE endpoint = $1 AND delivered_at IS NULL AND failed_at IS NULL",
        &[endpoint.into()],
        |row| row.get::<i64>(0),
    )
    .await
}

/// Marks `endpoint` full or not: from then on each event's [`enqueue`] reads the mark instead of
/// counting what waits. Returns whether the mark changed.
pub async fn mark_full(sql: &impl Sql, endpoint: &str, full: bool) -> Result<bool, DbError> {
    let changed = sql
        .execute(
            "UPDATE webhook_endpoints SET outbox_full = $2 WHERE name = $1 AND outbox_full <> $2",
            &[endpoint.into(), i64::from(full).into()],
        )
        .await?;
    Ok(changed > 0)
}

/// A delivery to send.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub id: i64,
    pub webhook_id: String,
    pub payload: String,
    /// Including this one.
    pub attempts: i64,
}

/// Takes up to `limit` deliveries to `endpoint` that are due at `now`, oldest first, and moves
/// their next attempt to `now + lease`: they are this sender's until then, and due again after it
/// should it die meanwhile.
pub async fn claim(
    sql: &impl Sql,
    endpoint: &str,
    now: DateTime<Utc>,
    lease: TimeDelta,
    limit: i64,
) -> Result<Vec<Delivery>, DbError> {
    let due = sql
        .query(
            "SELECT id, webhook_id, payload, attempts FROM webhook_deliveries
             WHERE endpoint = $1 AND delivered_at IS NULL AND failed_at IS NULL
               AND next_attempt_at <= $2
             ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED",
            &[
                endpoint.into(),
                time::rfc3339(now).as_str().into(),
                limit.into(),
            ],
            |row| {
                Ok(Delivery {
                    id: row.get(0)?,
                    webhook_id: row.get(1)?,
                    payload: row.get(2)?,
                    attempts: row.get::<i64>(3)? + 1,
                })
            },
        )
        .await?;
    let until = time::rfc3339(now + lease);
    for delivery in &due {
        sql.execute(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = $2
             WHERE id = $1",
            &[delivery.id.into(), until.as_str().into()],
        )
        .await?;
    }
    Ok(due)
}

/// How an attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx: never sent again.
    Delivered { status: u16 },
    /// Tried again at this time.
    Retry {
        at: DateTime<Utc>,
        status: Option<u16>,
        error: String,
    },
    /// Given up on: the last try, or an answer that trying again will not change.
    Failed { status: Option<u16>, error: String },
}

/// Records how the attempt at `id` ended.
pub async fn finish(
    sql: &impl Sql,
    id: i64,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let now = time::rfc3339(now);
    let status = |status: &Option<u16>| status.map(i64::from);
    match outcome {
        Outcome::Delivered { status } => {
            sql.execute(
                "UPDATE webhook_deliveries SET delivered_at = $2, last_status = $3, last_error = NULL
                 WHERE id = $1",
                &[id.into(), now.as_str().into(), i64::from(*status).into()],
            )
            .await?
        }
        Outcome::Retry { at, status: code, error } => {
            sql.execute(
                "UPDATE webhook_deliveries SET next_attempt_at = $2, last_status = $3, last_error = $4
                 WHERE id = $1",
                &[
                    id.into(),
                    time::rfc3339(*at).as_str().into(),
                    status(code).into(),
                    error.as_str().into(),
                ],
            )
            .await?
        }
        Outcome::Failed { status: code, error } => {
            sql.execute(
                "UPDATE webhook_deliveries SET failed_at = $2, last_status = $3, last_error = $4
                 WHERE id = $1",
                &[id.into(), now.as_str().into(), status(code).into(), error.as_str().into()],
            )
            .await?
        }
    };
    Ok(())
}

/// Deletes the deliveries sent or given up on before `before`; returns how many. Those still
/// waiting stay, whatever their age.
pub async fn forget_settled_before(sql: &impl Sql, before: DateTime<Utc>) -> Result<u64, DbError> {
    let before = time::rfc3339(before);
    sql.execute(
        "DELETE FROM webhook_deliveries WHERE delivered_at < $1 OR failed_at < $1",
        &[before.as_str().into()],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_left_are_whole_days_rounded_down() {
        let at = DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(days_between(at, at + TimeDelta::hours(7 * 24 - 1)), 6);
        assert_eq!(days_between(at, at + TimeDelta::days(7)), 7);
        assert_eq!(days_between(at, at + TimeDelta::hours(23)), 0);
    }
}
