//! `POST /token`: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4). Not enveloped: OAuth clients
//! expect the standard token response and error bodies.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Uri};
use axum::Json;
use serde::Serialize;
use uuid::Uuid;

use super::table::{post, Routes};
use crate::auth::basic_credentials;
use crate::error::OAuthError;
use crate::no_store::NoStore;
use crate::secrets;
use crate::state::AppState;
use crate::store::tokens;

pub fn routes() -> Routes {
    Routes::default().route("/token", post(issue))
}

/// The token response of RFC 6749 §5.1.
#[derive(Serialize)]
struct AccessToken {
    access_token: String,
    token_type: &'static str,
    expires_in: u32,
}

async fn issue(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<NoStore<Json<AccessToken>>, OAuthError> {
    let (client_id, secret) = basic_credentials(&headers).ok_or_else(OAuthError::invalid_client)?;
    let client_id = Uuid::parse_str(&client_id)
        .map_err(|_| OAuthError::invalid_client())?
        .hyphenated()
        .to_string();
    state
        .token_rate
        .check(&client_id)
        .map_err(OAuthError::slow_down)?;
    match grant_type(&uri, &headers, &body).as_deref() {
        Some("client_credentials") => {}
        Some(_) => return Err(OAuthError::unsupported_grant_type()),
        None => {
            return Err(OAuthError::invalid_request(
                "The grant_type parameter is missing.",
            ))
        }
    }
    let ttl = state.config.token_ttl;
    let token = secrets::new_token();
    let digest = secrets::digest(&token);
    let issued = state
        .db
        .write(move |conn| tokens::issue(conn, &client_id, &secret, &digest, ttl))
        .await?;
    if !issued {
        return Err(OAuthError::invalid_client());
    }
    Ok(NoStore(Json(AccessToken {
        access_token: token,
        token_type: "Bearer",
        expires_in: ttl,
    })))
}

/// `grant_type` from the query string, else from an `application/x-www-form-urlencoded` body.
fn grant_type(uri: &Uri, headers: &HeaderMap, body: &Bytes) -> Option<String> {
    let from_pairs = |pairs: Vec<(String, String)>| {
        pairs
            .into_iter()
            .find(|(k, _)| k == "grant_type")
            .map(|(_, v)| v)
    };
    if let Some(grant) = uri
        .query()
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .and_then(from_pairs)
    {
        return Some(grant);
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    is_form
        .then(|| serde_urlencoded::from_bytes(body).ok())
        .flatten()
        .and_then(from_pairs)
}
