//! Who sent a request: the connection's peer, or, when that peer is one of
//! the clinic's own reverse proxies (`SOLECHECK_TRUSTED_PROXIES`), the
//! address it forwarded. Behind a proxy every connection comes from the proxy,
//! so without this one visitor's flood would throttle the whole site and
//! anyone could lock the front desk out of signing in.
//!
//! The forwarded chain is read from the right: each trusted proxy appends the
//! address it received the request from, so the rightmost address that is
//! not itself a trusted proxy is the first one no proxy of ours vouches for.
//! Whatever a client writes to the left of that is ignored, and from a peer
//! that is not trusted the headers are not read at all.

use std::{net::IpAddr, str::FromStr};

use actix_web::{HttpRequest, web};
use ipnet::IpNet;

use crate::startup::AppState;

/// The addresses and ranges of the reverse proxies in front of the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A malformed `SOLECHECK_TRUSTED_PROXIES`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "SOLECHECK_TRUSTED_PROXIES: `{0}` is not an IP address or CIDR range \
     (use a comma-separated list such as 127.0.0.1,10.0.0.0/8,::1)"
)]
pub struct BadProxyList(String);

impl FromStr for TrustedProxies {
    type Err = BadProxyList;

    fn from_str(list: &str) -> Result<Self, BadProxyList> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| BadProxyList(entry.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }
}

impl TrustedProxies {
    /// Whether `ip` is one of the proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// Whether any proxy is trusted at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The client's address for a request from `peer` carrying these
    /// `Forwarded` header values or, when it has none, these
    /// `X-Forwarded-For` values (each may list several hops).
    pub fn client(&self, peer: IpAddr, forwarded: &[&str], x_forwarded_for: &[&str]) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.contains(client) {
            return client;
        }
        let hops: Vec<&str> = if forwarded.is_empty() {
            x_forwarded_for.iter().flat_map(|v| v.split(',')).collect()
        } else {
            forwarded.iter().flat_map(|v| v.split(',')).filter_map(forwarded_for).collect()
        };
        for hop in hops.into_iter().rev() {
            // An address we cannot read (`unknown`, an obfuscated name) ends
            // the chain: the last proxy that named a real one answers for it.
            let Some(ip) = node_address(hop) else { return client };
            client = ip;
            if !self.contains(ip) {
                break;
            }
        }
        client
    }
}

impl TrustedProxies {
    /// Whether the visitor reached the proxy over HTTPS, as a trusted proxy
    /// `peer` says: the `proto=` of the last `Forwarded` element (the one it
    /// added) or else the last `X-Forwarded-Proto`. Nobody else is asked.
    pub fn says_https(&self, peer: IpAddr, forwarded: &[&str], x_forwarded_proto: &[&str]) -> bool {
        if !self.contains(peer) {
            return false;
        }
        let proto = if forwarded.is_empty() {
            x_forwarded_proto.iter().flat_map(|v| v.split(',')).next_back()
        } else {
            forwarded
                .iter()
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|element| param(element, "proto"))
        };
        proto.is_some_and(|p| p.trim().trim_matches('"').eq_ignore_ascii_case("https"))
    }
}

/// Every value of header `name` on `req`, in order.
fn header_values<'a>(req: &'a HttpRequest, name: &str) -> Vec<&'a str> {
    req.headers().get_all(name).filter_map(|v| v.to_str().ok()).collect()
}

/// The proxies the server trusts, when it trusts any.
fn trusted(req: &HttpRequest) -> Option<&TrustedProxies> {
    let state = req.app_data::<web::Data<AppState>>()?;
    Some(&state.settings.trusted_proxies).filter(|proxies| !proxies.is_empty())
}

/// The client's address: the connection's peer or, when that is a trusted
/// proxy, the address it forwarded. The one address behind the rate limit,
/// login throttling and the request log.
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let Some(proxies) = trusted(req) else { return Some(peer) };
    Some(proxies.client(peer, &header_values(req, "forwarded"), &header_values(req, "x-forwarded-for")))
}

/// Whether a trusted proxy says `req` reached it over HTTPS.
pub fn https_by_proxy(req: &HttpRequest) -> bool {
    let (Some(peer), Some(proxies)) = (req.peer_addr(), trusted(req)) else { return false };
    proxies.says_https(peer.ip(), &header_values(req, "forwarded"), &header_values(req, "x-forwarded-proto"))
}

/// The value of parameter `name` in one `Forwarded` element.
fn param<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    element.split(';').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// The `for=` value of one `Forwarded` element (RFC 7239 section 4).
fn forwarded_for(element: &str) -> Option<&str> {
    param(element, "for")
}

/// The IP address of a node: `192.0.2.43`, `"192.0.2.43:47011"`,
/// `"[2001:db8::17]:4711"` or a bare IPv6 address, quoted or not.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    let ip = if let Some(rest) = node.strip_prefix('[') {
        rest.split_once(']')?.0.parse().ok()?
    } else if let Ok(ip) = node.parse::<IpAddr>() {
        ip
    } else {
        // IPv4 with a port: exactly one colon.
        let (host, port) = node.split_once(':')?;
        port.parse::<u16>().ok()?;
        host.parse::<std::net::Ipv4Addr>().ok()?.into()
    };
    Some(IpAddr::to_canonical(&ip))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies(list: &str) -> TrustedProxies {
        list.parse().unwrap()
    }

    #[test]
    fn the_list_takes_addresses_and_ranges_of_both_families() {
        let list = proxies(" 127.0.0.1, 10.0.0.0/8 ,::1,2001:db8::/32,");
        assert!(list.contains(ip("127.0.0.1")) && list.contains(ip("10.20.30.40")));
        assert!(list.contains(ip("::1")) && list.contains(ip("2001:db8:1::5")));
        assert!(list.contains(ip("::ffff:10.1.2.3")), "an IPv4 peer on an IPv6 socket");
        assert!(!list.contains(ip("11.0.0.1")) && !list.contains(ip("2001:db9::1")));
        assert!(proxies("").is_empty());
        assert_eq!(proxies("10.1.2.3/8"), proxies("10.0.0.0/8"), "host bits are dropped");
        for bad in ["10.0.0/8", "localhost", "10.0.0.0/33", "1.2.3.4 5.6.7.8"] {
            let error = bad.parse::<TrustedProxies>().unwrap_err().to_string();
            assert!(error.starts_with("SOLECHECK_TRUSTED_PROXIES: `") && error.contains(bad), "{error}");
        }
    }

    #[test]
    fn headers_are_ignored_unless_the_peer_is_a_trusted_proxy() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.9"), &["for=198.51.100.1"], &["198.51.100.2"]),
            ip("203.0.113.9")
        );
        let list = proxies("127.0.0.1");
        assert_eq!(list.client(ip("203.0.113.9"), &[], &["198.51.100.2"]), ip("203.0.113.9"));
        assert_eq!(list.client(ip("127.0.0.1"), &[], &[]), ip("127.0.0.1"), "no header: the proxy itself");
    }

    #[test]
    fn the_rightmost_address_no_trusted_proxy_vouches_for_is_the_client() {
        let list = proxies("127.0.0.1,10.0.0.0/8");
        let peer = ip("127.0.0.1");
        assert_eq!(list.client(peer, &[], &["198.51.100.7"]), ip("198.51.100.7"));
        // What the client wrote on the left is not believed.
        assert_eq!(list.client(peer, &[], &["6.6.6.6, 198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(list.client(peer, &[], &["6.6.6.6", "198.51.100.7, 10.0.0.2"]), ip("198.51.100.7"));
        // Every hop one of ours: the farthest of them.
        assert_eq!(list.client(peer, &[], &["10.0.0.3, 10.0.0.2"]), ip("10.0.0.3"));
        // An unreadable hop: the proxy that named it answers for it.
        assert_eq!(list.client(peer, &[], &["198.51.100.7, garbage, 10.0.0.2"]), ip("10.0.0.2"));
    }

    #[test]
    fn forwarded_wins_over_x_forwarded_for_and_takes_every_node_form() {
        let list = proxies("127.0.0.1,::1");
        let peer = ip("::1");
        let forwarded = ["for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https"];
        assert_eq!(list.client(peer, &forwarded, &["198.51.100.1"]), ip("2001:db8:cafe::17"));
        assert_eq!(list.client(peer, &["proto=https;For=\"192.0.2.43:47011\""], &[]), ip("192.0.2.43"));
        assert_eq!(list.client(peer, &["for=192.0.2.60;by=203.0.113.43"], &[]), ip("192.0.2.60"));
        assert_eq!(list.client(peer, &["for=unknown"], &[]), ip("::1"));
        assert_eq!(list.client(peer, &["for=_hidden, for=127.0.0.1"], &[]), ip("127.0.0.1"));
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_about_https() {
        let list = proxies("127.0.0.1");
        let (proxy, stranger) = (ip("127.0.0.1"), ip("203.0.113.9"));
        assert!(list.says_https(proxy, &[], &["https"]));
        assert!(list.says_https(proxy, &[], &["http, HTTPS"]), "the last hop's word");
        assert!(!list.says_https(proxy, &[], &["https, http"]));
        assert!(!list.says_https(proxy, &[], &[]));
        assert!(list.says_https(proxy, &["for=6.6.6.6;proto=http, for=192.0.2.1;proto=https"], &["http"]));
        assert!(!list.says_https(proxy, &["for=192.0.2.1;proto=https, for=192.0.2.2"], &[]));
        assert!(!list.says_https(stranger, &["proto=https"], &["https"]));
    }

    #[test]
    fn node_addresses_with_and_without_ports() {
        assert_eq!(node_address("192.0.2.43"), Some(ip("192.0.2.43")));
        assert_eq!(node_address("\"192.0.2.43:47011\""), Some(ip("192.0.2.43")));
        assert_eq!(node_address("[2001:db8::17]:4711"), Some(ip("2001:db8::17")));
        assert_eq!(node_address("2001:db8::17"), Some(ip("2001:db8::17")));
        assert_eq!(node_address("::ffff:192.0.2.1"), Some(ip("192.0.2.1")));
        assert_eq!(node_address("192.0.2.43:http"), None);
        assert_eq!(node_address("unknown"), None);
    }
}
