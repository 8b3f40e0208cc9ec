//! The did:web method's DID-to-URL transformation (W3C CCG did:web, "Read (Resolve)"), strict:
//! anything that could steer the URL elsewhere than the named host's path is refused.

use crate::error::FetchError;

/// The HTTPS URL of the DID document of a `did:web` DID (a fragment, as in a verification
/// method id, is ignored):
/// `did:web:example.com` → `https://example.com/.well-known/did.json`,
/// `did:web:example.com:providers:x` → `https://example.com/providers/x/did.json`,
/// `did:web:localhost%3A8080:x` → `https://localhost:8080/x/did.json`.
pub fn did_web_url(did: &str) -> Result<String, FetchError> {
    let (host, port, segments) = parse(did)?;
    Ok(url_for("https", &host, port, &segments))
}

/// The parts of a did:web DID: host, optional port, path segments (still percent-encoded).
pub(crate) fn parse(did: &str) -> Result<(String, Option<u16>, Vec<&str>), FetchError> {
    let invalid = |reason: &str| FetchError::InvalidDid {
        did: did.to_owned(),
        reason: reason.to_owned(),
    };
    let without_fragment = did.split('#').next().unwrap_or(did);
    let specific = without_fragment
        .strip_prefix("did:web:")
        .ok_or_else(|| invalid("not a did:web DID"))?;
    if specific.contains(['?', '/', '\\']) {
        return Err(invalid(
            "a did:web DID has no query or path; use ':' between path segments",
        ));
    }
    let mut parts = specific.split(':');
    let authority = parts.next().unwrap_or_default();
    let (host, port) = parse_authority(authority).map_err(|reason| invalid(&reason))?;
    let segments: Vec<&str> = parts.collect();
    for segment in &segments {
        check_segment(segment).map_err(|reason| invalid(&reason))?;
    }
    Ok((host, port, segments))
}

/// The document URL for `scheme` (https, or http for an allowed local register).
pub(crate) fn url_for(scheme: &str, host: &str, port: Option<u16>, segments: &[&str]) -> String {
    let port = port.map(|port| format!(":{port}")).unwrap_or_default();
    if segments.is_empty() {
        format!("{scheme}://{host}{port}/.well-known/did.json")
    } else {
        format!("{scheme}://{host}{port}/{}/did.json", segments.join("/"))
    }
}

/// The domain, with its port percent-encoded (`%3A`); only a DNS name or IPv4 literal.
fn parse_authority(authority: &str) -> Result<(String, Option<u16>), String> {
    if authority.is_empty() {
        return Err("the domain is missing".into());
    }
    let decoded = authority.replace("%3A", ":").replace("%3a", ":");
    if decoded.contains('%') {
        return Err("only the port separator (%3A) may be percent-encoded in the domain".into());
    }
    let (host, port) = match decoded.split_once(':') {
        None => (decoded.as_str(), None),
        Some((host, port)) => {
            let number = port
                .parse::<u16>()
                .ok()
                .filter(|number| *number != 0 && port.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| format!("bad port \"{port}\""))?;
            (host, Some(number))
        }
    };
    let labels_ok = host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    if !labels_ok {
        return Err(format!("\"{host}\" is not a domain name"));
    }
    Ok((host.to_ascii_lowercase(), port))
}

/// A path segment: unreserved characters and percent-encoded octets, never `.`/`..` or an
/// encoded slash, so the URL cannot climb out of the path the DID names.
fn check_segment(segment: &str) -> Result<(), String> {
    if segment.is_empty() {
        return Err("empty path segment".into());
    }
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let hex = segment
                .get(index + 1..index + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .ok_or_else(|| format!("bad percent-encoding in \"{segment}\""))?;
            decoded.push(hex);
            index += 3;
        } else if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            decoded.push(byte);
            index += 1;
        } else {
            return Err(format!(
                "character '{}' not allowed in \"{segment}\"",
                byte as char
            ));
        }
    }
    if decoded == b"." || decoded == b".." {
        return Err(format!(
            "path segment \"{segment}\" would leave the DID's path"
        ));
    }
    if decoded.iter().any(|b| matches!(b, b'/' | b'\\' | 0)) {
        return Err(format!("path segment \"{segment}\" encodes a separator"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_web_maps_to_the_spec_urls() {
        for (did, url) in [
            (
                "did:web:example.com",
                "https://example.com/.well-known/did.json",
            ),
            (
                "did:web:example.com:providers:x",
                "https://example.com/providers/x/did.json",
            ),
            (
                "did:web:localhost%3A8080:providers:x",
                "https://localhost:8080/providers/x/did.json",
            ),
            (
                "did:web:register.example.eu:providers:hogeschool-scheldeland#key-1",
                "https://register.example.eu/providers/hogeschool-scheldeland/did.json",
            ),
            (
                "did:web:Example.COM%3a443",
                "https://example.com:443/.well-known/did.json",
            ),
            (
                "did:web:example.com:user%20name",
                "https://example.com/user%20name/did.json",
            ),
        ] {
            assert_eq!(did_web_url(did).unwrap(), url, "{did}");
        }
    }

    #[test]
    fn malformed_and_traversing_dids_are_refused() {
        for did in [
            "did:web:",
            "did:web",
            "did:key:z6Mk",
            "did:web:example.com:..:x",
            "did:web:example.com:.",
            "did:web:example.com:%2e%2e:x",
            "did:web:example.com:a%2Fb",
            "did:web:example.com::x",
            "did:web:example.com:x:",
            "did:web:example.com/evil",
            "did:web:example.com?x=1",
            "did:web:user@example.com",
            "did:web:example.com%2Fevil",
            "did:web:example.com%3A99999",
            "did:web:example.com%3A",
            "did:web:exa_mple.com",
            "did:web:-example.com",
            "did:web:example..com",
            "did:web:[::1]",
            "did:web:example.com:a%zz",
        ] {
            let error = did_web_url(did).unwrap_err();
            assert_eq!(error.code(), "invalid_did", "{did}");
            assert!(
                error.to_string().contains(did.split('#').next().unwrap()),
                "{error}"
            );
        }
    }
}
