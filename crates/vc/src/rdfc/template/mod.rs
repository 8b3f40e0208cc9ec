//! RDFC-1.0 over a dataset template: quads whose terms are fixed or filled from a document's
//! strings (see `jsonld::compiled`). The SHA-256 of the canonical N-Quads is computed straight
//! from the template and the strings, without building the dataset.
//!
//! Why: with expansion compiled, canonicalizing was the largest part of a credential's digest
//! after SHA-256 itself. From a template each line is a few prepared texts around the strings
//! (no term matching, no per-term dispatch), each blank node's quads are known in advance, and
//! quads that can never be equal need no duplicate search. Anything the fast path does not
//! cover — quads that turn out equal for these strings, blank nodes whose first-degree hashes
//! tie (the N-degree algorithm) — returns `None`, and the caller runs the generic algorithm.
//! `jsonld/compiled/tests.rs` checks the digest against the generic one for every string of
//! several credentials replaced by hostile values.

use crate::rdf::{Term, escape_literal, needs_escape};
use sha2::{Digest as _, Sha256};
mod prepare;
use prepare::{equal_when, groups};
use std::ops::Range;
use std::sync::Arc;

/// Where a term of a template quad comes from.
#[derive(Debug, Clone)]
pub(crate) enum Slot {
    Fixed(Term<'static>),
    /// The document's string number `n`, as an IRI (one that needs no escaping).
    Iri(u32),
    /// The document's string number `n`, as a literal's lexical form.
    Literal {
        leaf: u32,
        datatype: Arc<str>,
        language: Option<Arc<str>>,
    },
}

#[derive(Debug)]
pub(crate) struct TemplateQuad {
    pub subject: Slot,
    pub predicate: Term<'static>,
    pub object: Slot,
    pub graph: Option<Slot>,
}

/// A piece of a line.
#[derive(Debug, Clone)]
enum Segment {
    Text(Range<u32>),
    /// A string written as it is (an IRI).
    Raw(u32),
    /// A string written as a literal's escaped lexical form.
    Escaped(u32),
    /// A blank node's label, `_:` included.
    Blank(u32),
}

/// A group's subject as written: a fixed text, a string as an IRI, or a blank node's label.
#[derive(Debug)]
enum Subject {
    Text(Box<str>),
    Iri(u32),
    Blank(u32),
}

/// What two quads need to be equal: pairs of strings, or a string and a fixed text.
#[derive(Debug)]
enum Equal {
    Leaves(u32, u32),
    Text(u32, Box<str>),
}

/// The canonicalization of a template, prepared once per shape.
#[derive(Debug)]
pub(crate) struct Template {
    texts: String,
    segments: Vec<Segment>,
    /// Each quad's segments.
    lines: Vec<Range<u32>>,
    /// Each blank node's quads.
    mentions: Vec<Vec<u32>>,
    /// Pairs of quads equal for some strings: the conditions under which they are.
    equal_when: Vec<Vec<Equal>>,
    /// The quads by subject, for the final order (see [`Group`]).
    groups: Vec<Group>,
    /// The strings written as literals (escaped once per document, written several times).
    literals: Vec<u32>,
}

/// The quads of one subject slot, in the order of their predicates' text. A line is its
/// subject, a space, then the rest; a subject has no space in it, so lines of different subjects
/// are ordered as their subjects are, and lines of one subject as their predicates are — only
/// lines sharing subject and predicate (`ties`) are compared at run time.
#[derive(Debug)]
struct Group {
    subject: Subject,
    lines: Vec<u32>,
    /// Ranges of `lines` with one predicate.
    ties: Vec<Range<usize>>,
}

impl Template {
    /// Prepare `quads` (blank nodes `0..blank_count`); `None` if they are not all distinct for
    /// every choice of strings or have more blank nodes than the generic limit allows.
    pub(crate) fn new(quads: &[TemplateQuad], blank_count: u32) -> Option<Template> {
        if blank_count > super::Limits::default().max_blank_nodes {
            return None;
        }
        let mut template = Template {
            texts: String::new(),
            segments: Vec::new(),
            lines: Vec::with_capacity(quads.len()),
            mentions: vec![Vec::new(); blank_count as usize],
            equal_when: Vec::new(),
            groups: Vec::new(),
            literals: Vec::new(),
        };
        for (index, quad) in quads.iter().enumerate() {
            let start = template.segments.len() as u32;
            template.slot(&quad.subject);
            template.text(" ");
            template.term(&quad.predicate);
            template.text(" ");
            template.slot(&quad.object);
            if let Some(graph) = &quad.graph {
                template.text(" ");
                template.slot(graph);
            }
            template.text(" .\n");
            template.lines.push(start..template.segments.len() as u32);
            let mut blanks = [&quad.subject, &quad.object]
                .into_iter()
                .chain(quad.graph.as_ref())
                .filter_map(|slot| match slot {
                    Slot::Fixed(Term::Blank(b)) => Some(*b),
                    _ => None,
                })
                .collect::<Vec<_>>();
            blanks.dedup();
            for b in blanks {
                let list = template.mentions.get_mut(b as usize)?;
                if list.last() != Some(&(index as u32)) {
                    list.push(index as u32);
                }
            }
        }
        for (a, first) in quads.iter().enumerate() {
            for second in &quads[a + 1..] {
                if let Some(conditions) = equal_when(first, second) {
                    if conditions.is_empty() {
                        // Equal whatever the strings: the plan would always carry a duplicate.
                        return None;
                    }
                    template.equal_when.push(conditions);
                }
            }
        }
        template.groups = groups(quads)?;
        let mut literals: Vec<u32> = template
            .segments
            .iter()
            .filter_map(|segment| match segment {
                Segment::Escaped(leaf) => Some(*leaf),
                _ => None,
            })
            .collect();
        literals.sort_unstable();
        literals.dedup();
        template.literals = literals;
        Some(template)
    }

    /// Order each blank node's mentions as its first-degree lines sort for these strings (those
    /// of the document that compiled the shape; see [`Self::canonical`]).
    pub(crate) fn order_mentions(&mut self, leaves: &[&str]) {
        let escaped = vec![None; 0];
        let mut mentions = std::mem::take(&mut self.mentions);
        for (node, quads) in mentions.iter_mut().enumerate() {
            let reference = |b: u32| if b == node as u32 { "_:a" } else { "_:z" };
            let mut lines: Vec<(String, u32)> = quads
                .iter()
                .map(|&quad| {
                    let mut line = String::new();
                    self.write(&mut line, quad as usize, leaves, &escaped, &reference);
                    (line, quad)
                })
                .collect();
            lines.sort();
            *quads = lines.into_iter().map(|(_, quad)| quad).collect();
        }
        self.mentions = mentions;
    }

    /// Append text to the line being prepared (merged with the text before it on that line).
    fn text(&mut self, text: &str) {
        let start = self.texts.len() as u32;
        self.texts.push_str(text);
        let end = self.texts.len() as u32;
        let open = self.lines.last().map_or(0, |line| line.end) as usize;
        if self.segments.len() > open
            && let Some(Segment::Text(last)) = self.segments.last_mut()
            && last.end == start
        {
            last.end = end;
        } else {
            self.segments.push(Segment::Text(start..end));
        }
    }

    fn term(&mut self, term: &Term<'_>) {
        let mut line = String::new();
        crate::rdf::write_term(&mut line, term, &|_, _| {});
        match term {
            Term::Blank(b) => {
                self.segments.push(Segment::Blank(*b));
            }
            _ => self.text(&line),
        }
    }

    fn slot(&mut self, slot: &Slot) {
        match slot {
            Slot::Fixed(term) => self.term(term),
            Slot::Iri(leaf) => {
                self.text("<");
                self.segments.push(Segment::Raw(*leaf));
                self.text(">");
            }
            Slot::Literal {
                leaf,
                datatype,
                language,
            } => {
                self.text("\"");
                self.segments.push(Segment::Escaped(*leaf));
                let mut closing = String::from("\"");
                crate::rdf::write_literal_suffix(&mut closing, datatype, language.as_deref());
                self.text(&closing);
            }
        }
    }

    fn write<'l>(
        &self,
        out: &mut String,
        line: usize,
        leaves: &[&str],
        escaped: &[Option<String>],
        label: &impl Fn(u32) -> &'l str,
    ) {
        let Some(range) = self.lines.get(line) else {
            return;
        };
        for segment in &self.segments[range.start as usize..range.end as usize] {
            match segment {
                Segment::Text(text) => {
                    out.push_str(&self.texts[text.start as usize..text.end as usize])
                }
                Segment::Raw(leaf) => {
                    out.push_str(leaves.get(*leaf as usize).copied().unwrap_or_default())
                }
                Segment::Escaped(leaf) => match escaped.get(*leaf as usize) {
                    Some(Some(escaped)) => out.push_str(escaped),
                    _ => out.push_str(leaves.get(*leaf as usize).copied().unwrap_or_default()),
                },
                Segment::Blank(b) => out.push_str(label(*b)),
            }
        }
    }

    /// SHA-256 of the canonical N-Quads for these strings, or `None` when the generic algorithm
    /// must decide (quads equal for these strings, tied first-degree hashes).
    pub(crate) fn digest(&self, leaves: &[&str]) -> Option<[u8; 32]> {
        Some(Sha256::digest(self.canonical(leaves)?.as_bytes()).into())
    }

    /// The canonical N-Quads for these strings (`None` as for [`Self::digest`]).
    pub(crate) fn canonical(&self, leaves: &[&str]) -> Option<String> {
        let equal = |condition: &Equal| match condition {
            Equal::Leaves(a, b) => leaves.get(*a as usize) == leaves.get(*b as usize),
            Equal::Text(a, text) => leaves.get(*a as usize).is_some_and(|a| *a == &**text),
        };
        if self
            .equal_when
            .iter()
            .any(|conditions| conditions.iter().all(equal))
        {
            return None;
        }
        // Literals that need escaping (rarely any), escaped once.
        let mut escaped: Vec<Option<String>> = Vec::new();
        for &leaf in &self.literals {
            let text = leaves.get(leaf as usize).copied().unwrap_or_default();
            if needs_escape(text.as_bytes()) {
                if escaped.is_empty() {
                    escaped.resize(leaves.len(), None);
                }
                let mut out = String::with_capacity(text.len() + 8);
                escape_literal(&mut out, text);
                escaped[leaf as usize] = Some(out);
            }
        }
        // First-degree hashes (RDFC-1.0 §4.6), one buffer for all lines.
        let mut buffer = String::with_capacity(2048);
        let mut ranges: Vec<Range<usize>> = Vec::with_capacity(16);
        let mut hashed: Vec<([u8; 32], u32)> = Vec::with_capacity(self.mentions.len());
        for (node, quads) in self.mentions.iter().enumerate() {
            if quads.is_empty() {
                continue;
            }
            let node = node as u32;
            let reference = |b: u32| if b == node { "_:a" } else { "_:z" };
            buffer.clear();
            ranges.clear();
            for &quad in quads {
                let start = buffer.len();
                self.write(&mut buffer, quad as usize, leaves, &escaped, &reference);
                ranges.push(start..buffer.len());
            }
            let line = |range: &Range<usize>| &buffer[range.clone()];
            // Mentions are kept in the order of the document that compiled the shape, which
            // is nearly always the sorted order: then the lines are hashed in one piece.
            let sorted = ranges
                .windows(2)
                .all(|pair| line(&pair[0]) <= line(&pair[1]));
            let mut hasher = Sha256::new();
            if sorted {
                hasher.update(buffer.as_bytes());
            } else {
                ranges.sort_unstable_by(|a, b| line(a).cmp(line(b)));
                for range in &ranges {
                    hasher.update(line(range).as_bytes());
                }
            }
            hashed.push((hasher.finalize().into(), node));
        }
        hashed.sort_unstable();
        if hashed.windows(2).any(|pair| pair[0].0 == pair[1].0) {
            return None;
        }
        let mut labels = vec![u32::MAX; self.mentions.len()];
        for (canonical, (_, node)) in hashed.iter().enumerate() {
            labels[*node as usize] = canonical as u32;
        }
        // Each node's canonical label written once: `_:c14n` and its number.
        let mut rendered = String::with_capacity(12 * labels.len());
        let mut ends = Vec::with_capacity(labels.len());
        for &number in &labels {
            rendered.push_str("_:c14n");
            super::push_decimal(&mut rendered, number);
            ends.push(rendered.len());
        }
        let label = |b: u32| {
            let b = b as usize;
            let start = if b == 0 {
                0
            } else {
                ends.get(b - 1).copied().unwrap_or(0)
            };
            rendered
                .get(start..ends.get(b).copied().unwrap_or(start))
                .unwrap_or("")
        };
        // The groups in their subjects' order, then each group's lines (see `Group`).
        let mut names = String::with_capacity(64 * self.groups.len());
        let mut order: Vec<(Range<usize>, &Group)> = Vec::with_capacity(self.groups.len());
        for group in &self.groups {
            let start = names.len();
            match &group.subject {
                Subject::Text(text) => names.push_str(text),
                Subject::Iri(leaf) => {
                    names.push('<');
                    names.push_str(leaves.get(*leaf as usize).copied().unwrap_or_default());
                    names.push('>');
                }
                Subject::Blank(b) => names.push_str(label(*b)),
            }
            order.push((start..names.len(), group));
        }
        order.sort_unstable_by(|a, b| names[a.0.clone()].cmp(&names[b.0.clone()]));
        let mut joined = String::with_capacity(self.texts.len() + 64 * self.lines.len());
        if order
            .windows(2)
            .any(|pair| names[pair[0].0.clone()] == names[pair[1].0.clone()])
        {
            // Two subject slots name one node for these strings: sort every line.
            let mut buffer = String::with_capacity(joined.capacity());
            let mut ranges = Vec::with_capacity(self.lines.len());
            for line in 0..self.lines.len() {
                let start = buffer.len();
                self.write(&mut buffer, line, leaves, &escaped, &label);
                ranges.push(start..buffer.len());
            }
            ranges.sort_unstable_by(|a, b| buffer[a.clone()].cmp(&buffer[b.clone()]));
            for range in ranges {
                joined.push_str(&buffer[range]);
            }
            return Some(joined);
        }
        let mut scratch = String::new();
        let mut tied: Vec<Range<usize>> = Vec::new();
        for (_, group) in order {
            let mut next = 0;
            for tie in &group.ties {
                for &quad in &group.lines[next..tie.start] {
                    self.write(&mut joined, quad as usize, leaves, &escaped, &label);
                }
                scratch.clear();
                tied.clear();
                for &quad in &group.lines[tie.clone()] {
                    let start = scratch.len();
                    self.write(&mut scratch, quad as usize, leaves, &escaped, &label);
                    tied.push(start..scratch.len());
                }
                tied.sort_unstable_by(|a, b| scratch[a.clone()].cmp(&scratch[b.clone()]));
                for range in &tied {
                    joined.push_str(&scratch[range.clone()]);
                }
                next = tie.end;
            }
            for &quad in &group.lines[next..] {
                self.write(&mut joined, quad as usize, leaves, &escaped, &label);
            }
        }
        Some(joined)
    }
}
