//! A key's allowed networks: IPv4 and IPv6 addresses and CIDR ranges, normalised to ranges
//! (`10.0.0.7` is `10.0.0.7/32`), at most [`MAX_NETWORKS`]. An empty list means from anywhere.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

/// The most networks one key may name: enough for a few offices and clouds, small enough to check
/// on every use of a token.
pub const MAX_NETWORKS: usize = 50;

/// Why one entry is not a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntryError {
    /// Neither an address nor a CIDR range.
    Malformed,
    /// A range with host bits set: the range it probably means.
    HostBitsSet { suggestion: String },
}

/// Why a list of entries is refused; `entry` is the entry as it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListError {
    Entry {
        entry: String,
        error: EntryError,
    },
    /// Equal, once normalised, to an entry before it.
    Duplicate {
        entry: String,
    },
    TooMany,
}

/// One entry, normalised: trimmed, an address as its single-address range, IPv4-mapped IPv6
/// addresses as IPv4 (as the server sees its callers). The address is read by std's parser and the
/// range made by ipnet (ipnet's own parser would be a second address parser in the page's code).
pub fn parse_entry(text: &str) -> Result<IpNet, EntryError> {
    let text = text.trim();
    let (address, prefix) = match text.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (text, None),
    };
    let ip = address
        .parse::<IpAddr>()
        .map_err(|_| EntryError::Malformed)?;
    let Some(prefix) = prefix else {
        return Ok(IpNet::from(ip.to_canonical()));
    };
    // Digits only: `u8`'s parser would also take `+24`.
    if prefix.is_empty() || prefix.len() > 3 || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EntryError::Malformed);
    }
    let prefix = prefix.parse::<u8>().map_err(|_| EntryError::Malformed)?;
    let net = IpNet::new(ip, prefix).map_err(|_| EntryError::Malformed)?;
    if net.trunc() != net {
        return Err(EntryError::HostBitsSet {
            suggestion: net.trunc().to_string(),
        });
    }
    Ok(net)
}

/// A whole list, normalised, in the order given.
pub fn parse_list<S: AsRef<str>>(entries: &[S]) -> Result<Vec<IpNet>, ListError> {
    if entries.len() > MAX_NETWORKS {
        return Err(ListError::TooMany);
    }
    let mut list: Vec<IpNet> = Vec::with_capacity(entries.len());
    for entry in entries {
        let entry = entry.as_ref();
        let net = parse_entry(entry).map_err(|error| ListError::Entry {
            entry: entry.to_string(),
            error,
        })?;
        if list.contains(&net) {
            return Err(ListError::Duplicate {
                entry: entry.to_string(),
            });
        }
        list.push(net);
    }
    Ok(list)
}

/// Whether a caller at `ip` may use a key with these networks: from anywhere when there are none.
pub fn permits(networks: &[IpNet], ip: IpAddr) -> bool {
    let ip = ip.to_canonical();
    networks.is_empty() || networks.iter().any(|net| net.contains(&ip))
}

impl fmt::Display for EntryError {
    /// In English, as the server answers it: the end of a sentence that starts with the entry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed => f.write_str("is not an IP address or a CIDR range."),
            Self::HostBitsSet { suggestion } => {
                write!(f, "has host bits set: did you mean {suggestion}?")
            }
        }
    }
}

impl fmt::Display for ListError {
    /// In English, as the server answers it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Entry { entry, error } => write!(f, "The network \"{entry}\" {error}"),
            Self::Duplicate { entry } => {
                write!(f, "The network \"{entry}\" is listed more than once.")
            }
            Self::TooMany => write!(f, "A key may name at most {MAX_NETWORKS} networks."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(text: &str) -> String {
        parse_entry(text).unwrap().to_string()
    }

    #[test]
    fn addresses_become_single_address_ranges_and_ranges_stay() {
        assert_eq!(normalised("10.0.0.7"), "10.0.0.7/32");
        assert_eq!(normalised(" 10.0.0.0/24 "), "10.0.0.0/24");
        assert_eq!(normalised("2001:db8::1"), "2001:db8::1/128");
        assert_eq!(normalised("2001:DB8::/32"), "2001:db8::/32");
        assert_eq!(normalised("::ffff:192.0.2.1"), "192.0.2.1/32");
        assert_eq!(normalised("0.0.0.0/0"), "0.0.0.0/0");
    }

    #[test]
    fn a_range_with_host_bits_suggests_the_range_meant() {
        let suggestion = |s: &str| EntryError::HostBitsSet {
            suggestion: s.into(),
        };
        assert_eq!(parse_entry("10.0.0.7/24"), Err(suggestion("10.0.0.0/24")));
        assert_eq!(
            parse_entry("2001:db8::1/64"),
            Err(suggestion("2001:db8::/64"))
        );
        let message = ListError::Entry {
            entry: "10.0.0.7/24".into(),
            error: suggestion("10.0.0.0/24"),
        };
        assert_eq!(
            message.to_string(),
            "The network \"10.0.0.7/24\" has host bits set: did you mean 10.0.0.0/24?"
        );
    }

    #[test]
    fn what_is_not_a_network_is_malformed() {
        for text in [
            "",
            "example.com",
            "10.0.0",
            "10.0.0.0/33",
            "::1/129",
            "10.0.0.0/",
            "1.2.3.4 5",
        ] {
            assert_eq!(parse_entry(text), Err(EntryError::Malformed), "{text:?}");
        }
    }

    #[test]
    fn a_list_refuses_duplicates_after_normalising_and_more_than_fifty() {
        assert_eq!(
            parse_list(&["10.0.0.7", "10.0.0.7/32"]),
            Err(ListError::Duplicate {
                entry: "10.0.0.7/32".into()
            })
        );
        let fifty: Vec<String> = (0..50).map(|i| format!("10.0.{i}.0/24")).collect();
        assert_eq!(parse_list(&fifty).unwrap().len(), 50);
        let fifty_one: Vec<String> = (0..51).map(|i| format!("10.0.{i}.0/24")).collect();
        assert_eq!(parse_list(&fifty_one), Err(ListError::TooMany));
        assert_eq!(parse_list::<&str>(&[]), Ok(vec![]));
    }

    #[test]
    fn an_empty_list_permits_anywhere_and_a_list_only_its_networks() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(permits(&[], ip("203.0.113.7")));
        let list = parse_list(&["10.0.0.0/24", "2001:db8::/32"]).unwrap();
        assert!(permits(&list, ip("10.0.0.255")));
        assert!(!permits(&list, ip("10.0.1.0")));
        assert!(permits(&list, ip("2001:db8:ffff::1")));
        assert!(!permits(&list, ip("2001:db9::1")));
        assert!(permits(&list, ip("::ffff:10.0.0.9")), "IPv4-mapped");
    }
}
