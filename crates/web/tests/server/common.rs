//! A test server: a fresh SQLite register in a temporary directory, one published provider with
//! its admin, a second provider with its own admin, and a platform admin.

use std::sync::Arc;

use app::{App, FixedClock, PlatformAdmin, SqlStore, StoreOptions};
use model::{ProviderId, PublicationStatus, Role};
use serde_json::Value;
use time::macros::datetime;

pub struct TestServer {
    pub base: String,
    pub state: Arc<web::AppState>,
    pub platform_token: String,
    pub own_token: String,
    pub other_token: String,
    pub issuer_token: String,
    /// An issuer of the other provider.
    pub other_issuer_token: String,
    /// An analyst: the statistics, nothing personal.
    pub analyst_token: String,
    pub client: reqwest::Client,
    /// The register's clock (fixed at 2026-03-01 10:00 UTC until a test sets it).
    pub clock: Arc<FixedClock>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    served: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    directory: std::path::PathBuf,
}

/// How a test server differs from the default one.
#[derive(Default)]
pub struct TestOptions {
    pub serve: web::ServeOptions,
    /// The register's public URL; by default the server's own `http://127.0.0.1:{port}`.
    pub public_url: Option<String>,
    pub secure_cookies: bool,
    /// Start from the demo register (`microcred demo`), whose providers include `OWN` and
    /// `OTHER`, instead of an empty one.
    pub demo: bool,
    /// The bearer token `/metrics` asks for.
    pub metrics_token: Option<String>,
    /// Rate limits on (off by default: the tests call the costly endpoints often, from one
    /// address).
    pub rate_limits: bool,
}

pub const OWN: &str = "hogeschool-scheldeland";
pub const OTHER: &str = "opleidingshuis-brabo";
/// The password of the learners `TestServer::learner` makes.
pub const LEARNER_PASSWORD: &str = "correct horse battery staple";

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::start_with(TestOptions::default()).await
    }

    /// A test server configured otherwise than by default.
    pub async fn start_with(options: TestOptions) -> TestServer {
        let directory =
            std::env::temp_dir().join(format!("microcred_web_{:016x}", rand::random::<u64>()));
        std::fs::create_dir_all(&directory).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let store = SqlStore::open(
            &format!("sqlite://{}", directory.join("test.db").display()),
            StoreOptions::default(),
        )
        .await
        .unwrap();
        let clock = Arc::new(FixedClock::new(datetime!(2026-03-01 10:00 UTC)));
        let app = App::new(store, clock.clone(), [1u8; 32])
            .with_issuing(app::IssuingConfig {
                register_url: options.public_url.clone().unwrap_or_else(|| base.clone()),
                master_key: Some(vc::keystore::MasterKey::from_bytes([2u8; 32])),
            })
            // The tests' identity provider runs on this machine, over plain http.
            .with_identity_fetch_policy(app::oidc::FetchPolicy {
                allow_http_localhost: true,
                ..app::oidc::FetchPolicy::default()
            });
        app.ensure_default_funding_schemes().await.unwrap();
        let admin = PlatformAdmin::local_operator();
        // The demo register has both providers already, published.
        let to_create: &[&str] = if options.demo {
            app::demo::seed_demo(&app).await.unwrap();
            &[]
        } else {
            &[OWN, OTHER]
        };
        for &slug in to_create {
            let mut document = model::sample::provider_json();
            document["slug"] = slug.into();
            app.create_provider(&admin, &document).await.unwrap();
            app.set_provider_status(
                &admin,
                &ProviderId::parse(slug).unwrap(),
                PublicationStatus::Published,
            )
            .await
            .unwrap();
        }
        let (_, platform_token) = app
            .create_token(&admin, Role::PlatformAdmin, None, "test")
            .await
            .unwrap();
        let (_, own_token) = app
            .create_token(
                &admin,
                Role::ProviderAdmin,
                Some(ProviderId::parse(OWN).unwrap()),
                "test",
            )
            .await
            .unwrap();
        let (_, other_token) = app
            .create_token(
                &admin,
                Role::ProviderAdmin,
                Some(ProviderId::parse(OTHER).unwrap()),
                "test",
            )
            .await
            .unwrap();
        let (_, issuer_token) = app
            .create_token(
                &admin,
                Role::Issuer,
                Some(ProviderId::parse(OWN).unwrap()),
                "test",
            )
            .await
            .unwrap();
        let (_, other_issuer_token) = app
            .create_token(
                &admin,
                Role::Issuer,
                Some(ProviderId::parse(OTHER).unwrap()),
                "test",
            )
            .await
            .unwrap();
        let (_, analyst_token) = app
            .create_token(&admin, Role::Analyst, None, "test")
            .await
            .unwrap();
        let state = Arc::new(
            web::AppState::new(app, options.secure_cookies)
                .demo(options.demo)
                .metrics_token(options.metrics_token.clone())
                .rate_limits(options.rate_limits),
        );
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let served = tokio::spawn(web::serve(listener, state.clone(), options.serve, async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestServer {
            base,
            state,
            platform_token,
            own_token,
            other_token,
            issuer_token,
            other_issuer_token,
            analyst_token,
            client,
            clock,
            shutdown: Some(shutdown),
            served: Some(served),
            directory,
        }
    }

    /// Completes the server's shutdown future, as Ctrl-C does for `microcred serve`.
    pub fn begin_shutdown(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }

    /// Waits until `web::serve` has returned (after `begin_shutdown`).
    pub async fn served(&mut self) -> std::io::Result<()> {
        match self.served.take() {
            Some(served) => served.await.unwrap(),
            None => Ok(()),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Sends `body` as JSON with `token` (if any) and returns status and JSON answer.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// The secret of the newest link mailed to `address` under `/account/{path}/`.
    pub async fn mailed(&self, address: &str, path: &str) -> String {
        let marker = format!("/account/{path}/");
        let messages = self.state.app.outbox_messages(200).await.unwrap();
        let message = messages
            .iter()
            .find(|message| message.recipient.as_str() == address && message.body.contains(&marker))
            .unwrap_or_else(|| panic!("no {path} message to {address}"));
        let start = message.body.find(&marker).unwrap() + marker.len();
        message.body[start..start + 64].to_owned()
    }

    /// A learner who signed up with `email` and confirmed it from the mailed link; returns a
    /// session secret (a bearer token for `/api/v1/me/…`, or the value of the session cookie).
    pub async fn learner(&self, name: &str, email: &str) -> String {
        let app = &self.state.app;
        app.sign_up(&app::accounts::SignUp {
            name: name.to_owned(),
            email: email.to_owned(),
            password: LEARNER_PASSWORD.to_owned(),
        })
        .await
        .unwrap();
        let secret = self.mailed(email, "confirm").await;
        app.confirm_email(&secret).await.unwrap();
        let (_, session, _) = app
            .sign_in_with_password(email, LEARNER_PASSWORD, "192.0.2.1")
            .await
            .unwrap();
        session
    }

    /// Creates and publishes an offering of `provider` through the API; returns its id.
    pub async fn published_offering(
        &self,
        token: &str,
        provider: &str,
        edit: impl FnOnce(&mut Value),
    ) -> String {
        let mut document = model::sample::offering_json(provider);
        edit(&mut document);
        let (status, created) = self
            .send(
                reqwest::Method::POST,
                "/api/v1/offerings",
                Some(token),
                Some(&document),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_str().unwrap().to_owned();
        let (status, _) = self
            .send(
                reqwest::Method::POST,
                &format!("/api/v1/offerings/{id}/publish"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, 200);
        id
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        let _ = std::fs::remove_dir_all(&self.directory);
    }
}
