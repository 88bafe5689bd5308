//! The usage chart's geometry: one bar per day, stacked by outcome, scaled to the busiest day.

use crate::api::{Policy, UsageDay};

/// How an exchange at /token ended, in the order the bars stack them (bottom first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Issued,
    RefusedSecret,
    RefusedExpired,
    RefusedNetwork,
    RateLimited,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Issued,
        Outcome::RefusedSecret,
        Outcome::RefusedExpired,
        Outcome::RefusedNetwork,
        Outcome::RateLimited,
    ];

    /// The outcomes a backend can give: `refused_network` only where keys have networks.
    pub fn offered(policy: &Policy) -> Vec<Outcome> {
        Self::ALL
            .into_iter()
            .filter(|o| *o != Outcome::RefusedNetwork || policy.has_networks())
            .collect()
    }

    pub fn count(self, day: &UsageDay) -> u64 {
        match self {
            Outcome::Issued => day.issued,
            Outcome::RefusedSecret => day.refused_secret,
            Outcome::RefusedExpired => day.refused_expired,
            Outcome::RefusedNetwork => day.refused_network,
            Outcome::RateLimited => day.rate_limited,
        }
    }

    /// The CSS class that colours it.
    pub fn class(self) -> &'static str {
        match self {
            Outcome::Issued => "ak-bar--issued",
            Outcome::RefusedSecret => "ak-bar--refused-secret",
            Outcome::RefusedExpired => "ak-bar--refused-expired",
            Outcome::RefusedNetwork => "ak-bar--refused-network",
            Outcome::RateLimited => "ak-bar--rate-limited",
        }
    }
}

/// One coloured piece of a bar, in whole chart units: `y` from the top, `height` down from it.
/// Whole numbers: the SVG's attributes are written without Rust's float formatting, which would
/// cost the chunk about 18 KB.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub outcome: Outcome,
    pub y: u64,
    pub height: u64,
}

pub fn total(day: &UsageDay) -> u64 {
    Outcome::ALL.iter().map(|o| o.count(day)).sum()
}

/// Each day's segments for a chart `height` units tall; the busiest day fills it. Each segment's
/// edges are its running total scaled and rounded, so a bar's pieces meet without gaps. Outcomes
/// that did not happen that day have no segment.
pub fn bars(days: &[UsageDay], height: u64) -> Vec<Vec<Segment>> {
    let busiest = days.iter().map(total).max().unwrap_or(0).max(1);
    let scaled = |count: u64| (count * height + busiest / 2) / busiest;
    days.iter()
        .map(|day| {
            let mut below = 0;
            Outcome::ALL
                .iter()
                .filter(|outcome| outcome.count(day) > 0)
                .map(|&outcome| {
                    let (bottom, top) = (scaled(below), scaled(below + outcome.count(day)));
                    below += outcome.count(day);
                    Segment {
                        outcome,
                        y: height - top,
                        height: top - bottom,
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(issued: u64, refused_secret: u64, rate_limited: u64) -> UsageDay {
        UsageDay {
            date: "2026-12-04".into(),
            issued,
            refused_secret,
            refused_expired: 0,
            refused_network: 0,
            rate_limited,
        }
    }

    #[test]
    fn the_busiest_day_fills_the_chart_and_outcomes_stack_from_the_bottom() {
        let bars = bars(&[day(30, 10, 0), day(10, 0, 10), day(0, 0, 0)], 100);
        let issued = Segment {
            outcome: Outcome::Issued,
            y: 25,
            height: 75,
        };
        let refused = Segment {
            outcome: Outcome::RefusedSecret,
            y: 0,
            height: 25,
        };
        assert_eq!(bars[0], [issued, refused]);
        assert_eq!(bars[1].len(), 2);
        assert_eq!(bars[1][1].outcome, Outcome::RateLimited);
        assert_eq!(bars[1][1].y, 50);
        assert!(bars[2].is_empty());
    }

    #[test]
    fn rounded_pieces_meet_and_stack_to_the_bars_height() {
        let bars = bars(&[day(1, 1, 1), day(3, 0, 0)], 100);
        let pieces = &bars[0];
        assert_eq!(pieces.iter().map(|s| s.height).sum::<u64>(), 100);
        for pair in pieces.windows(2) {
            assert_eq!(pair[1].y + pair[1].height, pair[0].y);
        }
    }

    #[test]
    fn a_month_without_requests_draws_nothing() {
        let bars = bars(&vec![day(0, 0, 0); 30], 100);
        assert!(bars.iter().all(Vec::is_empty));
    }
}
