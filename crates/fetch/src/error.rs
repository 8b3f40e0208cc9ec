//! Why a fetch was refused or failed: each error names the URL (or DID) and the reason, and has
//! a stable snake_case code for reports and scripts.

use std::net::IpAddr;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: not a valid URL ({reason})")]
    InvalidUrl { url: String, reason: String },
    #[error("{url}: only https URLs are fetched (http only for localhost when allowed)")]
    NotHttps { url: String },
    #[error("{url}: refused to connect to {address}, which is {reason}")]
    PrivateAddress {
        url: String,
        address: IpAddr,
        reason: String,
    },
    #[error("{url}: cannot resolve the host name ({reason})")]
    Dns { url: String, reason: String },
    #[error("{url}: cannot connect ({reason})")]
    Connect { url: String, reason: String },
    #[error("{url}: no complete answer within {} s", after.as_secs_f64())]
    Timeout { url: String, after: Duration },
    #[error("{url}: the response exceeds {limit} bytes")]
    TooLarge { url: String, limit: usize },
    #[error("{url}: the server answered HTTP {status}")]
    HttpStatus { url: String, status: u16 },
    /// An error the server explained (an OAuth `error` and `error_description`).
    #[error("{url}: the server answered HTTP {status}: {error}")]
    Refused {
        url: String,
        status: u16,
        error: String,
    },
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects { url: String, limit: u8 },
    #[error("{url}: the response is not acceptable JSON ({reason})")]
    NotJson { url: String, reason: String },
    #[error("{did}: not a usable did:web DID ({reason})")]
    InvalidDid { did: String, reason: String },
    #[error("{url}: the DID document's id is {found:?}, not {expected}")]
    DidMismatch {
        url: String,
        expected: String,
        found: Option<String>,
    },
    #[error("the HTTP client cannot be built: {reason}")]
    Client { reason: String },
}

impl FetchError {
    /// Stable identifier of the kind of failure.
    pub fn code(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl { .. } => "invalid_url",
            FetchError::NotHttps { .. } => "not_https",
            FetchError::PrivateAddress { .. } => "private_address",
            FetchError::Dns { .. } => "dns",
            FetchError::Connect { .. } => "connect",
            FetchError::Timeout { .. } => "timeout",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::HttpStatus { .. } => "http_status",
            FetchError::Refused { .. } => "refused",
            FetchError::TooManyRedirects { .. } => "too_many_redirects",
            FetchError::NotJson { .. } => "not_json",
            FetchError::InvalidDid { .. } => "invalid_did",
            FetchError::DidMismatch { .. } => "did_mismatch",
            FetchError::Client { .. } => "client",
        }
    }
}
