//! Stacking pathways as stored: their owner and rules (as `model::pathway::PathwayRules` JSON).

use std::future::Future;

use model::ProviderId;
use model::pathway::PathwayRules;
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
}
