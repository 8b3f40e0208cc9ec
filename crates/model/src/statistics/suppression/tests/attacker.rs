//! An attacker written independently of the suppression code: bound propagation over every line
//! of the extended table, the difference attack, and for small tables a search for a second
//! consistent table. It knows what the module assumes an attacker knows: every published value,
//! that lines add up, that counts are ≥ 0, and which hidden entries are small.

use super::super::{CountTable, Published, Shown};

const UNBOUNDED: i128 = 1 << 100;

/// What the attacker knows about one entry of the extended grid.
#[derive(Clone, Copy)]
enum Known {
    Value(u64),
    /// Hidden and known to be a small count, in `1..threshold`.
    Primary,
    /// Hidden and not small: the attacker knows it is ≥ 0, and if `told_not_small`, that it is
    /// 0 or at least the threshold.
    Secondary,
}

/// "The entries `cells` add up to the entry `total`", as variable indices.
struct Line {
    cells: Vec<usize>,
    total: usize,
}

/// The true extended grid, computed here rather than by the code under test.
fn true_grid(table: &CountTable) -> (usize, usize, Vec<u128>) {
    let rows = table.cells.len() + 1;
    let columns = table.cells.first().map_or(0, Vec::len) + 1;
    let mut grid = vec![0_u128; rows * columns];
    for (row, cells) in table.cells.iter().enumerate() {
        for (column, &value) in cells.iter().enumerate() {
            grid[row * columns + column] = u128::from(value);
        }
        grid[row * columns + columns - 1] = cells.iter().map(|&v| u128::from(v)).sum();
    }
    for column in 0..columns {
        grid[(rows - 1) * columns + column] =
            (0..rows - 1).map(|row| grid[row * columns + column]).sum();
    }
    (rows, columns, grid)
}

/// The published table flattened like [`true_grid`].
fn shown_grid(published: &Published) -> Vec<Shown> {
    let mut grid = Vec::new();
    for (cells, total) in published.cells.iter().zip(&published.row_totals) {
        grid.extend(cells.iter().copied().chain([*total]));
    }
    grid.extend(
        published
            .column_totals
            .iter()
            .copied()
            .chain([published.total]),
    );
    grid
}

/// Every row and column of a `rows × columns` extended grid whose variable for `(row, column)`
/// is `variable(row, column)`.
fn lines_of(rows: usize, columns: usize, variable: impl Fn(usize, usize) -> usize) -> Vec<Line> {
    let across = (0..rows).map(|row| Line {
        cells: (0..columns - 1)
            .map(|column| variable(row, column))
            .collect(),
        total: variable(row, columns - 1),
    });
    let down = (0..columns).map(|column| Line {
        cells: (0..rows - 1).map(|row| variable(row, column)).collect(),
        total: variable(rows - 1, column),
    });
    across.chain(down).collect()
}

fn knowledge(shown: Shown, truth: u128, threshold: u64) -> Known {
    match shown {
        Shown::Value(value) => Known::Value(value),
        Shown::Suppressed if truth > 0 && truth < u128::from(threshold) => Known::Primary,
        Shown::Suppressed => Known::Secondary,
    }
}

/// Hidden variables that are alone on some line, so `total − the rest` gives them away.
fn difference_attack(known: &[Known], lines: &[Line]) -> Vec<usize> {
    let hidden = |variable: &usize| !matches!(known[*variable], Known::Value(_));
    let mut found = Vec::new();
    for line in lines {
        let entries = line.cells.iter().chain([&line.total]);
        let unknown: Vec<usize> = entries.filter(|v| hidden(v)).copied().collect();
        if let [alone] = unknown[..] {
            found.push(alone);
        }
    }
    found
}

/// Iterated bound propagation: each line narrows its total to the sum of its cells' bounds and
/// each cell to the total minus the others' bounds, until nothing moves.
fn propagate(
    known: &[Known],
    lines: &[Line],
    threshold: u64,
    told_not_small: bool,
) -> Vec<(i128, i128)> {
    let threshold = i128::from(threshold);
    let mut bounds: Vec<(i128, i128)> = known
        .iter()
        .map(|known| match *known {
            Known::Value(value) => (i128::from(value), i128::from(value)),
            Known::Primary => (1, threshold - 1),
            Known::Secondary => (0, UNBOUNDED),
        })
        .collect();
    for _pass in 0..100_000 {
        let mut changed = false;
        for line in lines {
            let low: i128 = line.cells.iter().map(|&v| bounds[v].0).sum();
            let high: i128 = line.cells.iter().map(|&v| bounds[v].1).sum();
            let total = &mut bounds[line.total];
            let narrowed = (total.0.max(low), total.1.min(high));
            changed |= narrowed != *total;
            *total = narrowed;
            let (total_low, total_high) = *total;
            for &cell in &line.cells {
                let (cell_low, cell_high) = bounds[cell];
                let narrowed = (
                    cell_low.max(total_low - (high - cell_high)),
                    cell_high.min(total_high - (low - cell_low)),
                );
                changed |= narrowed != bounds[cell];
                bounds[cell] = narrowed;
            }
        }
        // A hidden entry that is not small is 0 or at least the threshold.
        for (variable, known) in known.iter().enumerate() {
            let (low, high) = bounds[variable];
            if told_not_small && matches!(known, Known::Secondary) && threshold > 1 {
                let narrowed = match (low, high) {
                    (_, high) if high < threshold => (low, 0),
                    (low, high) if low > 0 => (low.max(threshold), high),
                    unchanged => unchanged,
                };
                changed |= narrowed != bounds[variable];
                bounds[variable] = narrowed;
            }
        }
        if !changed {
            return bounds;
        }
    }
    panic!("bound propagation did not settle");
}

/// The attacker's verdict on one table: hidden variables it pins down, after checking that its
/// bounds hold the truth (an unsound attacker would prove nothing).
fn recovered(
    known: &[Known],
    lines: &[Line],
    truth: &[u128],
    (threshold, told_not_small): (u64, bool),
) -> Vec<usize> {
    let mut pinned = difference_attack(known, lines);
    let bounds = propagate(known, lines, threshold, told_not_small);
    for (variable, &(low, high)) in bounds.iter().enumerate() {
        let value = i128::try_from(truth[variable]).unwrap_or(i128::MAX);
        assert!(
            low <= value && value <= high,
            "attacker bounds exclude the truth"
        );
        if low == high && !matches!(known[variable], Known::Value(_)) {
            pinned.push(variable);
        }
    }
    pinned.sort_unstable();
    pinned.dedup();
    pinned
}

/// What one audit found: entries hidden; hidden entries the first attacker pins even with
/// *every* entry hidden (the rule itself gives those away; see [`audit`]); and what each attacker
/// recovers beyond that. Both know which hidden entries are small; the second also that the
/// others are not small.
pub(super) struct Audit {
    pub(super) hidden: usize,
    pub(super) recovered: Vec<usize>,
    pub(super) inherent: Vec<usize>,
    pub(super) recovered_told_not_small: Vec<usize>,
}

/// Runs both attackers on what is shown and on everything hidden.
fn attack(shown: &[Shown], lines: &[Line], truth: &[u128], threshold: u64) -> Audit {
    let attack_with = |shown: &mut dyn Iterator<Item = Shown>, told_not_small: bool| {
        let known: Vec<Known> = (shown.zip(truth))
            .map(|(shown, &truth)| knowledge(shown, truth, threshold))
            .collect();
        recovered(&known, lines, truth, (threshold, told_not_small))
    };
    let everything_hidden = || std::iter::repeat_n(Shown::Suppressed, truth.len());
    let inherent = attack_with(&mut everything_hidden(), false);
    let inherent_told = attack_with(&mut everything_hidden(), true);
    let recovered = attack_with(&mut shown.iter().copied(), false);
    let recovered_told = attack_with(&mut shown.iter().copied(), true);
    let hidden: Vec<usize> = (0..shown.len())
        .filter(|&entry| shown[entry].is_suppressed())
        .collect();
    Audit {
        hidden: hidden.len(),
        recovered: beyond(&recovered, &inherent),
        inherent: hidden
            .into_iter()
            .filter(|entry| inherent.contains(entry))
            .collect(),
        recovered_told_not_small: beyond(&recovered_told, &inherent_told),
    }
}

fn beyond(recovered: &[usize], inherent: &[usize]) -> Vec<usize> {
    let avoidable = recovered.iter().filter(|entry| !inherent.contains(entry));
    avoidable.copied().collect()
}

/// Checks one published table against its truth and attacks it.
///
/// Knowing which hidden entries are small can pin some down however much else is hidden: at
/// threshold 5, a line of four 1s and zeros whose total is hidden (so in 1..=4) must be all 1s.
/// Hiding more only takes information away, so what the attacker recovers with *everything*
/// hidden is exactly what no suppression can protect; anything beyond that is a defect.
pub(super) fn audit(table: &CountTable, published: &Published, threshold: u64) -> Audit {
    let (rows, columns, truth) = true_grid(table);
    let shown = shown_grid(published);
    assert_eq!(published.cells.len(), rows - 1);
    assert!(
        published
            .cells
            .iter()
            .all(|cells| cells.len() == columns - 1)
    );
    assert_eq!(shown.len(), truth.len());
    for (shown, &value) in shown.iter().zip(&truth) {
        match shown {
            Shown::Value(published) => assert_eq!(u128::from(*published), value),
            Shown::Suppressed => {}
        }
        if value > 0 && value < u128::from(threshold) {
            assert_eq!(*shown, Shown::Suppressed, "small count {value} published");
        }
    }
    let lines = lines_of(rows, columns, |row, column| row * columns + column);
    for line in &lines {
        let sum: u128 = line.cells.iter().map(|&v| truth[v]).sum();
        assert_eq!(sum, truth[line.total], "totals do not add up");
    }
    attack(&shown, &lines, &truth, threshold)
}

/// For small tables: every hidden entry must differ in some other table that agrees with
/// everything published and every rule the attacker knows. Hidden cells are tried at the true
/// value ± 1, which is enough: protection means a cycle that shifts each entry by at most one.
pub(super) fn every_hidden_entry_has_a_second_value(
    table: &CountTable,
    published: &Published,
    threshold: u64,
    inherent: &[usize],
) {
    let (rows, columns, truth) = true_grid(table);
    let shown = shown_grid(published);
    let hidden_cells: Vec<(usize, usize)> = (0..rows - 1)
        .flat_map(|row| (0..columns - 1).map(move |column| (row, column)))
        .filter(|&(row, column)| shown[row * columns + column].is_suppressed())
        .collect();
    let small = |value: u128| value > 0 && value < u128::from(threshold);
    let mut differs = vec![false; truth.len()];
    for combination in 0..3_usize.pow(hidden_cells.len() as u32) {
        let mut cells = table.cells.clone();
        let mut digits = combination;
        for &(row, column) in &hidden_cells {
            // digit 0, 1, 2 is the true value − 1, itself, + 1; below zero wraps and is rejected
            cells[row][column] = (cells[row][column] + (digits % 3) as u64).wrapping_sub(1);
            digits /= 3;
        }
        if cells.iter().flatten().any(|&value| value == u64::MAX) {
            continue;
        }
        let (_, _, candidate) = true_grid(&CountTable { cells });
        let consistent = (candidate.iter().zip(&shown).zip(&truth)).all(|((&c, s), &v)| match s {
            Shown::Value(_) => c == v,
            Shown::Suppressed if small(v) => small(c),
            Shown::Suppressed => true,
        });
        if consistent {
            for (variable, (&c, &v)) in candidate.iter().zip(&truth).enumerate() {
                differs[variable] |= c != v;
            }
        }
    }
    for (variable, shown) in shown.iter().enumerate() {
        if shown.is_suppressed() && !inherent.contains(&variable) {
            assert!(
                differs[variable],
                "hidden entry {variable} of {table:?} has one value"
            );
        }
    }
}

/// Attacks a family as one system: the tables' row totals and grand total are the same numbers,
/// so each table's last column is read as the first table's, known if any table shows it.
pub(super) fn audit_family(
    tables: &[CountTable],
    published: &[Published],
    threshold: u64,
) -> Audit {
    let grids: Vec<(usize, usize, Vec<u128>)> = tables.iter().map(true_grid).collect();
    let mut shown: Vec<Vec<Shown>> = published.iter().map(shown_grid).collect();
    let first_columns = grids[0].1;
    let mut offsets = vec![0];
    for (_, _, grid) in &grids {
        offsets.push(offsets[offsets.len() - 1] + grid.len());
    }
    let mut lines = Vec::new();
    for (index, &(rows, columns, _)) in grids.iter().enumerate() {
        let variable = |row: usize, column: usize| {
            if index > 0 && column == columns - 1 {
                row * first_columns + first_columns - 1
            } else {
                offsets[index] + row * columns + column
            }
        };
        for row in 0..rows {
            if let Shown::Value(value) = shown[index][row * columns + columns - 1] {
                shown[0][row * first_columns + first_columns - 1] = Shown::Value(value);
            }
        }
        lines.extend(lines_of(rows, columns, variable));
    }
    let truth: Vec<u128> = grids
        .iter()
        .flat_map(|(_, _, grid)| grid.iter().copied())
        .collect();
    let shown: Vec<Shown> = shown.into_iter().flatten().collect();
    attack(&shown, &lines, &truth, threshold)
}

/// Audits one table and fails on anything recovered beyond what the rule itself gives away.
pub(super) fn assert_protected(table: &CountTable, published: &Published, threshold: u64) {
    let audit = audit(table, published, threshold);
    assert!(
        audit.recovered.is_empty(),
        "{table:?} leaks {:?}",
        audit.recovered
    );
}
