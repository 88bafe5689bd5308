//! Typed calls of the contract in api/openapi.yaml.

use super::activity::{EventPage, EventQuery, Usage};
use super::decode::decode;
use super::error::ApiError;
use super::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};
use super::types::{
    CallerAddress, CreatedKey, DeletedKeys, Key, KeyList, Policy, RotatedKey, Session,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// Where a host shell that holds bearer tokens gets one (`getToken` in the JS API).
pub type TokenSource = Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Option<String>>>>>;

#[derive(Clone)]
pub struct ApiClient {
    base: String,
    transport: Rc<dyn Transport>,
    token: Option<TokenSource>,
}

#[derive(Serialize)]
struct CreateKeyBody<'a> {
    description: Option<&'a str>,
    request_id: &'a str,
    /// Left out when the key does not expire: a backend without the "expiry" feature refuses
    /// fields it does not know.
    #[serde(skip_serializing_if = "Option::is_none")]
    expires_at: Option<String>,
    /// Left out when empty (from anywhere), for the same reason.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    allowed_networks: &'a [String],
    /// Left out for full access (every scope the backend has), and on a backend without scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes: Option<&'a [String]>,
}

/// One change to a key, sent as `PATCH`'s partial body (`{"scopes": […]}`): a field that is not
/// sent stays as it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyChange {
    /// `None` clears it.
    Description(Option<String>),
    /// What the key may do: taking a scope away holds at once for its live tokens.
    Scopes(Vec<String>),
    /// Where it may be used from; empty: from anywhere.
    AllowedNetworks(Vec<String>),
}

#[derive(Serialize)]
struct RotateBody<'a> {
    previous_secret_expires_in: u32,
    request_id: &'a str,
}

#[derive(Serialize)]
struct DeleteManyBody<'a> {
    client_ids: &'a [String],
}

#[derive(Serialize)]
struct SignInBody<'a> {
    username: &'a str,
    password: &'a str,
}

impl ApiClient {
    pub fn new(base: &str, transport: Rc<dyn Transport>, token: Option<TokenSource>) -> Self {
        ApiClient {
            base: base.trim_end_matches('/').to_string(),
            transport,
            token,
        }
    }

    /// The URL of `path` on this API, as given (it may be relative to the page).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn list_keys(&self) -> Result<KeyList, ApiError> {
        self.call(Method::Get, "/application-keys", None).await
    }

    /// What the backend supports beyond the base contract (a backend without it answers 404).
    pub async fn policy(&self) -> Result<Policy, ApiError> {
        self.call(Method::Get, "/application-keys/policy", None)
            .await
    }

    /// Creates a key. `request_id` makes the call idempotent on the server, so the one retry
    /// after a lost answer returns the same key and secret instead of making a second key.
    pub async fn create_key(
        &self,
        description: Option<&str>,
        expires_at: Option<DateTime<Utc>>,
        allowed_networks: &[String],
        scopes: Option<&[String]>,
        request_id: &str,
    ) -> Result<CreatedKey, ApiError> {
        let body = serde_json::to_string(&CreateKeyBody {
            description,
            request_id,
            expires_at: expires_at.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true)),
            allowed_networks,
            scopes,
        })
        .ok();
        self.call_retrying_once(Method::Post, "/application-keys", body)
            .await
    }

    /// Gives the key a new secret; the one before works `previous_secret_expires_in` seconds
    /// more. Idempotent with `request_id` like [`ApiClient::create_key`], and retried once the same
    /// way: a lost answer never rotates twice.
    pub async fn rotate_key(
        &self,
        client_id: &str,
        previous_secret_expires_in: u32,
        request_id: &str,
    ) -> Result<RotatedKey, ApiError> {
        let path = format!("/application-keys/{}/rotate", encode_segment(client_id));
        let body = serde_json::to_string(&RotateBody {
            previous_secret_expires_in,
            request_id,
        })
        .ok();
        self.call_retrying_once(Method::Post, &path, body).await
    }

    /// Changes one thing about a key; the answer is the key as it now is.
    pub async fn change_key(&self, client_id: &str, change: &KeyChange) -> Result<Key, ApiError> {
        let path = format!("/application-keys/{}", encode_segment(client_id));
        let body = serde_json::to_string(change).ok();
        self.call(Method::Patch, &path, body).await
    }

    pub async fn delete_key(&self, client_id: &str) -> Result<(), ApiError> {
        let path = format!("/application-keys/{}", encode_segment(client_id));
        self.call(Method::Delete, &path, None).await
    }

    /// Deletes many keys in one request; those already gone come back as `not_found`.
    pub async fn delete_keys(&self, client_ids: &[String]) -> Result<DeletedKeys, ApiError> {
        let body = serde_json::to_string(&DeleteManyBody { client_ids }).ok();
        self.call(Method::Post, "/application-keys/delete", body)
            .await
    }

    /// A page of the account's activity log, newest first.
    pub async fn events(&self, query: &EventQuery) -> Result<EventPage, ApiError> {
        let mut path = format!("/application-keys/events?limit={}", query.limit);
        for (name, value) in [
            ("client_id", &query.client_id),
            ("type", &query.kind),
            ("before", &query.before),
        ] {
            if let Some(value) = value {
                path.push_str(&format!("&{name}={}", encode_segment(value)));
            }
        }
        self.call(Method::Get, &path, None).await
    }

    /// A key's exchanges at /token per UTC day, the last `days` days.
    pub async fn usage(&self, client_id: &str, days: u32) -> Result<Usage, ApiError> {
        let path = format!(
            "/application-keys/{}/usage?days={days}",
            encode_segment(client_id)
        );
        self.call(Method::Get, &path, None).await
    }

    pub async fn session(&self) -> Result<Session, ApiError> {
        self.call(Method::Get, "/session", None).await
    }

    /// Where the backend sees this browser (the session's `client_ip`).
    pub async fn caller_address(&self) -> Result<CallerAddress, ApiError> {
        self.call(Method::Get, "/session", None).await
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> Result<Session, ApiError> {
        let body = serde_json::to_string(&SignInBody { username, password }).ok();
        self.call(Method::Post, "/session", body).await
    }

    pub async fn sign_out(&self) -> Result<(), ApiError> {
        self.call(Method::Delete, "/session", None).await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let response = self.send(method, path, body).await?;
        decode(response.status, &response.body, response.request_id)
    }

    /// For calls made idempotent by a request_id: an answer lost on the way (network, timeout, 5xx)
    /// is asked for once more with the same body, and so the same request_id.
    async fn call_retrying_once<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiError> {
        match self.call(method, path, body.clone()).await {
            Err(error) if error.is_transient() => self.call(method, path, body).await,
            other => other,
        }
    }

    /// Everything of a call but its decoding: not generic, so the bundle holds it once rather
    /// than once per answer type.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<HttpResponse, ApiError> {
        // X-Requested-With marks the request as the page's own (the server's CSRF rule for cookies).
        let mut headers = vec![
            ("Accept", "application/json".to_string()),
            ("X-Requested-With", "appkeys".to_string()),
        ];
        if body.is_some() {
            headers.push(("Content-Type", "application/json".to_string()));
        }
        if let Some(token) = &self.token {
            // No token from the host (it threw, rejected or gave nothing): the request is not
            // sent at all. Sent without one it would carry the browser's cookies and could act as
            // whoever they belong to.
            let token = token()
                .await
                .ok_or(ApiError::Unauthorized { request_id: None })?;
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        let request = HttpRequest {
            method,
            url: self.url(path),
            headers,
            body,
        };
        self.transport
            .send(request)
            .await
            .map_err(|error| match error {
                TransportError::Network => ApiError::Network,
                TransportError::Timeout => ApiError::Timeout,
            })
    }
}

/// Client IDs are UUIDs, but a path segment (or a query value) is built from whatever it is given.
fn encode_segment(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::KeyChange;

    fn body(change: KeyChange) -> String {
        serde_json::to_string(&change).unwrap()
    }

    #[test]
    fn a_change_is_patch_body_with_its_one_field() {
        assert_eq!(
            body(KeyChange::Description(Some("ci".into()))),
            r#"{"description":"ci"}"#
        );
        assert_eq!(
            body(KeyChange::Description(None)),
            r#"{"description":null}"#
        );
        assert_eq!(
            body(KeyChange::Scopes(vec!["clusters:read".into()])),
            r#"{"scopes":["clusters:read"]}"#
        );
        assert_eq!(
            body(KeyChange::AllowedNetworks(Vec::new())),
            r#"{"allowed_networks":[]}"#
        );
    }
}
