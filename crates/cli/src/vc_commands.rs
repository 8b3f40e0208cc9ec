//! `microcred vc …`: sign, verify and canonicalize credentials offline with the credential engine
//! (`crates/vc`). This file reads files and the clock; the engine does neither.

use std::path::PathBuf;

use clap::Subcommand;
use time::format_description::well_known::Rfc3339;

use crate::edge::SystemClock;

#[derive(Subcommand)]
pub enum VcCommand {
    /// Add an eddsa-rdfc-2022 Data Integrity proof and print the signed credential.
    Sign {
        /// Key file in the W3C vector format `{publicKeyMultibase, privateKeyMultibase}`.
        #[arg(long)]
        key: PathBuf,
        /// Verification method URL (default: the key's did:key).
        #[arg(long)]
        verification_method: Option<String>,
        /// Proof creation time, RFC 3339 (default: now).
        #[arg(long)]
        created: Option<String>,
        input: PathBuf,
    },
    /// Verify a credential and print the report. Exit 0 valid, 1 invalid, 2 usage or IO error.
    Verify {
        input: PathBuf,
        /// A DID document (e.g. a did:web issuer's) to resolve verification methods against.
        #[arg(long = "did-doc")]
        did_docs: Vec<PathBuf>,
        /// A status-list credential the credential's status entries point to.
        #[arg(long = "status-list")]
        status_lists: Vec<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the canonical N-Quads (RDFC-1.0) of a credential.
    Canonicalize { input: PathBuf },
}

/// What a vc command printed and its exit status.
pub struct Outcome {
    pub status: u8,
}

fn read(path: &PathBuf) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

fn now_rfc3339() -> String {
    use app::Clock;
    let now = SystemClock
        .now()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| SystemClock.now());
    now.format(&Rfc3339).unwrap_or_default()
}

fn emit(output: vc::commands::CommandOutput) -> Outcome {
    print!("{}", output.stdout);
    eprint!("{}", output.stderr);
    Outcome {
        status: u8::try_from(output.status).unwrap_or(2),
    }
}

fn usage_error(message: String) -> Outcome {
    eprintln!("error: {message}");
    Outcome { status: 2 }
}

pub fn run(command: VcCommand) -> Outcome {
    match command {
        VcCommand::Sign {
            key,
            verification_method,
            created,
            input,
        } => {
            let (key, credential) = match (read(&key), read(&input)) {
                (Ok(key), Ok(credential)) => (key, credential),
                (Err(message), _) | (_, Err(message)) => return usage_error(message),
            };
            let created = created.unwrap_or_else(now_rfc3339);
            emit(vc::commands::sign(
                &key,
                &credential,
                verification_method.as_deref(),
                &created,
            ))
        }
        VcCommand::Verify {
            input,
            did_docs,
            status_lists,
            json,
        } => {
            let credential = match read(&input) {
                Ok(credential) => credential,
                Err(message) => return usage_error(message),
            };
            let mut documents = Vec::new();
            for path in &did_docs {
                match read(path) {
                    Ok(document) => documents.push(document),
                    Err(message) => return usage_error(message),
                }
            }
            let mut lists = Vec::new();
            for path in &status_lists {
                match read(path) {
                    Ok(list) => lists.push(list),
                    Err(message) => return usage_error(message),
                }
            }
            emit(vc::commands::verify(
                &credential,
                &documents,
                &lists,
                Some(&now_rfc3339()),
                json,
            ))
        }
        VcCommand::Canonicalize { input } => match read(&input) {
            Ok(credential) => emit(vc::commands::canonicalize(&credential)),
            Err(message) => usage_error(message),
        },
    }
}

/// `microcred bench vc`: issue and verify against raw Ed25519 in one run.
pub fn bench(count: usize, json: bool) -> Outcome {
    emit(vc::commands::bench(count, json))
}
