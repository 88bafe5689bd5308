//! What time brings, logged by the server as its own events (each with its webhook deliveries):
//! keys that have expired, previous secrets whose grace period has ended, and the notices that a
//! key's end is near. Run by the housekeeping's scan and, with `--test-clock`, when the clock moves.

use chrono::{DateTime, Utc};

use super::error::DbError;
use super::events::{record, Actor, Cause, EventType, Origin};
use super::sql::Sql;
use crate::time;

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
    let expired = log_each(
        sql,
        "SELECT k.account_id, k.client_id, k.expires_at FROM application_keys k
         WHERE k.expires_at <= $1 AND NOT EXISTS (
             SELECT 1 FROM events e WHERE e.account_id = k.account_id
                 AND e.client_id = k.client_id AND e.type = 'key.expired')",
        (EventType::Expired, "expires_at"),
        now,
    )
    .await?;
    let ended = "previous_secret_digest IS NOT NULL AND previous_secret_expires_at <= $1";
    let previous = log_each(
        sql,
        &format!(
            "SELECT account_id, client_id, previous_secret_expires_at FROM application_keys
             WHERE {ended}"
        ),
        (EventType::PreviousSecretEnded, "ended_at"),
        now,
    )
    .await?;
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
        expired,
        previous_secrets_ended: previous,
        expiring,
    })
}

/// Logs `kind` for each key `select` (given `now` as $1) finds, as (account, client_id, instant);
/// the instant goes into the details under `field`. Returns how many.
async fn log_each(
    sql: &impl Sql,
    select: &str,
    (kind, field): (EventType, &str),
    now: DateTime<Utc>,
) -> Result<u64, DbError> {
    let at = time::rfc3339(now);
    let found = sql
        .query(select, &[at.as_str().into()], |row| {
            Ok((
                row.get::<String>(0)?,
                row.get::<String>(1)?,
                row.get::<String>(2)?,
            ))
        })
        .await?;
    for (account_id, client_id, instant) in &found {
        let details = serde_json::json!({ field: instant });
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
    Ok(found.len() as u64)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
