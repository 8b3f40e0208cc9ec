//! API tokens a staff member makes for their integrations: theirs (owned by their account, in
//! their role at their provider), expiring (90 days unless said otherwise, at most a year), with
//! their last use; revoked with the account when the staff member is removed. A provider's
//! admins see every token of their provider with its owner.

use model::{ApiToken, TokenId};
use store::Store;
use time::Duration;

use crate::auth::{Principal, ProviderAdmin};
use crate::error::{AppError, AppResult};
use crate::tokens::TOKEN_PREFIX;
use crate::{App, secret_hash};

/// A token's life when none is asked for, and the longest.
pub const DEFAULT_TOKEN_DAYS: i64 = 90;
pub const MAX_TOKEN_DAYS: i64 = 366;

impl<S: Store> App<S> {
    /// Makes a token for the signed-in staff member; returns it with its secret (shown once).
    pub async fn create_own_token(
        &self,
        principal: &Principal,
        label: &str,
        days: Option<i64>,
    ) -> AppResult<(ApiToken, String)> {
        let account = principal.account().ok_or_else(|| {
            AppError::Forbidden(
                "a token is made by a staff member signed in with their account".to_owned(),
            )
        })?;
        let role = account.role.ok_or_else(|| {
            AppError::Forbidden(
                "learners have no API tokens: the wallet's API takes a session (POST /api/v1/sessions)"
                    .to_owned(),
            )
        })?;
        let label = label.trim();
        if label.is_empty() || label.chars().count() > 200 || label.chars().any(char::is_control) {
            return Err(AppError::InvalidState(
                "label: what the token is for, 1 to 200 characters".to_owned(),
            ));
        }
        let days = days.unwrap_or(DEFAULT_TOKEN_DAYS);
        if !(1..=MAX_TOKEN_DAYS).contains(&days) {
            return Err(AppError::InvalidState(format!(
                "days: a token lives 1 to {MAX_TOKEN_DAYS} days, not {days}"
            )));
        }
        let now = self.now();
        let token = ApiToken {
            id: TokenId::parse(&format!("tok-{}", self.random_hex(6)))
                .map_err(AppError::InvalidState)?,
            role,
            provider_id: account.provider_id.clone(),
            label: label.to_owned(),
            created_at: now,
            revoked_at: None,
            account_id: Some(account.id.clone()),
            expires_at: Some(now + Duration::days(days)),
            last_used_at: None,
        };
        let secret = format!("{TOKEN_PREFIX}{}", self.random_hex(32));
        self.store
            .insert_token(&token, &secret_hash(&secret))
            .await?;
        let audit = self.audit(
            principal.actor(),
            token.provider_id.as_ref(),
            "token.create",
            token.id.as_str(),
            &format!(
                "{} until {}",
                token.label,
                vc::ob3::timestamp(now + Duration::days(days))
            ),
        );
        self.store.append_audit(&audit).await?;
        Ok((token, secret))
    }

    /// The signed-in staff member's tokens, oldest first.
    pub async fn own_tokens(&self, principal: &Principal) -> AppResult<Vec<ApiToken>> {
        let Some(account) = principal.account() else {
            return Ok(Vec::new());
        };
        Ok(self.store.list_tokens(Some(&account.id), None).await?)
    }

    /// Revokes one of the signed-in staff member's tokens (`NotFound` for another's).
    pub async fn revoke_own_token(&self, principal: &Principal, id: &TokenId) -> AppResult<()> {
        let owned = self.own_tokens(principal).await?;
        if !owned
            .iter()
            .any(|token| &token.id == id && token.revoked_at.is_none())
        {
            return Err(AppError::NotFound(format!("live token {id} of yours")));
        }
        self.store.revoke_token(id, self.now()).await?;
        let audit = self.audit(
            principal.actor(),
            principal.own_provider(),
            "token.revoke",
            id.as_str(),
            "",
        );
        self.store.append_audit(&audit).await?;
        Ok(())
    }

    /// Every token of the admin's provider, with its owner.
    pub async fn provider_tokens(&self, admin: &ProviderAdmin) -> AppResult<Vec<ApiToken>> {
        Ok(self.store.list_tokens(None, Some(admin.provider())).await?)
    }
}
