//! The storage of a learner's path (enrolments, assessments, credentials and their status
//! lists), provider signing keys, bulk imports and trusted-issuer lists: the `LearningStore`
//! half of `Store`.

use std::future::Future;

use model::{
    Assessment, AssessmentId, CredentialId, CredentialRecord, CredentialState, Enrolment,
    EnrolmentId, ImportJob, ImportJobId, ImportKind, OfferingId, ProviderId, PublicationStatus,
};
use time::OffsetDateTime;

use crate::StoreResult;
use crate::listing::{Listing, PageCursor};
pub use model::learning::TrustedIssuer;

/// A provider's signing key as stored: public key and the sealed secret.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderKeyRecord {
    pub provider_id: ProviderId,
    /// 1, 2, … in order of creation; the DID fragment is `key-{number}`.
    pub key_number: u32,
    /// Multibase (`z6Mk…`).
    pub public_key: String,
    /// Hex of the sealed seed (see `vc::keystore`).
    pub sealed_key: String,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

/// A change of a credential's state, applied only if the credential is still in `from`.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialStateChange {
    pub id: CredentialId,
    pub from: CredentialState,
    pub to: CredentialState,
    pub reason: String,
    pub at: OffsetDateTime,
    pub replaced_by: Option<CredentialId>,
}

/// An applied row of an import file, keyed by its stable row key.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRowRecord {
    pub provider_id: ProviderId,
    pub offering_id: OfferingId,
    pub kind: ImportKind,
    pub row_key: String,
    pub job_id: ImportJobId,
    pub row_number: usize,
    pub enrolment_id: Option<EnrolmentId>,
    pub assessment_id: Option<AssessmentId>,
    pub credential_id: Option<CredentialId>,
}

/// Writes that belong together, stored in ONE transaction: all or nothing. A unique
/// constraint that refuses any part (a learner enrolled twice, a second credential for an
/// assessment, a reused status slot, an import row applied before) is `Conflict` and nothing of
/// the batch is stored.
#[derive(Debug, Clone, Default)]
pub struct LearningBatch {
    pub enrolments: Vec<Enrolment>,
    pub assessments: Vec<Assessment>,
    pub credentials: Vec<CredentialRecord>,
    pub state_changes: Vec<CredentialStateChange>,
    pub import_rows: Vec<ImportRowRecord>,
    /// The import job's progress, committed with the rows it counts.
    pub job: Option<ImportJob>,
    /// Drop the job's stored file (the job is finished).
    pub clear_job_file: bool,
    /// What the batch does, for the audit log, written in its transaction.
    pub audit: Vec<crate::accounts::AuditEntry>,
    /// A stacked credential's award (issue 12): recorded with the credential, once —
    /// `Conflict` if the pathway was awarded to the learner meanwhile.
    pub award: Option<crate::pathways::PathwayAward>,
}

/// Which credentials to list.
#[derive(Debug, Clone, Default)]
pub struct CredentialFilter {
    pub provider: Option<ProviderId>,
    pub offering: Option<OfferingId>,
    pub enrolment: Option<EnrolmentId>,
    pub state: Option<CredentialState>,
    /// Words that must all occur in the learner's name (case and accents ignored).
    pub search: Option<String>,
    pub limit: usize,
    /// Rows to skip; ignored when `after` is given.
    pub offset: usize,
    /// Continue after this row (the `next` of the previous page).
    pub after: Option<PageCursor>,
}

/// Which enrolments to list.
#[derive(Debug, Clone, Default)]
pub struct EnrolmentFilter {
    pub provider: Option<ProviderId>,
    pub offering: Option<OfferingId>,
    /// Words that must all occur in the learner's name, e-mail address or student number (case
    /// and accents ignored).
    pub search: Option<String>,
    pub limit: usize,
    /// Rows to skip; ignored when `after` is given.
    pub offset: usize,
    /// Continue after this row (the `next` of the previous page).
    pub after: Option<PageCursor>,
}

/// A cached signed status-list credential.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusListDocument {
    pub revision: u64,
    pub document: String,
}

/// A learner's path: enrolments, assessments, and the batches that store them (with the
/// credentials they issue) in one transaction.
pub trait LearningStore {
    fn apply_learning_batch(
        &self,
        batch: &LearningBatch,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn get_enrolment(
        &self,
        id: &EnrolmentId,
    ) -> impl Future<Output = StoreResult<Enrolment>> + Send;
    /// Enrolments of an offering whose learner keys are among `keys` (import look-ups).
    fn find_enrolments(
        &self,
        offering: &OfferingId,
        keys: &[String],
    ) -> impl Future<Output = StoreResult<Vec<Enrolment>>> + Send;
    /// The total and one page, newest first.
    fn list_enrolments(
        &self,
        filter: &EnrolmentFilter,
    ) -> impl Future<Output = StoreResult<Listing<Enrolment>>> + Send;
    fn get_assessment(
        &self,
        id: &AssessmentId,
    ) -> impl Future<Output = StoreResult<Assessment>> + Send;
    /// An enrolment's assessments, oldest first.
    fn list_assessments(
        &self,
        enrolment: &EnrolmentId,
    ) -> impl Future<Output = StoreResult<Vec<Assessment>>> + Send;
    /// The assessments of several enrolments (a page of a listing), oldest first, in one query
    /// per 500 enrolments.
    fn assessments_of(
        &self,
        enrolments: &[EnrolmentId],
    ) -> impl Future<Output = StoreResult<Vec<Assessment>>> + Send;
    /// Passed results of the provider (of one offering, if given) whose enrolment has no
    /// credential yet, with their enrolments: what "issue all" issues. Ordered by assessment
    /// id; `after` continues after that id (keyset paging).
    fn pending_issuance(
        &self,
        provider: &ProviderId,
        offering: Option<&OfferingId>,
        after: Option<&AssessmentId>,
        limit: usize,
    ) -> impl Future<Output = StoreResult<Vec<(Enrolment, Assessment)>>> + Send;
}

/// Issued credentials and their status lists.
pub trait CredentialStore {
    /// The credentials issued for several enrolments, oldest first.
    fn credentials_of(
        &self,
        enrolments: &[EnrolmentId],
    ) -> impl Future<Output = StoreResult<Vec<CredentialRecord>>> + Send;
    fn get_credential(
        &self,
        id: &CredentialId,
    ) -> impl Future<Output = StoreResult<CredentialRecord>> + Send;
    fn credential_for_assessment(
        &self,
        assessment: &AssessmentId,
    ) -> impl Future<Output = StoreResult<Option<CredentialRecord>>> + Send;
    /// The total and one page, newest first.
    fn list_credentials(
        &self,
        filter: &CredentialFilter,
    ) -> impl Future<Output = StoreResult<Listing<CredentialRecord>>> + Send;
    /// (list number, slots used) of every status list of the provider.
    fn status_list_usage(
        &self,
        provider: &ProviderId,
    ) -> impl Future<Output = StoreResult<Vec<(u32, u32)>>> + Send;
    /// Of `candidates`, the indexes already used in the provider's list `list`.
    fn used_status_indexes(
        &self,
        provider: &ProviderId,
        list: u32,
        candidates: &[u32],
    ) -> impl Future<Output = StoreResult<Vec<u32>>> + Send;
    /// Indexes of the list's credentials that are in `state`, and the list's revision;
    /// `NotFound` if the list does not exist.
    fn status_list_bits(
        &self,
        provider: &ProviderId,
        list: u32,
        state: CredentialState,
    ) -> impl Future<Output = StoreResult<(u64, Vec<u32>)>> + Send;
    fn status_list_revision(
        &self,
        provider: &ProviderId,
        list: u32,
    ) -> impl Future<Output = StoreResult<u64>> + Send;
    /// A status list's revision and its provider's publication status, read together: a
    /// verification needs both, and on the embedded database each read is a hand-off to its
    /// worker thread. `NotFound` if the list does not exist.
    fn status_list_revision_and_provider_status(
        &self,
        provider: &ProviderId,
        list: u32,
    ) -> impl Future<Output = StoreResult<(u64, PublicationStatus)>> + Send;
    fn cached_status_list(
        &self,
        provider: &ProviderId,
        list: u32,
        purpose: &str,
    ) -> impl Future<Output = StoreResult<Option<StatusListDocument>>> + Send;
    fn cache_status_list(
        &self,
        provider: &ProviderId,
        list: u32,
        purpose: &str,
        document: &StatusListDocument,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Providers' signing keys, sealed under the master key.
pub trait KeyStore {
    fn list_provider_keys(
        &self,
        provider: &ProviderId,
    ) -> impl Future<Output = StoreResult<Vec<ProviderKeyRecord>>> + Send;
    /// Adds a key and retires every other live key of the provider, in one transaction.
    /// `Conflict` if the key number is taken (two rotations at once).
    fn rotate_provider_key(
        &self,
        key: &ProviderKeyRecord,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Every provider's keys (for re-sealing them under a new master key).
    fn all_provider_keys(&self)
    -> impl Future<Output = StoreResult<Vec<ProviderKeyRecord>>> + Send;
    /// Replaces the sealed secrets of the given keys, all in one transaction: a key is sealed
    /// either under the old master key or under the new one, never lost between them.
    /// Replaces the sealed keys of providers and of learners' DIDs in one transaction
    /// (`Conflict`, nothing changed, when one of them changed meanwhile).
    fn reseal_provider_keys(
        &self,
        keys: &[ProviderKeyRecord],
        learner_keys: &[crate::wallet::LearnerKeyRecord],
        identity_providers: &[crate::identities::IdentityProvider],
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Bulk import jobs, their stored files and the rows they applied.
pub trait ImportStore {
    /// Stores a new import job with its file.
    fn insert_import_job(
        &self,
        job: &ImportJob,
        file: &[u8],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn get_import_job(
        &self,
        id: &ImportJobId,
    ) -> impl Future<Output = StoreResult<ImportJob>> + Send;
    /// The stored file of an unfinished job.
    fn import_job_file(
        &self,
        id: &ImportJobId,
    ) -> impl Future<Output = StoreResult<Vec<u8>>> + Send;
    /// Jobs queued or running (to resume after a restart).
    fn unfinished_import_jobs(&self) -> impl Future<Output = StoreResult<Vec<ImportJob>>> + Send;
    /// A provider's import jobs, newest first: the total and one page.
    fn import_job_listing(
        &self,
        provider: &ProviderId,
        limit: usize,
        after: Option<&PageCursor>,
    ) -> impl Future<Output = StoreResult<Listing<ImportJob>>> + Send;
    /// Of `keys`, those already applied for this provider, offering and kind.
    fn applied_import_rows(
        &self,
        provider: &ProviderId,
        offering: &OfferingId,
        kind: ImportKind,
        keys: &[String],
    ) -> impl Future<Output = StoreResult<Vec<String>>> + Send;
    /// The rows a job applied, in row order.
    fn import_rows_of_job(
        &self,
        job: &ImportJobId,
    ) -> impl Future<Output = StoreResult<Vec<ImportRowRecord>>> + Send;
}

/// Trusted-issuer lists imported from other registers.
pub trait TrustStore {
    fn list_trusted_issuers(&self) -> impl Future<Output = StoreResult<Vec<TrustedIssuer>>> + Send;
    /// Replaces every entry of `source` with `issuers`, in one transaction.
    fn replace_trusted_issuers(
        &self,
        source: &str,
        issuers: &[TrustedIssuer],
        at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}
