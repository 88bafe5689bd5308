//! The sealed answers of requests with a request_id, for their replay window (see `crate::replay`,
//! which seals and opens them; here they are only bytes).

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::DbError;
use super::sql::Sql;
use crate::replay::{Replayable, REPLAY_WINDOW};

/// The answer to this account's request, if still within its window and sealed for this client.
pub async fn find<T: DeserializeOwned>(
    sql: &impl Sql,
    account_id: &str,
    request: &Replayable,
    now: DateTime<Utc>,
) -> Result<Option<T>, DbError> {
    let sealed: Option<Vec<u8>> = sql
        .query_opt(
            "SELECT sealed FROM replays
             WHERE account_id = $1 AND scope = $2 AND request_id = $3 AND expires_at > $4",
            &[
                account_id.into(),
                (&request.scope).into(),
                (&request.request_id).into(),
                now.timestamp().into(),
            ],
            |row| row.get(0),
        )
        .await?;
    Ok(sealed.and_then(|sealed| request.open_answer(account_id, &sealed)))
}

/// Keeps the answer about the key `client_id` for the window.
pub async fn put(
    sql: &impl Sql,
    account_id: &str,
    request: &Replayable,
    client_id: &str,
    answer: &impl Serialize,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let sealed = request.seal_answer(account_id, answer);
    sql.execute(
        "INSERT INTO replays (account_id, scope, request_id, client_id, sealed, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, scope, request_id) DO UPDATE
         SET client_id = excluded.client_id, sealed = excluded.sealed,
             expires_at = excluded.expires_at",
        &[
            account_id.into(),
            (&request.scope).into(),
            (&request.request_id).into(),
            client_id.into(),
            (&sealed).into(),
            (now + REPLAY_WINDOW).timestamp().into(),
        ],
    )
    .await?;
    Ok(())
}

/// Forgets the answers about a key whose secret they hold no longer works (it was rotated).
pub async fn forget_key(sql: &impl Sql, client_id: &str) -> Result<(), DbError> {
    sql.execute(
        "DELETE FROM replays WHERE client_id = $1",
        &[client_id.into()],
    )
    .await?;
    Ok(())
}
