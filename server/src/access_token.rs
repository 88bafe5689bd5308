//! The caller of a protected resource (`/whoami`, `/clusters`): the access token of
//! `Authorization: Bearer` (RFC 6750), still working, used from where its key allows, with the
//! scopes it carries now: those it was issued with, less what its key no longer grants.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use appkeys_rules::scopes;

use crate::auth::bearer_token;
use crate::client_address::ClientAddress;
use crate::error::ApiError;
use crate::scope_catalogue::ScopeCatalogue;
use crate::secrets;
use crate::state::AppState;
use crate::store::tokens::LiveToken;

pub struct Bearer {
    pub token: LiveToken,
    /// Sorted, once each.
    pub scopes: Vec<String>,
}

/// What a live token carries now (see [`scopes::effective`]).
pub fn scopes_now(token: &LiveToken, catalogue: &ScopeCatalogue) -> Vec<String> {
    let granted = scopes::granted(&token.key_scopes, catalogue.names());
    match &token.issued_scopes {
        Some(issued) => scopes::effective(issued, &granted),
        None => granted,
    }
}

impl Bearer {
    /// 403 `insufficient_scope` naming `scope` (RFC 6750 section 3.1) unless the token has it.
    pub fn require(&self, scope: &'static str) -> Result<(), ApiError> {
        if self.scopes.iter().any(|s| s == scope) {
            return Ok(());
        }
        Err(ApiError::forbidden(format!(
            "This access token does not carry the scope {scope}."
        ))
        .with_www_authenticate(format!(
            "Bearer error=\"insufficient_scope\", scope=\"{scope}\""
        )))
    }
}

fn invalid_token() -> ApiError {
    ApiError::unauthorized(
        "The access token is missing, expired, unknown or revoked, or not usable from this address.",
    )
    .with_www_authenticate("Bearer error=\"invalid_token\"")
}

impl FromRequestParts<AppState> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Ok(ClientAddress(from)) = ClientAddress::from_request_parts(parts, state).await;
        let token = bearer_token(&parts.headers).ok_or_else(invalid_token)?;
        let digest = secrets::digest(token);
        let now = state.clock.now();
        let token = state
            .db
            .live_token(digest, Some(from), now)
            .await?
            .ok_or_else(invalid_token)?;
        let scopes = scopes_now(&token, &state.scopes);
        Ok(Self { token, scopes })
    }
}
