//! `microcred presentation-request`: ask a wallet for a micro-credential (OpenID4VP), and read
//! the verified answer — the verifier's page, at the command line.

use clap::Subcommand;

use super::{explain, print_json};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum PresentationRequestCommand {
    /// Make a request: prints the `openid4vp://` link (for a QR code) and the view key.
    Create {
        /// Only micro-credentials of this provider (its id).
        #[arg(long)]
        provider: Option<String>,
        /// Only micro-credentials of this offering (its id).
        #[arg(long)]
        offering: Option<String>,
        /// Only micro-credentials of this EQF level (1–8).
        #[arg(long)]
        eqf_level: Option<u8>,
        /// Ask the wallet to disclose the learner's name.
        #[arg(long)]
        ask_name: bool,
        /// Ask the wallet to disclose the grade.
        #[arg(long)]
        ask_grade: bool,
        /// Why you ask (for your own records).
        #[arg(long)]
        purpose: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The request and, once a wallet answered, every check and what the credential says.
    Show {
        /// The view key `create` printed.
        view: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn presentation_requests(command: PresentationRequestCommand) -> anyhow::Result<()> {
    match command {
        PresentationRequestCommand::Create {
            provider,
            offering,
            eqf_level,
            ask_name,
            ask_grade,
            purpose,
            storage,
        } => {
            let query = app::vp::VpQuery {
                provider: provider
                    .as_deref()
                    .map(model::ProviderId::parse)
                    .transpose()
                    .map_err(|error| anyhow::anyhow!("--provider: {error}"))?,
                offering: offering
                    .as_deref()
                    .map(model::OfferingId::parse)
                    .transpose()
                    .map_err(|error| anyhow::anyhow!("--offering: {error}"))?,
                eqf_level,
                ask_name,
                ask_grade,
                purpose,
            };
            let app = open_app(&storage).await?;
            print_json(&app.create_vp_request(query).await.map_err(explain)?)
        }
        PresentationRequestCommand::Show { view, storage } => {
            let app = open_app(&storage).await?;
            print_json(&app.vp_request_view(&view).await.map_err(explain)?)
        }
    }
}
