//! Re-deriving stored search terms when `model::search::TERMS_VERSION` moves on: terms made by
//! older rules (say, before stopwords) no longer meet the queries of the current ones.
//!
//! Why stored terms and not terms computed while building the index: the index is built from
//! the `offerings` row alone at every open and catch-up; deriving terms there would parse every
//! offering's JSON document each time (seconds at 100,000 offerings), while a rules change
//! happens once per release at most.

use model::search::TERMS_VERSION;
use model::{OfferingContent, OfferingId};
use sqlx::AssertSqlSafe;

use super::SqlStore;
use super::rows::*;
use crate::{StoreError, StoreResult};

/// Offerings per transaction: short write transactions, so that serving writes between them
/// is not held up for long.
const BATCH: usize = 500;

impl SqlStore {
    /// Re-derives, from its current document, the search terms of every offering whose stored
    /// terms were made by rules older than `TERMS_VERSION`; returns how many. Each batch is one
    /// transaction that also logs its offerings to `catalogue_changes`, so every index on the
    /// database re-reads them. An interrupted run leaves the rest for the next open; rows made
    /// by a newer program (a higher version) are left alone, and so is a row a concurrent
    /// writer has meanwhile given current terms.
    pub(super) async fn rederive_outdated_terms(&self) -> StoreResult<usize> {
        // The usual case, at every open: nothing to do. Asked through the `terms_version` index
        // (instant); the batches below walk the primary key, a full scan when none match (0.3 s
        // at 100,000 offerings on SQLite).
        let outdated = sqlx::query("SELECT id FROM offerings WHERE terms_version < $1 LIMIT 1")
            .bind(TERMS_VERSION)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        if outdated.is_none() {
            return Ok(0);
        }
        let sql = format!(
            "SELECT o.id, o.version, v.document FROM offerings o \
             JOIN offering_versions v ON v.offering_id = o.id AND v.version = o.version \
             WHERE o.terms_version < $1 AND o.id > $2 ORDER BY o.id LIMIT {BATCH}"
        );
        let mut after = String::new();
        let mut derived_total = 0;
        loop {
            let rows = sqlx::query(AssertSqlSafe(sql.clone()))
                .bind(TERMS_VERSION)
                .bind(after.as_str())
                .fetch_all(&self.pool)
                .await
                .map_err(db)?;
            let mut derived = Vec::with_capacity(rows.len());
            for row in &rows {
                let id =
                    OfferingId::parse(&get::<String>(row, "id")?).map_err(StoreError::Corrupt)?;
                let version: i64 = get(row, "version")?;
                let content: OfferingContent = from_json(&get::<String>(row, "document")?)?;
                derived.push((id, version, offering_search_terms(&content)));
            }
            let Some((last, _, _)) = derived.last() else {
                break;
            };
            after = last.as_str().to_owned();
            retried!(
                async {
                    let mut transaction = self.begin().await?;
                    for (id, version, terms) in &derived {
                        self.log_change(&mut transaction, Some(id), None).await?;
                        sqlx::query(
                            "UPDATE offerings SET search_terms = $2, terms_version = $3 \
                         WHERE id = $1 AND version = $4 AND terms_version < $3",
                        )
                        .bind(id.as_str())
                        .bind(terms.as_str())
                        .bind(TERMS_VERSION)
                        .bind(*version)
                        .execute(&mut *transaction)
                        .await
                        .map_err(db)?;
                    }
                    transaction.commit().await.map_err(db)
                }
                .await
            )?;
            derived_total += derived.len();
        }
        if derived_total > 0 {
            tracing::info!(
                offerings = derived_total,
                terms_version = TERMS_VERSION,
                "re-derived stored search terms"
            );
        }
        Ok(derived_total)
    }
}
