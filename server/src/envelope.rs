//! The `{code, data, message}` envelope of every console endpoint.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

/// `code` of a successful response.
pub const SUCCESS: u32 = 20000;

/// The envelope `code` for an HTTP status: 4xx → 40000 + (status − 400), 5xx → 50000 + (status − 500).
pub fn code_for(status: StatusCode) -> u32 {
    let s = u32::from(status.as_u16());
    match s {
        400..=499 => 40000 + (s - 400),
        500..=599 => 50000 + (s - 500),
        _ => SUCCESS,
    }
}

/// `{"code": 20000, "data": …}`.
pub fn ok<T: Serialize>(data: T) -> Response {
    Json(json!({ "code": SUCCESS, "data": data })).into_response()
}

/// `{"code": 20000}` for operations with nothing to return.
pub fn ok_empty() -> Response {
    Json(json!({ "code": SUCCESS })).into_response()
}

/// Marks a response that carries a secret or token as not to be stored by any cache.
pub fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
