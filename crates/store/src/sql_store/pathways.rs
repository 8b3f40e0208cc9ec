//! `PathwayStore` over SQL.

use model::ProviderId;
use sqlx::any::AnyRow;

use super::SqlStore;
use super::rows::*;
use crate::accounts::AuditEntry;
use crate::pathways::{PathwayStore, StoredPathway};
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

impl PathwayStore for SqlStore {
    async fn insert_pathway(&self, pathway: &StoredPathway, audit: &AuditEntry) -> StoreResult<()> {
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

    async fn update_pathway(&self, pathway: &StoredPathway, audit: &AuditEntry) -> StoreResult<()> {
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
}
