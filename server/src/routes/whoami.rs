//! `GET /whoami`: the protected resource that proves an access token from `/token` works.

use axum::extract::State;
use axum::http::HeaderMap;

use super::table::{get, Routes};
use crate::auth::bearer_token;
use crate::client_address::ClientAddress;
use crate::envelope::Envelope;
use crate::error::ApiError;
use crate::secrets;
use crate::state::AppState;
use crate::store::tokens::TokenOwner;

pub fn routes() -> Routes {
    Routes::default().route("/whoami", get(whoami))
}

async fn whoami(
    State(state): State<AppState>,
    ClientAddress(from): ClientAddress,
    headers: HeaderMap,
) -> Result<Envelope<TokenOwner>, ApiError> {
    let refused = || {
        ApiError::unauthorized(
            "The access token is missing, expired, unknown or revoked, or not usable from this address.",
        )
            .with_www_authenticate("Bearer error=\"invalid_token\"")
    };
    let digest = secrets::digest(bearer_token(&headers).ok_or_else(refused)?);
    let now = state.clock.now();
    let owner = state
        .db
        .token_owner(digest, from, now)
        .await?
        .ok_or_else(refused)?;
    Ok(Envelope::ok(owner))
}
