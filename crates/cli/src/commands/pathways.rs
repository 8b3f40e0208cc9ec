//! Stacking pathways from the command line (the operator acts as the owner's admin): list,
//! show, create from a JSON file of rules (every problem named at its requirement), withdraw;
//! the learners who asked for a pathway's stacked credential, and awarding it.

use std::path::PathBuf;

use anyhow::Context;
use app::PlatformAdmin;
use clap::Subcommand;
use model::pathway::PathwayRules;

use super::{explain, print_json, provider_id};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum PathwayCommand {
    /// The live pathways (JSON), every one or a provider's.
    List {
        #[arg(long)]
        provider: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// One pathway (JSON).
    Show {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Define a pathway of a provider from a JSON file of rules.
    Create {
        #[arg(long)]
        provider: String,
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Withdraw a pathway.
    Withdraw {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The learners who asked for a pathway's stacked credential (JSON), with whether their
    /// credentials complete it today.
    Requests {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Award a pathway's stacked credential to a learner who asked for it (prints the signed
    /// credential's record as JSON).
    Award {
        id: String,
        /// The learner's account id (from `pathways requests`).
        #[arg(long)]
        account: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn pathways(command: PathwayCommand) -> anyhow::Result<()> {
    let operator = PlatformAdmin::local_operator();
    match command {
        PathwayCommand::List { provider, storage } => {
            let provider = provider.as_deref().map(provider_id).transpose()?;
            let app = open_app(&storage).await?;
            print_json(&app.pathways(provider.as_ref()).await.map_err(explain)?)
        }
        PathwayCommand::Show { id, storage } => {
            let app = open_app(&storage).await?;
            print_json(&app.pathway(&id).await.map_err(explain)?)
        }
        PathwayCommand::Create {
            provider,
            file,
            storage,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let value = model::strict_json::parse_strict(&bytes)
                .map_err(|error| anyhow::anyhow!("{}: {error}", file.display()))?;
            let rules: PathwayRules = serde_json::from_value(value)
                .map_err(|error| anyhow::anyhow!("{}: the rules: {error}", file.display()))?;
            let app = open_app(&storage).await?;
            let admin = operator.as_provider_admin(&provider_id(&provider)?);
            print_json(&app.create_pathway(&admin, rules).await.map_err(explain)?)
        }
        PathwayCommand::Withdraw { id, storage } => {
            let app = open_app(&storage).await?;
            let owner = app.pathway(&id).await.map_err(explain)?.provider_id;
            let admin = operator.as_provider_admin(&provider_id(&owner)?);
            app.change_pathway(&admin, &id, None)
                .await
                .map_err(explain)?;
            println!("withdrew {id}");
            Ok(())
        }
        PathwayCommand::Requests { id, storage } => {
            let app = open_app(&storage).await?;
            let owner = app.pathway(&id).await.map_err(explain)?.provider_id;
            let right = app::IssuerRight::from(&operator.as_provider_admin(&provider_id(&owner)?));
            print_json(&app.award_requests(&right, &id).await.map_err(explain)?)
        }
        PathwayCommand::Award {
            id,
            account,
            storage,
        } => {
            let account =
                model::AccountId::parse(&account).map_err(|error| anyhow::anyhow!(error))?;
            let app = open_app(&storage).await?;
            let owner = app.pathway(&id).await.map_err(explain)?.provider_id;
            let right = app::IssuerRight::from(&operator.as_provider_admin(&provider_id(&owner)?));
            print_json(
                &app.award_pathway(&right, &id, &account)
                    .await
                    .map_err(explain)?,
            )
        }
    }
}
