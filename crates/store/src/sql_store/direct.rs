//! Reads of an embedded (SQLite) register on the calling thread, for the statements every
//! verification runs.
//!
//! sqlx runs each SQLite statement on its connection's worker thread and hands the rows back:
//! two thread wake-ups and context switches per statement, which under load cost more than the
//! statement itself (a server profile under `bench load --scenarios verify` put ~23 % of the
//! server's CPU in that worker and the scheduler, for two indexed point reads). Here a small set
//! of read-only connections (`rusqlite`, the same SQLite library sqlx links) answers those reads
//! where they are asked. A reader in WAL mode never waits for a writer, so the read costs
//! microseconds and blocking the async worker for it is like taking an uncontended lock; in the
//! rare case SQLite says busy (recovering the WAL after a crash) the caller falls back to sqlx,
//! whose worker thread waits instead. Every read is its own transaction, so it sees every commit
//! made before it, by this process or another one.

use std::path::PathBuf;
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, Row};

use super::SqlStore;
use crate::{StoreError, StoreResult};

/// Idle connections kept for the next read (more are opened when all are in use, then closed).
const KEPT: usize = 8;

/// Read-only connections to one SQLite database file.
pub(crate) struct DirectReader {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// What a direct read gives: rows, or the database was busy and the caller should use sqlx.
pub(crate) enum Direct<T> {
    Read(T),
    Busy,
}

impl DirectReader {
    /// A reader for the database file behind a `sqlite:` URL, or none for an in-memory database
    /// (which other connections cannot see). Opens one connection at once, so a file that
    /// cannot be read is found here, not at the first verification.
    pub(crate) fn for_url(url: &str) -> StoreResult<Option<DirectReader>> {
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Ok(None);
        }
        let options: sqlx::sqlite::SqliteConnectOptions = url.parse().map_err(super::db)?;
        let path = options.get_filename();
        let reader = DirectReader {
            path: path.to_owned(),
            idle: Mutex::new(Vec::new()),
        };
        let first = reader.connect().map_err(sqlite)?;
        reader.put_back(first);
        Ok(Some(reader))
    }

    fn connect(&self) -> rusqlite::Result<Connection> {
        let connection = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // No busy wait on the async worker (rusqlite's default is 5 s): a busy answer goes to
        // sqlx, whose worker thread waits instead. Memory-mapped reads as the pool's connections
        // have them, and a smaller page cache (these read a few index pages).
        connection.busy_timeout(std::time::Duration::ZERO)?;
        connection.execute_batch("PRAGMA cache_size = -4096; PRAGMA mmap_size = 1073741824;")?;
        Ok(connection)
    }

    fn put_back(&self, connection: Connection) {
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEPT
        {
            idle.push(connection);
        }
    }

    /// Runs a read statement with text and integer parameters and converts each row.
    pub(crate) fn query<T>(
        &self,
        sql: &str,
        parameters: &[Parameter<'_>],
        mut convert: impl FnMut(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<Direct<Vec<T>>> {
        let taken = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let result = match taken.map_or_else(|| self.connect(), Ok) {
            Ok(connection) => {
                let result = run(&connection, sql, parameters, &mut convert);
                self.put_back(connection);
                result
            }
            Err(error) => Err(Failure::Sqlite(error)),
        };
        // As sqlx logs its statements (`sqlx::query`), so that a statement log shows these too.
        tracing::debug!(target: "store::direct", summary = sql, rows = result.as_ref().map_or(0, Vec::len));
        match result {
            Err(Failure::Sqlite(error)) if busy(&error) => Ok(Direct::Busy),
            Err(Failure::Sqlite(error)) => Err(sqlite(error)),
            Err(Failure::Convert(error)) => Err(error),
            Ok(rows) => Ok(Direct::Read(rows)),
        }
    }
}

/// A statement parameter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Parameter<'a> {
    Text(&'a str),
    Integer(i64),
}

enum Failure {
    Sqlite(rusqlite::Error),
    Convert(StoreError),
}

fn run<T>(
    connection: &Connection,
    sql: &str,
    parameters: &[Parameter<'_>],
    convert: &mut impl FnMut(&Row<'_>) -> StoreResult<T>,
) -> Result<Vec<T>, Failure> {
    let mut statement = connection.prepare_cached(sql).map_err(Failure::Sqlite)?;
    // The store's SQL numbers its parameters `$1`, `$2`, … (PostgreSQL's form); SQLite takes
    // them as names, indexed in order of first appearance, so each is bound by its number.
    for index in 1..=statement.parameter_count() {
        let parameter = statement
            .parameter_name(index)
            .and_then(|name| name.strip_prefix('$'))
            .and_then(|number| number.parse::<usize>().ok())
            .and_then(|number| parameters.get(number.checked_sub(1)?).copied())
            .ok_or_else(|| {
                Failure::Convert(StoreError::Database(format!(
                    "parameter {index} of `{sql}` has no value"
                )))
            })?;
        let bound = match parameter {
            Parameter::Text(text) => statement.raw_bind_parameter(index, text),
            Parameter::Integer(number) => statement.raw_bind_parameter(index, number),
        };
        bound.map_err(Failure::Sqlite)?;
    }
    let mut rows = statement.raw_query();
    let mut converted = Vec::new();
    while let Some(row) = rows.next().map_err(Failure::Sqlite)? {
        converted.push(convert(row).map_err(Failure::Convert)?);
    }
    Ok(converted)
}

fn busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn sqlite(error: rusqlite::Error) -> StoreError {
    StoreError::Database(format!("SQLite: {error}"))
}

/// A column of a direct read's row, by name.
pub(crate) fn column<T: rusqlite::types::FromSql>(row: &Row<'_>, name: &str) -> StoreResult<T> {
    row.get(name)
        .map_err(|error| StoreError::Corrupt(format!("column `{name}`: {error}")))
}

impl SqlStore {
    /// The rows of a read statement, read on the calling thread when the register is embedded;
    /// `None` when the caller should run it through sqlx (PostgreSQL, or SQLite said busy).
    pub(crate) fn read_directly<T>(
        &self,
        sql: &str,
        parameters: &[Parameter<'_>],
        convert: impl FnMut(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<Option<Vec<T>>> {
        let Some(reader) = &self.direct else {
            return Ok(None);
        };
        Ok(match reader.query(sql, parameters, convert)? {
            Direct::Read(rows) => Some(rows),
            Direct::Busy => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(
        reader: &DirectReader,
        sql: &str,
        parameters: &[Parameter<'_>],
    ) -> Direct<Vec<String>> {
        reader
            .query(sql, parameters, |row| column::<String>(row, "a"))
            .unwrap()
    }

    #[test]
    fn reads_bind_by_number_see_commits_refuse_writes_and_never_wait() {
        let directory = std::env::temp_dir().join(format!(
            "microcred_direct_{}_{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(&directory).unwrap();
        let path = directory.join("test.db");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL; CREATE TABLE t (a TEXT, b INTEGER); \
                 INSERT INTO t VALUES ('x', 1), ('y', 2);",
            )
            .unwrap();
        writer.busy_timeout(std::time::Duration::ZERO).unwrap();
        // A reader that has no connection open yet: an open one that has read holds the
        // database shared, and no other connection could take it for itself.
        let reader = DirectReader {
            path: path.clone(),
            idle: Mutex::new(Vec::new()),
        };

        // Another connection holds the database for itself: busy at once, for sqlx to wait.
        writer
            .execute_batch("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; INSERT INTO t VALUES ('z', 3); COMMIT;")
            .unwrap();
        assert!(matches!(
            texts(&reader, "SELECT a FROM t", &[]),
            Direct::Busy
        ));
        writer
            .execute_batch("PRAGMA locking_mode = NORMAL; SELECT count(*) FROM t;")
            .unwrap();

        // Its connections are opened without a busy wait (rusqlite would wait 5 s).
        let waits = reader
            .query("PRAGMA busy_timeout", &[], |row| {
                column::<i64>(row, "timeout")
            })
            .unwrap();
        assert!(matches!(waits, Direct::Read(waits) if waits == [0]));
        // `$N` is the N-th value wherever it stands in the text; the commit above is seen.
        let read = texts(
            &reader,
            "SELECT a FROM t WHERE b = $2 OR a = $1 OR b > $2 + 0 ORDER BY a",
            &[Parameter::Text("x"), Parameter::Integer(2)],
        );
        assert!(matches!(read, Direct::Read(rows) if rows == ["x", "y", "z"]));
        // A number without a value is an error that names it, not a NULL.
        let unbound = reader.query(
            "SELECT a FROM t WHERE a = $1 OR b = $2",
            &[Parameter::Text("x")],
            |row| column::<String>(row, "a"),
        );
        assert!(
            matches!(unbound, Err(StoreError::Database(message)) if message.contains("parameter 2"))
        );
        // Read-only: a write is refused, and nothing changed.
        let write = reader.query("INSERT INTO t VALUES ('w', 4)", &[], |_| Ok(()));
        assert!(
            matches!(write, Err(StoreError::Database(_))),
            "{:?}",
            write.is_ok()
        );
        let count = reader
            .query("SELECT count(*) AS n FROM t", &[], |row| {
                column::<i64>(row, "n")
            })
            .unwrap();
        assert!(matches!(count, Direct::Read(count) if count == [3]));
        // A row that does not convert is the conversion's error.
        let wrong = reader.query("SELECT a FROM t", &[], |row| column::<i64>(row, "a"));
        assert!(matches!(wrong, Err(StoreError::Corrupt(_))));

        drop(writer);
        let _ = std::fs::remove_dir_all(&directory);
    }

    #[test]
    fn an_in_memory_database_has_no_direct_reader() {
        for url in [
            "sqlite::memory:",
            "sqlite://:memory:",
            "sqlite://shared?mode=memory&cache=shared",
        ] {
            assert!(DirectReader::for_url(url).unwrap().is_none(), "{url}");
        }
    }
}
