//! An overview's table being built: its measures (counts of people, suppressed; or of
//! offerings), a sum shown where its count is shown, rates and growth, by year and category,
//! with the totals per year, per category and in all.

use model::UiLang;
use model::statistics::suppression::{Published, Shown};

use super::catalogue::Overview;
use super::pivot::{Pivot, cell, rate};
use super::query::{StatisticsQuery, YearKind};
use super::table::{Cell, Column, StatTable, Suppression};

/// A table of measures by year and category, being built.
pub(super) struct Sheet<'q> {
    pub(super) query: &'q StatisticsQuery,
    pub(super) by: String,
    pub(super) lang: UiLang,
    /// Counts of people (suppressed) or, when `false`, of offerings.
    pub(super) measures: Vec<(Column, Pivot, bool)>,
    /// A sum shown where the measure at the index is shown, in units of 10^-decimals.
    pub(super) amount: Option<(Column, Pivot, u32, usize)>,
    /// A percentage of two measures (numerator, denominator indexes).
    pub(super) rates: Vec<(Column, usize, usize)>,
    /// Growth on the year before of the measure at this index.
    pub(super) growth: Option<usize>,
}

impl<'q> Sheet<'q> {
    pub(super) fn new(query: &'q StatisticsQuery, by: &str, lang: UiLang) -> Sheet<'q> {
        Sheet {
            query,
            by: by.to_owned(),
            lang,
            measures: Vec::new(),
            amount: None,
            rates: Vec::new(),
            growth: None,
        }
    }

    pub(super) fn measure(&mut self, column: Column, pivot: Pivot) {
        self.measures.push((column, pivot, true));
    }

    pub(super) fn unsuppressed(&mut self, column: Column, pivot: Pivot) {
        self.measures.push((column, pivot, false));
    }

    /// The rows (a year and category with any count), then the totals: per year, per
    /// category and in all; counts of people published with suppression.
    pub(super) fn finish(self, overview: &'static Overview, threshold: Option<u64>) -> StatTable {
        let years: Vec<i32> = self.query.years().collect();
        let mut labels: std::collections::BTreeMap<String, String> = Default::default();
        for (_, pivot, _) in &self.measures {
            for (key, label) in &pivot.labels {
                labels.entry(key.clone()).or_insert_with(|| label.clone());
            }
        }
        let mut keys: Vec<String> = labels.keys().cloned().collect();
        keys.sort_by(|a, b| labels[a].cmp(&labels[b]).then(a.cmp(b)));
        let published: Vec<Published> = self
            .measures
            .iter()
            .map(|(_, pivot, people)| pivot.publish(&years, &keys, threshold.filter(|_| *people)))
            .collect();
        let single = self.by == "total";
        let mut columns = vec![Column::new(
            "year",
            "Jaar",
            "Year",
            &year_definition(self.query, true),
            &year_definition(self.query, false),
        )];
        if !single {
            columns.push(Column::new(
                &self.by,
                "Code",
                "Code",
                "De stabiele code van de categorie.",
                "The category's stable code.",
            ));
            columns.push(Column::new(
                "label",
                "Categorie",
                "Category",
                "De naam van de categorie.",
                "The category's name.",
            ));
        }
        columns.extend(self.measures.iter().map(|(column, _, _)| column.clone()));
        if let Some(index) = self.growth {
            let base = &self.measures[index].0;
            columns.push(Column::new(
                "growth_pct",
                "Groei (%)",
                "Growth (%)",
                &format!(
                    "Verandering van \"{}\" tegenover het jaar ervoor, in procent.",
                    base.label(UiLang::Nl)
                ),
                &format!(
                    "Change of \"{}\" on the year before, per cent.",
                    base.label(UiLang::En)
                ),
            ));
        }
        columns.extend(self.rates.iter().map(|(column, _, _)| column.clone()));
        if let Some((column, _, _, _)) = &self.amount {
            columns.push(column.clone());
        }
        let amount_of = |shown: Shown, year: Option<i32>, key: Option<&str>| -> Cell {
            let Some((_, pivot, decimals, _)) = &self.amount else {
                return Cell::Empty;
            };
            if !matches!(shown, Shown::Value(_)) {
                return Cell::Suppressed { below: false };
            }
            let sum = pivot.sum(&years, year, key);
            Cell::Number(sum as f64 / 10f64.powi(*decimals as i32))
        };
        // The amount follows the measure it is the sum over.
        let amount_base = self.amount.as_ref().map_or(0, |(_, _, _, base)| *base);
        let line = |year_cell: Cell,
                    key: Option<&str>,
                    label: Cell,
                    shown: Vec<Shown>,
                    growth: Option<Cell>,
                    year: Option<i32>|
         -> Vec<Cell> {
            let mut row = vec![year_cell];
            if !single {
                row.push(key.map_or_else(
                    || Cell::Text("all".to_owned()),
                    |key| Cell::Text(key.to_owned()),
                ));
                row.push(label);
            }
            row.extend(
                shown
                    .iter()
                    .zip(&self.measures)
                    .map(|(value, (_, pivot, _))| {
                        cell(
                            *value,
                            || pivot.sum(&years, year, key),
                            threshold.unwrap_or(0),
                        )
                    }),
            );
            if let Some(growth) = growth {
                row.push(growth);
            }
            for (_, part, whole) in &self.rates {
                row.push(rate(shown[*part], shown[*whole]));
            }
            if self.amount.is_some() {
                row.push(amount_of(shown[amount_base], year, key));
            }
            row
        };
        let growth_cell = |now: Shown, before: Option<Shown>| -> Option<Cell> {
            self.growth?;
            Some(match (now, before) {
                (Shown::Value(now), Some(Shown::Value(before))) if before > 0 => {
                    Cell::Number((now as f64 - before as f64) * 100.0 / before as f64)
                }
                _ => Cell::Empty,
            })
        };
        let mut rows = Vec::new();
        for (row_index, year) in years.iter().enumerate() {
            for (column_index, key) in keys.iter().enumerate() {
                let shown: Vec<Shown> = published
                    .iter()
                    .map(|p| p.cells[row_index][column_index])
                    .collect();
                if shown.iter().all(|value| *value == Shown::Value(0)) {
                    continue;
                }
                let growth = self.growth.and_then(|index| {
                    growth_cell(
                        shown[index],
                        row_index
                            .checked_sub(1)
                            .map(|before| published[index].cells[before][column_index]),
                    )
                });
                rows.push(line(
                    Cell::Year(*year, self.query.year == YearKind::Academic),
                    Some(key),
                    Cell::Text(labels[key].clone()),
                    shown,
                    growth,
                    Some(*year),
                ));
            }
        }
        let all = Cell::Text(super::dimensions::all_label(self.lang).to_owned());
        let mut totals = Vec::new();
        for (row_index, year) in years.iter().enumerate() {
            let shown: Vec<Shown> = published.iter().map(|p| p.row_totals[row_index]).collect();
            let growth = self.growth.and_then(|index| {
                growth_cell(
                    shown[index],
                    row_index
                        .checked_sub(1)
                        .map(|before| published[index].row_totals[before]),
                )
            });
            totals.push(line(
                Cell::Year(*year, self.query.year == YearKind::Academic),
                None,
                all.clone(),
                shown,
                growth,
                Some(*year),
            ));
        }
        if !single {
            for (column_index, key) in keys.iter().enumerate() {
                let shown: Vec<Shown> = published
                    .iter()
                    .map(|p| p.column_totals[column_index])
                    .collect();
                let growth = self.growth.map(|_| Cell::Empty);
                totals.push(line(
                    Cell::Text("all".to_owned()),
                    Some(key),
                    Cell::Text(labels[key].clone()),
                    shown,
                    growth,
                    None,
                ));
            }
        }
        let shown: Vec<Shown> = published.iter().map(|p| p.total).collect();
        // Over the whole range: the last year on the first.
        let growth = self.growth.and_then(|index| {
            let first = published[index].row_totals.first().copied();
            let last = published[index].row_totals.last().copied()?;
            growth_cell(last, first)
        });
        totals.push(line(
            Cell::Text("all".to_owned()),
            None,
            all,
            shown,
            growth,
            None,
        ));
        StatTable {
            id: overview.id,
            title: overview.title,
            filters: Vec::new(),
            columns,
            rows,
            totals,
            generated_at: time::OffsetDateTime::UNIX_EPOCH,
            suppression: threshold.map(|threshold| Suppression {
                threshold,
                suppressed: published
                    .iter()
                    .zip(&self.measures)
                    .filter(|(_, (_, _, people))| *people)
                    .map(|(published, _)| published.suppressed_count())
                    .sum(),
            }),
        }
    }
}

/// What a year means in this answer.
fn year_definition(query: &StatisticsQuery, nl: bool) -> String {
    match (query.year, nl) {
        (YearKind::Calendar, true) => "Kalenderjaar (1 januari – 31 december).".to_owned(),
        (YearKind::Calendar, false) => "Calendar year (1 January – 31 December).".to_owned(),
        (YearKind::Academic, true) => "Academiejaar, genoemd naar het jaar waarin het begint: 2024 is 1 september 2024 – 31 augustus 2025.".to_owned(),
        (YearKind::Academic, false) => "Academic year, named by the year it starts: 2024 is 1 September 2024 – 31 August 2025.".to_owned(),
    }
}
