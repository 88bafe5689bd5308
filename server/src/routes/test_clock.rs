//! `POST /test/clock`, only with `--test-clock`: moves the server's clock forward, so that tests see
//! keys, access tokens and sessions expire without waiting (and the expiries and ended secrets it
//! moved past are logged at once, as the scan would). Not part of the contract: without the
//! flag the route does not exist (404 like any unknown path).

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use super::table::{post, Routes};
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::default().test_only("/test/clock", post(advance))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    advance_seconds: u64,
}

async fn advance(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Advance>,
) -> Result<StatusCode, ApiError> {
    let seconds = body.advance_seconds;
    state.clock.advance(seconds).map_err(|_| {
        ApiError::bad_request("The test clock moves at most 100 years forward in all.")
    })?;
    tracing::warn!(seconds, now = %state.clock.now(), "test clock advanced");
    // What the scan would find at the new time is logged before the answer, so tests need not wait.
    let notice_days = &state.config.expiry_notice_days;
    crate::housekeeping::log_endings(&state.db, &state.clock, notice_days).await;
    Ok(StatusCode::NO_CONTENT)
}
