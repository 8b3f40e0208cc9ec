//! Reading enrolment and result files (CSV, XLSX) into validated rows, and writing their templates.
//!
//! Pure: bytes in, values out (no IO, no clock, no database). Every data row is validated on its
//! own: a bad row yields [`RowError`]s naming its spreadsheet row and column and never stops the
//! others. Problems with the file as a whole (size, encoding, header) are a [`FileError`].
//!
//! Each good row carries a `row_key` that depends on what the row is about (the kind, the
//! learner, and for results the assessment date), not on where it sits in the file, so that
//! re-uploading the same file, or a re-sorted copy, is recognised as the same work.

mod columns;
mod csv_file;
mod fields;
mod rows;
mod source;
mod template;
mod xlsx_file;

#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rows;

use serde::{Deserialize, Serialize};

use model::{AssessmentOutcome, EmploymentStatus, LearnerIdentity};

pub use columns::{ColumnDoc, Required, Values, columns};
pub use template::{template_csv, template_xlsx};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
/// Data rows (not counting the header and blank rows) a file may hold.
pub const MAX_ROWS: usize = 200_000;
/// Characters a single field may hold.
pub const MAX_FIELD_CHARS: usize = 1_000;
/// What the parts of an XLSX workbook may unpack to in total. calamine holds the shared strings
/// of a workbook in memory, so a small zip that unpacks to gigabytes (a zip bomb) is refused
/// from the sizes its directory declares; the zip reader fails any entry that outgrows them.
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 300 * 1024 * 1024;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// Learners enrolled in an offering.
    Enrolments,
    /// Assessment results, from which credentials are issued.
    Results,
}

impl FileKind {
    pub const ALL: &'static [FileKind] = &[FileKind::Enrolments, FileKind::Results];

    /// Stable code, as used in URLs and file names.
    pub fn code(self) -> &'static str {
        match self {
            FileKind::Enrolments => "enrolments",
            FileKind::Results => "results",
        }
    }
}

/// How a file is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    /// Comma-, semicolon- or tab-separated text in UTF-8.
    Csv,
    /// An Office Open XML workbook (Excel 2007 and later, LibreOffice, Google Sheets).
    Xlsx,
}

impl FileFormat {
    /// Recognises a file by its content first (an XLSX is a zip archive) and its name second.
    /// `None` for what neither reader accepts: legacy `.xls`, `.ods`, binary files.
    pub fn detect(file_name: &str, bytes: &[u8]) -> Option<FileFormat> {
        const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
        const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";
        let extension = file_name
            .rsplit_once('.')
            .map(|(_, extension)| extension.to_ascii_lowercase());
        let extension = extension.as_deref();
        if bytes.starts_with(ZIP_MAGIC) {
            return match extension {
                Some("ods" | "zip" | "docx" | "pptx") => None,
                _ => Some(FileFormat::Xlsx),
            };
        }
        if bytes.starts_with(OLE_MAGIC) {
            return None;
        }
        match extension {
            Some("xlsx" | "xlsm" | "xls" | "ods") => None,
            Some("csv" | "txt" | "tsv") => Some(FileFormat::Csv),
            _ if !bytes.iter().take(4_096).any(|&byte| byte == 0) => Some(FileFormat::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            FileFormat::Csv => "text/csv; charset=utf-8",
            FileFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// Every good row of a file and every problem with the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedFile<T> {
    pub rows: Vec<ParsedRow<T>>,
    /// In row order; a row may have several.
    pub errors: Vec<RowError>,
    /// Data rows in the file, good and bad (blank rows are not counted).
    pub total_rows: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedRow<T> {
    /// The row as the user sees it in the spreadsheet: the header is row 1.
    pub row_number: usize,
    /// Hex SHA-256 of what the row is about (kind, learner, for results the assessment date):
    /// the same in a re-upload or a re-sorted copy, unique within the file.
    pub row_key: String,
    pub value: T,
}

/// One problem with one row (and usually one column).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row_number: usize,
    /// The column's name as documented (`assessed_on`), `None` when the problem is the row's.
    pub column: Option<String>,
    /// Stable snake_case code, e.g. `invalid_date`.
    pub code: String,
    /// English explanation of what is wrong and what would be right.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(column) => write!(
                formatter,
                "row {}, column {column}: {}",
                self.row_number, self.message
            ),
            None => write!(formatter, "row {}: {}", self.row_number, self.message),
        }
    }
}

/// A learner to enrol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrolmentRow {
    pub learner: LearnerIdentity,
    pub employment_status: EmploymentStatus,
    pub enrolled_on: time::Date,
    /// The funding scheme (checked against the register's when applied) and amount.
    #[serde(default)]
    pub funding: Option<model::EnrolmentFunding>,
}

/// A result to record for a learner, found by identifier in the offering's enrolments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultRow {
    /// When `has_name` is false the row named no learner, and `learner.name` is an empty
    /// `full_name`: the learner must already be enrolled.
    pub learner: LearnerIdentity,
    /// Whether the row names the learner, so that a learner not yet enrolled can be enrolled.
    pub has_name: bool,
    /// For enrolling a learner not yet enrolled; `None` when the row leaves it empty.
    pub employment_status: Option<EmploymentStatus>,
    pub outcome: AssessmentOutcome,
    /// Whether to issue a credential (only ever true for a passed assessment).
    pub issue: bool,
    /// For enrolling a learner not yet enrolled: who financed it.
    #[serde(default)]
    pub funding: Option<model::EnrolmentFunding>,
}

/// A problem with the file as a whole: nothing of it is imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error(
        "the file is {size} bytes; at most {limit} bytes (50 MB) are accepted: split it into smaller files"
    )]
    TooLarge { size: usize, limit: usize },
    #[error(
        "the file has more than {limit} data rows: split it into files of at most {limit} rows"
    )]
    TooManyRows { limit: usize },
    #[error("the file is empty: its first row must name the columns")]
    Empty,
    #[error(
        "the file is not UTF-8 text (first bad byte on line {line}): in Excel, save as \"CSV UTF-8 (comma delimited)\""
    )]
    NotUtf8 { line: usize },
    #[error("the file cannot be read as CSV: {0}")]
    UnreadableCsv(String),
    #[error("the file cannot be read as an XLSX workbook: {0}")]
    UnreadableXlsx(String),
    #[error(
        "the workbook unpacks to {size} bytes; at most {limit} are accepted: split it into smaller files"
    )]
    XlsxTooLargeUnpacked { size: u64, limit: u64 },
    #[error("{}", unknown_columns_message(.unknown, .allowed, .missing))]
    UnknownColumns {
        unknown: Vec<String>,
        allowed: Vec<String>,
        /// Required columns also missing (often the same columns, misspelt).
        missing: Vec<String>,
    },
    #[error("missing required column(s): {}", .missing.join("; "))]
    MissingColumns {
        /// Each entry names a column or a choice of columns ("one of email, student_number, did").
        missing: Vec<String>,
    },
    #[error("column(s) named more than once: {}", .duplicated.join(", "))]
    DuplicateColumns { duplicated: Vec<String> },
    #[error("the template could not be written: {0}")]
    Template(String),
}

fn unknown_columns_message(unknown: &[String], allowed: &[String], missing: &[String]) -> String {
    let mut message = format!(
        "unknown column(s): {}; allowed: {}",
        unknown.join(", "),
        allowed.join(", ")
    );
    if !missing.is_empty() {
        message.push_str(&format!(
            "; missing required column(s): {}",
            missing.join("; ")
        ));
    }
    message
}

impl FileError {
    /// Every code [`FileError::code`] answers (a test holds the two together).
    pub const CODES: &'static [&'static str] = &[
        "file_too_large",
        "too_many_rows",
        "empty_file",
        "not_utf8",
        "unreadable_csv",
        "unreadable_xlsx",
        "xlsx_too_large_unpacked",
        "unknown_columns",
        "missing_columns",
        "duplicate_columns",
        "template_failed",
    ];

    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::TooLarge { .. } => "file_too_large",
            FileError::TooManyRows { .. } => "too_many_rows",
            FileError::Empty => "empty_file",
            FileError::NotUtf8 { .. } => "not_utf8",
            FileError::UnreadableCsv(_) => "unreadable_csv",
            FileError::UnreadableXlsx(_) => "unreadable_xlsx",
            FileError::XlsxTooLargeUnpacked { .. } => "xlsx_too_large_unpacked",
            FileError::UnknownColumns { .. } => "unknown_columns",
            FileError::MissingColumns { .. } => "missing_columns",
            FileError::DuplicateColumns { .. } => "duplicate_columns",
            FileError::Template(_) => "template_failed",
        }
    }
}

/// Reads a file of enrolments.
pub fn parse_enrolments(
    bytes: &[u8],
    format: FileFormat,
) -> Result<ParsedFile<EnrolmentRow>, FileError> {
    parse(bytes, format, FileKind::Enrolments, rows::enrolment_row)
}

/// Reads a file of assessment results.
pub fn parse_results(bytes: &[u8], format: FileFormat) -> Result<ParsedFile<ResultRow>, FileError> {
    parse(bytes, format, FileKind::Results, rows::result_row)
}

fn parse<T>(
    bytes: &[u8],
    format: FileFormat,
    kind: FileKind,
    read_row: source::ReadRow<T>,
) -> Result<ParsedFile<T>, FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge {
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    match format {
        FileFormat::Csv => {
            let mut rows = csv_file::CsvRows::open(bytes)?;
            source::parse_rows(&mut rows, kind, read_row)
        }
        FileFormat::Xlsx => {
            xlsx_file::with_rows(bytes, |rows| source::parse_rows(rows, kind, read_row))
        }
    }
}
