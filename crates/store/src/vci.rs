//! OpenID4VCI's records, as stored (issue 13): credential offers with their pre-authorized
//! codes, the access tokens given for them, and single-use nonces.

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
    /// Spends a live access token: `true` if it was there and unexpired (then it is gone), so
    /// one offer delivers one credential however many requests race.
    fn spend_access_token(
        &self,
        token_hash: &str,
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
