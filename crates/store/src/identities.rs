//! What signing in with OpenID Connect stores: the identity providers a platform admin
//! configured, which subject of which provider is which account, and the logins under way.
//! Secrets arrive sealed (the client secret) or hashed (the state).

use std::future::Future;

use model::AccountId;
use time::OffsetDateTime;

use crate::StoreResult;
use crate::accounts::{AccountRecord, AuditEntry};

/// An OpenID provider people may sign in with.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentityProvider {
    pub id: String,
    /// Shown on the sign-in button ("Sign in with …").
    pub name: String,
    /// The issuer identifier; discovery is read from `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    /// The client secret sealed under the master key, hex-encoded.
    pub sealed_secret: String,
    /// Scopes asked for besides `openid`, space-separated.
    pub scopes: String,
    /// Whether a first sign-in makes a learner account for an address the provider verified.
    pub creates_accounts: bool,
    pub created_at: OffsetDateTime,
    pub disabled_at: Option<OffsetDateTime>,
}

/// A login under way: what the callback must find again.
#[derive(Debug, Clone, PartialEq)]
pub struct OidcLogin {
    pub state_hash: String,
    pub idp_id: String,
    pub nonce: String,
    pub code_verifier: String,
    /// The account a signed-in person is linking, if that is what this login is for.
    pub link_account_id: Option<AccountId>,
    /// The network address that started it.
    pub client: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// An account's link to a provider's subject.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountIdentity {
    pub idp_id: String,
    pub idp_name: String,
    pub subject: String,
    pub account_id: AccountId,
    pub linked_at: OffsetDateTime,
}

pub trait IdentityStore {
    /// `Conflict` if a provider with that issuer exists.
    fn insert_identity_provider(
        &self,
        provider: &IdentityProvider,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Every configured provider, disabled ones included, by name.
    fn identity_providers(&self)
    -> impl Future<Output = StoreResult<Vec<IdentityProvider>>> + Send;
    /// `NotFound` if absent.
    fn identity_provider(
        &self,
        id: &str,
    ) -> impl Future<Output = StoreResult<IdentityProvider>> + Send;
    /// Disables (`Some`) or enables (`None`) a provider; `NotFound` if absent.
    fn set_identity_provider_disabled(
        &self,
        id: &str,
        disabled_at: Option<OffsetDateTime>,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Stores a login under way, and forgets the logins expired by its start.
    fn insert_oidc_login(&self, login: &OidcLogin) -> impl Future<Output = StoreResult<()>> + Send;
    /// How many logins `client` has under way at `now`, and when the first of them expires.
    fn live_oidc_logins(
        &self,
        client: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<(u64, Option<OffsetDateTime>)>> + Send;
    /// Takes the login of `state_hash` away and returns it if it has not expired at `now`
    /// (so it can be used once); expired logins are deleted as well.
    fn take_oidc_login(
        &self,
        state_hash: &str,
        now: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<Option<OidcLogin>>> + Send;

    /// The account a provider's subject signs in to, if it is linked.
    fn identity_account(
        &self,
        idp_id: &str,
        subject: &str,
    ) -> impl Future<Output = StoreResult<Option<AccountRecord>>> + Send;
    /// Links a subject to an account; `Conflict` if the subject is another account's or the
    /// account has a subject of that provider already.
    fn link_identity(
        &self,
        identity: &AccountIdentity,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Makes a learner account and links it to a subject in one transaction.
    fn create_account_with_identity(
        &self,
        record: &AccountRecord,
        identity: &AccountIdentity,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn account_identities(
        &self,
        account: &AccountId,
    ) -> impl Future<Output = StoreResult<Vec<AccountIdentity>>> + Send;
    /// `NotFound` if the account has no link to that provider.
    fn unlink_identity(
        &self,
        account: &AccountId,
        idp_id: &str,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
}
