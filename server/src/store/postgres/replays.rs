//! The sealed answers of requests with a request_id (see `store::replays` and `crate::replay`).

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::replay::{Replayable, REPLAY_WINDOW};
use crate::store::DbError;

pub async fn find<T: DeserializeOwned>(
    client: &impl GenericClient,
    account_id: &str,
    request: &Replayable,
    now: DateTime<Utc>,
) -> Result<Option<T>, DbError> {
    let statement = client
        .prepare_cached(
            "SELECT sealed FROM replays
             WHERE account_id = $1 AND scope = $2 AND request_id = $3 AND expires_at > $4",
        )
        .await?;
    let row = client
        .query_opt(
            &statement,
            &[
                &account_id,
                &request.scope,
                &request.request_id,
                &now.timestamp(),
            ],
        )
        .await?;
    Ok(row.and_then(|row| request.open_answer(account_id, row.get(0))))
}

pub async fn put(
    client: &impl GenericClient,
    account_id: &str,
    request: &Replayable,
    client_id: &str,
    answer: &impl Serialize,
    now: DateTime<Utc>,
) -> Result<(), DbError> {
    let statement = client
        .prepare_cached(
            "INSERT INTO replays (account_id, scope, request_id, client_id, sealed, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (account_id, scope, request_id) DO UPDATE
             SET client_id = excluded.client_id, sealed = excluded.sealed,
                 expires_at = excluded.expires_at",
        )
        .await?;
    let sealed = request.seal_answer(account_id, answer);
    let expires_at = (now + REPLAY_WINDOW).timestamp();
    client
        .execute(
            &statement,
            &[
                &account_id,
                &request.scope,
                &request.request_id,
                &client_id,
                &sealed,
                &expires_at,
            ],
        )
        .await?;
    Ok(())
}

pub async fn forget_key(client: &impl GenericClient, client_id: &str) -> Result<(), DbError> {
    client
        .execute("DELETE FROM replays WHERE client_id = $1", &[&client_id])
        .await?;
    Ok(())
}
