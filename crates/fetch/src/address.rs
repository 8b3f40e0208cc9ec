//! Which IP addresses a fetch may connect to: public unicast only. Private, loopback,
//! link-local, unique-local, multicast, unspecified, CGNAT, documentation, benchmarking and
//! reserved ranges are refused, also when embedded in IPv6 (IPv4-mapped, NAT64, 6to4).
//!
//! Written out rather than taken from `std` because `Ipv4Addr::is_global` is not stable.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Why an address is not public, for error messages; `None` for a public unicast address.
pub fn non_public_reason(address: IpAddr) -> Option<&'static str> {
    match address {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

/// Whether `address` may be connected to.
pub fn is_public(address: IpAddr) -> bool {
    non_public_reason(address).is_none()
}

/// Whether `address` is a loopback address (IPv4 127/8, IPv6 ::1, or IPv4-mapped 127/8).
pub fn is_loopback(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => {
            v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
    }
}

fn v4_reason(address: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = address.octets();
    let reason = match (a, b, c) {
        (0, _, _) => "unspecified (0.0.0.0/8)",
        (10, _, _) => "private (10.0.0.0/8)",
        (100, 64..=127, _) => "shared CGNAT (100.64.0.0/10)",
        (127, _, _) => "loopback (127.0.0.0/8)",
        (169, 254, _) => "link-local (169.254.0.0/16)",
        (172, 16..=31, _) => "private (172.16.0.0/12)",
        (192, 0, 0) => "IETF protocol assignments (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (192, 88, 99) => "6to4 relay anycast (192.88.99.0/24)",
        (192, 168, _) => "private (192.168.0.0/16)",
        (198, 18..=19, _) => "benchmarking (198.18.0.0/15)",
        (224..=239, _, _) => "multicast (224.0.0.0/4)",
        (240..=255, _, _) => "reserved or broadcast (240.0.0.0/4)",
        _ => return None,
    };
    Some(reason)
}

fn v6_reason(address: Ipv6Addr) -> Option<&'static str> {
    if let Some(v4) = address.to_ipv4_mapped() {
        return v4_reason(v4).map(|_| "an IPv4-mapped address that is not public");
    }
    let segments = address.segments();
    // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let octets = address.octets();
        let v4 = Ipv4Addr::new(octets[12], octets[13], octets[14], octets[15]);
        return v4_reason(v4)
            .map(|_| "a NAT64 address embedding an IPv4 address that is not public");
    }
    // 6to4 (2002::/16) embeds an IPv4 address in the next 32 bits.
    if segments[0] == 0x2002 {
        let octets = address.octets();
        let v4 = Ipv4Addr::new(octets[2], octets[3], octets[4], octets[5]);
        return v4_reason(v4)
            .map(|_| "a 6to4 address embedding an IPv4 address that is not public");
    }
    let reason = match segments[0] {
        _ if address.is_unspecified() => "unspecified (::)",
        _ if address.is_loopback() => "loopback (::1)",
        0xfc00..=0xfdff => "unique-local (fc00::/7)",
        0xfe80..=0xfebf => "link-local (fe80::/10)",
        0xfec0..=0xfeff => "site-local (fec0::/10)",
        0xff00..=0xffff => "multicast (ff00::/8)",
        0x2001 if segments[1] == 0x0db8 => "documentation (2001:db8::/32)",
        // 2001::/23: Teredo, benchmarking, ORCHID and other IETF protocol assignments.
        0x2001 if segments[1] < 0x0200 => "IETF protocol assignments (2001::/23)",
        0x3fff if segments[1] < 0x1000 => "documentation (3fff::/20)",
        // Everything outside global unicast 2000::/3 (IPv4-compatible, discard-only, …).
        0x2000..=0x3fff => return None,
        _ => "not global unicast (outside 2000::/3)",
    };
    Some(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn private_and_special_addresses_are_refused() {
        for address in [
            "10.0.0.1",
            "192.168.1.1",
            "172.16.0.1",
            "172.31.255.255",
            "169.254.169.254",
            "127.0.0.1",
            "0.0.0.0",
            "100.64.0.1",
            "100.127.255.254",
            "192.0.2.10",
            "198.51.100.1",
            "203.0.113.7",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:10.0.0.1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2002:a00:1::1",
            "::a00:1",
        ] {
            assert!(!is_public(ip(address)), "{address} must be refused");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for address in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.63.255.255",
            "100.128.0.1",
            "193.190.0.1",
            "2a00:1450:4001::1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(is_public(ip(address)), "{address} must be allowed");
        }
    }

    #[test]
    fn loopback_is_recognised_in_every_form() {
        assert!(is_loopback(ip("127.0.0.1")));
        assert!(is_loopback(ip("::1")));
        assert!(is_loopback(ip("::ffff:127.0.0.1")));
        assert!(!is_loopback(ip("10.0.0.1")));
    }
}
