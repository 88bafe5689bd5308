//! `GET /whoami`: the protected resource that proves an access token from `/token` works.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::json;

use crate::auth::bearer_token;
use crate::envelope::ok;
use crate::error::ApiError;
use crate::secrets;
use crate::state::AppState;
use crate::store::tokens;

fn refused() -> ApiError {
    ApiError::unauthorized("The access token is missing, expired, unknown or revoked.")
        .with_www_authenticate("Bearer error=\"invalid_token\"")
}

pub async fn whoami(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(token) = bearer_token(&headers) else {
        return Err(refused());
    };
    let digest = secrets::digest(token);
    let owner = state
        .db
        .read(move |conn| tokens::owner(conn, &digest))
        .await?
        .ok_or_else(refused)?;
    Ok(ok(json!({
        "account_id": owner.account_id,
        "username": owner.username,
        "client_id": owner.client_id,
    })))
}
