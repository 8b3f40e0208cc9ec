//! `microcred vc …`: sign, verify and canonicalize credentials with the credential engine
//! (`crates/vc`). This file reads files, the clock and — for `vc verify --online` only — the
//! network through `fetch::SafeFetcher`; the engine does none of these.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use vc::report::{Outcome as CheckOutcome, VerificationReport, checks};

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
    Verify(VerifyArgs),
    /// Print the canonical N-Quads (RDFC-1.0) of a credential.
    Canonicalize { input: PathBuf },
}

#[derive(Args)]
pub struct VerifyArgs {
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
    /// Fetch what is not given as a file: did:web DID documents of the issuer and of the
    /// proofs, and the status-list credentials named in credentialStatus (https only, public
    /// addresses only). A status list that cannot be fetched fails the status check.
    #[arg(long)]
    online: bool,
    /// With --online, also fetch over plain http from localhost, 127.0.0.1 and [::1] (tests,
    /// a register on this machine).
    #[arg(long, requires = "online")]
    allow_http_localhost: bool,
    /// Trusted issuers: a JSON array of issuer ids, or `{"issuers": [{"id": …, "name": …}]}`
    /// as a register publishes at /api/v1/trusted-issuers. Without it the issuer check is
    /// reported as not checked.
    #[arg(long)]
    trust_list: Option<PathBuf>,
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

fn emit(output: crate::vc_output::CommandOutput) -> Outcome {
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
            emit(crate::vc_output::sign(
                &key,
                &credential,
                verification_method.as_deref(),
                &created,
            ))
        }
        VcCommand::Verify(args) => verify(&args),
        VcCommand::Canonicalize { input } => match read(&input) {
            Ok(credential) => emit(crate::vc_output::canonicalize(&credential)),
            Err(message) => usage_error(message),
        },
    }
}

/// `microcred bench vc`: issue and verify against raw Ed25519 in one run.
pub fn bench(count: usize, json: bool) -> Outcome {
    emit(crate::vc_output::bench(count, json))
}

/// Read and strictly parse each JSON file (a DID document, a status list).
fn read_json_files(paths: &[PathBuf]) -> Result<Vec<Value>, String> {
    paths
        .iter()
        .map(|path| {
            let bytes = read(path)?;
            vc::json::parse(&bytes)
                .map_err(|error| format!("{}: {error} [{}]", path.display(), error.code()))
        })
        .collect()
}

/// The issuer ids of a trust list: an array of ids, or `{"issuers": [{"id": …}, …]}`.
fn read_trust_list(path: &PathBuf) -> Result<Vec<String>, String> {
    let bytes = read(path)?;
    let bad = |reason: &str| format!("{}: {reason}", path.display());
    let list =
        vc::json::parse(&bytes).map_err(|error| bad(&format!("{error} [{}]", error.code())))?;
    let entries = match &list {
        Value::Array(entries) => entries,
        Value::Object(object) => match object.get("issuers") {
            Some(Value::Array(entries)) => entries,
            _ => return Err(bad("a trust-list object needs an \"issuers\" array")),
        },
        _ => {
            return Err(bad(
                "a trust list is an array of issuer ids or {\"issuers\": […]}",
            ));
        }
    };
    entries
        .iter()
        .map(|entry| match entry {
            Value::String(id) => Ok(id.clone()),
            Value::Object(issuer) => issuer
                .get("id")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| bad("an issuer entry has no string \"id\"")),
            _ => Err(bad("an issuer entry is an id or an object with an \"id\"")),
        })
        .collect()
}

fn verify(args: &VerifyArgs) -> Outcome {
    let credential = match read(&args.input) {
        Ok(credential) => credential,
        Err(message) => return usage_error(message),
    };
    let (mut documents, mut lists) = match (
        read_json_files(&args.did_docs),
        read_json_files(&args.status_lists),
    ) {
        (Ok(documents), Ok(lists)) => (documents, lists),
        (Err(message), _) | (_, Err(message)) => return usage_error(message),
    };
    let trusted_issuers = match args.trust_list.as_ref().map(read_trust_list).transpose() {
        Ok(trusted) => trusted,
        Err(message) => return usage_error(message),
    };
    let mut unfetched_lists = Vec::new();
    let mut did_failures = Vec::new();
    if args.online
        && let Ok(parsed) = vc::json::parse(&credential)
    {
        let fetched = match fetch_missing(&parsed, &documents, &lists, args.allow_http_localhost) {
            Ok(fetched) => fetched,
            Err(message) => return usage_error(message),
        };
        for failure in &fetched.did_failures {
            eprintln!("warning: {failure}");
        }
        did_failures = fetched.did_failures;
        documents.extend(fetched.documents);
        lists.extend(fetched.lists);
        unfetched_lists = fetched.list_failures;
    }
    let now = now_rfc3339();
    let inputs = vc::verify::VerifyInputs {
        did_documents: &documents,
        status_lists: &lists,
        trusted_issuers: trusted_issuers.as_deref(),
        now: Some(&now),
    };
    let mut report = vc::verify::verify_bytes(vc::contexts::processor(), &credential, &inputs);
    fail_status_for_unfetched_lists(&mut report, &unfetched_lists);
    name_unfetched_documents(&mut report, &did_failures);
    if args.json {
        let mut text =
            serde_json::to_string_pretty(&report.to_json(model::UiLang::En)).unwrap_or_default();
        text.push('\n');
        print!("{text}");
    } else {
        print!("{}", report.to_text());
    }
    Outcome {
        status: if report.verified { 0 } else { 1 },
    }
}

/// What `--online` fetched, and what it could not.
#[derive(Default)]
struct Fetched {
    documents: Vec<Value>,
    lists: Vec<Value>,
    did_failures: Vec<String>,
    /// (status-list URL, why it could not be fetched).
    list_failures: Vec<(String, fetch::FetchError)>,
}

/// The verifier already fails a status check whose list it was not given ("not available");
/// this names the cause, and keeps the check failed whatever else it said: a status list that
/// cannot be fetched is never a pass (design.md §5).
fn fail_status_for_unfetched_lists(
    report: &mut VerificationReport,
    unfetched: &[(String, fetch::FetchError)],
) {
    if unfetched.is_empty() {
        return;
    }
    let Some(status) = report.checks.iter_mut().find(|c| c.check == checks::STATUS) else {
        return;
    };
    let mut reasons: Vec<String> = unfetched
        .iter()
        .map(|(url, error)| {
            format!(
                "status list {url} could not be fetched: {error} [{}]",
                error.code()
            )
        })
        .collect();
    let merely_missing = unfetched
        .iter()
        .any(|(url, _)| status.reason == format!("status list {url} not available"));
    if status.outcome == CheckOutcome::Failed && !merely_missing {
        reasons.push(status.reason.clone());
    }
    status.outcome = CheckOutcome::Failed;
    status.reason = reasons.join("; ");
    report.verified = false;
}

/// A proof that could not be checked for want of a DID document says why it was not fetched.
fn name_unfetched_documents(report: &mut VerificationReport, failures: &[String]) {
    if failures.is_empty() {
        return;
    }
    for check in &mut report.checks {
        if check.check == checks::PROOF && check.outcome == CheckOutcome::NotChecked {
            check.reason = format!("{}; {}", check.reason, failures.join("; "));
        }
    }
}

/// Fetch, on a runtime of its own (this command runs inside the binary's runtime, which it
/// must not block), the did:web documents and status lists not already given as files.
fn fetch_missing(
    credential: &Value,
    documents: &[Value],
    lists: &[Value],
    allow_http_localhost: bool,
) -> Result<Fetched, String> {
    let policy = fetch::FetchPolicy {
        allow_http_localhost,
        ..fetch::FetchPolicy::default()
    };
    let fetcher = fetch::SafeFetcher::new(policy).map_err(|error| error.to_string())?;
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|error| format!("cannot start the fetch runtime: {error}"))?;
                Ok(runtime.block_on(fetch_online(&fetcher, credential, documents, lists)))
            })
            .join()
            .map_err(|_| "the fetch thread failed".to_owned())?
    })
}

fn id_of(document: &Value) -> Option<&str> {
    document.get("id").and_then(Value::as_str)
}

/// The DIDs a credential's verification needs (its signed issuer's and its proof's
/// verification method's), read as verification reads them.
fn dids_needed(document: &Value) -> Vec<String> {
    vc::verify::prepare(vc::contexts::processor(), document).dids_needed()
}

async fn fetch_online(
    fetcher: &fetch::SafeFetcher,
    credential: &Value,
    documents: &[Value],
    lists: &[Value],
) -> Fetched {
    let mut fetched = Fetched::default();
    let mut wanted_dids = dids_needed(credential);
    let urls = vc::verify::prepare(vc::contexts::processor(), credential).status_lists_needed();
    let mut seen_urls: Vec<&str> = lists.iter().filter_map(id_of).collect();
    for url in &urls {
        let url = url.as_str();
        if seen_urls.contains(&url) {
            continue;
        }
        seen_urls.push(url);
        let list = fetcher.get_json(url).await.and_then(|list| {
            // The verifier finds a list by its id; one served under another id is not it.
            if id_of(&list) == Some(url) {
                Ok(list)
            } else {
                Err(fetch::FetchError::NotJson {
                    url: url.to_owned(),
                    reason: format!("the status-list credential's id is {:?}", id_of(&list)),
                })
            }
        });
        match list {
            Ok(list) => {
                wanted_dids.extend(dids_needed(&list));
                fetched.lists.push(list);
            }
            Err(error) => fetched.list_failures.push((url.to_owned(), error)),
        }
    }
    let mut seen_dids: Vec<String> = documents
        .iter()
        .filter_map(id_of)
        .map(str::to_owned)
        .collect();
    for did in wanted_dids {
        if !did.starts_with("did:web:") || seen_dids.contains(&did) {
            continue;
        }
        match fetcher.resolve_did_web(&did).await {
            Ok(document) => fetched.documents.push(document),
            Err(error) => fetched.did_failures.push(format!(
                "DID document of {did} not fetched: {error} [{}]",
                error.code()
            )),
        }
        seen_dids.push(did);
    }
    fetched
}
