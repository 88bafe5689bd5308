//! `POST /oauth/introspect`: token introspection (RFC 7662) for resource servers, the way a real
//! API checks a token it did not issue. Not enveloped: RFC 7662's own JSON at the top level. Only
//! configured resource servers (`--resource-server NAME:SECRET`, HTTP Basic) may ask; without any,
//! the endpoint is off (404).

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::table::{post, Routes};
use crate::access_token::scopes_now;
use crate::auth::basic_credentials;
use crate::client_address::ClientAddress;
use crate::config::ResourceServer;
use crate::error::ApiError;
use crate::limits::LimitError;
use crate::no_store::NoStore;
use crate::secrets;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default().route("/oauth/introspect", post(introspect))
}

/// The form RFC 7662 section 2.1 defines (its `token_type_hint` is read past: there is one kind
/// of token), and one extension: the address of the caller that presented the token to the
/// resource server, so that the key's networks are checked too.
#[derive(Deserialize)]
struct IntrospectionRequest {
    token: String,
    #[serde(default)]
    caller_ip: Option<String>,
}

/// RFC 7662 section 2.2; an inactive token is `{"active": false}` and nothing more.
#[derive(Serialize)]
struct Introspection {
    active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_type: Option<&'static str>,
}

const INACTIVE: Introspection = Introspection {
    active: false,
    scope: None,
    client_id: None,
    exp: None,
    iat: None,
    token_type: None,
};

async fn introspect(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let servers = &state.config.resource_servers;
    if servers.is_empty() {
        return Err(super::not_found().await);
    }
    let Some(server) = authenticated(servers, &headers) else {
        // Wrong credentials count against their source, like wrong secrets at /token.
        if let Err(limited) = state.limits.token_failures_per_source.check(&source).await {
            return Err(too_many(limited));
        }
        return Ok(unauthorized());
    };
    if let Err(limited) = state
        .limits
        .introspections_per_server
        .check(&server.name)
        .await
    {
        return Err(too_many(limited));
    }
    let request: IntrospectionRequest = serde_urlencoded::from_bytes(&body).map_err(|_| {
        ApiError::bad_request(
            "Send the token as application/x-www-form-urlencoded: token=…, optionally caller_ip=….",
        )
    })?;
    let caller = match request.caller_ip.as_deref() {
        None => None,
        Some(text) => Some(
            text.trim()
                .parse::<IpAddr>()
                .map_err(|_| ApiError::bad_request("caller_ip is not an IP address."))?,
        ),
    };
    let digest = secrets::digest(&request.token);
    let live = state
        .db
        .live_token(digest, caller, state.clock.now())
        .await?;
    let answer = match live {
        None => INACTIVE,
        Some(token) => Introspection {
            active: true,
            scope: Some(scopes_now(&token, &state.scopes).join(" ")),
            client_id: Some(token.owner.client_id),
            exp: Some(token.expires_at),
            iat: token.issued_at,
            token_type: Some("Bearer"),
        },
    };
    Ok(NoStore(Json(answer)).into_response())
}

/// The resource server whose Basic credentials these are. Each configured secret is compared in
/// constant time, through equal-length digests, and every one is compared.
fn authenticated<'a>(
    servers: &'a [ResourceServer],
    headers: &HeaderMap,
) -> Option<&'a ResourceServer> {
    let (name, secret) = basic_credentials(headers)?;
    let given = Sha256::digest(secret.as_bytes());
    let mut found = None;
    for server in servers {
        let expected = Sha256::digest(server.secret.as_bytes());
        let same: bool = expected.ct_eq(&given).into();
        if same && server.name == name {
            found = Some(server);
        }
    }
    found
}

fn unauthorized() -> Response {
    let mut response = (
        StatusCode::UNAUTHORIZED,
        NoStore(Json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "Introspection needs a resource server's credentials (HTTP Basic).",
        }))),
    )
        .into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"appkeys\""),
    );
    response
}

fn too_many(limited: LimitError) -> ApiError {
    match limited {
        LimitError::Over(seconds) => {
            ApiError::too_many_requests("Too many introspections; retry later.", seconds)
        }
        LimitError::Db(err) => err.into(),
    }
}
