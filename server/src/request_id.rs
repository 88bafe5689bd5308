//! The request id that ties a response to its log lines. A client may send its own; one that is
//! long or carries anything but plain characters would go into every log line and response as it
//! came, so it is dropped and the server makes its own.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};

pub const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// Longest client request id kept (a UUID is 36).
pub const MAX_LEN: usize = 64;

/// Drops a client's request id that is not fit to log; the next layer then makes one.
pub async fn drop_unfit(mut request: Request) -> Request {
    if request
        .headers()
        .get(X_REQUEST_ID)
        .is_some_and(|id| !is_fit(id))
    {
        request.headers_mut().remove(X_REQUEST_ID);
    }
    request
}

fn is_fit(id: &HeaderValue) -> bool {
    let bytes = id.as_bytes();
    (1..=MAX_LEN).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}
