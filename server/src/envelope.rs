//! The `{code, data, message}` envelope of every console endpoint, the error type that renders as it,
//! and a JSON body extractor whose rejections are enveloped too (never axum's plain-text defaults).

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

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

/// An error answered as the envelope, with a human-readable message.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub data: Option<Value>,
    /// Extra header, e.g. `WWW-Authenticate` on 401.
    pub header: Option<Box<(header::HeaderName, HeaderValue)>>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            data: None,
            header: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
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

    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }

    pub fn with_header(mut self, name: header::HeaderName, value: &'static str) -> Self {
        self.header = Some(Box::new((name, HeaderValue::from_static(value))));
        self
    }

    /// A failure of ours. The cause is logged; the client gets a generic sentence.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server failed to handle the request.",
        )
    }
}

impl From<crate::store::DbError> for ApiError {
    fn from(err: crate::store::DbError) -> Self {
        Self::internal(err)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "code": code_for(self.status), "message": self.message });
        if let Some(data) = self.data {
            body["data"] = data;
        }
        let mut response = (self.status, Json(body)).into_response();
        if let Some(extra) = self.header {
            let (name, value) = *extra;
            response.headers_mut().insert(name, value);
        }
        response
    }
}

/// Turns any axum JSON rejection into the envelope with the status the contract names.
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
                Self::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The request body is larger than 16 KiB.",
                )
            }
            other => Self::new(other.status(), other.body_text()),
        }
    }
}

/// `Json<T>` whose rejections are enveloped.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Through `Value` first: every body of this API is a JSON object, and serde would otherwise
        // accept an array for a struct whose fields are all optional.
        let Json(value) = Json::<Value>::from_request(req, state).await?;
        if !value.is_object() {
            return Err(ApiError::bad_request(
                "The request body must be a JSON object.",
            ));
        }
        serde_json::from_value(value).map(Self).map_err(|err| {
            ApiError::bad_request(format!(
                "The request body does not match the expected shape: {err}"
            ))
        })
    }
}
