//! The command-line use of the register: each command opens the store, calls one use case as the
//! local operator (whoever can read the database is its platform admin) and prints the result.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use app::{AppError, PlatformAdmin, Store};
use clap::Subcommand;
use model::{OfferingId, ProviderId, PublicationStatus, Role, TokenId, UiLang, Vocabulary};
use serde_json::Value;

use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create an API token; its secret is printed once.
    Create {
        /// platform_admin, provider_admin or issuer.
        #[arg(long)]
        role: String,
        /// The provider a provider_admin or issuer token belongs to.
        #[arg(long)]
        provider: Option<String>,
        #[arg(long, default_value = "")]
        label: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// List tokens (never their secrets).
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Revoke a token by id.
    Revoke {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand)]
pub enum ProviderCommand {
    /// List providers (all states).
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Show a provider as JSON.
    Show {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Register a provider from a JSON file (with its `slug`); created as a draft.
    Create {
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Replace a provider's document from a JSON file.
    Update {
        id: String,
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    Publish {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    Withdraw {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand)]
pub enum OfferingCommand {
    /// Search the public catalogue: free text plus `--filter name=value` (the API's parameters).
    Search {
        /// Free text.
        text: Option<String>,
        /// A filter, e.g. `eqf=5`, `mode=online`, `language=nl`, `page=2` (repeatable).
        #[arg(long = "filter", value_name = "NAME=VALUE")]
        filters: Vec<String>,
        /// Print the API's JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Show an offering (current version) as JSON.
    Show {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Every version of an offering as JSON.
    Versions {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Create an offering (draft) for a provider from a JSON file.
    Create {
        #[arg(long)]
        provider: String,
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Edit an offering from a JSON file (a published one gets a new version).
    Update {
        id: String,
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    Publish {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    Withdraw {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand)]
pub enum FundingSchemeCommand {
    /// List the configured schemes.
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Add a scheme or rename it: `set CODE --name nl="Opleidingsverlof" --name en="Training leave"`.
    Set {
        code: String,
        /// A name as LANG=TEXT (repeatable).
        #[arg(long = "name", value_name = "LANG=TEXT", required = true)]
        names: Vec<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn funding_schemes(command: FundingSchemeCommand) -> anyhow::Result<()> {
    match command {
        FundingSchemeCommand::List { storage } => {
            for scheme in open_app(&storage).await?.funding_schemes().await? {
                println!("{:<32} {}", scheme.code, scheme.name.best(UiLang::En));
            }
        }
        FundingSchemeCommand::Set {
            code,
            names,
            storage,
        } => {
            let mut name = model::LangText::default();
            for entry in names {
                let (lang, text) = entry
                    .split_once('=')
                    .with_context(|| format!("`{entry}` is not LANG=TEXT"))?;
                name = name.with(lang, text);
            }
            let app = open_app(&storage).await?;
            app.save_funding_scheme(
                &PlatformAdmin::local_operator(),
                model::FundingScheme {
                    code: code.clone(),
                    name,
                },
            )
            .await
            .map_err(explain)?;
            println!("saved {code}");
        }
    }
    Ok(())
}

pub async fn serve(
    storage: &StorageArgs,
    demo: bool,
    bind: SocketAddr,
    secure_cookies: bool,
) -> anyhow::Result<()> {
    let app = open_app(storage).await?;
    if demo {
        if app.store.is_empty().await? {
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
    }
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    println!(
        "microcred is serving http://{} (Ctrl-C stops it)",
        listener.local_addr()?
    );
    let state = Arc::new(web::AppState {
        app,
        secure_cookies,
    });
    web::serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

pub async fn demo(storage: &StorageArgs) -> anyhow::Result<()> {
    let app = open_app(storage).await?;
    if !app.store.is_empty().await? {
        bail!("the register is not empty; the demo is only seeded into an empty one");
    }
    let summary = app::demo::seed_demo(&app).await?;
    println!("{summary:?}");
    Ok(())
}

fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn read_document(file: &PathBuf) -> anyhow::Result<Value> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    if bytes.len() > web::MAX_BODY_BYTES {
        bail!(
            "{} is larger than {} bytes",
            file.display(),
            web::MAX_BODY_BYTES
        );
    }
    web::json::parse_strict(&bytes)
        .map_err(|error| anyhow::anyhow!("{}: {}", file.display(), error.message))
}

/// Turns validation errors into one line per element.
fn explain(error: AppError) -> anyhow::Error {
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

fn provider_id(id: &str) -> anyhow::Result<ProviderId> {
    ProviderId::parse(id).map_err(anyhow::Error::msg)
}

fn offering_id(id: &str) -> anyhow::Result<OfferingId> {
    OfferingId::parse(id).map_err(anyhow::Error::msg)
}

pub async fn token(command: TokenCommand) -> anyhow::Result<()> {
    let admin = PlatformAdmin::local_operator();
    match command {
        TokenCommand::Create {
            role,
            provider,
            label,
            storage,
        } => {
            let app = open_app(&storage).await?;
            let role = Role::from_code(&role).with_context(|| {
                format!("unknown role `{role}`; use platform_admin, provider_admin or issuer")
            })?;
            let provider = provider.as_deref().map(provider_id).transpose()?;
            let (token, secret) = app
                .create_token(&admin, role, provider, &label)
                .await
                .map_err(explain)?;
            eprintln!(
                "Created token {} ({}). Its secret is shown once:",
                token.id,
                token.role.code()
            );
            println!("{secret}");
        }
        TokenCommand::List { storage } => {
            print_json(&open_app(&storage).await?.tokens(&admin).await?)?
        }
        TokenCommand::Revoke { id, storage } => {
            let id = TokenId::parse(&id).map_err(anyhow::Error::msg)?;
            open_app(&storage).await?.revoke_token(&admin, &id).await?;
            println!("revoked {id}");
        }
    }
    Ok(())
}

pub async fn providers(command: ProviderCommand) -> anyhow::Result<()> {
    let admin = PlatformAdmin::local_operator();
    match command {
        ProviderCommand::List { storage } => {
            let app = open_app(&storage).await?;
            for provider in app.store.list_providers(false).await? {
                println!(
                    "{:<32} {:<10} {} {}",
                    provider.id,
                    provider.status.code(),
                    provider.content.country,
                    provider.content.legal_name.best(UiLang::En)
                );
            }
        }
        ProviderCommand::Show { id, storage } => print_json(
            &open_app(&storage)
                .await?
                .provider(&provider_id(&id)?, None)
                .await
                .map_err(|_| anyhow::anyhow!("provider `{id}` not found"))?,
        )?,
        ProviderCommand::Create { file, storage } => print_json(
            &open_app(&storage)
                .await?
                .create_provider(&admin, &read_document(&file)?)
                .await
                .map_err(explain)?,
        )?,
        ProviderCommand::Update { id, file, storage } => print_json(
            &open_app(&storage)
                .await?
                .update_provider(
                    &admin.as_provider_admin(&provider_id(&id)?),
                    &read_document(&file)?,
                )
                .await
                .map_err(explain)?,
        )?,
        ProviderCommand::Publish { id, storage } => print_json(
            &open_app(&storage)
                .await?
                .set_provider_status(&admin, &provider_id(&id)?, PublicationStatus::Published)
                .await?,
        )?,
        ProviderCommand::Withdraw { id, storage } => print_json(
            &open_app(&storage)
                .await?
                .set_provider_status(&admin, &provider_id(&id)?, PublicationStatus::Withdrawn)
                .await?,
        )?,
    }
    Ok(())
}

pub async fn offerings(command: OfferingCommand) -> anyhow::Result<()> {
    let admin = PlatformAdmin::local_operator();
    match command {
        OfferingCommand::Search {
            text,
            filters,
            json,
            storage,
        } => {
            let mut pairs: Vec<(String, String)> = text
                .into_iter()
                .map(|text| ("q".to_owned(), text))
                .collect();
            for filter in filters {
                let (name, value) = filter
                    .split_once('=')
                    .with_context(|| format!("`{filter}` is not NAME=VALUE"))?;
                pairs.push((name.to_owned(), value.to_owned()));
            }
            let search = web::params::parse_search(&pairs, &[])
                .map_err(|error| anyhow::anyhow!("{}", error.message))?;
            let app = open_app(&storage).await?;
            let page = app.search(search.query).await?;
            if json {
                print_json(
                    &serde_json::json!({"total": page.total, "page": search.page, "per_page": search.per_page, "items": page.items}),
                )?;
            } else {
                println!("{} offerings (page {})", page.total, search.page);
                for offering in page.items {
                    let level = offering
                        .content
                        .level
                        .eqf
                        .number()
                        .map_or("-".to_owned(), |level| format!("EQF {level}"));
                    let ects = offering
                        .content
                        .workload
                        .ects
                        .map_or("-".to_owned(), |ects| format!("{ects} ECTS"));
                    println!(
                        "{:<16} {:<7} {:<9} {:<28} {}",
                        offering.id,
                        level,
                        ects,
                        offering.provider_id,
                        offering.content.title.best(UiLang::En)
                    );
                }
            }
        }
        OfferingCommand::Show { id, storage } => print_json(
            &open_app(&storage)
                .await?
                .offering(&offering_id(&id)?, Some(&local_principal()))
                .await?,
        )?,
        OfferingCommand::Versions { id, storage } => print_json(
            &open_app(&storage)
                .await?
                .offering_versions(&offering_id(&id)?, Some(&local_principal()))
                .await?,
        )?,
        OfferingCommand::Create {
            provider,
            file,
            storage,
        } => {
            let app = open_app(&storage).await?;
            print_json(
                &app.create_offering(
                    &admin.as_provider_admin(&provider_id(&provider)?),
                    &read_document(&file)?,
                )
                .await
                .map_err(explain)?,
            )?
        }
        OfferingCommand::Update { id, file, storage } => {
            let app = open_app(&storage).await?;
            let id = offering_id(&id)?;
            let owner = app
                .store_offering_owner(&id)
                .await
                .with_context(|| format!("offering `{id}` not found"))?;
            print_json(
                &app.update_offering(
                    &admin.as_provider_admin(&owner),
                    &id,
                    &read_document(&file)?,
                )
                .await
                .map_err(explain)?,
            )?
        }
        OfferingCommand::Publish { id, storage } => {
            let app = open_app(&storage).await?;
            let id = offering_id(&id)?;
            let owner = app
                .store_offering_owner(&id)
                .await
                .with_context(|| format!("offering `{id}` not found"))?;
            print_json(
                &app.publish_offering(&admin.as_provider_admin(&owner), &id)
                    .await?,
            )?
        }
        OfferingCommand::Withdraw { id, storage } => {
            let app = open_app(&storage).await?;
            let id = offering_id(&id)?;
            let owner = app
                .store_offering_owner(&id)
                .await
                .with_context(|| format!("offering `{id}` not found"))?;
            print_json(
                &app.withdraw_offering(&admin.as_provider_admin(&owner), &id)
                    .await?,
            )?
        }
    }
    Ok(())
}

/// The local operator as a principal, to read drafts from the command line.
fn local_principal() -> app::Principal {
    app::Principal::local_operator()
}
