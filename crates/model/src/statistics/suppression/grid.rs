//! One table extended with its totals, as the graph the search in `super::search` walks: one
//! node per line (row or column of the extended grid), one edge per entry joining its two lines.
//! The grid knows which entries are hidden, how far each may move and what hiding one costs.

use super::{CountTable, Published, Shown};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Published,
    /// A count in `1..threshold`: the attacker is assumed to know it lies there.
    Primary,
    /// Hidden to protect others, or forced: what the attacker knows of it is [`Knowledge`].
    Secondary,
}

/// What the attacker is assumed to know of a hidden entry that is not a small count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Knowledge {
    /// That it is not small: 0, or `threshold` and more. Pages that mark small counts (`<5`)
    /// apart from entries hidden to protect them tell the attacker this. Shifting by one, a
    /// non-zero entry then stays at `threshold` or above and a zero stays zero.
    NotSmall,
    /// Only that it is ≥ 0: the weaker assumption, for entries the stronger one cannot protect.
    AtLeastZero,
}

/// What it costs to hide more entries; compared field by field, most avoided first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Cost {
    zeros: u64,
    totals: u64,
    value_sum: u128,
    entries: u64,
}

impl Cost {
    pub(super) fn plus(self, other: Cost) -> Cost {
        Cost {
            zeros: self.zeros.saturating_add(other.zeros),
            totals: self.totals.saturating_add(other.totals),
            value_sum: self.value_sum.saturating_add(other.value_sum),
            entries: self.entries.saturating_add(other.entries),
        }
    }
}

/// The table extended with its totals: `rows × columns` entries, the last row holding the column
/// totals and the last column the row totals. In the search graph, node `i < rows` is row line
/// `i` and node `rows + j` is column line `j`; entry `(i, j)` is the edge between them.
pub(super) struct Grid {
    pub(super) rows: usize,
    pub(super) columns: usize,
    values: Vec<u128>,
    state: Vec<State>,
    threshold: u128,
}

impl Grid {
    pub(super) fn new(table: &CountTable, threshold: u64) -> Grid {
        let inner_rows = table.cells.len();
        let inner_columns = table.cells.iter().map(Vec::len).max().unwrap_or(0);
        let (rows, columns) = (inner_rows + 1, inner_columns + 1);
        let mut values = vec![0_u128; rows * columns];
        for (row, cells) in table.cells.iter().enumerate() {
            for (column, &value) in cells.iter().enumerate() {
                let value = u128::from(value);
                values[row * columns + column] += value;
                values[row * columns + inner_columns] += value;
                values[inner_rows * columns + column] += value;
                values[inner_rows * columns + inner_columns] += value;
            }
        }
        let threshold = u128::from(threshold);
        let state = values
            .iter()
            .map(|&value| {
                if value > 0 && value < threshold {
                    State::Primary
                } else {
                    State::Published
                }
            })
            .collect();
        Grid {
            rows,
            columns,
            values,
            state,
            threshold,
        }
    }

    pub(super) fn force_row_total(&mut self, row: usize) {
        if row < self.rows - 1 {
            self.hide(self.index(row, self.columns - 1));
        }
    }

    pub(super) fn force_column_total(&mut self, column: usize) {
        if column < self.columns - 1 {
            self.hide(self.index(self.rows - 1, column));
        }
    }

    /// Hides a published entry to protect others; whether anything changed.
    pub(super) fn hide(&mut self, entry: usize) -> bool {
        let published = self.state[entry] == State::Published;
        if published {
            self.state[entry] = State::Secondary;
        }
        published
    }

    pub(super) fn is_hidden(&self, entry: usize) -> bool {
        self.state[entry] != State::Published
    }

    /// The column line of the row totals and grand total: the line a family shares.
    pub(super) fn shared_node(&self) -> usize {
        self.rows + self.columns - 1
    }

    /// The row total of `row`, or the grand total for the last row.
    pub(super) fn shared_entry(&self, row: usize) -> usize {
        self.index(row, self.columns - 1)
    }

    /// The row node and column node the entry joins.
    pub(super) fn ends(&self, entry: usize) -> (usize, usize) {
        (entry / self.columns, self.rows + entry % self.columns)
    }

    fn index(&self, row: usize, column: usize) -> usize {
        row * self.columns + column
    }

    fn is_total(&self, entry: usize) -> bool {
        entry / self.columns == self.rows - 1 || entry % self.columns == self.columns - 1
    }

    /// Totals enter their line with a minus sign, the grand total with a plus (it sits on two
    /// total lines); with these signs every line of the grid sums to zero.
    fn sign_is_positive(&self, entry: usize) -> bool {
        let in_total_row = entry / self.columns == self.rows - 1;
        let in_total_column = entry % self.columns == self.columns - 1;
        in_total_row == in_total_column
    }

    /// The values a shift may give the entry, within what the attacker knows of it: a small count
    /// lies in `1..threshold`; see [`Knowledge`] for the others.
    fn bounds(&self, entry: usize, knowledge: Knowledge) -> (u128, u128) {
        match (self.state[entry], knowledge) {
            (State::Primary, _) => (1, self.threshold - 1),
            (_, Knowledge::AtLeastZero) => (0, u128::MAX),
            _ if self.values[entry] == 0 => (0, 0),
            (State::Published | State::Secondary, Knowledge::NotSmall) => {
                (self.threshold, u128::MAX)
            }
        }
    }

    /// Whether the edge may carry one unit from its row node to its column node (`forward`) or
    /// back, i.e. whether the entry can move by one in the matching direction.
    pub(super) fn can_shift(&self, entry: usize, forward: bool, knowledge: Knowledge) -> bool {
        let (low, high) = self.bounds(entry, knowledge);
        let value = self.values[entry];
        if forward == self.sign_is_positive(entry) {
            value < high
        } else {
            value > low
        }
    }

    pub(super) fn needs_protection(&self, entry: usize, knowledge: Knowledge) -> bool {
        let (low, high) = self.bounds(entry, knowledge);
        self.is_hidden(entry) && low < high
    }

    /// Interior cells first: protecting them usually protects their totals on the way.
    pub(super) fn protection_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.values.len()).collect();
        order.sort_by_key(|&entry| (self.is_total(entry), entry));
        order
    }

    /// What using the entry in a cycle costs: nothing if hidden, the cost of hiding it if
    /// published and `hide_more`, else it cannot be used (`None`).
    pub(super) fn step_cost(&self, entry: usize, hide_more: bool) -> Option<Cost> {
        match self.state[entry] {
            State::Primary | State::Secondary => Some(Cost::default()),
            State::Published if !hide_more => None,
            State::Published => Some(Cost {
                zeros: u64::from(self.values[entry] == 0),
                totals: u64::from(self.is_total(entry)),
                value_sum: self.values[entry],
                entries: 1,
            }),
        }
    }

    /// `(neighbour, entry, forward)` for every edge at `node`.
    pub(super) fn edges_from(&self, node: usize) -> Vec<(usize, usize, bool)> {
        if node < self.rows {
            (0..self.columns)
                .map(|column| (self.rows + column, self.index(node, column), true))
                .collect()
        } else {
            (0..self.rows)
                .map(|row| (row, self.index(row, node - self.rows), false))
                .collect()
        }
    }

    pub(super) fn publish(&self) -> Published {
        let shown = |row: usize, column: usize| {
            let entry = self.index(row, column);
            match self.state[entry] {
                State::Published => {
                    Shown::Value(u64::try_from(self.values[entry]).unwrap_or(u64::MAX))
                }
                State::Primary | State::Secondary => Shown::Suppressed,
            }
        };
        let (inner_rows, inner_columns) = (self.rows - 1, self.columns - 1);
        Published {
            cells: (0..inner_rows)
                .map(|row| {
                    (0..inner_columns)
                        .map(|column| shown(row, column))
                        .collect()
                })
                .collect(),
            row_totals: (0..inner_rows)
                .map(|row| shown(row, inner_columns))
                .collect(),
            column_totals: (0..inner_columns)
                .map(|column| shown(inner_rows, column))
                .collect(),
            total: shown(inner_rows, inner_columns),
        }
    }
}
