//! Small-number suppression ("small numbers protect people") for tables of person counts.
//!
//! A count of 1 to `threshold − 1` people could identify them, so it is never published
//! (primary suppression). Because every row, column and grand total is published too, hiding one
//! cell is not enough: `total − the other cells` gives it back. Secondary suppression hides further
//! entries until no hidden entry can be pinned to a single value.
//!
//! The attacker this module defends against knows every published value, that every line of the
//! table adds up to its total, that counts are ≥ 0, and which hidden entries are small (so lie in
//! `1..threshold`). Against that attacker, for one table, the check that every hidden entry keeps
//! at least two possible values is exact; for a family of tables published together it is
//! sufficient (it may hide more than strictly needed). Where it can, suppression also protects
//! against an attacker who knows the other hidden entries are *not* small, as pages that mark
//! small counts apart from the rest tell; that is best effort. The private `search` module
//! explains the check.
//!
//! That attacker can still pin down some entries however much is hidden: at threshold 5, a line
//! of four 1s and zeros whose total is hidden is all 1s, because each hidden count is at least 1
//! and the total at most 4; at threshold 2 every hidden small count is 1. No suppression can
//! change that; such entries stay hidden, and everything else is protected.

use grid::Grid;

/// The threshold the register uses unless configured otherwise: counts of 1 to 4 are hidden.
pub const DEFAULT_THRESHOLD: u64 = 5;

/// A table of person counts to publish: `cells[row][column]`, published with every row total,
/// column total and the grand total.
///
/// Meant to be rectangular, and may have no rows or no columns; a short row reads as if padded
/// with zeros, so a ragged table cannot make suppression panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    pub cells: Vec<Vec<u64>>,
}

/// One published entry: its value, or hidden.
///
/// A hidden entry does not say whether it was small or hidden to protect a small one: telling
/// them apart would only help someone working the numbers back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Value(u64),
    Suppressed,
}

impl Shown {
    /// The published number, or `None` when hidden.
    pub fn value(self) -> Option<u64> {
        match self {
            Shown::Value(value) => Some(value),
            Shown::Suppressed => None,
        }
    }

    pub fn is_suppressed(self) -> bool {
        self == Shown::Suppressed
    }
}

/// A [`CountTable`] as it may be published. Totals are exact sums of the table's cells; a total
/// beyond `u64::MAX` (no count of people comes near) is shown as `u64::MAX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub cells: Vec<Vec<Shown>>,
    pub row_totals: Vec<Shown>,
    pub column_totals: Vec<Shown>,
    pub total: Shown,
}

impl Published {
    /// Whether cell `(row, column)` is hidden; outside the table counts as not hidden.
    pub fn is_suppressed(&self, row: usize, column: usize) -> bool {
        self.cells
            .get(row)
            .and_then(|cells| cells.get(column))
            .is_some_and(|shown| shown.is_suppressed())
    }

    /// How many entries (cells and totals) are hidden.
    pub fn suppressed_count(&self) -> usize {
        let cells = self.cells.iter().flatten();
        let margins = self.row_totals.iter().chain(&self.column_totals);
        cells
            .chain(margins)
            .chain([&self.total])
            .filter(|shown| shown.is_suppressed())
            .count()
    }
}

/// How a hidden entry is written in pages and workbooks: `<5` for the default threshold.
pub fn suppressed_label(threshold: u64) -> String {
    format!("<{threshold}")
}

/// The rule in English, printed under every table and in every workbook so a reader knows what
/// `<5` means and that some larger numbers are hidden on purpose.
pub fn rule_text(threshold: u64) -> String {
    if threshold <= 1 {
        return "All counts are published.".to_owned();
    }
    format!(
        "To protect people, counts of fewer than {threshold} people are not published and are \
         shown as “<{threshold}”; a zero is shown, as it is nobody. Where a total would let a \
         hidden count be worked out, some larger counts or totals are hidden as well and shown \
         as “x”."
    )
}

/// The rule in Dutch; see [`rule_text`].
pub fn rule_text_nl(threshold: u64) -> String {
    if threshold <= 1 {
        return "Alle aantallen worden gepubliceerd.".to_owned();
    }
    format!(
        "Om personen te beschermen worden aantallen van minder dan {threshold} personen niet \
         gepubliceerd en staan ze er als “<{threshold}”; een nul staat er wel, want die gaat over \
         niemand. Waar een totaal een verborgen aantal zou verraden, worden ook enkele grotere \
         aantallen of totalen verborgen; die staan er als “x”."
    )
}

/// Hides every count in `1..threshold` (cells and totals alike) and then as few further entries
/// as it takes for no hidden entry to be recoverable from the published rest.
///
/// `forced_row_totals` / `forced_column_totals` name margins that must be hidden because another
/// published breakdown of the same data hides them (an empty slice forces none; an index outside
/// the table is ignored). Forcing margins does not protect against someone combining the tables;
/// for breakdowns published together use [`suppress_family`].
///
/// Secondary choices prefer, in this order: no zero cells (hidden only as a last resort), no
/// totals, the smallest sum of values, the fewest entries. The result depends only on the
/// arguments.
pub fn suppress(
    table: &CountTable,
    threshold: u64,
    forced_row_totals: &[usize],
    forced_column_totals: &[usize],
) -> Published {
    let mut grid = Grid::new(table, threshold);
    for &row in forced_row_totals {
        grid.force_row_total(row);
    }
    for &column in forced_column_totals {
        grid.force_column_total(column);
    }
    let mut grids = [grid];
    search::protect(&mut grids);
    let [grid] = grids;
    grid.publish()
}

/// Suppresses several breakdowns of the same data that share their row margin (enrolments per
/// year by employment status, and per year by provider: the per-year totals and the grand total
/// are the same numbers), as one publication. A shared total hidden in one table would be read
/// off another, so it is hidden in all; and because someone can combine the tables, each hidden
/// entry is protected against all of them together, not just within its own table.
///
/// The tables must have the same rows with the same totals; tables whose row counts differ are
/// not a family and are each suppressed alone.
pub fn suppress_family(tables: &[CountTable], threshold: u64) -> Vec<Published> {
    let rows = tables.first().map(|table| table.cells.len());
    if tables.iter().any(|table| Some(table.cells.len()) != rows) {
        let alone = |table| suppress(table, threshold, &[], &[]);
        return tables.iter().map(alone).collect();
    }
    let mut grids: Vec<Grid> = tables
        .iter()
        .map(|table| Grid::new(table, threshold))
        .collect();
    search::protect(&mut grids);
    grids.iter().map(Grid::publish).collect()
}

mod grid;
mod search;

#[cfg(test)]
mod tests;
