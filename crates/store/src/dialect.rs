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
    pub sql: &'static str,
}

const SQLITE_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "register",
        sql: include_str!("migrations/sqlite/0001_register.sql"),
    },
    Migration {
        version: 2,
        name: "catalogue_index",
        sql: include_str!("migrations/sqlite/0002_catalogue_index.sql"),
    },
    Migration {
        version: 3,
        name: "search_key",
        sql: include_str!("migrations/sqlite/0003_search_key.sql"),
    },
    Migration {
        version: 4,
        name: "catalogue_changes",
        sql: include_str!("migrations/sqlite/0004_catalogue_changes.sql"),
    },
    Migration {
        version: 5,
        name: "learning",
        sql: include_str!("migrations/sqlite/0005_learning.sql"),
    },
    Migration {
        version: 6,
        name: "listings",
        sql: include_str!("migrations/sqlite/0006_listings.sql"),
    },
    Migration {
        version: 7,
        name: "terms_version",
        sql: include_str!("migrations/sqlite/0007_terms_version.sql"),
    },
];

const POSTGRES_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "register",
        sql: include_str!("migrations/postgres/0001_register.sql"),
    },
    Migration {
        version: 2,
        name: "catalogue_index",
        sql: include_str!("migrations/postgres/0002_catalogue_index.sql"),
    },
    Migration {
        version: 3,
        name: "search_key",
        sql: include_str!("migrations/postgres/0003_search_key.sql"),
    },
    Migration {
        version: 4,
        name: "catalogue_changes",
        sql: include_str!("migrations/postgres/0004_catalogue_changes.sql"),
    },
    Migration {
        version: 5,
        name: "learning",
        sql: include_str!("migrations/postgres/0005_learning.sql"),
    },
    Migration {
        version: 6,
        name: "listings",
        sql: include_str!("migrations/postgres/0006_listings.sql"),
    },
    Migration {
        version: 7,
        name: "terms_version",
        sql: include_str!("migrations/postgres/0007_terms_version.sql"),
    },
];

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
        match self {
            Backend::Sqlite => SQLITE_MIGRATIONS,
            Backend::Postgres => POSTGRES_MIGRATIONS,
        }
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
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2"
            }
            Backend::Postgres => {
                "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns \
                 WHERE table_schema = current_schema() ORDER BY 1, 2"
            }
        }
    }
}
