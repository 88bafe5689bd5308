//! The API: each resource module declares its routes (see [`table`]); this joins them, with 404
//! and 405 answers in the envelope.

use axum::http::StatusCode;
use axum::Router;

use crate::error::ApiError;
use crate::state::AppState;

mod activity;
mod clusters;
mod introspect;
mod keys;
mod policy;
mod secret_scanning;
mod session;
mod table;
mod test_clock;
mod token;
mod whoami;

/// The API's routes, and with `test_clock` the route that moves the test clock.
fn routes(test_clock: bool) -> table::Routes {
    let api = session::routes()
        .merge(keys::routes())
        .merge(activity::routes())
        .merge(policy::routes())
        .merge(secret_scanning::routes())
        .merge(token::routes())
        .merge(introspect::routes())
        .merge(whoami::routes())
        .merge(clusters::routes());
    if test_clock {
        api.merge(test_clock::routes())
    } else {
        api
    }
}

/// The API router, to be nested under the API base.
pub fn router(test_clock: bool) -> Router<AppState> {
    routes(test_clock)
        .into_router()
        .fallback(not_found)
        // After the routes: it applies to those already added. axum keeps the `Allow` header.
        .method_not_allowed_fallback(method_not_allowed)
}

/// Every operation of the API as (method, path relative to the API base), in OpenAPI path syntax.
/// From the routes with the test clock's too, so that it is the table that leaves test routes out.
pub fn operations() -> Vec<(&'static str, &'static str)> {
    routes(true).operations()
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
