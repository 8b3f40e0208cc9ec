//! `LearningStore` over SQL: enrolments, assessments, credentials and status lists, provider
//! keys, import jobs and trusted issuers. Reads are here; writes (`apply_learning_batch`, one
//! transaction per batch, multi-row INSERTs) in `writes.rs`; row conversions in `rows.rs`.

mod listing;
mod rows;
mod writes;

use model::{
    Assessment, AssessmentId, CredentialId, CredentialRecord, CredentialState, Enrolment,
    EnrolmentId, ImportJob, ImportJobId, ImportKind, OfferingId, ProviderId, Vocabulary,
};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::SqlStore;
use super::rows::*;
use crate::learning::{
    CredentialFilter, EnrolmentFilter, ImportRowRecord, LearningBatch, LearningStore,
    ProviderKeyRecord, StatusListDocument, TrustedIssuer,
};
use crate::listing::Listing;
use crate::{StoreError, StoreResult};

use rows::*;

impl LearningStore for SqlStore {
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

    async fn reseal_provider_keys(&self, keys: &[ProviderKeyRecord]) -> StoreResult<()> {
        let mut tx = self.begin().await?;
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

    async fn rotate_provider_key(&self, key: &ProviderKeyRecord) -> StoreResult<()> {
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

    async fn apply_learning_batch(&self, batch: &LearningBatch) -> StoreResult<()> {
        // A transaction PostgreSQL aborted for a serialization failure or deadlock stored
        // nothing; it is run again, a few times, before the caller hears of it.
        let mut attempt = 0u64;
        loop {
            match self.apply_learning_batch_once(batch).await {
                Err(StoreError::Busy(_)) if attempt < 4 => {
                    attempt += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(20 * attempt)).await;
                }
                outcome => return outcome,
            }
        }
    }

    async fn get_enrolment(&self, id: &EnrolmentId) -> StoreResult<Enrolment> {
        self.by_id("enrolments", id.as_str(), enrolment_from_row)
            .await
    }

    async fn find_enrolments(
        &self,
        offering: &OfferingId,
        keys: &[String],
    ) -> StoreResult<Vec<Enrolment>> {
        let mut found = Vec::new();
        for chunk in keys.chunks(500) {
            let sql = format!(
                "SELECT * FROM enrolments WHERE offering_id = $1 AND learner_key IN ({})",
                placeholders(2, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql)).bind(offering.as_str());
            for key in chunk {
                query = query.bind(key.as_str());
            }
            let rows = query.fetch_all(&self.pool).await.map_err(db)?;
            for row in &rows {
                found.push(enrolment_from_row(row)?);
            }
        }
        Ok(found)
    }

    async fn list_enrolments(&self, filter: &EnrolmentFilter) -> StoreResult<Listing<Enrolment>> {
        self.enrolment_listing(filter).await
    }

    async fn get_assessment(&self, id: &AssessmentId) -> StoreResult<Assessment> {
        self.by_id("assessments", id.as_str(), assessment_from_row)
            .await
    }

    async fn list_assessments(&self, enrolment: &EnrolmentId) -> StoreResult<Vec<Assessment>> {
        let rows = sqlx::query("SELECT * FROM assessments WHERE enrolment_id = $1 ORDER BY assessed_on, recorded_at, id")
            .bind(enrolment.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(assessment_from_row).collect()
    }

    async fn assessments_of(&self, enrolments: &[EnrolmentId]) -> StoreResult<Vec<Assessment>> {
        self.rows_of_enrolments(
            "assessments",
            "assessed_on, recorded_at, id",
            enrolments,
            assessment_from_row,
        )
        .await
    }

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

    async fn pending_issuance(
        &self,
        provider: &ProviderId,
        offering: Option<&OfferingId>,
        after: Option<&AssessmentId>,
        limit: usize,
    ) -> StoreResult<Vec<(Enrolment, Assessment)>> {
        let mut values = vec![provider.as_str().to_owned()];
        let mut conditions = String::new();
        if let Some(offering) = offering {
            values.push(offering.as_str().to_owned());
            conditions.push_str(&format!(" AND a.offering_id = ${}", values.len()));
        }
        if let Some(after) = after {
            values.push(after.as_str().to_owned());
            conditions.push_str(&format!(" AND a.id > ${}", values.len()));
        }
        let sql = format!(
            "SELECT a.* FROM assessments a WHERE a.provider_id = $1{conditions} AND a.passed = 1 \
             AND NOT EXISTS (SELECT 1 FROM credentials c WHERE c.enrolment_id = a.enrolment_id) \
             ORDER BY a.id LIMIT {}",
            limit.max(1)
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in values {
            query = query.bind(value);
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db)?;
        let assessments: Vec<Assessment> = rows
            .iter()
            .map(assessment_from_row)
            .collect::<StoreResult<_>>()?;
        let mut enrolments = std::collections::HashMap::new();
        let ids: Vec<String> = assessments
            .iter()
            .map(|assessment| assessment.enrolment_id.as_str().to_owned())
            .collect();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT * FROM enrolments WHERE id IN ({})",
                placeholders(1, chunk.len())
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(&self.pool).await.map_err(db)? {
                let enrolment = enrolment_from_row(&row)?;
                enrolments.insert(enrolment.id.clone(), enrolment);
            }
        }
        let mut seen = std::collections::HashSet::new();
        let mut pending = Vec::with_capacity(assessments.len());
        for assessment in assessments {
            // One credential per enrolment: the oldest passed result counts.
            if !seen.insert(assessment.enrolment_id.clone()) {
                continue;
            }
            let enrolment = enrolments
                .get(&assessment.enrolment_id)
                .cloned()
                .ok_or_else(|| StoreError::Corrupt(format!("enrolment of {}", assessment.id)))?;
            pending.push((enrolment, assessment));
        }
        Ok(pending)
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

    async fn insert_import_job(&self, job: &ImportJob, file: &[u8]) -> StoreResult<()> {
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

    async fn list_import_jobs(
        &self,
        provider: Option<&ProviderId>,
        limit: usize,
    ) -> StoreResult<Vec<ImportJob>> {
        let rows = match provider {
            Some(provider) => {
                sqlx::query(AssertSqlSafe(format!("SELECT * FROM import_jobs WHERE provider_id = $1 ORDER BY created_at DESC, id LIMIT {}", limit.max(1))))
                    .bind(provider.as_str())
                    .fetch_all(&self.pool)
                    .await
            }
            None => {
                sqlx::query(AssertSqlSafe(format!("SELECT * FROM import_jobs ORDER BY created_at DESC, id LIMIT {}", limit.max(1))))
                    .fetch_all(&self.pool)
                    .await
            }
        }
        .map_err(db)?;
        rows.iter().map(job_from_row).collect()
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

    async fn list_trusted_issuers(&self) -> StoreResult<Vec<TrustedIssuer>> {
        let rows = sqlx::query("SELECT * FROM trusted_issuers ORDER BY name, issuer_id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(TrustedIssuer {
                    id: get(row, "issuer_id")?,
                    name: get(row, "name")?,
                    source: get(row, "source")?,
                })
            })
            .collect()
    }

    async fn replace_trusted_issuers(
        &self,
        source: &str,
        issuers: &[TrustedIssuer],
        at: OffsetDateTime,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM trusted_issuers WHERE source = $1")
            .bind(source)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for issuer in issuers {
            // An issuer another list already trusts stays under that list.
            sqlx::query("INSERT INTO trusted_issuers (issuer_id, name, source, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT (issuer_id) DO NOTHING")
                .bind(issuer.id.as_str())
                .bind(issuer.name.as_str())
                .bind(source)
                .bind(timestamp(at))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }
}

impl SqlStore {
    /// The row of `table` with primary key `id`; `NotFound` if there is none.
    async fn by_id<T>(
        &self,
        table: &str,
        id: &str,
        from_row: fn(&AnyRow) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT * FROM {table} WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        from_row(&row.ok_or(StoreError::NotFound)?)
    }
}
