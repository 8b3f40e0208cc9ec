//! JSON-LD 1.1 expansion (API §5.1) into typed items, with a safe mode that refuses to drop
//! anything silently. Objects are expanded in `expand_object.rs`, keywords and container maps in
//! `expand_keyword.rs`.

use super::context::{ActiveContext, C_LIST, Origin, ProcessOptions, TermDefinition};
use super::expanded::{Id, Item, Literal, Node, Text, ValueObject};
use super::processor::Processor;
use crate::error::{Error, Result};
use serde_json::{Number, Value};
use std::sync::Arc;

/// How many nested objects/arrays expansion follows (input depth is bounded by the JSON parser
/// too; this also bounds recursion through scoped contexts).
const MAX_EXPANSION_DEPTH: usize = 128;

#[derive(Clone, Copy)]
pub struct ExpandOptions<'a> {
    pub base: Option<&'a str>,
    /// Refuse input whose terms or values would be dropped (credentials: always on).
    pub safe: bool,
    /// A key of the top-level object to leave out (the `proof` of a secured document, so that
    /// verification need not copy the document).
    pub skip_root_key: Option<&'a str>,
}

pub(crate) struct Expander<'a> {
    pub processor: &'a Processor,
    pub options: ExpandOptions<'a>,
}

/// What expanding one element gives: nothing, one item, or an array of items.
pub enum Expanded<'a> {
    Null,
    One(Item<'a>),
    Many(Vec<Item<'a>>),
}

/// Iterates the items of an [`Expanded`] without collecting a single item into a vector.
pub enum ExpandedIter<'a> {
    One(Option<Item<'a>>),
    Many(std::vec::IntoIter<Item<'a>>),
}

impl<'a> Iterator for ExpandedIter<'a> {
    type Item = Item<'a>;
    fn next(&mut self) -> Option<Item<'a>> {
        match self {
            ExpandedIter::One(item) => item.take(),
            ExpandedIter::Many(items) => items.next(),
        }
    }
}

impl<'a> IntoIterator for Expanded<'a> {
    type Item = Item<'a>;
    type IntoIter = ExpandedIter<'a>;
    fn into_iter(self) -> ExpandedIter<'a> {
        match self {
            Expanded::Null => ExpandedIter::One(None),
            Expanded::One(item) => ExpandedIter::One(Some(item)),
            Expanded::Many(items) => ExpandedIter::Many(items.into_iter()),
        }
    }
}

impl<'a> Expanded<'a> {
    pub fn into_vec(self) -> Vec<Item<'a>> {
        match self {
            Expanded::Null => Vec::new(),
            Expanded::One(item) => vec![item],
            Expanded::Many(items) => items,
        }
    }
}

#[derive(Clone)]
pub(super) enum Scalar<'a> {
    Str(Text<'a>),
    Number(&'a Number),
    Bool(bool),
}

/// The entries of one object being expanded (the spec's `result` map).
#[derive(Default)]
pub(super) struct Builder<'a> {
    pub(super) id: Option<Id<'a>>,
    pub(super) types: Option<Vec<Text<'a>>>,
    pub(super) type_was_array: bool,
    pub(super) value: Option<Literal<'a>>,
    pub(super) language: Option<Text<'a>>,
    pub(super) direction: Option<Text<'a>>,
    pub(super) index: Option<Text<'a>>,
    pub(super) list: Option<Vec<Item<'a>>>,
    pub(super) set: Option<Expanded<'a>>,
    pub(super) graph: Option<Vec<Item<'a>>>,
    pub(super) included: Option<Vec<Item<'a>>>,
    pub(super) reverse: Option<Vec<(Text<'a>, Item<'a>)>>,
    pub(super) properties: Vec<(Text<'a>, Item<'a>)>,
    /// A property key was seen, even if its value expanded to an empty array.
    pub(super) has_properties: bool,
}

impl Builder<'_> {
    pub(super) fn has_keyword(&self, keyword: &str) -> bool {
        match keyword {
            "@id" => self.id.is_some(),
            "@value" => self.value.is_some(),
            "@language" => self.language.is_some(),
            "@direction" => self.direction.is_some(),
            "@index" => self.index.is_some(),
            "@list" => self.list.is_some(),
            "@set" => self.set.is_some(),
            "@graph" => self.graph.is_some(),
            "@reverse" => self.reverse.is_some(),
            _ => false,
        }
    }
}

pub(super) fn lowercase(text: &str) -> Text<'_> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Text::Owned(text.to_ascii_lowercase())
    } else {
        Text::Borrowed(text)
    }
}

pub(super) fn is_value_or_list(item: &Item<'_>) -> bool {
    matches!(item, Item::Value(_) | Item::List(..))
}

impl<'a> Expander<'a> {
    pub(super) fn unsafe_drop(&self, what: impl Into<String>) -> Result<()> {
        if self.options.safe {
            Err(Error::UndefinedTerm(what.into()))
        } else {
            Ok(())
        }
    }

    /// In safe mode, refuse input that JSON-LD keeps out of the RDF (so out of the signature).
    pub(super) fn unsigned(&self, what: impl Into<String>) -> Result<()> {
        if self.options.safe {
            Err(Error::UnsignedData(what.into()))
        } else {
            Ok(())
        }
    }

    pub(super) fn scoped(
        &self,
        active: &Arc<ActiveContext>,
        definition: &TermDefinition,
        override_protected: bool,
        propagate: bool,
    ) -> Result<Arc<ActiveContext>> {
        let Some(scoped) = &definition.context else {
            return Ok(active.clone());
        };
        let origin = Origin {
            base_url: definition.base_url.as_deref(),
            pinned: scoped.cache_key.is_some(),
            cache_key: scoped.cache_key,
        };
        let options = ProcessOptions {
            override_protected,
            propagate,
            validate_scoped: true,
        };
        self.processor
            .process_context(active, &scoped.value, origin, &[], options)
    }

    /// IRI expansion of text that may not borrow from the input.
    pub(super) fn expand_text<'v>(
        &self,
        active: &ActiveContext,
        text: &Text<'v>,
        relative: bool,
        vocab: bool,
    ) -> Option<Text<'v>> {
        match text {
            Text::Borrowed(s) => active.expand_text(s, relative, vocab),
            other => active.expand_iri(other, relative, vocab).map(Text::Owned),
        }
    }

    /// Expansion algorithm (API §5.1.2).
    pub fn expand<'v>(
        &self,
        active: &Arc<ActiveContext>,
        active_property: Option<&str>,
        element: &'v Value,
        from_map: bool,
        depth: usize,
    ) -> Result<Expanded<'v>> {
        let definition = active_property.and_then(|p| active.term(p));
        self.expand_with(
            active,
            active_property,
            definition,
            element,
            from_map,
            depth,
        )
    }

    /// [`Self::expand`] with the active property's definition already looked up in `active`
    /// (the caller usually has it: looking it up again for every value was measurable).
    pub(super) fn expand_with<'v>(
        &self,
        active: &Arc<ActiveContext>,
        active_property: Option<&str>,
        definition: Option<&TermDefinition>,
        element: &'v Value,
        from_map: bool,
        depth: usize,
    ) -> Result<Expanded<'v>> {
        if depth > MAX_EXPANSION_DEPTH {
            return Err(Error::NestingTooDeep {
                limit: MAX_EXPANSION_DEPTH,
            });
        }
        match element {
            Value::Null => Ok(Expanded::Null),
            Value::Array(items) => {
                self.expand_items(active, active_property, definition, items, from_map, depth)
            }
            Value::Object(map) => {
                self.expand_object(active, active_property, definition, map, from_map, depth)
            }
            Value::String(s) => {
                let scalar = Scalar::Str(Text::Borrowed(s));
                self.expand_scalar(active, active_property, definition, scalar, element)
            }
            Value::Number(n) => self.expand_scalar(
                active,
                active_property,
                definition,
                Scalar::Number(n),
                element,
            ),
            Value::Bool(b) => self.expand_scalar(
                active,
                active_property,
                definition,
                Scalar::Bool(*b),
                element,
            ),
        }
    }

    pub(super) fn expand_items<'v>(
        &self,
        active: &Arc<ActiveContext>,
        active_property: Option<&str>,
        definition: Option<&TermDefinition>,
        items: &'v [Value],
        from_map: bool,
        depth: usize,
    ) -> Result<Expanded<'v>> {
        let is_list = definition.is_some_and(|d| d.container & C_LIST != 0);
        let mut result = Vec::with_capacity(items.len());
        for item in items {
            match self.expand_with(
                active,
                active_property,
                definition,
                item,
                from_map,
                depth + 1,
            )? {
                Expanded::Many(expanded) if is_list => result.push(Item::List(expanded, None)),
                Expanded::Many(expanded) => result.extend(expanded),
                Expanded::One(one) => result.push(one),
                Expanded::Null => {}
            }
        }
        Ok(Expanded::Many(result))
    }

    pub(super) fn expand_scalar<'v>(
        &self,
        active: &Arc<ActiveContext>,
        active_property: Option<&str>,
        definition: Option<&TermDefinition>,
        scalar: Scalar<'v>,
        raw: &Value,
    ) -> Result<Expanded<'v>> {
        if matches!(active_property, None | Some("@graph")) {
            self.unsafe_drop(format!("free-floating value {raw}"))?;
            return Ok(Expanded::Null);
        }
        match definition {
            Some(outer) if outer.context.is_some() => {
                // A property-scoped context may redefine the property itself: look it up again.
                let scoped = self.scoped(active, outer, true, true)?;
                let inner = active_property.and_then(|p| scoped.term(p));
                Ok(Expanded::One(self.expand_value(&scoped, inner, scalar)))
            }
            _ => Ok(Expanded::One(self.expand_value(active, definition, scalar))),
        }
    }

    /// Value expansion (API §5.3.2).
    pub(super) fn expand_value<'v>(
        &self,
        active: &ActiveContext,
        definition: Option<&TermDefinition>,
        value: Scalar<'v>,
    ) -> Item<'v> {
        let type_mapping = definition.and_then(|d| d.type_mapping.as_ref());
        if let (Some(mapping), Scalar::Str(s)) = (type_mapping, &value)
            && matches!(&**mapping, "@id" | "@vocab")
        {
            let id = match self.expand_text(active, s, true, &**mapping == "@vocab") {
                Some(iri) => Id::Iri(iri),
                None => Id::Null,
            };
            return Item::Node(Box::new(Node { id, ..Node::new() }));
        }
        let mut object = ValueObject {
            value: Literal::Null,
            datatype: None,
            language: None,
            direction: None,
            index: None,
        };
        let is_string = matches!(value, Scalar::Str(_));
        object.value = match value {
            Scalar::Str(s) => Literal::String(s),
            Scalar::Number(n) => Literal::Number(n),
            Scalar::Bool(b) => Literal::Bool(b),
        };
        match type_mapping {
            Some(mapping) if !matches!(&**mapping, "@id" | "@vocab" | "@none") => {
                object.datatype = Some(Text::Shared(mapping.clone()));
            }
            _ if is_string => {
                let language = match definition.and_then(|d| d.language.as_ref()) {
                    Some(language) => language.clone(),
                    None => active.default_language.clone(),
                };
                let direction = match definition.and_then(|d| d.direction.as_ref()) {
                    Some(direction) => direction.clone(),
                    None => active.default_direction.clone(),
                };
                object.language = language.map(Text::Owned);
                object.direction = direction.map(Text::Owned);
            }
            _ => {}
        }
        Item::Value(object)
    }
}

/// BCP 47 shape check (not a registry lookup).
pub fn well_formed_language(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}
