//! The register's keys and trust from the command line: the master key (a new one, re-sealing
//! every signing key under it), providers' signing keys (list, rotate) and the trust lists of
//! issuers from elsewhere (list, import).

use std::path::PathBuf;

use anyhow::Context;
use app::PlatformAdmin;
use clap::Subcommand;

use super::{explain, print_json, provider_id};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Write a new master key (64 hex digits) to a file that does not exist yet.
    NewMasterKey {
        /// Default: `master.key` in the data directory.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Re-seal every provider's signing keys under a new master key (made with `new-master-key`);
    /// afterwards configure the new key file (`--master-key-file` / MICROCRED_MASTER_KEY_FILE).
    ResealUnder {
        /// The new master key file.
        new_key_file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// List a provider's signing keys and its did:web.
    List {
        #[arg(long)]
        provider: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Make a new signing key for a provider and retire the current one.
    Rotate {
        #[arg(long)]
        provider: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn keys(command: KeyCommand) -> anyhow::Result<()> {
    match command {
        KeyCommand::NewMasterKey { out, storage } => {
            let path = out.unwrap_or_else(|| crate::edge::default_master_key_path(&storage));
            crate::edge::write_new_master_key(&path)?;
            eprintln!(
                "Wrote a new master key to {}. Keep a copy apart from the database backups: without it the signing keys cannot be opened.",
                path.display()
            );
            Ok(())
        }
        KeyCommand::ResealUnder {
            new_key_file,
            storage,
        } => {
            let app = open_app(&storage).await?;
            let text = std::fs::read_to_string(&new_key_file)
                .with_context(|| format!("cannot read {}", new_key_file.display()))?;
            let new = vc::keystore::MasterKey::from_hex(&text)
                .map_err(|error| anyhow::anyhow!("{}: {error}", new_key_file.display()))?;
            let count = app
                .reseal_signing_keys(&PlatformAdmin::local_operator(), &new)
                .await
                .map_err(explain)?;
            println!(
                "Re-sealed {count} keys and secrets (signing keys, learners' did:keys, identity providers' client secrets) under {}. From now on start microcred with --master-key-file {} (the old master key no longer opens them).",
                new_key_file.display(),
                new_key_file.display()
            );
            Ok(())
        }
        KeyCommand::List { provider, storage } => {
            let app = open_app(&storage).await?;
            let provider = provider_id(&provider)?;
            println!("{}", app.provider_did(&provider));
            for key in app.provider_keys(&provider).await.map_err(explain)? {
                println!(
                    "  {}  {}  created {}{}",
                    key.verification_method,
                    key.public_key_multibase,
                    key.created_at.date(),
                    key.retired_at
                        .map(|at| format!(", retired {}", at.date()))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
        KeyCommand::Rotate { provider, storage } => {
            let app = open_app(&storage).await?;
            let admin = PlatformAdmin::local_operator().as_provider_admin(&provider_id(&provider)?);
            let key = app.rotate_provider_key(&admin).await.map_err(explain)?;
            println!("New signing key {}", key.verification_method);
            Ok(())
        }
    }
}

#[derive(Subcommand)]
pub enum TrustCommand {
    /// Every issuer this register trusts, with where the trust comes from.
    List {
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Import or replace a trust list (`{"issuers": [{"id", "name"}]}`, e.g. another register's
    /// /api/v1/trusted-issuers) under a name.
    Import {
        file: PathBuf,
        #[arg(long)]
        source: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn trust(command: TrustCommand) -> anyhow::Result<()> {
    match command {
        TrustCommand::List { json, storage } => {
            let app = open_app(&storage).await?;
            let issuers = app.trust_list().await.map_err(explain)?;
            if json {
                return print_json(&serde_json::json!({"issuers": issuers}));
            }
            for issuer in issuers {
                println!("{:<12} {}  {}", issuer.source, issuer.id, issuer.name);
            }
            Ok(())
        }
        TrustCommand::Import {
            file,
            source,
            storage,
        } => {
            let app = open_app(&storage).await?;
            let document = super::read_document(&file)?;
            let count = app
                .import_trust_list(&PlatformAdmin::local_operator(), &source, &document)
                .await
                .map_err(explain)?;
            println!("Trust list `{source}` now holds {count} issuers");
            Ok(())
        }
    }
}
