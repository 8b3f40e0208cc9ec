//! `SqlStore`: the `Store` over SQLite or PostgreSQL through sqlx's `Any` driver, so one code
//! path serves both and only `dialect` and the migrations differ.

use std::sync::Arc;

use model::{
    ApiToken, FundingScheme, Offering, OfferingId, OfferingQuery, OfferingVersion, Provider,
    ProviderId, PublicationStatus, SearchPage, TokenId, Vocabulary,
};
use sqlx::{AnyPool, AssertSqlSafe};
use time::OffsetDateTime;

use crate::catalogue_index::CatalogueIndex;
use crate::dialect::Backend;
use crate::{Store, StoreError, StoreResult, WebSession};

#[macro_use]
pub(crate) mod retry;

mod accounts;
mod catalogue_sync;
mod direct;
mod identities;
mod learning;
mod leases;
mod open;
mod pathways;
mod recognition;
mod rows;
mod statistics;
mod terms;
mod vci;
mod writes;

pub(crate) use direct::{Parameter, column};
pub(crate) use learning::recount_sql;
pub(crate) use rows::*;

/// How to open a store.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// PostgreSQL schema to use (created if missing); tests use one per test.
    pub postgres_schema: Option<String>,
    pub max_connections: Option<u32>,
    /// How servers starting together take turns at migrating a PostgreSQL register.
    pub migration_lock: crate::MigrationLock,
}

/// The register's storage over SQLite or PostgreSQL, with its in-memory catalogue index.
#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    catalogue: Arc<CatalogueIndex>,
    /// An embedded register's hot reads without sqlx's thread hand-off (none on PostgreSQL).
    direct: Option<Arc<direct::DirectReader>>,
}

pub(crate) const OFFERING_COLUMNS: &str = "o.id, o.provider_id, o.status, o.version, o.created_at, o.updated_at, o.published_at, o.withdrawn_at, v.document";

impl Store for SqlStore {
    fn backend(&self) -> Backend {
        self.backend
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let row = sqlx::query("SELECT COUNT(*) AS total FROM providers")
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        Ok(get::<i64>(&row, "total")? == 0)
    }

    async fn list_funding_schemes(&self) -> StoreResult<Vec<FundingScheme>> {
        let rows = sqlx::query("SELECT code, name FROM funding_schemes ORDER BY position, code")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(FundingScheme {
                    code: get(row, "code")?,
                    name: from_json(&get::<String>(row, "name")?)?,
                })
            })
            .collect()
    }

    async fn upsert_funding_scheme(&self, scheme: &FundingScheme) -> StoreResult<()> {
        retried!(async {
            sqlx::query(
                "INSERT INTO funding_schemes (code, name, position) VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM funding_schemes)) \
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name",
            )
            .bind(scheme.code.as_str())
            .bind(to_json(&scheme.name)?)
            .execute(&self.pool)
            .await
            .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn insert_provider(&self, provider: &Provider) -> StoreResult<()> {
        self.write_provider(provider, true).await
    }

    async fn update_provider(&self, provider: &Provider) -> StoreResult<()> {
        self.write_provider(provider, false).await
    }

    async fn get_provider(&self, id: &ProviderId) -> StoreResult<Provider> {
        let row = sqlx::query("SELECT * FROM providers WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        provider_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn provider_status(&self, id: &ProviderId) -> StoreResult<PublicationStatus> {
        let code: Option<String> = sqlx::query_scalar("SELECT status FROM providers WHERE id = $1")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        rows::status(&code.ok_or(StoreError::NotFound)?)
    }

    async fn list_providers(&self, public_only: bool) -> StoreResult<Vec<Provider>> {
        let sql = if public_only {
            "SELECT * FROM providers WHERE status = 'published' ORDER BY name_sort, id"
        } else {
            "SELECT * FROM providers ORDER BY name_sort, id"
        };
        let rows = sqlx::query(sql).fetch_all(&self.pool).await.map_err(db)?;
        rows.iter().map(provider_from_row).collect()
    }

    async fn insert_offering(&self, offering: &Offering) -> StoreResult<()> {
        retried!(
            async {
                let mut transaction = self.begin().await?;
                self.log_change(&mut transaction, Some(&offering.id), None)
                    .await?;
                self.write_offering_index(&mut transaction, offering, true)
                    .await?;
                Self::write_version(&mut transaction, offering, true).await?;
                transaction.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn insert_offerings(&self, offerings: &[Offering]) -> StoreResult<()> {
        retried!(
            async {
                let mut transaction = self.begin().await?;
                for offering in offerings {
                    self.log_change(&mut transaction, Some(&offering.id), None)
                        .await?;
                    self.write_offering_index(&mut transaction, offering, true)
                        .await?;
                    Self::write_version(&mut transaction, offering, true).await?;
                }
                transaction.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn replace_offering(&self, offering: &Offering) -> StoreResult<()> {
        retried!(
            async {
                let mut transaction = self.begin().await?;
                self.log_change(&mut transaction, Some(&offering.id), None)
                    .await?;
                self.write_offering_index(&mut transaction, offering, false)
                    .await?;
                Self::write_version(&mut transaction, offering, false).await?;
                transaction.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn add_offering_version(&self, offering: &Offering) -> StoreResult<()> {
        retried!(
            async {
                let mut transaction = self.begin().await?;
                self.log_change(&mut transaction, Some(&offering.id), None)
                    .await?;
                let row = sqlx::query("SELECT version FROM offerings WHERE id = $1")
                    .bind(offering.id.as_str())
                    .fetch_optional(&mut *transaction)
                    .await
                    .map_err(db)?;
                let stored: i64 = get(&row.ok_or(StoreError::NotFound)?, "version")?;
                if stored + 1 != i64::from(offering.version) {
                    return Err(StoreError::Conflict(format!(
                        "offering {} is at version {stored}; version {} was based on an older one",
                        offering.id, offering.version
                    )));
                }
                // The primary key (offering_id, version) also refuses a second writer of the same version.
                Self::write_version(&mut transaction, offering, true).await?;
                self.write_offering_index(&mut transaction, offering, false)
                    .await?;
                transaction.commit().await.map_err(db)
            }
            .await
        )
    }

    async fn set_offering_status(&self, offering: &Offering) -> StoreResult<()> {
        retried!(async {
            let mut transaction = self.begin().await?;
            self.log_change(&mut transaction, Some(&offering.id), None)
                .await?;
            let result = sqlx::query("UPDATE offerings SET status = $2, published_at = $3, withdrawn_at = $4 WHERE id = $1 AND version = $5")
                .bind(offering.id.as_str())
                .bind(offering.status.code())
                .bind(offering.published_at.map(timestamp))
                .bind(offering.withdrawn_at.map(timestamp))
                .bind(i64::from(offering.version))
                .execute(&mut *transaction)
                .await
                .map_err(db)?;
            if result.rows_affected() != 1 {
                return Err(StoreError::NotFound);
            }
            transaction.commit().await.map_err(db)
        }
        .await)
    }

    async fn get_offering(&self, id: &OfferingId) -> StoreResult<Offering> {
        let sql = format!(
            "SELECT {OFFERING_COLUMNS} FROM offerings o JOIN offering_versions v ON v.offering_id = o.id AND v.version = o.version WHERE o.id = $1"
        );
        let row = sqlx::query(AssertSqlSafe(sql))
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        offering_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn get_offering_version(
        &self,
        id: &OfferingId,
        version: u32,
    ) -> StoreResult<OfferingVersion> {
        let row = sqlx::query("SELECT version, document, saved_at FROM offering_versions WHERE offering_id = $1 AND version = $2")
            .bind(id.as_str())
            .bind(i64::from(version))
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?;
        version_from_row(id, &row.ok_or(StoreError::NotFound)?)
    }

    async fn list_offering_versions(&self, id: &OfferingId) -> StoreResult<Vec<OfferingVersion>> {
        let rows = sqlx::query("SELECT version, document, saved_at FROM offering_versions WHERE offering_id = $1 ORDER BY version")
            .bind(id.as_str())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        if rows.is_empty() {
            return Err(StoreError::NotFound);
        }
        rows.iter().map(|row| version_from_row(id, row)).collect()
    }

    async fn search_offerings(&self, query: &OfferingQuery) -> StoreResult<SearchPage> {
        catalogue_sync::search(&self.pool, &self.catalogue, query).await
    }

    async fn insert_token(&self, token: &ApiToken, secret_hash: &str) -> StoreResult<()> {
        retried!(async {
            sqlx::query("INSERT INTO api_tokens (id, secret_hash, role, provider_id, label, created_at, revoked_at, account_id, expires_at, last_used_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .bind(token.id.as_str())
                .bind(secret_hash)
                .bind(token.role.code())
                .bind(token.provider_id.as_ref().map(|id| id.as_str().to_owned()))
                .bind(token.label.as_str())
                .bind(timestamp(token.created_at))
                .bind(token.revoked_at.map(timestamp))
                .bind(token.account_id.as_ref().map(|id| id.as_str().to_owned()))
                .bind(token.expires_at.map(timestamp))
                .bind(token.last_used_at.map(timestamp))
                .execute(&self.pool)
                .await
                .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn find_token(&self, secret_hash: &str, now: OffsetDateTime) -> StoreResult<ApiToken> {
        let row = sqlx::query(
            "SELECT * FROM api_tokens WHERE secret_hash = $1 AND revoked_at IS NULL \
             AND (expires_at IS NULL OR expires_at > $2)",
        )
        .bind(secret_hash)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        token_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn list_tokens(
        &self,
        account: Option<&model::AccountId>,
        provider: Option<&ProviderId>,
    ) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query(
            "SELECT * FROM api_tokens WHERE ($1 IS NULL OR account_id = $1) \
             AND ($2 IS NULL OR provider_id = $2) ORDER BY created_at, id",
        )
        .bind(account.map(|id| id.as_str().to_owned()))
        .bind(provider.map(|id| id.as_str().to_owned()))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(token_from_row).collect()
    }

    async fn touch_token(&self, id: &TokenId, at: OffsetDateTime) -> StoreResult<()> {
        retried!(
            async {
                sqlx::query("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1")
                    .bind(id.as_str())
                    .bind(timestamp(at))
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
            .await
        )
    }

    async fn revoke_token(&self, id: &TokenId, at: OffsetDateTime) -> StoreResult<()> {
        retried!(
            async {
                let result = sqlx::query(
                    "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
                )
                .bind(id.as_str())
                .bind(timestamp(at))
                .execute(&self.pool)
                .await
                .map_err(db)?;
                if result.rows_affected() == 1 {
                    Ok(())
                } else {
                    Err(StoreError::NotFound)
                }
            }
            .await
        )
    }

    async fn insert_session(
        &self,
        id_hash: &str,
        token_id: &TokenId,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        retried!(async {
            sqlx::query("INSERT INTO web_sessions (id_hash, token_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(id_hash)
                .bind(token_id.as_str())
                .bind(timestamp(created_at))
                .bind(timestamp(expires_at))
                .execute(&self.pool)
                .await
                .map_err(db)?;
            Ok(())
        }
        .await)
    }

    async fn find_session(&self, id_hash: &str, now: OffsetDateTime) -> StoreResult<WebSession> {
        let row = sqlx::query(
            "SELECT t.*, s.expires_at AS session_expires_at FROM web_sessions s JOIN api_tokens t ON t.id = s.token_id \
             WHERE s.id_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2)",
        )
        .bind(id_hash)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?
        .ok_or(StoreError::NotFound)?;
        let expires_at = parse_timestamp(&get::<String>(&row, "session_expires_at")?)?;
        if expires_at <= now {
            return Err(StoreError::NotFound);
        }
        Ok(WebSession {
            token: token_from_row(&row)?,
            expires_at,
        })
    }

    async fn delete_session(&self, id_hash: &str) -> StoreResult<()> {
        retried!(
            async {
                sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await
                    .map_err(db)?;
                Ok(())
            }
            .await
        )
    }

    async fn optimize(&self) -> StoreResult<()> {
        sqlx::query("ANALYZE")
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn schema_columns(&self) -> StoreResult<Vec<(String, String)>> {
        let rows = sqlx::query(self.backend.schema_query())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter()
            .map(|row| Ok((get(row, "table_name")?, get(row, "column_name")?)))
            .collect()
    }
}
