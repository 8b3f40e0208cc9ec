//! `FeedbackStore` over SQL: one answer per enrolment, changed in place by its own learner for
//! a while.

use model::{EnrolmentId, OfferingId, ProviderId};
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::SqlStore;
use super::recount::term;
use super::rows::*;
use super::wallet::account_id;
use crate::feedback::{Feedback, FeedbackStore};
use crate::{StoreError, StoreResult};

fn score(row: &AnyRow, column: &str) -> StoreResult<u8> {
    let value: i64 = get(row, column)?;
    u8::try_from(value).map_err(|_| StoreError::Corrupt(format!("{column} {value}")))
}

fn feedback_from_row(row: &AnyRow) -> StoreResult<Feedback> {
    let account: Option<String> = get(row, "account_id")?;
    let workload: i64 = get(row, "workload")?;
    Ok(Feedback {
        enrolment_id: parse_id(&get::<String>(row, "enrolment_id")?, EnrolmentId::parse)?,
        provider_id: parse_id(&get::<String>(row, "provider_id")?, ProviderId::parse)?,
        offering_id: parse_id(&get::<String>(row, "offering_id")?, OfferingId::parse)?,
        account_id: account.as_deref().map(account_id).transpose()?,
        overall: score(row, "overall")?,
        content: score(row, "content")?,
        teaching: score(row, "teaching")?,
        assessment: score(row, "assessment")?,
        workload: i8::try_from(workload)
            .map_err(|_| StoreError::Corrupt(format!("workload {workload}")))?,
        comment: get(row, "comment")?,
        submitted_at: parse_timestamp(&get::<String>(row, "submitted_at")?)?,
        updated_at: parse_timestamp(&get::<String>(row, "updated_at")?)?,
    })
}

impl FeedbackStore for SqlStore {
    async fn save_feedback(
        &self,
        feedback: &Feedback,
        changeable_after: OffsetDateTime,
    ) -> StoreResult<()> {
        retried!(async {
            let account = feedback
                .account_id
                .as_ref()
                .map(|id| id.as_str().to_owned());
            let mut tx = self.begin().await?;
            // A change: only the same account's answer, first given within the window.
            let changed = sqlx::query(
                "UPDATE offering_feedback SET overall = $3, content = $4, teaching = $5, assessment = $6, \
                 workload = $7, comment = $8, updated_at = $9 \
                 WHERE enrolment_id = $1 AND account_id = $2 AND submitted_at > $10",
            )
            .bind(feedback.enrolment_id.as_str())
            .bind(account.clone())
            .bind(i64::from(feedback.overall))
            .bind(i64::from(feedback.content))
            .bind(i64::from(feedback.teaching))
            .bind(i64::from(feedback.assessment))
            .bind(i64::from(feedback.workload))
            .bind(feedback.comment.as_str())
            .bind(timestamp(feedback.updated_at))
            .bind(timestamp(changeable_after))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if changed.rows_affected() == 0 {
                // A first answer; an answer already there (too old, or another account's) makes
                // the insert conflict.
                sqlx::query(
                    "INSERT INTO offering_feedback (enrolment_id, provider_id, offering_id, account_id, overall, \
                     content, teaching, assessment, workload, comment, submitted_at, updated_at, term) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                )
                .bind(feedback.enrolment_id.as_str())
                .bind(feedback.provider_id.as_str())
                .bind(feedback.offering_id.as_str())
                .bind(account)
                .bind(i64::from(feedback.overall))
                .bind(i64::from(feedback.content))
                .bind(i64::from(feedback.teaching))
                .bind(i64::from(feedback.assessment))
                .bind(i64::from(feedback.workload))
                .bind(feedback.comment.as_str())
                .bind(timestamp(feedback.submitted_at))
                .bind(timestamp(feedback.updated_at))
                .bind(term(feedback.submitted_at.date()))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn feedback_of(&self, enrolments: &[EnrolmentId]) -> StoreResult<Vec<Feedback>> {
        let mut found = Vec::new();
        for chunk in enrolments.chunks(500) {
            let placeholders = (1..=chunk.len())
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT * FROM offering_feedback WHERE enrolment_id IN ({placeholders}) ORDER BY enrolment_id"
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in chunk {
                query = query.bind(id.as_str());
            }
            for row in query.fetch_all(&self.pool).await.map_err(db)? {
                found.push(feedback_from_row(&row)?);
            }
        }
        Ok(found)
    }

    async fn offering_feedback(&self, offering: &OfferingId) -> StoreResult<Vec<Feedback>> {
        sqlx::query("SELECT * FROM offering_feedback WHERE offering_id = $1 ORDER BY enrolment_id")
            .bind(offering.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?
            .iter()
            .map(feedback_from_row)
            .collect()
    }
}
