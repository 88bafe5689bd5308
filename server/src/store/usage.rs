//! Each key's token exchanges per UTC day and outcome, as counters: `add` upserts what the server
//! counted in memory (`usage_meter.rs`), so two instances on one database count into the same rows;
//! `days` reads them back, a row per day.

use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

use super::error::DbError;
use super::sql::Sql;

/// How an exchange at `/token` ended, for a key that exists: the one list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Issued,
    /// A wrong or retired secret.
    RefusedSecret,
    /// The key had expired.
    RefusedExpired,
    /// The caller was outside the key's networks.
    RefusedNetwork,
    /// Over a rate limit (429).
    RateLimited,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Self::Issued,
        Self::RefusedSecret,
        Self::RefusedExpired,
        Self::RefusedNetwork,
        Self::RateLimited,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Issued => "issued",
            Self::RefusedSecret => "refused_secret",
            Self::RefusedExpired => "refused_expired",
            Self::RefusedNetwork => "refused_network",
            Self::RateLimited => "rate_limited",
        }
    }
}

/// Exchanges counted in memory: the key, the UTC day, the outcome, and how many.
pub type Count = ((String, NaiveDate, Outcome), i64);

/// One UTC day of a key's exchanges.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Day {
    pub date: String,
    pub issued: i64,
    pub refused_secret: i64,
    pub refused_expired: i64,
    pub refused_network: i64,
    pub rate_limited: i64,
}

impl Day {
    fn count(&mut self, outcome: Outcome) -> &mut i64 {
        match outcome {
            Outcome::Issued => &mut self.issued,
            Outcome::RefusedSecret => &mut self.refused_secret,
            Outcome::RefusedExpired => &mut self.refused_expired,
            Outcome::RefusedNetwork => &mut self.refused_network,
            Outcome::RateLimited => &mut self.rate_limited,
        }
    }
}

/// Counts `count` more exchanges of the key with `outcome` on `day`; nothing for a key deleted
/// meanwhile (its counters went with it).
pub async fn add(
    sql: &impl Sql,
    client_id: &str,
    day: NaiveDate,
    outcome: Outcome,
    count: i64,
) -> Result<(), DbError> {
    sql.execute(
        "INSERT INTO usage (client_id, day, outcome, count)
         SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM application_keys WHERE client_id = $1)
         ON CONFLICT (client_id, day, outcome) DO UPDATE SET count = usage.count + excluded.count",
        &[
            client_id.into(),
            day.to_string().as_str().into(),
            outcome.name().into(),
            count.into(),
        ],
    )
    .await?;
    Ok(())
}

/// [`add`] for each of `counts`, in the caller's one transaction.
pub async fn add_all(sql: &impl Sql, counts: &[Count]) -> Result<(), DbError> {
    for ((client_id, day, outcome), count) in counts {
        add(sql, client_id, *day, *outcome, *count).await?;
    }
    Ok(())
}

/// The account's key's last `days` UTC days up to `today`, oldest first, a row for each (zeros
/// where nothing happened); `None` if the account has no key with this client_id.
pub async fn days(
    sql: &impl Sql,
    account_id: &str,
    client_id: &str,
    today: NaiveDate,
    days: u32,
) -> Result<Option<Vec<Day>>, DbError> {
    let owned = "SELECT 1 FROM application_keys WHERE client_id = $1 AND account_id = $2";
    if !sql
        .exists(owned, &[client_id.into(), account_id.into()])
        .await?
    {
        return Ok(None);
    }
    let first = today - TimeDelta::days(i64::from(days) - 1);
    let mut table: Vec<Day> = first
        .iter_days()
        .take(days as usize)
        .map(|date| Day {
            date: date.to_string(),
            ..Day::default()
        })
        .collect();
    let counted = sql
        .query(
            "SELECT day, outcome, count FROM usage WHERE client_id = $1 AND day >= $2",
            &[client_id.into(), first.to_string().as_str().into()],
            |row| {
                Ok((
                    row.get::<String>(0)?,
                    row.get::<String>(1)?,
                    row.get::<i64>(2)?,
                ))
            },
        )
        .await?;
    for (day, outcome, count) in counted {
        let outcome = Outcome::ALL.into_iter().find(|o| o.name() == outcome);
        let row = table.iter_mut().find(|row| row.date == day);
        if let (Some(outcome), Some(row)) = (outcome, row) {
            *row.count(outcome) += count;
        }
    }
    Ok(Some(table))
}

/// Deletes the counters of days before `oldest`; returns how many rows.
pub async fn forget_before(sql: &impl Sql, oldest: NaiveDate) -> Result<u64, DbError> {
    sql.execute(
        "DELETE FROM usage WHERE day < $1",
        &[oldest.to_string().as_str().into()],
    )
    .await
}
