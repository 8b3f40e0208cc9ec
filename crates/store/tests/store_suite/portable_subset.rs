//! The schema holds to the SQL subset that PostgreSQL, Citus, YugabyteDB and CockroachDB all
//! run (docs/scaling.md): no sequences; every table of a provider's data keyed with
//! `provider_id` first; foreign keys into a provider's data with `provider_id` in them (but for
//! the few named here, which cross providers); and no table locks, advisory locks outside
//! migrations, or LISTEN/NOTIFY in the store's SQL.

use super::on_every_database;

/// Tables with a `provider_id` that are not a provider's data: the account's claim of a student
/// number at a provider belongs with the account (a learner's wallet spans providers).
const NOT_PROVIDER_DATA: &[&str] = &["account_student_numbers"];

/// Foreign keys into a provider's data on the id alone, kept on PostgreSQL and dropped when a
/// register moves to Citus (docs/scaling.md): (table, column).
const ACROSS_PROVIDERS: &[(&str, &str)] = &[
    // A receiving organisation's decision about another provider's offering.
    ("recognition_decisions", "offering_id"),
    // A wallet offer's and token's credential (register-wide protocol state).
    ("vci_offers", "credential_id"),
    ("vci_tokens", "credential_id"),
];

#[tokio::test]
async fn the_schema_holds_to_the_portable_subset() {
    on_every_database(|_store, database| async move {
        let Some(schema) = database.options.postgres_schema.clone() else {
            // SQLite: no AUTOINCREMENT (its sequence), the rest is PostgreSQL's.
            let autoincrement = database
                .texts("SELECT name FROM sqlite_master WHERE sql LIKE '%AUTOINCREMENT%'")
                .await;
            assert!(autoincrement.is_empty(), "{autoincrement:?}");
            return;
        };
        let sequences = database
            .texts(&format!(
                "SELECT sequence_name::text FROM information_schema.sequences WHERE sequence_schema = '{schema}' \
                 UNION ALL SELECT (table_name || '.' || column_name)::text FROM information_schema.columns \
                 WHERE table_schema = '{schema}' AND (is_identity = 'YES' OR column_default LIKE 'nextval%')"
            ))
            .await;
        assert!(sequences.is_empty(), "sequences: {sequences:?}");

        // Every table with a NOT NULL provider_id: its primary key starts with it.
        let provider_tables: Vec<String> = database
            .texts(&format!(
                "SELECT c.table_name::text FROM information_schema.columns c \
                 JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 WHERE c.table_schema = '{schema}' AND c.column_name = 'provider_id' AND c.is_nullable = 'NO' \
                 AND t.table_type = 'BASE TABLE' ORDER BY 1"
            ))
            .await
            .into_iter()
            .filter_map(|row| row[0].clone())
            .filter(|table| !NOT_PROVIDER_DATA.contains(&table.as_str()))
            .collect();
        assert!(provider_tables.len() >= 20, "{provider_tables:?}");
        for table in &provider_tables {
            let key = database
                .texts(&format!(
                    "SELECT a.attname::text FROM pg_index i \
                     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] \
                     WHERE i.indrelid = '\"{schema}\".{table}'::regclass AND i.indisprimary"
                ))
                .await;
            assert_eq!(
                key,
                [[Some("provider_id".to_owned())]],
                "{table}: its primary key must start with provider_id"
            );
        }

        // Every foreign key into a provider table carries provider_id, on both sides.
        let keys = database
            .texts(&format!(
                "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text, \
                 (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n) \
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum), \
                 (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, n) \
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) \
                 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
                 WHERE c.contype = 'f' AND n.nspname = '{schema}'"
            ))
            .await;
        let unqualified = |name: &Option<String>| {
            let name = name.clone().unwrap_or_default();
            name.rsplit('.').next().unwrap_or_default().trim_matches('"').to_owned()
        };
        let mut checked = 0;
        for row in &keys {
            let (from, to) = (unqualified(&row[0]), unqualified(&row[1]));
            let (columns, referenced) = (row[2].clone().unwrap(), row[3].clone().unwrap());
            if !provider_tables.contains(&to) {
                continue;
            }
            checked += 1;
            if ACROSS_PROVIDERS.contains(&(from.as_str(), columns.as_str())) {
                continue;
            }
            assert!(
                columns.starts_with("provider_id,") && referenced.starts_with("provider_id,"),
                "{from} ({columns}) → {to} ({referenced}): a foreign key into a provider's data must carry provider_id"
            );
        }
        assert!(checked >= 15, "{checked} foreign keys into provider tables: {keys:?}");
    })
    .await;
}

#[test]
fn the_store_sql_takes_no_locks_and_listens_for_nothing() {
    let mut found = Vec::new();
    let mut directories = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(directory) = directories.pop() {
        for entry in std::fs::read_dir(&directory).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                directories.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap().to_uppercase();
            for word in [
                "LOCK TABLE",
                "PG_ADVISORY",
                "LISTEN ",
                "NOTIFY ",
                "SERIAL ",
                "AUTOINCREMENT",
            ] {
                if text.contains(word) {
                    found.push((
                        path.file_name().unwrap().to_string_lossy().into_owned(),
                        word,
                    ));
                }
            }
        }
    }
    found.sort();
    // The migrations' advisory lock (one of two ways to migrate); the early migration that
    // made the feed's seq, replaced by migration 24 (which names what it replaces).
    assert_eq!(
        found,
        [
            ("0004_catalogue_changes.sql".to_owned(), "AUTOINCREMENT"),
            ("0004_catalogue_changes.sql".to_owned(), "SERIAL "),
            ("0024_catalogue_feed.sql".to_owned(), "AUTOINCREMENT"),
            ("0024_catalogue_feed.sql".to_owned(), "SERIAL "),
            ("migrate.rs".to_owned(), "PG_ADVISORY"),
        ]
    );
}
