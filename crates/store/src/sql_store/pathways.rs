//! `PathwayStore` over SQL.

use model::{AccountId, CredentialId, ProviderId};
use sqlx::any::AnyRow;

use super::SqlStore;
use super::rows::*;
use crate::accounts::AuditEntry;
use crate::pathways::{PathwayAward, PathwayStore, StoredPathway};
use crate::{StoreError, StoreResult};

fn pathway_from_row(row: &AnyRow) -> StoreResult<StoredPathway> {
    Ok(StoredPathway {
        id: get(row, "id")?,
        provider_id: ProviderId::parse(&get::<String>(row, "provider_id")?)
            .map_err(StoreError::Corrupt)?,
        rules: from_json(&get::<String>(row, "rules")?)?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        updated_at: parse_timestamp(&get::<String>(row, "updated_at")?)?,
        withdrawn_at: parse_optional_timestamp(get(row, "withdrawn_at")?)?,
    })
}

fn award_from_row(row: &AnyRow) -> StoreResult<PathwayAward> {
    Ok(PathwayAward {
        pathway_id: get(row, "pathway_id")?,
        account_id: AccountId::parse(&get::<String>(row, "account_id")?)
            .map_err(StoreError::Corrupt)?,
        provider_id: ProviderId::parse(&get::<String>(row, "provider_id")?)
            .map_err(StoreError::Corrupt)?,
        learner_name: get(row, "learner_name")?,
        requested_at: parse_timestamp(&get::<String>(row, "requested_at")?)?,
        credential_id: get::<Option<String>>(row, "credential_id")?
            .map(|id| CredentialId::parse(&id).map_err(StoreError::Corrupt))
            .transpose()?,
        awarded_at: parse_optional_timestamp(get(row, "awarded_at")?)?,
        parts: from_json(&get::<String>(row, "parts")?)?,
    })
}

impl SqlStore {
    /// Records an award with its credential, in the batch's transaction: a request turns into
    /// the award, or the award is recorded outright (an automatic one); never twice.
    pub(super) async fn write_award(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        award: &PathwayAward,
    ) -> StoreResult<()> {
        let result = sqlx::query(
            "INSERT INTO pathway_awards (pathway_id, account_id, provider_id, learner_name, requested_at, credential_id, awarded_at, parts) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (provider_id, pathway_id, account_id) DO UPDATE SET credential_id = excluded.credential_id, \
             awarded_at = excluded.awarded_at, parts = excluded.parts \
             WHERE pathway_awards.credential_id IS NULL",
        )
        .bind(award.pathway_id.as_str())
        .bind(award.account_id.as_str())
        .bind(award.provider_id.as_str())
        .bind(award.learner_name.as_str())
        .bind(timestamp(award.requested_at))
        .bind(award.credential_id.as_ref().map(|id| id.as_str().to_owned()))
        .bind(award.awarded_at.map(timestamp))
        .bind(to_json(&award.parts)?)
        .execute(&mut **tx)
        .await
        .map_err(db)?;
        if result.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!(
                "pathway `{}` was awarded to this learner already",
                award.pathway_id
            )));
        }
        Ok(())
    }

    async fn awards_where(&self, clause: &str, value: &str) -> StoreResult<Vec<PathwayAward>> {
        let sql = format!(
            "SELECT * FROM pathway_awards {clause} ORDER BY requested_at, pathway_id, account_id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(value)
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(award_from_row).collect()
    }
}

impl PathwayStore for SqlStore {
    async fn insert_pathway(&self, pathway: &StoredPathway, audit: &AuditEntry) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            sqlx::query(
                "INSERT INTO pathways (id, provider_id, rules, created_at, updated_at, withdrawn_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(pathway.id.as_str())
            .bind(pathway.provider_id.as_str())
            .bind(to_json(&pathway.rules)?)
            .bind(timestamp(pathway.created_at))
            .bind(timestamp(pathway.updated_at))
            .bind(pathway.withdrawn_at.map(timestamp))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn update_pathway(&self, pathway: &StoredPathway, audit: &AuditEntry) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let changed = sqlx::query(
                "UPDATE pathways SET rules = $2, updated_at = $3, withdrawn_at = $4 WHERE id = $1 AND provider_id = $5",
            )
            .bind(pathway.id.as_str())
            .bind(to_json(&pathway.rules)?)
            .bind(timestamp(pathway.updated_at))
            .bind(pathway.withdrawn_at.map(timestamp))
            .bind(pathway.provider_id.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if changed.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn pathway(&self, id: &str) -> StoreResult<StoredPathway> {
        let row = sqlx::query("SELECT * FROM pathways WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        pathway_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn pathways(&self, provider: Option<&ProviderId>) -> StoreResult<Vec<StoredPathway>> {
        let rows = match provider {
            Some(provider) => {
                sqlx::query("SELECT * FROM pathways WHERE provider_id = $1 ORDER BY created_at, id")
                    .bind(provider.as_str())
                    .fetch_all(&self.pool)
                    .await
            }
            None => {
                sqlx::query("SELECT * FROM pathways ORDER BY created_at, id")
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(db)?;
        rows.iter().map(pathway_from_row).collect()
    }

    async fn request_award(&self, award: &PathwayAward, audit: &AuditEntry) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let inserted = sqlx::query(
                "INSERT INTO pathway_awards (pathway_id, account_id, provider_id, learner_name, requested_at, parts) \
                 VALUES ($1, $2, $3, $4, $5, '[]') ON CONFLICT (provider_id, pathway_id, account_id) DO NOTHING",
            )
            .bind(award.pathway_id.as_str())
            .bind(award.account_id.as_str())
            .bind(award.provider_id.as_str())
            .bind(award.learner_name.as_str())
            .bind(timestamp(award.requested_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if inserted.rows_affected() != 1 {
                return Err(StoreError::Conflict(format!(
                    "the award of pathway `{}` was asked for already",
                    award.pathway_id
                )));
            }
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn pathway_award(
        &self,
        pathway: &str,
        account: &AccountId,
    ) -> StoreResult<Option<PathwayAward>> {
        let row =
            sqlx::query("SELECT * FROM pathway_awards WHERE pathway_id = $1 AND account_id = $2")
                .bind(pathway)
                .bind(account.as_str())
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        row.as_ref().map(award_from_row).transpose()
    }

    async fn pathway_awards(&self, pathway: &str) -> StoreResult<Vec<PathwayAward>> {
        self.awards_where("WHERE pathway_id = $1", pathway).await
    }

    async fn all_pathway_awards(&self) -> StoreResult<Vec<PathwayAward>> {
        self.awards_where("WHERE $1 = $1", "all").await
    }

    async fn award_of_credential(
        &self,
        credential: &CredentialId,
    ) -> StoreResult<Option<PathwayAward>> {
        Ok(self
            .awards_where("WHERE credential_id = $1", credential.as_str())
            .await?
            .pop())
    }
}
