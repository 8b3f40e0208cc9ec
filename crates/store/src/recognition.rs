//! Recognition decisions and learners' requests for recognition, as stored (issue 12).

use std::future::Future;

use model::recognition::RecognitionTerms;
use model::{AccountId, OfferingId, ProviderId};
use time::OffsetDateTime;

use crate::StoreResult;
use crate::accounts::AuditEntry;

/// A receiving organisation's decision about an offering or about one credential.
#[derive(Debug, Clone, PartialEq)]
pub struct RecognitionDecision {
    pub id: String,
    /// The receiving organisation.
    pub provider_id: ProviderId,
    /// What it is about: every credential of an offering, or one credential (by its id).
    pub subject: DecisionSubject,
    pub terms: RecognitionTerms,
    pub decided_at: OffsetDateTime,
    pub withdrawn_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DecisionSubject {
    Offering(OfferingId),
    Credential(String),
}

/// A learner's request that an organisation recognise a credential.
#[derive(Debug, Clone, PartialEq)]
pub struct RecognitionRequest {
    pub id: String,
    /// The organisation asked.
    pub provider_id: ProviderId,
    pub account_id: AccountId,
    /// The credential's id, and the credential as the learner attached it.
    pub credential_id: String,
    pub credential: String,
    pub purpose: model::vocab::RecognitionPurpose,
    pub message: String,
    pub created_at: OffsetDateTime,
    pub decision_id: Option<String>,
    pub decided_at: Option<OffsetDateTime>,
}

/// Which decisions to list (every condition given must hold).
#[derive(Debug, Clone, Default)]
pub struct DecisionFilter {
    pub provider: Option<ProviderId>,
    pub offering: Option<OfferingId>,
    /// Decisions about any of these credentials.
    pub credentials: Vec<String>,
    /// With `credentials`: decisions about those credentials **or** about this offering (a
    /// verification's findings in one read); alone, as `offering`.
    pub or_offering: Option<OfferingId>,
    /// Leave out withdrawn decisions.
    pub live_only: bool,
}

pub trait RecognitionStore {
    /// Stores a decision; with `request`, marks that request decided in the same transaction
    /// (`Conflict` if it was decided meanwhile, `NotFound` if it is not the organisation's).
    fn insert_decision(
        &self,
        decision: &RecognitionDecision,
        request: Option<&str>,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Withdraws a live decision of `provider`; `NotFound` otherwise.
    fn withdraw_decision(
        &self,
        id: &str,
        provider: &ProviderId,
        at: OffsetDateTime,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn decision(&self, id: &str) -> impl Future<Output = StoreResult<RecognitionDecision>> + Send;
    /// Matching decisions, newest first.
    fn decisions(
        &self,
        filter: &DecisionFilter,
    ) -> impl Future<Output = StoreResult<Vec<RecognitionDecision>>> + Send;
    /// `Conflict` if the learner asked the organisation about this credential and purpose before.
    fn insert_request(
        &self,
        request: &RecognitionRequest,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn request(&self, id: &str) -> impl Future<Output = StoreResult<RecognitionRequest>> + Send;
    /// A learner's requests, or those to an organisation; newest first.
    fn requests(
        &self,
        account: Option<&AccountId>,
        provider: Option<&ProviderId>,
    ) -> impl Future<Output = StoreResult<Vec<RecognitionRequest>>> + Send;
    /// The learner withdraws an undecided request; `NotFound` otherwise.
    fn delete_request(
        &self,
        id: &str,
        account: &AccountId,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}
