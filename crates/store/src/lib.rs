//! Storage of the register: one `Store` trait, implemented over SQLite (embedded, the default)
//! and PostgreSQL by `SqlStore`. Only this crate knows SQL.

mod accounts;
mod catalogue_index;
mod dialect;
mod feedback;
mod identities;
mod learning;
mod leases;
mod listing;
mod migrate;
mod pathways;
mod recognition;
mod sql_store;
mod statistics;
mod vci;
mod wallet;

use std::future::Future;

use model::{
    ApiToken, FundingScheme, Offering, OfferingId, OfferingQuery, OfferingVersion, Provider,
    ProviderId, PublicationStatus, SearchPage, TokenId,
};
use time::OffsetDateTime;

pub use accounts::{
    AccountRecord, AccountStore, AuditEntry, AuditQuery, LinkPurpose, NewLink, OutboxMessage,
};
pub use dialect::Backend;
pub use feedback::{Feedback, FeedbackStore};
pub use identities::{AccountIdentity, IdentityProvider, IdentityStore, OidcLogin};
pub use learning::{
    CredentialFilter, CredentialStateChange, CredentialStore, EnrolmentFilter, ImportRowRecord,
    ImportStore, KeyStore, LearningBatch, LearningStore, ProviderKeyRecord, StatusListDocument,
    TrustStore, TrustedIssuer,
};
pub use leases::LeaseStore;
pub use listing::{Listing, ListingKind, PageCursor};
pub use migrate::MigrationLock;
pub use pathways::{PathwayAward, PathwayStore, StoredPathway};
pub use recognition::{
    DecisionFilter, DecisionSubject, RecognitionDecision, RecognitionRequest, RecognitionStore,
};
pub use sql_store::{SqlStore, StoreOptions};
pub use statistics::{
    CategoryTotal, CompletionFacts, CredentialFacts, EnrolmentCategory, EnrolmentFacts, FactRange,
    FeedbackFacts, FundingFacts, Grain, OfferingFacts, StatisticsScope, StatisticsStore, Term,
};
pub use vci::{VciOffer, VciStore, VciToken, VpRequest, VpStore, WalletAuthorization};
pub use wallet::{
    ImportedCredential, LearnerKeyRecord, ShareLink, ShareStore, SharedItem, StudentNumberClaim,
    WalletStore,
};

/// What can go wrong in storage, without exposing the database library.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A uniqueness constraint refused the write (e.g. an id that already exists).
    #[error("already exists: {0}")]
    Conflict(String),
    /// The stored schema is newer than this program: refuse rather than downgrade.
    #[error(
        "the database schema is at version {found}, newer than this program's {known}; upgrade microcred"
    )]
    SchemaTooNew { found: i64, known: i64 },
    /// PostgreSQL gave up the transaction (serialization failure, deadlock) and it was retried
    /// without success; nothing of it was stored.
    #[error("the database is too busy to complete the write; nothing was stored: {0}")]
    Busy(String),
    /// The database cannot be reached (connection refused or lost, pool closed or exhausted);
    /// nothing was read or written.
    #[error("the database cannot be reached: {0}")]
    Unavailable(String),
    #[error("database error: {0}")]
    Database(String),
    /// A stored document no longer reads back (should never happen; reported, not hidden).
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A web session: which token signed in, until when.
#[derive(Debug, Clone, PartialEq)]
pub struct WebSession {
    pub token: ApiToken,
    pub expires_at: OffsetDateTime,
}

/// Everything the use cases need from storage. Every write is one transaction: it is stored
/// whole or not at all.
pub trait Store:
    AccountStore
    + LearningStore
    + CredentialStore
    + KeyStore
    + ImportStore
    + TrustStore
    + StatisticsStore
    + WalletStore
    + ShareStore
    + IdentityStore
    + FeedbackStore
    + PathwayStore
    + RecognitionStore
    + VciStore
    + VpStore
    + LeaseStore
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;

    /// Whether the register holds no provider yet (the demo seeds only then).
    fn is_empty(&self) -> impl Future<Output = StoreResult<bool>> + Send;

    fn list_funding_schemes(&self) -> impl Future<Output = StoreResult<Vec<FundingScheme>>> + Send;
    fn upsert_funding_scheme(
        &self,
        scheme: &FundingScheme,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    /// Inserts a new provider; `Conflict` if the id is taken.
    fn insert_provider(&self, provider: &Provider) -> impl Future<Output = StoreResult<()>> + Send;
    /// Replaces a provider's content and status; `NotFound` if absent.
    fn update_provider(&self, provider: &Provider) -> impl Future<Output = StoreResult<()>> + Send;
    fn get_provider(&self, id: &ProviderId) -> impl Future<Output = StoreResult<Provider>> + Send;
    /// A provider's publication status alone (a verification's trust check: reading and
    /// parsing the whole record was a large part of a verification's time); `NotFound` if absent.
    fn provider_status(
        &self,
        id: &ProviderId,
    ) -> impl Future<Output = StoreResult<PublicationStatus>> + Send;
    /// Providers ordered by name; only published ones when `public_only`.
    fn list_providers(
        &self,
        public_only: bool,
    ) -> impl Future<Output = StoreResult<Vec<Provider>>> + Send;

    /// Inserts a new offering as version 1; `Conflict` if the id is taken.
    fn insert_offering(&self, offering: &Offering) -> impl Future<Output = StoreResult<()>> + Send;
    /// Inserts many new offerings, each as version 1, in ONE transaction: all are stored or none
    /// (bulk loads and benchmarks; one transaction per offering would spend its time in commits).
    fn insert_offerings(
        &self,
        offerings: &[Offering],
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Replaces the current version in place (a draft being edited).
    fn replace_offering(&self, offering: &Offering)
    -> impl Future<Output = StoreResult<()>> + Send;
    /// Stores `offering` as a new version; `Conflict` unless its version is exactly the stored one
    /// plus one (two concurrent edits cannot both win).
    fn add_offering_version(
        &self,
        offering: &Offering,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Changes status (publish, withdraw) without a new version.
    fn set_offering_status(
        &self,
        offering: &Offering,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn get_offering(&self, id: &OfferingId) -> impl Future<Output = StoreResult<Offering>> + Send;
    fn get_offering_version(
        &self,
        id: &OfferingId,
        version: u32,
    ) -> impl Future<Output = StoreResult<OfferingVersion>> + Send;
    /// Every saved version, oldest first.
    fn list_offering_versions(
        &self,
        id: &OfferingId,
    ) -> impl Future<Output = StoreResult<Vec<OfferingVersion>>> + Send;
    /// The exact number of matches and one page of them. Sees every write committed before the
    /// call, by this process or any other on the same database.
    fn search_offerings(
        &self,
        query: &OfferingQuery,
    ) -> impl Future<Output = StoreResult<SearchPage>> + Send;

    /// Stores a token whose secret hashes to `secret_hash`.
    fn insert_token(
        &self,
        token: &ApiToken,
        secret_hash: &str,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The live (not revoked, not expired at `now`) token whose secret hashes to `secret_hash`.
    fn find_token(
        &self,
        secret_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<ApiToken>> + Send;
    /// Every token, or those of one account or provider, oldest first.
    fn list_tokens(
        &self,
        account: Option<&model::AccountId>,
        provider: Option<&ProviderId>,
    ) -> impl Future<Output = StoreResult<Vec<ApiToken>>> + Send;
    /// Records that a token was used at `at`.
    fn touch_token(
        &self,
        id: &TokenId,
        at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn revoke_token(
        &self,
        id: &TokenId,
        at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;

    fn insert_session(
        &self,
        id_hash: &str,
        token_id: &TokenId,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The session if it exists, has not expired at `now` and its token is live.
    fn find_session(
        &self,
        id_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<WebSession>> + Send;
    fn delete_session(&self, id_hash: &str) -> impl Future<Output = StoreResult<()>> + Send;

    /// Refreshes the query planner's statistics after a bulk load, so queries pick the right
    /// indexes.
    fn optimize(&self) -> impl Future<Output = StoreResult<()>> + Send;

    /// Names of tables and their columns, for the test that both backends end at the same schema.
    fn schema_columns(&self) -> impl Future<Output = StoreResult<Vec<(String, String)>>> + Send;
}
