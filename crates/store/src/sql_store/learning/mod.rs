//! The learning stores over SQL, a file per concept: `LearningStore` (enrolments and
//! assessments) here, `CredentialStore` (credentials and status lists) in `credentials.rs`,
//! `KeyStore` in `keys.rs`, `ImportStore` in `imports.rs`, `TrustStore` in `trust.rs`; the
//! listings in `listing.rs`; every write (`apply_learning_batch`, one transaction per batch,
//! multi-row INSERTs) in `writes.rs`, with the statistics' counts it changes in `counts.rs`; row conversions in `rows.rs`.

mod counts;
mod credentials;
mod feedback;
mod imports;
mod keys;
mod listing;
mod recount;
pub(super) mod rows;
mod sharing;
mod trust;
mod wallet;
mod writes;

pub(crate) use recount::recount_sql;

use model::{Assessment, AssessmentId, Enrolment, EnrolmentId, OfferingId, ProviderId};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;

use super::SqlStore;
use super::rows::*;
use crate::learning::{EnrolmentFilter, LearningBatch, LearningStore};
use crate::listing::Listing;
use crate::{StoreError, StoreResult};

use rows::*;

impl LearningStore for SqlStore {
    async fn apply_learning_batch(&self, batch: &LearningBatch) -> StoreResult<()> {
        // One transaction, run again if the database aborted it (`retried!`).
        self.write_learning_batch(batch).await
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
