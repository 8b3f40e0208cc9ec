//! `RecognitionStore` over SQL.

use model::{AccountId, OfferingId, ProviderId, Vocabulary};
use sqlx::AssertSqlSafe;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::learning::rows::placeholders;
use super::rows::*;
use super::{Parameter, SqlStore, column};
use crate::accounts::AuditEntry;
use crate::recognition::{
    DecisionFilter, DecisionSubject, RecognitionDecision, RecognitionRequest, RecognitionStore,
};
use crate::{StoreError, StoreResult};

/// The columns of a decision's row, read through sqlx or directly (see `decisions`).
struct DecisionColumns {
    id: String,
    provider_id: String,
    offering_id: Option<String>,
    credential_id: Option<String>,
    terms: String,
    decided_at: String,
    withdrawn_at: Option<String>,
}

impl DecisionColumns {
    fn of(row: &AnyRow) -> StoreResult<DecisionColumns> {
        Ok(DecisionColumns {
            id: get(row, "id")?,
            provider_id: get(row, "provider_id")?,
            offering_id: get(row, "offering_id")?,
            credential_id: get(row, "credential_id")?,
            terms: get(row, "terms")?,
            decided_at: get(row, "decided_at")?,
            withdrawn_at: get(row, "withdrawn_at")?,
        })
    }

    fn of_direct(row: &rusqlite::Row<'_>) -> StoreResult<DecisionColumns> {
        Ok(DecisionColumns {
            id: column(row, "id")?,
            provider_id: column(row, "provider_id")?,
            offering_id: column(row, "offering_id")?,
            credential_id: column(row, "credential_id")?,
            terms: column(row, "terms")?,
            decided_at: column(row, "decided_at")?,
            withdrawn_at: column(row, "withdrawn_at")?,
        })
    }

    fn decision(self) -> StoreResult<RecognitionDecision> {
        let subject = match (self.offering_id, self.credential_id) {
            (Some(offering), None) => DecisionSubject::Offering(
                OfferingId::parse(&offering).map_err(StoreError::Corrupt)?,
            ),
            (None, Some(credential)) => DecisionSubject::Credential(credential),
            _ => {
                return Err(StoreError::Corrupt(
                    "a recognition decision is about an offering or a credential".to_owned(),
                ));
            }
        };
        Ok(RecognitionDecision {
            id: self.id,
            provider_id: ProviderId::parse(&self.provider_id).map_err(StoreError::Corrupt)?,
            subject,
            terms: from_json(&self.terms)?,
            decided_at: parse_timestamp(&self.decided_at)?,
            withdrawn_at: parse_optional_timestamp(self.withdrawn_at)?,
        })
    }
}

/// The columns a decision is read from (named: a direct read takes them by name).
const DECISION_COLUMNS: &str =
    "id, provider_id, offering_id, credential_id, terms, decided_at, withdrawn_at";

fn decision_from_row(row: &AnyRow) -> StoreResult<RecognitionDecision> {
    DecisionColumns::of(row)?.decision()
}

fn request_from_row(row: &AnyRow) -> StoreResult<RecognitionRequest> {
    let purpose: String = get(row, "purpose")?;
    Ok(RecognitionRequest {
        id: get(row, "id")?,
        provider_id: ProviderId::parse(&get::<String>(row, "provider_id")?)
            .map_err(StoreError::Corrupt)?,
        account_id: AccountId::parse(&get::<String>(row, "account_id")?)
            .map_err(StoreError::Corrupt)?,
        credential_id: get(row, "credential_id")?,
        credential: get(row, "credential")?,
        purpose: model::vocab::RecognitionPurpose::from_code(&purpose)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown purpose `{purpose}`")))?,
        message: get(row, "message")?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        decision_id: get(row, "decision_id")?,
        decided_at: parse_optional_timestamp(get(row, "decided_at")?)?,
    })
}

impl RecognitionStore for SqlStore {
    async fn insert_decision(
        &self,
        decision: &RecognitionDecision,
        request: Option<&str>,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let (offering, credential) = match &decision.subject {
                DecisionSubject::Offering(offering) => (Some(offering.as_str().to_owned()), None),
                DecisionSubject::Credential(credential) => (None, Some(credential.clone())),
            };
            sqlx::query(
                "INSERT INTO recognition_decisions (id, provider_id, offering_id, credential_id, terms, purpose, scope, decided_at, withdrawn_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(decision.id.as_str())
            .bind(decision.provider_id.as_str())
            .bind(offering)
            .bind(credential)
            .bind(to_json(&decision.terms)?)
            .bind(decision.terms.purpose.code())
            .bind(decision.terms.scope.code())
            .bind(timestamp(decision.decided_at))
            .bind(decision.withdrawn_at.map(timestamp))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if let Some(request) = request {
                let decided = sqlx::query(
                    "UPDATE recognition_requests SET decision_id = $2, decided_at = $3 \
                     WHERE id = $1 AND provider_id = $4 AND decision_id IS NULL",
                )
                .bind(request)
                .bind(decision.id.as_str())
                .bind(timestamp(decision.decided_at))
                .bind(decision.provider_id.as_str())
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                if decided.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!(
                        "request `{request}` is decided already or was withdrawn"
                    )));
                }
            }
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn withdraw_decision(
        &self,
        id: &str,
        provider: &ProviderId,
        at: OffsetDateTime,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                let changed = sqlx::query(
                    "UPDATE recognition_decisions SET withdrawn_at = $3 \
                 WHERE id = $1 AND provider_id = $2 AND withdrawn_at IS NULL",
                )
                .bind(id)
                .bind(provider.as_str())
                .bind(timestamp(at))
                .execute(&mut *tx)
                .await
                .map_err(db)?;
                if changed.rows_affected() != 1 {
                    return Err(StoreError::NotFound);
                }
                self.insert_audit(&mut tx, Some(audit)).await?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn decision(&self, id: &str) -> StoreResult<RecognitionDecision> {
        let row = sqlx::query("SELECT * FROM recognition_decisions WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        decision_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn decisions(&self, filter: &DecisionFilter) -> StoreResult<Vec<RecognitionDecision>> {
        let mut conditions = Vec::new();
        let mut values: Vec<String> = Vec::new();
        if let Some(provider) = &filter.provider {
            values.push(provider.as_str().to_owned());
            conditions.push(format!("provider_id = ${}", values.len()));
        }
        if let Some(offering) = &filter.offering {
            values.push(offering.as_str().to_owned());
            conditions.push(format!("offering_id = ${}", values.len()));
        }
        if !filter.credentials.is_empty() {
            let first = values.len() + 1;
            values.extend(filter.credentials.iter().take(500).cloned());
            let mut about = format!(
                "credential_id IN ({})",
                placeholders(first, values.len() + 1 - first)
            );
            if let Some(offering) = &filter.or_offering {
                values.push(offering.as_str().to_owned());
                about = format!("({about} OR offering_id = ${})", values.len());
            }
            conditions.push(about);
        } else if let Some(offering) = &filter.or_offering {
            values.push(offering.as_str().to_owned());
            conditions.push(format!("offering_id = ${}", values.len()));
        }
        if filter.live_only {
            conditions.push("withdrawn_at IS NULL".to_owned());
        }
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT {DECISION_COLUMNS} FROM recognition_decisions {clause} ORDER BY decided_at DESC, id"
        );
        // Read for every credential verified: on SQLite without sqlx's worker thread.
        let parameters: Vec<Parameter<'_>> =
            values.iter().map(|value| Parameter::Text(value)).collect();
        if let Some(rows) = self.read_directly(&sql, &parameters, DecisionColumns::of_direct)? {
            return rows.into_iter().map(DecisionColumns::decision).collect();
        }
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in &values {
            query = query.bind(value.as_str());
        }
        let rows = query.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(decision_from_row).collect()
    }

    async fn insert_request(
        &self,
        request: &RecognitionRequest,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let inserted = sqlx::query(
                "INSERT INTO recognition_requests (id, provider_id, account_id, credential_id, credential, purpose, message, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (provider_id, account_id, credential_id, purpose) DO NOTHING",
            )
            .bind(request.id.as_str())
            .bind(request.provider_id.as_str())
            .bind(request.account_id.as_str())
            .bind(request.credential_id.as_str())
            .bind(request.credential.as_str())
            .bind(request.purpose.code())
            .bind(request.message.as_str())
            .bind(timestamp(request.created_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if inserted.rows_affected() != 1 {
                return Err(StoreError::Conflict(
                    "you asked this organisation to recognise this credential for this purpose already"
                        .to_owned(),
                ));
            }
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }

    async fn request(&self, id: &str) -> StoreResult<RecognitionRequest> {
        let row = sqlx::query("SELECT * FROM recognition_requests WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        request_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn requests(
        &self,
        account: Option<&AccountId>,
        provider: Option<&ProviderId>,
    ) -> StoreResult<Vec<RecognitionRequest>> {
        let rows = sqlx::query(
            "SELECT * FROM recognition_requests WHERE ($1 = '' OR account_id = $1) AND ($2 = '' OR provider_id = $2) \
             ORDER BY created_at DESC, id",
        )
        .bind(account.map_or("", |account| account.as_str()))
        .bind(provider.map_or("", |provider| provider.as_str()))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(request_from_row).collect()
    }

    async fn delete_request(
        &self,
        id: &str,
        account: &AccountId,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        retried!(async {
            let mut tx = self.begin().await?;
            let deleted = sqlx::query(
                "DELETE FROM recognition_requests WHERE id = $1 AND account_id = $2 AND decision_id IS NULL",
            )
            .bind(id)
            .bind(account.as_str())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if deleted.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            self.insert_audit(&mut tx, Some(audit)).await?;
            tx.commit().await.map_err(db)
        }
        .await)
    }
}
