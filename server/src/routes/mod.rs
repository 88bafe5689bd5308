//! The API: each resource module declares its routes (see [`table`]); this joins them, with 404
//! and 405 answers in the envelope.

use axum::http::StatusCode;
use axum::Router;

use crate::error::ApiError;
use crate::state::AppState;

mod keys;
mod session;
mod table;
mod token;
mod whoami;

fn routes() -> table::Routes {
    session::routes()
        .merge(keys::routes())
        .merge(token::routes())
        .merge(whoami::routes())
}

/// The API router, to be nested under the API base.
pub fn router() -> Router<AppState> {
    routes()
        .into_router()
        .fallback(not_found)
        // After the routes: it applies to those already added. axum keeps the `Allow` header.
        .method_not_allowed_fallback(method_not_allowed)
}

/// Every operation of the API as (method, path relative to the API base), in OpenAPI path syntax.
pub fn operations() -> Vec<(&'static str, &'static str)> {
    routes().operations()
}

pub async fn not_found() -> ApiError {
    ApiError::not_found("There is no such API endpoint.")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "This endpoint does not accept this HTTP method.",
    )
}
