//! The differences between SQLite and PostgreSQL, kept in one place; everything else is shared SQL.

/// Which database a `SqlStore` talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// One forward-only migration.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    source: Source,
    /// SQL the program writes, run after the file's (a backfill built from the same query text
    /// the program uses later).
    then: Option<fn() -> String>,
}

/// Where a migration's SQL comes from: one file for both databases, with the few type names
/// that differ written as placeholders (`{{BLOB}}`), or — for the early migrations, whose full-text
/// search differed in substance — a file per database.
enum Source {
    Shared(&'static str),
    PerDialect {
        sqlite: &'static str,
        postgres: &'static str,
    },
}

macro_rules! shared {
    ($version:literal, $name:literal, $file:literal) => {
        Migration {
            version: $version,
            name: $name,
            source: Source::Shared(include_str!(concat!("migrations/shared/", $file))),
            then: None,
        }
    };
    ($version:literal, $name:literal, $file:literal, then $then:path) => {
        Migration {
            version: $version,
            name: $name,
            source: Source::Shared(include_str!(concat!("migrations/shared/", $file))),
            then: Some($then),
        }
    };
}

macro_rules! per_dialect {
    ($version:literal, $name:literal, $file:literal) => {
        Migration {
            version: $version,
            name: $name,
            source: Source::PerDialect {
                sqlite: include_str!(concat!("migrations/sqlite/", $file)),
                postgres: include_str!(concat!("migrations/postgres/", $file)),
            },
            then: None,
        }
    };
}

/// Every migration, in order; both databases run the same list.
const MIGRATIONS: &[Migration] = &[
    per_dialect!(1, "register", "0001_register.sql"),
    shared!(2, "catalogue_index", "0002_catalogue_index.sql"),
    per_dialect!(3, "search_key", "0003_search_key.sql"),
    per_dialect!(4, "catalogue_changes", "0004_catalogue_changes.sql"),
    shared!(5, "learning", "0005_learning.sql"),
    shared!(6, "listings", "0006_listings.sql"),
    shared!(7, "terms_version", "0007_terms_version.sql"),
    per_dialect!(8, "analyst_role", "0008_analyst_role.sql"),
    shared!(9, "enrolment_funding", "0009_enrolment_funding.sql"),
    // Migration 10's tables are filled by migration 11, which replaced one of them (the recount
    // writes the tables of the latest schema).
    shared!(10, "statistics_counts", "0010_statistics_counts.sql"),
    shared!(11, "enrolment_counts_apart", "0011_enrolment_counts_apart.sql", then crate::sql_store::recount_sql),
    shared!(12, "accounts", "0012_accounts.sql"),
    shared!(13, "wallet", "0013_wallet.sql"),
    shared!(14, "token_owners", "0014_token_owners.sql"),
    shared!(15, "outbox_accounts", "0015_outbox_accounts.sql"),
    shared!(16, "identity_providers", "0016_identity_providers.sql"),
    shared!(17, "feedback", "0017_feedback.sql"),
    shared!(18, "pathways", "0018_pathways.sql"),
    shared!(19, "oidc_login_client", "0019_oidc_login_client.sql"),
    shared!(20, "awards_recognition", "0020_awards_recognition.sql"),
    shared!(21, "oid4vci", "0021_oid4vci.sql"),
    shared!(22, "wallet_protocols", "0022_wallet_protocols.sql"),
    shared!(23, "leases", "0023_leases.sql"),
    per_dialect!(24, "catalogue_feed", "0024_catalogue_feed.sql"),
    per_dialect!(25, "provider_keys", "0025_provider_keys.sql"),
];

/// The type names that differ, as shared migrations write them.
const PLACEHOLDERS: &[(&str, &str, &str)] = &[
    ("{{BLOB}}", "BLOB", "BYTEA"),
    // A field of the learner identity an enrolment stores as JSON text.
    (
        "{{LEARNER_EMAIL}}",
        "json_extract(learner, '$.email')",
        "(learner::jsonb ->> 'email')",
    ),
    (
        "{{LEARNER_STUDENT}}",
        "json_extract(learner, '$.student_number')",
        "(learner::jsonb ->> 'student_number')",
    ),
];

impl Migration {
    /// The migration's SQL for `backend`.
    pub fn sql(&self, backend: Backend) -> String {
        let mut sql = self.file_sql(backend);
        if let Some(then) = self.then {
            sql.push('\n');
            sql.push_str(&then());
        }
        sql
    }

    fn file_sql(&self, backend: Backend) -> String {
        match (&self.source, backend) {
            (Source::PerDialect { sqlite, .. }, Backend::Sqlite) => (*sqlite).to_owned(),
            (Source::PerDialect { postgres, .. }, Backend::Postgres) => (*postgres).to_owned(),
            (Source::Shared(sql), _) => PLACEHOLDERS.iter().fold(
                (*sql).to_owned(),
                |sql, (placeholder, sqlite, postgres)| {
                    sql.replace(
                        placeholder,
                        if backend == Backend::Sqlite {
                            sqlite
                        } else {
                            postgres
                        },
                    )
                },
            ),
        }
    }
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }

    pub fn migrations(self) -> &'static [Migration] {
        MIGRATIONS
    }

    /// Starts a write transaction. SQLite takes the write lock up front (`IMMEDIATE`) so two
    /// writers wait for each other instead of failing with a lock upgrade deadlock.
    pub fn begin_write(self) -> &'static str {
        match self {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        }
    }

    /// Lists (table, column) pairs of the schema (SQLite's own `sqlite_%` tables excluded).
    pub fn schema_query(self) -> &'static str {
        match self {
            Backend::Sqlite => {
                "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2"
            }
            Backend::Postgres => {
                "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
                 WHERE table_schema = current_schema() ORDER BY 1, 2"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_and_leave_no_placeholder() {
        for (position, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, position as i64 + 1, "{}", migration.name);
            for backend in [Backend::Sqlite, Backend::Postgres] {
                let sql = migration.sql(backend);
                assert!(!sql.contains("{{"), "{} on {backend:?}", migration.name);
            }
        }
        let learning = MIGRATIONS[4].sql(Backend::Postgres);
        assert!(learning.contains("content BYTEA,") && !learning.contains("BLOB"));
        assert!(MIGRATIONS[4].sql(Backend::Sqlite).contains("content BLOB,"));
    }
}
