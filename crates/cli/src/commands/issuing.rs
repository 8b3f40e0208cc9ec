//! Issuing from the command line: bulk imports with a progress bar, import templates and
//! credentials (list, show, download, suspend, reinstate, revoke, correct). Signing keys and trust
//! lists are in `keys.rs`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use app::PlatformAdmin;
use app::import_file::{self, FileKind};
use clap::{Subcommand, ValueEnum};
use model::learning::StatusChange;
use model::{CredentialId, ImportKind, ImportState, UiLang, Vocabulary};

use super::{explain, offering_id, print_json, provider_id};
use crate::StorageArgs;
use crate::edge::open_app;

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Enrolments,
    Results,
}

impl Kind {
    fn import_kind(self) -> ImportKind {
        match self {
            Kind::Enrolments => ImportKind::Enrolments,
            Kind::Results => ImportKind::Results,
        }
    }

    fn file_kind(self) -> FileKind {
        match self {
            Kind::Enrolments => FileKind::Enrolments,
            Kind::Results => FileKind::Results,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TemplateFormat {
    Csv,
    Xlsx,
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import a CSV or XLSX of enrolments: `import enrolments FILE --provider P --offering O`.
    Enrolments {
        file: PathBuf,
        #[arg(long)]
        provider: String,
        #[arg(long)]
        offering: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Import a CSV or XLSX of results (credentials issued for rows with issue=yes).
    Results {
        file: PathBuf,
        #[arg(long)]
        provider: String,
        #[arg(long)]
        offering: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Write the template of a file (with example rows) and list its columns.
    Template {
        kind: Kind,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: TemplateFormat,
        /// Where to write it (default: `{kind}-template.{format}` here).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Show an import job (e.g. one a stopped server left): its counts and problems.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

pub async fn import(command: ImportCommand) -> anyhow::Result<()> {
    let (kind, file, provider, offering, storage) = match command {
        ImportCommand::Template { kind, format, out } => return template(kind, format, out),
        ImportCommand::Show { id, json, storage } => return show_job(&id, json, &storage).await,
        ImportCommand::Enrolments {
            file,
            provider,
            offering,
            storage,
        } => (Kind::Enrolments, file, provider, offering, storage),
        ImportCommand::Results {
            file,
            provider,
            offering,
            storage,
        } => (Kind::Results, file, provider, offering, storage),
    };
    let app = open_app(&storage).await?;
    let right = app::IssuerRight::from(
        &PlatformAdmin::local_operator().as_provider_admin(&provider_id(&provider)?),
    );
    let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let file_name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "upload".to_owned());
    let job = app
        .start_import(
            &right,
            &offering_id(&offering)?,
            kind.import_kind(),
            &file_name,
            &bytes,
            "command line",
        )
        .await
        .map_err(explain)?;
    eprintln!(
        "Import job {} — {} data rows of {}",
        job.id, job.total_rows, file_name
    );
    let bar = indicatif::ProgressBar::new(job.total_rows as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {per_sec}  {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    // The same runner the server uses, here in the foreground with a progress bar.
    let jobs = app::Jobs::new(std::sync::Arc::new(app));
    let done = jobs
        .run(&job.id, &|job| {
            bar.set_position(job.processed_rows as u64);
            bar.set_message(format!(
                "{} applied, {} skipped, {} failed, {} credentials",
                job.applied_rows, job.skipped_rows, job.failed_rows, job.issued_credentials
            ));
        })
        .await
        .map_err(explain)?;
    bar.finish();
    print_job(&done);
    if done.state == ImportState::Failed {
        bail!("the import failed");
    }
    if done.failed_rows > 0 {
        return Err(RowsFailed(done.failed_rows).into());
    }
    Ok(())
}

/// Some rows of an import were refused (the others were applied): exit status 1, so that a
/// script notices; 2 stays for an import that could not run at all.
#[derive(Debug)]
pub struct RowsFailed(pub usize);

impl std::fmt::Display for RowsFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} row(s) failed (listed above); the other rows were applied",
            self.0
        )
    }
}

impl std::error::Error for RowsFailed {}

fn print_job(job: &model::ImportJob) {
    println!(
        "{}: {} — {} rows: {} applied, {} already applied before (skipped), {} failed; {} credentials issued",
        job.id,
        job.state.code(),
        job.total_rows,
        job.applied_rows,
        job.skipped_rows,
        job.failed_rows,
        job.issued_credentials
    );
    if let Some(message) = &job.message {
        println!("  {message}");
    }
    for problem in &job.problems {
        match &problem.column {
            Some(column) => println!(
                "  row {}, column {column} [{}]: {}",
                problem.row, problem.code, problem.message
            ),
            None => println!(
                "  row {} [{}]: {}",
                problem.row, problem.code, problem.message
            ),
        }
    }
}

async fn show_job(id: &str, json: bool, storage: &StorageArgs) -> anyhow::Result<()> {
    let app = open_app(storage).await?;
    let id = model::ImportJobId::parse(id).map_err(anyhow::Error::msg)?;
    let (_, job) = app
        .import_job_as(&app::Principal::local_operator(), &id)
        .await
        .map_err(explain)?;
    if json {
        print_json(&job)
    } else {
        print_job(&job);
        Ok(())
    }
}

fn template(kind: Kind, format: TemplateFormat, out: Option<PathBuf>) -> anyhow::Result<()> {
    let file_kind = kind.file_kind();
    let (bytes, extension) = match format {
        TemplateFormat::Csv => (import_file::template_csv(file_kind), "csv"),
        TemplateFormat::Xlsx => (import_file::template_xlsx(file_kind)?, "xlsx"),
    };
    let out =
        out.unwrap_or_else(|| PathBuf::from(format!("{}-template.{extension}", file_kind.code())));
    std::fs::write(&out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("Wrote {}. Its columns:", out.display());
    for column in import_file::columns(file_kind) {
        println!(
            "  {:<18} required: {:<40} {} ({})",
            column.name,
            column.required.label(),
            column.description,
            column.values.describe()
        );
    }
    Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DownloadFormat {
    /// The signed credential (JSON-LD, Open Badges 3.0).
    Json,
    /// The printable certificate with its verification QR code.
    Pdf,
    /// The ELM 3 export for Europass.
    Elm,
}

#[derive(Subcommand)]
pub enum CredentialCommand {
    /// List a provider's credentials, newest first.
    List {
        #[arg(long)]
        provider: String,
        /// active, suspended or revoked.
        #[arg(long)]
        state: Option<String>,
        /// Words in the learner's name (case and accents ignored).
        #[arg(long)]
        search: Option<String>,
        /// 1–1000.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// The page after this cursor (printed as `next` under the previous page).
        #[arg(long)]
        after: Option<String>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Print a stored credential as issued (signed JSON-LD).
    Show {
        id: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Write a credential as signed JSON-LD, PDF certificate or ELM export.
    Download {
        id: String,
        #[arg(long, value_enum, default_value = "json")]
        format: DownloadFormat,
        /// nl or en (the PDF's language).
        #[arg(long, default_value = "en")]
        lang: String,
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Suspend a credential (reversible).
    Suspend {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Reinstate a suspended credential.
    Reinstate {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Correct a credential: a new one is issued (with the outcome of `--outcome FILE`, a JSON
    /// outcome document, or the old result as it was) and the old one revoked with the reason.
    Correct {
        id: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        outcome: Option<PathBuf>,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Revoke a credential (final).
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        storage: StorageArgs,
    },
}

fn credential_id(id: &str) -> anyhow::Result<CredentialId> {
    CredentialId::from_urn(id).map_err(anyhow::Error::msg)
}

pub async fn credentials(command: CredentialCommand) -> anyhow::Result<()> {
    match command {
        CredentialCommand::List {
            provider,
            state,
            search,
            limit,
            after,
            json,
            storage,
        } => {
            let after = after
                .as_deref()
                .map(|text| store::PageCursor::parse(text, store::ListingKind::Credentials))
                .transpose()
                .map_err(|message| anyhow::anyhow!("--after: {message}"))?;
            let app = open_app(&storage).await?;
            let right = app::IssuerRight::from(
                &PlatformAdmin::local_operator().as_provider_admin(&provider_id(&provider)?),
            );
            let state = state
                .as_deref()
                .map(|code| {
                    model::CredentialState::from_code(code).with_context(|| {
                        format!("unknown state `{code}`; use active, suspended or revoked")
                    })
                })
                .transpose()?;
            let store::Listing { total, items, next } = app
                .credentials(
                    &right,
                    store::CredentialFilter {
                        state,
                        search,
                        limit,
                        after,
                        ..store::CredentialFilter::default()
                    },
                )
                .await
                .map_err(explain)?;
            let next = next.map(|cursor| cursor.to_param());
            if json {
                return print_json(
                    &serde_json::json!({"total": total, "items": items, "next": next}),
                );
            }
            println!("{total} credentials");
            for item in items {
                println!(
                    "{}  {:<9}  {}  {}  {}",
                    item.id.urn(),
                    item.state.code(),
                    item.issued_at.date(),
                    item.offering_id,
                    item.learner_name
                );
            }
            if let Some(next) = next {
                println!("next page: --after {next}");
            }
            Ok(())
        }
        CredentialCommand::Show { id, storage } => {
            let app = open_app(&storage).await?;
            let record = app
                .stored_credential(&credential_id(&id)?)
                .await
                .map_err(explain)?;
            print_json(&record.credential)
        }
        CredentialCommand::Download {
            id,
            format,
            lang,
            out,
            storage,
        } => {
            let app = open_app(&storage).await?;
            let id = credential_id(&id)?;
            let bytes = match format {
                DownloadFormat::Json => {
                    let record = app.stored_credential(&id).await.map_err(explain)?;
                    serde_json::to_vec_pretty(&record.credential)?
                }
                DownloadFormat::Elm => {
                    serde_json::to_vec_pretty(&app.elm_export(&id).await.map_err(explain)?)?
                }
                DownloadFormat::Pdf => {
                    let lang = UiLang::from_code(&lang).unwrap_or(UiLang::En);
                    app.certificate_pdf(&id, lang).await.map_err(explain)?
                }
            };
            std::fs::write(&out, bytes)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("Wrote {}", out.display());
            Ok(())
        }
        CredentialCommand::Suspend {
            id,
            reason,
            storage,
        } => change(&id, &reason, &storage, StatusChange::Suspend).await,
        CredentialCommand::Reinstate {
            id,
            reason,
            storage,
        } => change(&id, &reason, &storage, StatusChange::Reinstate).await,
        CredentialCommand::Correct {
            id,
            reason,
            outcome,
            storage,
        } => {
            let app = open_app(&storage).await?;
            let id = credential_id(&id)?;
            let record = app.stored_credential(&id).await.map_err(explain)?;
            let right = app::IssuerRight::from(
                &PlatformAdmin::local_operator().as_provider_admin(&record.provider_id),
            );
            let outcome = match outcome {
                Some(file) => Some(
                    model::AssessmentOutcome::from_json(&super::read_document(&file)?)
                        .map_err(|errors| explain(errors.into()))?,
                ),
                None => None,
            };
            let new = app
                .correct_credential(&right, &id, outcome, &reason)
                .await
                .map_err(explain)?;
            println!("{} replaces {} (now revoked)", new.id.urn(), id.urn());
            Ok(())
        }
        CredentialCommand::Revoke {
            id,
            reason,
            storage,
        } => change(&id, &reason, &storage, StatusChange::Revoke).await,
    }
}

async fn change(
    id: &str,
    reason: &str,
    storage: &StorageArgs,
    change: StatusChange,
) -> anyhow::Result<()> {
    let app = open_app(storage).await?;
    let id = credential_id(id)?;
    let record = app.stored_credential(&id).await.map_err(explain)?;
    let right = app::IssuerRight::from(
        &PlatformAdmin::local_operator().as_provider_admin(&record.provider_id),
    );
    let changed = app
        .change_credential_status(&right, &id, change, reason)
        .await
        .map_err(explain)?;
    println!("{} is now {}", changed.id.urn(), changed.state.code());
    Ok(())
}
