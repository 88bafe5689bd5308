//! Which of a key's secrets are accepted. Each rotation gives the key a new secret of the next
//! generation; the one it replaces may stay accepted, as the previous secret, until the end of a
//! grace period. An access token belongs to the generation of the secret it was exchanged with and
//! is accepted exactly while that secret is, so a secret's tokens end with it (see migration 4).

use chrono::{DateTime, Utc};

/// A key's secrets, from its columns `secret_generation` and `previous_secret_expires_at`: its
/// current generation and when the previous one stops being accepted.
#[derive(Debug, Clone, Copy)]
pub struct Generations {
    pub current: i64,
    /// The end of the previous secret's grace period (generation `current - 1`); `None` if the key
    /// has no previous secret.
    pub previous_until: Option<DateTime<Utc>>,
}

/// Where a secret of some generation, or an access token issued from it, stands at an instant.
#[derive(Debug, PartialEq, Eq)]
pub enum Standing {
    Current,
    /// The previous secret, accepted until this instant.
    Previous {
        until: DateTime<Utc>,
    },
    /// Replaced, and past its grace period if it had one: refused, with its tokens.
    Retired,
}

impl Generations {
    pub fn standing(&self, generation: i64, now: DateTime<Utc>) -> Standing {
        match self.previous_until {
            _ if generation == self.current => Standing::Current,
            Some(until) if generation == self.current - 1 && now < until => {
                Standing::Previous { until }
            }
            _ => Standing::Retired,
        }
    }

    /// The generation whose secret is `Previous` at `now`, if any.
    pub fn previous_accepted(&self, now: DateTime<Utc>) -> Option<i64> {
        let previous = self.current - 1;
        matches!(self.standing(previous, now), Standing::Previous { .. }).then_some(previous)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn the_current_secret_always_and_the_previous_one_only_until_its_end() {
        let now = Utc::now();
        let until = now + TimeDelta::minutes(10);
        let rotated = Generations {
            current: 3,
            previous_until: Some(until),
        };
        assert_eq!(rotated.standing(3, now), Standing::Current);
        assert_eq!(rotated.standing(2, now), Standing::Previous { until });
        assert_eq!(rotated.previous_accepted(now), Some(2));
        // The older secret, rotated away while it was the previous one, is gone at once.
        assert_eq!(rotated.standing(1, now), Standing::Retired);
        // At the end of the grace period, not a moment later.
        assert_eq!(rotated.standing(2, until), Standing::Retired);
        assert_eq!(rotated.previous_accepted(until), None);
        assert_eq!(
            rotated.standing(2, until - TimeDelta::microseconds(1)),
            Standing::Previous { until }
        );
        // Rotated with no grace period: only the current secret.
        let at_once = Generations {
            current: 1,
            previous_until: None,
        };
        assert_eq!(at_once.standing(1, now), Standing::Current);
        assert_eq!(at_once.standing(0, now), Standing::Retired);
        assert_eq!(at_once.previous_accepted(now), None);
    }
}
