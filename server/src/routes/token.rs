//! `POST /token`: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4). Not enveloped: OAuth clients
//! expect the standard token response and error bodies.

use axum::body::Bytes;
use std::net::IpAddr;

use axum::extract::State;
use axum::http::{header, HeaderMap, Uri};
use axum::Json;
use serde::Serialize;
use uuid::Uuid;

use appkeys_rules::scopes;

use super::table::{post, Routes};
use crate::auth::basic_credentials;
use crate::caller::Caller;
use crate::client_address::ClientAddress;
use crate::error::OAuthError;
use crate::no_store::NoStore;
use crate::secret_format;
use crate::secrets;
use crate::state::AppState;
use crate::store::events::{Actor, Cause, Refusal};
use crate::store::tokens::{Issued, NewToken, SecretCheck};
use crate::store::usage::Outcome;

pub fn routes() -> Routes {
    Routes::default().route("/token", post(issue))
}

/// The token response of RFC 6749 §5.1.
#[derive(Serialize)]
struct AccessToken {
    access_token: String,
    token_type: &'static str,
    expires_in: u32,
    /// What was granted, space-separated (RFC 6749 section 5.1).
    scope: String,
}

async fn issue(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Caller(origin): Caller,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<NoStore<Json<AccessToken>>, OAuthError> {
    let Some((client_id, secret)) = credentials(&headers) else {
        return Err(refused(&state, source, None).await);
    };
    // A secret in the scannable form with a wrong checksum is no secret of this server: refused
    // before any lookup, and counted against its source only, never against the key it names.
    if secret_format::fails_checksum(&secret) {
        return Err(refused(&state, source, None).await);
    }
    let parameters = Parameters::read(&uri, &headers, &body);
    match parameters.get("grant_type") {
        Some("client_credentials") => {}
        Some(_) => return Err(OAuthError::unsupported_grant_type()),
        None => {
            return Err(OAuthError::invalid_request(
                "The grant_type parameter is missing.",
            ))
        }
    }
    // The secret is checked by a read, before anything queues for the write turn. The read says
    // which of the key's secrets it is (its generation); the write checks that generation again.
    let (id, now) = (client_id.clone(), state.clock.now());
    // Each answer about an existing key counts once in its usage, by how it ended.
    let counted = |outcome: Outcome| state.usage.count(&client_id, outcome, now);
    let cause = Cause {
        actor: Actor::Key {
            client_id: client_id.clone(),
        },
        origin,
    };
    let (generation, key_scopes) = match state.db.check_secret(id, secret, source, now).await? {
        SecretCheck::Right { generation, scopes } => (generation, scopes),
        // The wrong secret's answer, so the list cannot be probed; counted against the source
        // only: no secret was tried, so it is no guess against the key.
        SecretCheck::OutsideNetworks => {
            let answer = refused(&state, source, None).await;
            counted(Outcome::RefusedNetwork);
            if answer.is_invalid_client() {
                let refusal = Refusal::Network;
                state
                    .db
                    .count_refusal(client_id, refusal, cause, now)
                    .await?;
            }
            return Err(answer);
        }
        // Not a guess: the right secret, so it does not count as a failure.
        SecretCheck::Expired => {
            counted(Outcome::RefusedExpired);
            return Err(OAuthError::key_expired());
        }
        SecretCheck::Wrong => {
            let answer = refused(&state, source, Some(client_id.clone())).await;
            if !answer.is_invalid_client() {
                // Past the limit (429): counted, not written to the log one by one.
                counted(Outcome::RateLimited);
                return Err(answer);
            }
            counted(Outcome::RefusedSecret);
            let refusal = Refusal::Secret;
            state
                .db
                .count_refusal(client_id, refusal, cause, now)
                .await?;
            return Err(answer);
        }
        SecretCheck::NoSuchKey => return Err(refused(&state, source, None).await),
    };
    // Only exchanges with the right secret count here: wrong ones never use it up.
    if let Err(limited) = state.limits.token_per_client.check(&client_id).await {
        counted(Outcome::RateLimited);
        return Err(limited.into());
    }
    // What the key grants, or the part of it the request asks for (RFC 6749 section 3.3); after
    // the limit, so that asking wrongly uses it up too.
    let granted = scopes::granted(&key_scopes, state.scopes.names());
    // A blank `scope` is taken as none: some client libraries send `scope=` when not told one.
    let asked = parameters.get("scope").filter(|s| !s.trim().is_empty());
    let scopes = match asked {
        None => granted,
        Some(asked) => {
            scopes::requested(asked, &granted).map_err(|_| OAuthError::invalid_scope())?
        }
    };
    let token = secrets::new_token();
    let new = NewToken {
        client_id: client_id.clone(),
        generation,
        digest: secrets::digest(&token),
        ttl_secs: state.config.token_ttl,
        ip: source.to_string(),
        user_agent: cause.origin.user_agent,
        scopes: scopes.clone(),
    };
    let issued = state.db.issue_token(new, state.clock.clone()).await?;
    match issued {
        Issued::Token { expires_in } => {
            counted(Outcome::Issued);
            Ok(NoStore(Json(AccessToken {
                access_token: token,
                token_type: "Bearer",
                expires_in,
                scope: scopes.join(" "),
            })))
        }
        // Deleted meanwhile: nothing to count it against.
        Issued::KeyGone => Err(OAuthError::invalid_client()),
        // Rotated away meanwhile: refused as a secret that no longer works.
        Issued::SecretRetired => {
            counted(Outcome::RefusedSecret);
            Err(OAuthError::invalid_client())
        }
        Issued::KeyExpired => {
            counted(Outcome::RefusedExpired);
            Err(OAuthError::key_expired())
        }
    }
}

/// The Client ID (normalised) and secret of HTTP Basic, if well formed.
fn credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let (client_id, secret) = basic_credentials(headers)?;
    let client_id = Uuid::parse_str(&client_id).ok()?.hyphenated().to_string();
    Some((client_id, secret))
}

/// Wrong or unknown credentials: 401, or 429 once this source, or this existing client, has
/// failed too often within the minute.
async fn refused(state: &AppState, source: IpAddr, client_id: Option<String>) -> OAuthError {
    let limits = &state.limits;
    let by_source = limits.token_failures_per_source.check(&source).await;
    let by_client = match client_id {
        Some(id) => limits.token_failures_per_client.check(&id).await,
        None => Ok(()),
    };
    match by_source.and(by_client) {
        Ok(()) => OAuthError::invalid_client(),
        Err(err) => err.into(),
    }
}

/// The request's parameters, read once: the query string's, then an
/// `application/x-www-form-urlencoded` body's.
struct Parameters(Vec<(String, String)>);

impl Parameters {
    fn read(uri: &Uri, headers: &HeaderMap, body: &Bytes) -> Self {
        let mut pairs: Vec<(String, String)> = uri
            .query()
            .and_then(|q| serde_urlencoded::from_str(q).ok())
            .unwrap_or_default();
        let is_form = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            pairs.extend(serde_urlencoded::from_bytes::<Vec<_>>(body).unwrap_or_default());
        }
        Self(pairs)
    }

    /// `name`'s value: the query string's if it has one, else the body's.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}
