//! The provider register and the catalogue from the command line.

use std::path::PathBuf;

use anyhow::Context;
use app::PlatformAdmin;
use clap::Subcommand;
use model::{PublicationStatus, UiLang, Vocabulary};

use super::{explain, offering_id, print_json, provider_id, read_document};
use crate::StorageArgs;
use crate::edge::open_app;

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

pub async fn providers(command: ProviderCommand) -> anyhow::Result<()> {
    let admin = PlatformAdmin::local_operator();
    match command {
        ProviderCommand::List { storage } => {
            let app = open_app(&storage).await?;
            for provider in app.providers(Some(&local_principal())).await? {
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
            let search = app::search_params::parse_search(&pairs, &[])
                .map_err(|error| anyhow::anyhow!("{}: {}", error.element, error.message))?;
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
            let owner = app.offering_owner(&id).await.map_err(explain)?;
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
            let owner = app.offering_owner(&id).await.map_err(explain)?;
            print_json(
                &app.publish_offering(&admin.as_provider_admin(&owner), &id)
                    .await?,
            )?
        }
        OfferingCommand::Withdraw { id, storage } => {
            let app = open_app(&storage).await?;
            let id = offering_id(&id)?;
            let owner = app.offering_owner(&id).await.map_err(explain)?;
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
