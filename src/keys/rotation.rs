//! Rotation: how long the secret before keeps working once a key has a new one.

/// The grace periods "Rotate secret" offers (the contract allows 0 to 24 hours).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grace {
    /// The old secret and its access tokens stop at once: for a secret that leaked.
    Immediately,
    /// Time for running programs to switch over.
    OneHour,
    OneDay,
}

impl Grace {
    pub const CHOICES: [Grace; 3] = [Grace::Immediately, Grace::OneHour, Grace::OneDay];

    /// What a key's rotation may offer: a secret found in public gets no grace period.
    pub fn choices_for(exposed: bool) -> &'static [Grace] {
        if exposed {
            &[Grace::Immediately]
        } else {
            &Self::CHOICES
        }
    }

    /// Chosen until the person chooses otherwise: time for programs to switch over (not so long
    /// that a leaked secret lives on for a day), and none for a secret found in public.
    pub fn default_for(exposed: bool) -> Grace {
        if exposed {
            Grace::Immediately
        } else {
            Grace::OneHour
        }
    }

    /// `previous_secret_expires_in` of the request.
    pub fn seconds(self) -> u32 {
        match self {
            Grace::Immediately => 0,
            Grace::OneHour => 3_600,
            Grace::OneDay => 86_400,
        }
    }

    /// The value of its radio button.
    pub fn name(self) -> &'static str {
        match self {
            Grace::Immediately => "now",
            Grace::OneHour => "1h",
            Grace::OneDay => "24h",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Grace;

    #[test]
    fn an_exposed_secret_gets_no_grace() {
        assert_eq!(Grace::choices_for(true), [Grace::Immediately]);
        assert_eq!(Grace::default_for(true), Grace::Immediately);
        assert_eq!(Grace::choices_for(false).len(), 3);
        assert_eq!(Grace::default_for(false), Grace::OneHour);
    }

    #[test]
    fn every_choice_is_within_the_contracts_day() {
        let seconds = Grace::CHOICES.map(Grace::seconds);
        assert_eq!(seconds, [0, 3_600, 86_400]);
    }
}
