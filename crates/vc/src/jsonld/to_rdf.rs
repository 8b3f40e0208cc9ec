//! Expanded JSON-LD to RDF quads (API §8.1), walking node objects directly instead of building a
//! node map first: the same triples (datasets are sets; canonicalization drops duplicates), one
//! pass less, and IRIs shared with the active context instead of copied.

use super::expanded::{Id, Item, Literal, Node, Text, ValueObject};
use super::iri::is_absolute_iri;
use super::literals::{canonical_double, canonical_json};
use crate::rdf::{
    Dataset, Quad, RDF_FIRST, RDF_LANG_STRING, RDF_NIL, RDF_REST, RDF_TYPE, Term, XSD_STRING,
};
use foldhash::HashMap;
use serde_json::Value;
use std::borrow::Cow;
use std::sync::Arc;

const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
const XSD_DOUBLE: &str = "http://www.w3.org/2001/XMLSchema#double";
const RDF_JSON: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON";
const RDF_VALUE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value";
const RDF_LANGUAGE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#language";
const RDF_DIRECTION: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#direction";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RdfDirection {
    I18nDatatype,
    CompoundLiteral,
}

/// Interned constant IRIs, so that every `rdf:type` quad does not allocate its predicate.
struct Constants {
    rdf_type: Arc<str>,
    rdf_first: Arc<str>,
    rdf_rest: Arc<str>,
    rdf_nil: Arc<str>,
    xsd_string: Arc<str>,
    lang_string: Arc<str>,
}

pub(crate) struct RdfWriter<'a> {
    pub dataset: Dataset<'a>,
    labels: HashMap<String, u32>,
    /// Context IRIs already checked, by address: the same few predicate and type IRIs recur in
    /// every credential, and re-validating them showed up at ~5% of issuing.
    checked: HashMap<(usize, usize), Option<Term<'a>>>,
    rdf_direction: Option<RdfDirection>,
    constants: Constants,
    /// Safe mode: remember the first thing that does not become RDF (so is not signed).
    strict: bool,
    pub dropped: Option<String>,
    /// The subject of the document's one top-level node (a credential's own node).
    pub root: Option<Term<'a>>,
}

impl<'a> RdfWriter<'a> {
    /// A writer that, when `strict`, notes in [`Self::dropped`] the first part of the document
    /// that does not become RDF.
    pub fn new(rdf_direction: Option<RdfDirection>, strict: bool) -> Self {
        RdfWriter {
            dataset: Dataset {
                quads: Vec::with_capacity(128),
                blank_count: 0,
            },
            labels: HashMap::default(),
            checked: HashMap::with_capacity_and_hasher(64, Default::default()),
            rdf_direction,
            constants: Constants {
                rdf_type: RDF_TYPE.into(),
                rdf_first: RDF_FIRST.into(),
                rdf_rest: RDF_REST.into(),
                rdf_nil: RDF_NIL.into(),
                xsd_string: XSD_STRING.into(),
                lang_string: RDF_LANG_STRING.into(),
            },
            strict,
            dropped: None,
            root: None,
        }
    }

    /// Note something that the RDF leaves out (only the first one is kept).
    fn dropping(&mut self, what: impl FnOnce() -> String) {
        if self.strict && self.dropped.is_none() {
            self.dropped = Some(what());
        }
    }

    fn fresh_blank(&mut self) -> Term<'a> {
        let id = self.dataset.blank_count;
        self.dataset.blank_count += 1;
        Term::Blank(id)
    }

    /// A node identifier as a term; `None` if it is not a well-formed IRI (the triple is dropped).
    fn node_term(&mut self, id: &Text<'_>) -> Option<Term<'a>> {
        if let Some(label) = id.strip_prefix("_:") {
            if let Some(&existing) = self.labels.get(label) {
                return Some(Term::Blank(existing));
            }
            let Term::Blank(new) = self.fresh_blank() else {
                return None;
            };
            self.labels.insert(label.to_owned(), new);
            Some(Term::Blank(new))
        } else if let Text::Shared(shared) = id {
            // Context IRIs (predicates, types) recur in every credential: validate each once.
            // The items being written keep these Arcs alive, so addresses cannot be reused.
            let key = (Arc::as_ptr(shared) as *const u8 as usize, shared.len());
            if let Some(term) = self.checked.get(&key) {
                return term.clone();
            }
            let term = is_absolute_iri(shared).then(|| Term::Iri(shared.clone()));
            self.checked.insert(key, term.clone());
            term
        } else {
            is_absolute_iri(id).then(|| Term::Iri(id.to_arc()))
        }
    }

    fn emit(
        &mut self,
        subject: &Term<'a>,
        predicate: &Term<'a>,
        object: Term<'a>,
        graph: &Option<Term<'a>>,
    ) {
        self.dataset.quads.push(Quad {
            subject: subject.clone(),
            predicate: predicate.clone(),
            object,
            graph: graph.clone(),
        });
    }

    /// Emit the quads of the top-level expanded document.
    pub fn document(&mut self, items: &[Item<'a>]) {
        for item in items {
            if let Item::Node(node) = item {
                let subject = self.node(node, &None);
                if items.len() == 1 {
                    self.root = subject;
                }
            }
        }
    }

    /// Emit a node object's quads in `graph`; return its subject (None if its @id is unusable).
    fn node(&mut self, node: &Node<'a>, graph: &Option<Term<'a>>) -> Option<Term<'a>> {
        let subject = match &node.id {
            Id::Iri(id) => self.node_term(id),
            Id::Null => None,
            Id::Absent => Some(self.fresh_blank()),
        };
        if subject.is_none() {
            self.dropping(|| match &node.id {
                Id::Iri(id) => format!("the node identifier \"{}\" (not an absolute IRI)", &**id),
                _ => "a node whose @id expands to nothing".to_owned(),
            });
        }
        if node.index.is_some() {
            self.dropping(|| "an \"@index\" on a node".to_owned());
        }
        if let Some(subject) = &subject {
            let predicate = Term::Iri(self.constants.rdf_type.clone());
            for value in &node.types {
                match self.node_term(value) {
                    Some(object) => self.emit(subject, &predicate, object, graph),
                    None => self.dropping(|| format!("the type \"{}\"", &**value)),
                }
            }
        }
        for (property, item) in &node.properties {
            let predicate = match self.node_term(property) {
                Some(predicate @ Term::Iri(_)) => Some(predicate),
                _ => None,
            };
            if predicate.is_none() {
                self.dropping(|| format!("the property \"{}\" (not an absolute IRI)", &**property));
            }
            if self.strict && self.dropped.is_none() {
                // Say where, without repeating the unsigned text itself.
                let (index, direction) = match item {
                    Item::Value(value) => (value.index.is_some(), value.direction.is_some()),
                    Item::Node(node) => (node.index.is_some(), false),
                    Item::List(_, index) => (index.is_some(), false),
                };
                if index {
                    self.dropping(|| format!("an \"@index\" on a value of \"{}\"", &**property));
                } else if direction && self.rdf_direction.is_none() {
                    self.dropping(|| format!("\"@direction\" on a value of \"{}\"", &**property));
                }
            }
            let object = self.object(item, graph);
            if object.is_none() {
                self.dropping(|| format!("a value of \"{}\"", &**property));
            }
            if let (Some(subject), Some(predicate), Some(object)) = (&subject, &predicate, object) {
                self.emit(subject, predicate, object, graph);
            }
        }
        for (reverse_property, item) in &node.reverse {
            let predicate = self.node_term(reverse_property);
            let Item::Node(item) = item else { continue };
            let source = self.node(item, graph);
            if let (Some(predicate @ Term::Iri(_)), Some(source), Some(target)) =
                (&predicate, source, &subject)
            {
                self.emit(&source, predicate, target.clone(), graph);
            } else {
                self.dropping(|| format!("the reverse property \"{}\"", &**reverse_property));
            }
        }
        if let (Some(inner), Some(name)) = (&node.graph, &subject) {
            let name = Some(name.clone());
            for item in inner {
                if let Item::Node(inner) = item {
                    self.node(inner, &name);
                }
            }
        }
        for item in &node.included {
            if let Item::Node(inner) = item {
                self.node(inner, graph);
            }
        }
        subject
    }

    /// Object to RDF (API §8.1.3), emitting nested nodes and lists on the way.
    fn object(&mut self, item: &Item<'a>, graph: &Option<Term<'a>>) -> Option<Term<'a>> {
        match item {
            Item::List(items, index) => {
                if index.is_some() {
                    self.dropping(|| "an \"@index\" on a list".to_owned());
                }
                Some(self.list(items, graph))
            }
            Item::Value(value) => self.literal(value, graph),
            Item::Node(node) => self.node(node, graph),
        }
    }

    fn list(&mut self, items: &[Item<'a>], graph: &Option<Term<'a>>) -> Term<'a> {
        if items.is_empty() {
            return Term::Iri(self.constants.rdf_nil.clone());
        }
        let nodes: Vec<Term<'a>> = items.iter().map(|_| self.fresh_blank()).collect();
        let first = Term::Iri(self.constants.rdf_first.clone());
        let rest = Term::Iri(self.constants.rdf_rest.clone());
        for (index, item) in items.iter().enumerate() {
            match self.object(item, graph) {
                Some(object) => self.emit(&nodes[index], &first, object, graph),
                None => self.dropping(|| "a list item".to_owned()),
            }
            let next = nodes
                .get(index + 1)
                .cloned()
                .unwrap_or_else(|| Term::Iri(self.constants.rdf_nil.clone()));
            self.emit(&nodes[index], &rest, next, graph);
        }
        nodes[0].clone()
    }

    fn literal(&mut self, value: &ValueObject<'a>, graph: &Option<Term<'a>>) -> Option<Term<'a>> {
        if value.index.is_some() {
            self.dropping(|| "an \"@index\" beside a value".to_owned());
        }
        if value.direction.is_some() && self.rdf_direction.is_none() {
            self.dropping(|| "\"@direction\" on a value".to_owned());
        }
        let language = value.language.as_deref();
        if let Some(language) = language
            && !super::expand::well_formed_language(language)
        {
            return None;
        }
        let mut datatype: Option<Arc<str>> = None;
        if let Some(declared) = &value.datatype {
            if &**declared == "@json" {
                datatype = Some(declared.to_arc());
            } else if declared.starts_with("_:") {
                return None;
            } else {
                // Through the IRI cache: a handful of datatypes recur on most literals.
                match self.node_term(declared) {
                    Some(Term::Iri(iri)) => datatype = Some(iri),
                    _ => return None,
                }
            }
        }
        let lexical: Cow<'a, str> = if datatype.as_deref() == Some("@json") {
            datatype = Some(RDF_JSON.into());
            match &value.value {
                Literal::Json(json) => canonical_json(json),
                Literal::String(s) => canonical_json(&Value::from(&**s)),
                Literal::Number(n) => canonical_json(&Value::Number((*n).clone())),
                Literal::Bool(b) => b.to_string(),
                Literal::Null => "null".to_owned(),
            }
            .into()
        } else {
            match &value.value {
                Literal::Bool(b) => {
                    datatype.get_or_insert_with(|| XSD_BOOLEAN.into());
                    Cow::Borrowed(if *b { "true" } else { "false" })
                }
                Literal::Number(number) => {
                    let as_float = number.as_f64().unwrap_or(0.0);
                    let is_integer_number = number.is_i64() || number.is_u64();
                    let double = datatype.as_deref() == Some(XSD_DOUBLE)
                        || (!is_integer_number
                            && (as_float.fract() != 0.0 || as_float.abs() >= 1e21));
                    if double {
                        datatype.get_or_insert_with(|| XSD_DOUBLE.into());
                        canonical_double(as_float).into()
                    } else {
                        datatype.get_or_insert_with(|| XSD_INTEGER.into());
                        if is_integer_number {
                            number.to_string().into()
                        } else if as_float == 0.0 {
                            Cow::Borrowed("0")
                        } else {
                            format!("{as_float:.0}").into()
                        }
                    }
                }
                // Borrowed from the document: no copy for the common case.
                Literal::String(Text::Borrowed(s)) => Cow::Borrowed(*s),
                Literal::String(s) => Cow::Owned(s.to_string()),
                Literal::Json(_) | Literal::Null => return None,
            }
        };
        if let (Some(direction), Some(mode)) = (value.direction.as_deref(), self.rdf_direction) {
            let lang = language.unwrap_or("").to_ascii_lowercase();
            match mode {
                RdfDirection::I18nDatatype => {
                    let datatype: Arc<str> =
                        format!("https://www.w3.org/ns/i18n#{lang}_{direction}").into();
                    return Some(Term::Literal {
                        value: lexical,
                        datatype,
                        language: None,
                    });
                }
                RdfDirection::CompoundLiteral => {
                    let node = self.fresh_blank();
                    let xsd_string = self.constants.xsd_string.clone();
                    let string = Term::Literal {
                        value: lexical,
                        datatype: xsd_string.clone(),
                        language: None,
                    };
                    self.emit(&node, &Term::Iri(RDF_VALUE.into()), string, graph);
                    if let Some(language) = language {
                        let tag = Term::Literal {
                            value: language.to_ascii_lowercase().into(),
                            datatype: xsd_string.clone(),
                            language: None,
                        };
                        self.emit(&node, &Term::Iri(RDF_LANGUAGE.into()), tag, graph);
                    }
                    let dir = Term::Literal {
                        value: direction.to_owned().into(),
                        datatype: xsd_string,
                        language: None,
                    };
                    self.emit(&node, &Term::Iri(RDF_DIRECTION.into()), dir, graph);
                    return Some(node);
                }
            }
        }
        Some(match (datatype, language) {
            (Some(datatype), _) => Term::Literal {
                value: lexical,
                datatype,
                language: None,
            },
            (None, Some(language)) => Term::Literal {
                value: lexical,
                datatype: self.constants.lang_string.clone(),
                language: Some(language.into()),
            },
            (None, None) => Term::Literal {
                value: lexical,
                datatype: self.constants.xsd_string.clone(),
                language: None,
            },
        })
    }
}
