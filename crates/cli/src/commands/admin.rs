//! Administration from the command line: API tokens and the register's funding schemes.

use anyhow::Context;
use app::PlatformAdmin;
use clap::Subcommand;
use model::{Role, TokenId, UiLang};

use super::{explain, print_json, provider_id};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create an API token; its secret is printed once.
    Create {
        /// platform_admin, provider_admin, issuer or analyst (the statistics only).
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
                format!(
                    "unknown role `{role}`; use platform_admin, provider_admin, issuer or analyst"
                )
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
