//! The client's network address behind reverse proxies. Behind a load balancer every request
//! comes from the balancer, so the sign-in waits (counted per address) would be shared by
//! everyone; with the balancer's addresses configured as trusted proxies, the client is the
//! rightmost `X-Forwarded-For` entry that is not itself a trusted proxy. An entry a client
//! wrote itself (the leftmost ones) is never believed past an untrusted hop.

use std::net::IpAddr;

/// An address or a network of trusted proxies: `10.0.0.7`, `10.0.0.0/8`, `fd00::/8`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxy {
    network: IpAddr,
    prefix: u8,
}

impl TrustedProxy {
    pub fn parse(text: &str) -> Result<TrustedProxy, String> {
        let text = text.trim();
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let network: IpAddr = address
            .parse()
            .map_err(|_| format!("`{text}` is not an IP address or network (10.0.0.0/8)"))?;
        let bits = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => bits,
            Some(prefix) => prefix
                .parse::<u8>()
                .ok()
                .filter(|prefix| *prefix <= bits)
                .ok_or_else(|| format!("`{text}`: the prefix length is 0 to {bits}"))?,
        };
        Ok(TrustedProxy { network, prefix })
    }

    fn contains(&self, address: IpAddr) -> bool {
        let mask = |bits: u32, width: u32| -> u128 {
            if bits == 0 {
                0
            } else {
                (!0u128) << (width - bits)
            }
        };
        match (self.network, address) {
            (IpAddr::V4(network), IpAddr::V4(address)) => {
                let mask = mask(u32::from(self.prefix), 32);
                u128::from(u32::from(network)) & mask == u128::from(u32::from(address)) & mask
            }
            (IpAddr::V6(network), IpAddr::V6(address)) => {
                let mask = mask(u32::from(self.prefix), 128);
                u128::from(network) & mask == u128::from(address) & mask
            }
            _ => false,
        }
    }
}

/// The client's address: the peer's, or — when the peer is a trusted proxy — the rightmost
/// address in the `X-Forwarded-For` values that is not a trusted proxy.
pub fn client_address<'h>(
    peer: IpAddr,
    forwarded_for: impl Iterator<Item = &'h str>,
    trusted: &[TrustedProxy],
) -> IpAddr {
    let is_trusted = |address: IpAddr| trusted.iter().any(|proxy| proxy.contains(address));
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for.flat_map(|value| value.split(',')).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Ok(address) = hop.trim().parse::<IpAddr>() else {
            // Garbage from an untrusted hop: stop at the last address that was believed.
            break;
        };
        client = address;
        if !is_trusted(address) {
            break;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_peer_is_believed_and_only_up_to_the_first_untrusted_hop() {
        let trusted = [
            TrustedProxy::parse("10.0.0.0/8").unwrap(),
            TrustedProxy::parse("fd00::1").unwrap(),
        ];
        // No proxy in front: the header is the client's own invention.
        assert_eq!(
            client_address(ip("203.0.113.9"), ["1.2.3.4"].into_iter(), &trusted),
            ip("203.0.113.9")
        );
        // Behind the balancer: the client the balancer saw.
        assert_eq!(
            client_address(ip("10.0.0.7"), ["198.51.100.4"].into_iter(), &trusted),
            ip("198.51.100.4")
        );
        // A client that forged an entry: the rightmost untrusted one counts, not the forgery.
        assert_eq!(
            client_address(
                ip("10.0.0.7"),
                ["6.6.6.6, 198.51.100.4", "10.1.2.3"].into_iter(),
                &trusted
            ),
            ip("198.51.100.4")
        );
        // Garbage after the balancer: the balancer's own address.
        assert_eq!(
            client_address(ip("10.0.0.7"), ["not-an-ip"].into_iter(), &trusted),
            ip("10.0.0.7")
        );
        assert_eq!(
            client_address(ip("fd00::1"), ["2001:db8::5"].into_iter(), &trusted),
            ip("2001:db8::5")
        );
        assert!(!trusted[0].contains(ip("11.0.0.1")));
        assert!(!trusted[0].contains(ip("::ffff:10.0.0.1")));
    }

    #[test]
    fn a_proxy_that_is_not_an_address_or_network_is_refused_with_why() {
        for bad in ["10.0.0.0/33", "example.org", "10.0.0.0/x", "fd00::/129"] {
            assert!(TrustedProxy::parse(bad).is_err(), "{bad}");
        }
        assert!(
            TrustedProxy::parse("0.0.0.0/0")
                .unwrap()
                .contains(ip("8.8.8.8"))
        );
    }
}
