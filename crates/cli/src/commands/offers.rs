//! OpenID4VCI offers from the command line: `microcred offer create CREDENTIAL-ID` offers a
//! credential to the learner's wallet as its provider would — it prints the offer link (for a
//! QR code) and mails the transaction code to the learner through the outbox.

use app::PlatformAdmin;
use clap::Subcommand;

use super::{explain, print_json, provider_id};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum OfferCommand {
    /// Offer a credential (its id, `urn:uuid:…` or the bare UUID) to the learner's wallet.
    Create {
        credential: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn offers(command: OfferCommand) -> anyhow::Result<()> {
    match command {
        OfferCommand::Create {
            credential,
            storage,
        } => {
            let id = model::CredentialId::from_urn(&credential)
                .map_err(|error| anyhow::anyhow!("{credential}: {error}"))?;
            let app = open_app(&storage).await?;
            let record = app.stored_credential(&id).await.map_err(explain)?;
            let right = app::IssuerRight::from(
                &PlatformAdmin::local_operator()
                    .as_provider_admin(&provider_id(record.provider_id.as_str())?),
            );
            print_json(
                &app.offer_credential_as_issuer(&right, &id)
                    .await
                    .map_err(explain)?,
            )
        }
    }
}
