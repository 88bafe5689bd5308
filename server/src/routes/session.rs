//! `/session`: console sign-in, who is signed in, sign-out.

use axum::extract::State;
use axum::http::{header, HeaderName, HeaderValue};
use serde::{Deserialize, Serialize};

use super::table::{post, Routes};
use crate::auth::{session_cookie_header, ConsoleSession};
use crate::client_address::ClientAddress;
use crate::envelope::Envelope;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::no_store::NoStore;
use crate::secrets;
use crate::state::AppState;
use crate::store::accounts::Account;

pub fn routes() -> Routes {
    Routes::default().route("/session", post(sign_in).get(current).delete(sign_out))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    username: String,
    password: String,
}

/// Who is signed in; the token only in the answer to the sign-in.
#[derive(Serialize)]
struct Session {
    account_id: String,
    username: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
    /// The caller's address as this server sees it (`GET /session`): what "Add my address" adds.
    #[serde(skip_serializing_if = "Option::is_none")]
    client_ip: Option<String>,
}

type SetCookie = [(HeaderName, HeaderValue); 1];

async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<(SetCookie, NoStore<Envelope<Session>>), ApiError> {
    let name = body.username;
    let limits = &state.limits;
    // A throttled name or source is refused before any password is hashed.
    limits
        .sign_in_per_name
        .check(&name)
        .and(limits.sign_in_per_source.check(&source))
        .map_err(too_many_attempts)?;
    let Some(account) = verify(&state, name.clone(), body.password).await? else {
        limits.sign_in_per_name.failed(&name);
        limits.sign_in_per_source.failed(&source);
        return Err(ApiError::unauthorized("The username or password is wrong."));
    };
    let token = secrets::new_token();
    let ttl = state.config.session_ttl;
    let (digest, account_id) = (secrets::digest(&token), account.id.clone());
    let now = state.clock.now();
    state
        .db
        .create_session(digest, account_id, ttl, now)
        .await?;
    tracing::info!(account_id = %account.id, "signed in");
    let cookie = set_cookie(&token, Some(ttl), state.config.secure_cookies)?;
    let session = Session {
        account_id: account.id,
        username: account.username,
        token: Some(token),
        client_ip: None,
    };
    Ok((cookie, NoStore(Envelope::ok(session))))
}

fn too_many_attempts(retry_after: u64) -> ApiError {
    ApiError::too_many_requests(
        format!("Too many attempts; try again in {retry_after} s."),
        retry_after,
    )
}

/// Looks the account up (the connection goes back to the pool at once), then verifies the
/// password on the blocking pool, with at most a few hashes at a time: Argon2 is slow on purpose,
/// and a flood of sign-ins must neither hold the connections nor take every thread.
async fn verify(
    state: &AppState,
    name: String,
    password: String,
) -> Result<Option<Account>, ApiError> {
    let found = state.db.find_account(name).await?;
    let light = state.config.light_password_hash;
    let _turn = state.hashing.acquire().await.map_err(ApiError::internal)?;
    tokio::task::spawn_blocking(move || verified(found, &password, light))
        .await
        .map_err(ApiError::internal)
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

async fn current(session: ConsoleSession, ClientAddress(ip): ClientAddress) -> Envelope<Session> {
    Envelope::ok(Session {
        account_id: session.account_id,
        username: session.username,
        token: None,
        client_ip: Some(ip.to_string()),
    })
}

async fn sign_out(
    State(state): State<AppState>,
    session: ConsoleSession,
) -> Result<(SetCookie, Envelope<()>), ApiError> {
    let digest = session.token_digest;
    state.db.delete_session(digest).await?;
    let cookie = set_cookie("", None, state.config.secure_cookies)?;
    Ok((cookie, Envelope::empty()))
}

fn set_cookie(token: &str, max_age: Option<u32>, secure: bool) -> Result<SetCookie, ApiError> {
    let value = session_cookie_header(token, max_age, secure);
    let value = HeaderValue::try_from(value).map_err(ApiError::internal)?;
    Ok([(header::SET_COOKIE, value)])
}
