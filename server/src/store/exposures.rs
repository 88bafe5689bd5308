//! Secrets reported as found in public (`POST /secret-scanning/reports`). A reported secret that
//! is a key's, current or previous, switches the key's secrets off at once: the key gets a secret
//! nobody holds (a new generation, so every access token it issued is refused) and no previous
//! one, and says where and when its secret was found until its owner rotates it. The key itself
//! stays: its owner rotates or deletes it.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::error::DbError;
use super::events::{self, Cause, EventType};
use super::replays;
use super::sql::Sql;
use crate::{secrets, time};

/// Where the secret was found, as the scanner says.
pub struct Exposure {
    pub url: Option<String>,
    pub source: Option<String>,
}

/// What a reported secret was.
#[derive(Debug, PartialEq, Eq)]
pub enum Reported {
    /// A live secret of a key: switched off now.
    Live,
    /// A secret reported before: nothing more changes.
    Known,
    /// No secret of this server.
    Stranger,
}

pub async fn report(
    sql: &impl Sql,
    digest: &[u8],
    exposure: &Exposure,
    cause: &Cause,
    now: DateTime<Utc>,
) -> Result<Reported, DbError> {
    let live = sql
        .query_opt(
            "SELECT client_id, account_id FROM application_keys
             WHERE secret_digest = $1 OR previous_secret_digest = $1 FOR UPDATE",
            &[digest.into()],
            |row| Ok((row.get::<String>(0)?, row.get::<String>(1)?)),
        )
        .await?;
    let Some((client_id, account_id)) = live else {
        let known = sql
            .exists(
                "SELECT 1 FROM application_keys WHERE exposed_digest = $1",
                &[digest.into()],
            )
            .await?;
        return Ok(if known {
            Reported::Known
        } else {
            Reported::Stranger
        });
    };
    // A secret nobody holds, in a new generation: the reported secret, the previous one and every
    // access token issued from either are refused from this transaction on, on every instance.
    let unheld = secrets::digest(&secrets::new_token());
    sql.execute(
        "UPDATE application_keys SET secret_digest = $2, secret_generation = secret_generation + 1,
             previous_secret_digest = NULL, previous_secret_expires_at = NULL,
             exposed_at = $3, exposed_url = $4, exposed_source = $5, exposed_digest = $6
         WHERE client_id = $1",
        &[
            client_id.as_str().into(),
            unheld.as_slice().into(),
            time::rfc3339(now).as_str().into(),
            exposure.url.as_deref().into(),
            exposure.source.as_deref().into(),
            digest.into(),
        ],
    )
    .await?;
    sql.execute(
        "DELETE FROM access_tokens WHERE client_id = $1",
        &[client_id.as_str().into()],
    )
    .await?;
    replays::forget_key(sql, &client_id).await?;
    let details = json!({ "url": exposure.url, "source": exposure.source });
    let kind = EventType::SecretExposed;
    events::record(
        sql,
        &account_id,
        Some(&client_id),
        kind,
        cause,
        details,
        now,
    )
    .await?;
    Ok(Reported::Live)
}
