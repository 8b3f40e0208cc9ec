//! `KeyStore` over SQL: providers' signing keys.

use model::ProviderId;

use super::SqlStore;
use super::rows::*;
use crate::learning::ProviderKeyRecord;
use crate::{StoreError, StoreResult};

impl crate::learning::KeyStore for SqlStore {
    async fn list_provider_keys(
        &self,
        provider: &ProviderId,
    ) -> StoreResult<Vec<ProviderKeyRecord>> {
        let rows =
            sqlx::query("SELECT * FROM provider_keys WHERE provider_id = $1 ORDER BY key_number")
                .bind(provider.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
        rows.iter().map(key_from_row).collect()
    }

    async fn all_provider_keys(&self) -> StoreResult<Vec<ProviderKeyRecord>> {
        let rows = sqlx::query("SELECT * FROM provider_keys ORDER BY provider_id, key_number")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(key_from_row).collect()
    }

    async fn reseal_provider_keys(
        &self,
        keys: &[ProviderKeyRecord],
        learner_keys: &[crate::wallet::LearnerKeyRecord],
        identity_providers: &[crate::identities::IdentityProvider],
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            for provider in identity_providers {
                sqlx::query("UPDATE identity_providers SET sealed_secret = $2 WHERE id = $1")
                    .bind(provider.id.as_str())
                    .bind(provider.sealed_secret.as_str())
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
            }
            for key in learner_keys {
                let updated = sqlx::query(
                    "UPDATE learner_keys SET sealed_key = $3 WHERE account_id = $1 AND did = $2 AND sealed_key IS NOT NULL",
                )
                .bind(key.account_id.as_str())
                .bind(key.did.as_str())
                .bind(key.sealed_key.clone())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                if updated.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!(
                        "the DID of {} changed meanwhile; nothing was re-sealed",
                        key.account_id
                    )));
                }
            }
            for key in keys {
                let updated = sqlx::query(
                    "UPDATE provider_keys SET sealed_key = $3 WHERE provider_id = $1 AND key_number = $2 AND public_key = $4",
                )
                .bind(key.provider_id.as_str())
                .bind(i64::from(key.key_number))
                .bind(key.sealed_key.as_str())
                .bind(key.public_key.as_str())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                if updated.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!(
                        "key {} of {} changed meanwhile; nothing was re-sealed",
                        key.key_number, key.provider_id
                    )));
                }
            }
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn rotate_provider_key(&self, key: &ProviderKeyRecord) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            sqlx::query("UPDATE provider_keys SET retired_at = $2 WHERE provider_id = $1 AND retired_at IS NULL")
                .bind(key.provider_id.as_str())
                .bind(timestamp(key.created_at))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            sqlx::query(
                "INSERT INTO provider_keys (provider_id, key_number, public_key, sealed_key, created_at, retired_at) VALUES ($1, $2, $3, $4, $5, NULL)",
            )
            .bind(key.provider_id.as_str())
            .bind(i64::from(key.key_number))
            .bind(key.public_key.as_str())
            .bind(key.sealed_key.as_str())
            .bind(timestamp(key.created_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            tx.commit().await.map_err(db)
        }
        .await)
    }
}
