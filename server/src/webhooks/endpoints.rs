//! The endpoints of `--webhooks FILE`: TOML with one `[[endpoint]]` table each, holding `url`
//! (http or https), `secret` (Standard Webhooks' `whsec_` and base64) and an optional `events`,
//! the activity types it is sent (by default the four that warn of a key that stops working). A
//! file that is not right stops the server at start, with the line of what is wrong.

use std::ops::Range;
use std::path::Path;

use anyhow::{anyhow, Context};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use toml::Spanned;

use crate::store::events::EventType;

/// What an endpoint is sent when its `events` are not given.
pub const DEFAULT_EVENTS: [EventType; 4] = [
    EventType::Expiring,
    EventType::Expired,
    EventType::PreviousSecretEnded,
    EventType::SecretExposed,
];

/// One endpoint. Its secret is never printed.
#[derive(Clone)]
pub struct Endpoint {
    pub url: reqwest::Url,
    pub secret: Vec<u8>,
    /// Activity types, as the contract names them.
    pub events: Vec<String>,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &self.url.as_str())
            .field("events", &self.events)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Debug, Default)]
pub struct Endpoints(pub Vec<Endpoint>);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    endpoint: Vec<EndpointTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointTable {
    url: Spanned<String>,
    secret: Spanned<String>,
    events: Option<Vec<Spanned<String>>>,
}

impl Endpoints {
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the webhooks file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("the webhooks file {}", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<Self> {
        // toml's own message names the line and the column.
        let file: File = toml::from_str(text).map_err(|err| anyhow!("{err}"))?;
        let at = |span: Range<usize>| format!("line {}", text[..span.start].lines().count().max(1));
        let mut endpoints = Vec::new();
        for table in file.endpoint {
            let url = reqwest::Url::parse(table.url.get_ref())
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
                .ok_or_else(|| {
                    anyhow!(
                        "{}: `url` is not an http or https URL",
                        at(table.url.span())
                    )
                })?;
            if endpoints.iter().any(|e: &Endpoint| e.url == url) {
                return Err(anyhow!(
                    "{}: the endpoint {url} is named twice",
                    at(table.url.span())
                ));
            }
            let secret = table
                .secret
                .get_ref()
                .strip_prefix("whsec_")
                .and_then(|base64| STANDARD.decode(base64).ok())
                .filter(|key| (24..=64).contains(&key.len()))
                .ok_or_else(|| {
                    anyhow!(
                        "{}: `secret` is not `whsec_` and the base64 of 24 to 64 random bytes",
                        at(table.secret.span())
                    )
                })?;
            let events = match table.events {
                None => DEFAULT_EVENTS
                    .iter()
                    .map(|kind| kind.name().to_string())
                    .collect(),
                Some(events) => {
                    let mut names = Vec::new();
                    for event in events {
                        let name = event.get_ref();
                        if EventType::parse(name).is_none() {
                            return Err(anyhow!(
                                "{}: `{name}` is not an activity type",
                                at(event.span())
                            ));
                        }
                        names.push(name.clone());
                    }
                    names
                }
            };
            endpoints.push(Endpoint {
                url,
                secret,
                events,
            });
        }
        Ok(Self(endpoints))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    #[test]
    fn an_endpoint_gets_the_default_events_unless_it_names_its_own() {
        let text = format!(
            "[[endpoint]]\nurl = \"http://127.0.0.1:9000/hooks\"\nsecret = \"{SECRET}\"\n\n\
             [[endpoint]]\nurl = \"https://hooks.example.com/appkeys\"\nsecret = \"{SECRET}\"\n\
             events = [\"key.created\", \"key.deleted\"]\n"
        );
        let endpoints = Endpoints::parse(&text).unwrap().0;
        assert_eq!(
            endpoints[0].events,
            [
                "key.expiring",
                "key.expired",
                "key.previous_secret_ended",
                "key.secret_exposed"
            ]
        );
        assert_eq!(endpoints[1].events, ["key.created", "key.deleted"]);
        assert_eq!(endpoints[0].secret.len(), 24);
        assert!(
            !format!("{:?}", endpoints[0]).contains("MfKQ"),
            "the secret is not printed"
        );
    }

    #[test]
    fn what_is_wrong_is_named_with_its_line() {
        let cases = [
            (format!("[[endpoint]]\nurl = \"ftp://x\"\nsecret = \"{SECRET}\"\n"), "line 2: `url`"),
            ("[[endpoint]]\nurl = \"http://x\"\nsecret = \"abc\"\n".to_string(), "line 3: `secret`"),
            (
                format!("[[endpoint]]\nurl = \"http://x\"\nsecret = \"{SECRET}\"\nevents = [\"key.gone\"]\n"),
                "line 4: `key.gone` is not an activity type",
            ),
            ("[[endpoint]]\nurl = \n".to_string(), "line 2"),
            ("[[endpoint]]\nurl = \"http://x\"\n".to_string(), "missing field `secret`"),
        ];
        for (text, expected) in cases {
            let err = format!("{:#}", Endpoints::parse(&text).expect_err(&text));
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }
}
