//! `/session`: console sign-in, who is signed in, sign-out.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::auth::{session_cookie_header, ConsoleSession};
use crate::db;
use crate::envelope::{no_store, ok, ok_empty, ApiError, ApiJson};
use crate::secrets;
use crate::state::AppState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    username: String,
    password: String,
}

/// Argon2 hash of a password nobody has, verified when the username is unknown so that a wrong
/// username costs as long as a wrong password and the answer does not reveal which accounts exist.
fn dummy_hash(light: bool) -> &'static str {
    static LIGHT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static FULL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let cell = if light { &LIGHT } else { &FULL };
    cell.get_or_init(|| secrets::hash_password(&secrets::new_token(), light))
}

pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<Response, ApiError> {
    let light = state.config.light_password_hash;
    let ttl = state.config.session_ttl;
    let token = secrets::new_token();
    let digest = secrets::digest(&token);
    let account = db::call(&state.pool, move |conn| {
        let found: Option<(String, String, String)> = conn
            .prepare_cached("SELECT id, username, password_hash FROM accounts WHERE username = ?1")?
            .query_row([&body.username], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .map(Some)
            .or_else(|err| match err {
                db::rusqlite::Error::QueryReturnedNoRows => Ok(None),
                other => Err(other),
            })?;
        let phc = found.as_ref().map_or_else(|| dummy_hash(light).to_string(), |(_, _, h)| h.clone());
        let verified = secrets::verify_password(&body.password, &phc);
        let Some((id, username, _)) = found.filter(|_| verified) else {
            return Ok(None);
        };
        let now = Utc::now();
        conn.prepare_cached(
            "INSERT INTO sessions (token_digest, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute((digest, &id, crate::time::rfc3339(now), now.timestamp() + i64::from(ttl)))?;
        Ok(Some((id, username)))
    })
    .await?;
    let Some((account_id, username)) = account else {
        return Err(ApiError::unauthorized("The username or password is wrong."));
    };
    tracing::info!(%account_id, "signed in");
    let cookie = session_cookie_header(&token, Some(ttl), state.config.secure_cookies);
    let mut response = no_store(ok(
        json!({ "account_id": account_id, "username": username, "token": token }),
    ));
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(ApiError::internal)?,
    );
    Ok(response)
}

pub async fn current(session: ConsoleSession) -> Response {
    ok(json!({ "account_id": session.account_id, "username": session.username }))
}

pub async fn sign_out(
    State(state): State<AppState>,
    session: ConsoleSession,
) -> Result<Response, ApiError> {
    let digest = session.token_digest;
    db::write(&state, move |conn| {
        conn.execute("DELETE FROM sessions WHERE token_digest = ?1", [digest])?;
        Ok(())
    })
    .await?;
    let cookie = session_cookie_header("", None, state.config.secure_cookies);
    let mut response = ok_empty();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(ApiError::internal)?,
    );
    Ok(response)
}
