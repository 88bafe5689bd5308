//! `GET /whoami`: the protected resource that proves an access token from `/token` works.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use chrono::Utc;
use serde_json::json;

use crate::auth::bearer_token;
use crate::db;
use crate::envelope::{ok, ApiError};
use crate::secrets;
use crate::state::AppState;

fn refused() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "The access token is missing, expired, unknown or revoked.",
    )
    .with_header(header::WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
}

pub async fn whoami(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(token) = bearer_token(&headers) else {
        return Err(refused());
    };
    let digest = secrets::digest(token);
    let now = Utc::now().timestamp();
    let found = db::call(&state.pool, move |conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.username, k.client_id FROM access_tokens t
             JOIN application_keys k ON k.client_id = t.client_id
             JOIN accounts a ON a.id = k.account_id
             WHERE t.token_digest = ?1 AND t.expires_at > ?2",
        )?;
        let mut rows = stmt.query((digest, now))?;
        Ok(match rows.next()? {
            Some(row) => Some((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            )),
            None => None,
        })
    })
    .await?;
    let Some((account_id, username, client_id)) = found else {
        return Err(refused());
    };
    Ok(ok(
        json!({ "account_id": account_id, "username": username, "client_id": client_id }),
    ))
}
