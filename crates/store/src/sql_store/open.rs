//! Opening a `SqlStore` (connecting, migrating, re-deriving outdated search terms, building the
//! catalogue index), and what operators and tests do with one as a whole: backup, pool status,
//! dropping a test schema, running trusted SQL, closing; and where every write transaction begins.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AssertSqlSafe, Executor};

use super::{SqlStore, StoreOptions, catalogue_sync, db};
use crate::catalogue_index::CatalogueIndex;
use crate::dialect::Backend;
use crate::{StoreError, StoreResult};

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
            let created = sqlx::query(AssertSqlSafe(format!(
                "CREATE SCHEMA IF NOT EXISTS \"{}\"",
                schema.replace('"', "")
            )))
            .execute(&pool)
            .await
            .map_err(db);
            // Servers starting together race here too; the schema is there either way.
            if !matches!(created, Ok(_) | Err(StoreError::Conflict(_))) {
                created?;
            }
            pool.close().await;
        }
        let schema = options.postgres_schema.clone();
        let pool = AnyPoolOptions::new()
            .max_connections(options.max_connections.unwrap_or(8))
            .acquire_timeout(Duration::from_secs(30))
            // sqlx pings every idle connection it hands out. An embedded database has no other
            // end to lose, and each ping was a round trip to the connection's worker thread —
            // as many as the statements themselves (a third of a verification's server time
            // went to those thread hand-offs). PostgreSQL connections keep the check: a
            // restarted server or a dropped link is found before a statement fails on it.
            .test_before_acquire(backend != Backend::Sqlite)
            .after_connect(move |connection, _| {
                let schema = schema.clone();
                Box::pin(async move {
                    match backend {
                        Backend::Sqlite => {
                            connection
                                // synchronous = FULL: a commit (an issued or revoked
                                // credential among them) is on disk before it is acknowledged.
                                // A 16 MB page cache, memory-mapped reads and in-memory
                                // sort space: catalogue searches at 100,000 offerings otherwise
                                // spend most of their time in read and write system calls.
                                // A checkpoint every 16,384 WAL pages (64 MB) instead of 1,000:
                                // bulk issuance writes ~4 MB per 1,000 credentials, and a
                                // checkpoint's fsync after every such commit halved throughput.
                                .execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                                          PRAGMA cache_size = -16384; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY; \
                                          PRAGMA wal_autocheckpoint = 16384;")
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
        crate::migrate::migrate(&pool, backend, options.migration_lock).await?;
        let direct = match backend {
            Backend::Sqlite => super::direct::DirectReader::for_url(&url)?.map(Arc::new),
            Backend::Postgres => None,
        };
        let store = SqlStore {
            pool,
            backend,
            catalogue: Arc::new(CatalogueIndex::new()?),
            direct,
        };
        // Before the index is built, so that it is built from terms the current rules made.
        store.rederive_outdated_terms().await?;
        catalogue_sync::rebuild(&store.pool, &store.catalogue).await?;
        Ok(store)
    }

    /// The newest migration this program knows.
    pub fn known_schema_version(&self) -> i64 {
        self.backend
            .migrations()
            .last()
            .map_or(0, |migration| migration.version)
    }

    /// The newest migration the database has (a query: it also says the database answers).
    pub async fn schema_version(&self) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            .fetch_one(&self.pool)
            .await
            .map_err(db)
    }

    /// Writes a consistent copy of an embedded (SQLite) register to `path` while it serves
    /// (`VACUUM INTO`: one read transaction, so the copy is the register at one moment, and
    /// compacted). A PostgreSQL register is backed up with its own tools (`pg_dump`).
    pub async fn backup_to(&self, path: &std::path::Path) -> StoreResult<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Database(
                "a PostgreSQL register is backed up with pg_dump --format=custom (see docs/operations.md)"
                    .to_owned(),
            ));
        }
        let path = path
            .to_str()
            .ok_or_else(|| StoreError::Database("the backup path is not valid UTF-8".to_owned()))?;
        sqlx::query(AssertSqlSafe(format!(
            "VACUUM INTO '{}'",
            path.replace('\'', "''")
        )))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        Ok(())
    }

    /// The connection pool: connections open, and of those idle.
    pub fn pool_status(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
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

    /// Runs SQL the program wrote, in one write transaction: the benchmarks write their
    /// registers with it. Never pass it anything a user typed.
    pub async fn execute_trusted(&self, sql: &str) -> StoreResult<()> {
        retried!(
            async {
                let mut tx = self.begin().await?;
                sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)
            }
            .await
        )
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(super) async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Any>> {
        self.pool
            .begin_with(self.backend.begin_write())
            .await
            .map_err(db)
    }
}
