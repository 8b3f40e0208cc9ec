//! `SqlStore`: the `Store` over SQLite or PostgreSQL through sqlx's `Any` driver, so one code
//! path serves both and only `dialect` and the migrations differ.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use model::{
    ApiToken, FundingScheme, LangText, Offering, OfferingContent, OfferingId, OfferingQuery,
    OfferingVersion, Provider, ProviderContent, ProviderId, PublicationStatus, Role, SearchPage,
    TokenId, Vocabulary,
};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, AssertSqlSafe, Executor, Row};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::catalogue_index::{CatalogueIndex, sync};
use crate::dialect::Backend;
use crate::{Store, StoreError, StoreResult, WebSession};

/// How to open a store.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// PostgreSQL schema to use (created if missing); tests use one per test.
    pub postgres_schema: Option<String>,
    pub max_connections: Option<u32>,
}

/// The register's storage over SQLite or PostgreSQL, with its in-memory catalogue index.
#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    catalogue: Arc<CatalogueIndex>,
}

pub(crate) fn db(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(database_error) = &error
        && database_error.is_unique_violation()
    {
        return StoreError::Conflict(database_error.message().to_owned());
    }
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        other => StoreError::Database(other.to_string()),
    }
}

fn timestamp(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

pub(crate) fn parse_timestamp(text: &str) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|error| StoreError::Corrupt(format!("timestamp `{text}`: {error}")))
}

fn parse_optional_timestamp(text: Option<String>) -> StoreResult<Option<OffsetDateTime>> {
    text.as_deref().map(parse_timestamp).transpose()
}

fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|error| StoreError::Corrupt(error.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|error| StoreError::Corrupt(error.to_string()))
}

fn status(code: &str) -> StoreResult<PublicationStatus> {
    PublicationStatus::from_code(code)
        .ok_or_else(|| StoreError::Corrupt(format!("status `{code}`")))
}

pub(crate) fn get<'r, T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>>(
    row: &'r AnyRow,
    column: &str,
) -> StoreResult<T> {
    row.try_get(column).map_err(db)
}

fn provider_from_row(row: &AnyRow) -> StoreResult<Provider> {
    Ok(Provider {
        id: ProviderId::parse(&get::<String>(row, "id")?).map_err(StoreError::Corrupt)?,
        status: status(&get::<String>(row, "status")?)?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        updated_at: parse_timestamp(&get::<String>(row, "updated_at")?)?,
        content: from_json::<ProviderContent>(&get::<String>(row, "document")?)?,
    })
}

pub(crate) fn offering_from_row(row: &AnyRow) -> StoreResult<Offering> {
    let version: i64 = get(row, "version")?;
    Ok(Offering {
        id: OfferingId::parse(&get::<String>(row, "id")?).map_err(StoreError::Corrupt)?,
        provider_id: ProviderId::parse(&get::<String>(row, "provider_id")?)
            .map_err(StoreError::Corrupt)?,
        status: status(&get::<String>(row, "status")?)?,
        version: u32::try_from(version)
            .map_err(|_| StoreError::Corrupt(format!("version {version}")))?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        updated_at: parse_timestamp(&get::<String>(row, "updated_at")?)?,
        published_at: parse_optional_timestamp(get(row, "published_at")?)?,
        withdrawn_at: parse_optional_timestamp(get(row, "withdrawn_at")?)?,
        content: from_json::<OfferingContent>(&get::<String>(row, "document")?)?,
    })
}

fn token_from_row(row: &AnyRow) -> StoreResult<ApiToken> {
    let role: String = get(row, "role")?;
    let provider: Option<String> = get(row, "provider_id")?;
    Ok(ApiToken {
        id: TokenId::parse(&get::<String>(row, "id")?).map_err(StoreError::Corrupt)?,
        role: Role::from_code(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("role `{role}`")))?,
        provider_id: provider
            .as_deref()
            .map(ProviderId::parse)
            .transpose()
            .map_err(StoreError::Corrupt)?,
        label: get(row, "label")?,
        created_at: parse_timestamp(&get::<String>(row, "created_at")?)?,
        revoked_at: parse_optional_timestamp(get(row, "revoked_at")?)?,
    })
}

/// The search terms of an offering: its texts in their languages plus its provider's name.
fn offering_search_terms(content: &OfferingContent) -> String {
    let texts: Vec<&LangText> = [&content.title, &content.summary]
        .into_iter()
        .chain(
            content
                .learning_outcomes
                .iter()
                .map(|outcome| &outcome.text),
        )
        .collect();
    let mut terms = model::search::index_terms(texts.into_iter().flat_map(LangText::iter));
    for body in &content.awarding_bodies {
        terms.push(' ');
        terms.push_str(&body.as_str().replace('-', " "));
    }
    terms
}

fn title_sort(content: &OfferingContent) -> String {
    model::search::fold(content.title.best(model::UiLang::Nl))
}

pub(crate) const OFFERING_COLUMNS: &str = "o.id, o.provider_id, o.status, o.version, o.created_at, o.updated_at, o.published_at, o.withdrawn_at, v.document";

impl SqlStore {
    /// Opens (creating if needed) and migrates the store at `url`: `sqlite://PATH` or `postgres://…`.
    pub async fn open(url: &str, options: StoreOptions) -> StoreResult<SqlStore> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url).ok_or_else(|| {
            StoreError::Database(format!(
                "unsupported database URL `{url}`: use sqlite://PATH or postgres://…"
            ))
        })?;
        let url = match backend {
            Backend::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_owned(),
        };
        let connect = AnyConnectOptions::from_str(&url).map_err(db)?;
        if let (Backend::Postgres, Some(schema)) = (backend, &options.postgres_schema) {
            let pool = AnyPoolOptions::new()
                .max_connections(1)
                .connect_with(connect.clone())
                .await
                .map_err(db)?;
            sqlx::query(AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS \"{}\"",
                schema.replace('"', "")
            )))
            .execute(&pool)
            .await
            .map_err(db)?;
            pool.close().await;
        }
        let schema = options.postgres_schema.clone();
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections.unwrap_or(8))
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |connection, _| {
                let schema = schema.clone();
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite => {
                            connection
                                // A 16 MB page cache, memory-mapped reads and in-memory
                                // sort space: catalogue searches at 100,000 offerings otherwise
                                // spend most of their time in read and write system calls.
                                .execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                          PRAGMA cache_size = -16384; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY;")
                                .await?;
                        }
                        Backend::Postgres => {
                            if let Some(schema) = schema {
                                connection.execute(AssertSqlSafe(format!("SET search_path TO \"{}\"", schema.replace('"', "")))).await?;
                            }
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(connect)
            .await
            .map_err(db)?;
        crate::migrate::migrate(&pool, backend).await?;
        let catalogue = Arc::new(CatalogueIndex::new()?);
        sync::rebuild(&pool, &catalogue).await?;
        Ok(SqlStore {
            pool,
            backend,
            catalogue,
        })
    }

    /// Drops a PostgreSQL test schema (tests clean up after themselves).
    pub async fn drop_postgres_schema(url: &str, schema: &str) -> StoreResult<()> {
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .connect(url)
            .await
            .map_err(db)?;
        sqlx::query(AssertSqlSafe(format!(
            "DROP SCHEMA IF EXISTS \"{}\" CASCADE",
            schema.replace('"', "")
        )))
        .execute(&pool)
        .await
        .map_err(db)?;
        pool.close().await;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Any>> {
        self.pool
            .begin_with(self.backend.begin_write())
            .await
            .map_err(db)
    }

    /// Notes in the change log, inside the caller's transaction, that search must re-read an
    /// offering, or every offering of a provider. Call it first in the transaction: on
    /// PostgreSQL it takes the log's lock, which orders the writers' seqs as their commits (a
    /// seq drawn earlier but committed later would otherwise be skipped by an index that has
    /// read past it), and taking it before any row lock leaves no room for a deadlock.
    async fn log_change(
        &self,
        transaction: &mut sqlx::Transaction<'static, sqlx::Any>,
        offering: Option<&OfferingId>,
        provider: Option<&ProviderId>,
    ) -> StoreResult<()> {
        if self.backend == Backend::Postgres {
            sqlx::query("LOCK TABLE catalogue_changes IN EXCLUSIVE MODE")
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        sqlx::query("INSERT INTO catalogue_changes (offering_id, provider_id) VALUES ($1, $2)")
            .bind(offering.map(|id| id.as_str().to_owned()))
            .bind(provider.map(|id| id.as_str().to_owned()))
            .execute(&mut **transaction)
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Writes the filter columns, languages, funding schemes and search terms of an offering's
    /// current version (inside the caller's transaction). A new offering (`insert`) has no old
    /// rows to delete first.
    async fn write_offering_index(
        &self,
        transaction: &mut sqlx::Transaction<'static, sqlx::Any>,
        offering: &Offering,
        insert: bool,
    ) -> StoreResult<()> {
        let content = &offering.content;
        let id = offering.id.as_str();
        let sql = if insert {
            "INSERT INTO offerings (id, provider_id, status, version, eqf, ects, hours, isced_field, isced_broad, mode, setting, pilot, title_sort, search_terms, created_at, updated_at, published_at, withdrawn_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)"
        } else {
            "UPDATE offerings SET provider_id = $2, status = $3, version = $4, eqf = $5, ects = $6, hours = $7, isced_field = $8, isced_broad = $9, mode = $10, setting = $11, pilot = $12, \
             title_sort = $13, search_terms = $14, created_at = $15, updated_at = $16, published_at = $17, withdrawn_at = $18 WHERE id = $1"
        };
        let terms = offering_search_terms(content);
        let result = sqlx::query(sql)
            .bind(id)
            .bind(offering.provider_id.as_str())
            .bind(offering.status.code())
            .bind(i64::from(offering.version))
            .bind(content.level.eqf.number().map(i64::from))
            .bind(content.workload.ects)
            .bind(content.workload.hours.map(i64::from))
            .bind(content.isced_field.as_str())
            .bind(content.isced_field.get(..2).unwrap_or_default())
            .bind(content.participation.mode.code())
            .bind(content.participation.setting.code())
            .bind(content.pilot_project)
            .bind(title_sort(content))
            .bind(terms.as_str())
            .bind(timestamp(offering.created_at))
            .bind(timestamp(offering.updated_at))
            .bind(offering.published_at.map(timestamp))
            .bind(offering.withdrawn_at.map(timestamp))
            .execute(&mut **transaction)
            .await
            .map_err(db)?;
        if result.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        if !insert {
            sqlx::query("DELETE FROM offering_languages WHERE offering_id = $1")
                .bind(id)
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        for language in &content.languages {
            sqlx::query("INSERT INTO offering_languages (offering_id, language) VALUES ($1, $2)")
                .bind(id)
                .bind(language.as_str())
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        if !insert {
            sqlx::query("DELETE FROM offering_funding WHERE offering_id = $1")
                .bind(id)
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        for scheme in &content.funding_schemes {
            sqlx::query("INSERT INTO offering_funding (offering_id, scheme) VALUES ($1, $2)")
                .bind(id)
                .bind(scheme.as_str())
                .execute(&mut **transaction)
                .await
                .map_err(db)?;
        }
        Ok(())
    }

    async fn write_version(
        transaction: &mut sqlx::Transaction<'static, sqlx::Any>,
        offering: &Offering,
        insert: bool,
    ) -> StoreResult<()> {
        let document = to_json(&offering.content)?;
        let sql = if insert {
            "INSERT INTO offering_versions (offering_id, version, document, saved_at) VALUES ($1, $2, $3, $4)"
        } else {
            "UPDATE offering_versions SET document = $3, saved_at = $4 WHERE offering_id = $1 AND version = $2"
        };
        sqlx::query(sql)
            .bind(offering.id.as_str())
            .bind(i64::from(offering.version))
            .bind(document)
            .bind(timestamp(offering.updated_at))
            .execute(&mut **transaction)
            .await
            .map_err(db)?;
        Ok(())
    }
}

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
        let mut transaction = self.begin().await?;
        self.log_change(&mut transaction, Some(&offering.id), None)
            .await?;
        self.write_offering_index(&mut transaction, offering, true)
            .await?;
        Self::write_version(&mut transaction, offering, true).await?;
        transaction.commit().await.map_err(db)
    }

    async fn insert_offerings(&self, offerings: &[Offering]) -> StoreResult<()> {
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

    async fn replace_offering(&self, offering: &Offering) -> StoreResult<()> {
        let mut transaction = self.begin().await?;
        self.log_change(&mut transaction, Some(&offering.id), None)
            .await?;
        self.write_offering_index(&mut transaction, offering, false)
            .await?;
        Self::write_version(&mut transaction, offering, false).await?;
        transaction.commit().await.map_err(db)
    }

    async fn add_offering_version(&self, offering: &Offering) -> StoreResult<()> {
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

    async fn set_offering_status(&self, offering: &Offering) -> StoreResult<()> {
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
        sync::search(&self.pool, &self.catalogue, query).await
    }

    async fn insert_token(&self, token: &ApiToken, secret_hash: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO api_tokens (id, secret_hash, role, provider_id, label, created_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(token.id.as_str())
            .bind(secret_hash)
            .bind(token.role.code())
            .bind(token.provider_id.as_ref().map(|id| id.as_str().to_owned()))
            .bind(token.label.as_str())
            .bind(timestamp(token.created_at))
            .bind(token.revoked_at.map(timestamp))
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn find_token(&self, secret_hash: &str) -> StoreResult<ApiToken> {
        let row =
            sqlx::query("SELECT * FROM api_tokens WHERE secret_hash = $1 AND revoked_at IS NULL")
                .bind(secret_hash)
                .fetch_optional(&self.pool)
                .await
                .map_err(db)?;
        token_from_row(&row.ok_or(StoreError::NotFound)?)
    }

    async fn list_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query("SELECT * FROM api_tokens ORDER BY created_at, id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.iter().map(token_from_row).collect()
    }

    async fn revoke_token(&self, id: &TokenId, at: OffsetDateTime) -> StoreResult<()> {
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

    async fn insert_session(
        &self,
        id_hash: &str,
        token_id: &TokenId,
        created_at: OffsetDateTime,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
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

    async fn find_session(&self, id_hash: &str, now: OffsetDateTime) -> StoreResult<WebSession> {
        let row = sqlx::query(
            "SELECT t.*, s.expires_at AS session_expires_at FROM web_sessions s JOIN api_tokens t ON t.id = s.token_id \
             WHERE s.id_hash = $1 AND t.revoked_at IS NULL",
        )
        .bind(id_hash)
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
        sqlx::query("DELETE FROM web_sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await
            .map_err(db)?;
        Ok(())
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

impl SqlStore {
    async fn write_provider(&self, provider: &Provider, insert: bool) -> StoreResult<()> {
        let sql = if insert {
            "INSERT INTO providers (id, status, country, region, provider_type, name_sort, document, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        } else {
            "UPDATE providers SET status = $2, country = $3, region = $4, provider_type = $5, name_sort = $6, document = $7, created_at = $8, updated_at = $9 WHERE id = $1"
        };
        let content = &provider.content;
        let mut transaction = self.begin().await?;
        if !insert {
            // Its status, country and region are filter values of all its offerings.
            self.log_change(&mut transaction, None, Some(&provider.id))
                .await?;
        }
        let result = sqlx::query(sql)
            .bind(provider.id.as_str())
            .bind(provider.status.code())
            .bind(content.country.as_str())
            .bind(content.region.clone())
            .bind(content.provider_type.code())
            .bind(model::search::fold(
                content.legal_name.best(model::UiLang::Nl),
            ))
            .bind(to_json(content)?)
            .bind(timestamp(provider.created_at))
            .bind(timestamp(provider.updated_at))
            .execute(&mut *transaction)
            .await
            .map_err(db)?;
        if result.rows_affected() != 1 {
            return Err(StoreError::NotFound);
        }
        transaction.commit().await.map_err(db)
    }
}

fn version_from_row(id: &OfferingId, row: &AnyRow) -> StoreResult<OfferingVersion> {
    let version: i64 = get(row, "version")?;
    Ok(OfferingVersion {
        offering_id: id.clone(),
        version: u32::try_from(version)
            .map_err(|_| StoreError::Corrupt(format!("version {version}")))?,
        saved_at: parse_timestamp(&get::<String>(row, "saved_at")?)?,
        content: from_json(&get::<String>(row, "document")?)?,
    })
}
