//! When a key stops working: how the list speaks of it, and the lifetimes "New secret" offers.

use chrono::{DateTime, Duration, Utc};

/// Keys that end within this many days are pointed out in the list.
pub const SOON_DAYS: i64 = 7;

/// A key's expiry as the Expires column shows it at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryStatus {
    Never,
    /// Ends later than [`SOON_DAYS`] from now.
    On(DateTime<Utc>),
    /// Ends within [`SOON_DAYS`]; `days` is counted up, so a key with 2 hours left has 1 day.
    Soon {
        at: DateTime<Utc>,
        days: i64,
    },
    Expired(DateTime<Utc>),
}

impl ExpiryStatus {
    pub fn of(expires_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Self {
        let Some(at) = expires_at else {
            return ExpiryStatus::Never;
        };
        let left = at - now;
        if left <= Duration::zero() {
            ExpiryStatus::Expired(at)
        } else if left <= Duration::days(SOON_DAYS) {
            let days = (left.num_seconds() + 86_399) / 86_400;
            ExpiryStatus::Soon { at, days }
        } else {
            ExpiryStatus::On(at)
        }
    }
}

/// The lifetimes "New secret" offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifetime {
    Never,
    Days(u32),
    /// Until the end of a date the person picks.
    Custom,
}

/// Why a custom date cannot be the key's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoExpiry {
    NoDate,
    NotAfterToday,
    /// Later than the backend's longest lifetime, in days.
    BeyondLongest(u32),
}

/// The fixed choices, in days: 30 days, 90 days (what AWS asks for), a year.
const PRESET_DAYS: [u32; 3] = [30, 90, 365];
/// The contract's shortest lifetime.
pub const MIN_LIFETIME: Duration = Duration::hours(1);

impl Lifetime {
    /// What a backend with this longest lifetime allows: "No expiry" only without one, and the
    /// presets that fit in it.
    pub fn choices(max_days: Option<u32>) -> Vec<Lifetime> {
        let never = max_days.is_none().then_some(Lifetime::Never);
        let presets = PRESET_DAYS
            .into_iter()
            .filter(|days| max_days.is_none_or(|max| *days <= max))
            .map(Lifetime::Days);
        never
            .into_iter()
            .chain(presets)
            .chain([Lifetime::Custom])
            .collect()
    }

    /// "No expiry" when the backend allows it (programs keep working unless someone acts);
    /// otherwise the longest preset allowed, or a date when none fits.
    pub fn default_for(max_days: Option<u32>) -> Lifetime {
        let choices = Self::choices(max_days);
        match max_days {
            None => Lifetime::Never,
            Some(_) => choices
                .iter()
                .rev()
                .find(|choice| matches!(choice, Lifetime::Days(_)))
                .copied()
                .unwrap_or(Lifetime::Custom),
        }
    }

    /// The `<option>` value.
    pub fn value(self) -> String {
        match self {
            Lifetime::Never => "never".into(),
            Lifetime::Days(days) => days.to_string(),
            Lifetime::Custom => "custom".into(),
        }
    }

    pub fn from_value(value: &str) -> Lifetime {
        match value {
            "never" => Lifetime::Never,
            "custom" => Lifetime::Custom,
            days => days.parse().map_or(Lifetime::Never, Lifetime::Days),
        }
    }

    /// The instant the key ends, or what to change. `custom_end` is the end of the picked date
    /// (None when no date is picked).
    pub fn expires_at(
        self,
        now: DateTime<Utc>,
        custom_end: Option<DateTime<Utc>>,
        max_days: Option<u32>,
    ) -> Result<Option<DateTime<Utc>>, NoExpiry> {
        match self {
            Lifetime::Never => Ok(None),
            Lifetime::Days(days) => Ok(Some(now + Duration::days(days.into()))),
            Lifetime::Custom => {
                let end = custom_end.ok_or(NoExpiry::NoDate)?;
                if end < now + MIN_LIFETIME {
                    return Err(NoExpiry::NotAfterToday);
                }
                match max_days {
                    Some(max) if end > now + Duration::days(max.into()) => {
                        Err(NoExpiry::BeyondLongest(max))
                    }
                    _ => Ok(Some(end)),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().into()
    }

    const NOW: &str = "2026-11-27T12:00:00Z";

    #[test]
    fn status_follows_the_time_left() {
        let now = at(NOW);
        assert_eq!(ExpiryStatus::of(None, now), ExpiryStatus::Never);
        let later = at("2027-01-01T00:00:00Z");
        assert_eq!(ExpiryStatus::of(Some(later), now), ExpiryStatus::On(later));
        let week = at("2026-12-04T12:00:00Z");
        assert_eq!(
            ExpiryStatus::of(Some(week), now),
            ExpiryStatus::Soon { at: week, days: 7 }
        );
        let hours = at("2026-11-27T14:00:00Z");
        assert_eq!(
            ExpiryStatus::of(Some(hours), now),
            ExpiryStatus::Soon { at: hours, days: 1 },
            "2 hours left is counted as a day, never as 0"
        );
        assert_eq!(
            ExpiryStatus::of(Some(now), now),
            ExpiryStatus::Expired(now),
            "the instant itself is already past"
        );
    }

    #[test]
    fn without_a_longest_lifetime_every_choice_is_offered_and_no_expiry_is_the_default() {
        assert_eq!(
            Lifetime::choices(None),
            [
                Lifetime::Never,
                Lifetime::Days(30),
                Lifetime::Days(90),
                Lifetime::Days(365),
                Lifetime::Custom
            ]
        );
        assert_eq!(Lifetime::default_for(None), Lifetime::Never);
    }

    #[test]
    fn a_longest_lifetime_hides_no_expiry_and_longer_presets_and_defaults_to_the_longest_left() {
        assert_eq!(
            Lifetime::choices(Some(90)),
            [Lifetime::Days(30), Lifetime::Days(90), Lifetime::Custom]
        );
        assert_eq!(Lifetime::default_for(Some(90)), Lifetime::Days(90));
        assert_eq!(Lifetime::default_for(Some(100)), Lifetime::Days(90));
        assert_eq!(Lifetime::choices(Some(7)), [Lifetime::Custom]);
        assert_eq!(Lifetime::default_for(Some(7)), Lifetime::Custom);
    }

    #[test]
    fn option_values_round_trip() {
        for choice in Lifetime::choices(None) {
            assert_eq!(Lifetime::from_value(&choice.value()), choice);
        }
    }

    #[test]
    fn presets_count_from_now_and_custom_dates_are_checked() {
        let now = at(NOW);
        assert_eq!(
            Lifetime::Days(30).expires_at(now, None, None),
            Ok(Some(at("2026-12-27T12:00:00Z")))
        );
        assert_eq!(Lifetime::Never.expires_at(now, None, None), Ok(None));
        assert_eq!(
            Lifetime::Custom.expires_at(now, None, None),
            Err(NoExpiry::NoDate)
        );
        let end_of_today = at("2026-11-27T12:30:00Z");
        assert_eq!(
            Lifetime::Custom.expires_at(now, Some(end_of_today), None),
            Err(NoExpiry::NotAfterToday)
        );
        let far = at("2027-06-01T00:00:00Z");
        assert_eq!(
            Lifetime::Custom.expires_at(now, Some(far), None),
            Ok(Some(far))
        );
        assert_eq!(
            Lifetime::Custom.expires_at(now, Some(far), Some(90)),
            Err(NoExpiry::BeyondLongest(90))
        );
    }
}
