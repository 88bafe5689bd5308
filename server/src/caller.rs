//! Where a request comes from, as a key's "last used" records it: the caller's address (see
//! `client_address`) and the client software it names. Neither is proof of anything: they are what the owner of a key
//! needs to recognise their own programs.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

use crate::client_address::ClientAddress;
use crate::store::events::Origin;

/// The longest User-Agent kept, in characters; the rest is cut.
pub const USER_AGENT_CHARS: usize = 256;

/// Where the request comes from, for the activity log: the peer's address and its User-Agent.
pub struct Caller(pub Origin);

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Infallible> {
        let ClientAddress(ip) = ClientAddress::from_request_parts(parts, state).await?;
        Ok(Caller(Origin {
            ip: Some(ip.to_string()),
            user_agent: user_agent(&parts.headers),
        }))
    }
}

/// The request's User-Agent, cut to [`USER_AGENT_CHARS`] characters; `None` when it has none, or
/// one that is empty or not text.
pub fn user_agent(headers: &HeaderMap) -> Option<String> {
    let text = headers.get(header::USER_AGENT)?.to_str().ok()?.trim();
    (!text.is_empty()).then(|| text.chars().take(USER_AGENT_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(value: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = HeaderValue::from_bytes(value).unwrap();
        headers.insert(header::USER_AGENT, value);
        headers
    }

    #[test]
    fn a_user_agent_is_kept_to_256_characters_and_only_when_it_is_text() {
        assert_eq!(user_agent(&HeaderMap::new()), None);
        assert_eq!(user_agent(&with(b"  ")), None);
        assert_eq!(user_agent(&with(b"\xff\xfe")), None);
        assert_eq!(
            user_agent(&with(b"deploy-bot/1.2")).as_deref(),
            Some("deploy-bot/1.2")
        );
        let long = "a".repeat(300);
        assert_eq!(user_agent(&with(long.as_bytes())).unwrap().len(), 256);
    }
}
