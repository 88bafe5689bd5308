//! `/application-keys`: list, create (idempotent with `request_id`, optionally expiring and limited
//! to networks), change (the description and the networks, partially),
//! rotate (idempotent with `request_id`) and delete the signed-in account's keys, one or many.

use std::collections::HashSet;

use appkeys_rules::networks;
use appkeys_rules::scopes::{self, ScopeError};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use chrono::{DateTime, Datelike, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use super::table::{delete, get, post, Routes};
use crate::auth::ConsoleSession;
use crate::caller::Caller;
use crate::envelope::Envelope;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::no_store::NoStore;
use crate::secret_format;
use crate::state::AppState;
use crate::store::keys::{
    Created, CreatedKey, Key, KeyChanges, NewKey, Rotated, RotatedKey, Rotation,
};

const DESCRIPTION_MAX_CHARS: usize = 256;
const REQUEST_ID_MAX_CHARS: usize = 128;
/// How soon, at the earliest, a new key may expire.
const MIN_LIFETIME: TimeDelta = TimeDelta::hours(1);
/// The longest grace period of a replaced secret: a day, enough to roll a new secret out.
const MAX_GRACE_SECS: u64 = 86_400;
/// The scope of a create's request_id (a rotation's is the client_id of its key).
const CREATE_SCOPE: &str = "create";
/// Keys one bulk delete may name.
const BULK_DELETE_MAX: usize = 100;

pub fn routes() -> Routes {
    // `/application-keys/delete` and `/application-keys/policy` are static segments, which the
    // router matches before `{client_id}` (and a client_id is a UUID, never such a word).
    Routes::default()
        .route("/application-keys", get(list).post(create))
        .route("/application-keys/delete", post(remove_many))
        .route(
            "/application-keys/{client_id}",
            delete(remove).patch(change),
        )
        .route("/application-keys/{client_id}/rotate", post(rotate))
}

#[derive(Serialize)]
struct KeyList {
    total: usize,
    list: Vec<Key>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateRequest {
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    request_id: Option<String>,
    #[serde(default)]
    expires_at: Option<String>,
    /// Absent or empty: from anywhere.
    #[serde(default)]
    allowed_networks: Vec<String>,
    /// Absent: every scope the backend has (the base contract's keys can do everything); `null`
    /// is refused.
    #[serde(default, deserialize_with = "present")]
    scopes: Option<Vec<String>>,
}

/// A partial change: an absent field is left as it is; at least one must be sent.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeRequest {
    /// `null` clears the description; absent leaves it. (`deserialize_with` keeps a `null` as
    /// `Some(None)`, where serde would read it as absent.)
    #[serde(default, deserialize_with = "present")]
    description: Option<Option<String>>,
    /// Present means replaced; `null` is refused (an empty list is "from anywhere").
    #[serde(default, deserialize_with = "present")]
    allowed_networks: Option<Vec<String>>,
    /// Present means replaced; `null` and `[]` are refused.
    #[serde(default, deserialize_with = "present")]
    scopes: Option<Vec<String>>,
}

/// A field that is present, even as `null`.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RotateRequest {
    /// Required; read as any JSON value so that a wrong type gets the message that names the
    /// range (see [`grace_period`]), not serde's.
    #[serde(default)]
    previous_secret_expires_in: Option<Value>,
    #[serde(default)]
    request_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkDeleteRequest {
    client_ids: Vec<String>,
}

#[derive(Serialize)]
struct BulkDeleted {
    deleted: Vec<String>,
    /// Unknown ids and other accounts' alike, so existence does not leak.
    not_found: Vec<String>,
}

/// The key a request_id already made (or rotated), in the 409 that says its secret is gone.
#[derive(Serialize)]
struct MadeBefore {
    client_id: String,
}

async fn list(
    State(state): State<AppState>,
    session: ConsoleSession,
) -> Result<Envelope<KeyList>, ApiError> {
    let account_id = session.account_id;
    let list = state.db.list_keys(account_id).await?;
    Ok(Envelope::ok(KeyList {
        total: list.len(),
        list,
    }))
}

async fn create(
    State(state): State<AppState>,
    session: ConsoleSession,
    caller: Caller,
    ApiJson(body): ApiJson<CreateRequest>,
) -> Result<NoStore<Envelope<CreatedKey>>, ApiError> {
    let requested_expiry = parse_expires_at(body.expires_at)?;
    let request = validate_request_id(body.request_id)?
        .map(|id| session.credential.request(CREATE_SCOPE, &id));
    let cause = session.cause(caller);
    let account_id = session.account_id;
    // A retry gets its first answer even if its expires_at has since come within the hour: the
    // replay is looked up before the expiry is checked (and again in the create's transaction,
    // for retries that come at once).
    if let Some(request) = request.clone() {
        let replay = state
            .db
            .replayed_create(account_id.clone(), request, state.clock.now())
            .await?;
        if let Some(replay) = replay {
            return Ok(NoStore(Envelope::ok(replay)));
        }
    }
    let expires_at = allowed_expiry(
        requested_expiry,
        state.clock.now(),
        state.config.max_expiry_days,
    )?;
    let new = NewKey {
        account_id,
        description: normalise_description(body.description)?,
        request,
        expires_at,
        cause,
        secret: secret_format::new_secret(&state.config.secret_prefix),
        allowed_networks: normalise_networks(&body.allowed_networks)?,
        scopes: match &body.scopes {
            None => state.scopes.all_sorted(),
            Some(scopes) => normalise_scopes(scopes, &state)?,
        },
    };
    let max_keys = state.config.max_keys;
    match state
        .db
        .create_key(new, max_keys, state.clock.clone())
        .await?
    {
        Created::New(created) => {
            tracing::info!(client_id = %created.key.client_id, "created application key");
            Ok(NoStore(Envelope::ok(created)))
        }
        Created::Replayed(created) => Ok(NoStore(Envelope::ok(created))),
        Created::Existing { client_id } => Err(ApiError::conflict(
            "A key was already created for this request_id, but its secret can no longer be shown. \
             Delete that key and create a new one.",
        )
        .with_data(MadeBefore { client_id })),
        Created::AtLimit => Err(ApiError::conflict(format!(
            "This account already has the maximum of {max_keys} application keys. Delete one to create another."
        ))),
    }
}

async fn change(
    State(state): State<AppState>,
    session: ConsoleSession,
    caller: Caller,
    client_id: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<ChangeRequest>,
) -> Result<Envelope<Key>, ApiError> {
    let client_id = client_id_in(client_id)?;
    let changes = KeyChanges {
        description: body.description.map(normalise_description).transpose()?,
        allowed_networks: body
            .allowed_networks
            .as_deref()
            .map(normalise_networks)
            .transpose()?,
        scopes: body
            .scopes
            .as_deref()
            .map(|scopes| normalise_scopes(scopes, &state))
            .transpose()?,
    };
    let KeyChanges {
        description,
        allowed_networks,
        scopes,
    } = &changes;
    if description.is_none() && allowed_networks.is_none() && scopes.is_none() {
        return Err(ApiError::bad_request(
            "Send at least one of description, allowed_networks and scopes.",
        ));
    }
    let changed = state
        .db
        .update_key(
            session.account_id.clone(),
            client_id,
            changes,
            session.cause(caller),
            state.clock.now(),
        )
        .await?
        .ok_or_else(no_such_key)?;
    tracing::info!(client_id = %changed.client_id, "changed application key");
    Ok(Envelope::ok(changed))
}

async fn remove(
    State(state): State<AppState>,
    session: ConsoleSession,
    caller: Caller,
    client_id: Result<Path<String>, PathRejection>,
) -> Result<Envelope<()>, ApiError> {
    let client_id = client_id_in(client_id)?;
    let deleted = state
        .db
        .delete_key(
            session.account_id.clone(),
            client_id.clone(),
            session.cause(caller),
            state.clock.now(),
        )
        .await?;
    if !deleted {
        return Err(no_such_key());
    }
    tracing::info!(%client_id, "deleted application key");
    Ok(Envelope::empty())
}

/// Deletes the listed keys in one transaction; ids that are not the account's are answered as not
/// found and left alone.
async fn remove_many(
    State(state): State<AppState>,
    session: ConsoleSession,
    caller: Caller,
    ApiJson(body): ApiJson<BulkDeleteRequest>,
) -> Result<Envelope<BulkDeleted>, ApiError> {
    let client_ids = bulk_client_ids(body.client_ids)?;
    let deleted = state
        .db
        .delete_keys(
            session.account_id.clone(),
            client_ids.clone(),
            session.cause(caller),
            state.clock.now(),
        )
        .await?;
    for client_id in &deleted {
        tracing::info!(%client_id, "deleted application key");
    }
    let not_found = client_ids
        .into_iter()
        .filter(|id| !deleted.contains(id))
        .collect();
    Ok(Envelope::ok(BulkDeleted { deleted, not_found }))
}

async fn rotate(
    State(state): State<AppState>,
    session: ConsoleSession,
    caller: Caller,
    client_id: Result<Path<String>, PathRejection>,
    ApiJson(body): ApiJson<RotateRequest>,
) -> Result<NoStore<Envelope<RotatedKey>>, ApiError> {
    let client_id = client_id_in(client_id)?;
    let request =
        validate_request_id(body.request_id)?.map(|id| session.credential.request(&client_id, &id));
    let rotation = Rotation {
        grace: grace_period(body.previous_secret_expires_in)?,
        request,
        cause: session.cause(caller),
        account_id: session.account_id,
        client_id: client_id.clone(),
        secret: secret_format::new_secret(&state.config.secret_prefix),
    };
    match state
        .db
        .rotate_key(rotation, state.clock.clone())
        .await?
    {
        Rotated::New(rotated) => {
            tracing::info!(
                %client_id,
                previous_secret_expires_at = rotated.previous_secret_expires_at.as_deref().unwrap_or("now"),
                "rotated application key"
            );
            Ok(NoStore(Envelope::ok(rotated)))
        }
        Rotated::Replayed(rotated) => Ok(NoStore(Envelope::ok(rotated))),
        Rotated::NoSuchKey => Err(no_such_key()),
        Rotated::Expired => Err(ApiError::conflict(
            "This application key has expired and cannot be rotated. Create a new key instead.",
        )),
        Rotated::Before => Err(ApiError::conflict(
            "This key was already rotated for this request_id, but its new secret can no longer be \
             shown. Rotate the key again to get another secret.",
        )
        .with_data(MadeBefore { client_id })),
    }
}

/// The client_id of the path, normalised; a malformed one is answered like an unknown one.
pub(super) fn client_id_in(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.ok()
        .and_then(|Path(id)| normalised_client_id(&id))
        .ok_or_else(no_such_key)
}

/// A client_id as the store keeps it (hyphenated, lower case), if it is one.
fn normalised_client_id(raw: &str) -> Option<String> {
    Uuid::parse_str(raw)
        .ok()
        .map(|id| id.hyphenated().to_string())
}

/// Unknown, malformed and other accounts' ids get this one answer, so existence does not leak.
pub(super) fn no_such_key() -> ApiError {
    ApiError::not_found("No application key with this client_id exists in this account.")
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

/// The networks as the store keeps them, normalised (`appkeys_rules::networks`); the error names
/// the entry and the rule.
fn normalise_networks(entries: &[String]) -> Result<Vec<String>, ApiError> {
    networks::parse_list(entries)
        .map(|list| list.iter().map(ToString::to_string).collect())
        .map_err(|error| ApiError::bad_request(error.to_string()))
}

/// A key's scopes as the store keeps them (`appkeys_rules::scopes`): known, sorted, once each,
/// at least one; the error names the scope.
fn normalise_scopes(scopes: &[String], state: &AppState) -> Result<Vec<String>, ApiError> {
    scopes::normalise(scopes, state.scopes.names()).map_err(|error| {
        ApiError::bad_request(match error {
            ScopeError::Empty => {
                "A key needs at least one scope: one that can do nothing is a mistake.".to_string()
            }
            ScopeError::Unknown(scope) => format!("\"{scope}\" is not a scope of this server."),
        })
    })
}

/// `expires_at` as an instant, if given; the error says the form expected.
fn parse_expires_at(raw: Option<String>) -> Result<Option<DateTime<Utc>>, ApiError> {
    let Some(text) = raw else { return Ok(None) };
    let at = DateTime::parse_from_rfc3339(&text)
        .map_err(|_| {
            ApiError::bad_request(
                "expires_at must be an RFC 3339 date and time, e.g. 2027-01-31T00:00:00Z.",
            )
        })?
        .with_timezone(&Utc);
    // Timestamps are written with four-digit years, so that their text order is their time order.
    if at.year() > 9999 {
        return Err(ApiError::bad_request(
            "expires_at must fall before the year 10000 (UTC).",
        ));
    }
    Ok(Some(at))
}

/// The requested expiry if the policy allows it at `now`: at least [`MIN_LIFETIME`] ahead and, when
/// the server has a maximum, within it, which also makes an expiry required.
fn allowed_expiry(
    requested: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    max_days: Option<u32>,
) -> Result<Option<DateTime<Utc>>, ApiError> {
    let latest = max_days.map(|days| now + TimeDelta::days(days.into()));
    match (requested, max_days) {
        (None, None) => Ok(None),
        (None, Some(days)) => Err(ApiError::bad_request(format!(
            "expires_at is required: keys must expire within {}.",
            days_text(days)
        ))),
        (Some(at), _) if at < now + MIN_LIFETIME || latest.is_some_and(|latest| at > latest) => {
            Err(ApiError::bad_request(match max_days {
                Some(days) => format!(
                    "expires_at must be between 1 hour and {} from now.",
                    days_text(days)
                ),
                None => "expires_at must be at least 1 hour from now.".to_string(),
            }))
        }
        (Some(at), _) => Ok(Some(at)),
    }
}

fn days_text(days: u32) -> String {
    match days {
        1 => "1 day".to_string(),
        n => format!("{n} days"),
    }
}

/// How long a replaced secret keeps working: 0 to [`MAX_GRACE_SECS`] whole seconds.
fn grace_period(raw: Option<Value>) -> Result<TimeDelta, ApiError> {
    let rule = format!("a whole number of seconds from 0 to {MAX_GRACE_SECS}");
    let Some(raw) = raw else {
        return Err(ApiError::bad_request(format!(
            "previous_secret_expires_in is required: {rule}."
        )));
    };
    raw.as_u64()
        .filter(|secs| *secs <= MAX_GRACE_SECS)
        .and_then(|secs| i64::try_from(secs).ok())
        .map(TimeDelta::seconds)
        .ok_or_else(|| ApiError::bad_request(format!("previous_secret_expires_in must be {rule}.")))
}

/// The client_ids of a bulk delete, normalised like the path's; the error names the rule that
/// failed. Unlike a path, a malformed id here is a mistake in the request (400), not a key that
/// might exist.
fn bulk_client_ids(raw: Vec<String>) -> Result<Vec<String>, ApiError> {
    if raw.is_empty() || raw.len() > BULK_DELETE_MAX {
        return Err(ApiError::bad_request(format!(
            "client_ids must list 1 to {BULK_DELETE_MAX} client_ids; this request lists {}.",
            raw.len()
        )));
    }
    let mut seen = HashSet::new();
    raw.iter()
        .enumerate()
        .map(|(index, id)| {
            let id = normalised_client_id(id).ok_or_else(|| {
                ApiError::bad_request(format!("client_ids[{index}] is not a client_id (a UUID)."))
            })?;
            if !seen.insert(id.clone()) {
                return Err(ApiError::bad_request(format!(
                    "client_ids lists {id} more than once."
                )));
            }
            Ok(id)
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    #[test]
    fn expiry_is_between_an_hour_and_the_maximum() {
        let now = Utc::now();
        let allowed = |at: Option<TimeDelta>, max| {
            allowed_expiry(at.map(|d| now + d), now, max)
                .map(|at| at.map(|at| at - now))
                .map_err(|err| format!("{err:?}"))
        };
        let hour = TimeDelta::hours(1);
        let second = TimeDelta::seconds(1);
        assert_eq!(allowed(None, None), Ok(None));
        assert_eq!(allowed(Some(hour), None), Ok(Some(hour)));
        assert_eq!(
            allowed(Some(hour * 24 * 365 * 50), None),
            Ok(Some(hour * 24 * 365 * 50))
        );
        assert!(allowed(Some(hour - second), None)
            .unwrap_err()
            .contains("at least 1 hour"));
        assert!(allowed(None, Some(90))
            .unwrap_err()
            .contains("within 90 days"));
        let ninety = TimeDelta::days(90);
        assert_eq!(allowed(Some(ninety), Some(90)), Ok(Some(ninety)));
        assert!(allowed(Some(ninety + second), Some(90))
            .unwrap_err()
            .contains("between 1 hour and 90 days"));
        assert!(allowed(Some(-hour), Some(1))
            .unwrap_err()
            .contains("between 1 hour and 1 day "));
    }

    #[test]
    fn a_grace_period_is_0_to_86400_whole_seconds() {
        let grace = |value: Option<Value>| grace_period(value).map_err(|err| format!("{err:?}"));
        assert_eq!(grace(Some(json!(0))), Ok(TimeDelta::zero()));
        assert_eq!(grace(Some(json!(86_400))), Ok(TimeDelta::days(1)));
        assert!(grace(None).unwrap_err().contains("is required"));
        for bad in [
            json!(86_401),
            json!(-1),
            json!(1.5),
            json!("60"),
            json!(null),
            json!(u64::MAX),
        ] {
            assert!(
                grace(Some(bad.clone()))
                    .unwrap_err()
                    .contains("from 0 to 86400"),
                "{bad}"
            );
        }
    }

    #[test]
    fn bulk_ids_are_normalised_and_checked() {
        let id = "3f2b9c1e-8a4d-4e6f-9b1a-2c3d4e5f6a7b";
        let ids = |list: &[&str]| {
            bulk_client_ids(list.iter().map(|s| s.to_string()).collect())
                .map_err(|err| format!("{err:?}"))
        };
        assert_eq!(ids(&[&id.to_uppercase()]), Ok(vec![id.to_string()]));
        assert_eq!(ids(&[&id.replace('-', "")]), Ok(vec![id.to_string()]));
        assert!(ids(&[]).unwrap_err().contains("1 to 100"));
        assert!(ids(&[id; 101]).unwrap_err().contains("lists 101"));
        assert!(ids(&[id, &id.to_uppercase()])
            .unwrap_err()
            .contains("more than once"));
        assert!(ids(&[id, "policy"]).unwrap_err().contains("client_ids[1]"));
        let hundred: Vec<String> = (0..100).map(|_| Uuid::new_v4().to_string()).collect();
        assert_eq!(
            bulk_client_ids(hundred.clone()).map_err(|err| format!("{err:?}")),
            Ok(hundred)
        );
    }

    #[test]
    fn expires_at_is_any_rfc3339_time_before_the_year_10000() {
        let parsed = parse_expires_at(Some("2027-01-31T02:00:00.5+02:00".into())).unwrap();
        assert_eq!(
            parsed.map(crate::time::rfc3339).as_deref(),
            Some("2027-01-31T00:00:00.500000Z")
        );
        assert_eq!(parse_expires_at(None).unwrap(), None);
        for bad in [
            "2027-01-31",
            "tomorrow",
            "2027-01-31T00:00:00",
            "9999-12-31T23:00:00-02:00",
        ] {
            assert!(parse_expires_at(Some(bad.into())).is_err(), "{bad}");
        }
    }
}
