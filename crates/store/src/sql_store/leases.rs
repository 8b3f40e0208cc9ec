//! `LeaseStore` over SQL: one compare-and-set upsert.

use time::OffsetDateTime;

use super::SqlStore;
use super::rows::*;
use crate::StoreResult;
use crate::leases::LeaseStore;

impl LeaseStore for SqlStore {
    async fn claim_lease(
        &self,
        kind: &str,
        id: &str,
        owner: &str,
        until: OffsetDateTime,
        now: OffsetDateTime,
    ) -> StoreResult<bool> {
        retried!(async {
            let claimed = sqlx::query(
                "INSERT INTO leases (kind, id, owner, until) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, until = excluded.until \
                 WHERE leases.owner = excluded.owner OR leases.until <= $5",
            )
            .bind(kind)
            .bind(id)
            .bind(owner)
            .bind(timestamp(until))
            .bind(timestamp(now))
            .execute(&self.pool)
            .await
            .map_err(db)?;
            Ok(claimed.rows_affected() == 1)
        }
        .await)
    }

    async fn release_lease(&self, kind: &str, id: &str, owner: &str) -> StoreResult<()> {
        retried!(
            async {
                sqlx::query("DELETE FROM leases WHERE kind = $1 AND id = $2 AND owner = $3")
                    .bind(kind)
                    .bind(id)
                    .bind(owner)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
            .await
        )
    }
}
