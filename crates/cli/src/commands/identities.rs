//! OpenID Connect identity providers from the command line (the operator acts as a platform
//! admin): add one (its discovery document is read first), list them, disable or enable one.

use std::path::PathBuf;

use anyhow::Context;
use app::Principal;
use app::oidc::NewIdentityProvider;
use clap::Subcommand;

use super::{explain, print_json};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum IdentityProviderCommand {
    /// Add an identity provider; prints it (JSON) with the redirect URI to register with it.
    Add {
        /// The name on the sign-in button ("Sign in with …").
        #[arg(long)]
        name: String,
        /// The issuer URL; its configuration is read from
        /// `{issuer}/.well-known/openid-configuration`.
        #[arg(long)]
        issuer: String,
        #[arg(long)]
        client_id: String,
        /// A file holding the client secret (kept off the command line and out of the shell's
        /// history). `MICROCRED_OIDC_CLIENT_SECRET` may hold the secret itself.
        #[arg(long)]
        client_secret_file: Option<PathBuf>,
        /// Scopes besides `openid`.
        #[arg(long, default_value = "email profile")]
        scopes: String,
        /// Let a first sign-in make a learner account for an address the provider verified.
        #[arg(long)]
        creates_accounts: bool,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// List the identity providers (JSON; never the secret).
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Disable one: no sign-in with it; logins under way end.
    Disable {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Enable one again.
    Enable {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

fn client_secret(file: Option<&PathBuf>) -> anyhow::Result<String> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read the client secret from {}", file.display()))?;
        return Ok(text.trim().to_owned());
    }
    std::env::var("MICROCRED_OIDC_CLIENT_SECRET").map_err(|_| {
        anyhow::anyhow!(
            "give the client secret with --client-secret-file FILE or MICROCRED_OIDC_CLIENT_SECRET"
        )
    })
}

pub async fn identity_providers(command: IdentityProviderCommand) -> anyhow::Result<()> {
    let operator = Principal::local_operator();
    match command {
        IdentityProviderCommand::Add {
            name,
            issuer,
            client_id,
            client_secret_file,
            scopes,
            creates_accounts,
            storage,
        } => {
            let client_secret = client_secret(client_secret_file.as_ref())?;
            let app = open_app(&storage).await?;
            let added = app
                .add_identity_provider(
                    &operator,
                    &NewIdentityProvider {
                        name,
                        issuer,
                        client_id,
                        client_secret,
                        scopes,
                        creates_accounts,
                    },
                )
                .await
                .map_err(explain)?;
            eprintln!(
                "Added {} ({}). Register this redirect URI with the provider: {}",
                added.name, added.id, added.redirect_uri
            );
            print_json(&added)?;
        }
        IdentityProviderCommand::List { storage } => {
            let app = open_app(&storage).await?;
            print_json(&app.identity_providers(&operator).await.map_err(explain)?)?;
        }
        IdentityProviderCommand::Disable { id, storage } => {
            let app = open_app(&storage).await?;
            let provider = app
                .set_identity_provider_enabled(&operator, &id, false)
                .await
                .map_err(explain)?;
            println!("disabled {}", provider.id);
        }
        IdentityProviderCommand::Enable { id, storage } => {
            let app = open_app(&storage).await?;
            let provider = app
                .set_identity_provider_enabled(&operator, &id, true)
                .await
                .map_err(explain)?;
            println!("enabled {}", provider.id);
        }
    }
    Ok(())
}
