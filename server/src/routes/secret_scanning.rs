//! `POST /secret-scanning/reports`: a secret scanner (GitHub's partner program, or any that signs
//! the same way) reports secrets it found in public. The body is GitHub's format, a JSON array of
//! `{ token, type, url, source }`, signed with ECDSA P-256 over the raw body: the key named by
//! `Github-Public-Key-Identifier` (from `--scanning-keys`), the signature in
//! `Github-Public-Key-Signature`. Each live secret is switched off at once (`store::exposures`);
//! the answer is GitHub's feedback array. Off (404) without `--scanning-keys`.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::HeaderMap;
use axum::Json;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::table::{post, Routes};
use crate::caller::Caller;
use crate::client_address::ClientAddress;
use crate::error::ApiError;
use crate::limits::LimitError;
use crate::secret_format;
use crate::secrets;
use crate::state::AppState;
use crate::store::events::{Actor, Cause};
use crate::store::exposures::{Exposure, Reported};

/// A report may name many secrets: 1 MiB, where the console's requests get 16 KiB.
const REPORT_LIMIT: usize = 1024 * 1024;

pub fn routes() -> Routes {
    Routes::default().route(
        "/secret-scanning/reports",
        post(report.layer(DefaultBodyLimit::max(REPORT_LIMIT))),
    )
}

#[derive(Deserialize)]
struct Found {
    token: String,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

/// GitHub's feedback for one reported secret, named by its SHA-256 (the secret itself is not sent
/// back).
#[derive(Serialize)]
struct Feedback {
    token_hash: String,
    token_type: String,
    label: &'static str,
}

async fn report(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Caller(origin): Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Vec<Feedback>>, ApiError> {
    let Some(keys) = &state.scanning_keys else {
        return Err(ApiError::not_found(
            "Secret scanning reports are not enabled here.",
        ));
    };
    match state.limits.reports_per_source.check(&source).await {
        Ok(()) => {}
        Err(LimitError::Over(retry_after)) => {
            return Err(ApiError::too_many_requests(
                "Too many reports; try again later.",
                retry_after,
            ))
        }
        Err(LimitError::Db(error)) => return Err(error.into()),
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let (key_id, signature) = (
        header("Github-Public-Key-Identifier"),
        header("Github-Public-Key-Signature"),
    );
    if !keys.verify(key_id, signature, &body) {
        return Err(ApiError::unauthorized(
            "The report is not signed by a known scanning key.",
        ));
    }
    let found: Vec<Found> = serde_json::from_slice(&body).map_err(|_| {
        ApiError::bad_request("The report must be a JSON array of { token, type, url, source }.")
    })?;
    let cause = Cause {
        actor: Actor::System,
        origin,
    };
    let now = state.clock.now();
    let mut feedback = Vec::with_capacity(found.len());
    for entry in found {
        // Malformed entries, a failing checksum among them, are no secret of this server's.
        if !secret_format::is_well_formed(&entry.token) {
            continue;
        }
        let exposure = Exposure {
            url: entry.url,
            source: entry.source,
        };
        let digest = secrets::digest(&entry.token);
        let reported = state
            .db
            .report_exposed(digest, exposure, cause.clone(), now)
            .await?;
        if reported == Reported::Live {
            tracing::warn!(
                "an application key's secret was reported as found in public and switched off"
            );
        }
        feedback.push(Feedback {
            token_hash: format!("{:x}", Sha256::digest(entry.token.as_bytes())),
            token_type: entry.kind.unwrap_or_default(),
            label: match reported {
                Reported::Live | Reported::Known => "true_positive",
                Reported::Stranger => "false_positive",
            },
        });
    }
    Ok(Json(feedback))
}
