//! The HTTP face of the register: the JSON API (described by an OpenAPI document) and the
//! server-rendered pages. Knows HTTP and HTML; asks `app` for everything else.

pub mod api;
pub mod auth;
pub mod body;
pub mod client_address;
pub mod codes;
pub mod error;
pub mod json;
pub mod metrics;
pub mod openapi;
mod openapi_receiving;
mod openapi_vp;
mod openapi_wallet;
pub mod pages;
pub mod rate_limit;
mod serve;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

pub use app::App;
pub use serve::{PeerAddress, ServeOptions, serve};

/// Largest request body accepted: the register's one limit on a JSON document.
pub const MAX_BODY_BYTES: usize = model::strict_json::MAX_DOCUMENT_BYTES;

/// An endpoint: its path, the methods it answers, and their handlers. The API's and the pages'
/// routers are built from their tables only (`api::endpoints`, `pages::endpoints`), so a table is
/// every endpoint there is: the authorization-matrix tests walk them, and a path answering a
/// method its entry does not list fails a test.
pub struct Endpoint {
    pub path: &'static str,
    pub methods: &'static [&'static str],
    route: axum::routing::MethodRouter<SharedState>,
}

pub(crate) fn endpoint(
    path: &'static str,
    methods: &'static [&'static str],
    route: axum::routing::MethodRouter<SharedState>,
) -> Endpoint {
    Endpoint {
        path,
        methods,
        route,
    }
}

pub(crate) fn table_of(endpoints: Vec<Endpoint>) -> Vec<(&'static str, &'static [&'static str])> {
    endpoints
        .into_iter()
        .map(|endpoint| (endpoint.path, endpoint.methods))
        .collect()
}

pub(crate) fn router_of(endpoints: Vec<Endpoint>) -> Router<SharedState> {
    endpoints
        .into_iter()
        .fold(Router::new(), |router, endpoint| {
            router.route(endpoint.path, endpoint.route)
        })
}

/// What every handler shares.
pub struct AppState {
    pub app: Arc<App>,
    /// The runner of background jobs (imports), sharing `app`.
    pub jobs: app::Jobs,
    /// Whether cookies get the `Secure` flag (behind HTTPS).
    pub secure_cookies: bool,
    /// A demo register (`serve --demo`): its outbox is a page, since no message leaves it.
    pub demo: bool,
    /// What `/metrics` reports of the requests answered.
    pub metrics: metrics::RequestMetrics,
    /// The bearer token `/metrics` asks for (none: anyone may read the metrics).
    pub metrics_token: Option<String>,
    /// Requests per client address on the costly public endpoints.
    pub rate_limits: rate_limit::RateLimits,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    pub fn new(app: App, secure_cookies: bool) -> AppState {
        let app = Arc::new(app);
        AppState {
            jobs: app::Jobs::new(app.clone()),
            app,
            secure_cookies,
            demo: false,
            metrics: metrics::RequestMetrics::default(),
            metrics_token: None,
            rate_limits: rate_limit::RateLimits::new(true),
        }
    }

    /// Turns the rate limits on or off (`serve --rate-limits off` for a load test).
    pub fn rate_limits(mut self, enabled: bool) -> AppState {
        self.rate_limits = rate_limit::RateLimits::new(enabled);
        self
    }

    /// Asks `/metrics` for this bearer token.
    pub fn metrics_token(mut self, token: Option<String>) -> AppState {
        self.metrics_token = token.filter(|token| !token.is_empty());
        self
    }

    /// Marks the register as a demo (its outbox becomes a page).
    pub fn demo(mut self, demo: bool) -> AppState {
        self.demo = demo;
        self
    }

    /// Whether browsers reach the register over https: its public URL says so, or cookies are
    /// marked Secure (which only makes sense behind https).
    pub fn served_over_https(&self) -> bool {
        self.secure_cookies
            || self
                .app
                .issuing()
                .register_url
                .get(..8)
                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
    }
}

/// The whole site: API, pages and static assets.
pub fn router(state: SharedState) -> Router {
    // Over https, browsers are told to use nothing but https for this host for a year, and for
    // its subdomains, so a plain-http subdomain cannot plant cookies on the register's pages.
    // Browsers ignore the header over plain http, where it would only mislead.
    let strict_transport = state
        .served_over_https()
        .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    Router::new()
        .merge(api::router())
        .merge(pages::router(&state))
        .layer(axum::middleware::from_fn_with_state(state.clone(), rate_limit::limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"),
        ))
        .layer(SetResponseHeaderLayer::overriding(header::STRICT_TRANSPORT_SECURITY, strict_transport))
        .with_state(state)
}
