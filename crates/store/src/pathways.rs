//! Stacking pathways as stored: their owner and rules (as `model::pathway::PathwayRules` JSON).

use std::future::Future;

use model::credential::CredentialPart;
use model::pathway::PathwayRules;
use model::{AccountId, CredentialId, ProviderId};
use time::OffsetDateTime;

use crate::StoreResult;
use crate::accounts::AuditEntry;

#[derive(Debug, Clone, PartialEq)]
pub struct StoredPathway {
    pub id: String,
    pub provider_id: ProviderId,
    pub rules: PathwayRules,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub withdrawn_at: Option<OffsetDateTime>,
}

/// A learner's stacked credential for a completed pathway: asked for, or awarded.
#[derive(Debug, Clone, PartialEq)]
pub struct PathwayAward {
    pub pathway_id: String,
    pub account_id: AccountId,
    /// The pathway's owner, who awards.
    pub provider_id: ProviderId,
    /// As the learner's account named them when they asked (blank once erased).
    pub learner_name: String,
    pub requested_at: OffsetDateTime,
    /// The stacked credential, once awarded.
    pub credential_id: Option<CredentialId>,
    pub awarded_at: Option<OffsetDateTime>,
    /// The credentials it was awarded for.
    pub parts: Vec<CredentialPart>,
}

pub trait PathwayStore {
    fn insert_pathway(
        &self,
        pathway: &StoredPathway,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Replaces the rules (and withdrawal) of a stored pathway; `NotFound` if absent.
    fn update_pathway(
        &self,
        pathway: &StoredPathway,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn pathway(&self, id: &str) -> impl Future<Output = StoreResult<StoredPathway>> + Send;
    /// Every pathway (withdrawn ones too), or a provider's, oldest first.
    fn pathways(
        &self,
        provider: Option<&ProviderId>,
    ) -> impl Future<Output = StoreResult<Vec<StoredPathway>>> + Send;
    /// Records a learner's request for a pathway's award; `Conflict` if there is one already.
    fn request_award(
        &self,
        award: &PathwayAward,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn pathway_award(
        &self,
        pathway: &str,
        account: &AccountId,
    ) -> impl Future<Output = StoreResult<Option<PathwayAward>>> + Send;
    /// A pathway's requests and awards, oldest first.
    fn pathway_awards(
        &self,
        pathway: &str,
    ) -> impl Future<Output = StoreResult<Vec<PathwayAward>>> + Send;
    /// Every request and award (for the statistics), oldest first.
    fn all_pathway_awards(&self) -> impl Future<Output = StoreResult<Vec<PathwayAward>>> + Send;
    /// The award a stacked credential was issued as, if it was.
    fn award_of_credential(
        &self,
        credential: &CredentialId,
    ) -> impl Future<Output = StoreResult<Option<PathwayAward>>> + Send;
}
