//! The N-degree part of RDFC-1.0 (§4.7–4.8), run only for blank nodes whose first-degree hashes
//! collide; every step is charged against the work limit so that poison graphs abort.

use super::{Issuer, State};
use crate::error::{Error, Result};
use crate::rdf::{Quad, Term, default_label, write_term};
use std::collections::BTreeMap;
use std::fmt::Write;

impl State<'_, '_> {
    fn charge(&mut self, amount: u64) -> Result<()> {
        self.work += amount;
        if self.work > self.limits.max_work {
            return Err(Error::CanonicalizationLimit(format!(
                "more than {} steps",
                self.limits.max_work
            )));
        }
        Ok(())
    }

    /// Hash Related Blank Node (RDFC-1.0 §4.7).
    fn hash_related(
        &self,
        related: u32,
        quad: &Quad<'_>,
        issuer: &Issuer,
        position: char,
    ) -> String {
        let mut input = String::with_capacity(96);
        input.push(position);
        if position != 'g' {
            write_term(&mut input, &quad.predicate, &default_label);
        }
        if let Some(id) = self.canonical.get(related) {
            let _ = write!(input, "_:c14n{id}");
        } else if let Some(id) = issuer.get(related) {
            let _ = write!(input, "_:b{id}");
        } else {
            input.push_str(&self.first_degree[related as usize].hex());
        }
        self.hash.hex(input.as_bytes())
    }

    /// Hash N-Degree Quads (RDFC-1.0 §4.8).
    pub(super) fn hash_n_degree(
        &mut self,
        node: u32,
        mut issuer: Issuer,
    ) -> Result<(String, Issuer)> {
        self.charge(1)?;
        let mut related_by_hash: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let (start, len) = self.node_ranges[node as usize];
        for &index in &self.mentions[start..start + len] {
            let quad = &self.quads[index];
            for (term, position) in [
                (Some(&quad.subject), 's'),
                (Some(&quad.object), 'o'),
                (quad.graph.as_ref(), 'g'),
            ] {
                if let Some(Term::Blank(related)) = term
                    && *related != node
                {
                    let hash = self.hash_related(*related, quad, &issuer, position);
                    related_by_hash.entry(hash).or_default().push(*related);
                }
            }
        }
        let mut data_to_hash = String::new();
        for (related_hash, nodes) in related_by_hash {
            data_to_hash.push_str(&related_hash);
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            let mut permutation = nodes.clone();
            permutation.sort_unstable();
            loop {
                self.charge(1)?;
                if let Some((path, issuer_copy)) =
                    self.try_permutation(&permutation, &issuer, &chosen_path)?
                    && (chosen_issuer.is_none() || path < chosen_path)
                {
                    chosen_path = path;
                    chosen_issuer = Some(issuer_copy);
                }
                if !next_permutation(&mut permutation) {
                    break;
                }
            }
            data_to_hash.push_str(&chosen_path);
            if let Some(chosen) = chosen_issuer {
                issuer = chosen;
            }
        }
        Ok((self.hash.hex(data_to_hash.as_bytes()), issuer))
    }

    /// One permutation of §4.8.3 step 5.4; `None` if it cannot beat the chosen path.
    fn try_permutation(
        &mut self,
        permutation: &[u32],
        issuer: &Issuer,
        chosen: &str,
    ) -> Result<Option<(String, Issuer)>> {
        let mut issuer_copy = issuer.clone();
        let mut path = String::new();
        let mut recursion = Vec::new();
        let worse = |path: &str| !chosen.is_empty() && path.len() >= chosen.len() && path > chosen;
        for &related in permutation {
            if let Some(id) = self.canonical.get(related) {
                let _ = write!(path, "_:c14n{id}");
            } else {
                if issuer_copy.get(related).is_none() {
                    recursion.push(related);
                }
                let id = issuer_copy.issue(related);
                let _ = write!(path, "_:b{id}");
            }
            if worse(&path) {
                return Ok(None);
            }
        }
        for related in recursion {
            let (hash, result_issuer) = self.hash_n_degree(related, issuer_copy.clone())?;
            let id = issuer_copy.issue(related);
            let _ = write!(path, "_:b{id}<{hash}>");
            issuer_copy = result_issuer;
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, issuer_copy)))
    }
}

/// Lexicographic next permutation; false when the last one has been produced.
fn next_permutation(items: &mut [u32]) -> bool {
    if items.len() < 2 {
        return false;
    }
    let mut i = items.len() - 1;
    while i > 0 && items[i - 1] >= items[i] {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = items.len() - 1;
    while items[j] <= items[i - 1] {
        j -= 1;
    }
    items.swap(i - 1, j);
    items[i..].reverse();
    true
}
