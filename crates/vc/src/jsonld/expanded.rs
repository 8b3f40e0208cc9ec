//! The expanded form of a JSON-LD document as typed values borrowing from the input, instead of
//! `serde_json::Value` maps: no hashing, and strings are shared or borrowed rather than copied.

use serde_json::{Map, Number, Value};
use std::ops::Deref;
use std::sync::Arc;

/// A string of the expanded form: borrowed from the input, shared with the active context, or
/// owned when it had to be built (e.g. an IRI concatenated from a prefix).
#[derive(Debug, Clone)]
pub enum Text<'a> {
    Borrowed(&'a str),
    Shared(Arc<str>),
    Owned(String),
}

impl Deref for Text<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Borrowed(s) => s,
            Text::Shared(s) => s,
            Text::Owned(s) => s,
        }
    }
}

impl PartialEq for Text<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Text<'_> {
    /// As an `Arc<str>` for RDF terms; free when the text is already shared.
    pub fn to_arc(&self) -> Arc<str> {
        match self {
            Text::Shared(s) => s.clone(),
            other => Arc::from(&**other),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal<'a> {
    Null,
    String(Text<'a>),
    Number(&'a Number),
    Bool(bool),
    /// The raw JSON of an `@json` literal.
    Json(&'a Value),
}

/// `@id` of a node: absent (a fresh blank node), or expanded to nothing (keyword-like junk).
#[derive(Debug, Clone, PartialEq)]
pub enum Id<'a> {
    Absent,
    Null,
    Iri(Text<'a>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    pub id: Id<'a>,
    pub types: Vec<Text<'a>>,
    /// One entry per value (a property with three values appears three times): one allocation
    /// per node instead of one per property; value order within a property is kept.
    pub properties: Vec<(Text<'a>, Item<'a>)>,
    pub reverse: Vec<(Text<'a>, Item<'a>)>,
    pub graph: Option<Vec<Item<'a>>>,
    pub included: Vec<Item<'a>>,
    pub index: Option<Text<'a>>,
}

impl Node<'_> {
    pub fn new() -> Self {
        Node {
            id: Id::Absent,
            types: Vec::new(),
            properties: Vec::new(),
            reverse: Vec::new(),
            graph: None,
            included: Vec::new(),
            index: None,
        }
    }

    /// A graph object: `@graph` with nothing but `@id` / `@index` beside it.
    pub fn is_graph_object(&self) -> bool {
        self.graph.is_some()
            && self.types.is_empty()
            && self.properties.is_empty()
            && self.reverse.is_empty()
            && self.included.is_empty()
    }
}

impl Default for Node<'_> {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValueObject<'a> {
    pub value: Literal<'a>,
    pub datatype: Option<Text<'a>>,
    pub language: Option<Text<'a>>,
    pub direction: Option<Text<'a>>,
    pub index: Option<Text<'a>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item<'a> {
    Node(Box<Node<'a>>),
    /// Unboxed: values are the most common item, and a box each cost an allocation.
    Value(ValueObject<'a>),
    List(Vec<Item<'a>>, Option<Text<'a>>),
}

fn grouped(pairs: &[(Text<'_>, Item<'_>)]) -> Map<String, Value> {
    let mut map = Map::new();
    for (key, item) in pairs {
        if let Value::Array(items) = map
            .entry(key.to_string())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            items.push(item.to_json());
        }
    }
    map
}

impl Item<'_> {
    /// The expanded form as JSON (for debugging and the `expand` API).
    pub fn to_json(&self) -> Value {
        match self {
            Item::Node(node) => {
                let mut map = Map::new();
                match &node.id {
                    Id::Absent => {}
                    Id::Null => {
                        map.insert("@id".into(), Value::Null);
                    }
                    Id::Iri(iri) => {
                        map.insert("@id".into(), Value::from(&**iri));
                    }
                }
                if !node.types.is_empty() {
                    map.insert(
                        "@type".into(),
                        node.types.iter().map(|t| Value::from(&**t)).collect(),
                    );
                }
                map.extend(grouped(&node.properties));
                if !node.reverse.is_empty() {
                    map.insert("@reverse".into(), Value::Object(grouped(&node.reverse)));
                }
                if let Some(graph) = &node.graph {
                    map.insert("@graph".into(), graph.iter().map(Item::to_json).collect());
                }
                if !node.included.is_empty() {
                    map.insert(
                        "@included".into(),
                        node.included.iter().map(Item::to_json).collect(),
                    );
                }
                if let Some(index) = &node.index {
                    map.insert("@index".into(), Value::from(&**index));
                }
                Value::Object(map)
            }
            Item::Value(value) => {
                let mut map = Map::new();
                let literal = match &value.value {
                    Literal::Null => Value::Null,
                    Literal::String(s) => Value::from(&**s),
                    Literal::Number(n) => Value::Number((*n).clone()),
                    Literal::Bool(b) => Value::Bool(*b),
                    Literal::Json(json) => (*json).clone(),
                };
                map.insert("@value".into(), literal);
                for (key, field) in [
                    ("@type", &value.datatype),
                    ("@language", &value.language),
                    ("@direction", &value.direction),
                    ("@index", &value.index),
                ] {
                    if let Some(text) = field {
                        map.insert(key.into(), Value::from(&**text));
                    }
                }
                Value::Object(map)
            }
            Item::List(items, index) => {
                let mut map = Map::new();
                map.insert("@list".into(), items.iter().map(Item::to_json).collect());
                if let Some(index) = index {
                    map.insert("@index".into(), Value::from(&**index));
                }
                Value::Object(map)
            }
        }
    }
}
