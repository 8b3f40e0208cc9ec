//! Expansion of one JSON object (API §5.1.2 steps 7–20): contexts, entries and the checks that
//! turn the collected entries into a node, value, list or nothing.

use super::context::{
    ActiveContext, C_GRAPH, C_ID, C_INDEX, C_LANGUAGE, C_LIST, C_TYPE, Origin, ProcessOptions,
    TermDefinition,
};
use super::expand::{Builder, Expanded, Expander, is_value_or_list};
use super::expanded::{Id, Item, Literal, Node, Text, ValueObject};
use super::iri::{is_absolute_iri, is_keyword};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::sync::Arc;

impl Expander<'_> {
    pub(super) fn expand_object<'v>(
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
            if self.options.safe && inline_context(local) {
                return Err(Error::InlineContext(abbreviated(local)));
            }
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

    pub(super) fn finish<'v>(
        &self,
        active_property: Option<&str>,
        b: Builder<'v>,
    ) -> Result<Expanded<'v>> {
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
        if let Some(language) = b.language.as_deref() {
            self.unsigned(format!("\"@language\": \"{language}\" on a node object"))?;
        }
        if let Some(direction) = b.direction.as_deref() {
            self.unsigned(format!("\"@direction\": \"{direction}\" on a node object"))?;
        }
        if empty_apart_from_id && node.id == Id::Absent && b.language.is_some() {
            return Ok(Expanded::Null);
        }
        if top_level && empty_apart_from_id && b.language.is_none() && b.direction.is_none() {
            if let Id::Iri(id) = &node.id {
                self.unsigned(format!("the bare node reference \"{}\"", &**id))?;
            }
            return Ok(Expanded::Null);
        }
        Ok(Expanded::One(Item::Node(Box::new(node))))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn expand_entries<'v>(
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
            // Terms carry the checks of their IRI, computed once when they were defined.
            let definition = active.term(key);
            let (expanded, keyword) = match definition {
                Some(definition) if !is_keyword(key) => {
                    let usable = definition.iri_is_keyword
                        || definition.iri_is_absolute
                        || definition
                            .iri
                            .as_deref()
                            .is_some_and(|iri| iri.contains(':'));
                    (
                        definition.iri.clone().filter(|_| usable).map(Text::Shared),
                        definition.iri_is_keyword,
                    )
                }
                _ => {
                    let expanded = active
                        .expand_key(key)
                        .filter(|p| p.contains(':') || is_keyword(p));
                    let keyword = expanded.as_deref().is_some_and(is_keyword);
                    (expanded, keyword)
                }
            };
            let Some(expanded_property) = expanded else {
                self.unsafe_drop(key.clone())?;
                continue;
            };
            if keyword {
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
}

/// An embedded context definition (an object, or an array holding one) rather than the URL of
/// a pinned context.
fn inline_context(local: &Value) -> bool {
    match local {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(Value::is_object),
        _ => false,
    }
}

/// The start of a JSON value, for an error message.
fn abbreviated(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
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
