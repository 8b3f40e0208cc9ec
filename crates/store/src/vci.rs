//! The wallet protocols' records, as stored (issue 13): OpenID4VCI's credential offers with
//! their pre-authorized codes, the access tokens given for them, what each delivered, and
//! single-use nonces; OpenID4VP's presentation requests with their verified results.

use std::future::Future;

use model::{AccountId, CredentialId};
use time::OffsetDateTime;

use crate::StoreResult;
use crate::accounts::AuditEntry;

/// An offer of one credential to a wallet.
#[derive(Debug, Clone, PartialEq)]
pub struct VciOffer {
    pub id: String,
    pub credential_id: CredentialId,
    /// The learner who made it (none: an issuer did).
    pub account_id: Option<AccountId>,
    /// SHA-256 of the pre-authorized code.
    pub code_hash: String,
    /// The offer document the wallet fetches (it carries the code).
    pub document: String,
    pub tx_code_hash: Option<String>,
    pub tx_attempts: u32,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub used_at: Option<OffsetDateTime>,
    /// Set when the offer is a learner's consent in the authorization code flow: redeemed
    /// only by this client at this redirect URI with the PKCE verifier of this challenge.
    pub authorization: Option<WalletAuthorization>,
}

/// The wallet a learner authorized (OpenID4VCI authorization code flow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletAuthorization {
    pub client_id: String,
    pub redirect_uri: String,
    /// The PKCE `code_challenge` (S256).
    pub code_challenge: String,
}

/// An access token the token endpoint gave for a redeemed offer.
#[derive(Debug, Clone, PartialEq)]
pub struct VciToken {
    pub token_hash: String,
    pub offer_id: String,
    pub credential_id: CredentialId,
    pub expires_at: OffsetDateTime,
}

pub trait VciStore {
    fn insert_offer(
        &self,
        offer: &VciOffer,
        audit: &AuditEntry,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn offer(&self, id: &str) -> impl Future<Output = StoreResult<Option<VciOffer>>> + Send;
    fn offer_by_code(
        &self,
        code_hash: &str,
    ) -> impl Future<Output = StoreResult<Option<VciOffer>>> + Send;
    /// Counts a wrong transaction code; at `limit` failures the offer is used up. Returns the
    /// failures now.
    fn fail_tx_code(
        &self,
        offer: &str,
        limit: u32,
        at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<u32>> + Send;
    /// Redeems an offer once (`Conflict` if it was redeemed or used up meanwhile) and stores the
    /// access token, in one transaction.
    fn redeem_offer(
        &self,
        offer: &str,
        at: OffsetDateTime,
        token: &VciToken,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn access_token(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = StoreResult<Option<VciToken>>> + Send;
    /// Spends a live access token for one credential configuration: `true` if the token is
    /// live and its offer has not delivered that configuration yet, so one offer delivers each
    /// format once however many requests race.
    fn spend_access_token(
        &self,
        token_hash: &str,
        configuration: &str,
        at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
    fn insert_nonce(
        &self,
        nonce_hash: &str,
        expires_at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// Takes a live nonce once: `true` if it was there and unexpired (then it is gone).
    fn take_nonce(
        &self,
        nonce_hash: &str,
        at: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
}

/// A verifier's OpenID4VP presentation request, and the verified answer once a wallet gave one.
#[derive(Debug, Clone, PartialEq)]
pub struct VpRequest {
    /// The public handle, in the wallet's response URI.
    pub id: String,
    /// SHA-256 of the key of the verifier's result page.
    pub view_hash: String,
    pub nonce: String,
    pub state: String,
    /// What is asked for (JSON, the app's).
    pub query: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub responded_at: Option<OffsetDateTime>,
    /// The verification's outcome (JSON, the app's).
    pub result: Option<String>,
}

pub trait VpStore {
    /// Stores a new request; requests that expired before `purge_before` go (with their
    /// results).
    fn insert_vp_request(
        &self,
        request: &VpRequest,
        purge_before: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    fn vp_request(&self, id: &str) -> impl Future<Output = StoreResult<Option<VpRequest>>> + Send;
    fn vp_request_by_view(
        &self,
        view_hash: &str,
    ) -> impl Future<Output = StoreResult<Option<VpRequest>>> + Send;
    /// Records an answer's result while the request is open and live: a `closing` one (it
    /// verified) answers the request for good; another leaves it open. `false` if the request
    /// was answered already or has expired.
    fn answer_vp_request(
        &self,
        id: &str,
        at: OffsetDateTime,
        result: &str,
        closing: bool,
    ) -> impl Future<Output = StoreResult<bool>> + Send;
}
