//! What the learner's wallet stores: the addresses and student numbers that bring an issuer's
//! records to an account, the learner's DID, share links with their openings, and credentials
//! the learner imported. Secrets arrive hashed.

use std::future::Future;

use model::{AccountId, CredentialId, EmailAddress, Enrolment, ProviderId};
use time::OffsetDateTime;

use crate::StoreResult;
use crate::accounts::AuditEntry;

/// A student number a learner says is theirs at a provider; it counts once confirmed.
#[derive(Debug, Clone, PartialEq)]
pub struct StudentNumberClaim {
    pub id: String,
    pub account_id: AccountId,
    pub provider_id: ProviderId,
    pub student_number: String,
    pub requested_at: OffsetDateTime,
    pub confirmed_at: Option<OffsetDateTime>,
    /// Who confirmed it (an account id, a token id or `operator`).
    pub confirmed_by: Option<String>,
}

/// The learner's DID, with its key sealed under the master key when the register made it.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerKeyRecord {
    pub account_id: AccountId,
    pub did: String,
    pub sealed_key: Option<Vec<u8>>,
    pub created_at: OffsetDateTime,
}

/// One credential a share link shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharedItem {
    Issued(CredentialId),
    /// An imported credential, by its id.
    Imported(String),
}

/// A share link, without its secret.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareLink {
    pub id: String,
    pub account_id: AccountId,
    pub name: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub view_limit: Option<u32>,
    pub views: u32,
    pub revoked_at: Option<OffsetDateTime>,
    pub items: Vec<SharedItem>,
}

/// A credential issued elsewhere, kept as uploaded with the report of its verification then.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedCredential {
    pub id: String,
    pub account_id: AccountId,
    pub document: serde_json::Value,
    pub report: serde_json::Value,
    pub verified: bool,
    pub title: String,
    pub issuer: String,
    pub imported_at: OffsetDateTime,
}

pub trait WalletStore {
    /// The addresses the account has proven, oldest first.
    fn account_addresses(
        &self,
        account: &AccountId,
    ) -> impl Future<Output = StoreResult<Vec<(EmailAddress, OffsetDateTime)>>> + Send;
    /// Forgets a proven address other than the account's own (`NotFound` otherwise).
    fn remove_account_address(
        &self,
        account: &AccountId,
        email: &EmailAddress,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Records a learner's claim (`Conflict` when the account claimed it already).
    fn request_student_number(
        &self,
        claim: &StudentNumberClaim,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// An account's claims, or a provider's (pending only when asked), oldest first.
    fn student_numbers(
        &self,
        account: Option<&AccountId>,
        provider: Option<&ProviderId>,
        pending_only: bool,
    ) -> impl Future<Output = StoreResult<Vec<StudentNumberClaim>>> + Send;
    /// Confirms a pending claim at `provider` (`NotFound` when there is none; `Conflict` when
    /// the number is confirmed for another account).
    fn confirm_student_number(
        &self,
        provider: &ProviderId,
        id: &str,
        at: OffsetDateTime,
        by: &str,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<StudentNumberClaim>> + Send;
    /// Removes a claim: the learner's own (`account`), or one at the provider (`provider`).
    fn remove_student_number(
        &self,
        account: Option<&AccountId>,
        provider: Option<&ProviderId>,
        id: &str,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// The enrolments recorded under one of the account's proven addresses or confirmed
    /// student numbers, newest first.
    fn wallet_enrolments(
        &self,
        account: &AccountId,
    ) -> impl Future<Output = StoreResult<Vec<Enrolment>>> + Send;

    fn learner_key(
        &self,
        account: &AccountId,
    ) -> impl Future<Output = StoreResult<Option<LearnerKeyRecord>>> + Send;
    /// The DID of the wallet each of `enrolments` belongs to, where its learner made one
    /// (issuance binds new credentials to it).
    fn learner_dids(
        &self,
        enrolments: &[model::EnrolmentId],
    ) -> impl Future<Output = StoreResult<Vec<(model::EnrolmentId, String)>>> + Send;
    /// Every learner DID whose key the register holds (to re-seal them with a new master key).
    fn sealed_learner_keys(
        &self,
    ) -> impl Future<Output = StoreResult<Vec<LearnerKeyRecord>>> + Send;
    /// Stores the learner's DID, replacing an earlier one.
    fn put_learner_key(
        &self,
        record: &LearnerKeyRecord,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    fn insert_imported_credential(
        &self,
        credential: &ImportedCredential,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The account's imported credentials, newest first.
    fn imported_credentials(
        &self,
        account: &AccountId,
    ) -> impl Future<Output = StoreResult<Vec<ImportedCredential>>> + Send;
    fn delete_imported_credential(
        &self,
        account: &AccountId,
        id: &str,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Erases an account in one transaction: its addresses, student numbers, DID, share links
    /// (with their openings), imported credentials, sessions, links and tokens go; the account
    /// keeps its id and nothing that identifies anyone (`erased-{id}@erased.invalid`).
    fn erase_account(
        &self,
        account: &AccountId,
        at: OffsetDateTime,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}

/// Share links: a name, an expiry, an optional view limit and the credentials shown.
pub trait ShareStore {
    fn insert_share_link(
        &self,
        link: &ShareLink,
        token_hash: &str,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The account's share links, newest first.
    fn share_links(
        &self,
        account: &AccountId,
    ) -> impl Future<Output = StoreResult<Vec<ShareLink>>> + Send;
    /// When one of the account's links was opened, newest first (`NotFound` for another's).
    fn share_link_views(
        &self,
        account: &AccountId,
        id: &str,
    ) -> impl Future<Output = StoreResult<Vec<OffsetDateTime>>> + Send;
    fn revoke_share_link(
        &self,
        account: &AccountId,
        id: &str,
        at: OffsetDateTime,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Whether a link would open now, without counting an opening (a HEAD request).
    fn share_link_live(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    /// Opens a live link once: counts and logs the opening in one transaction, within the
    /// view limit (`NotFound` for an unknown, revoked, expired or used-up link).
    fn open_share_link(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<ShareLink>> + Send;
}
