//! The command-line use of the register: each command opens the store, calls one use case as the
//! local operator (whoever can read the database is its platform admin) and prints the result.
//! `serve` and `demo` live here; catalogue and administration commands in their own modules.

mod accounts;
mod admin;
mod catalogue;
mod feedback;
mod identities;
pub mod issuing;
mod keys;
mod offers;
pub mod operations;
mod pathways;
mod presentation_requests;
mod recognitions;
mod statistics;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use app::{AppError, PlatformAdmin};
use model::{OfferingId, ProviderId, Role};
use serde_json::Value;

use crate::StorageArgs;
use crate::edge::open_app;

pub use accounts::{AccountCommand, AuditCommand, accounts, audit};
pub use admin::{FundingSchemeCommand, TokenCommand, funding_schemes, token};
pub use catalogue::{OfferingCommand, ProviderCommand, offerings, providers};
pub use feedback::{FeedbackCommand, feedback};
pub use identities::{IdentityProviderCommand, identity_providers};
pub use issuing::{CredentialCommand, ImportCommand, credentials, import};
pub use keys::{KeyCommand, TrustCommand, keys, trust};
pub use offers::{OfferCommand, offers};
pub use pathways::{PathwayCommand, pathways};
pub use presentation_requests::{PresentationRequestCommand, presentation_requests};
pub use recognitions::{RecognitionCommand, recognitions};
pub use statistics::{StatisticsCommand, statistics};

/// What operators set for `serve` beyond storage and mail.
pub struct Operations {
    pub metrics_token: Option<String>,
    pub rate_limits: bool,
}

pub async fn serve(
    storage: &StorageArgs,
    demo: bool,
    bind: SocketAddr,
    secure_cookies: bool,
    mailer: Option<crate::mail::SmtpMailer>,
    trusted_proxies: Vec<web::client_address::TrustedProxy>,
    operations: Operations,
) -> anyhow::Result<()> {
    let mut storage = storage.clone();
    if storage.public_url.is_none() {
        storage.public_url = Some(format!("http://{bind}"));
    }
    let storage = &storage;
    if demo {
        ensure_demo_master_key(storage)?;
    }
    let app = open_app(storage).await?;
    if demo {
        if app.is_empty().await? {
            let summary = app::demo::seed_demo(&app).await?;
            tracing::info!(?summary, "seeded the demo register");
        }
        let admin = PlatformAdmin::local_operator();
        let (_, secret) = app
            .create_token(
                &admin,
                Role::PlatformAdmin,
                None,
                "demo platform admin (serve --demo)",
            )
            .await?;
        println!("Demo platform-admin token: {secret}");
        println!(
            "  Sign in at http://{bind}/sign-in, or: curl -H 'Authorization: Bearer {secret}' http://{bind}/api/v1/providers"
        );
        // A Flemish provider's admin, the register's typical user, if there is one.
        let providers = app.providers(None).await?;
        let provider = providers
            .iter()
            .find(|provider| provider.content.country == "BE")
            .or(providers.first());
        if let Some(provider) = provider {
            let (_, secret) = app
                .create_token(
                    &admin,
                    Role::ProviderAdmin,
                    Some(provider.id.clone()),
                    "demo provider admin (serve --demo)",
                )
                .await?;
            println!("Demo provider-admin token for {}: {secret}", provider.id);
        }
        if let Some(learner) = app.seed_demo_learner().await? {
            println!(
                "Demo learner: sign in at http://{bind}/sign-in with {} and password {} to see the wallet",
                learner.email, learner.password
            );
            println!(
                "  A share link of the learner's credential: {}",
                learner.share_link
            );
        }
    }
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    println!(
        "microcred is serving http://{} (Ctrl-C stops it)",
        listener.local_addr()?
    );
    let state = Arc::new(
        web::AppState::new(app, secure_cookies)
            .demo(demo)
            .metrics_token(operations.metrics_token)
            .rate_limits(operations.rate_limits),
    );
    // Messages (confirmation, reset and invitation links) go through the SMTP server when one
    // is configured, otherwise to the log (and on a demo register to its outbox page too).
    let app = state.app.clone();
    tokio::spawn(async move {
        loop {
            let delivered = match &mailer {
                Some(mailer) => app.deliver_outbox(mailer).await.map(|_| ()),
                None => app.deliver_outbox_to_log().await.map(|_| ()),
            };
            if let Err(error) = delivered {
                tracing::warn!(%error, "the outbox could not be delivered");
            }
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        }
    });
    // Imports a stopped server left unfinished continue where their last chunk ended — taken
    // over by whichever server holds their lease, now and whenever another server dies.
    state.jobs.keep_taking_over();
    let options = web::ServeOptions {
        trusted_proxies,
        ..web::ServeOptions::default()
    };
    web::serve(listener, state, options, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// The demo register signs its credentials: without a configured master key, one is made
/// in the data directory (never overwriting one).
fn ensure_demo_master_key(storage: &StorageArgs) -> anyhow::Result<()> {
    if storage.master_key_file.is_some() || std::env::var_os("MICROCRED_MASTER_KEY").is_some() {
        return Ok(());
    }
    let path = crate::edge::default_master_key_path(storage);
    if !path.exists() {
        crate::edge::write_new_master_key(&path)?;
        println!(
            "Made a master key for the demo register's signing keys: {}",
            path.display()
        );
    }
    Ok(())
}

pub async fn demo(storage: &StorageArgs) -> anyhow::Result<()> {
    ensure_demo_master_key(storage)?;
    let app = open_app(storage).await?;
    if !app.is_empty().await? {
        bail!("the register is not empty; the demo is only seeded into an empty one");
    }
    let summary = app::demo::seed_demo(&app).await?;
    println!("{summary:?}");
    Ok(())
}

pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

pub(crate) fn read_document(file: &PathBuf) -> anyhow::Result<Value> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    if bytes.len() > model::strict_json::MAX_DOCUMENT_BYTES {
        bail!(
            "{} is larger than {} bytes",
            file.display(),
            model::strict_json::MAX_DOCUMENT_BYTES
        );
    }
    model::strict_json::parse_strict(&bytes)
        .map_err(|error| anyhow::anyhow!("{} is not valid JSON: {error}", file.display()))
}

/// Turns validation errors into one line per element.
pub(crate) fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Validation(errors) => {
            let lines: Vec<String> = errors
                .0
                .iter()
                .map(|error| {
                    format!(
                        "  {} [{}]: {}",
                        error.element,
                        error.code.as_str(),
                        error.message
                    )
                })
                .collect();
            anyhow::anyhow!("the document is invalid:\n{}", lines.join("\n"))
        }
        other => other.into(),
    }
}

pub(crate) fn provider_id(id: &str) -> anyhow::Result<ProviderId> {
    ProviderId::parse(id).map_err(anyhow::Error::msg)
}

pub(crate) fn offering_id(id: &str) -> anyhow::Result<OfferingId> {
    OfferingId::parse(id).map_err(anyhow::Error::msg)
}
