//! `Cache-Control: no-store` for every answer that carries a secret or token.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// `T`'s response, marked as not to be stored by any cache.
pub struct NoStore<T>(pub T);

impl<T: IntoResponse> IntoResponse for NoStore<T> {
    fn into_response(self) -> Response {
        let mut response = self.0.into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}
