//! Expansion to RDF compiled per document shape: the fast path of safe-mode [`to_rdf`].
//!
//! Why: a register issues and verifies thousands of credentials of a few shapes (same keys,
//! contexts and types; other values differ). The generic expander re-derives, for every
//! document, which term each key is, which scoped contexts apply and what each value becomes,
//! and builds an expanded tree before writing RDF: ~20 µs of a ~57 µs issuance. Here a shape's
//! RDF is derived once, from a *probe* copy of the document whose data strings are replaced by
//! numbered probe IRIs, through the generic pipeline; later documents of that shape are written
//! by substituting their strings into the probe's quads.
//!
//! What makes the substitution exact: expansion depends on a document's keys, its structure,
//! the kinds of its values (string, number, …) and its `@context`, `type` and other keyword
//! values — all part of the shape, compared exactly — and on its other strings only through
//! IRI expansion. A data string either stays a literal's lexical form, verbatim, or is expanded
//! as an IRI. The probe shows which, per string; a string expanded as an IRI is substituted only
//! when its expansion is itself (an absolute IRI that is no term and whose prefix is no term of
//! any context the processor has loaded), otherwise the generic pipeline runs. A shape compiles
//! only when every probe shows up whole (never inside another term), and its first compilation
//! is checked against the generic result of the document that compiled it.
//!
//! [`to_rdf`]: super::to_rdf

use super::iri::is_absolute_iri;
use super::{Options, RootedDataset};
use crate::rdf::{Dataset, Quad, Term};
use crate::rdfc::template::{Slot, Template, TemplateQuad};
use foldhash::HashSet;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;

/// Probes are absolute IRIs (so they survive IRI expansion unchanged) no credential uses.
const PROBE: &str = "urn:x-microcred-probe:";
const PROBE_MARK: &str = "x-microcred-probe";
/// Shapes remembered per process; the cache is emptied when full (a hostile mix of shapes
/// costs recompilation, never memory).
const MAX_PLANS: usize = 256;
/// Shapes seen once and not compiled yet: a shape compiles on its second sighting, so a stream
/// of one-off documents never pays for compilation.
const MAX_SIGHTINGS: usize = 4096;
/// Deeper documents take the generic path (the strict reader allows 100 levels).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unused,
    Iri,
    Literal,
}

/// A shape's RDF with its data strings left as holes.
#[derive(Debug)]
pub(crate) struct Plan {
    quads: Vec<TemplateQuad>,
    blank_count: u32,
    root: Option<Slot>,
    kinds: Vec<Kind>,
    /// Every key of every context document loaded when the plan was made: a superset of the
    /// terms that could turn a string into another IRI.
    terms: Arc<HashSet<String>>,
    /// Whether a term has a colon: only then can an absolute IRI be a term itself.
    colon_terms: bool,
    /// Per string, the IRI the compiling document had there if it expands to itself: a
    /// document with the same IRI (most of an offering's) needs no second look at it.
    verified: Vec<Option<Box<str>>>,
    /// The canonicalization prepared for the shape (`None`: only the RDF is compiled).
    template: Option<Template>,
}

/// A document read for the fast path: its shape (the cache key) and its data strings in order.
pub(crate) struct Shape<'a> {
    /// Tagged pieces, each text ended by 0xFF (a byte UTF-8 never has): no two shapes share it.
    key: Vec<u8>,
    leaves: Vec<&'a str>,
}

/// Values of these keys are part of the shape; strings elsewhere are data.
fn structural_key(key: &str) -> bool {
    key == "type"
        || (key.starts_with('@')
            && !matches!(
                key,
                "@id" | "@value" | "@graph" | "@list" | "@set" | "@included" | "@reverse" | "@nest"
            ))
}

/// Append a tagged text, ended by 0xFF (never in UTF-8), so that no two shapes share a key.
fn push_text(out: &mut Vec<u8>, tag: u8, text: &str) {
    out.push(tag);
    out.extend_from_slice(text.as_bytes());
    out.push(0xFF);
}

/// Only references to loaded documents: their keys are the term set's source, so a document
/// with a context of its own takes the generic path.
fn plain_context(value: &Value) -> bool {
    match value {
        Value::String(_) => true,
        Value::Array(items) => items.iter().all(Value::is_string),
        _ => false,
    }
}

/// The options the fast path serves: safe mode, no base, nothing else (what signing and
/// verifying use).
pub(crate) fn applies(options: &Options<'_>) -> bool {
    options.safe
        && options.base.is_none()
        && options.rdf_direction.is_none()
        && options.expand_context.is_none()
}

impl<'a> Shape<'a> {
    /// Read a document's shape; `None` when it has embedded contexts or is too deep (the generic
    /// path serves those).
    pub(crate) fn of(document: &'a Value, skip_root_key: Option<&str>) -> Option<Shape<'a>> {
        let mut shape = Shape {
            key: Vec::with_capacity(4096),
            leaves: Vec::with_capacity(128),
        };
        let Value::Object(map) = document else {
            return None;
        };
        shape.key.push(b'{');
        for (key, value) in map {
            if Some(key.as_str()) == skip_root_key {
                continue;
            }
            shape.entry(key, value, false, 1)?;
        }
        shape.key.push(b'}');
        Some(shape)
    }

    /// An object's entry; under a `structural` key everything is kept whole.
    fn entry(&mut self, key: &str, value: &'a Value, structural: bool, depth: usize) -> Option<()> {
        push_text(&mut self.key, b'k', key);
        if key == "@context" && !plain_context(value) {
            return None;
        }
        self.value(value, structural || structural_key(key), depth)
    }

    /// A value: its strings are data, or kept whole in the shape when `structural` (keyword
    /// values and types).
    fn value(&mut self, value: &'a Value, structural: bool, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match value {
            Value::String(text) if structural => push_text(&mut self.key, b'S', text),
            Value::String(text) => {
                self.key.push(b's');
                self.leaves.push(text);
            }
            Value::Array(items) => {
                self.key.push(b'[');
                for item in items {
                    self.value(item, structural, depth + 1)?;
                }
                self.key.push(b']');
            }
            Value::Object(map) => {
                self.key.push(b'{');
                for (key, value) in map {
                    self.entry(key, value, structural, depth + 1)?;
                }
                self.key.push(b'}');
            }
            other => self.scalar(other),
        }
        Some(())
    }

    /// Numbers, booleans and null are part of the shape (their RDF depends on their form).
    fn scalar(&mut self, value: &Value) {
        match value {
            Value::Number(number) => {
                let text = number.to_string();
                push_text(&mut self.key, b'n', &text);
            }
            Value::Bool(true) => self.key.push(b't'),
            Value::Bool(false) => self.key.push(b'f'),
            _ => self.key.push(b'z'),
        }
    }
}

/// A copy of `document` with data string `n` replaced by probe `n`, in [`Shape::of`]'s order.
fn probe_copy(document: &Value, skip_root_key: Option<&str>) -> Value {
    fn copy(value: &Value, structural: bool, next: &mut u32) -> Value {
        match value {
            Value::String(_) if !structural => {
                let probe = format!("{PROBE}{next}");
                *next += 1;
                Value::String(probe)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| copy(item, structural, next))
                    .collect(),
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(key, value)| {
                        let structural = structural || structural_key(key);
                        (key.clone(), copy(value, structural, next))
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    let mut next = 0;
    match document {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| Some(key.as_str()) != skip_root_key)
                .map(|(key, value)| (key.clone(), copy(value, structural_key(key), &mut next)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The probe number a term stands for, if it is exactly a probe.
fn probe_number(text: &str) -> Option<u32> {
    let digits = text.strip_prefix(PROBE)?;
    let number: u32 = digits.parse().ok()?;
    (number.to_string() == digits).then_some(number)
}

/// Whether a term holds a probe anywhere but as a whole literal value (or when `whole`, also
/// there): an IRI made from a probe, a JSON literal of one, a probe as language or datatype.
fn marked(term: &Term<'_>, whole: bool) -> bool {
    match term {
        Term::Iri(iri) => iri.contains(PROBE_MARK),
        Term::Blank(_) => false,
        Term::Literal {
            value,
            datatype,
            language,
        } => {
            (whole && value.contains(PROBE_MARK))
                || datatype.contains(PROBE_MARK)
                || language.as_deref().is_some_and(|l| l.contains(PROBE_MARK))
        }
    }
}

/// A term that holds no probe, kept for every document of the shape.
fn fixed(term: &Term<'_>) -> Option<Term<'static>> {
    if marked(term, true) {
        // Not substitutable.
        return None;
    }
    Some(match term {
        Term::Iri(iri) => Term::Iri(iri.clone()),
        Term::Blank(b) => Term::Blank(*b),
        Term::Literal {
            value,
            datatype,
            language,
        } => Term::Literal {
            value: Cow::Owned(value.to_string()),
            datatype: datatype.clone(),
            language: language.clone(),
        },
    })
}

impl Plan {
    /// Compile a plan from the generic RDF of a probe document with `leaves` data strings.
    fn from_probe(
        dataset: &Dataset<'_>,
        root: Option<&Term<'_>>,
        leaves: usize,
        terms: Arc<HashSet<String>>,
    ) -> Option<Plan> {
        let mut kinds = vec![Kind::Unused; leaves];
        let mut slot = |term: &Term<'_>| -> Option<Slot> {
            let (number, kind) = match term {
                Term::Iri(iri) => (probe_number(iri), Kind::Iri),
                Term::Literal { value, .. } => (probe_number(value), Kind::Literal),
                Term::Blank(_) => (None, Kind::Unused),
            };
            let Some(number) = number else {
                return fixed(term).map(Slot::Fixed);
            };
            if kind == Kind::Literal && marked(term, false) {
                return None;
            }
            let seen = kinds.get_mut(number as usize)?;
            if *seen != Kind::Unused && *seen != kind {
                return None;
            }
            *seen = kind;
            Some(match term {
                Term::Literal {
                    datatype, language, ..
                } => Slot::Literal {
                    leaf: number,
                    datatype: datatype.clone(),
                    language: language.clone(),
                },
                _ => Slot::Iri(number),
            })
        };
        let mut quads = Vec::with_capacity(dataset.quads.len());
        for quad in &dataset.quads {
            quads.push(TemplateQuad {
                subject: slot(&quad.subject)?,
                predicate: fixed(&quad.predicate)?,
                object: slot(&quad.object)?,
                graph: match &quad.graph {
                    Some(graph) => Some(slot(graph)?),
                    None => None,
                },
            });
        }
        let root = match root {
            Some(root) => Some(slot(root)?),
            None => None,
        };
        // A string that left no trace might still have mattered: such shapes stay generic.
        if kinds.contains(&Kind::Unused) {
            return None;
        }
        let template = Template::new(&quads, dataset.blank_count);
        Some(Plan {
            quads,
            blank_count: dataset.blank_count,
            root,
            kinds,
            colon_terms: terms.iter().any(|term| term.contains(':')),
            verified: Vec::new(),
            terms,
            template,
        })
    }

    /// The RDF of a document of this plan's shape, or `None` when one of its IRI strings would
    /// not expand to itself (the generic path then decides).
    fn fill<'a>(&self, leaves: &[&'a str]) -> Option<RootedDataset<'a>> {
        if !self.usable(leaves) {
            return None;
        }
        self.fill_usable(leaves)
    }

    /// [`Self::fill`] for strings [`Self::usable`] accepted.
    fn fill_usable<'a>(&self, leaves: &[&'a str]) -> Option<RootedDataset<'a>> {
        let iris: Vec<Option<Arc<str>>> = leaves
            .iter()
            .zip(&self.kinds)
            .map(|(leaf, kind)| (*kind == Kind::Iri).then(|| Arc::from(*leaf)))
            .collect();
        let term = |slot: &Slot| -> Option<Term<'a>> {
            Some(match slot {
                Slot::Fixed(term) => term.clone(),
                Slot::Iri(leaf) => Term::Iri(iris.get(*leaf as usize)?.clone()?),
                Slot::Literal {
                    leaf,
                    datatype,
                    language,
                } => Term::Literal {
                    value: Cow::Borrowed(leaves.get(*leaf as usize)?),
                    datatype: datatype.clone(),
                    language: language.clone(),
                },
            })
        };
        let mut quads = Vec::with_capacity(self.quads.len());
        for quad in &self.quads {
            quads.push(Quad {
                subject: term(&quad.subject)?,
                predicate: quad.predicate.clone(),
                object: term(&quad.object)?,
                graph: match &quad.graph {
                    Some(graph) => Some(term(graph)?),
                    None => None,
                },
            });
        }
        let root = match &self.root {
            Some(root) => Some(term(root)?),
            None => None,
        };
        let dataset = Dataset {
            quads,
            blank_count: self.blank_count,
        };
        Some((dataset, root))
    }

    /// Whether these strings fit the plan: as many as it has, and each IRI one that expansion
    /// leaves as it is.
    fn usable(&self, leaves: &[&str]) -> bool {
        leaves.len() == self.kinds.len()
            && leaves
                .iter()
                .zip(&self.kinds)
                .enumerate()
                .all(|(at, (leaf, kind))| {
                    *kind != Kind::Iri
                        || self.verified.get(at).and_then(Option::as_deref) == Some(*leaf)
                        || self.verbatim_iri(leaf)
                })
    }

    /// Drop the template if its digest for the compiling document's strings is not the generic
    /// canonicalization's of `generic` (one that cannot decide for them, for tied hashes say,
    /// is kept: it falls back document by document).
    fn check_template(&mut self, leaves: &[&str], generic: &Dataset<'_>) {
        let Some(digest) = self.template.as_ref().and_then(|t| t.digest(leaves)) else {
            return;
        };
        let expected = crate::rdfc::canonical_lines(generic).map(|lines| lines.sha256());
        if expected.ok() != Some(digest) {
            self.template = None;
        }
    }

    /// Remember the IRI strings of `leaves` that expand to themselves (see `verified`).
    fn remember_verified(&mut self, leaves: &[&str]) {
        self.verified = leaves
            .iter()
            .zip(&self.kinds)
            .map(|(leaf, kind)| {
                (*kind == Kind::Iri && self.verbatim_iri(leaf)).then(|| Box::from(*leaf))
            })
            .collect();
    }

    /// SHA-256 of the canonical N-Quads of a document of this shape (`None`: the generic path
    /// must decide).
    #[cfg(test)]
    fn digest(&self, leaves: &[&str]) -> Option<[u8; 32]> {
        if !self.usable(leaves) {
            return None;
        }
        self.template.as_ref()?.digest(leaves)
    }

    /// Whether IRI expansion leaves `value` as it is, in any of the contexts involved: an
    /// absolute IRI, no blank node label, no term, and no compact IRI of a term prefix.
    fn verbatim_iri(&self, value: &str) -> bool {
        if value.starts_with("_:")
            || !is_absolute_iri(value)
            || (self.colon_terms && self.terms.contains(value))
        {
            return false;
        }
        match value.find(':') {
            Some(colon) => {
                value[colon + 1..].starts_with("//") || !self.terms.contains(&value[..colon])
            }
            None => false,
        }
    }
}

impl Plan {
    /// The document's RDF (when `rdf`) and the SHA-256 of its canonical N-Quads (when `digest`)
    /// through this plan; `None` when the generic path must decide.
    pub(crate) fn apply<'a>(
        &self,
        shape: &Shape<'a>,
        rdf: bool,
        digest: bool,
    ) -> Option<(Option<RootedDataset<'a>>, Option<[u8; 32]>)> {
        let leaves = &shape.leaves;
        if !self.usable(leaves) {
            return None;
        }
        let digest = match digest {
            true => Some(self.template.as_ref()?.digest(leaves)?),
            false => None,
        };
        let rdf = match rdf {
            true => Some(self.fill_usable(leaves)?),
            false => None,
        };
        Some((rdf, digest))
    }
}

mod cache;
pub(crate) use cache::{Lookup, compile, lookup};
#[cfg(test)]
use cache::{build, plans, same};

#[cfg(test)]
mod tests;
