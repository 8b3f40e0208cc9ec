//! Learners' feedback from the command line: an offering's aggregate, as providers and
//! analysts see it (below the statistics' threshold, only the number of answers).

use app::Principal;
use clap::Subcommand;
use model::OfferingId;

use super::{explain, print_json};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum FeedbackCommand {
    /// An offering's feedback in aggregate (JSON).
    Show {
        offering: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn feedback(command: FeedbackCommand) -> anyhow::Result<()> {
    match command {
        FeedbackCommand::Show { offering, storage } => {
            let offering = OfferingId::parse(&offering).map_err(anyhow::Error::msg)?;
            let app = open_app(&storage).await?;
            let summary = app
                .feedback_summary(&Principal::local_operator(), &offering)
                .await
                .map_err(explain)?;
            if !summary.shown {
                eprintln!(
                    "{} answers: fewer than {}, so only their number is shown.",
                    summary.responses, summary.threshold
                );
            }
            print_json(&summary)
        }
    }
}
