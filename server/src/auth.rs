//! Who is calling: the console session (cookie or console bearer, with the CSRF rule for cookies),
//! and the helpers for the `Authorization` header shared with `/token` and `/whoami`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};

use crate::caller::Caller;
use crate::error::ApiError;
use crate::replay::Replayable;
use crate::secrets;
use crate::state::AppState;
use crate::store::events::{Actor, Cause};

/// Name of the session cookie.
const SESSION_COOKIE: &str = "appkeys_session";
/// With `--secure-cookies`: browsers accept a `__Host-` cookie only with Secure, Path=/ and no
/// Domain, so a sibling subdomain cannot plant one.
const SECURE_SESSION_COOKIE: &str = "__Host-appkeys_session";

fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// A signed-in console user.
#[derive(Debug, Clone)]
pub struct ConsoleSession {
    pub account_id: String,
    pub username: String,
    /// The session token's digest, so sign-out can end exactly this session.
    pub token_digest: Vec<u8>,
    pub credential: Credential,
}

/// The session token as the client sent it, which the database never holds: the key to the
/// answers of its requests with a request_id (see `crate::replay`). Never printed.
#[derive(Clone)]
pub struct Credential(String);

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credential(..)")
    }
}

impl Credential {
    /// This client's request `request_id` in `scope` (see [`Replayable`]).
    pub fn request(&self, scope: &str, request_id: &str) -> Replayable {
        Replayable::new(&self.0, scope, request_id)
    }
}

impl ConsoleSession {
    /// This user, from where `caller` says, as the activity log records what they do.
    pub fn cause(&self, Caller(origin): Caller) -> Cause {
        let actor = Actor::User {
            name: self.username.clone(),
        };
        Cause { actor, origin }
    }
}

impl FromRequestParts<AppState> for ConsoleSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (token, from_cookie) = match bearer_token(&parts.headers) {
            Some(token) => (token.to_string(), false),
            None => {
                let name = cookie_name(state.config.secure_cookies);
                (session_cookie(&parts.headers, name)?.to_string(), true)
            }
        };
        let digest = secrets::digest(&token);
        let (lookup, now) = (digest.clone(), state.clock.now());
        let owner = state
            .db
            .session_owner(lookup, now)
            .await?
            .ok_or_else(not_signed_in)?;
        // A browser attaches the cookie to cross-site requests by itself; a cross-site form cannot send
        // JSON or custom headers without a CORS preflight, so requiring one of them stops CSRF.
        if from_cookie && is_mutating(&parts.method) && !has_csrf_proof(&parts.headers) {
            return Err(ApiError::forbidden(
                "A request authenticated by cookie that changes state must send Content-Type: application/json \
                 or an X-Requested-With header.",
            ));
        }
        Ok(Self {
            account_id: owner.account_id,
            username: owner.username,
            token_digest: digest,
            credential: Credential(token),
        })
    }
}

fn not_signed_in() -> ApiError {
    ApiError::unauthorized("Sign in to the console first.").with_www_authenticate("Bearer")
}

fn is_mutating(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn has_csrf_proof(headers: &HeaderMap) -> bool {
    if headers.contains_key("x-requested-with") {
        return true;
    }
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// The token of `Authorization: Bearer <token>`, if that is the scheme used.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The `user:password` pair of `Authorization: Basic …`, if present and well formed.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    use base64::Engine as _;
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// The one session cookie of the request. Two of them mean one was planted (e.g. from a sibling
/// subdomain) to make the person act in another account: refused, as if signed out.
fn session_cookie<'a>(headers: &'a HeaderMap, cookie: &str) -> Result<&'a str, ApiError> {
    let mut values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, value)| *name == cookie && !value.is_empty())
        .map(|(_, value)| value);
    match (values.next(), values.next()) {
        (Some(value), None) => Ok(value),
        (Some(_), Some(_)) => Err(ApiError::unauthorized(
            "The request carries more than one session cookie. Sign in again.",
        )
        .with_www_authenticate("Bearer")),
        _ => Err(not_signed_in()),
    }
}

/// The `Set-Cookie` value that starts (or, with an empty token, clears) a session.
pub fn session_cookie_header(token: &str, max_age: Option<u32>, secure: bool) -> String {
    let name = cookie_name(secure);
    let mut cookie = format!("{name}={token}; HttpOnly; SameSite=Strict; Path=/");
    match max_age {
        Some(secs) => cookie.push_str(&format!("; Max-Age={secs}")),
        None => cookie.push_str("; Max-Age=0"),
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}
