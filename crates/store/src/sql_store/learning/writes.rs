//! Writes of the learning tables: one transaction per batch, multi-row INSERTs, state changes
//! as compare-and-set; the statistics' counts changed in the same transaction (`counts.rs`);
//! PostgreSQL serialization failures retried by the caller.

use model::{
    Assessment, AssessmentId, CredentialId, CredentialRecord, Enrolment, EnrolmentId, ImportJob,
    Vocabulary,
};
use sqlx::AssertSqlSafe;

use super::listing::learner_search_text;
use super::rows::*;
use crate::dialect::Backend;
use crate::learning::{ImportRowRecord, LearningBatch};
use crate::sql_store::SqlStore;
use crate::{StoreError, StoreResult};

/// A value bound to a multi-row insert.
pub(super) enum Value {
    Text(String),
    OptionalText(Option<String>),
    Int(i64),
    OptionalInt(Option<i64>),
}

/// Rows per INSERT statement: a statement per row costs a round trip to the database (and, on
/// SQLite, to its worker thread) each; bulk issuance spent most of its time there.
pub(super) const ROWS_PER_INSERT: usize = 100;

impl SqlStore {
    /// `INSERT INTO {table} ({columns}) VALUES (…), (…), …` for `rows`, in statements of at most
    /// `ROWS_PER_INSERT` rows.
    pub(super) async fn insert_rows(
        &self,
        tx: &mut Transaction,
        table: &str,
        columns: &[&str],
        rows: Vec<Vec<Value>>,
    ) -> StoreResult<()> {
        self.insert_rows_then(tx, table, columns, rows, "").await
    }

    /// `insert_rows` with `suffix` after each statement's values (an `ON CONFLICT` clause).
    pub(super) async fn insert_rows_then(
        &self,
        tx: &mut Transaction,
        table: &str,
        columns: &[&str],
        rows: Vec<Vec<Value>>,
        suffix: &str,
    ) -> StoreResult<()> {
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<Vec<Value>> = rows.by_ref().take(ROWS_PER_INSERT).collect();
            // SQLite gets anonymous `?` parameters: sqlx looks every numbered one up by name,
            // which SQLite answers by scanning all names (quadratic in the parameter count).
            let tuples: Vec<String> = match self.backend {
                Backend::Sqlite => {
                    let tuple = format!("({})", vec!["?"; columns.len()].join(", "));
                    vec![tuple; chunk.len()]
                }
                Backend::Postgres => (0..chunk.len())
                    .map(|row| {
                        format!("({})", placeholders(row * columns.len() + 1, columns.len()))
                    })
                    .collect(),
            };
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES {}{suffix}",
                columns.join(", "),
                tuples.join(", ")
            );
            let mut query = sqlx::query(AssertSqlSafe(sql));
            for value in chunk.into_iter().flatten() {
                query = match value {
                    Value::Text(text) => query.bind(text),
                    Value::OptionalText(text) => query.bind(text),
                    Value::Int(number) => query.bind(number),
                    Value::OptionalInt(number) => query.bind(number),
                };
            }
            query.execute(&mut **tx).await.map_err(db)?;
        }
        Ok(())
    }

    async fn insert_enrolments(
        &self,
        tx: &mut Transaction,
        enrolments: &[Enrolment],
    ) -> StoreResult<()> {
        let rows = enrolments
            .iter()
            .map(|enrolment| {
                Ok(vec![
                    Value::Text(enrolment.id.as_str().to_owned()),
                    Value::Text(enrolment.provider_id.as_str().to_owned()),
                    Value::Text(enrolment.offering_id.as_str().to_owned()),
                    Value::Text(enrolment.learner_key()),
                    Value::Text(enrolment.learner.name.display()),
                    Value::Text(to_json(&enrolment.learner)?),
                    Value::Text(enrolment.employment_status.code().to_owned()),
                    Value::Text(date_text(enrolment.enrolled_on)),
                    Value::Text(timestamp(enrolment.recorded_at)),
                    Value::Text(learner_search_text([
                        enrolment.learner.name.display().as_str(),
                        enrolment.learner.email.as_deref().unwrap_or_default(),
                        enrolment
                            .learner
                            .student_number
                            .as_deref()
                            .unwrap_or_default(),
                    ])),
                    Value::OptionalText(
                        enrolment
                            .funding
                            .as_ref()
                            .map(|funding| funding.scheme.clone()),
                    ),
                    Value::OptionalInt(
                        enrolment
                            .funding
                            .as_ref()
                            .and_then(|funding| funding.amount_cents),
                    ),
                    Value::OptionalText(
                        enrolment
                            .learner
                            .email
                            .as_deref()
                            .map(|email| email.trim().to_lowercase()),
                    ),
                    Value::OptionalText(
                        enrolment
                            .learner
                            .student_number
                            .as_deref()
                            .map(|number| number.trim().to_owned()),
                    ),
                ])
            })
            .collect::<StoreResult<Vec<_>>>()?;
        self.insert_rows(
            tx,
            "enrolments",
            &[
                "id",
                "provider_id",
                "offering_id",
                "learner_key",
                "learner_name",
                "learner",
                "employment_status",
                "enrolled_on",
                "recorded_at",
                "learner_search",
                "funding_scheme",
                "funding_cents",
                "learner_email",
                "learner_student",
            ],
            rows,
        )
        .await
    }

    async fn insert_assessments(
        &self,
        tx: &mut Transaction,
        assessments: &[Assessment],
    ) -> StoreResult<()> {
        let rows = assessments
            .iter()
            .map(|assessment| {
                Ok(vec![
                    Value::Text(assessment.id.as_str().to_owned()),
                    Value::Text(assessment.enrolment_id.as_str().to_owned()),
                    Value::Text(assessment.provider_id.as_str().to_owned()),
                    Value::Text(assessment.offering_id.as_str().to_owned()),
                    Value::Int(i64::from(assessment.offering_version)),
                    Value::Int(i64::from(assessment.outcome.passed)),
                    Value::Text(assessment.outcome.route.code().to_owned()),
                    Value::Text(date_text(assessment.outcome.assessed_on)),
                    Value::Text(to_json(&assessment.outcome)?),
                    Value::Text(timestamp(assessment.recorded_at)),
                ])
            })
            .collect::<StoreResult<Vec<_>>>()?;
        self.insert_rows(
            tx,
            "assessments",
            &[
                "id",
                "enrolment_id",
                "provider_id",
                "offering_id",
                "offering_version",
                "passed",
                "route",
                "assessed_on",
                "outcome",
                "recorded_at",
            ],
            rows,
        )
        .await
    }

    async fn insert_credentials(
        &self,
        tx: &mut Transaction,
        credentials: &[CredentialRecord],
    ) -> StoreResult<()> {
        let mut lists: std::collections::BTreeMap<(&str, u32), i64> = Default::default();
        for credential in credentials {
            *lists
                .entry((credential.provider_id.as_str(), credential.status_slot.list))
                .or_default() += 1;
        }
        for ((provider, list), taken) in lists {
            sqlx::query(
                "INSERT INTO status_lists (provider_id, list_number, revision, used) VALUES ($1, $2, 0, $3) \
                 ON CONFLICT (provider_id, list_number) DO UPDATE SET used = status_lists.used + excluded.used",
            )
            .bind(provider)
            .bind(i64::from(list))
            .bind(taken)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        }
        let rows = credentials
            .iter()
            .map(|credential| {
                Ok(vec![
                    Value::Text(credential.id.as_str().to_owned()),
                    Value::Text(credential.provider_id.as_str().to_owned()),
                    Value::Text(credential.offering_id.as_str().to_owned()),
                    Value::Text(credential.enrolment_id.as_str().to_owned()),
                    Value::Text(credential.assessment_id.as_str().to_owned()),
                    Value::Text(credential.learner_name.clone()),
                    Value::Text(credential.state.code().to_owned()),
                    Value::Text(timestamp(credential.issued_at)),
                    Value::Int(i64::from(credential.status_slot.list)),
                    Value::Int(i64::from(credential.status_slot.index)),
                    Value::OptionalText(credential.status_reason.clone()),
                    Value::OptionalText(credential.status_changed_at.map(timestamp)),
                    Value::OptionalText(
                        credential
                            .replaced_by
                            .as_ref()
                            .map(|id| id.as_str().to_owned()),
                    ),
                    Value::Text(to_json(&credential.credential)?),
                    Value::Text(learner_search_text([credential.learner_name.as_str()])),
                ])
            })
            .collect::<StoreResult<Vec<_>>>()?;
        self.insert_rows(
            tx,
            "credentials",
            &[
                "id",
                "provider_id",
                "offering_id",
                "enrolment_id",
                "assessment_id",
                "learner_name",
                "state",
                "issued_at",
                "status_list",
                "status_index",
                "status_reason",
                "status_changed_at",
                "replaced_by",
                "document",
                "learner_search",
            ],
            rows,
        )
        .await
    }

    async fn insert_import_rows(
        &self,
        tx: &mut Transaction,
        import_rows: &[ImportRowRecord],
    ) -> StoreResult<()> {
        let optional = |id: Option<&str>| Value::OptionalText(id.map(str::to_owned));
        let rows = import_rows
            .iter()
            .map(|row| {
                vec![
                    Value::Text(row.provider_id.as_str().to_owned()),
                    Value::Text(row.offering_id.as_str().to_owned()),
                    Value::Text(row.kind.code().to_owned()),
                    Value::Text(row.row_key.clone()),
                    Value::Text(row.job_id.as_str().to_owned()),
                    Value::Int(int(row.row_number)),
                    optional(row.enrolment_id.as_ref().map(EnrolmentId::as_str)),
                    optional(row.assessment_id.as_ref().map(AssessmentId::as_str)),
                    optional(row.credential_id.as_ref().map(CredentialId::as_str)),
                ]
            })
            .collect();
        self.insert_rows(
            tx,
            "import_rows",
            &[
                "provider_id",
                "offering_id",
                "kind",
                "row_key",
                "job_id",
                "row_number",
                "enrolment_id",
                "assessment_id",
                "credential_id",
            ],
            rows,
        )
        .await
    }

    async fn write_job(
        &self,
        tx: &mut Transaction,
        job: &ImportJob,
        clear_file: bool,
    ) -> StoreResult<()> {
        let sql = if clear_file {
            "UPDATE import_jobs SET state = $2, total_rows = $3, processed_rows = $4, applied_rows = $5, skipped_rows = $6, failed_rows = $7, \
             issued_credentials = $8, errors = $9, message = $10, updated_at = $11, content = NULL WHERE id = $1"
        } else {
            "UPDATE import_jobs SET state = $2, total_rows = $3, processed_rows = $4, applied_rows = $5, skipped_rows = $6, failed_rows = $7, \
             issued_credentials = $8, errors = $9, message = $10, updated_at = $11 WHERE id = $1"
        };
        let result = sqlx::query(sql)
            .bind(job.id.as_str())
            .bind(job.state.code())
            .bind(int(job.total_rows))
            .bind(int(job.processed_rows))
            .bind(int(job.applied_rows))
            .bind(int(job.skipped_rows))
            .bind(int(job.failed_rows))
            .bind(int(job.issued_credentials))
            .bind(to_json(&job.problems)?)
            .bind(job.message.clone())
            .bind(timestamp(job.updated_at))
            .execute(&mut **tx)
            .await
            .map_err(db)?;
        if result.rows_affected() == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }
}

impl SqlStore {
    pub(super) async fn write_learning_batch(&self, batch: &LearningBatch) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let (counts, touched) = self.counts_before(&mut tx, batch).await?;
            self.insert_enrolments(&mut tx, &batch.enrolments).await?;
            self.insert_assessments(&mut tx, &batch.assessments).await?;
            self.insert_credentials(&mut tx, &batch.credentials).await?;
            if let Some(award) = &batch.award {
                self.write_award(&mut tx, award).await?;
            }
            for change in &batch.state_changes {
                let result = sqlx::query(
                    "UPDATE credentials SET state = $3, status_reason = $4, status_changed_at = $5, replaced_by = COALESCE($6, replaced_by) \
                     WHERE id = $1 AND state = $2",
                )
                .bind(change.id.as_str())
                .bind(change.from.code())
                .bind(change.to.code())
                .bind(change.reason.as_str())
                .bind(timestamp(change.at))
                .bind(change.replaced_by.as_ref().map(|id| id.as_str().to_owned()))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                if result.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!(
                        "credential {} is no longer {}: its state changed meanwhile",
                        change.id,
                        change.from.code()
                    )));
                }
                sqlx::query(
                    "UPDATE status_lists SET revision = revision + 1 WHERE (provider_id, list_number) IN \
                     (SELECT provider_id, status_list FROM credentials WHERE id = $1)",
                )
                .bind(change.id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
            self.counts_after(&mut tx, batch, counts, touched).await?;
            self.insert_import_rows(&mut tx, &batch.import_rows).await?;
            if let Some(job) = &batch.job {
                self.write_job(&mut tx, job, batch.clear_job_file).await?;
            }
            for entry in &batch.audit {
                self.insert_audit(&mut tx, Some(entry)).await?;
            }
            tx.commit().await.map_err(db)
        }
        .await)
    }
}
