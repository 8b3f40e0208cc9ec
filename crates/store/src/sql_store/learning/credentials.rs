//! `CredentialStore` over SQL: issued credentials and their status lists.

use model::{
    AssessmentId, CredentialId, CredentialRecord, CredentialState, EnrolmentId, ProviderId,
    Vocabulary,
};
use sqlx::AssertSqlSafe;

use super::SqlStore;
use super::rows::*;
use crate::learning::{CredentialFilter, StatusListDocument};
use crate::listing::Listing;
use crate::{StoreError, StoreResult};

impl crate::learning::CredentialStore for SqlStore {
    async fn credentials_of(
        &self,
        enrolments: &[EnrolmentId],
    ) -> StoreResult<Vec<CredentialRecord>> {
        self.rows_of_enrolments(
            "credentials",
            "issued_at, id",
            enrolments,
            credential_from_row,
        )
        .await
    }

    async fn get_credential(&self, id: &CredentialId) -> StoreResult<CredentialRecord> {
        self.by_id("credentials", id.as_str(), credential_from_row)
            .await
    }

    async fn credential_for_assessment(
        &self,
        assessment: &AssessmentId,
    ) -> StoreResult<Option<CredentialRecord>> {
        let row = sqlx::query("SELECT * FROM credentials WHERE assessment_id = $1")
            .bind(assessment.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.as_ref().map(credential_from_row).transpose()
    }

    async fn list_credentials(
        &self,
        filter: &CredentialFilter,
    ) -> StoreResult<Listing<CredentialRecord>> {
        self.credential_listing(filter).await
    }

    async fn status_list_usage(&self, provider: &ProviderId) -> StoreResult<Vec<(u32, u32)>> {
        let rows = sqlx::query(
            "SELECT list_number, used FROM status_lists WHERE provider_id = $1 ORDER BY list_number",
        )
        .bind(provider.as_str())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok((
                    small(get(row, "list_number")?, "list")?,
                    small(get(row, "used")?, "used")?,
                ))
            })
            .collect()
    }

    async fn used_status_indexes(
        &self,
        provider: &ProviderId,
        list: u32,
        candidates: &[u32],
    ) -> StoreResult<Vec<u32>> {
        let mut used = Vec::new();
        for chunk in candidates.chunks(500) {
            // Integers only: formatted into the statement, no user text.
            let numbers: Vec<String> = chunk.iter().map(u32::to_string).collect();
            let sql = format!(
                "SELECT status_index FROM credentials WHERE provider_id = $1 AND status_list = $2 AND status_index IN ({})",
                numbers.join(", ")
            );
            let rows = sqlx::query(AssertSqlSafe(sql))
                .bind(provider.as_str())
                .bind(i64::from(list))
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
            for row in &rows {
                used.push(small(get(row, "status_index")?, "status index")?);
            }
        }
        Ok(used)
    }

    async fn status_list_bits(
        &self,
        provider: &ProviderId,
        list: u32,
        state: CredentialState,
    ) -> StoreResult<(u64, Vec<u32>)> {
        // One read transaction, so the revision matches the bits.
        let mut tx = self.pool.begin().await.map_err(db)?;
        let revision: i64 = sqlx::query(
            "SELECT revision FROM status_lists WHERE provider_id = $1 AND list_number = $2",
        )
        .bind(provider.as_str())
        .bind(i64::from(list))
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)
        .and_then(|row| get(&row, "revision"))?;
        let rows = sqlx::query("SELECT status_index FROM credentials WHERE provider_id = $1 AND status_list = $2 AND state = $3")
            .bind(provider.as_str())
            .bind(i64::from(list))
            .bind(state.code())
            .fetch_all(&mut *tx)
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        let indexes = rows
            .iter()
            .map(|row| small(get(row, "status_index")?, "status index"))
            .collect::<StoreResult<_>>()?;
        Ok((u64::try_from(revision).unwrap_or(0), indexes))
    }

    async fn status_list_revision(&self, provider: &ProviderId, list: u32) -> StoreResult<u64> {
        let row = sqlx::query(
            "SELECT revision FROM status_lists WHERE provider_id = $1 AND list_number = $2",
        )
        .bind(provider.as_str())
        .bind(i64::from(list))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        Ok(u64::try_from(get::<i64>(&row, "revision")?).unwrap_or(0))
    }

    async fn cached_status_list(
        &self,
        provider: &ProviderId,
        list: u32,
        purpose: &str,
    ) -> StoreResult<Option<StatusListDocument>> {
        let row = sqlx::query("SELECT revision, document FROM status_list_documents WHERE provider_id = $1 AND list_number = $2 AND purpose = $3")
            .bind(provider.as_str())
            .bind(i64::from(list))
            .bind(purpose)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        row.map(|row| {
            Ok(StatusListDocument {
                revision: u64::try_from(get::<i64>(&row, "revision")?).unwrap_or(0),
                document: get(&row, "document")?,
            })
        })
        .transpose()
    }

    async fn cache_status_list(
        &self,
        provider: &ProviderId,
        list: u32,
        purpose: &str,
        document: &StatusListDocument,
    ) -> StoreResult<()> {
        // Keep the newest revision only: a slower writer with an older list must not win.
        sqlx::query(
            "INSERT INTO status_list_documents (provider_id, list_number, purpose, revision, document) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (provider_id, list_number, purpose) DO UPDATE SET revision = excluded.revision, document = excluded.document \
             WHERE status_list_documents.revision < excluded.revision",
        )
        .bind(provider.as_str())
        .bind(i64::from(list))
        .bind(purpose)
        .bind(i64::try_from(document.revision).unwrap_or(i64::MAX))
        .bind(document.document.as_str())
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }
}
