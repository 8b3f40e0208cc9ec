//! An overview's answer: its columns (each with a label and a definition in Dutch and English),
//! its rows and totals, when it was made and the suppression rule it applied. Written as JSON
//! (a suppressed cell is `{"suppressed": true}`, never its value) and as CSV (`<5`).

use model::UiLang;
use serde_json::{Map, Value, json};
use time::OffsetDateTime;

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u64),
    /// A measure that is not a count of people (ECTS, euro, a percentage).
    Number(f64),
    /// A year (written without separators), academic (`2024–25`, 1 September to 31 August)
    /// when the flag says so.
    Year(i32, bool),
    /// Not shown: a count of people below the threshold (`below`), or a larger count or total
    /// hidden because it would let someone work such a count out.
    Suppressed {
        below: bool,
    },
    /// Nothing to show (a rate over zero people).
    Empty,
}

impl Cell {
    fn json(&self) -> Value {
        match self {
            Cell::Text(text) => json!(text),
            Cell::Count(count) => json!(count),
            Cell::Number(number) => json!((number * 100.0).round() / 100.0),
            Cell::Year(year, _) => json!(year),
            Cell::Suppressed { .. } => json!({"suppressed": true}),
            Cell::Empty => Value::Null,
        }
    }

    /// As a spreadsheet or page shows it.
    pub fn text(&self, threshold: u64, lang: UiLang) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Count(count) => model::display::count(*count as usize, lang),
            Cell::Number(number) => model::display::decimal(*number, lang),
            Cell::Year(year, false) => year.to_string(),
            Cell::Year(year, true) => super::query::YearKind::Academic.label(*year),
            Cell::Suppressed { below: true } => format!("<{threshold}"),
            Cell::Suppressed { below: false } => "x".to_owned(),
            Cell::Empty => String::new(),
        }
    }
}

/// A column: its stable key, and its label and definition in Dutch and English.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub key: String,
    pub label: [String; 2],
    pub definition: [String; 2],
}

impl Column {
    pub fn new(key: &str, nl: &str, en: &str, definition_nl: &str, definition_en: &str) -> Column {
        Column {
            key: key.to_owned(),
            label: [nl.to_owned(), en.to_owned()],
            definition: [definition_nl.to_owned(), definition_en.to_owned()],
        }
    }

    pub fn label(&self, lang: UiLang) -> &str {
        &self.label[usize::from(lang != UiLang::Nl)]
    }

    pub fn definition(&self, lang: UiLang) -> &str {
        &self.definition[usize::from(lang != UiLang::Nl)]
    }
}

/// The small-numbers rule an overview applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppression {
    pub threshold: u64,
    /// Cells hidden, primary and secondary.
    pub suppressed: usize,
}

impl Suppression {
    pub fn rule(&self, lang: UiLang) -> String {
        if lang == UiLang::Nl {
            model::statistics::suppression::rule_text_nl(self.threshold)
        } else {
            model::statistics::suppression::rule_text(self.threshold)
        }
    }
}

/// An overview's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct StatTable {
    pub id: &'static str,
    pub title: [&'static str; 2],
    /// The parameters it was made with (`from`, `to`, `year`, filters, `by`).
    pub filters: Vec<(String, String)>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Totals rows, in the same columns (a label where a key would be).
    pub totals: Vec<Vec<Cell>>,
    pub generated_at: OffsetDateTime,
    /// `None`: counts of offerings, not people; nothing is suppressed.
    pub suppression: Option<Suppression>,
}

impl StatTable {
    pub fn title(&self, lang: UiLang) -> &'static str {
        self.title[usize::from(lang != UiLang::Nl)]
    }

    fn object(&self, row: &[Cell]) -> Value {
        let mut object = Map::new();
        for (column, cell) in self.columns.iter().zip(row) {
            object.insert(column.key.clone(), cell.json());
        }
        Value::Object(object)
    }

    /// The JSON answer of `GET /api/v1/statistics/{id}`.
    pub fn to_json(&self, lang: UiLang) -> Value {
        json!({
            "id": self.id,
            "title": self.title(lang),
            "filters": self.filters.iter().map(|(key, value)| (key.clone(), json!(value))).collect::<Map<String, Value>>(),
            "columns": self.columns.iter().map(|column| json!({
                "key": column.key,
                "label": column.label(lang),
                "definition": column.definition(lang),
            })).collect::<Vec<_>>(),
            "rows": self.rows.iter().map(|row| self.object(row)).collect::<Vec<_>>(),
            "totals": self.totals.iter().map(|row| self.object(row)).collect::<Vec<_>>(),
            "generated_at": self.generated_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
            "suppression": self.suppression.as_ref().map(|suppression| json!({
                "threshold": suppression.threshold,
                "suppressed_cells": suppression.suppressed,
                "rule": suppression.rule(lang),
            })),
        })
    }

    /// The rows and then the totals as CSV, a header of column keys; suppressed counts `<N`.
    pub fn to_csv(&self) -> String {
        let threshold = self.suppression.as_ref().map_or(0, |s| s.threshold);
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(self.columns.iter().map(|column| column.key.as_str()));
        for row in self.rows.iter().chain(&self.totals) {
            let _ = writer.write_record(row.iter().map(|cell| match cell {
                // Plain digits and a point: a CSV is read by programs.
                Cell::Count(count) => count.to_string(),
                Cell::Number(number) => format!("{:.2}", number),
                other => other.text(threshold, UiLang::En),
            }));
        }
        String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}
