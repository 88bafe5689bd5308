//! A JSON body extractor whose rejections are enveloped too (never axum's plain-text defaults).

use axum::extract::{FromRequest, Request};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

/// `Json<T>` whose rejections are [`ApiError`]s.
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
