//! Suppression judged by the independent attacker in `attacker`: thousands of random tables and
//! families, and hand-written cases for the choices and the edges.

use super::*;
use attacker::{assert_protected, audit, audit_family, every_hidden_entry_has_a_second_value};

mod attacker;

/// A small xorshift generator, so the random tables need no dependency and repeat exactly.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % bound
    }

    /// Mostly small counts (the ones that need protecting), some zeros, some large.
    fn count(&mut self, small_share: u64) -> u64 {
        let pick = self.below(100);
        if pick < small_share {
            self.below(7)
        } else if pick < small_share + 10 {
            0
        } else if pick < 95 {
            5 + self.below(60)
        } else {
            1_000 + self.below(1_000_000_000)
        }
    }

    fn table(&mut self, rows: usize, columns: usize, small_share: u64) -> CountTable {
        let cells = (0..rows)
            .map(|_| (0..columns).map(|_| self.count(small_share)).collect())
            .collect();
        CountTable { cells }
    }
}

fn cells(rows: &[&[u64]]) -> CountTable {
    CountTable {
        cells: rows.iter().map(|row| row.to_vec()).collect(),
    }
}

#[test]
fn random_tables_leak_no_hidden_count() {
    let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
    let (mut tables, mut exhaustive, mut hidden) = (0, 0, 0);
    let (mut recovered, mut inherent, mut recovered_told) = (0, 0, 0);
    for round in 0..4_000 {
        let threshold = match round % 20 {
            0 => 3,
            1 => 10,
            _ => DEFAULT_THRESHOLD,
        };
        let rows = 1 + random.below(8) as usize;
        let columns = 1 + random.below(8) as usize;
        let small_share = 20 + random.below(70);
        let table = random.table(rows, columns, small_share);
        let published = suppress(&table, threshold, &[], &[]);
        let audit = audit(&table, &published, threshold);
        assert!(
            audit.recovered.is_empty(),
            "{table:?} leaks {:?} at threshold {threshold}",
            audit.recovered
        );
        if rows * columns <= 6 {
            every_hidden_entry_has_a_second_value(&table, &published, threshold, &audit.inherent);
            exhaustive += 1;
        }
        tables += 1;
        hidden += audit.hidden;
        recovered += audit.recovered.len();
        inherent += audit.inherent.len();
        recovered_told += audit.recovered_told_not_small.len();
    }
    println!(
        "suppression attacker: {tables} tables tried ({exhaustive} also searched exhaustively), \
         {hidden} entries suppressed, {recovered} entries recovered; {inherent} given away by \
         the rule itself, even with every entry hidden; told which hidden entries are not \
         small, {recovered_told} more recovered"
    );
}

/// Splits `total` into `parts` counts, for another breakdown of the same row.
fn split(random: &mut XorShift, total: u64, parts: usize) -> Vec<u64> {
    let mut cuts: Vec<u64> = (1..parts).map(|_| random.below(total + 1)).collect();
    cuts.extend([0, total]);
    cuts.sort_unstable();
    cuts.windows(2).map(|pair| pair[1] - pair[0]).collect()
}

#[test]
fn random_families_leak_nothing_when_attacked_together() {
    let mut random = XorShift(0x2545_F491_4F6C_DD1D);
    let (mut families, mut inherent, mut recovered_told) = (0, 0, 0);
    for _ in 0..1_500 {
        let rows = 1 + random.below(6) as usize;
        let columns = 1 + random.below(6) as usize;
        let small_share = 30 + random.below(60);
        let first = random.table(rows, columns, small_share);
        let mut tables = vec![first.clone()];
        for _ in 0..1 + random.below(2) {
            let parts = 1 + random.below(6) as usize;
            let cells = (first.cells.iter())
                .map(|row| split(&mut random, row.iter().sum(), parts))
                .collect();
            tables.push(CountTable { cells });
        }
        let published = suppress_family(&tables, DEFAULT_THRESHOLD);
        for (table, published) in tables.iter().zip(&published) {
            // Only for its checks of what is shown: what one table gives away alone can be more
            // than its own rule gives away, as a shared total may be pinned by another table.
            audit(table, published, DEFAULT_THRESHOLD);
        }
        for one in &published[1..] {
            assert_eq!(
                one.row_totals, published[0].row_totals,
                "shared totals differ"
            );
            assert_eq!(one.total, published[0].total, "shared totals differ");
        }
        let together = audit_family(&tables, &published, DEFAULT_THRESHOLD);
        assert!(
            together.recovered.is_empty(),
            "{tables:?} leak {:?} together",
            together.recovered
        );
        families += 1;
        inherent += together.inherent.len();
        recovered_told += together.recovered_told_not_small.len();
    }
    println!(
        "suppression family attacker: {families} families, 0 entries recovered; {inherent} given \
         away by the rule itself; told which hidden entries are not small, {recovered_told} more \
         recovered"
    );
}

fn hidden_cells(published: &Published) -> Vec<(usize, usize)> {
    let mut hidden = Vec::new();
    for (row, cells) in published.cells.iter().enumerate() {
        for (column, shown) in cells.iter().enumerate() {
            if shown.is_suppressed() {
                hidden.push((row, column));
            }
        }
    }
    hidden
}

fn hidden_margins(shown: &[Shown]) -> Vec<usize> {
    (0..shown.len())
        .filter(|&index| shown[index].is_suppressed())
        .collect()
}

#[test]
fn one_small_cell_hides_the_smallest_cells_that_close_a_cycle() {
    let table = cells(&[&[3, 40, 50], &[20, 30, 60]]);
    let published = suppress(&table, DEFAULT_THRESHOLD, &[], &[]);
    assert_eq!(hidden_cells(&published), [(0, 0), (0, 1), (1, 0), (1, 1)]);
    assert!(hidden_margins(&published.row_totals).is_empty());
    assert!(hidden_margins(&published.column_totals).is_empty());
    assert_eq!(published.total, Shown::Value(203));
    assert_protected(&table, &published, DEFAULT_THRESHOLD);
}

#[test]
fn one_small_cell_in_a_single_row_is_protected_by_the_column_totals() {
    let table = cells(&[&[3, 40, 50]]);
    let published = suppress(&table, DEFAULT_THRESHOLD, &[], &[]);
    assert_eq!(hidden_cells(&published), [(0, 0), (0, 1)]);
    assert_eq!(hidden_margins(&published.column_totals), [0, 1]);
    assert_eq!(published.row_totals, [Shown::Value(93)]);
    assert_protected(&table, &published, DEFAULT_THRESHOLD);
}

#[test]
fn a_family_hides_a_small_year_in_every_breakdown_and_leaks_nothing_combined() {
    // Enrolments per year by employment status, and per year by provider: year one has 3.
    let by_status = cells(&[&[1, 2], &[30, 40]]);
    let by_provider = cells(&[&[3, 0], &[20, 50]]);
    let tables = [by_status, by_provider];
    let published = suppress_family(&tables, DEFAULT_THRESHOLD);
    for one in &published {
        assert_eq!(hidden_margins(&one.row_totals), [0, 1], "{one:?}");
        assert_eq!(one.total, Shown::Value(73));
    }
    let together = audit_family(&tables, &published, DEFAULT_THRESHOLD);
    assert!(together.recovered.is_empty(), "{:?}", together.recovered);
    assert!(together.recovered_told_not_small.is_empty());
}

#[test]
fn a_family_protected_table_by_table_leaks_when_combined_and_suppress_family_does_not() {
    // Year one has 8 enrolments: 7 employed and 1 not; 4 and 4 at two providers.
    let by_status = cells(&[&[7, 1], &[16, 5]]);
    let by_provider = cells(&[&[4, 4], &[12, 9]]);
    let tables = [by_status, by_provider];
    let naive = naive_family(&tables, DEFAULT_THRESHOLD);
    for (table, published) in tables.iter().zip(&naive) {
        assert_protected(table, published, DEFAULT_THRESHOLD);
    }
    let combined = audit_family(&tables, &naive, DEFAULT_THRESHOLD);
    assert!(!combined.recovered.is_empty());
    let published = suppress_family(&tables, DEFAULT_THRESHOLD);
    let combined = audit_family(&tables, &published, DEFAULT_THRESHOLD);
    assert!(
        combined.recovered.is_empty(),
        "{published:?} leaks {:?}",
        combined.recovered
    );
}

/// The obvious way to suppress a family: each table alone, a row total hidden in one forced in
/// all, until stable. It is not enough.
fn naive_family(tables: &[CountTable], threshold: u64) -> Vec<Published> {
    let mut forced: Vec<usize> = Vec::new();
    loop {
        let published: Vec<Published> = (tables.iter())
            .map(|table| suppress(table, threshold, &forced, &[]))
            .collect();
        let mut hidden: Vec<usize> = (published.iter())
            .flat_map(|one| hidden_margins(&one.row_totals))
            .collect();
        hidden.sort_unstable();
        hidden.dedup();
        if hidden == forced {
            return published;
        }
        forced = hidden;
    }
}

#[test]
fn edge_cases_are_protected_without_panicking() {
    let cases: [&[&[u64]]; 9] = [
        &[],
        &[&[], &[]],
        &[&[3]],
        &[&[0]],
        &[&[1, 2, 1], &[40, 50, 60]],
        &[&[2, 0, 1], &[30, 40, 50], &[20, 25, 35]],
        &[&[1, 2], &[3, 4]],
        &[&[u64::MAX / 4, 3], &[u64::MAX / 4, 9]],
        &[&[0, 0, 4], &[0, 9, 0], &[7, 0, 0]],
    ];
    for case in cases {
        let table = cells(case);
        for threshold in [0, 1, 2, 3, DEFAULT_THRESHOLD, 10] {
            let published = suppress(&table, threshold, &[], &[]);
            assert_protected(&table, &published, threshold);
            assert_eq!(
                published,
                suppress(&table, threshold, &[], &[]),
                "not deterministic"
            );
            if threshold <= 1 {
                assert_eq!(published.suppressed_count(), 0);
            }
        }
    }
    let single = suppress(&cells(&[&[3]]), DEFAULT_THRESHOLD, &[], &[]);
    assert_eq!(single.suppressed_count(), 4);
    let empty = suppress(&cells(&[]), DEFAULT_THRESHOLD, &[], &[]);
    assert_eq!(empty.total, Shown::Value(0));
}

#[test]
fn totals_beyond_u64_show_the_maximum_and_ragged_rows_read_as_zeros() {
    let published = suppress(
        &cells(&[&[u64::MAX, u64::MAX]]),
        DEFAULT_THRESHOLD,
        &[],
        &[],
    );
    assert_eq!(published.row_totals, [Shown::Value(u64::MAX)]);
    let ragged = suppress(&cells(&[&[3, 40], &[20]]), DEFAULT_THRESHOLD, &[], &[]);
    let padded = cells(&[&[3, 40], &[20, 0]]);
    assert_eq!(ragged, suppress(&padded, DEFAULT_THRESHOLD, &[], &[]));
    assert_protected(&padded, &ragged, DEFAULT_THRESHOLD);
}

#[test]
fn forced_margins_are_hidden_and_protected() {
    let table = cells(&[&[10, 20], &[30, 40], &[50, 60]]);
    let published = suppress(&table, DEFAULT_THRESHOLD, &[1, 99], &[0]);
    assert!(published.row_totals[1].is_suppressed());
    assert!(published.column_totals[0].is_suppressed());
    assert_protected(&table, &published, DEFAULT_THRESHOLD);
}

#[test]
fn a_line_of_ones_is_given_away_by_the_rule_itself() {
    // Four hidden counts of at least 1 under a hidden total of at most 4 can only be 1 each.
    let table = cells(&[&[1, 1, 1, 1], &[10, 20, 30, 40]]);
    let audit = audit(&table, &suppress(&table, 5, &[], &[]), 5);
    assert_eq!(audit.inherent, [0, 1, 2, 3, 4]);
    assert!(audit.recovered.is_empty());
}

#[test]
fn the_rule_is_written_with_its_threshold() {
    assert!(rule_text(5).contains("fewer than 5 people") && rule_text(5).contains("“<5”"));
    assert!(rule_text_nl(5).contains("minder dan 5 personen"));
    assert_eq!(suppressed_label(DEFAULT_THRESHOLD), "<5");
    assert_eq!(rule_text(1), "All counts are published.");
}
