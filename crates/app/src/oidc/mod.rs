//! Signing in with OpenID Connect (authorization code flow with PKCE, OpenID Connect Core 1.0
//! and RFC 7636) to identity providers a platform admin configures: a university's federation,
//! a government login. A provider's subject is mapped to an account: one the person linked
//! from their account page, or — if the provider is trusted to — a learner account made at the
//! first sign-in for an address the provider verified. An address that has an account already
//! is never taken over this way: its owner signs in with the password and links the provider.
//!
//! The provider's discovery document, keys and token endpoint are fetched with
//! `fetch::SafeFetcher` (https only, no private addresses), fresh at each sign-in, so a key the
//! provider rotates is picked up at once.

mod id_token;
mod login;

use std::sync::{Arc, OnceLock};

use fetch::SafeFetcher;
use model::AccountId;
use schemars::JsonSchema;
use serde::Serialize;
use store::{AccountIdentity, IdentityProvider, Store};
use time::OffsetDateTime;

pub use fetch::FetchPolicy;
pub use login::{LOGIN_LIFETIME, MAX_LOGINS_PER_CLIENT, OidcCallback, OidcOutcome, OidcStart};

use crate::App;
use crate::auth::Principal;
use crate::error::{AppError, AppResult};

/// What a platform admin enters to add an identity provider.
#[derive(Debug, Clone)]
pub struct NewIdentityProvider {
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Scopes besides `openid`, space-separated (default `email profile`).
    pub scopes: String,
    pub creates_accounts: bool,
}

/// An identity provider as shown to admins (the secret is never shown again).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct IdentityProviderView {
    pub id: String,
    pub name: String,
    pub issuer: String,
    pub client_id: String,
    pub scopes: String,
    pub creates_accounts: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<String>")]
    pub disabled_at: Option<OffsetDateTime>,
    /// Where the provider must send browsers back (register it with the provider).
    pub redirect_uri: String,
}

/// A provider on the sign-in page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SignInOption {
    pub id: String,
    pub name: String,
}

/// An account's link to a provider.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LinkedIdentity {
    pub provider_id: String,
    pub provider_name: String,
    pub subject: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub linked_at: OffsetDateTime,
}

/// Where sealed client secrets are bound: they open only for their provider's row.
fn secret_binding(id: &str) -> String {
    format!("identity-provider:{id}")
}

fn text(field: &str, value: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(AppError::InvalidState(format!(
            "{field} must be 1 to {max} characters, without control characters"
        )));
    }
    Ok(value.to_owned())
}

/// Scopes are `openid` plus these: letters, digits and `_-.:/` (RFC 6749 §3.3 allows more, but
/// no provider needs it and a space or quote would change the request).
fn clean_scopes(scopes: &str) -> AppResult<String> {
    let scopes: Vec<&str> = scopes
        .split_whitespace()
        .filter(|scope| *scope != "openid")
        .collect();
    if scopes.len() > 20
        || scopes.iter().any(|scope| {
            scope.len() > 100
                || !scope
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.:/".contains(c))
        })
    {
        return Err(AppError::InvalidState(
            "scopes are at most 20 words of letters, digits and _-.:/".to_owned(),
        ));
    }
    Ok(scopes.join(" "))
}

impl<S: Store> App<S> {
    /// Sets what the sign-in fetches may reach (tests and a local register allow
    /// `http://localhost`; a served register only https to public addresses).
    pub fn with_identity_fetch_policy(mut self, policy: FetchPolicy) -> App<S> {
        self.identity_fetch_policy = policy;
        self.identity_fetcher = OnceLock::new();
        self
    }

    pub(crate) fn identity_fetcher(&self) -> AppResult<Arc<SafeFetcher>> {
        if let Some(fetcher) = self.identity_fetcher.get() {
            return Ok(fetcher.clone());
        }
        let fetcher = SafeFetcher::new(self.identity_fetch_policy.clone())
            .map_err(|error| AppError::IdentityProviderUnavailable(error.to_string()))?;
        Ok(self
            .identity_fetcher
            .get_or_init(|| Arc::new(fetcher))
            .clone())
    }

    /// The URL the identity providers send browsers back to.
    pub fn oidc_redirect_uri(&self) -> String {
        format!("{}/auth/oidc/callback", self.issuing.register_url)
    }

    fn identity_provider_view(&self, provider: IdentityProvider) -> IdentityProviderView {
        IdentityProviderView {
            id: provider.id,
            name: provider.name,
            issuer: provider.issuer,
            client_id: provider.client_id,
            scopes: provider.scopes,
            creates_accounts: provider.creates_accounts,
            created_at: provider.created_at,
            disabled_at: provider.disabled_at,
            redirect_uri: self.oidc_redirect_uri(),
        }
    }

    /// Adds an identity provider, after reading its discovery document (an issuer that does
    /// not answer as one is refused now rather than at someone's sign-in).
    pub async fn add_identity_provider(
        &self,
        principal: &Principal,
        new: &NewIdentityProvider,
    ) -> AppResult<IdentityProviderView> {
        let admin = principal.platform_admin()?;
        let name = text("the name", &new.name, 100)?;
        let issuer = text("the issuer", &new.issuer, 500)?;
        let client_id = text("the client id", &new.client_id, 500)?;
        let secret = text("the client secret", &new.client_secret, 1000)?;
        let scopes = clean_scopes(&new.scopes)?;
        self.discover(&issuer).await?;
        let master = self.master_key()?;
        let id = format!("idp-{}", self.random_hex(8));
        let mut nonce = [0u8; 24];
        self.fill_random(&mut nonce);
        let sealed = master
            .seal_bytes(secret.as_bytes(), &secret_binding(&id), nonce)
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        let provider = IdentityProvider {
            id,
            name,
            issuer,
            client_id,
            sealed_secret: hex::encode(sealed),
            scopes,
            creates_accounts: new.creates_accounts,
            created_at: self.now(),
            disabled_at: None,
        };
        let audit = self.audit(
            admin.actor().clone(),
            None,
            "identity_provider.add",
            &provider.id,
            &provider.issuer,
        );
        self.store
            .insert_identity_provider(&provider, &audit)
            .await
            .map_err(|error| match error {
                store::StoreError::Conflict(_) => AppError::Conflict(format!(
                    "an identity provider with issuer `{}` is configured already",
                    provider.issuer
                )),
                other => other.into(),
            })?;
        Ok(self.identity_provider_view(provider))
    }

    /// Every configured provider, for platform admins.
    pub async fn identity_providers(
        &self,
        principal: &Principal,
    ) -> AppResult<Vec<IdentityProviderView>> {
        principal.platform_admin()?;
        Ok(self
            .store
            .identity_providers()
            .await?
            .into_iter()
            .map(|provider| self.identity_provider_view(provider))
            .collect())
    }

    /// The providers one may sign in with (the sign-in page; anyone).
    pub async fn sign_in_options(&self) -> AppResult<Vec<SignInOption>> {
        Ok(self
            .store
            .identity_providers()
            .await?
            .into_iter()
            .filter(|provider| provider.disabled_at.is_none())
            .map(|provider| SignInOption {
                id: provider.id,
                name: provider.name,
            })
            .collect())
    }

    /// Disables a provider (no sign-in with it, logins under way end) or enables it again.
    pub async fn set_identity_provider_enabled(
        &self,
        principal: &Principal,
        id: &str,
        enabled: bool,
    ) -> AppResult<IdentityProviderView> {
        let admin = principal.platform_admin()?;
        let action = if enabled {
            "identity_provider.enable"
        } else {
            "identity_provider.disable"
        };
        let audit = self.audit(admin.actor().clone(), None, action, id, "");
        let at = (!enabled).then(|| self.now());
        self.store
            .set_identity_provider_disabled(id, at, &audit)
            .await
            .map_err(|error| AppError::from_store(error, || format!("identity provider `{id}`")))?;
        let provider = self.store.identity_provider(id).await?;
        Ok(self.identity_provider_view(provider))
    }

    /// The providers linked to the signed-in account.
    pub async fn linked_identities(&self, principal: &Principal) -> AppResult<Vec<LinkedIdentity>> {
        let account = signed_in(principal)?;
        Ok(self
            .store
            .account_identities(&account)
            .await?
            .into_iter()
            .map(|identity: AccountIdentity| LinkedIdentity {
                provider_id: identity.idp_id,
                provider_name: identity.idp_name,
                subject: identity.subject,
                linked_at: identity.linked_at,
            })
            .collect())
    }

    /// Removes the link between the signed-in account and a provider.
    pub async fn unlink_identity(&self, principal: &Principal, provider: &str) -> AppResult<()> {
        let account = signed_in(principal)?;
        let audit = self.audit(
            principal.actor(),
            None,
            "account.identity_unlink",
            account.as_str(),
            provider,
        );
        self.store
            .unlink_identity(&account, provider, &audit)
            .await
            .map_err(|error| {
                AppError::from_store(error, || format!("link to identity provider `{provider}`"))
            })
    }

    /// Every identity provider with its client secret sealed under `new` (master key
    /// rotation stores them with the signing keys, in one transaction).
    pub(crate) async fn resealed_identity_secrets(
        &self,
        current: &vc::keystore::MasterKey,
        new: &vc::keystore::MasterKey,
    ) -> AppResult<Vec<IdentityProvider>> {
        let mut providers = self.store.identity_providers().await?;
        for provider in &mut providers {
            let secret = self.open_client_secret_with(current, provider)?;
            let mut nonce = [0u8; 24];
            self.fill_random(&mut nonce);
            let sealed = new
                .seal_bytes(secret.as_bytes(), &secret_binding(&provider.id), nonce)
                .map_err(|error| AppError::InvalidState(error.to_string()))?;
            provider.sealed_secret = hex::encode(sealed);
        }
        Ok(providers)
    }

    fn open_client_secret_with(
        &self,
        master: &vc::keystore::MasterKey,
        provider: &IdentityProvider,
    ) -> AppResult<String> {
        let sealed = hex::decode(&provider.sealed_secret).map_err(|_| {
            AppError::InvalidState(format!(
                "the sealed client secret of {} is not hex",
                provider.id
            ))
        })?;
        let secret = master
            .open_bytes(&sealed, &secret_binding(&provider.id))
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        String::from_utf8(secret).map_err(|_| {
            AppError::InvalidState(format!("the client secret of {} is not text", provider.id))
        })
    }
}

/// The account of a signed-in person (a learner or staff member with an account).
fn signed_in(principal: &Principal) -> AppResult<AccountId> {
    principal
        .account()
        .map(|account| account.id.clone())
        .ok_or_else(|| {
            AppError::Forbidden(
                "only a person signed in with an account has linked identity providers".to_owned(),
            )
        })
}
