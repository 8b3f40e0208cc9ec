//! Issuing credentials for passed results: a credential is rendered as an Open Badges 3.0
//! micro-credential, signed with the provider's key and stored in the same transaction as
//! whatever it was issued with; it is acknowledged only once that transaction is durable.
//! `bulk.rs` issues every pending result, `records.rs` reads, suspends, reinstates, revokes
//! and corrects issued credentials.

use std::collections::{HashMap, HashSet};

use model::credential::{IssuedMicroCredential, StatusEntry, StatusPurpose};
use model::{
    Assessment, AssessmentId, CredentialId, CredentialRecord, CredentialState, Enrolment, Offering,
    OfferingId, PublicationStatus, ValidationErrors, ViolationCode,
};
use serde_json::Value;
use store::{LearningBatch, Store, StoreError};

use crate::App;
use crate::auth::IssuerRight;
use crate::error::{AppError, AppResult};
use crate::signing::ProviderSigner;
use crate::status::{ListPurpose, StatusListId};

mod bulk;
mod certificate;
mod records;

pub use records::MAX_REASON_CHARS;

/// Batches at least this large are signed on every core.
const PARALLEL_SIGNING_FROM: usize = 32;

/// A credential to sign: the bundle and where its status bits live.
pub(crate) struct Pending {
    pub(crate) issued: IssuedMicroCredential,
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
        self.apply_batch(&batch).await?;
        Ok(std::mem::take(&mut batch.credentials))
    }

    /// Everything of issuance but the signing: the bundles, checked, with fresh status slots
    /// (none of `reserved`, which a batch still being stored holds).
    pub(crate) async fn plan_credentials(
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
        // A learner who made a DID in their wallet gets it as the subject of new credentials.
        let without_did: Vec<model::EnrolmentId> = items
            .iter()
            .filter(|(enrolment, _)| enrolment.learner.did.is_none())
            .map(|(enrolment, _)| enrolment.id.clone())
            .collect();
        let dids: HashMap<model::EnrolmentId, String> = self
            .store
            .learner_dids(&without_did)
            .await?
            .into_iter()
            .collect();
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
                    // Most often the issuer awards its own offering: already read.
                    if body == &provider.id {
                        providers.push(provider.clone());
                    } else {
                        providers.push(self.load_provider(body).await?);
                    }
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
                learner: model::LearnerIdentity {
                    did: enrolment
                        .learner
                        .did
                        .clone()
                        .or_else(|| dids.get(&enrolment.id).cloned()),
                    ..enrolment.learner.clone()
                },
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
                parts: Vec::new(),
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
    /// The audit line of issued credentials: one per credential issued alone, one per batch
    /// (its count, first and last) when many are issued together.
    pub(crate) fn issuance_audit(
        &self,
        right: &IssuerRight,
        credentials: &[CredentialRecord],
    ) -> Vec<store::AuditEntry> {
        let (subject, detail) = match credentials {
            [] => return Vec::new(),
            [one] => (one.id.urn(), format!("offering {}", one.offering_id)),
            [first, .., last] => (
                format!("{} credentials", credentials.len()),
                format!("{} … {}", first.id.urn(), last.id.urn()),
            ),
        };
        vec![self.audit(
            right.actor().clone(),
            Some(right.provider()),
            "credential.issue",
            &subject,
            &detail,
        )]
    }

    pub(crate) async fn store_with_credentials(
        &self,
        right: &IssuerRight,
        batch: &mut LearningBatch,
        items: &[(Enrolment, Assessment)],
    ) -> AppResult<Vec<CredentialRecord>> {
        let mut last = String::new();
        for _ in 0..4 {
            batch.credentials = self.prepare_credentials(right, items).await?;
            batch.audit = self.issuance_audit(right, &batch.credentials);
            match self.apply_batch(batch).await {
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
}

/// Renders and signs every pending credential, on every core for large batches.
pub(crate) fn sign_all(
    signer: &ProviderSigner,
    pending: Vec<Pending>,
) -> AppResult<Vec<CredentialRecord>> {
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
