//! Recognition decisions from the command line (the operator acts for the receiving
//! organisation): list the published ones or an organisation's, record one from a JSON file,
//! withdraw one, and list the learners' requests to an organisation.

use std::path::PathBuf;

use anyhow::Context;
use app::PlatformAdmin;
use clap::Subcommand;
use model::recognition::RecognitionTerms;

use super::{explain, print_json, provider_id};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum RecognitionCommand {
    /// The published decisions (JSON): every one, an organisation's or about an offering.
    List {
        #[arg(long)]
        organisation: Option<String>,
        #[arg(long)]
        offering: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Record a decision of an organisation from a JSON file
    /// `{"about": {"offering"|"credential"|"request": ID}, "terms": {...}}`.
    Decide {
        #[arg(long)]
        organisation: String,
        file: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Withdraw a decision of an organisation.
    Withdraw {
        #[arg(long)]
        organisation: String,
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The learners' requests to an organisation (JSON).
    Requests {
        #[arg(long)]
        organisation: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionFile {
    about: app::recognition::DecisionAbout,
    terms: RecognitionTerms,
}

pub async fn recognitions(command: RecognitionCommand) -> anyhow::Result<()> {
    let operator = PlatformAdmin::local_operator();
    let right = |organisation: &str| -> anyhow::Result<app::IssuerRight> {
        Ok(app::IssuerRight::from(
            &operator.as_provider_admin(&provider_id(organisation)?),
        ))
    };
    match command {
        RecognitionCommand::List {
            organisation,
            offering,
            storage,
        } => {
            let organisation = organisation.as_deref().map(provider_id).transpose()?;
            let offering = offering
                .as_deref()
                .map(model::OfferingId::parse)
                .transpose()
                .map_err(|error| anyhow::anyhow!(error))?;
            let app = open_app(&storage).await?;
            print_json(
                &app.recognitions(organisation.as_ref(), offering.as_ref())
                    .await
                    .map_err(explain)?,
            )
        }
        RecognitionCommand::Decide {
            organisation,
            file,
            storage,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let value = model::strict_json::parse_strict(&bytes)
                .map_err(|error| anyhow::anyhow!("{}: {error}", file.display()))?;
            let decision: DecisionFile = serde_json::from_value(value)
                .map_err(|error| anyhow::anyhow!("{}: the decision: {error}", file.display()))?;
            let right = right(&organisation)?;
            let app = open_app(&storage).await?;
            print_json(
                &app.decide_recognition(&right, decision.about, decision.terms)
                    .await
                    .map_err(explain)?,
            )
        }
        RecognitionCommand::Withdraw {
            organisation,
            id,
            storage,
        } => {
            let right = right(&organisation)?;
            let app = open_app(&storage).await?;
            app.withdraw_recognition(&right, &id)
                .await
                .map_err(explain)?;
            println!("withdrew {id}");
            Ok(())
        }
        RecognitionCommand::Requests {
            organisation,
            storage,
        } => {
            let right = right(&organisation)?;
            let app = open_app(&storage).await?;
            print_json(&app.recognition_requests(&right).await.map_err(explain)?)
        }
    }
}
