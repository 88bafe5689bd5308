//! `/application-keys`: list, create (idempotent with `request_id`) and delete the signed-in account's keys.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::auth::ConsoleSession;
use crate::db::{self, rusqlite};
use crate::envelope::{no_store, ok, ok_empty, ApiError, ApiJson};
use crate::secrets;
use crate::state::AppState;

pub const DESCRIPTION_MAX_CHARS: usize = 256;
pub const REQUEST_ID_MAX_CHARS: usize = 128;

#[derive(Serialize)]
struct Key {
    client_id: String,
    description: Option<String>,
    created_at: String,
    last_used_at: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    session: ConsoleSession,
) -> Result<Response, ApiError> {
    let keys = db::call(&state.pool, move |conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT client_id, description, created_at, last_used_at FROM application_keys
             WHERE account_id = ?1 ORDER BY created_at DESC, client_id ASC",
        )?;
        let keys = stmt
            .query_map([&session.account_id], |row| {
                Ok(Key {
                    client_id: row.get(0)?,
                    description: row.get(1)?,
                    created_at: row.get(2)?,
                    last_used_at: row.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(keys)
    })
    .await?;
    Ok(ok(json!({ "total": keys.len(), "list": keys })))
}

/// Trimmed description, empty meaning none; the error names the rule that failed.
fn normalise_description(raw: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(raw) = raw else { return Ok(None) };
    let trimmed = raw.trim();
    if trimmed.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "The description must not contain control characters.",
        ));
    }
    if trimmed.chars().count() > DESCRIPTION_MAX_CHARS {
        return Err(ApiError::bad_request(format!(
            "The description must be at most {DESCRIPTION_MAX_CHARS} characters long."
        )));
    }
    Ok((!trimmed.is_empty()).then(|| trimmed.to_string()))
}

fn validate_request_id(raw: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(id) = raw else { return Ok(None) };
    if id.is_empty()
        || id.chars().count() > REQUEST_ID_MAX_CHARS
        || id.chars().any(char::is_control)
    {
        return Err(ApiError::bad_request(format!(
            "The request_id must be 1 to {REQUEST_ID_MAX_CHARS} characters long, without control characters."
        )));
    }
    Ok(Some(id))
}

/// What the create transaction decided.
enum Created {
    New(Value),
    /// The request_id was used before, but its response is no longer cached.
    Existing(String),
    AtLimit,
}

pub async fn create(
    State(state): State<AppState>,
    session: ConsoleSession,
    ApiJson(body): ApiJson<NewKey>,
) -> Result<Response, ApiError> {
    let description = normalise_description(body.description)?;
    let request_id = validate_request_id(body.request_id)?;
    let account_id = session.account_id;

    let _serialised = state.write_lock.lock().await;
    if let Some(id) = &request_id {
        if let Some(data) = state.idempotency.get(&account_id, id) {
            return Ok(no_store(ok(data)));
        }
    }
    let max_keys = state.config.max_keys;
    let (account, rid) = (account_id.clone(), request_id.clone());
    let outcome = db::call(&state.pool, move |conn| {
        // IMMEDIATE takes the write lock first, so count-then-insert is atomic even across processes.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if let Some(rid) = &rid {
            let existing = tx
                .prepare_cached("SELECT client_id FROM application_keys WHERE account_id = ?1 AND request_id = ?2")?
                .query_row((&account, rid), |row| row.get::<_, String>(0));
            match existing {
                Ok(client_id) => return Ok(Created::Existing(client_id)),
                Err(rusqlite::Error::QueryReturnedNoRows) => {}
                Err(err) => return Err(err.into()),
            }
        }
        let count: u32 =
            tx.query_row("SELECT COUNT(*) FROM application_keys WHERE account_id = ?1", [&account], |r| r.get(0))?;
        if count >= max_keys {
            return Ok(Created::AtLimit);
        }
        let client_id = Uuid::new_v4().to_string();
        let secret = secrets::new_secret();
        let created_at = crate::time::now();
        tx.prepare_cached(
            "INSERT INTO application_keys (client_id, account_id, secret_digest, description, request_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute((&client_id, &account, secrets::digest(&secret), &description, &rid, &created_at))?;
        tx.commit()?;
        Ok(Created::New(json!({
            "client_id": client_id,
            "description": description,
            "created_at": created_at,
            "last_used_at": null,
            "secret": secret,
        })))
    })
    .await?;

    match outcome {
        Created::New(data) => {
            tracing::info!(client_id = %data["client_id"].as_str().unwrap_or_default(), "created application key");
            if let Some(id) = &request_id {
                state.idempotency.put(&account_id, id, data.clone());
            }
            Ok(no_store(ok(data)))
        }
        Created::Existing(client_id) => Err(ApiError::conflict(
            "A key was already created for this request_id, but its secret can no longer be shown. \
             Delete that key and create a new one.",
        )
        .with_data(json!({ "client_id": client_id }))),
        Created::AtLimit => Err(ApiError::conflict(format!(
            "This account already has the maximum of {max_keys} application keys. Delete one to create another."
        ))),
    }
}

pub async fn delete(
    State(state): State<AppState>,
    session: ConsoleSession,
    client_id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    // Unknown, malformed and other accounts' ids get the same answer, so existence does not leak.
    let not_found =
        || ApiError::not_found("No application key with this client_id exists in this account.");
    let Some(parsed) = client_id
        .ok()
        .and_then(|Path(id)| Uuid::parse_str(&id).ok())
    else {
        return Err(not_found());
    };
    let client_id = parsed.hyphenated().to_string();
    let (account, id) = (session.account_id.clone(), client_id.clone());
    let deleted = db::write(&state, move |conn| {
        // Its access tokens go with it (ON DELETE CASCADE), so they are refused from this commit on.
        Ok(conn.execute(
            "DELETE FROM application_keys WHERE client_id = ?1 AND account_id = ?2",
            (&id, &account),
        )?)
    })
    .await?;
    if deleted == 0 {
        return Err(not_found());
    }
    state
        .idempotency
        .forget_client(&session.account_id, &client_id);
    tracing::info!(%client_id, "deleted application key");
    Ok(ok_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_normalised() {
        assert_eq!(normalise_description(None).unwrap(), None);
        assert_eq!(normalise_description(Some("  ".into())).unwrap(), None);
        assert_eq!(
            normalise_description(Some(" ci ".into()))
                .unwrap()
                .as_deref(),
            Some("ci")
        );
        assert!(normalise_description(Some("a\u{7}b".into())).is_err());
        assert!(normalise_description(Some("é".repeat(256))).is_ok());
        assert!(normalise_description(Some("é".repeat(257))).is_err());
    }
}
