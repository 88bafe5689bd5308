//! The `{code, data, message}` envelope of every console endpoint, success and error alike.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// `code` of a successful response.
const SUCCESS: u32 = 20000;

/// The envelope `code` for an HTTP status: 4xx → 40000 + (status − 400), 5xx → 50000 + (status − 500).
fn code_for(status: StatusCode) -> u32 {
    let s = u32::from(status.as_u16());
    match s {
        400..=499 => 40000 + (s - 400),
        500..=599 => 50000 + (s - 500),
        _ => SUCCESS,
    }
}

/// An envelope whose `data`, if any, is a `T`.
#[derive(Serialize)]
pub struct Envelope<T> {
    code: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

impl<T> Envelope<T> {
    /// `{"code": 20000, "data": …}`.
    pub fn ok(data: T) -> Self {
        Self {
            code: SUCCESS,
            data: Some(data),
            message: None,
        }
    }

    /// `{"code": 4xxxx or 5xxxx, "message": …}`, with `data` when the client can act on it.
    pub fn error(status: StatusCode, message: String, data: Option<T>) -> Self {
        Self {
            code: code_for(status),
            data,
            message: Some(message),
        }
    }
}

impl Envelope<()> {
    /// `{"code": 20000}` for operations with nothing to return.
    pub fn empty() -> Self {
        Self {
            code: SUCCESS,
            data: None,
            message: None,
        }
    }
}

impl<T: Serialize> IntoResponse for Envelope<T> {
    fn into_response(self) -> Response {
        Json(self).into_response()
    }
}
