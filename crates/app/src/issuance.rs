//! Issuing credentials for passed results, correcting them, and changing their status
//! (suspend, reinstate, revoke). A credential is rendered as an Open Badges 3.0
//! micro-credential, signed with the provider's key and stored in the same transaction as
//! whatever it was issued with; it is acknowledged only once that transaction is durable.

use std::collections::{HashMap, HashSet};

use model::credential::{IssuedMicroCredential, StatusEntry, StatusPurpose};
use model::learning::StatusChange;
use model::{
    Assessment, AssessmentId, CredentialId, CredentialRecord, CredentialState, Enrolment, Offering,
    OfferingId, PublicationStatus, ValidationErrors, ViolationCode,
};
use serde_json::Value;
use store::{CredentialFilter, CredentialStateChange, LearningBatch, Store, StoreError};

use crate::App;
use crate::auth::IssuerRight;
use crate::error::{AppError, AppResult};
use crate::signing::ProviderSigner;
use crate::status::{ListPurpose, StatusListId};

/// Longest reason kept with a status change.
pub const MAX_REASON_CHARS: usize = 500;
/// Batches at least this large are signed on every core.
const PARALLEL_SIGNING_FROM: usize = 32;

/// Signed credentials waiting to be stored, with the results they are for.
type SignedBatch = (Vec<CredentialRecord>, Vec<(Enrolment, Assessment)>);

/// A credential to sign: the bundle and where its status bits live.
struct Pending {
    issued: IssuedMicroCredential,
    enrolment: Enrolment,
    assessment: Assessment,
    slot: model::StatusSlot,
}

impl<S: Store> App<S> {
    /// The offering as it was at `version` (the credential states what the learner was
    /// assessed against), with its current publication state.
    async fn offering_at(&self, id: &OfferingId, version: u32) -> AppResult<Offering> {
        let mut offering = self
            .store
            .get_offering(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("offering `{id}`")))?;
        if offering.version != version {
            let old = self
                .store
                .get_offering_version(id, version)
                .await
                .map_err(|error| {
                    AppError::from_store(error, || format!("version {version} of offering `{id}`"))
                })?;
            offering.version = old.version;
            offering.content = old.content;
        }
        Ok(offering)
    }

    /// Renders and signs one credential per (enrolment, passed assessment). Nothing is stored.
    pub(crate) async fn prepare_credentials(
        &self,
        right: &IssuerRight,
        items: &[(Enrolment, Assessment)],
    ) -> AppResult<Vec<CredentialRecord>> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let now = self.now();
        let (signer, pending) = self
            .plan_credentials(right, items, &HashSet::new(), &|_| now)
            .await?;
        sign_all(&signer, pending)
    }

    /// Issues and stores credentials dated `issued_at(assessment)` rather than now: for the
    /// demo register's five years of history only.
    pub(crate) async fn issue_dated(
        &self,
        right: &IssuerRight,
        items: &[(Enrolment, Assessment)],
        issued_at: &(dyn Fn(&Assessment) -> time::OffsetDateTime + Sync),
    ) -> AppResult<Vec<CredentialRecord>> {
        let (signer, pending) = self
            .plan_credentials(right, items, &HashSet::new(), issued_at)
            .await?;
        let mut batch = LearningBatch {
            credentials: sign_all(&signer, pending)?,
            ..LearningBatch::default()
        };
        self.store.apply_learning_batch(&batch).await?;
        Ok(std::mem::take(&mut batch.credentials))
    }

    /// Everything of issuance but the signing: the bundles, checked, with fresh status slots
    /// (none of `reserved`, which a batch still being stored holds).
    async fn plan_credentials(
        &self,
        right: &IssuerRight,
        items: &[(Enrolment, Assessment)],
        reserved: &HashSet<model::StatusSlot>,
        issued_at: &(dyn Fn(&Assessment) -> time::OffsetDateTime + Sync),
    ) -> AppResult<(ProviderSigner, Vec<Pending>)> {
        let provider = self.load_provider(right.provider()).await?;
        if provider.status != PublicationStatus::Published {
            return Err(AppError::InvalidState(format!(
                "provider `{}` is {}; a platform admin publishes (approves) a provider before it issues credentials",
                provider.id, provider.status
            )));
        }
        let signer = self.signer(&provider).await?;
        let slots = self
            .allocate_status_slots(&provider.id, items.len(), reserved)
            .await?;
        let mut offerings: HashMap<(OfferingId, u32), Offering> = HashMap::new();
        let mut bodies: HashMap<OfferingId, Vec<model::Provider>> = HashMap::new();
        let mut pending = Vec::with_capacity(items.len());
        for ((enrolment, assessment), slot) in items.iter().zip(slots) {
            if &assessment.provider_id != right.provider() {
                return Err(AppError::Forbidden(format!(
                    "assessment `{}` belongs to another provider",
                    assessment.id
                )));
            }
            let key = (assessment.offering_id.clone(), assessment.offering_version);
            if !offerings.contains_key(&key) {
                let offering = self
                    .offering_at(&assessment.offering_id, assessment.offering_version)
                    .await?;
                offerings.insert(key.clone(), offering);
            }
            let offering = offerings[&key].clone();
            if !bodies.contains_key(&offering.id) {
                let mut providers = Vec::new();
                for body in &offering.content.awarding_bodies {
                    providers.push(self.load_provider(body).await?);
                }
                bodies.insert(offering.id.clone(), providers);
            }
            let list = |purpose| {
                self.status_list_url(&StatusListId {
                    provider: provider.id.clone(),
                    list: slot.list,
                    purpose,
                })
            };
            let issued = IssuedMicroCredential {
                id: format!("urn:uuid:{}", self.random_uuid()),
                issued_at: issued_at(assessment),
                valid_from: None,
                valid_until: None,
                register_url: self.issuing().register_url.clone(),
                issuer: provider.clone(),
                awarding_bodies: bodies[&offering.id].clone(),
                offering,
                learner: enrolment.learner.clone(),
                outcome: assessment.outcome.clone(),
                status: vec![
                    StatusEntry {
                        list_url: list(ListPurpose::Revocation),
                        index: u64::from(slot.index),
                        purpose: StatusPurpose::Revocation,
                    },
                    StatusEntry {
                        list_url: list(ListPurpose::Suspension),
                        index: u64::from(slot.index),
                        purpose: StatusPurpose::Suspension,
                    },
                ],
            };
            issued.validate()?;
            pending.push(Pending {
                issued,
                enrolment: enrolment.clone(),
                assessment: assessment.clone(),
                slot,
            });
        }
        Ok((signer, pending))
    }

    /// Stores `batch` with credentials for `items`, drawing new status slots and signing again
    /// if a slot was taken meanwhile by a concurrent issuance. A second credential for the
    /// same assessment is `Conflict`.
    pub(crate) async fn store_with_credentials(
        &self,
        right: &IssuerRight,
        batch: &mut LearningBatch,
        items: &[(Enrolment, Assessment)],
    ) -> AppResult<Vec<CredentialRecord>> {
        let mut last = String::new();
        for _ in 0..4 {
            batch.credentials = self.prepare_credentials(right, items).await?;
            match self.store.apply_learning_batch(batch).await {
                Ok(()) => return Ok(std::mem::take(&mut batch.credentials)),
                Err(StoreError::Conflict(message)) => {
                    for (_, assessment) in items {
                        if let Some(existing) =
                            self.store.credential_for_assessment(&assessment.id).await?
                        {
                            return Err(AppError::Conflict(format!(
                                "assessment `{}` already has credential {}",
                                assessment.id,
                                existing.id.urn()
                            )));
                        }
                    }
                    last = message;
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict(format!(
            "the credentials could not be stored: {last}"
        )))
    }

    /// Issues the credential for a passed assessment.
    pub async fn issue_credential(
        &self,
        right: &IssuerRight,
        assessment: &AssessmentId,
    ) -> AppResult<CredentialRecord> {
        let assessment = self.assessment(right, assessment).await?;
        if !assessment.outcome.passed {
            return Err(ValidationErrors::single(
                "assessment_id",
                ViolationCode::InvalidValue,
                format!(
                    "assessment `{}` was not passed; a credential is issued only for a passed assessment",
                    assessment.id
                ),
            )
            .into());
        }
        let enrolment = self.enrolment(right, &assessment.enrolment_id).await?;
        let mut batch = LearningBatch::default();
        let mut issued = self
            .store_with_credentials(right, &mut batch, &[(enrolment, assessment)])
            .await?;
        issued
            .pop()
            .ok_or_else(|| AppError::InvalidState("nothing was issued".to_owned()))
    }

    /// Issues credentials for up to `limit` passed results of the provider (of one offering,
    /// if given) whose learner has none yet, in batches of `batch` per transaction. Returns
    /// how many were issued.
    ///
    /// Pipelined: while one batch is being written (the database's own thread), the next is
    /// signed on other threads, so throughput is that of the slower of the two, not their sum.
    pub async fn issue_pending(
        &self,
        right: &IssuerRight,
        offering: Option<&OfferingId>,
        limit: usize,
        batch: usize,
    ) -> AppResult<usize> {
        if let Some(offering) = offering {
            self.offering_for_issuer(right, offering).await?;
        }
        let batch = batch.clamp(1, 5_000);
        let mut issued = 0;
        let mut cursor: Option<AssessmentId> = None;
        let mut in_flight_enrolments: HashSet<model::EnrolmentId> = HashSet::new();
        // The signed batch waiting to be written, with its items (to redo it on a clash).
        let mut waiting: Option<SignedBatch> = None;
        let mut planned = 0;
        loop {
            let mut next = Vec::new();
            if planned < limit {
                let size = batch.min(limit - planned);
                let page = self
                    .store
                    .pending_issuance(right.provider(), offering, cursor.as_ref(), size)
                    .await?;
                cursor = page.last().map(|(_, assessment)| assessment.id.clone());
                next = page
                    .into_iter()
                    .filter(|(enrolment, _)| in_flight_enrolments.insert(enrolment.id.clone()))
                    .collect();
                planned += next.len();
            }
            if next.is_empty() && waiting.is_none() {
                break;
            }
            let reserved: HashSet<model::StatusSlot> = waiting
                .as_ref()
                .map(|(credentials, _)| credentials.iter().map(|c| c.status_slot).collect())
                .unwrap_or_default();
            let signing = if next.is_empty() {
                None
            } else {
                let now = self.now();
                let (signer, pending) = self
                    .plan_credentials(right, &next, &reserved, &|_| now)
                    .await?;
                Some(std::thread::spawn(move || sign_all(&signer, pending)))
            };
            if let Some((credentials, items)) = waiting.take() {
                issued += self.store_signed(right, credentials, &items).await?;
            }
            if let Some(signing) = signing {
                let credentials = signing.join().unwrap_or_else(|_| {
                    Err(AppError::InvalidState("a signing thread failed".to_owned()))
                })?;
                waiting = Some((credentials, next));
            }
        }
        Ok(issued)
    }

    /// Stores signed credentials; if a concurrent issuance took one of their status slots
    /// meanwhile, draws new slots and signs again.
    async fn store_signed(
        &self,
        right: &IssuerRight,
        credentials: Vec<CredentialRecord>,
        items: &[(Enrolment, Assessment)],
    ) -> AppResult<usize> {
        let mut batch = LearningBatch {
            credentials,
            ..LearningBatch::default()
        };
        match self.store.apply_learning_batch(&batch).await {
            Ok(()) => Ok(batch.credentials.len()),
            Err(StoreError::Conflict(_)) => {
                batch.credentials.clear();
                Ok(self
                    .store_with_credentials(right, &mut batch, items)
                    .await?
                    .len())
            }
            Err(other) => Err(other.into()),
        }
    }

    /// A credential of the issuer's provider.
    pub async fn credential(
        &self,
        right: &IssuerRight,
        id: &CredentialId,
    ) -> AppResult<CredentialRecord> {
        let credential = self.stored_credential(id).await?;
        if &credential.provider_id != right.provider() {
            return Err(AppError::Forbidden(format!(
                "credential {} belongs to another provider",
                id.urn()
            )));
        }
        Ok(credential)
    }

    /// A stored credential by id, for whoever holds the id (the verification page, the
    /// downloads behind a certificate's QR code): the id is a random UUID, as unguessable as a
    /// share link.
    pub async fn stored_credential(&self, id: &CredentialId) -> AppResult<CredentialRecord> {
        self.store
            .get_credential(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("credential {}", id.urn())))
    }

    /// The bundle a stored credential was rendered from, rebuilt from the register: for the
    /// ELM export, which states the same award in the European Learning Model.
    pub async fn credential_bundle(
        &self,
        record: &CredentialRecord,
    ) -> AppResult<IssuedMicroCredential> {
        let assessment = self
            .store
            .get_assessment(&record.assessment_id)
            .await
            .map_err(|error| {
                AppError::from_store(error, || "the credential's assessment".to_owned())
            })?;
        let enrolment = self
            .store
            .get_enrolment(&record.enrolment_id)
            .await
            .map_err(|error| {
                AppError::from_store(error, || "the credential's enrolment".to_owned())
            })?;
        let mut offering = self
            .offering_at(&assessment.offering_id, assessment.offering_version)
            .await?;
        // The award stands as issued, whatever happened to the offering since.
        offering.status = PublicationStatus::Published;
        let issuer = self.load_provider(&record.provider_id).await?;
        let mut awarding_bodies = Vec::new();
        for body in &offering.content.awarding_bodies {
            awarding_bodies.push(self.load_provider(body).await?);
        }
        let list = |purpose| {
            self.status_list_url(&StatusListId {
                provider: record.provider_id.clone(),
                list: record.status_slot.list,
                purpose,
            })
        };
        Ok(IssuedMicroCredential {
            id: record.id.urn(),
            issued_at: record.issued_at,
            valid_from: None,
            valid_until: None,
            register_url: self.issuing().register_url.clone(),
            issuer,
            awarding_bodies,
            offering,
            learner: enrolment.learner,
            outcome: assessment.outcome,
            status: vec![
                StatusEntry {
                    list_url: list(ListPurpose::Revocation),
                    index: u64::from(record.status_slot.index),
                    purpose: StatusPurpose::Revocation,
                },
                StatusEntry {
                    list_url: list(ListPurpose::Suspension),
                    index: u64::from(record.status_slot.index),
                    purpose: StatusPurpose::Suspension,
                },
            ],
        })
    }

    /// The ELM 3 (Europass) export of a stored credential, unsigned.
    pub async fn elm_export(&self, id: &CredentialId) -> AppResult<Value> {
        let record = self.stored_credential(id).await?;
        let bundle = self.credential_bundle(&record).await?;
        Ok(vc::elm::render_elm(
            &bundle,
            &self.provider_did(&record.provider_id),
        ))
    }

    /// The provider's credentials, newest first: the total and one page.
    pub async fn credentials(
        &self,
        right: &IssuerRight,
        mut filter: CredentialFilter,
    ) -> AppResult<(usize, Vec<CredentialRecord>)> {
        if let Some(offering) = &filter.offering {
            self.offering_for_issuer(right, offering).await?;
        }
        filter.provider = Some(right.provider().clone());
        filter.limit = filter.limit.clamp(1, 1_000);
        Ok(self.store.list_credentials(&filter).await?)
    }

    /// Suspends, reinstates or revokes a credential. Revocation is final. The change shows in
    /// the next fetch of the status list.
    pub async fn change_credential_status(
        &self,
        right: &IssuerRight,
        id: &CredentialId,
        change: StatusChange,
        reason: &str,
    ) -> AppResult<CredentialRecord> {
        let reason = check_reason(reason)?;
        let credential = self.credential(right, id).await?;
        let to = change
            .apply(credential.state)
            .map_err(|message| AppError::InvalidState(message.to_owned()))?;
        let batch = LearningBatch {
            state_changes: vec![CredentialStateChange {
                id: credential.id.clone(),
                from: credential.state,
                to,
                reason,
                at: self.now(),
                replaced_by: None,
            }],
            ..LearningBatch::default()
        };
        self.store
            .apply_learning_batch(&batch)
            .await
            .map_err(|error| match error {
                StoreError::Conflict(message) => AppError::Conflict(message),
                other => other.into(),
            })?;
        self.stored_credential(id).await
    }

    /// Corrects a credential: records the corrected result as a new assessment, issues a new
    /// credential for it and revokes the old one with `reason`, all in one transaction.
    /// `outcome` replaces the old result when given (otherwise it is re-issued as it was, e.g.
    /// after the offering's record was fixed).
    pub async fn correct_credential(
        &self,
        right: &IssuerRight,
        id: &CredentialId,
        outcome: Option<model::AssessmentOutcome>,
        reason: &str,
    ) -> AppResult<CredentialRecord> {
        let reason = check_reason(reason)?;
        let old = self.credential(right, id).await?;
        if old.state == CredentialState::Revoked {
            return Err(AppError::InvalidState(format!(
                "credential {} is revoked; a revoked credential cannot be corrected",
                id.urn()
            )));
        }
        let enrolment = self.enrolment(right, &old.enrolment_id).await?;
        let previous = self.assessment(right, &old.assessment_id).await?;
        let outcome = outcome.unwrap_or(previous.outcome.clone());
        if !outcome.passed {
            return Err(ValidationErrors::single(
                "outcome.passed",
                ViolationCode::InvalidValue,
                "a correction issues a new credential, so the corrected result must be passed; to withdraw the credential, revoke it",
            )
            .into());
        }
        let offering = self
            .offering_for_issuer(right, &enrolment.offering_id)
            .await?;
        crate::learning::check_result(&enrolment, &offering, &outcome, self.now().date())?;
        let assessment = Assessment {
            id: self.new_assessment_id()?,
            enrolment_id: enrolment.id.clone(),
            provider_id: enrolment.provider_id.clone(),
            offering_id: previous.offering_id.clone(),
            offering_version: previous.offering_version,
            outcome,
            recorded_at: self.now(),
        };
        let mut batch = LearningBatch {
            assessments: vec![assessment.clone()],
            ..LearningBatch::default()
        };
        let mut last = String::new();
        for _ in 0..4 {
            let mut issued = self
                .prepare_credentials(right, &[(enrolment.clone(), assessment.clone())])
                .await?;
            let Some(new) = issued.pop() else {
                return Err(AppError::InvalidState("nothing was issued".to_owned()));
            };
            batch.credentials = vec![new.clone()];
            batch.state_changes = vec![CredentialStateChange {
                id: old.id.clone(),
                from: old.state,
                to: CredentialState::Revoked,
                reason: format!("corrected: {reason}"),
                at: self.now(),
                replaced_by: Some(new.id.clone()),
            }];
            match self.store.apply_learning_batch(&batch).await {
                Ok(()) => return self.stored_credential(&new.id).await,
                Err(StoreError::Conflict(message)) => {
                    let current = self.stored_credential(&old.id).await?;
                    if current.state != old.state {
                        return Err(AppError::Conflict(format!(
                            "credential {} changed state meanwhile (now {}); nothing was corrected",
                            old.id.urn(),
                            current.state
                        )));
                    }
                    last = message;
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict(format!(
            "the correction could not be stored: {last}"
        )))
    }
}

fn check_reason(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ValidationErrors::single(
            "reason",
            ViolationCode::MissingElement,
            "say why (it is kept with the credential's history)",
        )
        .into());
    }
    if reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control) {
        return Err(ValidationErrors::single(
            "reason",
            ViolationCode::TooLong,
            format!("at most {MAX_REASON_CHARS} characters on one line"),
        )
        .into());
    }
    Ok(reason.to_owned())
}

/// Renders and signs every pending credential, on every core for large batches.
fn sign_all(signer: &ProviderSigner, pending: Vec<Pending>) -> AppResult<Vec<CredentialRecord>> {
    if pending.len() < PARALLEL_SIGNING_FROM {
        return pending
            .into_iter()
            .map(|item| sign_one(signer, item))
            .collect();
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8);
    let chunk = pending.len().div_ceil(threads);
    let mut chunks: Vec<Vec<Pending>> = Vec::new();
    let mut items = pending.into_iter().peekable();
    while items.peek().is_some() {
        chunks.push(items.by_ref().take(chunk).collect());
    }
    let results: Vec<AppResult<Vec<CredentialRecord>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|item| sign_one(signer, item))
                        .collect::<AppResult<Vec<_>>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    Err(AppError::InvalidState("a signing thread failed".to_owned()))
                })
            })
            .collect()
    });
    let mut signed = Vec::new();
    for result in results {
        signed.extend(result?);
    }
    Ok(signed)
}

fn sign_one(signer: &ProviderSigner, item: Pending) -> AppResult<CredentialRecord> {
    let mut document: Value = vc::ob3::render_micro_credential(&item.issued, &signer.did);
    let options = vc::proof::SignOptions {
        verification_method: signer.verification_method.clone(),
        created: vc::ob3::timestamp(item.issued.issued_at),
    };
    vc::proof::add_proof(
        vc::contexts::processor(),
        &mut document,
        &signer.key,
        &options,
    )?;
    let id = CredentialId::from_urn(&item.issued.id).map_err(AppError::InvalidState)?;
    Ok(CredentialRecord {
        id,
        provider_id: item.assessment.provider_id.clone(),
        offering_id: item.assessment.offering_id.clone(),
        enrolment_id: item.enrolment.id.clone(),
        assessment_id: item.assessment.id.clone(),
        learner_name: item.enrolment.learner.name.display(),
        state: CredentialState::Active,
        issued_at: item.issued.issued_at,
        status_slot: item.slot,
        status_reason: None,
        status_changed_at: None,
        replaced_by: None,
        credential: document,
    })
}
