//! API tokens and web sessions: creating, checking and revoking them. Secrets are shown once and
//! stored only as SHA-256 hashes.

use model::{ApiToken, ProviderId, Role, TokenId};
use store::{Store, StoreError};
use time::{Duration, OffsetDateTime};

use crate::auth::{PlatformAdmin, Principal, SignedInWith};
use crate::error::{AppError, AppResult};
use crate::{App, secret_hash};

/// Prefix of token secrets, so a leaked one is recognisable (secret scanners, logs).
pub const TOKEN_PREFIX: &str = "mct_";
/// How long a web sign-in lasts.
pub const SESSION_LIFETIME: Duration = Duration::hours(12);

/// How stale a token's "last used" may get before a use writes it again.
const TOUCH_EVERY: Duration = Duration::minutes(10);

impl<S: Store> App<S> {
    /// Creates a token; returns it with its secret, which is never shown again.
    pub async fn create_token(
        &self,
        _admin: &PlatformAdmin,
        role: Role,
        provider: Option<ProviderId>,
        label: &str,
    ) -> AppResult<(ApiToken, String)> {
        match (role, &provider) {
            (Role::PlatformAdmin | Role::Analyst, Some(_)) => {
                return Err(AppError::InvalidState(format!(
                    "a {} token belongs to no provider",
                    role.code()
                )));
            }
            (Role::ProviderAdmin | Role::Issuer, None) => {
                return Err(AppError::InvalidState(format!(
                    "a {} token needs a provider",
                    role.code()
                )));
            }
            (_, Some(provider)) => {
                self.load_provider(provider).await?;
            }
            _ => {}
        }
        let token = ApiToken {
            id: TokenId::parse(&format!("tok-{}", self.random_hex(6)))
                .map_err(AppError::InvalidState)?,
            role,
            provider_id: provider,
            label: label.chars().take(200).collect(),
            created_at: self.now(),
            revoked_at: None,
            account_id: None,
            expires_at: None,
            last_used_at: None,
        };
        let secret = format!("{TOKEN_PREFIX}{}", self.random_hex(32));
        self.store
            .insert_token(&token, &secret_hash(&secret))
            .await?;
        Ok((token, secret))
    }

    pub async fn tokens(&self, _admin: &PlatformAdmin) -> AppResult<Vec<ApiToken>> {
        Ok(self.store.list_tokens(None, None).await?)
    }

    pub async fn revoke_token(&self, _admin: &PlatformAdmin, id: &TokenId) -> AppResult<()> {
        self.store
            .revoke_token(id, self.now())
            .await
            .map_err(|error| AppError::from_store(error, || format!("live token `{id}`")))
    }

    /// The principal a bearer token secret belongs to.
    pub async fn authenticate(&self, secret: &str) -> AppResult<Principal> {
        if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 200 {
            return Err(AppError::Unauthenticated("malformed token"));
        }
        let now = self.now();
        match self.store.find_token(&secret_hash(secret), now).await {
            Ok(token) => {
                // When it was last used, to the nearest ten minutes (not a write per request).
                if token
                    .last_used_at
                    .is_none_or(|used| now - used > TOUCH_EVERY)
                {
                    self.store.touch_token(&token.id, now).await?;
                }
                Ok(Principal::staff(token, SignedInWith::ApiToken))
            }
            Err(StoreError::NotFound) => Err(AppError::Unauthenticated("unknown or revoked token")),
            Err(other) => Err(other.into()),
        }
    }

    /// A fresh secret for a browser's forms (the pages' anonymous CSRF tokens derive from it).
    pub fn new_form_secret(&self) -> String {
        self.random_hex(32)
    }

    /// A bearer credential of the API: an API token, or a session made by signing in (how a
    /// learner, who has no API token, reaches `/api/v1/me/…`).
    pub async fn authenticate_bearer(&self, secret: &str) -> AppResult<Principal> {
        if secret.starts_with(TOKEN_PREFIX) {
            self.authenticate(secret).await
        } else {
            self.session(secret).await
        }
    }

    /// Signs in with a token secret; returns a session secret for a cookie and its expiry.
    pub async fn sign_in(
        &self,
        token_secret: &str,
    ) -> AppResult<(Principal, String, OffsetDateTime)> {
        let principal = self.authenticate(token_secret.trim()).await?;
        let session = self.random_hex(32);
        let now = self.now();
        let expires_at = now + SESSION_LIFETIME;
        let token = principal
            .token()
            .ok_or(AppError::Unauthenticated("not an API token"))?;
        self.store
            .insert_session(&secret_hash(&session), &token.id, now, expires_at)
            .await?;
        Ok((principal, session, expires_at))
    }

    /// The principal of a live web session: a person's account, or a token signed in with.
    pub async fn session(&self, session_secret: &str) -> AppResult<Principal> {
        if session_secret.len() != 64 {
            return Err(AppError::Unauthenticated("malformed session"));
        }
        if let Some(principal) = self.account_session(session_secret).await? {
            return Ok(principal);
        }
        match self
            .store
            .find_session(&secret_hash(session_secret), self.now())
            .await
        {
            Ok(session) => Ok(Principal::staff(session.token, SignedInWith::Session)),
            Err(StoreError::NotFound) => {
                Err(AppError::Unauthenticated("session expired or signed out"))
            }
            Err(other) => Err(other.into()),
        }
    }

    pub async fn sign_out(&self, session_secret: &str) -> AppResult<()> {
        let hash = secret_hash(session_secret);
        self.store.delete_account_session(&hash).await?;
        Ok(self.store.delete_session(&hash).await?)
    }
}
