//! Counts summed before they are spread over an overview's breakdowns: per admitted offering
//! and year, and per category of the record itself (an employment status, a funding scheme, a
//! route, a state) and year. An offering's category in each breakdown is then worked out once
//! per offering and year, not once per stored group: at 2,000 offerings the enrolments
//! overview reads about 100,000 groups, and spreading each over a dozen breakdowns with string
//! keys was most of its time.

use std::collections::{BTreeMap, HashMap};

use model::{OfferingId, UiLang};
use store::OfferingFacts;

use super::dimensions::{Dimensions, OFFERING_BREAKDOWNS};
use super::pivot::Pivot;

/// `N` sums per year.
type Sums<const N: usize> = BTreeMap<i32, [u64; N]>;

/// `N` measures summed per offering and year and per record category and year.
pub(super) struct Tally<'a, const N: usize> {
    offerings: HashMap<&'a OfferingId, (&'a OfferingFacts, Sums<N>)>,
    /// (breakdown, category key) → label and the sums per year.
    records: BTreeMap<(&'static str, &'a str), (String, Sums<N>)>,
}

impl<const N: usize> Default for Tally<'_, N> {
    fn default() -> Self {
        Tally {
            offerings: HashMap::new(),
            records: BTreeMap::new(),
        }
    }
}

fn add<const N: usize>(sums: &mut Sums<N>, year: i32, values: [u64; N]) {
    let sum = sums.entry(year).or_insert([0; N]);
    for (total, value) in sum.iter_mut().zip(values) {
        *total += value;
    }
}

impl<'a, const N: usize> Tally<'a, N> {
    /// Counts `values` in `year` for `offering` (for the breakdowns about offerings).
    pub(super) fn offering(&mut self, offering: &'a OfferingFacts, year: i32, values: [u64; N]) {
        let (_, sums) = self
            .offerings
            .entry(&offering.id)
            .or_insert_with(|| (offering, BTreeMap::new()));
        add(sums, year, values);
    }

    /// Counts `values` in `year` under the category `key` of the record breakdown `breakdown`.
    pub(super) fn record(
        &mut self,
        breakdown: &'static str,
        key: &'a str,
        label: impl FnOnce() -> String,
        year: i32,
        values: [u64; N],
    ) {
        let (_, sums) = self
            .records
            .entry((breakdown, key))
            .or_insert_with(|| (label(), BTreeMap::new()));
        add(sums, year, values);
    }

    /// One pivot per measure for the first of `breakdowns`, each with the others as its
    /// family (suppressed together).
    pub(super) fn pivots(
        &self,
        breakdowns: &[&str],
        dimensions: &Dimensions,
        lang: UiLang,
    ) -> [Pivot; N] {
        let mut tables = breakdowns
            .iter()
            .map(|breakdown| self.table(breakdown, dimensions, lang));
        let mut first = tables
            .next()
            .unwrap_or_else(|| std::array::from_fn(|_| Pivot::default()));
        for member in tables {
            for (pivot, member) in first.iter_mut().zip(member) {
                pivot.family.push(member);
            }
        }
        first
    }

    fn table(&self, breakdown: &str, dimensions: &Dimensions, lang: UiLang) -> [Pivot; N] {
        let mut pivots: [Pivot; N] = std::array::from_fn(|_| Pivot::default());
        let mut put = |key: &str, label: &str, sums: &Sums<N>| {
            for (year, values) in sums {
                for (pivot, value) in pivots.iter_mut().zip(values) {
                    pivot.add(*year, key, label, *value);
                }
            }
        };
        if OFFERING_BREAKDOWNS.contains(&breakdown) {
            for (offering, sums) in self.offerings.values() {
                if let Some((key, label)) = dimensions.category(breakdown, offering, lang) {
                    put(&key, &label, sums);
                }
            }
        } else {
            for ((_, key), (label, sums)) in self
                .records
                .iter()
                .filter(|((kind, _), _)| *kind == breakdown)
            {
                put(key, label, sums);
            }
        }
        pivots
    }
}
