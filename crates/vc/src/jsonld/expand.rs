//! JSON-LD 1.1 expansion (API §5.1) into typed items, with a safe mode that refuses to drop
//! anything silently.

use super::context::{
    ActiveContext, C_GRAPH, C_ID, C_INDEX, C_LANGUAGE, C_LIST, C_TYPE, Origin, ProcessOptions,
    TermDefinition,
};
use super::expanded::{Id, Item, Literal, Node, Text, ValueObject};
use super::iri::{is_absolute_iri, is_keyword};
use super::processor::Processor;
use crate::error::{Error, Result};
use serde_json::{Map, Number, Value};
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
enum Scalar<'a> {
    Str(Text<'a>),
    Number(&'a Number),
    Bool(bool),
}

/// The entries of one object being expanded (the spec's `result` map).
#[derive(Default)]
struct Builder<'a> {
    id: Option<Id<'a>>,
    types: Option<Vec<Text<'a>>>,
    type_was_array: bool,
    value: Option<Literal<'a>>,
    language: Option<Text<'a>>,
    direction: Option<Text<'a>>,
    index: Option<Text<'a>>,
    list: Option<Vec<Item<'a>>>,
    set: Option<Expanded<'a>>,
    graph: Option<Vec<Item<'a>>>,
    included: Option<Vec<Item<'a>>>,
    reverse: Option<Vec<(Text<'a>, Item<'a>)>>,
    properties: Vec<(Text<'a>, Item<'a>)>,
    /// A property key was seen, even if its value expanded to an empty array.
    has_properties: bool,
}

impl Builder<'_> {
    fn has_keyword(&self, keyword: &str) -> bool {
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

fn lowercase(text: &str) -> Text<'_> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Text::Owned(text.to_ascii_lowercase())
    } else {
        Text::Borrowed(text)
    }
}

fn is_value_or_list(item: &Item<'_>) -> bool {
    matches!(item, Item::Value(_) | Item::List(..))
}

impl<'a> Expander<'a> {
    fn unsafe_drop(&self, what: impl Into<String>) -> Result<()> {
        if self.options.safe {
            Err(Error::UndefinedTerm(what.into()))
        } else {
            Ok(())
        }
    }

    fn scoped(
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
    fn expand_text<'v>(
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
    fn expand_with<'v>(
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

    fn expand_items<'v>(
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

    fn expand_scalar<'v>(
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
    fn expand_value<'v>(
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

    fn expand_object<'v>(
        &self,
        active: &Arc<ActiveContext>,
        active_property: Option<&str>,
        definition: Option<&TermDefinition>,
        element: &'v Map<String, Value>,
        from_map: bool,
        depth: usize,
    ) -> Result<Expanded<'v>> {
        // The property-scoped context comes from the context the property was defined in,
        // before a type-scoped context is reverted.
        let property_definition = definition.filter(|d| d.context.is_some()).cloned();
        let mut active = active.clone();
        if let Some(previous) = active.previous.clone()
            && !from_map
            && !keeps_type_scoped_context(&active, element)
        {
            active = previous;
        }
        if let Some(definition) = property_definition {
            active = self.scoped(&active, &definition, true, true)?;
        }
        // A scan of the keys is cheaper than the map's SipHash lookup for small objects.
        let local_context = if element.keys().any(|k| k == "@context") {
            element.get("@context")
        } else {
            None
        };
        if let Some(local) = local_context {
            let origin = Origin::document(self.options.base);
            active = self.processor.process_context(
                &active,
                local,
                origin,
                &[],
                ProcessOptions::default(),
            )?;
        }
        let type_scoped_context = active.clone();
        let mut input_type: Option<String> = None;
        let mut type_keys: Vec<&String> = element
            .keys()
            .filter(|k| active.is_alias_of(k, "@type"))
            .collect();
        type_keys.sort_unstable();
        for key in type_keys {
            let values: &[Value] = match &element[key.as_str()] {
                Value::Array(items) => items,
                other => std::slice::from_ref(other),
            };
            if let Some(last) = values.iter().rev().find_map(Value::as_str) {
                // Only "is it @json" matters later; avoid building the IRI.
                input_type = type_scoped_context
                    .is_alias_of(last, "@json")
                    .then(|| "@json".to_owned());
            }
            // Type-scoped contexts apply in lexicographic order of the type terms; a few fit on
            // the stack.
            let strings = values.iter().filter_map(Value::as_str);
            let count = strings.clone().count();
            let mut inline: [&str; 4] = [""; 4];
            let mut spilled: Vec<&str> = Vec::new();
            let terms: &mut [&str] = if count <= inline.len() {
                for (slot, term) in inline.iter_mut().zip(strings) {
                    *slot = term;
                }
                &mut inline[..count]
            } else {
                spilled.extend(strings);
                &mut spilled
            };
            terms.sort_unstable();
            for term in terms.iter().copied() {
                if let Some(definition) = type_scoped_context.term(term)
                    && definition.context.is_some()
                {
                    active = self.scoped(&active, definition, false, false)?;
                }
            }
        }
        let mut builder = Builder {
            properties: Vec::with_capacity(element.len()),
            ..Builder::default()
        };
        let at_root = depth == 0;
        self.expand_entries(
            &active,
            &type_scoped_context,
            active_property,
            element,
            input_type.as_deref(),
            &mut builder,
            depth,
            at_root,
        )?;
        self.finish(active_property, builder)
    }

    fn finish<'v>(&self, active_property: Option<&str>, b: Builder<'v>) -> Result<Expanded<'v>> {
        let top_level = matches!(active_property, None | Some("@graph"));
        if let Some(value) = b.value {
            let has_other = b.id.is_some()
                || b.list.is_some()
                || b.set.is_some()
                || b.graph.is_some()
                || b.included.is_some()
                || b.reverse.is_some()
                || b.has_properties
                || !b.properties.is_empty();
            if has_other {
                return Err(Error::jsonld(
                    "invalid value object",
                    "value object with other entries",
                ));
            }
            if b.types.is_some() && (b.language.is_some() || b.direction.is_some()) {
                return Err(Error::jsonld(
                    "invalid value object",
                    "@type with @language or @direction",
                ));
            }
            let datatype = match b.types {
                None => None,
                Some(mut types) if types.len() == 1 && !b.type_was_array => types.pop(),
                Some(types) => {
                    let listed: Vec<&str> = types.iter().map(|t| &**t).collect();
                    return Err(Error::jsonld("invalid typed value", format!("{listed:?}")));
                }
            };
            let is_json = datatype.as_deref() == Some("@json");
            if !is_json {
                if matches!(value, Literal::Null) {
                    return Ok(Expanded::Null);
                }
                if !matches!(value, Literal::String(_)) && b.language.is_some() {
                    return Err(Error::jsonld(
                        "invalid language-tagged value",
                        format!("{value:?}"),
                    ));
                }
                if let Some(datatype) = &datatype
                    && (!is_absolute_iri(datatype) || datatype.starts_with("_:"))
                {
                    return Err(Error::jsonld("invalid typed value", datatype.to_string()));
                }
            }
            if top_level {
                self.unsafe_drop("free-floating value")?;
                return Ok(Expanded::Null);
            }
            let object = ValueObject {
                value,
                datatype,
                language: b.language,
                direction: b.direction,
                index: b.index,
            };
            return Ok(Expanded::One(Item::Value(object)));
        }
        if b.set.is_some() || b.list.is_some() {
            let others = b.id.is_some()
                || b.types.is_some()
                || b.language.is_some()
                || b.direction.is_some()
                || b.graph.is_some()
                || b.included.is_some()
                || b.reverse.is_some()
                || b.has_properties
                || !b.properties.is_empty()
                || (b.set.is_some() && b.list.is_some());
            if others {
                return Err(Error::jsonld(
                    "invalid set or list object",
                    "@set/@list with other entries",
                ));
            }
            if let Some(set) = b.set {
                return Ok(set);
            }
            if top_level {
                self.unsafe_drop("free-floating list")?;
                return Ok(Expanded::Null);
            }
            return Ok(Expanded::One(Item::List(
                b.list.unwrap_or_default(),
                b.index,
            )));
        }
        let has_properties = b.has_properties || !b.properties.is_empty();
        let node = Node {
            id: b.id.unwrap_or(Id::Absent),
            types: b.types.unwrap_or_default(),
            properties: b.properties,
            reverse: b.reverse.unwrap_or_default(),
            graph: b.graph,
            included: b.included.unwrap_or_default(),
            index: b.index,
        };
        let empty_apart_from_id = node.types.is_empty()
            && !has_properties
            && node.reverse.is_empty()
            && node.graph.is_none()
            && node.included.is_empty()
            && node.index.is_none();
        if empty_apart_from_id && node.id == Id::Absent && b.language.is_some() {
            return Ok(Expanded::Null);
        }
        if top_level && empty_apart_from_id && b.language.is_none() && b.direction.is_none() {
            return Ok(Expanded::Null);
        }
        Ok(Expanded::One(Item::Node(Box::new(node))))
    }

    #[allow(clippy::too_many_arguments)]
    fn expand_entries<'v>(
        &self,
        active: &Arc<ActiveContext>,
        type_scoped: &Arc<ActiveContext>,
        active_property: Option<&str>,
        element: &'v Map<String, Value>,
        input_type: Option<&str>,
        b: &mut Builder<'v>,
        depth: usize,
        at_root: bool,
    ) -> Result<()> {
        let mut nests: Vec<&'v String> = Vec::new();
        for (key, value) in element {
            if key == "@context" || (at_root && self.options.skip_root_key == Some(key.as_str())) {
                continue;
            }
            // One term lookup serves both the expansion of the key and its definition.
            let definition = active.term(key);
            let expanded = match definition {
                Some(definition) if !is_keyword(key) => definition.iri.clone().map(Text::Shared),
                _ => active.expand_key(key),
            };
            let Some(expanded_property) = expanded.filter(|p| p.contains(':') || is_keyword(p))
            else {
                self.unsafe_drop(key.clone())?;
                continue;
            };
            if is_keyword(&expanded_property) {
                self.expand_keyword(
                    active,
                    type_scoped,
                    active_property,
                    key,
                    &expanded_property,
                    value,
                    input_type,
                    b,
                    &mut nests,
                    depth,
                )?;
                continue;
            }
            let container = definition.map_or(0, |d| d.container);
            let expanded: Expanded<'v> = if definition.and_then(|d| d.type_mapping.as_deref())
                == Some("@json")
            {
                let object = ValueObject {
                    value: Literal::Json(value),
                    datatype: Some(Text::Borrowed("@json")),
                    language: None,
                    direction: None,
                    index: None,
                };
                Expanded::One(Item::Value(object))
            } else if container & C_LANGUAGE != 0 && value.is_object() {
                Expanded::Many(self.expand_language_map(active, definition, value)?)
            } else if container & (C_INDEX | C_TYPE | C_ID) != 0 && value.is_object() {
                Expanded::Many(
                    self.expand_index_map(active, key, container, definition, value, depth)?,
                )
            } else {
                match self.expand_with(active, Some(key), definition, value, false, depth + 1)? {
                    Expanded::Null => continue,
                    expanded => expanded,
                }
            };
            let expanded =
                if container & C_LIST != 0 && !matches!(expanded, Expanded::One(Item::List(..))) {
                    Expanded::One(Item::List(expanded.into_vec(), None))
                } else {
                    expanded
                };
            let wrap_in_graph = container & C_GRAPH != 0 && container & (C_ID | C_INDEX) == 0;
            let is_reverse = definition.is_some_and(|d| d.reverse);
            b.has_properties |= !is_reverse;
            if is_reverse {
                b.reverse.get_or_insert_with(Vec::new);
            }
            for item in expanded {
                let item = if wrap_in_graph {
                    Item::Node(Box::new(Node {
                        graph: Some(vec![item]),
                        ..Node::new()
                    }))
                } else {
                    item
                };
                if is_reverse {
                    if is_value_or_list(&item) {
                        return Err(Error::jsonld("invalid reverse property value", key.clone()));
                    }
                    if let Some(reverse) = &mut b.reverse {
                        reverse.push((expanded_property.clone(), item));
                    }
                } else {
                    b.properties.push((expanded_property.clone(), item));
                }
            }
        }
        nests.sort();
        for nesting_key in nests {
            // A term aliasing @nest may carry a property-scoped context for what it nests.
            let nest_active = match active.term(nesting_key).filter(|d| d.context.is_some()) {
                Some(definition) => self.scoped(active, definition, true, true)?,
                None => active.clone(),
            };
            let nested_values: &'v [Value] = match &element[nesting_key.as_str()] {
                Value::Array(items) => items,
                other => std::slice::from_ref(other),
            };
            for nested in nested_values {
                let Value::Object(nested) = nested else {
                    return Err(Error::jsonld("invalid @nest value", nesting_key.clone()));
                };
                if nested
                    .keys()
                    .any(|k| nest_active.expand_key(k).as_deref() == Some("@value"))
                {
                    return Err(Error::jsonld("invalid @nest value", nesting_key.clone()));
                }
                self.expand_entries(
                    &nest_active,
                    type_scoped,
                    active_property,
                    nested,
                    input_type,
                    b,
                    depth + 1,
                    false,
                )?;
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn expand_keyword<'v>(
        &self,
        active: &Arc<ActiveContext>,
        type_scoped: &Arc<ActiveContext>,
        active_property: Option<&str>,
        key: &'v String,
        keyword: &str,
        value: &'v Value,
        input_type: Option<&str>,
        b: &mut Builder<'v>,
        nests: &mut Vec<&'v String>,
        depth: usize,
    ) -> Result<()> {
        if active_property == Some("@reverse") {
            return Err(Error::jsonld("invalid reverse property map", key.clone()));
        }
        if b.has_keyword(keyword) {
            return Err(Error::jsonld("colliding keywords", keyword.to_owned()));
        }
        match keyword {
            "@id" => {
                let Value::String(id) = value else {
                    return Err(Error::jsonld("invalid @id value", value.to_string()));
                };
                b.id = Some(match active.expand_text(id, true, false) {
                    Some(iri) => {
                        if self.options.safe && !(is_absolute_iri(&iri) || iri.starts_with("_:")) {
                            return Err(Error::UndefinedTerm(format!("relative @id \"{id}\"")));
                        }
                        Id::Iri(iri)
                    }
                    None => Id::Null,
                });
            }
            "@type" => {
                let raw: &'v [Value] = match value {
                    Value::Array(items) => items,
                    other => std::slice::from_ref(other),
                };
                let mut types = Vec::with_capacity(raw.len());
                for t in raw {
                    let Value::String(t) = t else {
                        return Err(Error::jsonld("invalid type value", value.to_string()));
                    };
                    // Types are nearly always terms, whose IRIs were checked when defined.
                    let (iri, absolute) = match type_scoped.term(t) {
                        Some(definition) if !is_keyword(t) => match &definition.iri {
                            Some(iri) => (Text::Shared(iri.clone()), definition.iri_is_absolute),
                            None => (Text::Borrowed(""), false),
                        },
                        _ => {
                            let iri = type_scoped
                                .expand_text(t, true, true)
                                .unwrap_or(Text::Borrowed(""));
                            let absolute = is_absolute_iri(&iri);
                            (iri, absolute)
                        }
                    };
                    if self.options.safe && !(absolute || iri.starts_with("_:") || &*iri == "@json")
                    {
                        return Err(Error::UndefinedTerm(format!("type \"{t}\"")));
                    }
                    types.push(iri);
                }
                match &mut b.types {
                    Some(existing) => {
                        existing.extend(types);
                        b.type_was_array = true;
                    }
                    None => {
                        b.types = Some(types);
                        b.type_was_array = value.is_array();
                    }
                }
            }
            "@graph" => {
                b.graph = Some(
                    self.expand(active, Some("@graph"), value, false, depth + 1)?
                        .into_vec(),
                );
            }
            "@included" => {
                // Checked before expansion: a free-floating value would be dropped there.
                let raw: &[Value] = match value {
                    Value::Array(items) => items,
                    other => std::slice::from_ref(other),
                };
                let not_node = |item: &Value| match item {
                    Value::Object(map) => map.keys().any(|k| {
                        matches!(active.expand_key(k).as_deref(), Some("@value" | "@list"))
                    }),
                    _ => true,
                };
                if raw.iter().any(not_node) {
                    return Err(Error::jsonld("invalid @included value", value.to_string()));
                }
                let included = self
                    .expand(active, active_property, value, false, depth + 1)?
                    .into_vec();
                if included.iter().any(is_value_or_list) {
                    return Err(Error::jsonld("invalid @included value", value.to_string()));
                }
                b.included.get_or_insert_with(Vec::new).extend(included);
            }
            "@value" => {
                b.value = Some(if input_type == Some("@json") {
                    Literal::Json(value)
                } else {
                    match value {
                        Value::Null => Literal::Null,
                        Value::String(s) => Literal::String(Text::Borrowed(s)),
                        Value::Number(n) => Literal::Number(n),
                        Value::Bool(v) => Literal::Bool(*v),
                        other => {
                            return Err(Error::jsonld(
                                "invalid value object value",
                                other.to_string(),
                            ));
                        }
                    }
                });
            }
            "@language" => match value {
                Value::String(tag) => {
                    if self.options.safe && !well_formed_language(tag) {
                        return Err(Error::jsonld("invalid language-tagged string", tag.clone()));
                    }
                    b.language = Some(lowercase(tag));
                }
                other => {
                    return Err(Error::jsonld(
                        "invalid language-tagged string",
                        other.to_string(),
                    ));
                }
            },
            "@direction" => match value.as_str() {
                Some(d @ ("ltr" | "rtl")) => b.direction = Some(Text::Borrowed(d)),
                _ => return Err(Error::jsonld("invalid base direction", value.to_string())),
            },
            "@index" => match value {
                Value::String(index) => b.index = Some(Text::Borrowed(index)),
                other => return Err(Error::jsonld("invalid @index value", other.to_string())),
            },
            "@list" => {
                if matches!(active_property, None | Some("@graph")) {
                    return self.unsafe_drop("free-floating list");
                }
                b.list = Some(
                    self.expand(active, active_property, value, false, depth + 1)?
                        .into_vec(),
                );
            }
            "@set" => {
                b.set = Some(self.expand(active, active_property, value, false, depth + 1)?);
            }
            "@reverse" => {
                if !value.is_object() {
                    return Err(Error::jsonld("invalid @reverse value", value.to_string()));
                }
                if let Expanded::One(Item::Node(node)) =
                    self.expand(active, Some("@reverse"), value, false, depth + 1)?
                {
                    let node = *node;
                    for (property, item) in node.reverse {
                        b.has_properties = true;
                        b.properties.push((property, item));
                    }
                    if !node.properties.is_empty() {
                        let reverse = b.reverse.get_or_insert_with(Vec::new);
                        for (property, item) in node.properties {
                            if is_value_or_list(&item) {
                                return Err(Error::jsonld(
                                    "invalid reverse property value",
                                    property.to_string(),
                                ));
                            }
                            reverse.push((property, item));
                        }
                    }
                }
            }
            "@nest" => nests.push(key),
            _ => {}
        }
        Ok(())
    }

    fn expand_language_map<'v>(
        &self,
        active: &ActiveContext,
        definition: Option<&TermDefinition>,
        value: &'v Value,
    ) -> Result<Vec<Item<'v>>> {
        let mut expanded = Vec::new();
        let direction = match definition.and_then(|d| d.direction.as_ref()) {
            Some(direction) => direction.clone(),
            None => active.default_direction.clone(),
        };
        let Value::Object(map) = value else {
            return Ok(expanded);
        };
        let mut languages: Vec<&'v String> = map.keys().collect();
        languages.sort();
        for language in languages {
            let items: &'v [Value] = match &map[language.as_str()] {
                Value::Array(items) => items,
                other => std::slice::from_ref(other),
            };
            let is_none =
                language == "@none" || active.expand_key(language).as_deref() == Some("@none");
            for item in items {
                match item {
                    Value::Null => continue,
                    Value::String(text) => expanded.push(Item::Value(ValueObject {
                        value: Literal::String(Text::Borrowed(text)),
                        datatype: None,
                        language: (!is_none).then(|| lowercase(language)),
                        direction: direction.clone().map(Text::Owned),
                        index: None,
                    })),
                    other => {
                        return Err(Error::jsonld(
                            "invalid language map value",
                            other.to_string(),
                        ));
                    }
                }
            }
        }
        Ok(expanded)
    }

    fn expand_index_map<'v>(
        &self,
        active: &Arc<ActiveContext>,
        key: &str,
        container: u8,
        definition: Option<&TermDefinition>,
        value: &'v Value,
        depth: usize,
    ) -> Result<Vec<Item<'v>>> {
        let mut expanded = Vec::new();
        let Value::Object(map) = value else {
            return Ok(expanded);
        };
        let index_key = definition
            .and_then(|d| d.index.as_deref())
            .unwrap_or("@index");
        let mut indexes: Vec<&'v String> = map.keys().collect();
        indexes.sort();
        for index in indexes {
            let index_value = &map[index.as_str()];
            let mut map_context = active.clone();
            if container & C_TYPE != 0 {
                if let Some(previous) = &active.previous {
                    map_context = previous.clone();
                }
                if let Some(index_definition) = map_context.term(index).cloned()
                    && index_definition.context.is_some()
                {
                    map_context = self.scoped(&map_context, &index_definition, false, true)?;
                }
            }
            let expanded_index = active.expand_key(index);
            let is_none = expanded_index.as_deref() == Some("@none");
            let values: &'v [Value] = match index_value {
                Value::Array(items) => items,
                other => std::slice::from_ref(other),
            };
            let items = self
                .expand_items(
                    &map_context,
                    Some(key),
                    map_context.term(key),
                    values,
                    true,
                    depth + 1,
                )?
                .into_vec();
            for mut item in items {
                if container & C_GRAPH != 0
                    && !matches!(&item, Item::Node(node) if node.is_graph_object())
                {
                    item = Item::Node(Box::new(Node {
                        graph: Some(vec![item]),
                        ..Node::new()
                    }));
                }
                if is_none {
                    expanded.push(item);
                    continue;
                }
                if container & C_INDEX != 0 && index_key != "@index" {
                    let re_expanded = self.expand_value(
                        active,
                        active.term(index_key),
                        Scalar::Str(Text::Borrowed(index)),
                    );
                    let expanded_index_key = active
                        .expand_key(index_key)
                        .map(|t| Text::Owned(t.to_string()));
                    let Item::Node(node) = &mut item else {
                        return Err(Error::jsonld(
                            "invalid value object",
                            "property-valued index on a value",
                        ));
                    };
                    let property = expanded_index_key.unwrap_or(Text::Borrowed(""));
                    node.properties.push((property, re_expanded));
                } else if container & C_INDEX != 0 {
                    let slot = match &mut item {
                        Item::Node(node) => &mut node.index,
                        Item::Value(value) => &mut value.index,
                        Item::List(_, index) => index,
                    };
                    if slot.is_none() {
                        *slot = Some(Text::Borrowed(index));
                    }
                } else if container & C_ID != 0 {
                    if let Item::Node(node) = &mut item
                        && node.id == Id::Absent
                    {
                        node.id = match active.expand_text(index, true, false) {
                            Some(iri) => Id::Iri(iri),
                            None => Id::Null,
                        };
                    }
                } else if container & C_TYPE != 0
                    && let Item::Node(node) = &mut item
                {
                    node.types
                        .insert(0, expanded_index.clone().unwrap_or(Text::Borrowed("")));
                }
                expanded.push(item);
            }
        }
        Ok(expanded)
    }
}

/// Step 7: a value object or a bare node reference keeps the type-scoped context.
fn keeps_type_scoped_context(active: &ActiveContext, element: &Map<String, Value>) -> bool {
    if element.len() == 1 {
        return element
            .keys()
            .any(|k| active.is_alias_of(k, "@value") || active.is_alias_of(k, "@id"));
    }
    element.keys().any(|k| active.is_alias_of(k, "@value"))
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
