//! Forward-only schema migrations embedded in the binary, applied at start-up, each in its own
//! transaction; a database newer than the program is refused.

use sqlx::{AnyPool, AssertSqlSafe, Row};

use crate::StoreError;
use crate::dialect::Backend;

/// Migrates the database, once however many servers start together: on PostgreSQL the
/// servers take turns on an advisory lock (the only one the register uses, and only here), so
/// the second finds the work done; SQLite's write lock does the same for one file. (For engines
/// without advisory locks — CockroachDB — the next migration's version row is the referee: a
/// second server's insert of it conflicts and its transaction rolls back.)
pub async fn migrate(pool: &AnyPool, backend: Backend) -> Result<(), StoreError> {
    let db = |error: sqlx::Error| StoreError::Database(error.to_string());
    if backend != Backend::Postgres {
        return migrate_now(pool, backend).await;
    }
    let mut leader = pool.acquire().await.map_err(db)?;
    // Per schema: registers in other schemas of the database do not wait for each other.
    sqlx::query("SELECT pg_advisory_lock(hashtext('microcred migrations ' || current_schema()))")
        .execute(&mut *leader)
        .await
        .map_err(db)?;
    let migrated = migrate_now(pool, backend).await;
    let _ = sqlx::query(
        "SELECT pg_advisory_unlock(hashtext('microcred migrations ' || current_schema()))",
    )
    .execute(&mut *leader)
    .await;
    migrated
}

async fn migrate_now(pool: &AnyPool, backend: Backend) -> Result<(), StoreError> {
    let db = |error: sqlx::Error| StoreError::Database(error.to_string());
    sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)")
        .execute(pool)
        .await
        .map_err(db)?;
    let current: i64 =
        sqlx::query("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations")
            .fetch_one(pool)
            .await
            .and_then(|row| row.try_get::<i64, _>("version"))
            .map_err(db)?;
    let known = backend
        .migrations()
        .last()
        .map_or(0, |migration| migration.version);
    if current > known {
        return Err(StoreError::SchemaTooNew {
            found: current,
            known,
        });
    }
    // Every migration not recorded yet, in order (a register whose record lost one — as the
    // store suite makes to replay an upgrade — gets it again).
    let applied: std::collections::BTreeSet<i64> =
        sqlx::query("SELECT version FROM schema_migrations")
            .fetch_all(pool)
            .await
            .map_err(db)?
            .iter()
            .map(|row| row.try_get::<i64, _>("version"))
            .collect::<Result<_, _>>()
            .map_err(db)?;
    for migration in backend
        .migrations()
        .iter()
        .filter(|migration| !applied.contains(&migration.version))
    {
        let mut connection = pool.acquire().await.map_err(db)?;
        sqlx::query(backend.begin_write())
            .execute(&mut *connection)
            .await
            .map_err(db)?;
        let applied = async {
            sqlx::raw_sql(AssertSqlSafe(migration.sql(backend)))
                .execute(&mut *connection)
                .await?;
            sqlx::query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
                .bind(migration.version)
                .bind(migration.name)
                .execute(&mut *connection)
                .await
        }
        .await;
        match applied {
            Ok(_) => {
                sqlx::query("COMMIT")
                    .execute(&mut *connection)
                    .await
                    .map_err(db)?;
                tracing::info!(
                    version = migration.version,
                    name = migration.name,
                    "applied migration"
                );
            }
            Err(error) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
                return Err(StoreError::Database(format!(
                    "migration {} ({}) failed: {error}",
                    migration.version, migration.name
                )));
            }
        }
    }
    Ok(())
}
