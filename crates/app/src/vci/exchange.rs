//! VC-API exchanges (issue 13), as the Learner Credential Wallet picks up a credential: the QR
//! code carries an interaction URL (`/interactions/{id}?iuv=1`) naming the protocols the
//! register speaks for this offer — `vcapi` (the exchange) and `OID4VCI` (the offer); the
//! wallet POSTs `{}` to the exchange and gets a `DIDAuthentication` request with a challenge
//! (single-use) and the register as domain; it answers with a presentation signed by its DID
//! (`eddsa-rdfc-2022`, the suite this register verifies); the register answers with a
//! presentation holding the Open Badges 3.0 credential, re-signed with that DID as subject.
//!
//! An exchange is an offer without a transaction code: the exchange URL is its only secret
//! (the Learner Credential Wallet has no way to type a code), so offers protected by a code
//! are not offered over VC-API.

use serde_json::{Value, json};
use store::{Store, VciToken};

use super::{NONCE_LIFETIME, OFFER_LIFETIME};
use crate::App;
use crate::error::{AppError, AppResult};

/// The credential configuration a VC-API exchange delivers (once per offer, as OpenID4VCI's).
const EXCHANGE_DELIVERY: &str = "vcapi_ldp_vc";

impl<S: Store> App<S> {
    /// The interaction URL of an offer (what the Learner Credential Wallet's QR code carries).
    pub fn interaction_url(&self, offer: &str) -> String {
        format!("{}/interactions/{offer}?iuv=1", self.vci_issuer())
    }

    /// A live offer that may go over VC-API (no transaction code).
    async fn exchange_offer(&self, id: &str) -> AppResult<store::VciOffer> {
        self.store
            .offer(id)
            .await?
            .filter(|offer| {
                offer.used_at.is_none()
                    && offer.expires_at > self.now()
                    && offer.authorization.is_none()
                    && offer.tx_code_hash.is_none()
            })
            .ok_or_else(|| AppError::NotFound(format!("a live exchange `{id}`")))
    }

    /// `GET /interactions/{id}`: the protocols this offer can be picked up with.
    pub async fn interaction(&self, id: &str) -> AppResult<Value> {
        let offer = self.exchange_offer(id).await?;
        let offer_uri = format!("{}/oid4vci/offers/{}", self.vci_issuer(), offer.id);
        Ok(json!({"protocols": {
            "vcapi": format!("{}/exchanges/{}", self.vci_issuer(), offer.id),
            "OID4VCI": format!(
                "openid-credential-offer://?credential_offer_uri={}",
                crate::form_encoded(&offer_uri)
            ),
        }}))
    }

    /// `POST /exchanges/{id}`: `{}` starts the exchange (a DID authentication request);
    /// `{verifiablePresentation}` answers it and gets the credential.
    pub async fn exchange_step(&self, id: &str, body: &Value) -> AppResult<Value> {
        let offer = self.exchange_offer(id).await?;
        let Some(presentation) = body.get("verifiablePresentation") else {
            let challenge = self.random_hex(24);
            self.store
                .insert_nonce(&crate::secret_hash(&challenge), self.now() + NONCE_LIFETIME)
                .await?;
            return Ok(json!({"verifiablePresentationRequest": {
                "query": [{"type": "DIDAuthentication", "acceptedMethods": [{"method": "key"}], "acceptedCryptosuites": [{"cryptosuite": "eddsa-rdfc-2022"}]}],
                "challenge": challenge,
                "domain": self.vci_issuer(),
                "interact": {"service": [{"type": "UnmediatedHttpPresentationService2021", "serviceEndpoint": format!("{}/exchanges/{}", self.vci_issuer(), offer.id)}]},
            }}));
        };
        let bytes = serde_json::to_vec(presentation).unwrap_or_default();
        let challenge = presentation
            .pointer("/proof/challenge")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let verification = self
            .verify_presentation(&bytes, Some(&challenge), Some(&self.vci_issuer()))
            .await?;
        let report = &verification.report;
        let Some(holder) = report.holder.clone().filter(|_| report.verified) else {
            let failed: Vec<String> = report
                .checks
                .iter()
                .filter(|check| check.outcome == vc::report::Outcome::Failed)
                .map(|check| format!("{}: {}", check.check, check.reason))
                .collect();
            return Err(AppError::InvalidState(format!(
                "the DID authentication does not verify: {}",
                failed.join("; ")
            )));
        };
        let now = self.now();
        if !self
            .store
            .take_nonce(&crate::secret_hash(&challenge), now)
            .await?
        {
            return Err(AppError::InvalidState(
                "the challenge is unknown, used or expired: start the exchange again".to_owned(),
            ));
        }
        // Redeemed once, and delivered once, like an OpenID4VCI offer.
        let token = VciToken {
            token_hash: crate::secret_hash(&self.random_hex(32)),
            offer_id: offer.id.clone(),
            credential_id: offer.credential_id.clone(),
            expires_at: now + OFFER_LIFETIME,
        };
        self.store.redeem_offer(&offer.id, now, &token).await?;
        if !self
            .store
            .spend_access_token(&token.token_hash, EXCHANGE_DELIVERY, now)
            .await?
        {
            return Err(AppError::Conflict(
                "the exchange was completed already".to_owned(),
            ));
        }
        let record = self.stored_credential(&offer.credential_id).await?;
        if record.state != model::CredentialState::Active {
            return Err(AppError::InvalidState(format!(
                "the credential is {}",
                record.state
            )));
        }
        let credential = self.bound_ldp_vc(&record, &holder).await?;
        let audit = self.audit(
            ("wallet".to_owned(), holder),
            Some(&record.provider_id),
            "credential.deliver",
            &record.id.urn(),
            &format!("{} vcapi", offer.id),
        );
        self.store.append_audit(&audit).await?;
        Ok(json!({"verifiablePresentation": {
            "@context": [vc::contexts::CREDENTIALS_V2],
            "type": ["VerifiablePresentation"],
            "verifiableCredential": [credential],
        }}))
    }
}
