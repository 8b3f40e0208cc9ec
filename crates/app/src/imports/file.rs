//! Reading a stored import file into rows in file order, each good or with its problems; the
//! problems as a job keeps them.

use std::collections::HashMap;

use model::{ImportJob, ImportKind, ImportProblem};

use super::MAX_PROBLEMS;
use crate::error::{AppError, AppResult};
use crate::import_file::{
    self, EnrolmentRow, FileFormat, ParsedFile, ParsedRow, ResultRow, RowError,
};

/// A data row of the file: good and ready, or its problems.
pub(super) enum Entry<T> {
    Good(ParsedRow<T>),
    Bad(Vec<RowError>),
}

impl<T> Entry<T> {
    pub(super) fn row_number(&self) -> usize {
        match self {
            Entry::Good(row) => row.row_number,
            Entry::Bad(errors) => errors.first().map_or(0, |error| error.row_number),
        }
    }
}

pub(super) fn in_file_order<T>(parsed: ParsedFile<T>) -> Vec<Entry<T>> {
    let mut bad: HashMap<usize, Vec<RowError>> = HashMap::new();
    for error in parsed.errors {
        bad.entry(error.row_number).or_default().push(error);
    }
    let mut entries: Vec<Entry<T>> = parsed.rows.into_iter().map(Entry::Good).collect();
    entries.extend(bad.into_values().map(Entry::Bad));
    entries.sort_by_key(Entry::row_number);
    entries
}

pub(super) fn problem(error: RowError) -> ImportProblem {
    ImportProblem {
        row: error.row_number,
        column: error.column,
        code: error.code,
        message: error.message,
    }
}

pub(super) fn row_problem(
    row: usize,
    column: Option<&str>,
    code: &str,
    message: String,
) -> ImportProblem {
    ImportProblem {
        row,
        column: column.map(str::to_owned),
        code: code.to_owned(),
        message,
    }
}

pub(super) fn push_problems(
    job: &mut ImportJob,
    problems: impl IntoIterator<Item = ImportProblem>,
) {
    for problem in problems {
        if job.problems.len() < MAX_PROBLEMS {
            job.problems.push(problem);
        }
    }
}

/// The file name as shown back: no path, no control characters, at most 200 characters.
pub(super) fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if cleaned.trim().is_empty() {
        "upload".to_owned()
    } else {
        cleaned
    }
}

pub(super) enum Parsed {
    Enrolments(ParsedFile<EnrolmentRow>),
    Results(ParsedFile<ResultRow>),
}

pub(super) fn parse(kind: ImportKind, file_name: &str, bytes: &[u8]) -> AppResult<Parsed> {
    let format = FileFormat::detect(file_name, bytes).ok_or_else(|| {
        AppError::ImportFile(import_file::FileError::UnreadableXlsx(
            "this is neither a CSV file nor an XLSX workbook (legacy .xls and .ods are not read: save as .xlsx or CSV UTF-8)".to_owned(),
        ))
    })?;
    Ok(match kind {
        ImportKind::Enrolments => Parsed::Enrolments(import_file::parse_enrolments(bytes, format)?),
        ImportKind::Results => Parsed::Results(import_file::parse_results(bytes, format)?),
    })
}
