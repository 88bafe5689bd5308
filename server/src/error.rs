//! The API's error answers: [`ApiError`] in the envelope, and [`OAuthError`] in OAuth's words for
//! `/token`. Failures of the storage layer become a logged 500 here, and nowhere else.

use std::fmt::Display;

use axum::extract::rejection::JsonRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::Value;

use crate::envelope::Envelope;
use crate::limits::LimitError;
use crate::no_store::NoStore;
use crate::store::DbError;

/// Largest request body the API accepts; larger ones get 413/40013.
pub const BODY_LIMIT: usize = 16 * 1024;

/// An error answered as the envelope, with a human-readable message.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    /// What the client can act on, e.g. the `client_id` of the key a request_id already made.
    data: Option<Value>,
    /// The challenge of a 401.
    www_authenticate: Option<std::borrow::Cow<'static, str>>,
    /// Seconds until a 429 may be retried.
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            data: None,
            www_authenticate: None,
            retry_after: None,
        }
    }

    /// 413: the body is over [`BODY_LIMIT`].
    pub fn body_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The request body is larger than {} KiB.", BODY_LIMIT / 1024),
        )
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 429 with `Retry-After`.
    pub fn too_many_requests(message: impl Into<String>, retry_after: u64) -> Self {
        let mut error = Self::new(StatusCode::TOO_MANY_REQUESTS, message);
        error.retry_after = Some(retry_after);
        error
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    pub fn with_data(mut self, data: impl Serialize) -> Self {
        // Serialising the plain structs given here cannot fail.
        self.data = serde_json::to_value(data).ok();
        self
    }

    pub fn with_www_authenticate(
        mut self,
        challenge: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Self {
        self.www_authenticate = Some(challenge.into());
        self
    }

    /// A failure of ours. The cause is logged; the client gets a generic sentence.
    pub fn internal(err: impl Display) -> Self {
        tracing::error!(error = %err, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server failed to handle the request.",
        )
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        Self::internal(err)
    }
}

/// Any axum JSON rejection, with the status the contract names.
impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "The request body must be JSON, sent with Content-Type: application/json.",
            ),
            JsonRejection::JsonSyntaxError(_) => {
                Self::bad_request("The request body is not valid JSON.")
            }
            JsonRejection::JsonDataError(err) => Self::bad_request(format!(
                "The request body does not match the expected shape: {}",
                err.body_text()
            )),
            JsonRejection::BytesRejection(err) if err.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Self::body_too_large()
            }
            other => Self::new(other.status(), other.body_text()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Envelope::error(self.status, self.message, self.data);
        let mut response = (self.status, body).into_response();
        if let Some(value) = self
            .www_authenticate
            .and_then(|challenge| HeaderValue::from_str(&challenge).ok())
        {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, value);
        }
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Why `/token` gives no token: a refusal in OAuth's words (RFC 6749 §5.2), or a failure of ours,
/// answered as the envelope's 500 like on every other endpoint.
#[derive(Debug)]
pub enum OAuthError {
    Refused(Refusal),
    Internal(ApiError),
}

#[derive(Debug)]
pub struct Refusal {
    status: StatusCode,
    error: &'static str,
    description: &'static str,
    /// Seconds until the client may ask again, with `slow_down`.
    retry_after: Option<u64>,
}

#[derive(Serialize)]
struct OAuthErrorBody {
    error: &'static str,
    error_description: &'static str,
}

impl OAuthError {
    fn refused(status: StatusCode, error: &'static str, description: &'static str) -> Self {
        Self::Refused(Refusal {
            status,
            error,
            description,
            retry_after: None,
        })
    }

    /// Whether this is the plain refusal of wrong credentials (401), not a limit or a failure.
    pub fn is_invalid_client(&self) -> bool {
        matches!(self, Self::Refused(refusal) if refusal.error == "invalid_client")
    }

    pub fn invalid_client() -> Self {
        Self::refused(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The client credentials are unknown or wrong.",
        )
    }

    /// The right secret of a key that has expired. Still `invalid_client`, so OAuth clients handle
    /// it as any refused key; the description tells the person reading the logs why, and only the
    /// holder of the secret ever gets it (a wrong secret gets the answer above).
    pub fn key_expired() -> Self {
        Self::refused(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "The application key has expired.",
        )
    }

    pub fn invalid_request(description: &'static str) -> Self {
        Self::refused(StatusCode::BAD_REQUEST, "invalid_request", description)
    }

    /// A `scope` the key does not grant (RFC 6749 section 5.2).
    pub fn invalid_scope() -> Self {
        Self::refused(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "The requested scope is not one this key grants.",
        )
    }

    pub fn unsupported_grant_type() -> Self {
        Self::refused(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only grant_type=client_credentials is supported.",
        )
    }

    pub fn slow_down(retry_after: u64) -> Self {
        Self::Refused(Refusal {
            status: StatusCode::TOO_MANY_REQUESTS,
            error: "slow_down",
            description: "Too many token requests (or too many wrong secrets); retry after the number of seconds in Retry-After.",
            retry_after: Some(retry_after),
        })
    }
}

impl From<DbError> for OAuthError {
    fn from(err: DbError) -> Self {
        Self::Internal(err.into())
    }
}

impl From<LimitError> for OAuthError {
    fn from(err: LimitError) -> Self {
        match err {
            LimitError::Over(retry_after) => Self::slow_down(retry_after),
            LimitError::Db(err) => err.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        match self {
            Self::Refused(refusal) => refusal.into_response(),
            Self::Internal(err) => err.into_response(),
        }
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = OAuthErrorBody {
            error: self.error,
            error_description: self.description,
        };
        // Every token response is no-store, refusals included (RFC 6749 §5.2).
        let mut response = (self.status, NoStore(Json(body))).into_response();
        let headers = response.headers_mut();
        if self.status == StatusCode::UNAUTHORIZED {
            // The client authenticated (or should have) with Basic: say so (RFC 6749 §5.2).
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"appkeys\""),
            );
        }
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
