//! The /token limits shared by every instance: the same GCRA as the in-memory limits
//! (`crate::limits`), its state in the `rate_limits` table. Each limited key holds its theoretical
//! arrival time (TAT, Unix microseconds of the database's clock, so that instances' clocks do not
//! matter): an event is allowed if, pushed one interval later, the TAT stays within the window
//! ahead of now. One statement checks and counts; a refusal reads how long to wait.

use deadpool_postgres::Client;

use crate::store::error::DbError;

/// Now on the database's clock, in microseconds.
const NOW_US: &str = "(extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT";

/// Counts one event for `bucket`, allowed one more each `interval_us` and as many at once as fit in
/// `window_us` (the burst: the window is given, not multiplied back from the interval, because the
/// interval is truncated to whole microseconds: at more than a million events a second it is 0, and
/// a window of 0 would refuse an event whenever another committed first). `Ok(None)`: allowed;
/// `Ok(Some(seconds))`: over the limit until then (rounded up, at least 1).
pub async fn check(
    client: &Client,
    bucket: &str,
    interval_us: i64,
    window_us: i64,
) -> Result<Option<u64>, DbError> {
    let count = client
        .prepare_cached(&format!(
            "WITH now AS (SELECT {NOW_US} AS us)
             INSERT INTO rate_limits AS r (bucket, tat) SELECT $1, us + $2 FROM now
             ON CONFLICT (bucket) DO UPDATE
             SET tat = GREATEST(r.tat, (SELECT us FROM now)) + $2
             WHERE GREATEST(r.tat, (SELECT us FROM now)) + $2 - (SELECT us FROM now) <= $3
             RETURNING tat"
        ))
        .await?;
    if client
        .query_opt(&count, &[&bucket, &interval_us, &window_us])
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let wait_us: i64 = client
        .query_one(
            &format!("SELECT tat + $2 - $3 - {NOW_US} FROM rate_limits WHERE bucket = $1"),
            &[&bucket, &interval_us, &window_us],
        )
        .await?
        .get(0);
    let wait_us = u64::try_from(wait_us).unwrap_or(0);
    Ok(Some(wait_us.div_ceil(1_000_000).max(1)))
}

/// Forgets the keys whose limit has fully recovered (their TAT has passed).
pub async fn forget_recovered(client: &Client) -> Result<u64, DbError> {
    Ok(client
        .execute(
            &format!("DELETE FROM rate_limits WHERE tat <= {NOW_US}"),
            &[],
        )
        .await?)
}
