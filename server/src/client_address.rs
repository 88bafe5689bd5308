//! The caller's address, as the server should believe it. Without `--trusted-proxies` it is the
//! TCP peer, and `X-Forwarded-For` and `Forwarded` are ignored: a client cannot claim an address.
//! With it, and a peer inside those ranges, it is the right-most address of `X-Forwarded-For`
//! that is not a trusted proxy (RFC 7239's `Forwarded: for=` only when there is no
//! `X-Forwarded-For`): the one the nearest untrusted hop connected from. Everything that cares
//! about addresses reads it here: the rate limits and the sign-in throttle, the activity log,
//! a key's last use, `GET /session`'s `client_ip`.

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use std::convert::Infallible;

use axum::extract::{ConnectInfo, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ipnet::IpNet;

/// The ranges whose requests may say who they forward for.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    /// `10.0.0.0/8,192.0.2.7`: ranges and single addresses, comma-separated.
    fn from_str(text: &str) -> Result<Self, String> {
        text.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("\"{part}\" is not an address or a CIDR range"))
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }
}

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The caller's address behind the peer `peer`, from the request's headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let hops = forwarded_for(headers);
        let mut client = peer;
        // From the nearest hop outwards: the first one that is not ours is the client. A hop
        // that cannot be read ends the walk at the last one that could.
        for hop in hops.iter().rev() {
            let Some(hop) = hop.map(|ip| ip.to_canonical()) else {
                break;
            };
            client = hop;
            if !self.trusts(hop) {
                break;
            }
        }
        client
    }
}

/// The addresses the request was forwarded for, furthest first; `None` for one that is not an
/// address (`unknown`, an obfuscated name, garbage).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name: &str| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|part| part.trim().to_string())
            .collect::<Vec<_>>()
    };
    let x_forwarded_for = values("x-forwarded-for");
    if !x_forwarded_for.is_empty() {
        return x_forwarded_for.iter().map(|hop| address(hop)).collect();
    }
    values("forwarded")
        .iter()
        .map(|element| {
            element
                .split(';')
                .find_map(|pair| {
                    let (name, value) = pair.trim().split_once('=')?;
                    name.eq_ignore_ascii_case("for").then_some(value)
                })
                .and_then(address)
        })
        .collect()
}

/// `192.0.2.7`, `192.0.2.7:443`, `"[2001:db8::1]:443"`, `2001:db8::1`.
fn address(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(socket) = text.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    text.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(ip, _)| ip.parse().ok())
}

/// The request's caller, put beside it by [`resolve`] for every handler and extractor.
#[derive(Clone, Copy, Debug)]
pub struct ClientAddress(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    /// As [`resolve`] put it; the TCP peer where it did not run (a router without the layer).
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Infallible> {
        let resolved = parts.extensions.get::<ClientAddress>().copied();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| ClientAddress(peer.ip().to_canonical()));
        Ok(resolved
            .or(peer)
            .unwrap_or(ClientAddress(IpAddr::from([0, 0, 0, 0]))))
    }
}

/// Middleware: works out the caller's address once per request.
pub fn resolve(trusted: &TrustedProxies, mut request: Request) -> Request {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    if let Some(peer) = peer {
        let client = trusted.client(peer, request.headers());
        request.extensions_mut().insert(ClientAddress(client));
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_it_claims() {
        let none = TrustedProxies::default();
        let spoofed = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            none.client(ip("198.51.100.1"), &spoofed),
            ip("198.51.100.1")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let trusted: TrustedProxies = "10.0.0.0/8, 192.0.2.7".parse().unwrap();
        let peer = ip("10.0.0.2");
        // The client put a claim of its own in front: the hop our proxy saw wins.
        let chain = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9, 192.0.2.7")]);
        assert_eq!(trusted.client(peer, &chain), ip("203.0.113.9"));
        // Two headers read as one list.
        let split = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-for", "10.1.1.1"),
        ]);
        assert_eq!(trusted.client(peer, &split), ip("203.0.113.9"));
        // An untrusted peer's headers say nothing.
        assert_eq!(
            trusted.client(ip("198.51.100.1"), &chain),
            ip("198.51.100.1")
        );
        // Only proxies of ours: the furthest of them.
        let ours = headers(&[("x-forwarded-for", "10.9.9.9, 10.1.1.1")]);
        assert_eq!(trusted.client(peer, &ours), ip("10.9.9.9"));
        // No header: the proxy itself.
        assert_eq!(trusted.client(peer, &HeaderMap::new()), peer);
        // A hop that is not an address ends the walk at the last that was.
        let garbage = headers(&[("x-forwarded-for", "203.0.113.9, garbage, 10.1.1.1")]);
        assert_eq!(trusted.client(peer, &garbage), ip("10.1.1.1"));
    }

    #[test]
    fn forwarded_is_read_only_without_x_forwarded_for() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        let peer = ip("10.0.0.2");
        let v6 = headers(&[("forwarded", "for=\"[2001:db8::1]:443\";proto=https")]);
        assert_eq!(trusted.client(peer, &v6), ip("2001:db8::1"));
        let both = headers(&[
            ("forwarded", "for=198.51.100.5"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(trusted.client(peer, &both), ip("203.0.113.9"));
        let chain = headers(&[("forwarded", "for=203.0.113.9, for=10.0.0.1:80")]);
        assert_eq!(trusted.client(peer, &chain), ip("203.0.113.9"));
    }

    #[test]
    fn an_ipv4_mapped_ipv6_peer_is_its_ipv4_address() {
        let trusted: TrustedProxies = "127.0.0.1/32".parse().unwrap();
        let mapped = ip("::ffff:127.0.0.1");
        let claim = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(trusted.client(mapped, &claim), ip("203.0.113.9"));
        assert_eq!(
            TrustedProxies::default().client(mapped, &claim),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn a_bad_range_is_named() {
        let error = "10.0.0.0/8,nonsense".parse::<TrustedProxies>().unwrap_err();
        assert!(error.contains("\"nonsense\""), "{error}");
    }
}
