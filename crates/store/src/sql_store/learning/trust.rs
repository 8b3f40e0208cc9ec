//! `TrustStore` over SQL: imported trusted-issuer lists.

use time::OffsetDateTime;

use super::SqlStore;
use super::rows::*;
use crate::StoreResult;
use crate::learning::TrustedIssuer;

impl crate::learning::TrustStore for SqlStore {
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
        retried!(async {
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
        .await)
    }
}
