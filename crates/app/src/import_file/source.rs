//! The part shared by CSV and XLSX: rows of cells from either reader, the header, the limits,
//! the per-row reading with error collection, row keys and duplicate detection.

use std::borrow::Cow;
use std::collections::HashMap;

use sha2::{Digest, Sha256};
use time::Date;

use super::columns::{Column, Header, read_header};
use super::{FileError, FileKind, MAX_FIELD_CHARS, MAX_ROWS, ParsedFile, ParsedRow, RowError};

/// A cell as either reader delivers it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Text(String),
    /// An XLSX date cell.
    Date(Date),
    /// An XLSX cell holding an error (`#N/A`, `#REF!`…) or a value we cannot take as a date.
    Invalid(String),
}

impl Cell {
    pub(super) fn is_blank(&self) -> bool {
        matches!(self, Cell::Text(text) if text.trim().is_empty())
    }

    pub(super) fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(text) => Cow::Borrowed(text),
            Cell::Date(date) => Cow::Owned(date.to_string()),
            Cell::Invalid(what) => Cow::Borrowed(what),
        }
    }
}

/// One row of a file: its spreadsheet row number and its non-empty cells by position.
#[derive(Debug, Default)]
pub(super) struct RawRow {
    pub(super) row_number: usize,
    pub(super) cells: Vec<(usize, Cell)>,
}

/// A reader's rows, in file order.
pub(super) trait RowSource {
    fn next_row(&mut self) -> Result<Option<RawRow>, FileError>;
}

/// Reads one data row into a value, or leaves its errors in the reader. The `String` is what
/// identifies the row (without the kind): it becomes the row key.
pub(super) type ReadRow<T> = fn(&mut RowReader<'_>) -> Option<(String, T)>;

/// A field as a row reader sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Field<T> {
    /// Column not in the file, or the cell empty.
    Absent,
    Value(T),
    /// Present but wrong; the error is already recorded.
    Invalid,
}

impl<T> Field<T> {
    pub(super) fn value(self) -> Option<T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent | Field::Invalid => None,
        }
    }

    pub(super) fn is_absent(&self) -> bool {
        matches!(self, Field::Absent)
    }
}

/// One data row being read: its cells by column, and the errors found so far.
pub(super) struct RowReader<'a> {
    pub(super) row_number: usize,
    header: &'a Header,
    cells: [Option<&'a Cell>; Column::COUNT],
    pub(super) errors: Vec<RowError>,
}

impl<'a> RowReader<'a> {
    fn new(header: &'a Header, row: &'a RawRow) -> RowReader<'a> {
        let mut reader = RowReader {
            row_number: row.row_number,
            header,
            cells: [None; Column::COUNT],
            errors: Vec::new(),
        };
        for (position, cell) in &row.cells {
            if cell.is_blank() {
                continue;
            }
            match header.column_at(*position) {
                Some(column) => reader.cells[column.position()] = Some(cell),
                None => {
                    let message = format!(
                        "cell {}{} holds `{}` but its column has no header; remove it or name the column",
                        column_letters(*position),
                        row.row_number,
                        preview(&cell.as_text()),
                    );
                    reader.error(None, "unnamed_column", message);
                }
            }
        }
        reader
    }

    pub(super) fn has_column(&self, column: Column) -> bool {
        self.header.has(column)
    }

    pub(super) fn error(&mut self, column: Option<Column>, code: &str, message: impl Into<String>) {
        self.errors.push(RowError {
            row_number: self.row_number,
            column: column.map(|column| column.name().to_owned()),
            code: code.to_owned(),
            message: message.into(),
        });
    }

    /// The cell of a column, checked for length and cell errors.
    pub(super) fn cell(&mut self, column: Column) -> Field<&'a Cell> {
        let Some(cell) = self.cells[column.position()] else {
            return Field::Absent;
        };
        match cell {
            Cell::Text(text) if text.len() > MAX_FIELD_CHARS => {
                let chars = text.chars().count();
                if chars > MAX_FIELD_CHARS {
                    let message = format!(
                        "{chars} characters; a field holds at most {MAX_FIELD_CHARS} characters"
                    );
                    self.error(Some(column), "field_too_long", message);
                    return Field::Invalid;
                }
                Field::Value(cell)
            }
            Cell::Invalid(what) => {
                let message = format!("the cell holds {what}, not a value");
                self.error(Some(column), "cell_error", message);
                Field::Invalid
            }
            _ => Field::Value(cell),
        }
    }

    /// The trimmed text of a column (a date cell as `YYYY-MM-DD`).
    pub(super) fn text(&mut self, column: Column) -> Field<Cow<'a, str>> {
        match self.cell(column) {
            Field::Value(Cell::Text(text)) => Field::Value(Cow::Borrowed(text.trim())),
            Field::Value(cell) => Field::Value(Cow::Owned(cell.as_text().into_owned())),
            Field::Absent => Field::Absent,
            Field::Invalid => Field::Invalid,
        }
    }
}

/// Reads a whole file: header, then every data row.
pub(super) fn parse_rows<T>(
    source: &mut dyn RowSource,
    kind: FileKind,
    read_row: ReadRow<T>,
) -> Result<ParsedFile<T>, FileError> {
    let header = loop {
        match source.next_row()? {
            None => return Err(FileError::Empty),
            Some(row) if row.cells.iter().all(|(_, cell)| cell.is_blank()) => continue,
            Some(row) => break read_header(kind, &row.cells)?,
        }
    };
    let mut parsed = ParsedFile {
        rows: Vec::new(),
        errors: Vec::new(),
        total_rows: 0,
    };
    let mut rows_by_key: HashMap<String, usize> = HashMap::new();
    while let Some(row) = source.next_row()? {
        if row.cells.iter().all(|(_, cell)| cell.is_blank()) {
            continue;
        }
        parsed.total_rows += 1;
        if parsed.total_rows > MAX_ROWS {
            return Err(FileError::TooManyRows { limit: MAX_ROWS });
        }
        let mut reader = RowReader::new(&header, &row);
        let value = read_row(&mut reader);
        if !reader.errors.is_empty() {
            parsed.errors.append(&mut reader.errors);
            continue;
        }
        let Some((identity, value)) = value else {
            parsed.errors.push(RowError {
                row_number: row.row_number,
                column: None,
                code: "invalid_row".to_owned(),
                message: "the row could not be read".to_owned(),
            });
            continue;
        };
        let row_key = row_key(kind, &identity);
        if let Some(earlier) = rows_by_key.get(&row_key) {
            let what = match kind {
                FileKind::Enrolments => "the same learner",
                FileKind::Results => "the same learner and assessment date",
            };
            parsed.errors.push(RowError {
                row_number: row.row_number,
                column: None,
                code: "duplicate_row".to_owned(),
                message: format!("row {earlier} already has {what}; a file holds each once"),
            });
            continue;
        }
        rows_by_key.insert(row_key.clone(), row.row_number);
        parsed.rows.push(ParsedRow {
            row_number: row.row_number,
            row_key,
            value,
        });
    }
    Ok(parsed)
}

/// Hex SHA-256 of the kind and what identifies the row.
fn row_key(kind: FileKind, identity: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(kind.code().as_bytes());
    hasher.update(b"\n");
    hasher.update(identity.as_bytes());
    hex::encode(hasher.finalize())
}

/// Spreadsheet column letters of a 0-based position: 0 → A, 26 → AA.
pub(super) fn column_letters(position: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = position + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The start of a value, for messages.
pub(super) fn preview(text: &str) -> String {
    const LIMIT: usize = 40;
    let text = text.trim();
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        let start: String = text.chars().take(LIMIT).collect();
        format!("{start}…")
    }
}
