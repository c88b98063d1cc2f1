//! The client's address: the peer's, or, when the peer is a trusted proxy (`--trusted-proxy`),
//! the address the proxies saw the request come from, read from `X-Forwarded-For`. Each proxy
//! appends the address it received the request from, so the header is read from its right
//! end: trusted proxies' addresses are passed over, and the first address that is not a
//! trusted proxy's is the client's. What stands left of it was written by the client itself
//! and is not believed. With no trusted proxy (the default), the header is ignored.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;

/// A network: an address and the length of its prefix, in bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    /// `10.0.0.0/8`, `fd00::/8`, or one address (`192.0.2.7`, a /32 or /128).
    fn parse(text: &str) -> Result<Network, String> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let address = address
            .trim()
            .parse::<IpAddr>()
            .map_err(|_| {
                format!("{text:?} is not an address or a CIDR network (e.g. 10.0.0.0/8, fd00::/8)")
            })?
            .to_canonical();
        let max = if address.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(prefix) => prefix
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?}: the prefix length is from 0 to {max}"))?,
        };
        Ok(Network { address, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.address, ip.to_canonical()) {
            (IpAddr::V4(network), IpAddr::V4(ip)) => same_prefix(
                u128::from(u32::from(network)) << 96,
                u128::from(u32::from(ip)) << 96,
                self.prefix,
            ),
            (IpAddr::V6(network), IpAddr::V6(ip)) => {
                same_prefix(u128::from(network), u128::from(ip), self.prefix)
            }
            _ => false,
        }
    }
}

/// Whether the first `prefix` bits of `a` and `b` are the same.
fn same_prefix(a: u128, b: u128, prefix: u8) -> bool {
    let mask = u128::MAX
        .checked_shl(128 - u32::from(prefix.min(128)))
        .unwrap_or(0);
    a & mask == b & mask
}

/// An entry of `X-Forwarded-For`: an address, possibly with a port or in brackets, as some
/// proxies write it.
fn hop(entry: &[u8]) -> Option<IpAddr> {
    let entry = std::str::from_utf8(entry).ok()?.trim();
    let unbracketed = entry
        .strip_prefix('[')
        .and_then(|e| e.strip_suffix(']'))
        .unwrap_or(entry);
    unbracketed
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .map(|ip| ip.to_canonical())
}

/// The proxies whose `X-Forwarded-For` is believed: none unless configured.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    networks: Vec<Network>,
}

impl TrustedProxies {
    /// The networks given to `--trusted-proxy`, each a CIDR network or one address; the error
    /// names the one that does not read.
    pub fn parse<S: AsRef<str>>(networks: &[S]) -> Result<TrustedProxies, String> {
        let networks = networks
            .iter()
            .map(|n| Network::parse(n.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies { networks })
    }

    /// Whether no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.networks.iter().any(|n| n.contains(ip))
    }

    /// The client of a request that came from `peer` with `headers`. Walking
    /// `X-Forwarded-For` from its right end stops at the first address that is not a trusted
    /// proxy's (the client), or at an entry that is not an address (the client is then the
    /// last address read: only what the client wrote is left).
    pub(crate) fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        // Several header lines are one list, in order (RFC 9110 §5.3).
        let entries: Vec<&[u8]> = headers
            .get_all("x-forwarded-for")
            .iter()
            .flat_map(|line| line.as_bytes().split(|b| *b == b','))
            .collect();
        let mut client = peer;
        for entry in entries.into_iter().rev() {
            let Some(ip) = hop(entry) else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn proxies(networks: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(networks).unwrap()
    }

    fn forwarded(lines: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append("x-forwarded-for", HeaderValue::from_str(line).unwrap());
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn networks_read_as_cidr_or_single_addresses() {
        let trusted = proxies(&["10.0.0.0/8", "192.0.2.7", "fd00::/8", " 2001:db8::1 "]);
        for inside in [
            "10.1.2.3",
            "192.0.2.7",
            "fd12::1",
            "2001:db8::1",
            "::ffff:10.9.9.9",
        ] {
            assert!(trusted.trusts(ip(inside)), "{inside}");
        }
        for outside in ["11.0.0.1", "192.0.2.8", "fe80::1", "2001:db8::2"] {
            assert!(!trusted.trusts(ip(outside)), "{outside}");
        }
        assert!(proxies(&["0.0.0.0/0"]).trusts(ip("203.0.113.1")));
        assert!(!proxies(&["0.0.0.0/0"]).trusts(ip("2001:db8::1")));
        assert!(proxies(&[]).is_empty());
    }

    #[test]
    fn a_network_that_does_not_read_is_named_in_the_error() {
        for (text, words) in [
            ("10.0.0.0/33", "0 to 32"),
            ("fd00::/129", "0 to 128"),
            ("10.0.0.0/x", "prefix"),
            ("proxy.internal", "not an address"),
            ("10.0.0/8", "not an address"),
        ] {
            let error = TrustedProxies::parse(&["127.0.0.1", text]).unwrap_err();
            assert!(
                error.contains(text) && error.contains(words),
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn the_header_counts_only_from_a_trusted_peer() {
        let headers = forwarded(&["198.51.100.9"]);
        let peer = ip("203.0.113.5");
        assert_eq!(proxies(&[]).client(peer, &headers), peer);
        assert_eq!(proxies(&["10.0.0.0/8"]).client(peer, &headers), peer);
        assert_eq!(
            proxies(&["203.0.113.0/24"]).client(peer, &headers),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn the_rightmost_address_that_is_not_a_trusted_proxy_is_the_clients() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let peer = ip("10.0.0.1");
        // The client wrote the first entry itself; the proxies appended the others.
        let headers = forwarded(&["1.1.1.1, 198.51.100.9, 10.0.0.2"]);
        assert_eq!(trusted.client(peer, &headers), ip("198.51.100.9"));
        // The same list over several lines.
        let headers = forwarded(&["1.1.1.1", "198.51.100.9", "10.0.0.2"]);
        assert_eq!(trusted.client(peer, &headers), ip("198.51.100.9"));
        // Ports and brackets, as some proxies write them.
        let headers = forwarded(&["198.51.100.9:4711, [2001:db8::7]:443"]);
        assert_eq!(trusted.client(peer, &headers), ip("2001:db8::7"));
        let headers = forwarded(&["[2001:db8::8]"]);
        assert_eq!(trusted.client(peer, &headers), ip("2001:db8::8"));
    }

    #[test]
    fn what_the_client_wrote_cannot_move_the_address_elsewhere() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let peer = ip("10.0.0.1");
        // Garbage left of the proxy's entry stops nothing before it.
        let mut headers = HeaderMap::new();
        let line = HeaderValue::from_bytes(b"unknown, \xff\xfe, 198.51.100.9").unwrap();
        headers.insert("x-forwarded-for", line);
        assert_eq!(trusted.client(peer, &headers), ip("198.51.100.9"));
        // Every entry a trusted proxy's: the leftmost of them.
        let headers = forwarded(&["10.0.0.3, 10.0.0.2"]);
        assert_eq!(trusted.client(peer, &headers), ip("10.0.0.3"));
        // An entry that is not an address, right after trusted ones: the last one read.
        let headers = forwarded(&["198.51.100.9, garbage, 10.0.0.2"]);
        assert_eq!(trusted.client(peer, &headers), ip("10.0.0.2"));
        // No header at all: the proxy itself.
        assert_eq!(trusted.client(peer, &HeaderMap::new()), peer);
        // A mapped IPv4 address is the IPv4 address.
        let headers = forwarded(&["::ffff:198.51.100.9"]);
        assert_eq!(trusted.client(peer, &headers), ip("198.51.100.9"));
    }
}
