//! The search for further entries to hide, over a family of tables that share their last column
//! (row totals and grand total); a single table is a family of one.
//!
//! Flip the sign of the margins in the extended grid (the grand total keeps its sign) and the
//! changes that keep every line sum intact are exactly the circulations on the bipartite line
//! graph, one edge per entry. A hidden entry can take a second value if some cycle through it,
//! using only hidden entries, can shift by one unit with every entry staying within what the
//! attacker allows it ([`Grid::can_shift`]). When the attacker knows only that entries are ≥ 0
//! (and which are small), that is also necessary for one table: the constraint matrix is a
//! network matrix, so real and whole-count answers agree and the check is exact.
//!
//! The search first protects against an attacker who also knows that the other hidden entries
//! are not small (0, or the threshold and more). That knowledge is not an interval, so one-unit
//! shifts that keep every entry on its side are sufficient but no longer necessary; where they
//! cannot protect an entry, the search falls back to the weaker attacker.
//!
//! In a family a shift of the shared column must be matched in every table. The search allows
//! cycles that cross the shared column once, through a pair of shared totals, when every other
//! table can close the same pair without crossing it. That too is sufficient, not necessary: a
//! family may have more hidden than strictly needed, never less.

use super::grid::{Cost, Grid, Knowledge};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// An entry to hide: `(table, entry)`.
type Hide = (usize, usize);

/// What an arc moves: one entry of the graph's table, or a crossing of the shared column (an
/// index into [`Graph::crossings`]).
#[derive(Clone, Copy)]
enum Via {
    Entry(usize),
    Crossing(usize),
}

struct Arc {
    to: usize,
    cost: Cost,
    via: Via,
}

struct Graph {
    table: usize,
    arcs: Vec<Vec<Arc>>,
    crossings: Vec<Vec<Hide>>,
}

/// The table's graph without its shared column node, in `layers` copies (arcs stay in a layer).
/// Without `hide_more` only hidden entries are arcs.
fn local_graph(
    grids: &[Grid],
    table: usize,
    (hide_more, knowledge): (bool, Knowledge),
    layers: usize,
) -> Graph {
    let grid = &grids[table];
    let nodes = grid.rows + grid.columns;
    let shared = grid.shared_node();
    let mut arcs: Vec<Vec<Arc>> = (0..nodes * layers).map(|_| Vec::new()).collect();
    for node in (0..nodes).filter(|&node| node != shared) {
        for (next, entry, forward) in grid.edges_from(node) {
            if next == shared || !grid.can_shift(entry, forward, knowledge) {
                continue;
            }
            let Some(cost) = grid.step_cost(entry, hide_more) else {
                continue;
            };
            for layer in 0..layers {
                let (from, to) = (layer * nodes + node, layer * nodes + next);
                arcs[from].push(Arc {
                    to,
                    cost,
                    via: Via::Entry(entry),
                });
            }
        }
    }
    Graph {
        table,
        arcs,
        crossings: Vec::new(),
    }
}

/// Cheapest paths from one node, not using entry `excluded`: Dijkstra with ties to the lower
/// node, so deterministic.
struct Tree {
    best: Vec<Option<Cost>>,
    came_by: Vec<Option<(usize, usize)>>,
}

fn shortest(graph: &Graph, from: usize, excluded: Option<usize>) -> Tree {
    let nodes = graph.arcs.len();
    let mut best: Vec<Option<Cost>> = vec![None; nodes];
    let mut came_by = vec![None; nodes];
    let mut queue = BinaryHeap::from([Reverse((Cost::default(), from))]);
    best[from] = Some(Cost::default());
    while let Some(Reverse((cost, node))) = queue.pop() {
        if best[node] != Some(cost) {
            continue;
        }
        for (index, arc) in graph.arcs[node].iter().enumerate() {
            if matches!(arc.via, Via::Entry(entry) if Some(entry) == excluded) {
                continue;
            }
            let candidate = cost.plus(arc.cost);
            if best[arc.to].is_none_or(|known| candidate < known) {
                best[arc.to] = Some(candidate);
                came_by[arc.to] = Some((node, index));
                queue.push(Reverse((candidate, arc.to)));
            }
        }
    }
    Tree { best, came_by }
}

impl Tree {
    fn path(&self, graph: &Graph, to: usize) -> Option<(Cost, Vec<Hide>)> {
        let cost = self.best.get(to).copied().flatten()?;
        let mut hides = Vec::new();
        let mut node = to;
        while let Some((previous, index)) = self.came_by[node] {
            match graph.arcs[previous][index].via {
                Via::Entry(entry) => hides.push((graph.table, entry)),
                Via::Crossing(crossing) => hides.extend(graph.crossings[crossing].iter().copied()),
            }
            node = previous;
        }
        Some((cost, hides))
    }
}

/// Cheapest paths between the row nodes of one table that do not cross its shared column.
struct RowPaths {
    graph: Graph,
    trees: Vec<Tree>,
}

impl RowPaths {
    fn path(&self, from_row: usize, to_row: usize) -> Option<(Cost, Vec<Hide>)> {
        self.trees.get(from_row)?.path(&self.graph, to_row)
    }
}

/// The graphs for one way of searching (through hidden entries only, or hiding more), built when
/// first needed and dropped whenever an entry is hidden.
struct Prepared {
    hide_more: bool,
    knowledge: Knowledge,
    row_paths: Vec<Option<RowPaths>>,
    crossing: Vec<Option<Graph>>,
}

impl Prepared {
    fn new(tables: usize, hide_more: bool, knowledge: Knowledge) -> Prepared {
        let row_paths = (0..tables).map(|_| None).collect();
        let crossing = (0..tables).map(|_| None).collect();
        Prepared {
            hide_more,
            knowledge,
            row_paths,
            crossing,
        }
    }

    fn clear(&mut self) {
        *self = Prepared::new(self.row_paths.len(), self.hide_more, self.knowledge);
    }

    fn ensure_row_paths(&mut self, grids: &[Grid]) {
        for (table, slot) in self.row_paths.iter_mut().enumerate() {
            if slot.is_none() {
                let graph = local_graph(grids, table, (self.hide_more, self.knowledge), 1);
                let rows = 0..grids[table].rows;
                let trees = rows.map(|row| shortest(&graph, row, None)).collect();
                *slot = Some(RowPaths { graph, trees });
            }
        }
    }

    /// The table's graph in two layers, with an arc from layer 0 to layer 1 for each way to cross
    /// the shared column that every other table can close.
    fn ensure_crossing(&mut self, grids: &[Grid], table: usize) {
        if self.crossing[table].is_some() {
            return;
        }
        self.ensure_row_paths(grids);
        let mut graph = local_graph(grids, table, (self.hide_more, self.knowledge), 2);
        let nodes = grids[table].rows + grids[table].columns;
        let others: Vec<usize> = (0..grids.len()).filter(|&other| other != table).collect();
        for out_row in 0..grids[table].rows {
            for in_row in (0..grids[table].rows).filter(|&row| row != out_row) {
                let pair = (out_row, in_row);
                let Some((cost, hides)) = self.shared_pair(grids, pair, &others) else {
                    continue;
                };
                let via = Via::Crossing(graph.crossings.len());
                graph.crossings.push(hides);
                graph.arcs[out_row].push(Arc {
                    to: nodes + in_row,
                    cost,
                    via,
                });
            }
        }
        self.crossing[table] = Some(graph);
    }

    /// The shared totals of `out_row` (moving from its row node into the shared column) and
    /// `in_row` (moving back out), closed in each of `tables` by a path from `in_row` to
    /// `out_row`. Needs the row paths ensured.
    fn shared_pair(
        &self,
        grids: &[Grid],
        (out_row, in_row): (usize, usize),
        tables: &[usize],
    ) -> Option<(Cost, Vec<Hide>)> {
        let mut cost = Cost::default();
        let mut hides = Vec::new();
        for (row, forward) in [(out_row, true), (in_row, false)] {
            for (table, grid) in grids.iter().enumerate() {
                let entry = grid.shared_entry(row);
                if !grid.can_shift(entry, forward, self.knowledge) {
                    return None;
                }
                hides.push((table, entry));
            }
            cost = cost.plus(grids[0].step_cost(grids[0].shared_entry(row), self.hide_more)?);
        }
        for &table in tables {
            let (path_cost, path) = self.row_paths[table].as_ref()?.path(in_row, out_row)?;
            cost = cost.plus(path_cost);
            hides.extend(path);
        }
        Some((cost, hides))
    }

    /// The cheapest entries to hide so that `entry` of `table` lies on a cycle that can shift
    /// (without `hide_more`: `Some` exactly when it already does, by this search).
    fn cheapest_protection(
        &mut self,
        grids: &[Grid],
        table: usize,
        entry: usize,
    ) -> Option<(Cost, Vec<Hide>)> {
        let grid = &grids[table];
        let (row_node, column_node) = grid.ends(entry);
        let mut cheapest: Option<(Cost, Vec<Hide>)> = None;
        let mut keep = |found: (Cost, Vec<Hide>)| {
            if cheapest.as_ref().is_none_or(|(cost, _)| found.0 < *cost) {
                cheapest = Some(found);
            }
        };
        if column_node == grid.shared_node() {
            // A shared total: with some other shared total, every table must close the pair.
            self.ensure_row_paths(grids);
            let all: Vec<usize> = (0..grids.len()).collect();
            for partner in (0..grid.rows).filter(|&partner| partner != row_node) {
                for pair in [(row_node, partner), (partner, row_node)] {
                    self.shared_pair(grids, pair, &all).map(&mut keep);
                }
            }
        } else {
            self.ensure_crossing(grids, table);
            let graph = self.crossing[table].as_ref()?;
            let nodes = grid.rows + grid.columns;
            let directions = [
                (true, column_node, row_node),
                (false, row_node, column_node),
            ];
            for (forward, from, to) in directions {
                if grid.can_shift(entry, forward, self.knowledge) {
                    let tree = shortest(graph, from, Some(entry));
                    [to, nodes + to]
                        .into_iter()
                        .filter_map(|to| tree.path(graph, to))
                        .for_each(&mut keep);
                }
            }
        }
        cheapest
    }
}

/// One level of protection: what the attacker knows, its two searches, and the entries it
/// cannot protect.
struct Level {
    knowledge: Knowledge,
    check: Prepared,
    hide: Prepared,
    given_away: Vec<Vec<bool>>,
}

/// Hides entries until every hidden entry that can be protected is: against an attacker who
/// knows which hidden entries are small and that the others are not, and where that cannot be
/// met, at least against one who knows only which are small.
///
/// It works in passes: a path found for one entry may revisit a line, and then not every entry
/// it hides lies on a cycle that shifts until a later pass has seen to it.
pub(super) fn protect(grids: &mut [Grid]) {
    let rows = grids.first().map_or(0, |grid| grid.rows);
    for row in 0..rows {
        if grids
            .iter()
            .any(|grid| grid.is_hidden(grid.shared_entry(row)))
        {
            for grid in grids.iter_mut() {
                grid.hide(grid.shared_entry(row));
            }
        }
    }
    let mut levels = [Knowledge::NotSmall, Knowledge::AtLeastZero].map(|knowledge| Level {
        knowledge,
        check: Prepared::new(grids.len(), false, knowledge),
        hide: Prepared::new(grids.len(), true, knowledge),
        given_away: (grids.iter())
            .map(|grid| vec![false; grid.rows * grid.columns])
            .collect(),
    });
    loop {
        let mut changed = false;
        for table in 0..grids.len() {
            for entry in grids[table].protection_order() {
                let grid = &grids[table];
                if table > 0 && grid.ends(entry).1 == grid.shared_node() {
                    continue; // a shared total, seen to with the first table
                }
                for level in levels.iter_mut() {
                    if !grid.needs_protection(entry, level.knowledge)
                        || level.given_away[table][entry]
                    {
                        continue;
                    }
                    if level
                        .check
                        .cheapest_protection(grids, table, entry)
                        .is_some()
                    {
                        break;
                    }
                    if let Some((_, hides)) = level.hide.cheapest_protection(grids, table, entry) {
                        for (table, entry) in hides {
                            changed |= grids[table].hide(entry);
                        }
                        for stale in levels.iter_mut() {
                            stale.check.clear();
                            stale.hide.clear();
                        }
                        break;
                    }
                    // Nothing hidden can help at this level. For one table and the weaker
                    // knowledge that means the rule itself gives the entry away.
                    level.given_away[table][entry] = true;
                }
            }
        }
        if !changed {
            return;
        }
    }
}
