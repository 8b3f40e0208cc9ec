//! People from the command line: invite staff, list and disable accounts, read the audit log.
//! The operator at the machine acts as a platform admin.

use anyhow::Context;
use app::Principal;
use app::accounts::Invitation;
use clap::Subcommand;
use model::{AccountId, Role};

use super::{explain, print_json, provider_id};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Subcommand)]
pub enum AccountCommand {
    /// Invite a staff member: the account is made and a link to choose a password is sent
    /// (with no SMTP server, to the log).
    Invite {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// platform_admin, provider_admin, issuer or analyst.
        #[arg(long)]
        role: String,
        /// The provider of a provider_admin or issuer.
        #[arg(long)]
        provider: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// List accounts (JSON), every one or a provider's staff.
    List {
        #[arg(long)]
        provider: Option<String>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Disable an account: its sessions end and its API tokens are revoked.
    Disable {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// The outbox, newest first (JSON lines): each message with when it was sent, or how many
    /// tries failed and why.
    Outbox {
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// The audit log, newest first (JSON lines), everyone's or a provider's.
    List {
        #[arg(long)]
        provider: Option<String>,
        #[arg(long, default_value_t = 100)]
        limit: usize,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn accounts(command: AccountCommand) -> anyhow::Result<()> {
    let operator = Principal::local_operator();
    match command {
        AccountCommand::Invite {
            email,
            name,
            role,
            provider,
            storage,
        } => {
            let app = open_app(&storage).await?;
            let role = Role::from_code(&role).with_context(|| {
                format!(
                    "unknown role `{role}`; use platform_admin, provider_admin, issuer or analyst"
                )
            })?;
            let provider = provider.as_deref().map(provider_id).transpose()?;
            let account = app
                .invite_staff(
                    &operator,
                    &Invitation {
                        name,
                        email,
                        role,
                        provider,
                    },
                )
                .await
                .map_err(explain)?;
            // The operator passes the invitation on (no SMTP server): it is shown here, and
            // marked delivered.
            let messages = app.outbox_messages(20).await.map_err(explain)?;
            let invitation = messages
                .iter()
                .find(|message| message.recipient == account.email && message.sent_at.is_none());
            eprintln!(
                "Invited {} as {} ({}).",
                account.email,
                role.code(),
                account.id
            );
            if let Some(message) = invitation {
                eprintln!("The invitation (pass it on):\n{}", message.body);
            }
            app.deliver_outbox_to_log().await.map_err(explain)?;
            print_json(&account)?;
        }
        AccountCommand::List { provider, storage } => {
            let provider = provider.as_deref().map(provider_id).transpose()?;
            let app = open_app(&storage).await?;
            print_json(
                &app.accounts(&operator, provider.as_ref())
                    .await
                    .map_err(explain)?,
            )?;
        }
        AccountCommand::Disable { id, storage } => {
            let id = AccountId::parse(&id).map_err(anyhow::Error::msg)?;
            open_app(&storage)
                .await?
                .disable_account(&operator, &id)
                .await
                .map_err(explain)?;
            println!("disabled {id}");
        }
        AccountCommand::Outbox { limit, storage } => {
            let app = open_app(&storage).await?;
            for message in app.outbox_messages(limit).await.map_err(explain)? {
                let line = serde_json::json!({
                    "id": message.id,
                    "to": message.recipient.as_str(),
                    "subject": message.subject,
                    "created_at": vc::ob3::timestamp(message.created_at),
                    "sent_at": message.sent_at.map(vc::ob3::timestamp),
                    "attempts": message.attempts,
                    "last_error": message.last_error,
                    "body": message.body,
                });
                println!("{line}");
            }
        }
    }
    Ok(())
}

pub async fn audit(command: AuditCommand) -> anyhow::Result<()> {
    let AuditCommand::List {
        provider,
        limit,
        storage,
    } = command;
    let provider = provider.as_deref().map(provider_id).transpose()?;
    let app = open_app(&storage).await?;
    let entries = app
        .audit_log(&Principal::local_operator(), provider.as_ref(), None, limit)
        .await
        .map_err(explain)?;
    for entry in entries {
        println!(
            "{}",
            serde_json::json!({
                "at": entry.at.format(&time::format_description::well_known::Rfc3339)?,
                "actor": entry.actor,
                "actor_label": entry.actor_label,
                "provider_id": entry.provider_id.map(|id| id.to_string()),
                "action": entry.action,
                "subject": entry.subject,
                "detail": entry.detail,
            })
        );
    }
    Ok(())
}
