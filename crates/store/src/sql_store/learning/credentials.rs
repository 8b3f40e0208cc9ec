//! `CredentialStore` over SQL: issued credentials and their status lists.

use model::{
    AssessmentId, CredentialId, CredentialRecord, CredentialState, EnrolmentId, ProviderId,
    PublicationStatus, Vocabulary,
};
use sqlx::AssertSqlSafe;

use super::SqlStore;
use super::rows::*;
use crate::learning::{CredentialFilter, StatusListDocument};
use crate::listing::Listing;
use crate::sql_store::{Parameter, column};
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
        // One statement, so one snapshot: the revision matches the bits under PostgreSQL's READ
        // COMMITTED too (two statements in a transaction there see two snapshots). No list, no
        // row; a list without a credential in `state`, one row without an index.
        let rows = sqlx::query(
            "SELECT l.revision, c.status_index FROM status_lists l \
             LEFT JOIN credentials c ON c.provider_id = l.provider_id AND c.status_list = l.list_number AND c.state = $3 \
             WHERE l.provider_id = $1 AND l.list_number = $2",
        )
        .bind(provider.as_str())
        .bind(i64::from(list))
        .bind(state.code())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let revision: i64 = get(rows.first().ok_or(StoreError::NotFound)?, "revision")?;
        let mut indexes = Vec::with_capacity(rows.len());
        for row in &rows {
            if let Some(index) = get::<Option<i64>>(row, "status_index")? {
                indexes.push(small(index, "status index")?);
            }
        }
        Ok((u64::try_from(revision).unwrap_or(0), indexes))
    }

    async fn status_list_revision(&self, provider: &ProviderId, list: u32) -> StoreResult<u64> {
        // The provider's status comes with it (the list's foreign key, one more index lookup).
        let (revision, _) = self
            .status_list_revision_and_provider_status(provider, list)
            .await?;
        Ok(revision)
    }

    async fn status_list_revision_and_provider_status(
        &self,
        provider: &ProviderId,
        list: u32,
    ) -> StoreResult<(u64, PublicationStatus)> {
        // Read for every credential verified: on SQLite without sqlx's worker thread.
        const SQL: &str = "SELECT l.revision, p.status FROM status_lists l JOIN providers p ON p.id = l.provider_id WHERE l.provider_id = $1 AND l.list_number = $2";
        let (revision, status) = match self.read_directly(
            SQL,
            &[
                Parameter::Text(provider.as_str()),
                Parameter::Integer(i64::from(list)),
            ],
            |row| {
                Ok((
                    column::<i64>(row, "revision")?,
                    column::<String>(row, "status")?,
                ))
            },
        )? {
            Some(rows) => rows.into_iter().next(),
            None => sqlx::query(SQL)
                .bind(provider.as_str())
                .bind(i64::from(list))
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?
                .map(|row| {
                    Ok::<_, StoreError>((
                        get::<i64>(&row, "revision")?,
                        get::<String>(&row, "status")?,
                    ))
                })
                .transpose()?,
        }
        .ok_or(StoreError::NotFound)?;
        Ok((
            u64::try_from(revision).unwrap_or(0),
            crate::sql_store::rows::status(&status)?,
        ))
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
        retried!(async {
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
        .await)
    }
}
