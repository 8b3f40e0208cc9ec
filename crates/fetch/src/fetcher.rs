//! [`SafeFetcher`]: one JSON document over HTTPS under a [`FetchPolicy`].

use std::error::Error as _;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use reqwest::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, LOCATION};
use reqwest::{Response, Url};
use serde_json::Value;

use crate::FetchPolicy;
use crate::address::non_public_reason;
use crate::did_web;
use crate::error::FetchError;
use crate::resolver::{ResolveRefusal, VettedResolver};

const ACCEPTED_TYPES: &str =
    "application/did+json, application/vc+ld+json, application/ld+json, application/json;q=0.9";

/// Fetches JSON documents under a [`FetchPolicy`]. Cheap to share; build one per policy.
pub struct SafeFetcher {
    policy: FetchPolicy,
    client: reqwest::Client,
}

impl SafeFetcher {
    pub fn new(policy: FetchPolicy) -> Result<Self, FetchError> {
        let client = reqwest::Client::builder()
            // Redirects are followed by hand so that every hop is checked like the first URL.
            .redirect(reqwest::redirect::Policy::none())
            // A proxy would resolve and connect for us, past the address checks.
            .no_proxy()
            .dns_resolver(VettedResolver {
                allow_localhost: policy.allow_http_localhost,
            })
            .connect_timeout(policy.timeout)
            .timeout(policy.timeout)
            .referer(false)
            .user_agent(concat!("microcred/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|error| FetchError::Client {
                reason: error_chain(&error),
            })?;
        Ok(SafeFetcher { policy, client })
    }

    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// GET `url` and parse the body as strict JSON, following at most
    /// `policy.max_redirects` redirects, all within `policy.timeout`.
    pub async fn get_json(&self, url: &str) -> Result<Value, FetchError> {
        match tokio::time::timeout(self.policy.timeout, self.follow(url)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout {
                url: url.to_owned(),
                after: self.policy.timeout,
            }),
        }
    }

    /// POST `form` (application/x-www-form-urlencoded) to `url` with HTTP Basic credentials,
    /// and parse the answer as strict JSON (an OAuth token endpoint). No redirect is followed.
    /// An error answer with an OAuth `error` is [`FetchError::Refused`], naming it.
    pub async fn post_form(
        &self,
        url: &str,
        form: &[(&str, &str)],
        basic: Option<(&str, &str)>,
    ) -> Result<Value, FetchError> {
        let exchange = async {
            let target = self.check_url(url)?;
            let body =
                serde_urlencoded::to_string(form).map_err(|error| FetchError::InvalidUrl {
                    url: url.to_owned(),
                    reason: format!("the form cannot be encoded: {error}"),
                })?;
            let mut request = self
                .client
                .post(target)
                .header(ACCEPT, "application/json")
                .header(ACCEPT_ENCODING, "identity")
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body);
            if let Some((user, password)) = basic {
                request = request.basic_auth(user, Some(password));
            }
            let response = request
                .send()
                .await
                .map_err(|error| self.request_error(url, &error))?;
            let status = response.status();
            let body = self.read_capped(url, response).await?;
            let parsed = vc::json::parse(&body);
            if !status.is_success() {
                let explained = parsed.ok().and_then(|value| {
                    let error = value.get("error")?.as_str()?.to_owned();
                    Some(
                        match value.get("error_description").and_then(Value::as_str) {
                            Some(description) => format!("{error}: {description}"),
                            None => error,
                        },
                    )
                });
                return Err(match explained {
                    Some(error) => FetchError::Refused {
                        url: url.to_owned(),
                        status: status.as_u16(),
                        error,
                    },
                    None => FetchError::HttpStatus {
                        url: url.to_owned(),
                        status: status.as_u16(),
                    },
                });
            }
            parsed.map_err(|error| FetchError::NotJson {
                url: url.to_owned(),
                reason: format!("{error} [{}]", error.code()),
            })
        };
        match tokio::time::timeout(self.policy.timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout {
                url: url.to_owned(),
                after: self.policy.timeout,
            }),
        }
    }

    /// Fetch the DID document of a `did:web` DID (a fragment is ignored) and check that it is
    /// the document of that DID. With `allow_http_localhost`, a DID on `localhost` or
    /// `127.0.0.1` is fetched over plain http: a local register has no certificate.
    pub async fn resolve_did_web(&self, did: &str) -> Result<Value, FetchError> {
        let (host, port, segments) = did_web::parse(did)?;
        let local = matches!(host.as_str(), "localhost" | "127.0.0.1");
        let scheme = if self.policy.allow_http_localhost && local {
            "http"
        } else {
            "https"
        };
        let url = did_web::url_for(scheme, &host, port, &segments);
        let document = self.get_json(&url).await?;
        let expected = did.split('#').next().unwrap_or(did);
        let found = document.get("id").and_then(Value::as_str);
        if found != Some(expected) {
            return Err(FetchError::DidMismatch {
                url,
                expected: expected.to_owned(),
                found: found.map(str::to_owned),
            });
        }
        Ok(document)
    }

    /// Check a URL against the policy before any connection: scheme, and the host when it is
    /// an address literal (names are checked by the resolver, at connection time).
    pub fn check_url(&self, url: &str) -> Result<Url, FetchError> {
        let invalid = |reason: &str| FetchError::InvalidUrl {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let parsed = Url::parse(url).map_err(|error| invalid(&error.to_string()))?;
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(invalid("credentials in the URL are not sent"));
        }
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(FetchError::NotHttps {
                url: url.to_owned(),
            });
        }
        let host = parsed.host_str().ok_or_else(|| invalid("no host"))?;
        // The URL parser has already normalised numeric hosts (`0x7f.1` is 127.0.0.1).
        let literal = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .ok();
        let allowed_local = self.policy.allow_http_localhost
            && (host == "localhost"
                || literal == Some(IpAddr::V4(Ipv4Addr::LOCALHOST))
                || literal == Some(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        if let Some(address) = literal
            && !allowed_local
            && let Some(reason) = non_public_reason(address)
        {
            return Err(FetchError::PrivateAddress {
                url: url.to_owned(),
                address,
                reason: reason.to_owned(),
            });
        }
        match parsed.scheme() {
            "https" => Ok(parsed),
            "http" if allowed_local => Ok(parsed),
            _ => Err(FetchError::NotHttps {
                url: url.to_owned(),
            }),
        }
    }

    async fn follow(&self, url: &str) -> Result<Value, FetchError> {
        let mut current = self.check_url(url)?;
        let mut redirects = 0u8;
        loop {
            let response = self
                .client
                .get(current.clone())
                .header(ACCEPT, ACCEPTED_TYPES)
                // Compressed bodies would need a bounded decompressor; asking for none is simpler.
                .header(ACCEPT_ENCODING, "identity")
                .send()
                .await
                .map_err(|error| self.request_error(current.as_str(), &error))?;
            let status = response.status();
            let location = response.headers().get(LOCATION).cloned();
            if status.is_redirection()
                && let Some(location) = location
            {
                if redirects >= self.policy.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        url: url.to_owned(),
                        limit: self.policy.max_redirects,
                    });
                }
                redirects += 1;
                let target = location
                    .to_str()
                    .ok()
                    .and_then(|location| current.join(location).ok())
                    .ok_or_else(|| FetchError::InvalidUrl {
                        url: current.to_string(),
                        reason: "unusable redirect Location".into(),
                    })?;
                current = self.check_url(target.as_str())?;
                continue;
            }
            if !status.is_success() {
                return Err(FetchError::HttpStatus {
                    url: current.to_string(),
                    status: status.as_u16(),
                });
            }
            let body = self.read_capped(current.as_str(), response).await?;
            return vc::json::parse(&body).map_err(|error| FetchError::NotJson {
                url: current.to_string(),
                reason: format!("{error} [{}]", error.code()),
            });
        }
    }

    /// The body, refused as soon as it grows past `max_bytes`.
    async fn read_capped(&self, url: &str, mut response: Response) -> Result<Vec<u8>, FetchError> {
        let limit = self.policy.max_bytes;
        let too_large = || FetchError::TooLarge {
            url: url.to_owned(),
            limit,
        };
        if let Some(encoding) = response.headers().get(CONTENT_ENCODING)
            && !encoding.as_bytes().eq_ignore_ascii_case(b"identity")
        {
            return Err(FetchError::NotJson {
                url: url.to_owned(),
                reason: format!(
                    "Content-Encoding {} was not asked for",
                    String::from_utf8_lossy(encoding.as_bytes())
                ),
            });
        }
        // An announced length over the limit is refused early; a smaller one is not trusted.
        if response
            .content_length()
            .is_some_and(|length| length > limit as u64)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.request_error(url, &error))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn request_error(&self, url: &str, error: &reqwest::Error) -> FetchError {
        let url = url.to_owned();
        let mut source = error.source();
        while let Some(cause) = source {
            if let Some(refusal) = cause.downcast_ref::<ResolveRefusal>() {
                return match refusal {
                    ResolveRefusal::NotPublic {
                        name,
                        address,
                        reason,
                    } => FetchError::PrivateAddress {
                        url,
                        address: *address,
                        reason: format!("{reason} (the address of {name})"),
                    },
                    ResolveRefusal::Lookup { reason, .. } => FetchError::Dns {
                        url,
                        reason: reason.clone(),
                    },
                };
            }
            source = cause.source();
        }
        if error.is_timeout() {
            FetchError::Timeout {
                url,
                after: self.policy.timeout,
            }
        } else {
            FetchError::Connect {
                url,
                reason: error_chain(error),
            }
        }
    }
}

/// An error and its causes on one line (reqwest's own message is often just "error sending
/// request").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let message = cause.to_string();
        if !text.contains(&message) {
            text.push_str(": ");
            text.push_str(&message);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetcher(allow_http_localhost: bool) -> SafeFetcher {
        SafeFetcher::new(FetchPolicy {
            allow_http_localhost,
            ..FetchPolicy::default()
        })
        .unwrap()
    }

    #[test]
    fn http_urls_are_refused_unless_localhost_is_allowed() {
        let strict = fetcher(false);
        for url in [
            "http://example.com/did.json",
            "http://localhost:8080/did.json",
            "ftp://example.com/x",
            "file:///etc/passwd",
        ] {
            assert_eq!(
                strict.check_url(url).unwrap_err().code(),
                "not_https",
                "{url}"
            );
        }
        assert!(strict.check_url("https://example.com/did.json").is_ok());
        let local = fetcher(true);
        for url in [
            "http://localhost:8080/x",
            "http://127.0.0.1:8080/x",
            "http://[::1]:8080/x",
        ] {
            assert!(local.check_url(url).is_ok(), "{url}");
        }
        // The exception is for the loopback host only, not for plain http in general.
        assert_eq!(
            local.check_url("http://example.com/x").unwrap_err().code(),
            "not_https"
        );
        assert_eq!(
            local.check_url("http://127.0.0.2/x").unwrap_err().code(),
            "private_address"
        );
    }

    #[test]
    fn private_address_literals_are_refused() {
        let strict = fetcher(false);
        for url in [
            "https://10.0.0.1/x",
            "https://192.168.1.1/x",
            "https://169.254.169.254/latest/meta-data/",
            "https://[::1]/x",
            "https://127.0.0.1/x",
            "https://[fc00::1]/x",
            "https://100.64.0.1/x",
            "https://[::ffff:10.0.0.1]/x",
            "https://0x7f.1/x",
            "https://0/x",
            "http://10.0.0.1/x",
        ] {
            let error = strict.check_url(url).unwrap_err();
            assert_eq!(error.code(), "private_address", "{url}: {error}");
            assert!(error.to_string().contains(url), "{error}");
        }
        assert!(strict.check_url("https://93.184.215.14/x").is_ok());
    }

    #[test]
    fn credentials_in_urls_are_refused() {
        let error = fetcher(false)
            .check_url("https://user:secret@example.com/x")
            .unwrap_err();
        assert_eq!(error.code(), "invalid_url");
    }
}
