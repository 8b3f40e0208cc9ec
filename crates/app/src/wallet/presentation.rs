//! The learner's DID and the Verifiable Presentations it signs: a `did:key` the register makes
//! for the learner (its key sealed under the master key, bound to the account), or one the
//! learner brings (then the register cannot sign for it). A presentation answers a verifier's
//! challenge and domain, with proof purpose `authentication`.

use serde_json::Value;
use store::{LearnerKeyRecord, Store};
use vc::keys::KeyPair;

use crate::App;
use crate::auth::LearnerRight;
use crate::error::{AppError, AppResult};

/// Longest challenge or domain accepted.
const MAX_CHALLENGE_CHARS: usize = 500;

fn key_binding(learner: &LearnerRight) -> String {
    learner_key_binding(learner.account())
}

/// What a learner's sealed key is bound to: it opens only for that account.
pub(crate) fn learner_key_binding(account: &model::AccountId) -> String {
    format!("learner:{account}")
}

impl<S: Store> App<S> {
    /// Makes the learner's `did:key` (replacing one they brought); returns the DID.
    pub async fn make_learner_did(&self, learner: &LearnerRight) -> AppResult<String> {
        if let Some(existing) = self.store.learner_key(learner.account()).await?
            && existing.sealed_key.is_some()
        {
            return Ok(existing.did);
        }
        let master = self.master_key()?;
        let mut seed = [0u8; 32];
        self.fill_random(&mut seed);
        let key = KeyPair::from_seed(&seed);
        let mut nonce = [0u8; 24];
        self.fill_random(&mut nonce);
        let sealed = master.seal(&key, &key_binding(learner), nonce)?;
        let did = key.public().did_key();
        self.store
            .put_learner_key(&LearnerKeyRecord {
                account_id: learner.account().clone(),
                did: did.clone(),
                sealed_key: Some(sealed),
                created_at: self.now(),
            })
            .await?;
        Ok(did)
    }

    /// Binds a DID the learner controls elsewhere (their own wallet's) to future credentials,
    /// replacing one the register made; the register holds no key for it, so presentations are
    /// then signed in the learner's own wallet.
    pub async fn use_own_did(&self, learner: &LearnerRight, did: &str) -> AppResult<String> {
        let did = did.trim();
        let method_ok = did
            .strip_prefix("did:")
            .and_then(|rest| rest.split_once(':'))
            .is_some_and(|(method, id)| {
                !method.is_empty()
                    && method
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    && !id.is_empty()
            });
        if !method_ok || did.len() > 500 || did.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(AppError::InvalidState(format!(
                "did: `{did}` is not a DID (did:method:identifier, at most 500 characters)"
            )));
        }
        if let Some(multibase) = did.strip_prefix("did:key:") {
            vc::keys::PublicKey::from_multibase(multibase).map_err(|error| {
                AppError::InvalidState(format!(
                    "did: `{did}` is not a did:key this register reads: {error}"
                ))
            })?;
        }
        self.store
            .put_learner_key(&LearnerKeyRecord {
                account_id: learner.account().clone(),
                did: did.to_owned(),
                sealed_key: None,
                created_at: self.now(),
            })
            .await?;
        Ok(did.to_owned())
    }

    /// A presentation of credentials in the wallet (issued here or imported, by id) for a
    /// verifier's `challenge` and `domain`, signed with the learner's did:key.
    pub async fn present(
        &self,
        learner: &LearnerRight,
        ids: &[String],
        challenge: &str,
        domain: &str,
    ) -> AppResult<Value> {
        for (name, value) in [("challenge", challenge), ("domain", domain)] {
            if value.trim().is_empty()
                || value.chars().count() > MAX_CHALLENGE_CHARS
                || value.chars().any(char::is_control)
            {
                return Err(AppError::InvalidState(format!(
                    "{name}: the verifier's {name}, 1 to {MAX_CHALLENGE_CHARS} characters"
                )));
            }
        }
        if ids.is_empty() || ids.len() > super::sharing::MAX_SHARED {
            return Err(AppError::InvalidState(format!(
                "credentials: choose 1 to {} credentials to present",
                super::sharing::MAX_SHARED
            )));
        }
        let record = self
            .store
            .learner_key(learner.account())
            .await?
            .and_then(|record| record.sealed_key)
            .ok_or_else(|| {
                AppError::InvalidState(
                    "make your DID here first: it signs your presentations (for a DID of your own wallet, present from that wallet)".to_owned(),
                )
            })?;
        let key = self.master_key()?.open(&record, &key_binding(learner))?;
        let held = self.held_credentials(learner.account()).await?;
        let mut credentials = Vec::with_capacity(ids.len());
        for id in ids {
            let (_, document) = held
                .iter()
                .find(|(item, _)| super::named(item, id))
                .ok_or_else(|| AppError::NotFound(format!("credential {id} in your wallet")))?;
            credentials.push(document.clone());
        }
        let created = vc::ob3::timestamp(self.now());
        vc::presentation::sign_presentation(
            vc::contexts::processor(),
            &credentials,
            &key,
            challenge.trim(),
            domain.trim(),
            &created,
        )
        .map_err(|error| AppError::Credential {
            code: error.code(),
            message: error.to_string(),
        })
    }
}
