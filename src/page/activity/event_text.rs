//! An event in words: its name, who did it, from where, and what its details say, in the
//! page's language. Types the page does not know are shown by their name.

use crate::api::{Actor, Event};
use crate::i18n::{I18n, Text};
use chrono::{DateTime, Duration, Utc};

/// Every type the page names, in the filter's order.
pub const EVENT_TYPES: [(&str, Text); 12] = [
    ("key.created", Text::EvCreated),
    ("key.renamed", Text::EvRenamed),
    ("key.rotated", Text::EvRotated),
    ("key.previous_secret_ended", Text::EvPreviousEnded),
    ("key.deleted", Text::EvDeleted),
    ("key.expired", Text::EvExpired),
    ("key.secret_refused", Text::EvSecretRefused),
    // Where it was found is on the key's page, while it is exposed.
    ("key.secret_exposed", Text::EvSecretExposed),
    ("key.networks_changed", Text::EvNetworksChanged),
    // The address is the event's own (From).
    ("key.network_refused", Text::EvNetworkRefused),
    ("key.scopes_changed", Text::EvScopesChanged),
    // The server's notice that the key's end is near (what its webhooks send).
    ("key.expiring", Text::EvExpiring),
];

pub fn event_name(i18n: &I18n, kind: &str) -> String {
    EVENT_TYPES
        .iter()
        .find(|(name, _)| *name == kind)
        .map(|(_, text)| i18n.t(*text).to_string())
        .unwrap_or_else(|| kind.to_string())
}

pub fn actor_name(i18n: &I18n, actor: &Actor) -> String {
    match (actor.kind.as_str(), &actor.name) {
        ("user", Some(name)) => name.clone(),
        ("key", _) => i18n.t(Text::ActorKey).to_string(),
        ("system", _) => i18n.t(Text::ActorSystem).to_string(),
        (kind, _) => kind.to_string(),
    }
}

/// The request's address and client software, as far as they were recorded.
pub fn origin(event: &Event) -> String {
    match (&event.ip, &event.user_agent) {
        (Some(ip), Some(agent)) => format!("{ip} · {agent}"),
        (Some(ip), None) => ip.clone(),
        (None, Some(agent)) => agent.clone(),
        (None, None) => String::new(),
    }
}

/// What the type's details say; `local` writes a time as the reader reads it.
pub fn details(i18n: &I18n, event: &Event, local: impl Fn(&DateTime<Utc>) -> String) -> String {
    let d = &event.details;
    match event.kind.as_str() {
        "key.renamed" => i18n.f(
            Text::DetRenamed,
            &[
                ("from", d.from.as_deref().unwrap_or("-")),
                ("to", d.to.as_deref().unwrap_or("-")),
            ],
        ),
        "key.rotated" => match d.previous_secret_expires_in {
            Some(0) | None => i18n.t(Text::DetRotatedNow).to_string(),
            Some(seconds) => {
                let until = event.at + Duration::seconds(seconds as i64);
                i18n.f(Text::DetRotatedUntil, &[("date", &local(&until))])
            }
        },
        "key.created" | "key.expired" => d
            .expires_at
            .map(|at| i18n.f(Text::DetExpiresOn, &[("date", &local(&at))]))
            .unwrap_or_default(),
        "key.previous_secret_ended" => d
            .ended_at
            .map(|at| i18n.f(Text::DetEndedAt, &[("date", &local(&at))]))
            .unwrap_or_default(),
        "key.secret_refused" | "key.network_refused" => {
            i18n.n(Text::DetAttempts, d.count.unwrap_or(1) as usize, &[])
        }
        "key.networks_changed" => match d.to.as_deref().filter(|to| !to.is_empty()) {
            Some(to) => i18n.f(Text::DetNetworks, &[("to", to)]),
            None => i18n.t(Text::DetNetworksAnywhere).to_string(),
        },
        "key.expiring" => {
            let days = d.notice_days.unwrap_or_default() as usize;
            i18n.n(Text::DetExpiring, days, &[])
        }
        "key.scopes_changed" => {
            d.to.as_deref()
                .map(|to| i18n.f(Text::DetScopes, &[("to", to)]))
                .unwrap_or_default()
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Details;
    use crate::i18n::Lang;

    fn event(kind: &str, details: Details) -> Event {
        Event {
            id: "1".into(),
            kind: kind.into(),
            at: DateTime::parse_from_rfc3339("2026-12-04T10:00:00Z")
                .unwrap()
                .into(),
            client_id: Some("k".into()),
            actor: Actor {
                kind: "user".into(),
                name: Some("alice".into()),
                client_id: None,
            },
            ip: Some("203.0.113.7".into()),
            user_agent: None,
            details,
        }
    }

    fn iso(at: &DateTime<Utc>) -> String {
        at.to_rfc3339()
    }

    #[test]
    fn each_type_says_its_details() {
        let en = I18n::for_tests(Lang::En);
        let renamed = event(
            "key.renamed",
            Details {
                from: Some("CI".into()),
                to: None,
                ..Details::default()
            },
        );
        assert_eq!(details(&en, &renamed, iso), "From “CI” to “-”");
        let rotated = event(
            "key.rotated",
            Details {
                previous_secret_expires_in: Some(3600),
                ..Details::default()
            },
        );
        assert_eq!(
            details(&en, &rotated, iso),
            "The previous secret works until 2026-12-04T11:00:00+00:00."
        );
        let refused = event(
            "key.secret_refused",
            Details {
                count: Some(3),
                ..Details::default()
            },
        );
        assert_eq!(details(&en, &refused, iso), "3 attempts");
        let narrowed = event(
            "key.scopes_changed",
            Details {
                to: Some("billing:read, clusters:read".into()),
                ..Details::default()
            },
        );
        assert_eq!(
            details(&en, &narrowed, iso),
            "Now: billing:read, clusters:read"
        );
        let notice = event(
            "key.expiring",
            Details {
                notice_days: Some(7),
                ..Details::default()
            },
        );
        assert_eq!(event_name(&en, "key.expiring"), "Expiry notice");
        assert_eq!(details(&en, &notice, iso), "7 days before its end");
        assert_eq!(
            details(&en, &event("key.deleted", Details::default()), iso),
            ""
        );
    }

    #[test]
    fn unknown_types_and_actors_are_shown_by_name() {
        let en = I18n::for_tests(Lang::En);
        assert_eq!(event_name(&en, "key.webhook_sent"), "key.webhook_sent");
        assert_eq!(event_name(&en, "key.scopes_changed"), "Access changed");
        assert_eq!(event_name(&en, "key.created"), "Key created");
        let robot = Actor {
            kind: "robot".into(),
            name: None,
            client_id: None,
        };
        assert_eq!(actor_name(&en, &robot), "robot");
    }

    #[test]
    fn the_origin_joins_what_was_recorded() {
        let mut e = event("key.created", Details::default());
        assert_eq!(origin(&e), "203.0.113.7");
        e.user_agent = Some("curl/8.5".into());
        assert_eq!(origin(&e), "203.0.113.7 · curl/8.5");
    }
}
