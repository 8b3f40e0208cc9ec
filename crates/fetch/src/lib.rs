//! Fetching what a verifier needs from the network — did:web DID documents and status-list
//! credentials — without becoming a tool for server-side request forgery: https only (plain
//! http only to an explicitly allowed localhost), no private or otherwise non-public address,
//! DNS answers pinned for the connection, every redirect hop re-checked, bodies and time
//! bounded, and only strict JSON (`vc::json::parse`) accepted.

mod address;
mod did_web;
mod error;
mod fetcher;
mod resolver;

use std::time::Duration;

pub use address::{is_loopback, is_public, non_public_reason};
pub use did_web::did_web_url;
pub use error::FetchError;
pub use fetcher::SafeFetcher;

/// Limits and exceptions of a [`SafeFetcher`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPolicy {
    /// Allow `http://localhost`, `http://127.0.0.1` and `http://[::1]` (and those hosts over
    /// https): for tests and a register running on the same machine. Off by default.
    pub allow_http_localhost: bool,
    /// Largest body accepted, counted while streaming (a Content-Length is not trusted).
    pub max_bytes: usize,
    /// Total time for one fetch, all redirect hops and the whole body included.
    pub timeout: Duration,
    /// Redirects followed; each hop is checked like the first URL.
    pub max_redirects: u8,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            allow_http_localhost: false,
            max_bytes: 2 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_redirects: 3,
        }
    }
}
