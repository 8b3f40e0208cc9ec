//! Counts of people by year and category, published with suppression: a table of years ×
//! categories with the year totals, the category totals and the grand total, where counts
//! below the threshold and the cells that would reveal them are hidden.

use std::collections::BTreeMap;

use model::statistics::suppression::{CountTable, Published, Shown, suppress, suppress_family};

use super::table::Cell;

/// Counts by (year, category key); category labels kept apart. `family` holds the same counts
/// broken down the overview's other ways: they share the year totals, so they are suppressed
/// together (someone could combine two breakdowns of the same data).
#[derive(Debug, Default, Clone)]
pub struct Pivot {
    /// Category key → year → count (keyed by category first, so adding to a category that is
    /// there already allocates nothing).
    pub counts: BTreeMap<String, BTreeMap<i32, u64>>,
    pub labels: BTreeMap<String, String>,
    pub family: Vec<Pivot>,
}

impl Pivot {
    pub fn add(&mut self, year: i32, key: &str, label: &str, count: u64) {
        match self.counts.get_mut(key) {
            Some(years) => *years.entry(year).or_default() += count,
            None => {
                self.counts
                    .insert(key.to_owned(), BTreeMap::from([(year, count)]));
            }
        }
        if !self.labels.contains_key(key) {
            self.labels.insert(key.to_owned(), label.to_owned());
        }
    }

    /// The categories, by label.
    pub fn categories(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.labels.keys().cloned().collect();
        keys.sort_by(|a, b| self.labels[a].cmp(&self.labels[b]).then(a.cmp(b)));
        keys
    }

    /// The sum over `year` (or every year of `years`) and `key` (or every key).
    pub fn sum(&self, years: &[i32], year: Option<i32>, key: Option<&str>) -> u64 {
        if let (Some(year), Some(key)) = (year, key) {
            // One cell: a lookup, not a scan (a table has a cell per year and category).
            return if years.contains(&year) {
                self.get(year, key)
            } else {
                0
            };
        }
        let categories: Box<dyn Iterator<Item = &BTreeMap<i32, u64>>> = match key {
            Some(key) => Box::new(self.counts.get(key).into_iter()),
            None => Box::new(self.counts.values()),
        };
        categories
            .flat_map(|by_year| by_year.iter())
            .filter(|(y, _)| years.contains(y) && year.is_none_or(|year| **y == year))
            .map(|(_, value)| *value)
            .sum()
    }

    pub fn get(&self, year: i32, key: &str) -> u64 {
        self.counts
            .get(key)
            .and_then(|by_year| by_year.get(&year))
            .copied()
            .unwrap_or(0)
    }

    /// The table of `years` × `categories` as published with `threshold` (no suppression when
    /// `threshold` is `None`: counts of offerings).
    pub fn publish(
        &self,
        years: &[i32],
        categories: &[String],
        threshold: Option<u64>,
    ) -> Published {
        let table = |pivot: &Pivot, categories: &[String]| CountTable {
            cells: years
                .iter()
                .map(|year| categories.iter().map(|key| pivot.get(*year, key)).collect())
                .collect(),
        };
        let threshold = threshold.unwrap_or(1);
        if self.family.is_empty() {
            return suppress(&table(self, categories), threshold, &[], &[]);
        }
        let mut tables = vec![table(self, categories)];
        tables.extend(
            self.family
                .iter()
                .map(|member| table(member, &member.categories())),
        );
        suppress_family(&tables, threshold)
            .into_iter()
            .next()
            .unwrap_or_else(|| suppress(&tables[0], threshold, &[], &[]))
    }
}

/// A published count as a cell; a hidden one says whether it is below `threshold` (it is
/// shown as `<5`) or hidden to protect another (`x`). `truth` is asked only for a hidden one.
pub fn cell(shown: Shown, truth: impl FnOnce() -> u64, threshold: u64) -> Cell {
    match shown {
        Shown::Value(value) => Cell::Count(value),
        Shown::Suppressed => {
            let truth = truth();
            Cell::Suppressed {
                below: truth > 0 && truth < threshold,
            }
        }
    }
}

/// `part / whole` as a percentage, shown only when both are shown (a rate next to a shown
/// total would reveal a hidden part).
pub fn rate(part: Shown, whole: Shown) -> Cell {
    match (part, whole) {
        (Shown::Value(_), Shown::Value(0)) => Cell::Empty,
        (Shown::Value(part), Shown::Value(whole)) => {
            Cell::Number(part as f64 * 100.0 / whole as f64)
        }
        _ => Cell::Suppressed { below: false },
    }
}
