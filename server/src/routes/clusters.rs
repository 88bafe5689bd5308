//! `/clusters`: a stand-in for the platform's real API, so that scopes are visible end to end.
//! Reading needs `clusters:read`, writing `clusters:write`; a write changes nothing.

use axum::body::Bytes;
use axum::http::StatusCode;
use serde::Serialize;

use super::table::{get, Routes};
use crate::access_token::Bearer;
use crate::envelope::Envelope;
use crate::error::ApiError;

pub fn routes() -> Routes {
    Routes::default().route("/clusters", get(list).post(create))
}

#[derive(Serialize)]
struct Cluster {
    id: &'static str,
    name: &'static str,
}

async fn list(bearer: Bearer) -> Result<Envelope<Vec<Cluster>>, ApiError> {
    bearer.require("clusters:read")?;
    Ok(Envelope::ok(vec![
        Cluster {
            id: "c-1",
            name: "analytics",
        },
        Cluster {
            id: "c-2",
            name: "ingest",
        },
    ]))
}

/// Accepted and forgotten: the stand-in has nothing to change.
async fn create(bearer: Bearer, _body: Bytes) -> Result<(StatusCode, Envelope<()>), ApiError> {
    bearer.require("clusters:write")?;
    Ok((StatusCode::ACCEPTED, Envelope::empty()))
}
