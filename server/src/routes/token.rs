//! `POST /token`: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4). Not enveloped: OAuth clients
//! expect the standard token response and error bodies.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::auth::basic_credentials;
use crate::error::ApiError;
use crate::no_store::NoStore;
use crate::secrets;
use crate::state::AppState;
use crate::store::tokens;

/// The token response of RFC 6749 §5.1.
#[derive(Serialize)]
struct AccessToken {
    access_token: String,
    token_type: &'static str,
    expires_in: u32,
}

fn oauth_error(status: StatusCode, error: &'static str, description: &str) -> Response {
    (
        status,
        NoStore(Json(
            json!({ "error": error, "error_description": description }),
        )),
    )
        .into_response()
}

fn invalid_client() -> Response {
    let mut response = oauth_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "The client credentials are unknown or wrong.",
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"appkeys\""),
    );
    response
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

pub async fn issue(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some((client_id, secret)) = basic_credentials(&headers) else {
        return Ok(invalid_client());
    };
    let Ok(client_id) = Uuid::parse_str(&client_id).map(|id| id.hyphenated().to_string()) else {
        return Ok(invalid_client());
    };
    if let Err(retry_after) = state.token_rate.check(&client_id) {
        let mut response = oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "slow_down",
            "Too many token requests for this client_id; retry after the number of seconds in Retry-After.",
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        return Ok(response);
    }
    match grant_type(&uri, &headers, &body).as_deref() {
        Some("client_credentials") => {}
        None => {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The grant_type parameter is missing.",
            ))
        }
        Some(_) => {
            return Ok(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Only grant_type=client_credentials is supported.",
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
        return Ok(invalid_client());
    }
    let token = AccessToken {
        access_token: token,
        token_type: "Bearer",
        expires_in: ttl,
    };
    Ok(NoStore(Json(token)).into_response())
}
