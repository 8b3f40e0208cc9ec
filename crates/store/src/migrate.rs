//! Forward-only schema migrations embedded in the binary, applied at start-up, each in its own
//! transaction; a database newer than the program is refused.

use sqlx::{AnyPool, AssertSqlSafe, Row};

use crate::StoreError;
use crate::dialect::Backend;

/// How servers starting together agree on which of them migrates a PostgreSQL register.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MigrationLock {
    /// A session advisory lock per schema (PostgreSQL, Citus, YugabyteDB ≥ 2.25).
    #[default]
    Advisory,
    /// No lock: a leader lease in a row (`schema_migration_leader`), taken with a
    /// compare-and-set upsert, renewed while migrating and taken over once it expired — for
    /// engines without advisory locks (CockroachDB); see docs/scaling.md.
    Lease,
}

/// How long a migration leader's lease lasts without renewal, and how often it is renewed.
const LEADER_LEASE_SECONDS: i64 = 30;
const LEADER_RENEW: std::time::Duration = std::time::Duration::from_secs(5);
/// How often a server waiting for the leader asks again.
const LEADER_POLL: std::time::Duration = std::time::Duration::from_millis(250);

/// Migrates the database, once however many servers start together: on PostgreSQL the
/// servers take turns, on an advisory lock or a leader lease (`lock`), so the second finds the
/// work done; SQLite's write lock does the same for one file. (Should two ever run at once,
/// the next migration's version row is the referee: a second server's insert of it conflicts
/// and its transaction rolls back.)
pub async fn migrate(
    pool: &AnyPool,
    backend: Backend,
    lock: MigrationLock,
) -> Result<(), StoreError> {
    if backend != Backend::Postgres {
        return migrate_now(pool, backend).await;
    }
    match lock {
        MigrationLock::Advisory => migrate_under_advisory_lock(pool, backend).await,
        MigrationLock::Lease => migrate_under_leader_lease(pool, backend).await,
    }
}

async fn migrate_under_advisory_lock(pool: &AnyPool, backend: Backend) -> Result<(), StoreError> {
    let db = |error: sqlx::Error| StoreError::Database(error.to_string());
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

/// Takes the leader lease (waiting while another server holds a live one), migrates while a
/// task renews it, and lets it go. Only plain rows, `INSERT … ON CONFLICT … DO UPDATE … WHERE`
/// and the database's clock: what every engine of the portable subset runs.
async fn migrate_under_leader_lease(pool: &AnyPool, backend: Backend) -> Result<(), StoreError> {
    let db = |error: sqlx::Error| StoreError::Database(error.to_string());
    let created = sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migration_leader (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL)",
    )
    .execute(pool)
    .await;
    // Servers creating it together: one wins, the others' catalogue insert conflicts.
    if let Err(error) = created {
        let exists = sqlx::query("SELECT 1 FROM schema_migration_leader LIMIT 1")
            .fetch_optional(pool)
            .await;
        if exists.is_err() {
            return Err(db(error));
        }
    }
    let owner = format!(
        "{}-{:016x}",
        std::process::id(),
        std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), 0u8)
    );
    let claim = format!(
        "INSERT INTO schema_migration_leader (name, owner, expires_at) \
         VALUES ('migrations', $1, now() + interval '{LEADER_LEASE_SECONDS} seconds') \
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at \
         WHERE schema_migration_leader.expires_at < now() OR schema_migration_leader.owner = excluded.owner"
    );
    loop {
        let claimed = sqlx::query(AssertSqlSafe(claim.clone()))
            .bind(owner.as_str())
            .execute(pool)
            .await
            .map_err(db)?;
        if claimed.rows_affected() == 1 {
            break;
        }
        tokio::time::sleep(LEADER_POLL).await;
    }
    let renewing = {
        let pool = pool.clone();
        let owner = owner.clone();
        let renew = format!(
            "UPDATE schema_migration_leader SET expires_at = now() + interval '{LEADER_LEASE_SECONDS} seconds' \
             WHERE name = 'migrations' AND owner = $1"
        );
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(LEADER_RENEW).await;
                let renewed = sqlx::query(AssertSqlSafe(renew.clone()))
                    .bind(owner.as_str())
                    .execute(&pool)
                    .await;
                if let Err(error) = renewed {
                    tracing::warn!(%error, "could not renew the migration leader lease");
                }
            }
        })
    };
    let migrated = migrate_now(pool, backend).await;
    renewing.abort();
    let _ =
        sqlx::query("DELETE FROM schema_migration_leader WHERE name = 'migrations' AND owner = $1")
            .bind(owner.as_str())
            .execute(pool)
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
