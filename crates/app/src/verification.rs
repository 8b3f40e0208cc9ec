//! Verifying any credential for anyone: the register supplies what the credential engine needs
//! besides the document — its own providers' DID documents and status lists straight from the
//! database, foreign ones through an optional `Resolver` (the binary wires one with SSRF
//! protection; without it they count as unavailable, which fails the status check) — and its
//! trust list: the providers it has published plus imported trusted issuers.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, PoisonError};

use model::{CredentialId, Vocabulary};
use serde_json::Value;
use store::Store;
use vc::report::{Outcome, VerificationReport, checks};
use vc::verify::{CheckedStatusList, VerifyInputs};

use crate::App;
use crate::error::AppResult;
use crate::status::StatusListId;

/// Largest credential accepted for verification (the engine refuses larger input too).
pub const MAX_CREDENTIAL_BYTES: usize = vc::json::MAX_INPUT_BYTES;

/// Boxed future of a resolver answer.
pub type Resolving<'a> = Pin<Box<dyn Future<Output = Result<Value, String>> + Send + 'a>>;

/// Fetches what lives outside this register: a foreign `did:web` document, a foreign status
/// list. An error is a sentence saying why it could not be fetched.
pub trait Resolver: Send + Sync {
    fn resolve_did<'a>(&'a self, did: &'a str) -> Resolving<'a>;
    fn fetch_status_list<'a>(&'a self, url: &'a str) -> Resolving<'a>;
}

/// This register's status lists as verified, by URL: (revision, report).
pub(crate) type CheckedLists = std::sync::Mutex<HashMap<String, (u64, Arc<CheckedStatusList>)>>;

/// What `App::status_lists_for` found for a credential.
#[derive(Default)]
struct FoundLists {
    /// This register's own lists, verified.
    checked: Vec<Arc<CheckedStatusList>>,
    /// Lists of other registers, fetched, for the engine to verify.
    fetched: Vec<Value>,
    /// The publication status of each provider whose list was read, read with the list.
    provider_statuses: HashMap<String, model::PublicationStatus>,
}

/// This register's providers' DID documents as last read, by provider id. Reading a
/// provider's keys was one of a verification's four SQL round trips. Keeping the document
/// needs no invalidation because a provider's keys only grow: a key is added (rotation
/// retires the old one but keeps it listed, so that older credentials still verify), never
/// removed, and its public half never changes (re-sealing checks it). A kept document is
/// therefore the current one or a part of it, and one that lacks the verification method a
/// credential names is read again — by any server, whichever one added the key.
#[derive(Default)]
pub(crate) struct KeptDidDocuments(std::sync::Mutex<HashMap<String, Value>>);

/// Providers whose documents are kept at most; past it the cache starts over.
const KEPT_DID_DOCUMENTS: usize = 10_000;

impl KeptDidDocuments {
    /// The kept document of `provider`, if it lists `method`.
    fn lookup(&self, provider: &str, method: &str) -> Option<Value> {
        let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let document = kept.get(provider)?;
        let listed = document
            .get("verificationMethod")
            .and_then(Value::as_array)
            .is_some_and(|methods| {
                methods
                    .iter()
                    .any(|listed| listed.get("id").and_then(Value::as_str) == Some(method))
            });
        listed.then(|| document.clone())
    }

    fn keep(&self, provider: &str, document: &Value) {
        let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= KEPT_DID_DOCUMENTS {
            kept.clear();
        }
        kept.insert(provider.to_owned(), document.clone());
    }
}

/// The outcome of a verification. What the credential says is read from the report's signed
/// graph (`report.content(lang)`), never from the submitted JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Verification {
    pub report: VerificationReport,
    /// What the register knows of the credential beyond its own checks (empty when the
    /// signature did not verify: nothing in it can be vouched for).
    pub register: RegisterFindings,
}

/// The register's findings about a verified credential: the state of a stacked credential's
/// parts (a part revoked after the award is reported, not hidden) and the recognition
/// decisions that apply to it today.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct RegisterFindings {
    pub parts: Vec<PartFinding>,
    pub recognitions: Vec<crate::recognition::DecisionView>,
}

/// One part of a stacked credential and its state now.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct PartFinding {
    pub credential_id: String,
    pub name: String,
    /// `active`, `suspended`, `revoked`, or `not_checked` for a part issued elsewhere.
    pub state: String,
}

impl RegisterFindings {
    /// Whether a part was revoked or suspended since the award.
    pub fn part_withdrawn(&self) -> bool {
        self.parts
            .iter()
            .any(|part| part.state == "revoked" || part.state == "suspended")
    }
}

impl<S: Store> App<S> {
    /// Sets the resolver for foreign DID documents and status lists.
    pub fn with_resolver(mut self, resolver: Arc<dyn Resolver>) -> App<S> {
        self.resolver = Some(resolver);
        self
    }

    /// Which of `candidates` (DIDs) the register trusts: a published provider of its own (one
    /// read each), or an issuer of an imported trust list. The whole trust list reads every
    /// provider's record; a verification needs only its issuer's (measured: it was most of a
    /// verification's time on the demo register).
    pub async fn trusted_among(&self, candidates: &[String]) -> AppResult<Vec<String>> {
        self.trusted_knowing(candidates, &HashMap::new()).await
    }

    /// [`Self::trusted_among`], with the statuses of providers already read in this request
    /// (with their status lists) not read again.
    async fn trusted_knowing(
        &self,
        candidates: &[String],
        known: &HashMap<String, model::PublicationStatus>,
    ) -> AppResult<Vec<String>> {
        let mut trusted = Vec::new();
        let mut imported: Option<Vec<String>> = None;
        for (index, did) in candidates.iter().enumerate() {
            // A credential names its issuer's DID twice (issuer and verification method): each
            // DID is looked up once.
            if candidates[..index].contains(did) {
                continue;
            }
            let is_trusted = match self.issuing().provider_of_did(did) {
                Some(provider) => match known.get(provider.as_str()) {
                    Some(status) => *status == model::PublicationStatus::Published,
                    None => match self.store.provider_status(&provider).await {
                        Ok(status) => status == model::PublicationStatus::Published,
                        Err(store::StoreError::NotFound) => false,
                        Err(error) => return Err(error.into()),
                    },
                },
                None => {
                    if imported.is_none() {
                        imported = Some(
                            self.store
                                .list_trusted_issuers()
                                .await?
                                .into_iter()
                                .map(|issuer| issuer.id)
                                .collect(),
                        );
                    }
                    imported.as_ref().is_some_and(|ids| ids.contains(did))
                }
            };
            if is_trusted && !trusted.contains(did) {
                trusted.push(did.clone());
            }
        }
        Ok(trusted)
    }

    /// Verifies credential bytes (a file, pasted JSON, a request body).
    pub async fn verify_credential(&self, bytes: &[u8]) -> AppResult<Verification> {
        self.verify_parsed(vc::json::parse(bytes)).await
    }

    /// Verifies a credential the strict JSON reader has read already (`parsed` is its answer):
    /// a request that could carry a presentation is read once to tell which it is, not again
    /// to verify it, and a presentation's credentials are not written out and read again.
    pub async fn verify_parsed(&self, parsed: vc::Result<Value>) -> AppResult<Verification> {
        let processor = vc::contexts::processor();
        let credential = match parsed {
            Ok(credential) => credential,
            Err(error) => {
                let report = vc::verify::unreadable(&error);
                self.counters().count_verification(false);
                return Ok(Verification {
                    report,
                    register: RegisterFindings::default(),
                });
            }
        };
        // What to fetch is read from the signed data, as the checks are.
        let prepared = vc::verify::prepare(processor, &credential);
        let mut notes = Vec::new();
        let did_documents = self
            .did_documents_for(
                &prepared.dids_needed(),
                prepared.verification_method(),
                &mut notes,
            )
            .await;
        let lists = self
            .status_lists_for(&prepared.status_lists_needed(), &did_documents, &mut notes)
            .await;
        // After the lists: one this register signed just now is valid from this second.
        let now = vc::ob3::timestamp(self.now());
        let mut candidates = prepared.dids_needed();
        let issuer = match credential.get("issuer") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Object(profile)) => {
                profile.get("id").and_then(Value::as_str).map(str::to_owned)
            }
            _ => None,
        };
        candidates.extend(issuer);
        let trusted = self
            .trusted_knowing(&candidates, &lists.provider_statuses)
            .await?;
        let inputs = VerifyInputs {
            did_documents: &did_documents,
            status_lists: &lists.fetched,
            trusted_issuers: Some(&trusted),
            now: Some(&now),
        };
        let checked: Vec<&CheckedStatusList> = lists.checked.iter().map(Arc::as_ref).collect();
        let mut report = prepared.verify_with(processor, &inputs, &checked);
        explain(&mut report, &notes);
        let register = if report.signed.is_some() {
            self.findings(&credential).await?
        } else {
            RegisterFindings::default()
        };
        self.counters().count_verification(report.verified);
        Ok(Verification { report, register })
    }

    /// What the register knows of a credential whose signature verified: its JSON then says
    /// only what the signed graph says (safe mode leaves no term out), so it is read here.
    async fn findings(&self, credential: &Value) -> AppResult<RegisterFindings> {
        let mut findings = RegisterFindings::default();
        let evidence = match credential.get("evidence") {
            Some(Value::Array(all)) => all.iter().collect(),
            Some(one) => vec![one],
            None => Vec::new(),
        };
        for item in evidence {
            if item.get("genre").and_then(Value::as_str) != Some(vc::ob3::PART_GENRE) {
                continue;
            }
            let Some(id) = item.get("id").and_then(Value::as_str) else {
                continue;
            };
            let state = match self.part_state(id).await {
                Some(state) => state.code().to_owned(),
                None => "not_checked".to_owned(),
            };
            findings.parts.push(PartFinding {
                credential_id: id.to_owned(),
                name: item
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                state,
            });
        }
        if let Some(id) = credential.get("id").and_then(Value::as_str) {
            let offering = credential
                .pointer("/credentialSubject/achievement/id")
                .and_then(Value::as_str)
                .and_then(|achievement| self.offering_of_achievement(achievement));
            findings.recognitions = self
                .recognitions_of_credential(id, offering.as_ref())
                .await?;
        }
        Ok(findings)
    }

    /// Verifies a credential stored here, by id (the target of a certificate's QR code).
    pub async fn verify_stored_credential(&self, id: &CredentialId) -> AppResult<Verification> {
        let stored = self.stored_credential(id).await?;
        let bytes = serde_json::to_vec(&stored.credential).unwrap_or_default();
        self.verify_credential(&bytes).await
    }

    pub(crate) async fn did_documents_for(
        &self,
        dids: &[String],
        method: Option<&str>,
        notes: &mut Vec<String>,
    ) -> Vec<Value> {
        let mut documents = Vec::new();
        for did in dids.iter().filter(|did| did.starts_with("did:web:")) {
            if let Some(provider) = self.issuing().provider_of_did(did) {
                // Kept documents serve only the DID of the method they list; any other need
                // (an issuer signing with another DID's key, no readable proof) reads afresh.
                let kept = method
                    .filter(|method| method.split('#').next() == Some(did.as_str()))
                    .and_then(|method| self.kept_did_documents.lookup(provider.as_str(), method));
                if let Some(kept) = kept {
                    documents.push(kept);
                    continue;
                }
                match self.did_document(&provider).await {
                    Ok(document) => {
                        self.kept_did_documents.keep(provider.as_str(), &document);
                        documents.push(document);
                    }
                    Err(error) => notes.push(format!("{did}: {error}")),
                }
            } else if let Some(resolver) = &self.resolver {
                match resolver.resolve_did(did).await {
                    Ok(document) => documents.push(document),
                    Err(reason) => notes.push(format!("{did} could not be resolved: {reason}")),
                }
            } else {
                notes.push(format!(
                    "{did} is not a provider of this register, and this register does not fetch from the network"
                ));
            }
        }
        documents
    }

    /// The status lists a credential names: this register's own as reports verified once per
    /// list revision (kept in memory: re-verifying two signed 16 KB lists for every credential
    /// was most of a verification's cost), others fetched as documents to verify.
    async fn status_lists_for(
        &self,
        urls: &[String],
        did_documents: &[Value],
        notes: &mut Vec<String>,
    ) -> FoundLists {
        let own_prefix = format!(
            "{}/status/",
            self.issuing().register_url.trim_end_matches('/')
        );
        let mut found = FoundLists::default();
        // A credential's revocation and suspension lists are two purposes of one list: one
        // revision, read once.
        let mut revisions: HashMap<(String, u32), u64> = HashMap::new();
        for url in urls {
            if let Some(id) = url.strip_prefix(&own_prefix) {
                let Some(id) = StatusListId::parse(id) else {
                    notes.push(format!("status list {url}: no such status list here"));
                    continue;
                };
                let key = (id.provider.as_str().to_owned(), id.list);
                let revision = match revisions.get(&key) {
                    Some(revision) => *revision,
                    None => match self
                        .store
                        .status_list_revision_and_provider_status(&id.provider, id.list)
                        .await
                    {
                        Ok((revision, provider_status)) => {
                            found
                                .provider_statuses
                                .insert(id.provider.as_str().to_owned(), provider_status);
                            *revisions.entry(key).or_insert(revision)
                        }
                        Err(error) => {
                            notes.push(format!("status list {url}: {error}"));
                            continue;
                        }
                    },
                };
                match self
                    .own_status_list(url, &id, revision, did_documents)
                    .await
                {
                    Ok(list) => found.checked.push(list),
                    Err(reason) => notes.push(format!("status list {url}: {reason}")),
                }
            } else if let Some(resolver) = &self.resolver {
                match resolver.fetch_status_list(url).await {
                    Ok(list) => found.fetched.push(list),
                    Err(reason) => {
                        notes.push(format!("status list {url} could not be fetched: {reason}"))
                    }
                }
            } else {
                notes.push(format!(
                    "status list {url} lies outside this register, which does not fetch from the network"
                ));
            }
        }
        found
    }

    /// One of this register's status lists, verified — from memory while its revision (read by
    /// the caller) holds.
    async fn own_status_list(
        &self,
        url: &str,
        id: &StatusListId,
        revision: u64,
        did_documents: &[Value],
    ) -> Result<Arc<CheckedStatusList>, String> {
        let remembered = |lists: &HashMap<String, (u64, Arc<CheckedStatusList>)>| {
            lists
                .get(url)
                .filter(|(at, _)| *at == revision)
                .map(|(_, list)| list.clone())
        };
        if let Some(list) = self
            .checked_lists
            .lock()
            .ok()
            .and_then(|lists| remembered(&lists))
        {
            return Ok(list);
        }
        let published = self
            .status_list(id)
            .await
            .map_err(|error| error.to_string())?;
        let document: Value =
            serde_json::from_str(&published.document).map_err(|error| error.to_string())?;
        // Read after the list was (perhaps) signed just now: its `validFrom` is not in the future.
        let now = vc::ob3::timestamp(self.now());
        let list = Arc::new(CheckedStatusList::check(
            vc::contexts::processor(),
            &document,
            &VerifyInputs {
                did_documents,
                now: Some(&now),
                ..VerifyInputs::default()
            },
        ));
        if list.is_authentic()
            && let Ok(mut lists) = self.checked_lists.lock()
        {
            lists.insert(url.to_owned(), (published.revision, list.clone()));
        }
        Ok(list)
    }
}

/// Adds why a document was unavailable to the checks that failed or could not run for it.
fn explain(report: &mut VerificationReport, notes: &[String]) {
    if notes.is_empty() {
        return;
    }
    for check in &mut report.checks {
        let relevant = match check.check.as_str() {
            checks::STATUS => check.outcome == Outcome::Failed,
            checks::PROOF | checks::VERIFICATION_METHOD => check.outcome == Outcome::NotChecked,
            _ => false,
        };
        if relevant {
            check.reason = format!("{} ({})", check.reason, notes.join("; "));
        }
    }
}
