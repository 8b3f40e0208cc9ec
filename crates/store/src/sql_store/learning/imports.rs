//! `ImportStore` over SQL: import jobs, their files and the rows they applied.

use model::{ImportJob, ImportJobId, ImportKind, OfferingId, ProviderId};
use sqlx::AssertSqlSafe;

use super::SqlStore;
use super::rows::*;
use crate::learning::ImportRowRecord;
use crate::listing::Listing;
use crate::{StoreError, StoreResult};

impl crate::learning::ImportStore for SqlStore {
    async fn insert_import_job(&self, job: &ImportJob, file: &[u8]) -> StoreResult<()> {
        retried!(async {
            sqlx::query(
                "INSERT INTO import_jobs (id, provider_id, offering_id, kind, file_name, content, state, total_rows, processed_rows, applied_rows, skipped_rows, failed_rows, issued_credentials, errors, message, created_by, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
            )
            .bind(job.id.as_str())
            .bind(job.provider_id.as_str())
            .bind(job.offering_id.as_str())
            .bind(job.kind.code())
            .bind(job.file_name.as_str())
            .bind(file.to_vec())
            .bind(job.state.code())
            .bind(int(job.total_rows))
            .bind(int(job.processed_rows))
            .bind(int(job.applied_rows))
            .bind(int(job.skipped_rows))
            .bind(int(job.failed_rows))
            .bind(int(job.issued_credentials))
            .bind(to_json(&job.problems)?)
            .bind(job.message.clone())
            .bind(job.created_by.as_str())
            .bind(timestamp(job.created_at))
            .bind(timestamp(job.updated_at))
            .execute(&self.pool)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn get_import_job(&self, id: &ImportJobId) -> StoreResult<ImportJob> {
        self.by_id("import_jobs", id.as_str(), job_from_row).await
    }

    async fn import_job_file(&self, id: &ImportJobId) -> StoreResult<Vec<u8>> {
        let row = sqlx::query("SELECT content FROM import_jobs WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        let content: Option<Vec<u8>> = get(&row, "content")?;
        content.ok_or(StoreError::NotFound)
    }

    async fn import_job_listing(
        &self,
        provider: &ProviderId,
        limit: usize,
        after: Option<&crate::listing::PageCursor>,
    ) -> StoreResult<Listing<ImportJob>> {
        self.import_listing(provider, limit, after).await
    }

    async fn unfinished_import_jobs(&self) -> StoreResult<Vec<ImportJob>> {
        let rows = sqlx::query("SELECT * FROM import_jobs WHERE state IN ('queued', 'running') ORDER BY created_at, id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(job_from_row).collect()
    }

    async fn applied_import_rows(
        &self,
        provider: &ProviderId,
        offering: &OfferingId,
        kind: ImportKind,
        keys: &[String],
    ) -> StoreResult<Vec<String>> {
        let mut found = Vec::new();
        for chunk in keys.chunks(500) {
            let sql = format!(
                "SELECT row_key FROM import_rows WHERE provider_id = $1 AND offering_id = $2 AND kind = $3 AND row_key IN ({})",
                placeholders(4, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql))
                .bind(provider.as_str())
                .bind(offering.as_str())
                .bind(kind.code());
            for key in chunk {
                query = query.bind(key.as_str());
            }
            for row in query.fetch_all(&self.pool).await.map_err(db)? {
                found.push(get::<String>(&row, "row_key")?);
            }
        }
        Ok(found)
    }

    async fn import_rows_of_job(&self, job: &ImportJobId) -> StoreResult<Vec<ImportRowRecord>> {
        let rows = sqlx::query("SELECT * FROM import_rows WHERE job_id = $1 ORDER BY row_number")
            .bind(job.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(import_row_from_row).collect()
    }
}
