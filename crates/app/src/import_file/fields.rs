//! Reading typed fields out of a row: dates, yes/no, vocabulary codes, required values.

use time::{Date, Month};

use model::vocab::Vocabulary;

use super::columns::Column;
use super::source::{Cell, Field, RowReader, preview};

impl RowReader<'_> {
    /// A value that must be there: an absent field becomes a `missing_value` error.
    pub(super) fn required<T>(&mut self, column: Column, field: Field<T>) -> Option<T> {
        if field.is_absent() {
            self.error(
                Some(column),
                "missing_value",
                format!("`{}` is mandatory", column.name()),
            );
        }
        field.value()
    }

    /// A date: `YYYY-MM-DD` text or an XLSX date cell.
    pub(super) fn date(&mut self, column: Column) -> Field<Date> {
        match self.cell(column) {
            Field::Value(Cell::Date(date)) => Field::Value(*date),
            Field::Value(Cell::Text(text)) => match parse_date(text.trim()) {
                Some(date) => Field::Value(date),
                None => {
                    let message = format!(
                        "\"{}\" is not a date (YYYY-MM-DD, e.g. 2025-09-15)",
                        preview(text)
                    );
                    self.error(Some(column), "invalid_date", message);
                    Field::Invalid
                }
            },
            Field::Value(Cell::Invalid(_)) | Field::Invalid => Field::Invalid,
            Field::Absent => Field::Absent,
        }
    }

    /// yes/no, with the usual spellings in English and Dutch (and Excel's TRUE/FALSE in nl, fr, de).
    pub(super) fn yes_no(&mut self, column: Column) -> Field<bool> {
        match self.text(column) {
            Field::Value(text) => match parse_yes_no(&text) {
                Some(value) => Field::Value(value),
                None => {
                    let message = format!(
                        "\"{}\" is not yes or no; allowed: yes, no, true, false, 1, 0, ja, nee",
                        preview(&text)
                    );
                    self.error(Some(column), "invalid_boolean", message);
                    Field::Invalid
                }
            },
            Field::Absent => Field::Absent,
            Field::Invalid => Field::Invalid,
        }
    }

    /// A code of a vocabulary, among `allowed` (case, spaces and hyphens do not matter:
    /// "Self-employed" reads as `self_employed`).
    pub(super) fn vocabulary<V: Vocabulary + PartialEq>(
        &mut self,
        column: Column,
        noun: &str,
        allowed: &[V],
    ) -> Field<V> {
        match self.text(column) {
            Field::Value(text) => {
                let code = normalise_code(&text);
                match V::from_code(&code).filter(|value| allowed.contains(value)) {
                    Some(value) => Field::Value(value),
                    None => {
                        let codes: Vec<&str> = allowed.iter().map(|value| value.code()).collect();
                        let message = format!(
                            "\"{}\" is not {noun}; allowed: {}",
                            preview(&text),
                            codes.join(", ")
                        );
                        self.error(Some(column), "unknown_code", message);
                        Field::Invalid
                    }
                }
            }
            Field::Absent => Field::Absent,
            Field::Invalid => Field::Invalid,
        }
    }
}

/// A strict `YYYY-MM-DD` date: day-first and month-first forms are ambiguous between locales.
pub(super) fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u16> {
        bytes.get(from..to)?.iter().try_fold(0u16, |total, byte| {
            byte.is_ascii_digit()
                .then(|| total * 10 + u16::from(byte - b'0'))
        })
    };
    let year = number(0, 4)?;
    let month = Month::try_from(u8::try_from(number(5, 7)?).ok()?).ok()?;
    let day = u8::try_from(number(8, 10)?).ok()?;
    Date::from_calendar_date(i32::from(year), month, day).ok()
}

pub(super) fn parse_yes_no(text: &str) -> Option<bool> {
    const YES: &[&str] = &[
        "yes", "y", "true", "1", "ja", "j", "waar", "oui", "vrai", "wahr",
    ];
    const NO: &[&str] = &[
        "no", "n", "false", "0", "nee", "onwaar", "non", "faux", "nein", "falsch",
    ];
    let text = text.trim();
    if YES.iter().any(|word| word.eq_ignore_ascii_case(text)) {
        Some(true)
    } else if NO.iter().any(|word| word.eq_ignore_ascii_case(text)) {
        Some(false)
    } else {
        None
    }
}

/// Trimmed, lower case, spaces and hyphens as underscores.
pub(super) fn normalise_code(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}
