//! Provider identities and signing keys: each provider signs with Ed25519 keys sealed at rest
//! under the server's master key, and is known to the world as a `did:web` whose document lists
//! its current and retired keys (so credentials signed before a rotation keep verifying).

use model::{Provider, ProviderId};
use serde::Serialize;
use serde_json::Value;
use store::{ProviderKeyRecord, Store, StoreError};
use time::OffsetDateTime;
use vc::did::{DocumentKey, did_document, did_web};
use vc::keys::{KeyPair, PublicKey};
use vc::keystore::MasterKey;

use crate::App;
use crate::auth::ProviderAdmin;
use crate::error::{AppError, AppResult};

/// How this register issues: where it is reachable and the key that seals signing keys.
#[derive(Debug, Clone)]
pub struct IssuingConfig {
    /// Public base URL without a trailing slash (`https://register.example.eu`). Credential
    /// ids of achievements, status lists and the providers' did:web all live under it.
    pub register_url: String,
    /// Seals the providers' signing keys at rest; without it nothing can be signed.
    pub master_key: Option<MasterKey>,
}

impl Default for IssuingConfig {
    fn default() -> Self {
        IssuingConfig {
            register_url: "http://127.0.0.1:8080".to_owned(),
            master_key: None,
        }
    }
}

impl IssuingConfig {
    /// `host[:port]` and path segments of the register URL, as did:web needs them.
    fn did_parts(&self) -> (String, Vec<String>) {
        let without_scheme = self
            .register_url
            .split_once("://")
            .map_or(self.register_url.as_str(), |(_, rest)| rest);
        let mut parts = without_scheme.split('/').filter(|part| !part.is_empty());
        let host = parts.next().unwrap_or("localhost").to_owned();
        (host, parts.map(str::to_owned).collect())
    }

    /// `did:web:{host}:providers:{slug}`: resolves to `{register}/providers/{slug}/did.json`.
    pub fn provider_did(&self, provider: &ProviderId) -> String {
        let (host, mut segments) = self.did_parts();
        segments.push("providers".to_owned());
        segments.push(provider.as_str().to_owned());
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        did_web(&host, &segments)
    }

    /// The provider whose did:web `did` is, if it is one of this register's.
    pub fn provider_of_did(&self, did: &str) -> Option<ProviderId> {
        let did = did.split('#').next().unwrap_or(did);
        let slug = did.rsplit(':').next()?;
        let provider = ProviderId::parse(slug).ok()?;
        (self.provider_did(&provider) == did).then_some(provider)
    }
}

/// A provider's key as shown to its admins and in its DID document.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ProviderKeyInfo {
    /// `did:web:…#key-N`.
    pub verification_method: String,
    pub public_key_multibase: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    /// Retired keys sign nothing new; credentials they signed stay verifiable.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<String>")]
    pub retired_at: Option<OffsetDateTime>,
}

/// What issuance signs with: the provider, its live key and its verification method.
#[derive(Debug, Clone)]
pub struct ProviderSigner {
    pub provider: Provider,
    pub did: String,
    pub verification_method: String,
    pub key: KeyPair,
}

impl<S: Store> App<S> {
    pub fn issuing(&self) -> &IssuingConfig {
        &self.issuing
    }

    pub fn provider_did(&self, provider: &ProviderId) -> String {
        self.issuing.provider_did(provider)
    }

    pub(crate) fn master_key(&self) -> AppResult<&MasterKey> {
        self.issuing.master_key.as_ref().ok_or_else(|| {
            AppError::NotConfigured(
                "the server has no master key, so it cannot sign: start it with --master-key-file \
                 or MICROCRED_MASTER_KEY_FILE (`microcred keys new-master-key` writes one)"
                    .to_owned(),
            )
        })
    }

    fn key_binding(provider: &ProviderId, number: u32) -> String {
        format!("{provider}#key-{number}")
    }

    /// The provider's live signing key, made on first use.
    pub(crate) async fn signer(&self, provider: &Provider) -> AppResult<ProviderSigner> {
        for _ in 0..3 {
            let keys = self.store.list_provider_keys(&provider.id).await?;
            let live = keys.iter().rev().find(|key| key.retired_at.is_none());
            let record = match live {
                Some(record) => record.clone(),
                None => match self.add_key(&provider.id, keys.len()).await {
                    Ok(record) => record,
                    // Someone else made the first key at the same moment: use theirs.
                    Err(AppError::Conflict(_)) => continue,
                    Err(error) => return Err(error),
                },
            };
            let sealed = hex::decode(&record.sealed_key).map_err(|_| {
                AppError::Store(StoreError::Corrupt(format!(
                    "sealed key {} of {} is not hex",
                    record.key_number, provider.id
                )))
            })?;
            let key = self
                .master_key()?
                .open(&sealed, &Self::key_binding(&provider.id, record.key_number))?;
            let did = self.provider_did(&provider.id);
            return Ok(ProviderSigner {
                provider: provider.clone(),
                verification_method: format!("{did}#key-{}", record.key_number),
                did,
                key,
            });
        }
        Err(AppError::Conflict(format!(
            "the signing key of {} is being changed; try again",
            provider.id
        )))
    }

    async fn add_key(
        &self,
        provider: &ProviderId,
        existing: usize,
    ) -> AppResult<ProviderKeyRecord> {
        let master = self.master_key()?;
        let number = u32::try_from(existing + 1).unwrap_or(u32::MAX);
        let mut seed = [0u8; 32];
        self.fill_random(&mut seed);
        let key = KeyPair::from_seed(&seed);
        let mut nonce = [0u8; 24];
        self.fill_random(&mut nonce);
        let sealed = master.seal(&key, &Self::key_binding(provider, number), nonce)?;
        let record = ProviderKeyRecord {
            provider_id: provider.clone(),
            key_number: number,
            public_key: key.public().to_multibase(),
            sealed_key: hex::encode(sealed),
            created_at: self.now(),
            retired_at: None,
        };
        self.store
            .rotate_provider_key(&record)
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => AppError::Conflict(format!(
                    "key {number} of {provider} was made at the same moment by another request"
                )),
                other => other.into(),
            })?;
        Ok(record)
    }

    /// Makes a new signing key and retires the current one; credentials signed with the old
    /// key stay verifiable because the DID document keeps listing it.
    pub async fn rotate_provider_key(&self, admin: &ProviderAdmin) -> AppResult<ProviderKeyInfo> {
        self.load_provider(admin.provider()).await?;
        let existing = self.store.list_provider_keys(admin.provider()).await?;
        let record = self.add_key(admin.provider(), existing.len()).await?;
        let audit = self.audit(
            admin.actor().clone(),
            Some(admin.provider()),
            "key.rotate",
            admin.provider().as_str(),
            &format!("key {} made, the earlier one retired", record.key_number),
        );
        self.store.append_audit(&audit).await?;
        Ok(self.key_info(&record))
    }

    fn key_info(&self, record: &ProviderKeyRecord) -> ProviderKeyInfo {
        ProviderKeyInfo {
            verification_method: format!(
                "{}#key-{}",
                self.provider_did(&record.provider_id),
                record.key_number
            ),
            public_key_multibase: record.public_key.clone(),
            created_at: record.created_at,
            retired_at: record.retired_at,
        }
    }

    /// Re-seals every provider's signing keys, every learner's did:key and every identity
    /// provider's client secret under `new` (one
    /// transaction), so the master key
    /// can be replaced: afterwards only `new` opens them. Returns how many keys were re-sealed.
    /// Fails, changing nothing, if any key does not open with the current master key.
    pub async fn reseal_signing_keys(
        &self,
        _admin: &crate::PlatformAdmin,
        new: &MasterKey,
    ) -> AppResult<usize> {
        let current = self.master_key()?;
        let mut keys = self.store.all_provider_keys().await?;
        for key in &mut keys {
            let binding = Self::key_binding(&key.provider_id, key.key_number);
            let sealed = hex::decode(&key.sealed_key).map_err(|_| {
                AppError::Store(StoreError::Corrupt(format!(
                    "sealed key {binding} is not hex"
                )))
            })?;
            let pair = current.open(&sealed, &binding)?;
            let mut nonce = [0u8; 24];
            self.fill_random(&mut nonce);
            key.sealed_key = hex::encode(new.seal(&pair, &binding, nonce)?);
        }
        // The learners' did:keys are sealed under the same master key.
        let mut learner_keys = self.store.sealed_learner_keys().await?;
        for key in &mut learner_keys {
            let binding = crate::wallet::learner_key_binding(&key.account_id);
            let sealed = key.sealed_key.as_deref().unwrap_or_default();
            let pair = current.open(sealed, &binding)?;
            let mut nonce = [0u8; 24];
            self.fill_random(&mut nonce);
            key.sealed_key = Some(new.seal(&pair, &binding, nonce)?);
        }
        // And the identity providers' client secrets.
        let identity_providers = self.resealed_identity_secrets(current, new).await?;
        self.store
            .reseal_provider_keys(&keys, &learner_keys, &identity_providers)
            .await
            .map_err(|error| match error {
                StoreError::Conflict(message) => AppError::Conflict(message),
                other => other.into(),
            })?;
        Ok(keys.len() + learner_keys.len() + identity_providers.len())
    }

    /// Every key of the provider, oldest first.
    pub async fn provider_keys(&self, provider: &ProviderId) -> AppResult<Vec<ProviderKeyInfo>> {
        self.load_provider(provider).await?;
        let keys = self.store.list_provider_keys(provider).await?;
        Ok(keys.iter().map(|record| self.key_info(record)).collect())
    }

    /// The provider's DID document: every key it ever signed with, each for assertion.
    /// Anyone may read it; a provider that never signed has no document (`NotFound`).
    pub async fn did_document(&self, provider: &ProviderId) -> AppResult<Value> {
        let keys = self.store.list_provider_keys(provider).await?;
        if keys.is_empty() {
            return Err(AppError::NotFound(format!(
                "the DID document of provider `{provider}` (it has not signed anything yet)"
            )));
        }
        let mut listed = Vec::with_capacity(keys.len());
        for record in &keys {
            let public_key = PublicKey::from_multibase(&record.public_key).map_err(|error| {
                AppError::Store(StoreError::Corrupt(format!(
                    "public key {} of {provider}: {error}",
                    record.key_number
                )))
            })?;
            listed.push(DocumentKey {
                fragment: format!("key-{}", record.key_number),
                public_key,
            });
        }
        Ok(did_document(&self.provider_did(provider), &listed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_dids_follow_the_register_url() {
        let config = IssuingConfig {
            register_url: "http://127.0.0.1:8080".to_owned(),
            master_key: None,
        };
        let provider = ProviderId::parse("hogeschool-scheldeland").unwrap();
        let did = config.provider_did(&provider);
        assert_eq!(
            did,
            "did:web:127.0.0.1%3A8080:providers:hogeschool-scheldeland"
        );
        assert_eq!(
            config.provider_of_did(&format!("{did}#key-2")),
            Some(provider.clone())
        );
        assert_eq!(
            config.provider_of_did("did:web:elsewhere.example:providers:hogeschool-scheldeland"),
            None
        );
        let nested = IssuingConfig {
            register_url: "https://register.example.eu/microcred/".to_owned(),
            master_key: None,
        };
        assert_eq!(
            nested.provider_did(&provider),
            "did:web:register.example.eu:microcred:providers:hogeschool-scheldeland"
        );
    }
}
