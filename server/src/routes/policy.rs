//! `GET /application-keys/policy`: what this server allows and supports, so that a page offers
//! exactly that (e.g. shows a rename button only where renaming exists, and the longest expiry).

use axum::extract::State;
use serde::Serialize;

use super::table::{get, Routes};
use crate::auth::ConsoleSession;
use crate::envelope::Envelope;
use crate::scope_catalogue::Scope;
use crate::state::AppState;

/// The optional features this server implements, named in the policy; the one list to extend when
/// a feature ships.
const FEATURES: &[&str] = &[
    "rename",
    "expiry",
    "rotate",
    "bulk_delete",
    "activity",
    "networks",
    "scopes",
];

pub fn routes() -> Routes {
    Routes::default().route("/application-keys/policy", get(policy))
}

#[derive(Serialize)]
struct Policy {
    max_keys: u32,
    features: &'static [&'static str],
    /// `null` when keys may also never expire.
    max_expiry_days: Option<u32>,
    /// What keys may be limited to, grouped by resource in the catalogue's order.
    scopes: Vec<Scope>,
}

/// Behind the console session like the list: it describes the keys of a signed-in account.
async fn policy(State(state): State<AppState>, _session: ConsoleSession) -> Envelope<Policy> {
    Envelope::ok(Policy {
        max_keys: state.config.max_keys,
        features: FEATURES,
        max_expiry_days: state.config.max_expiry_days,
        scopes: state.scopes.scopes().to_vec(),
    })
}
