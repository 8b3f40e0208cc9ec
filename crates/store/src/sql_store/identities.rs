//! `IdentityStore` over SQL: identity providers, account identities and logins under way.

use model::AccountId;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::SqlStore;
use super::accounts::account_from_row;
use super::rows::*;
use crate::accounts::{AccountRecord, AuditEntry};
use crate::identities::{AccountIdentity, IdentityProvider, IdentityStore, OidcLogin};
use crate::{StoreError, StoreResult};

fn provider_from_row(row: &AnyRow) -> StoreResult<IdentityProvider> {
    Ok(IdentityProvider {
        id: get(row, "id")?,
        name: get(row, "name")?,
        issuer: get(row, "issuer")?,
        client_id: get(row, "client_id")?,
        sealed_secret: get(row, "sealed_secret")?,
        scopes: get(row, "scopes")?,
        creates_accounts: get::<i64>(row, "creates_accounts")? == 1,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        disabled_at: parse_optional_timestamp(get(row, "disabled_at")?)?,
    })
}

fn account(text: &str) -> StoreResult<AccountId> {
    AccountId::parse(text).map_err(StoreError::Corrupt)
}

fn identity_from_row(row: &AnyRow) -> StoreResult<AccountIdentity> {
    Ok(AccountIdentity {
        idp_id: get(row, "idp_id")?,
        idp_name: get(row, "name")?,
        subject: get(row, "subject")?,
        account_id: account(&get::<String>(row, "account_id")?)?,
        linked_at: parse_timestamp(&get::<String>(row, "linked_at")?)?,
    })
}

impl SqlStore {
    async fn insert_identity(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        identity: &AccountIdentity,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO account_identities (idp_id, subject, account_id, linked_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(identity.idp_id.as_str())
        .bind(identity.subject.as_str())
        .bind(identity.account_id.as_str())
        .bind(timestamp(identity.linked_at))
        .execute(&mut **tx)
        .await
        .map_err(db)?;
        Ok(())
    }
}

impl IdentityStore for SqlStore {
    async fn insert_identity_provider(
        &self,
        provider: &IdentityProvider,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            sqlx::query(
                "INSERT INTO identity_providers (id, name, issuer, client_id, sealed_secret, scopes, creates_accounts, created_at, disabled_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(provider.id.as_str())
            .bind(provider.name.as_str())
            .bind(provider.issuer.as_str())
            .bind(provider.client_id.as_str())
            .bind(provider.sealed_secret.as_str())
            .bind(provider.scopes.as_str())
            .bind(i64::from(provider.creates_accounts))
            .bind(timestamp(provider.created_at))
            .bind(provider.disabled_at.map(timestamp))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn identity_providers(&self) -> StoreResult<Vec<IdentityProvider>> {
        sqlx::query("SELECT * FROM identity_providers ORDER BY name, id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?
            .iter()
            .map(provider_from_row)
            .collect()
    }

    async fn identity_provider(&self, id: &str) -> StoreResult<IdentityProvider> {
        let row = sqlx::query("SELECT * FROM identity_providers WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        provider_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn set_identity_provider_disabled(
        &self,
        id: &str,
        disabled_at: Option<OffsetDateTime>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                let changed =
                    sqlx::query("UPDATE identity_providers SET disabled_at = $2 WHERE id = $1")
                        .bind(id)
                        .bind(disabled_at.map(timestamp))
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                if changed.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                if disabled_at.is_some() {
                    // Logins under way with a disabled provider cannot finish.
                    sqlx::query("DELETE FROM oidc_logins WHERE idp_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(db)?;
                }
                self.insert_audit(&mut tx, Some(audit)).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn insert_oidc_login(&self, login: &OidcLogin) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            // Logins never finished go when they expire, whether or not anyone comes back.
            sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= $1")
                .bind(timestamp(login.created_at))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            sqlx::query(
                "INSERT INTO oidc_logins (state_hash, idp_id, nonce, code_verifier, link_account_id, created_at, expires_at, client) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(login.state_hash.as_str())
            .bind(login.idp_id.as_str())
            .bind(login.nonce.as_str())
            .bind(login.code_verifier.as_str())
            .bind(login.link_account_id.as_ref().map(|id| id.as_str().to_owned()))
            .bind(timestamp(login.created_at))
            .bind(timestamp(login.expires_at))
            .bind(login.client.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn live_oidc_logins(
        &self,
        client: &str,
        now: OffsetDateTime,
    ) -> StoreResult<(u64, Option<OffsetDateTime>)> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS live, MIN(expires_at) AS first FROM oidc_logins WHERE client = $1 AND expires_at > $2",
        )
        .bind(client)
        .bind(timestamp(now))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        let live: i64 = get(&row, "live")?;
        Ok((
            u64::try_from(live).unwrap_or(0),
            parse_optional_timestamp(get(&row, "first")?)?,
        ))
    }

    async fn take_oidc_login(
        &self,
        state_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<OidcLogin>> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= $1")
                    .bind(timestamp(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                // DELETE … RETURNING: of two callbacks with the same state, one gets the row.
                let row = sqlx::query("DELETE FROM oidc_logins WHERE state_hash = $1 RETURNING *")
                    .bind(state_hash)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)?;
                row.map(|row| {
                    let link: Option<String> = get(&row, "link_account_id")?;
                    Ok(OidcLogin {
                        state_hash: get(&row, "state_hash")?,
                        idp_id: get(&row, "idp_id")?,
                        nonce: get(&row, "nonce")?,
                        code_verifier: get(&row, "code_verifier")?,
                        link_account_id: link.as_deref().map(account).transpose()?,
                        created_at: parse_timestamp(&get::<String>(&row, "created_at")?)?,
                        expires_at: parse_timestamp(&get::<String>(&row, "expires_at")?)?,
                        client: get(&row, "client")?,
                    })
                })
                .transpose()
            }
            .await
        )
    }

    async fn identity_account(
        &self,
        idp_id: &str,
        subject: &str,
    ) -> StoreResult<Option<AccountRecord>> {
        sqlx::query(
            "SELECT accounts.* FROM account_identities JOIN accounts ON accounts.id = account_identities.account_id \
             WHERE account_identities.idp_id = $1 AND account_identities.subject = $2",
        )
        .bind(idp_id)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .as_ref()
        .map(account_from_row)
        .transpose()
    }

    async fn link_identity(
        &self,
        identity: &AccountIdentity,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                self.insert_identity(&mut tx, identity).await?;
                self.insert_audit(&mut tx, Some(audit)).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn create_account_with_identity(
        &self,
        record: &AccountRecord,
        identity: &AccountIdentity,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                self.insert_account(&mut tx, record).await?;
                self.insert_identity(&mut tx, identity).await?;
                self.insert_audit(&mut tx, Some(audit)).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn account_identities(&self, account: &AccountId) -> StoreResult<Vec<AccountIdentity>> {
        sqlx::query(
            "SELECT account_identities.*, identity_providers.name FROM account_identities \
             JOIN identity_providers ON identity_providers.id = account_identities.idp_id \
             WHERE account_identities.account_id = $1 ORDER BY identity_providers.name",
        )
        .bind(account.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?
        .iter()
        .map(identity_from_row)
        .collect()
    }

    async fn unlink_identity(
        &self,
        account: &AccountId,
        idp_id: &str,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                let removed = sqlx::query(
                    "DELETE FROM account_identities WHERE account_id = $1 AND idp_id = $2",
                )
                .bind(account.as_str())
                .bind(idp_id)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                if removed.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                self.insert_audit(&mut tx, Some(audit)).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }
}
