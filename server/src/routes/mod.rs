//! The API's routes, listed once in [`ROUTES`]: the router is built from that table, and a test
//! compares it with `api/openapi.yaml`.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, MethodRouter};
use axum::Router;

use crate::error::ApiError;
use crate::state::AppState;

pub mod keys;
pub mod session;
pub mod token;
pub mod whoami;

/// Every operation of the API as (method, path relative to the API base), in OpenAPI path syntax.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/session"),
    ("GET", "/session"),
    ("DELETE", "/session"),
    ("GET", "/application-keys"),
    ("POST", "/application-keys"),
    ("DELETE", "/application-keys/{client_id}"),
    ("POST", "/token"),
    ("GET", "/whoami"),
];

fn handler(method: &str, path: &str) -> MethodRouter<AppState> {
    match (method, path) {
        ("POST", "/session") => post(session::sign_in),
        ("GET", "/session") => get(session::current),
        ("DELETE", "/session") => delete(session::sign_out),
        ("GET", "/application-keys") => get(keys::list),
        ("POST", "/application-keys") => post(keys::create),
        ("DELETE", "/application-keys/{client_id}") => delete(keys::delete),
        ("POST", "/token") => post(token::issue),
        ("GET", "/whoami") => get(whoami::whoami),
        _ => unreachable!("ROUTES lists {method} {path} without a handler"),
    }
}

/// The API router (to be nested under the API base), with enveloped 404 and 405 answers.
pub fn api_router() -> Router<AppState> {
    let mut by_path: BTreeMap<&str, MethodRouter<AppState>> = BTreeMap::new();
    for &(method, path) in ROUTES {
        let route = handler(method, path);
        let merged = match by_path.remove(path) {
            Some(existing) => existing.merge(route),
            None => route,
        };
        by_path.insert(path, merged);
    }
    by_path
        .into_iter()
        .fold(Router::new(), |router, (path, route)| {
            router.route(path, route.fallback(method_not_allowed))
        })
        .fallback(not_found)
}

pub async fn not_found() -> Response {
    ApiError::not_found("There is no such API endpoint.").into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "This endpoint does not accept this HTTP method.",
    )
    .into_response()
}
