//! The `microcred` binary: serve the register, seed the demo, manage tokens, providers and
//! offerings from the command line, and run the benchmarks.

mod bench;
mod commands;
mod config;
mod edge;
mod mail;
mod vc_commands;
mod vc_output;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

/// mimalloc: bulk issuance frees many ~4 KB documents across threads, where glibc malloc spent
/// a quarter of the time (perf, `bench issue`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// microcred — an open register for EU micro-credentials.
#[derive(Parser)]
#[command(name = "microcred", version, about, propagate_version = true)]
struct Cli {
    /// A configuration file (TOML; keys are the long flags with `_`): it sets the defaults, the
    /// environment overrides it, flags override both. See `docs/operations.md`.
    #[arg(long, env = "MICROCRED_CONFIG", global = true)]
    config: Option<std::path::PathBuf>,
    /// How log lines are written to stderr: `text` for people, `json` (one object a line) for
    /// a log collector.
    #[arg(
        long,
        env = "MICROCRED_LOG_FORMAT",
        default_value = "text",
        global = true
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Switch {
    On,
    Off,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

/// Where the register is stored. Precedence: command line > environment > default.
#[derive(Args, Clone)]
pub struct StorageArgs {
    /// Directory of the embedded SQLite register (created if missing).
    #[arg(
        long,
        env = "MICROCRED_DATA_DIR",
        default_value = "data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL instead of the embedded SQLite file.
    #[arg(long, env = "MICROCRED_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// File with the master key (64 hex digits) that seals providers' signing keys. Default:
    /// `master.key` in the data directory, if it is there. `MICROCRED_MASTER_KEY` may hold
    /// the key itself.
    #[arg(long, env = "MICROCRED_MASTER_KEY_FILE", global = true)]
    pub master_key_file: Option<PathBuf>,
    /// The register's public base URL: credentials, status lists and the providers' did:web
    /// live under it. Default: `http://{bind}` for `serve`, else http://127.0.0.1:8080.
    #[arg(long, env = "MICROCRED_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Let OpenID Connect identity providers on this machine be reached over plain http
    /// (`http://localhost`, `http://127.0.0.1`): to try sign-in with a local provider. Without
    /// it, only https to public addresses.
    #[arg(long, env = "MICROCRED_IDENTITY_HTTP_LOCALHOST", global = true)]
    pub identity_http_localhost: bool,
    /// How servers starting together on PostgreSQL take turns at migrating it: `advisory` (an
    /// advisory lock) or `lease` (a leader lease in a table, for engines without advisory
    /// locks such as CockroachDB; see docs/scaling.md).
    #[arg(
        long,
        env = "MICROCRED_MIGRATION_LOCK",
        default_value = "advisory",
        global = true
    )]
    pub migration_lock: MigrationLockArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum MigrationLockArg {
    Advisory,
    Lease,
}

impl From<MigrationLockArg> for app::MigrationLock {
    fn from(lock: MigrationLockArg) -> Self {
        match lock {
            MigrationLockArg::Advisory => app::MigrationLock::Advisory,
            MigrationLockArg::Lease => app::MigrationLock::Lease,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Serve the register's web pages and API.
    Serve {
        /// Seed the demo register if the store is empty, and print demo tokens.
        #[arg(long)]
        demo: bool,
        #[arg(long, env = "MICROCRED_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Mark cookies Secure (set when served behind HTTPS).
        #[arg(long, env = "MICROCRED_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Send the outbox's messages (confirmation, reset, invitation links) through this SMTP
        /// server: `smtps://user:password@host` (TLS), `smtp://host?tls=required` (STARTTLS),
        /// `smtp://localhost:25` (a local relay). Without it they are written to the log.
        #[arg(long, env = "MICROCRED_SMTP_URL")]
        smtp_url: Option<String>,
        /// The sender of those messages.
        #[arg(
            long,
            env = "MICROCRED_MAIL_FROM",
            default_value = "microcred <noreply@localhost>"
        )]
        mail_from: String,
        /// A reverse proxy or load balancer in front (an address or network, repeatable or
        /// comma-separated): from it, the client is read from `X-Forwarded-For`.
        #[arg(
            long = "trusted-proxy",
            env = "MICROCRED_TRUSTED_PROXIES",
            value_delimiter = ','
        )]
        trusted_proxies: Vec<String>,
        /// The bearer token `/metrics` asks for (Prometheus' `authorization` setting); without
        /// it anyone may read the metrics (they hold counts, no personal data).
        #[arg(long, env = "MICROCRED_METRICS_TOKEN", hide_env_values = true)]
        metrics_token: Option<String>,
        /// Rate limits per client address on verification, signing in and share links (`429`
        /// with `Retry-After` over them); `off` for a load test from one address.
        #[arg(long, env = "MICROCRED_RATE_LIMITS", default_value = "on")]
        rate_limits: Switch,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// A consistent copy of the embedded register, while it serves (SQLite `VACUUM INTO`).
    Backup {
        /// The file to write (never overwritten).
        #[arg(long)]
        out: std::path::PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Restore a backup into a data directory without a register, then verify every credential.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: std::path::PathBuf,
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Verify every credential of the register again: active ones must verify, revoked and
    /// suspended ones must still carry a valid proof.
    Check {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Seed the demo register into an empty store without serving.
    Demo {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// API tokens: create, list, revoke.
    #[command(subcommand)]
    Token(commands::TokenCommand),
    /// People's accounts: invite staff, list, disable.
    #[command(subcommand)]
    Accounts(commands::AccountCommand),
    /// The audit log: who did what.
    #[command(subcommand)]
    Audit(commands::AuditCommand),
    /// Stacking pathways: list, show, create, withdraw, requests, award.
    #[command(subcommand)]
    Pathways(commands::PathwayCommand),
    /// OpenID4VCI credential offers to a learner's wallet.
    #[command(subcommand)]
    Offer(commands::OfferCommand),
    /// OpenID4VP requests for a micro-credential from a wallet: create, show.
    #[command(subcommand)]
    PresentationRequest(commands::PresentationRequestCommand),
    /// Recognition decisions: list, decide, withdraw, requests.
    #[command(subcommand)]
    Recognitions(commands::RecognitionCommand),
    /// Learners' feedback on an offering, in aggregate.
    #[command(subcommand)]
    Feedback(commands::FeedbackCommand),
    /// OpenID Connect identity providers people sign in with: add, list, disable, enable.
    #[command(subcommand)]
    IdentityProviders(commands::IdentityProviderCommand),
    /// Providers of the register.
    #[command(subcommand)]
    Providers(commands::ProviderCommand),
    /// Offerings of the catalogue.
    #[command(subcommand)]
    Offerings(commands::OfferingCommand),
    /// Funding schemes offerings can be eligible for (paid training leave, vouchers, …).
    #[command(subcommand)]
    FundingSchemes(commands::FundingSchemeCommand),
    /// Bulk import of enrolments or results (CSV, XLSX), and their templates.
    #[command(subcommand)]
    Import(commands::ImportCommand),
    /// Issued credentials: list, show, download, suspend, reinstate, revoke.
    #[command(subcommand)]
    Credentials(commands::CredentialCommand),
    /// The master key and the providers' signing keys.
    #[command(subcommand)]
    Keys(commands::KeyCommand),
    /// The trust list: the register's published providers and imported lists.
    #[command(subcommand)]
    Trust(commands::TrustCommand),
    /// The register's statistics: the overviews parliament asked for, as tables, CSV or JSON.
    #[command(subcommand)]
    Statistics(commands::StatisticsCommand),
    /// Credentials offline: sign, verify, canonicalize (no server, no network).
    #[command(subcommand)]
    Vc(vc_commands::VcCommand),
    /// Benchmarks that print their figures.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Kill a real server with SIGKILL at random moments under a load of issuance, revocation
    /// and imports, N times, restarting it on the same data; then check that every
    /// acknowledged write is there once and every credential verifies as its state says.
    Crash {
        #[arg(long, default_value_t = 100)]
        cycles: usize,
        /// A fresh PostgreSQL database to run on (default: embedded SQLite).
        #[arg(long)]
        database_url: Option<String>,
        /// Where the register is made (default: a temporary directory, removed after).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Drive a running server over HTTP: catalogue search, verification, issuance — each for
    /// --seconds with --concurrency clients; throughput and p50/p99 latency, and the server's
    /// memory before and after (--pid). Run the server with `--rate-limits off`.
    Load {
        /// The server's base URL.
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        /// A platform admin's token (to list credentials to verify, and to issue).
        #[arg(long, env = "MICROCRED_TOKEN")]
        token: Option<String>,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        /// Which scenarios, in order.
        #[arg(long, value_delimiter = ',', default_value = "search,verify,issue")]
        scenarios: Vec<String>,
        /// The server's process id, to read its resident memory before and after, and its CPU
        /// time per request.
        #[arg(long)]
        pid: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Issue and verify an Open Badges 3.0 micro-credential N times, against raw Ed25519 in the same run.
    Vc {
        #[arg(long, default_value_t = 2_000)]
        count: usize,
        /// Print one JSON object (issue_us, verify_us, raw_sign_us, raw_verify_us, issue_ratio, verify_ratio).
        #[arg(long)]
        json: bool,
    },
    /// Issue and persist N credentials through the use cases on embedded SQLite; credentials/s.
    Issue {
        #[arg(long, default_value_t = 20_000)]
        count: usize,
        /// Credentials per transaction.
        #[arg(long, default_value_t = 1_000)]
        batch: usize,
        /// Where to build the benchmark register (default: a fresh temporary directory).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Builds a register of N enrolments with results and credentials over five years and
    /// times every statistics overview (cold and warm) and the workbook.
    Statistics {
        #[arg(long, default_value_t = 1_000_000)]
        enrolments: usize,
        #[arg(long, default_value_t = 5_000)]
        offerings: usize,
        /// A PostgreSQL database to measure on (in a schema of its own, dropped afterwards);
        /// default: embedded SQLite.
        #[arg(long)]
        database_url: Option<String>,
        /// Where to build the SQLite register (default: a fresh temporary directory).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Keep the register (SQLite in --data-dir; PostgreSQL in schema bench_statistics_kept)
        /// and, when it holds enrolments already, measure it as it is instead of writing more.
        #[arg(long)]
        keep: bool,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Generate a catalogue and measure search latency (p50/p95) over a fixed query mix.
    Catalogue {
        #[arg(long, default_value_t = 100_000)]
        offerings: usize,
        /// Where to build the benchmark register (default: a fresh temporary directory).
        #[arg(long)]
        data_dir: Option<PathBuf>,
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let defaults = match config::defaults(&args, &|name| std::env::var(name).ok()) {
        Ok(defaults) => defaults,
        Err(error) => {
            eprintln!("microcred: {error:#}");
            return std::process::ExitCode::from(2);
        }
    };
    let matches = config::apply(Cli::command(), &defaults).get_matches_from(args);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
    for warning in &defaults.warnings {
        tracing::warn!("{warning}");
    }
    let outcome = match cli.command {
        // The credential commands have their own exit statuses (0 valid, 1 invalid, 2 usage or IO).
        Command::Vc(command) => {
            return std::process::ExitCode::from(vc_commands::run(command).status);
        }
        Command::Bench(BenchCommand::Crash {
            cycles,
            database_url,
            data_dir,
            json,
        }) => {
            bench::crash::crash(bench::crash::CrashOptions {
                cycles,
                database_url,
                data_dir,
                json,
            })
            .await
        }
        Command::Bench(BenchCommand::Load {
            url,
            token,
            seconds,
            concurrency,
            scenarios,
            pid,
            json,
        }) => {
            bench::load::load(bench::load::LoadOptions {
                url,
                token,
                seconds,
                concurrency,
                scenarios,
                pid,
                json,
            })
            .await
        }
        Command::Bench(BenchCommand::Vc { count, json }) => {
            return std::process::ExitCode::from(vc_commands::bench(count, json).status);
        }
        Command::Serve {
            demo,
            bind,
            secure_cookies,
            smtp_url,
            mail_from,
            trusted_proxies,
            metrics_token,
            rate_limits,
            storage,
        } => {
            let options = smtp_url
                .as_deref()
                .map(|url| mail::SmtpMailer::new(url, &mail_from))
                .transpose()
                .and_then(|mailer| {
                    let proxies = trusted_proxies
                        .iter()
                        .map(|text| web::client_address::TrustedProxy::parse(text))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|reason| anyhow::anyhow!("--trusted-proxy {reason}"))?;
                    Ok((mailer, proxies))
                });
            match options {
                Ok((mailer, proxies)) => {
                    commands::serve(
                        &storage,
                        demo,
                        bind,
                        secure_cookies,
                        mailer,
                        proxies,
                        commands::Operations {
                            metrics_token,
                            rate_limits: rate_limits == Switch::On,
                        },
                    )
                    .await
                }
                Err(error) => Err(error),
            }
        }
        Command::Demo { storage } => commands::demo(&storage).await,
        Command::Backup { out, storage } => commands::operations::backup(&out, &storage).await,
        Command::Restore { from, storage } => commands::operations::restore(&from, &storage).await,
        Command::Check { storage } => commands::operations::check(&storage).await,
        Command::Token(command) => commands::token(command).await,
        Command::Accounts(command) => commands::accounts(command).await,
        Command::Audit(command) => commands::audit(command).await,
        Command::IdentityProviders(command) => commands::identity_providers(command).await,
        Command::Feedback(command) => commands::feedback(command).await,
        Command::Pathways(command) => commands::pathways(command).await,
        Command::Recognitions(command) => commands::recognitions(command).await,
        Command::Offer(command) => commands::offers(command).await,
        Command::PresentationRequest(command) => commands::presentation_requests(command).await,
        Command::Providers(command) => commands::providers(command).await,
        Command::Offerings(command) => commands::offerings(command).await,
        Command::FundingSchemes(command) => commands::funding_schemes(command).await,
        Command::Import(command) => commands::import(command).await,
        Command::Credentials(command) => commands::credentials(command).await,
        Command::Keys(command) => commands::keys(command).await,
        Command::Trust(command) => commands::trust(command).await,
        Command::Statistics(command) => commands::statistics(command).await,
        Command::Bench(BenchCommand::Catalogue {
            offerings,
            data_dir,
            json,
        }) => bench::catalogue(offerings, data_dir, json).await,
        Command::Bench(BenchCommand::Statistics {
            enrolments,
            offerings,
            database_url,
            data_dir,
            keep,
            json,
        }) => bench::statistics(enrolments, offerings, database_url, data_dir, keep, json).await,
        Command::Bench(BenchCommand::Issue {
            count,
            batch,
            data_dir,
            json,
        }) => bench::issue(count, batch, data_dir, json).await,
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            if error
                .downcast_ref::<commands::issuing::RowsFailed>()
                .is_some()
            {
                std::process::ExitCode::from(1)
            } else {
                std::process::ExitCode::from(2)
            }
        }
    }
}
