//! The signed data of a document as a graph, and the one place credentials are read from.
//!
//! Why: JSON-LD writes the same RDF in many spellings — `type` or `@type`, a string or an
//! array, a term or its full IRI as key, a value or `{"@value": …}` — and the signature covers
//! the RDF, not the spelling. A reader of the raw JSON can be shown one thing while another was
//! signed (issue 8: revoked credentials passed by spelling their status entry differently, and
//! `{"@index": "forged", "@value": "signed"}` showed the forged text). So every check and every
//! fact shown is read here, from the triples the signature covers.

use crate::rdf::{Dataset, RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, Term, XSD_STRING};
use std::sync::Arc;

/// A node of the graph: an IRI or a blank node (numbered as in the dataset).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Iri(Arc<str>),
    Blank(u32),
}

impl Node {
    pub fn iri(&self) -> Option<&str> {
        match self {
            Node::Iri(iri) => Some(iri),
            Node::Blank(_) => None,
        }
    }
}

/// A literal: its lexical form, datatype IRI and language tag (lower case) if any.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Literal {
    pub value: String,
    pub datatype: Arc<str>,
    pub language: Option<Arc<str>>,
}

/// The object of a triple.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Object {
    Node(Node),
    Literal(Literal),
}

impl Object {
    pub fn node(&self) -> Option<&Node> {
        match self {
            Object::Node(node) => Some(node),
            Object::Literal(_) => None,
        }
    }

    pub fn literal(&self) -> Option<&Literal> {
        match self {
            Object::Literal(literal) => Some(literal),
            Object::Node(_) => None,
        }
    }

    /// An IRI object as text.
    pub fn iri(&self) -> Option<&str> {
        self.node().and_then(Node::iri)
    }
}

/// The default graph of a dataset with its root node (the document's own node), indexed by
/// subject and predicate. Owned: it outlives the JSON it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    root: Node,
    /// Sorted by subject, then predicate, then object.
    triples: Vec<(Node, Arc<str>, Object)>,
    /// Each subject with where its triples start: a lookup searches the few subjects, then
    /// scans that subject's few predicates for equal text (a binary search over all triples
    /// compared long shared IRI prefixes at every step; it was most of a report's content rows).
    subjects: Vec<(Node, usize)>,
}

fn node_of(term: &Term<'_>) -> Option<Node> {
    match term {
        Term::Iri(iri) => Some(Node::Iri(iri.clone())),
        Term::Blank(id) => Some(Node::Blank(*id)),
        Term::Literal { .. } => None,
    }
}

fn object_of(term: &Term<'_>) -> Object {
    match term {
        Term::Literal {
            value,
            datatype,
            language,
        } => Object::Literal(Literal {
            value: value.to_string(),
            datatype: datatype.clone(),
            language: language.clone(),
        }),
        Term::Iri(iri) => Object::Node(Node::Iri(iri.clone())),
        Term::Blank(id) => Object::Node(Node::Blank(*id)),
    }
}

/// `a.cmp(b)`, without reading the text when both are one allocation.
fn shared_order(a: &Arc<str>, b: &Arc<str>) -> std::cmp::Ordering {
    if Arc::ptr_eq(a, b) {
        std::cmp::Ordering::Equal
    } else {
        a.cmp(b)
    }
}

/// The derived order of [`Node`] through [`shared_order`].
fn node_order(a: &Node, b: &Node) -> std::cmp::Ordering {
    match (a, b) {
        (Node::Iri(a), Node::Iri(b)) => shared_order(a, b),
        _ => a.cmp(b),
    }
}

/// The derived order of [`Object`] through [`shared_order`].
fn object_order(a: &Object, b: &Object) -> std::cmp::Ordering {
    match (a, b) {
        (Object::Node(a), Object::Node(b)) => node_order(a, b),
        (Object::Literal(a), Object::Literal(b)) => a
            .value
            .cmp(&b.value)
            .then_with(|| shared_order(&a.datatype, &b.datatype))
            .then_with(|| a.language.cmp(&b.language)),
        _ => a.cmp(b),
    }
}

impl Graph {
    /// The default graph of `dataset`, rooted at `root` (named graphs — a proof's — are left out).
    pub fn new(dataset: &Dataset<'_>, root: &Term<'_>) -> Option<Graph> {
        let root = node_of(root)?;
        let mut triples: Vec<(Node, Arc<str>, Object)> = dataset
            .quads
            .iter()
            .filter(|quad| quad.graph.is_none())
            .filter_map(|quad| {
                let subject = node_of(&quad.subject)?;
                let Term::Iri(predicate) = &quad.predicate else {
                    return None;
                };
                Some((subject, predicate.clone(), object_of(&quad.object)))
            })
            .collect();
        // The derived order, but shared IRIs (most subjects and predicates) compare by address.
        triples.sort_unstable_by(|a, b| {
            node_order(&a.0, &b.0)
                .then_with(|| shared_order(&a.1, &b.1))
                .then_with(|| object_order(&a.2, &b.2))
        });
        triples.dedup();
        let mut subjects: Vec<(Node, usize)> = Vec::new();
        for (index, (subject, _, _)) in triples.iter().enumerate() {
            if subjects.last().is_none_or(|(last, _)| last != subject) {
                subjects.push((subject.clone(), index));
            }
        }
        Some(Graph {
            root,
            triples,
            subjects,
        })
    }

    pub fn root(&self) -> &Node {
        &self.root
    }

    /// Every object of `subject`'s `predicate`, in a fixed order (RDF has none of its own).
    pub fn objects<'g>(
        &'g self,
        subject: &'g Node,
        predicate: &'g str,
    ) -> impl Iterator<Item = &'g Object> + 'g {
        let run = match self.subjects.binary_search_by(|(s, _)| s.cmp(subject)) {
            Ok(found) => {
                let end = self
                    .subjects
                    .get(found + 1)
                    .map_or(self.triples.len(), |(_, start)| *start);
                &self.triples[self.subjects[found].1..end]
            }
            Err(_) => &[],
        };
        run.iter()
            .skip_while(move |(_, p, _)| &**p != predicate)
            .take_while(move |(_, p, _)| &**p == predicate)
            .map(|(_, _, object)| object)
    }

    /// The node objects of `subject`'s `predicate`.
    pub fn nodes<'g>(
        &'g self,
        subject: &'g Node,
        predicate: &'g str,
    ) -> impl Iterator<Item = &'g Node> + 'g {
        self.objects(subject, predicate).filter_map(Object::node)
    }

    /// The literal objects of `subject`'s `predicate`.
    pub fn literals<'g>(
        &'g self,
        subject: &'g Node,
        predicate: &'g str,
    ) -> impl Iterator<Item = &'g Literal> + 'g {
        self.objects(subject, predicate).filter_map(Object::literal)
    }

    /// The IRIs among the objects of `subject`'s `predicate`.
    pub fn iris<'g>(
        &'g self,
        subject: &'g Node,
        predicate: &'g str,
    ) -> impl Iterator<Item = &'g str> + 'g {
        self.objects(subject, predicate).filter_map(Object::iri)
    }

    /// The `rdf:type` IRIs of a node.
    pub fn types<'g>(&'g self, subject: &'g Node) -> impl Iterator<Item = &'g str> + 'g {
        self.iris(subject, RDF_TYPE)
    }

    pub fn has_type(&self, subject: &Node, type_iri: &str) -> bool {
        self.types(subject).any(|t| t == type_iri)
    }

    /// The one object of `subject`'s `predicate`: `Ok(None)` if there is none, an error naming
    /// how many there are if there are several (a reader must not pick one silently).
    pub fn single<'g>(
        &'g self,
        subject: &'g Node,
        predicate: &'g str,
    ) -> Result<Option<&'g Object>, usize> {
        let mut objects = self.objects(subject, predicate);
        let first = objects.next();
        let more = objects.count();
        if more > 0 { Err(more + 1) } else { Ok(first) }
    }

    /// The items of an RDF list starting at `head` (bounded: a cyclic list ends).
    pub fn list<'g>(&'g self, head: &'g Object) -> Vec<&'g Object> {
        let mut items = Vec::new();
        let mut current = head;
        while let Some(node) = current.node() {
            if node.iri() == Some(RDF_NIL) || items.len() > self.triples.len() {
                break;
            }
            let Some(first) = self.objects(node, RDF_FIRST).next() else {
                break;
            };
            items.push(first);
            match self.objects(node, RDF_REST).next() {
                Some(rest) => current = rest,
                None => break,
            }
        }
        items
    }

    /// Number of triples in the default graph.
    pub fn len(&self) -> usize {
        self.triples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.triples.is_empty()
    }
}

impl Literal {
    /// True for a plain string (`xsd:string`) or a language-tagged string.
    pub fn is_text(&self) -> bool {
        self.language.is_some() || &*self.datatype == XSD_STRING
    }
}

#[cfg(test)]
mod tests {
    use super::{Graph, Literal, Node, Object};
    use crate::rdf::{Dataset, Quad, Term};
    use std::borrow::Cow;
    use std::sync::Arc;

    #[test]
    fn triples_sort_as_the_derived_order_with_shared_and_separate_iris() {
        // The same texts as one allocation and as separate ones, blank nodes and literals.
        let shared: Vec<Arc<str>> = ["https://a.example/x", "https://a.example/x#y", "https://b"]
            .into_iter()
            .map(Arc::from)
            .collect();
        let mut terms: Vec<Term<'static>> = Vec::new();
        for iri in &shared {
            terms.push(Term::Iri(iri.clone()));
            terms.push(Term::Iri(Arc::from(&**iri)));
        }
        terms.push(Term::Blank(0));
        terms.push(Term::Blank(3));
        let mut objects = terms.clone();
        for value in ["b", "a", "a"] {
            for datatype in [&shared[0], &shared[2]] {
                objects.push(Term::Literal {
                    value: Cow::Borrowed(value),
                    datatype: datatype.clone(),
                    language: None,
                });
            }
        }
        let mut quads = Vec::new();
        for (i, subject) in terms.iter().enumerate() {
            for (j, object) in objects.iter().enumerate() {
                let predicate = &shared[(i + j) % shared.len()];
                quads.push(Quad {
                    subject: subject.clone(),
                    predicate: Term::Iri(predicate.clone()),
                    object: object.clone(),
                    graph: None,
                });
            }
        }
        quads.reverse();
        let dataset = Dataset {
            quads,
            blank_count: 4,
        };
        let graph = Graph::new(&dataset, &Term::Blank(0)).unwrap();
        let mut expected = graph.triples.clone();
        expected.sort();
        expected.dedup();
        assert_eq!(graph.triples, expected);
        assert!(
            graph.triples.len() < dataset.quads.len(),
            "duplicates removed"
        );
        let literal = Object::Literal(Literal {
            value: "a".into(),
            datatype: shared[2].clone(),
            language: None,
        });
        let subject = Node::Iri(Arc::from("https://b"));
        assert!(graph.objects(&subject, "https://a.example/x").count() > 0);
        assert!(graph.triples.iter().any(|(_, _, o)| *o == literal));
        // Every lookup, of subjects and predicates there and not there, finds what a scan of
        // all triples finds, in the same order.
        let mut subjects: Vec<Node> = graph.triples.iter().map(|(s, _, _)| s.clone()).collect();
        subjects.extend([
            Node::Blank(9),
            Node::Iri(Arc::from("https://a")),
            Node::Iri(Arc::from("https://c")),
        ]);
        for subject in &subjects {
            for predicate in [
                "https://a.example/x",
                "https://a.example/x#y",
                "https://b",
                "https://a",
                "https://z",
            ] {
                let scanned: Vec<&Object> = graph
                    .triples
                    .iter()
                    .filter(|(s, p, _)| s == subject && &**p == predicate)
                    .map(|(_, _, o)| o)
                    .collect();
                let found: Vec<&Object> = graph.objects(subject, predicate).collect();
                assert_eq!(found, scanned, "{subject:?} {predicate}");
            }
        }
    }
}
