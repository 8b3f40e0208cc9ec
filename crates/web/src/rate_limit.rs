//! Rate limits on the public endpoints that cost the server work (issue 14): verification
//! (which may make the server fetch foreign DID documents and status lists), signing in and
//! asking for tokens, and opening share links. A token bucket per client address (behind a
//! trusted proxy, the client it names) and class: a burst, then a steady rate; over it, `429`
//! with `Retry-After`. Per server: behind a balancer of N servers a client gets at most N times
//! the rate — the limits bound the work one client causes, they are not a quota. Buckets idle
//! long enough to be full again are forgotten, so the map stays as large as the set of active
//! clients. `serve --rate-limits off` turns them off (a load test from one address).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::{PeerAddress, SharedState};

/// What a limited request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Class {
    Verification,
    SignIn,
    ShareLink,
}

impl Class {
    /// The burst and the steady rate (requests a second).
    fn limit(self) -> (f64, f64) {
        match self {
            Class::Verification => (60.0, 20.0),
            Class::SignIn => (10.0, 1.0 / 6.0),
            Class::ShareLink => (30.0, 1.0),
        }
    }

    fn of(method: &Method, route: &str) -> Option<Class> {
        match (method.as_str(), route) {
            (
                "POST",
                "/api/v1/verify"
                | "/verify"
                | "/credentials/verify"
                | "/presentations/verify"
                | "/oid4vp/responses/{id}"
                | "/api/v1/presentation-requests"
                | "/verifier"
                | "/exchanges/{id}",
            )
            | ("GET", "/verify/{id}") => Some(Class::Verification),
            (
                "POST",
                "/sign-in" | "/sign-in/oidc/{id}" | "/sign-up" | "/account/reset"
                | "/oid4vci/token",
            ) => Some(Class::SignIn),
            ("GET", "/s/{token}") => Some(Class::ShareLink),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of one server.
#[derive(Debug)]
pub struct RateLimits {
    enabled: bool,
    buckets: Mutex<HashMap<(IpAddr, Class), Bucket>>,
}

/// Above this many buckets, full ones are swept out.
const SWEEP_ABOVE: usize = 50_000;

impl RateLimits {
    pub fn new(enabled: bool) -> RateLimits {
        RateLimits {
            enabled,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `client` in `class` at `now`: `Err(seconds to wait)` when none is left.
    pub fn take(&self, client: IpAddr, class: Class, now: Instant) -> Result<(), u64> {
        let (burst, rate) = class.limit();
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() > SWEEP_ABOVE {
            buckets.retain(|(_, class), bucket| {
                let (burst, rate) = class.limit();
                bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * rate < burst
            });
        }
        let bucket = buckets.entry((client, class)).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let refilled = bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * rate;
        bucket.tokens = refilled.min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// The middleware: a limited request over its client's limit gets `429` and `Retry-After`.
pub async fn limit(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    if !state.rate_limits.enabled {
        return next.run(request).await;
    }
    let class = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|route| Class::of(request.method(), route.as_str()));
    let client = request.extensions().get::<PeerAddress>().map(|peer| peer.0);
    if let (Some(class), Some(client)) = (class, client) {
        // The edge reads the clock: a rate is requests per wall-clock second.
        #[allow(clippy::disallowed_methods)]
        let now = Instant::now();
        if let Err(wait) = state.rate_limits.take(client, class, now) {
            let mut response = ApiError::new(
                crate::codes::ErrorCode::RateLimited,
                format!("too many requests of this kind from your address; try again in {wait} s"),
            )
            .into_response();
            if let Ok(value) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return response;
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    #[allow(clippy::disallowed_methods)] // any instant will do: the test moves time itself
    fn a_burst_then_the_steady_rate_then_a_wait_per_client_and_class() {
        let limits = RateLimits::new(true);
        let start = Instant::now();
        let client: IpAddr = "203.0.113.5".parse().unwrap();
        for _ in 0..10 {
            assert!(limits.take(client, Class::SignIn, start).is_ok());
        }
        let wait = limits.take(client, Class::SignIn, start).unwrap_err();
        assert_eq!(wait, 6, "one sign-in every 6 s after the burst");
        // Another client, or another class, has its own bucket.
        assert!(
            limits
                .take("203.0.113.6".parse().unwrap(), Class::SignIn, start)
                .is_ok()
        );
        assert!(limits.take(client, Class::ShareLink, start).is_ok());
        // After the wait, one more.
        let later = start + Duration::from_secs(6);
        assert!(limits.take(client, Class::SignIn, later).is_ok());
        assert!(limits.take(client, Class::SignIn, later).is_err());
    }

    #[test]
    fn only_the_costly_public_endpoints_are_limited() {
        assert_eq!(
            Class::of(&Method::POST, "/api/v1/verify"),
            Some(Class::Verification)
        );
        assert_eq!(
            Class::of(&Method::GET, "/verify/{id}"),
            Some(Class::Verification)
        );
        assert_eq!(Class::of(&Method::POST, "/sign-in"), Some(Class::SignIn));
        assert_eq!(
            Class::of(&Method::GET, "/s/{token}"),
            Some(Class::ShareLink)
        );
        assert_eq!(Class::of(&Method::GET, "/api/v1/offerings"), None);
        assert_eq!(Class::of(&Method::GET, "/verify"), None);
    }
}
