//! `/session`: console sign-in, who is signed in, sign-out.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::auth::{session_cookie_header, ConsoleSession};
use crate::envelope::{no_store, ok, ok_empty};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::secrets;
use crate::state::AppState;
use crate::store::accounts::{self, Account};
use crate::store::sessions;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    username: String,
    password: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<Response, ApiError> {
    let light = state.config.light_password_hash;
    // Verified on the blocking pool with the lookup: Argon2 would stall an async worker.
    let account = state
        .db
        .read(move |conn| {
            let found = accounts::find_by_username(conn, &body.username)?;
            Ok(verified(found, &body.password, light))
        })
        .await?
        .ok_or_else(|| ApiError::unauthorized("The username or password is wrong."))?;
    let token = secrets::new_token();
    let ttl = state.config.session_ttl;
    let (digest, account_id) = (secrets::digest(&token), account.id.clone());
    state
        .db
        .write(move |conn| sessions::create(conn, &digest, &account_id, ttl))
        .await?;
    let (account_id, username) = (account.id, account.username);
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

/// The account if the password is its own. An unknown username is verified against a hash of a
/// password nobody has, so that it costs as long as a wrong password and the answer does not reveal
/// which accounts exist.
fn verified(found: Option<Account>, password: &str, light: bool) -> Option<Account> {
    static LIGHT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    static FULL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = || {
        let cell = if light { &LIGHT } else { &FULL };
        cell.get_or_init(|| secrets::hash_password(&secrets::new_token(), light))
    };
    let phc = found
        .as_ref()
        .map_or_else(dummy, |account| &account.password_hash);
    let matches = secrets::verify_password(password, phc);
    found.filter(|_| matches)
}

pub async fn current(session: ConsoleSession) -> Response {
    ok(json!({ "account_id": session.account_id, "username": session.username }))
}

pub async fn sign_out(
    State(state): State<AppState>,
    session: ConsoleSession,
) -> Result<Response, ApiError> {
    let digest = session.token_digest;
    state
        .db
        .write(move |conn| sessions::delete(conn, &digest))
        .await?;
    let cookie = session_cookie_header("", None, state.config.secure_cookies);
    let mut response = ok_empty();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(ApiError::internal)?,
    );
    Ok(response)
}
