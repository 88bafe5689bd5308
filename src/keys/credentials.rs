//! The credentials file offered beside the one-time Secret: what a program needs to get a token.

use crate::api::{Key, Secret};
use crate::text::lowercase;
use chrono::SecondsFormat;
use serde::Serialize;

#[derive(Serialize)]
struct Credentials<'a> {
    client_id: &'a str,
    client_secret: &'a str,
    token_url: &'a str,
    expires_at: Option<String>,
    /// The key's scopes as /token's `scope` takes them (RFC 6749 3.3), where it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
}

/// The file's contents: JSON, one field per line, as a person opening it would read it.
pub fn credentials_json(key: &Key, secret: &Secret, token_url: &str) -> String {
    let credentials = Credentials {
        client_id: &key.client_id,
        client_secret: secret.expose(),
        token_url,
        expires_at: key
            .expires_at
            .map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        scope: (!key.scopes.is_empty()).then(|| key.scopes.join(" ")),
    };
    serde_json::to_string_pretty(&credentials).unwrap_or_default()
}

/// "appkeys-ci-deploy.json": named after the key's description (else its Client ID), in
/// characters every file system takes.
pub fn credentials_file_name(key: &Key) -> String {
    let mut slug = String::new();
    for c in lowercase(key.name()).chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
        if slug.chars().count() >= 60 {
            break;
        }
    }
    format!("appkeys-{}.json", slug.trim_end_matches('-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn key(description: Option<&str>, expires_at: Option<&str>) -> Key {
        Key {
            client_id: "0b6c2b8e-9d7e-4c35-9f7e-2f1a3b4c5d6e".into(),
            description: description.map(Into::into),
            created_at: DateTime::UNIX_EPOCH,
            last_used_at: None,
            last_used_ip: None,
            last_used_user_agent: None,
            expires_at: expires_at.map(|at| DateTime::parse_from_rfc3339(at).unwrap().into()),
            rotated_at: None,
            exposed: None,
            allowed_networks: vec![],
            scopes: vec![],
        }
    }

    #[test]
    fn the_file_holds_what_a_program_needs() {
        let secret: Secret = serde_json::from_str("\"s3cr3t\"").unwrap();
        let json = credentials_json(
            &key(None, Some("2027-01-01T00:00:00Z")),
            &secret,
            "https://console.example.com/api/1.0/token",
        );
        let read: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(read["client_id"], "0b6c2b8e-9d7e-4c35-9f7e-2f1a3b4c5d6e");
        assert_eq!(read["client_secret"], "s3cr3t");
        assert_eq!(
            read["token_url"],
            "https://console.example.com/api/1.0/token"
        );
        assert_eq!(read["expires_at"], "2027-01-01T00:00:00Z");
        let never = credentials_json(&key(None, None), &secret, "/token");
        assert!(never.contains("\"expires_at\": null"), "{never}");
        assert!(
            !never.contains("scope"),
            "a key of a backend without scopes: {never}"
        );
        let mut reader = key(None, None);
        reader.scopes = vec!["billing:read".into(), "clusters:read".into()];
        let read: serde_json::Value =
            serde_json::from_str(&credentials_json(&reader, &secret, "/token")).unwrap();
        assert_eq!(read["scope"], "billing:read clusters:read");
    }

    #[test]
    fn the_file_is_named_after_the_key() {
        assert_eq!(
            credentials_file_name(&key(Some("CI deploy (prod) / eu"), None)),
            "appkeys-ci-deploy-prod-eu.json"
        );
        assert_eq!(
            credentials_file_name(&key(None, None)),
            "appkeys-0b6c2b8e-9d7e-4c35-9f7e-2f1a3b4c5d6e.json"
        );
        assert_eq!(
            credentials_file_name(&key(Some("流水线"), None)),
            "appkeys-流水线.json"
        );
    }
}
