//! JSON-LD 1.1 expansion (API §5.1) with a safe mode that refuses to drop anything silently.

use super::context::{
    ActiveContext, C_GRAPH, C_ID, C_INDEX, C_LANGUAGE, C_LIST, C_TYPE, Origin, ProcessOptions,
    TermDefinition,
};
use super::iri::{has_keyword_form, is_absolute_iri, is_keyword};
use super::processor::Processor;
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::sync::Arc;

/// How many nested objects/arrays expansion follows before giving up (input depth is bounded by
/// the JSON parser too; this also bounds recursion through scoped contexts).
const MAX_EXPANSION_DEPTH: usize = 128;

#[derive(Clone, Copy)]
pub struct ExpandOptions<'a> {
    pub base: Option<&'a str>,
    /// A key of the top-level object to leave out (the `proof` of a secured document, so that
    /// verification need not copy the document).
    pub skip_root_key: Option<&'a str>,
    /// Refuse input whose terms or values would be dropped (credentials: always on).
    pub safe: bool,
}

pub(crate) struct Expander<'a> {
    pub processor: &'a Processor,
    pub options: ExpandOptions<'a>,
}

fn as_array(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        other => vec![other],
    }
}

fn push_value(map: &mut Map<String, Value>, key: &str, value: Value) {
    let entry = map
        .entry(key.to_owned())
        .or_insert_with(|| Value::Array(Vec::new()));
    if !entry.is_array() {
        let old = std::mem::take(entry);
        *entry = Value::Array(vec![old]);
    }
    if let Value::Array(items) = entry {
        match value {
            Value::Array(values) => items.extend(values),
            other => items.push(other),
        }
    }
}

fn is_value_object(value: &Value) -> bool {
    value.get("@value").is_some()
}

fn is_list_object(value: &Value) -> bool {
    value.get("@list").is_some()
}

fn is_graph_object(value: &Value) -> bool {
    value.as_object().is_some_and(|m| {
        m.contains_key("@graph")
            && m.keys()
                .all(|k| matches!(k.as_str(), "@graph" | "@id" | "@index" | "@context"))
    })
}

impl Expander<'_> {
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

    /// Expansion algorithm (API §5.1.2). Returns `None` for "null".
    pub fn expand(
        &self,
        active: &Arc<ActiveContext>,
        active_property: Option<&str>,
        element: &Value,
        from_map: bool,
        depth: usize,
    ) -> Result<Option<Value>> {
        if depth > MAX_EXPANSION_DEPTH {
            return Err(Error::NestingTooDeep {
                limit: MAX_EXPANSION_DEPTH,
            });
        }
        let property_definition = active_property.and_then(|p| active.term(p));
        match element {
            Value::Null => Ok(None),
            Value::Array(items) => {
                let mut result = Vec::with_capacity(items.len());
                let is_list = property_definition.is_some_and(|d| d.container & C_LIST != 0);
                for item in items {
                    match self.expand(active, active_property, item, from_map, depth + 1)? {
                        Some(Value::Array(expanded)) if is_list => result.push(Value::Object(
                            Map::from_iter([("@list".into(), Value::Array(expanded))]),
                        )),
                        Some(Value::Array(expanded)) => result.extend(expanded),
                        Some(other) => result.push(other),
                        None => {}
                    }
                }
                Ok(Some(Value::Array(result)))
            }
            Value::Object(map) => self.expand_object(active, active_property, map, from_map, depth),
            scalar => {
                if matches!(active_property, None | Some("@graph")) {
                    self.unsafe_drop(format!("free-floating value {scalar}"))?;
                    return Ok(None);
                }
                let active = match property_definition {
                    Some(definition) => self.scoped(active, definition, true, true)?,
                    None => active.clone(),
                };
                Ok(Some(self.expand_value(&active, active_property, scalar)?))
            }
        }
    }

    fn expand_object(
        &self,
        active: &Arc<ActiveContext>,
        active_property: Option<&str>,
        element: &Map<String, Value>,
        from_map: bool,
        depth: usize,
    ) -> Result<Option<Value>> {
        // The property-scoped context comes from the context the property was defined in,
        // before a type-scoped context is reverted.
        let property_definition = active_property
            .and_then(|p| active.term(p))
            .filter(|d| d.context.is_some())
            .cloned();
        let mut active = active.clone();
        if let Some(previous) = active.previous.clone()
            && !from_map
            && !self.keeps_type_scoped_context(&active, element)
        {
            active = previous;
        }
        if let Some(definition) = property_definition {
            active = self.scoped(&active, &definition, true, true)?;
        }
        if let Some(local) = element.get("@context") {
            active = self.processor.process_context(
                &active,
                local,
                Origin::document(self.options.base),
                &[],
                ProcessOptions::default(),
            )?;
        }
        let type_scoped_context = active.clone();
        let mut input_type: Option<String> = None;
        let mut type_keys: Vec<&String> = element
            .keys()
            .filter(|k| active.expand_key(k).as_deref() == Some("@type"))
            .collect();
        type_keys.sort();
        for key in type_keys {
            let mut terms: Vec<&str> = match &element[key.as_str()] {
                Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
                Value::String(s) => vec![s.as_str()],
                _ => Vec::new(),
            };
            if let Some(last) = terms.last() {
                input_type = type_scoped_context.expand_iri(last, false, true);
            }
            terms.sort_unstable();
            for term in terms {
                if let Some(definition) = type_scoped_context.term(term)
                    && definition.context.is_some()
                {
                    active = self.scoped(&active, definition, false, false)?;
                }
            }
        }
        let mut result = Map::new();
        self.expand_entries(
            &active,
            &type_scoped_context,
            active_property,
            element,
            input_type.as_deref(),
            &mut result,
            depth,
        )?;
        self.finish_object(active_property, result)
    }

    /// Step 7: a value object or a bare node reference keeps the type-scoped context.
    fn keeps_type_scoped_context(
        &self,
        active: &ActiveContext,
        element: &Map<String, Value>,
    ) -> bool {
        let mut expanded = element.keys().map(|k| active.expand_key(k));
        if element.len() == 1 {
            return matches!(expanded.next().flatten().as_deref(), Some("@value" | "@id"));
        }
        expanded.any(|e| e.as_deref() == Some("@value"))
    }

    fn finish_object(
        &self,
        active_property: Option<&str>,
        mut result: Map<String, Value>,
    ) -> Result<Option<Value>> {
        if let Some(value) = result.get("@value") {
            if result.keys().any(|k| {
                !matches!(
                    k.as_str(),
                    "@direction" | "@index" | "@language" | "@type" | "@value"
                )
            }) {
                return Err(Error::jsonld("invalid value object", format!("{result:?}")));
            }
            if result.contains_key("@type")
                && (result.contains_key("@language") || result.contains_key("@direction"))
            {
                return Err(Error::jsonld(
                    "invalid value object",
                    "@type with @language or @direction",
                ));
            }
            let type_value = result.get("@type");
            if type_value.and_then(Value::as_str) == Some("@json") {
                return Ok(Some(Value::Object(result)));
            }
            if value.is_null() || value.as_array().is_some_and(Vec::is_empty) {
                return Ok(None);
            }
            if !value.is_string() && result.contains_key("@language") {
                return Err(Error::jsonld(
                    "invalid language-tagged value",
                    value.to_string(),
                ));
            }
            if let Some(type_value) = type_value {
                let valid = type_value
                    .as_str()
                    .is_some_and(|t| is_absolute_iri(t) && !t.starts_with("_:"));
                if !valid {
                    return Err(Error::jsonld("invalid typed value", type_value.to_string()));
                }
            }
        } else if let Some(type_value) = result.get_mut("@type") {
            if !type_value.is_array() {
                let single = std::mem::take(type_value);
                *type_value = Value::Array(vec![single]);
            }
        } else if result.contains_key("@set") || result.contains_key("@list") {
            if result.len() > 2 || (result.len() == 2 && !result.contains_key("@index")) {
                return Err(Error::jsonld(
                    "invalid set or list object",
                    format!("{result:?}"),
                ));
            }
            if let Some(set) = result.remove("@set") {
                return Ok(if set.is_null() { None } else { Some(set) });
            }
        }
        if result.len() == 1 && result.contains_key("@language") {
            return Ok(None);
        }
        if matches!(active_property, None | Some("@graph")) {
            if result.is_empty() || result.contains_key("@value") || result.contains_key("@list") {
                if !result.is_empty() {
                    self.unsafe_drop("free-floating value or list")?;
                }
                return Ok(None);
            }
            if result.len() == 1 && result.contains_key("@id") {
                return Ok(None);
            }
        }
        Ok(Some(Value::Object(result)))
    }

    /// Value expansion (API §5.3.2).
    pub fn expand_value(
        &self,
        active: &ActiveContext,
        active_property: Option<&str>,
        value: &Value,
    ) -> Result<Value> {
        let definition = active_property.and_then(|p| active.term(p));
        let type_mapping = definition.and_then(|d| d.type_mapping.as_deref());
        if let (Some(mapping @ ("@id" | "@vocab")), Value::String(s)) = (type_mapping, value) {
            let iri = active.expand_iri(s, true, mapping == "@vocab");
            return Ok(Value::Object(Map::from_iter([(
                "@id".into(),
                iri.map_or(Value::Null, Value::String),
            )])));
        }
        let mut result = Map::from_iter([("@value".to_owned(), value.clone())]);
        match type_mapping {
            Some(mapping) if !matches!(mapping, "@id" | "@vocab" | "@none") => {
                result.insert("@type".into(), Value::String(mapping.to_owned()));
            }
            _ if value.is_string() => {
                let language = match definition.and_then(|d| d.language.as_ref()) {
                    Some(language) => language.clone(),
                    None => active.default_language.clone(),
                };
                let direction = match definition.and_then(|d| d.direction.as_ref()) {
                    Some(direction) => direction.clone(),
                    None => active.default_direction.clone(),
                };
                if let Some(language) = language {
                    result.insert("@language".into(), Value::String(language));
                }
                if let Some(direction) = direction {
                    result.insert("@direction".into(), Value::String(direction));
                }
            }
            _ => {}
        }
        Ok(Value::Object(result))
    }

    #[allow(clippy::too_many_arguments)]
    fn expand_entries(
        &self,
        active: &Arc<ActiveContext>,
        type_scoped: &Arc<ActiveContext>,
        active_property: Option<&str>,
        element: &Map<String, Value>,
        input_type: Option<&str>,
        result: &mut Map<String, Value>,
        depth: usize,
    ) -> Result<()> {
        let mut nests: Vec<&String> = Vec::new();
        for (key, value) in element {
            if key == "@context" || (depth == 0 && self.options.skip_root_key == Some(key.as_str()))
            {
                continue;
            }
            let expanded_property = active.expand_key(key).map(std::borrow::Cow::into_owned);
            let Some(expanded_property) =
                expanded_property.filter(|p| p.contains(':') || is_keyword(p))
            else {
                self.unsafe_drop(key.clone())?;
                continue;
            };
            if is_keyword(&expanded_property) {
                if active_property == Some("@reverse") {
                    return Err(Error::jsonld("invalid reverse property map", key.clone()));
                }
                if result.contains_key(&expanded_property)
                    && !matches!(expanded_property.as_str(), "@included" | "@type")
                {
                    return Err(Error::jsonld("colliding keywords", expanded_property));
                }
                let expanded_value = match expanded_property.as_str() {
                    "@id" => {
                        let id = value
                            .as_str()
                            .ok_or_else(|| Error::jsonld("invalid @id value", value.to_string()))?;
                        match active.expand_iri(id, true, false) {
                            Some(iri) => {
                                if self.options.safe
                                    && !(is_absolute_iri(&iri) || iri.starts_with("_:"))
                                {
                                    return Err(Error::UndefinedTerm(format!(
                                        "relative @id \"{id}\""
                                    )));
                                }
                                Value::String(iri)
                            }
                            None => Value::Null,
                        }
                    }
                    "@type" => {
                        let expand_type = |t: &Value| -> Result<Value> {
                            let t = t.as_str().ok_or_else(|| {
                                Error::jsonld("invalid type value", value.to_string())
                            })?;
                            let iri = type_scoped.expand_iri(t, true, true).unwrap_or_default();
                            if self.options.safe
                                && !(is_absolute_iri(&iri) || iri.starts_with("_:"))
                            {
                                return Err(Error::UndefinedTerm(format!("type \"{t}\"")));
                            }
                            Ok(Value::String(iri))
                        };
                        let mut types = match value {
                            Value::Array(items) => {
                                items.iter().map(expand_type).collect::<Result<Vec<_>>>()?
                            }
                            other => vec![expand_type(other)?],
                        };
                        let single = !value.is_array();
                        match result.remove("@type") {
                            Some(existing) => {
                                let mut all = as_array(existing);
                                all.append(&mut types);
                                Value::Array(all)
                            }
                            None if single => types.pop().unwrap_or(Value::Null),
                            None => Value::Array(types),
                        }
                    }
                    "@graph" => Value::Array(as_array(
                        self.expand(active, Some("@graph"), value, false, depth + 1)?
                            .unwrap_or(Value::Array(vec![])),
                    )),
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
                            return Err(Error::jsonld(
                                "invalid @included value",
                                value.to_string(),
                            ));
                        }
                        let included = as_array(
                            self.expand(active, active_property, value, false, depth + 1)?
                                .unwrap_or(Value::Array(vec![])),
                        );
                        if included
                            .iter()
                            .any(|i| !i.is_object() || is_value_object(i) || is_list_object(i))
                        {
                            return Err(Error::jsonld(
                                "invalid @included value",
                                value.to_string(),
                            ));
                        }
                        let mut all = result.remove("@included").map(as_array).unwrap_or_default();
                        all.extend(included);
                        Value::Array(all)
                    }
                    "@value" => {
                        if input_type == Some("@json") {
                            value.clone()
                        } else if value.is_object() || value.is_array() {
                            return Err(Error::jsonld(
                                "invalid value object value",
                                value.to_string(),
                            ));
                        } else {
                            value.clone()
                        }
                    }
                    "@language" => match value {
                        Value::String(tag) => {
                            if self.options.safe && !well_formed_language(tag) {
                                return Err(Error::jsonld(
                                    "invalid language-tagged string",
                                    tag.clone(),
                                ));
                            }
                            Value::String(tag.to_ascii_lowercase())
                        }
                        other => {
                            return Err(Error::jsonld(
                                "invalid language-tagged string",
                                other.to_string(),
                            ));
                        }
                    },
                    "@direction" => match value.as_str() {
                        Some("ltr" | "rtl") => value.clone(),
                        _ => {
                            return Err(Error::jsonld("invalid base direction", value.to_string()));
                        }
                    },
                    "@index" => match value {
                        Value::String(_) => value.clone(),
                        other => {
                            return Err(Error::jsonld("invalid @index value", other.to_string()));
                        }
                    },
                    "@list" => {
                        if matches!(active_property, None | Some("@graph")) {
                            self.unsafe_drop("free-floating list")?;
                            continue;
                        }
                        let list = self.expand(active, active_property, value, false, depth + 1)?;
                        Value::Array(as_array(list.unwrap_or(Value::Array(vec![]))))
                    }
                    "@set" => self
                        .expand(active, active_property, value, false, depth + 1)?
                        .unwrap_or(Value::Null),
                    "@reverse" => {
                        if !value.is_object() {
                            return Err(Error::jsonld("invalid @reverse value", value.to_string()));
                        }
                        let expanded =
                            self.expand(active, Some("@reverse"), value, false, depth + 1)?;
                        if let Some(Value::Object(mut expanded)) = expanded {
                            if let Some(Value::Object(reversed)) = expanded.remove("@reverse") {
                                for (property, items) in reversed {
                                    push_value(result, &property, items);
                                }
                            }
                            if !expanded.is_empty() {
                                let mut reverse_map = match result.remove("@reverse") {
                                    Some(Value::Object(m)) => m,
                                    _ => Map::new(),
                                };
                                for (property, items) in expanded {
                                    for item in as_array(items) {
                                        if is_value_object(&item) || is_list_object(&item) {
                                            return Err(Error::jsonld(
                                                "invalid reverse property value",
                                                property,
                                            ));
                                        }
                                        push_value(&mut reverse_map, &property, item);
                                    }
                                }
                                result.insert("@reverse".into(), Value::Object(reverse_map));
                            }
                        }
                        continue;
                    }
                    "@nest" => {
                        nests.push(key);
                        continue;
                    }
                    _ => continue,
                };
                if !(expanded_value.is_null()
                    && expanded_property == "@value"
                    && input_type != Some("@json"))
                {
                    result.insert(expanded_property, expanded_value);
                } else {
                    result.insert(expanded_property, Value::Null);
                }
                continue;
            }
            let definition = active.term(key);
            let container = definition.map_or(0, |d| d.container);
            let expanded_value =
                if definition.and_then(|d| d.type_mapping.as_deref()) == Some("@json") {
                    Some(Value::Object(Map::from_iter([
                        ("@value".into(), value.clone()),
                        ("@type".into(), Value::String("@json".into())),
                    ])))
                } else if container & C_LANGUAGE != 0 && value.is_object() {
                    Some(self.expand_language_map(active, definition, value)?)
                } else if container & (C_INDEX | C_TYPE | C_ID) != 0 && value.is_object() {
                    Some(self.expand_index_map(active, key, container, definition, value, depth)?)
                } else {
                    self.expand(active, Some(key), value, false, depth + 1)?
                };
            let Some(mut expanded_value) = expanded_value else {
                continue;
            };
            if container & C_LIST != 0 && !is_list_object(&expanded_value) {
                expanded_value = Value::Object(Map::from_iter([(
                    "@list".into(),
                    Value::Array(as_array(expanded_value)),
                )]));
            }
            if container & C_GRAPH != 0 && container & (C_ID | C_INDEX) == 0 {
                expanded_value = Value::Array(
                    as_array(expanded_value)
                        .into_iter()
                        .map(|ev| {
                            Value::Object(Map::from_iter([(
                                "@graph".into(),
                                Value::Array(as_array(ev)),
                            )]))
                        })
                        .collect(),
                );
            }
            if definition.is_some_and(|d| d.reverse) {
                let mut reverse_map = match result.remove("@reverse") {
                    Some(Value::Object(m)) => m,
                    _ => Map::new(),
                };
                for item in as_array(expanded_value) {
                    if is_value_object(&item) || is_list_object(&item) {
                        return Err(Error::jsonld("invalid reverse property value", key.clone()));
                    }
                    push_value(&mut reverse_map, &expanded_property, item);
                }
                result.insert("@reverse".into(), Value::Object(reverse_map));
            } else {
                push_value(result, &expanded_property, expanded_value);
            }
        }
        nests.sort();
        for nesting_key in nests {
            // A term aliasing @nest may carry a property-scoped context for what it nests.
            let nest_active = match active.term(nesting_key).filter(|d| d.context.is_some()) {
                Some(definition) => self.scoped(active, definition, true, true)?,
                None => active.clone(),
            };
            let active = &nest_active;
            for nested in as_array(element[nesting_key.as_str()].clone()) {
                let Value::Object(nested) = nested else {
                    return Err(Error::jsonld("invalid @nest value", nesting_key.clone()));
                };
                if nested
                    .keys()
                    .any(|k| active.expand_key(k).as_deref() == Some("@value"))
                {
                    return Err(Error::jsonld("invalid @nest value", nesting_key.clone()));
                }
                self.expand_entries(
                    active,
                    type_scoped,
                    active_property,
                    &nested,
                    input_type,
                    result,
                    depth + 1,
                )?;
            }
        }
        Ok(())
    }

    fn expand_language_map(
        &self,
        active: &ActiveContext,
        definition: Option<&TermDefinition>,
        value: &Value,
    ) -> Result<Value> {
        let mut expanded = Vec::new();
        let direction = match definition.and_then(|d| d.direction.as_ref()) {
            Some(direction) => direction.clone(),
            None => active.default_direction.clone(),
        };
        let Value::Object(map) = value else {
            return Ok(Value::Array(expanded));
        };
        let mut languages: Vec<&String> = map.keys().collect();
        languages.sort();
        for language in languages {
            let items: &[Value] = match &map[language.as_str()] {
                Value::Array(items) => items,
                other => std::slice::from_ref(other),
            };
            for item in items {
                match item {
                    Value::Null => continue,
                    Value::String(text) => {
                        let mut object =
                            Map::from_iter([("@value".to_owned(), Value::String(text.clone()))]);
                        let is_none = language == "@none"
                            || active.expand_iri(language, false, true).as_deref() == Some("@none");
                        if !is_none {
                            object.insert(
                                "@language".into(),
                                Value::String(language.to_ascii_lowercase()),
                            );
                        }
                        if let Some(direction) = &direction {
                            object.insert("@direction".into(), Value::String(direction.clone()));
                        }
                        expanded.push(Value::Object(object));
                    }
                    other => {
                        return Err(Error::jsonld(
                            "invalid language map value",
                            other.to_string(),
                        ));
                    }
                }
            }
        }
        Ok(Value::Array(expanded))
    }

    fn expand_index_map(
        &self,
        active: &Arc<ActiveContext>,
        key: &str,
        container: u8,
        definition: Option<&TermDefinition>,
        value: &Value,
        depth: usize,
    ) -> Result<Value> {
        let mut expanded = Vec::new();
        let Value::Object(map) = value else {
            return Ok(Value::Array(expanded));
        };
        let index_key = definition
            .and_then(|d| d.index.as_deref())
            .unwrap_or("@index");
        let mut indexes: Vec<&String> = map.keys().collect();
        indexes.sort();
        for index in indexes {
            let index_value = &map[index.as_str()];
            let mut map_context = active.clone();
            if container & (C_ID | C_TYPE) != 0
                && let Some(previous) = &active.previous
            {
                map_context = previous.clone();
            }
            if container & C_TYPE != 0 {
                if let Some(index_definition) = map_context.term(index).cloned()
                    && index_definition.context.is_some()
                {
                    map_context = self.scoped(&map_context, &index_definition, false, true)?;
                }
            } else {
                map_context = active.clone();
            }
            let expanded_index = active.expand_iri(index, false, true);
            let wrapped = match index_value {
                Value::Array(_) => index_value.clone(),
                other => Value::Array(vec![other.clone()]),
            };
            let items = self.expand(&map_context, Some(key), &wrapped, true, depth + 1)?;
            for mut item in as_array(items.unwrap_or(Value::Array(vec![]))) {
                if container & C_GRAPH != 0 && !is_graph_object(&item) {
                    item = Value::Object(Map::from_iter([(
                        "@graph".into(),
                        Value::Array(as_array(item)),
                    )]));
                }
                let is_none = expanded_index.as_deref() == Some("@none");
                let Value::Object(object) = &mut item else {
                    continue;
                };
                if container & C_INDEX != 0 && index_key != "@index" && !is_none {
                    let re_expanded =
                        self.expand_value(active, Some(index_key), &Value::String(index.clone()))?;
                    let expanded_index_key = active
                        .expand_iri(index_key, false, true)
                        .unwrap_or_default();
                    if object.contains_key("@value") {
                        return Err(Error::jsonld(
                            "invalid value object",
                            "property-valued index on a value",
                        ));
                    }
                    let mut values = vec![re_expanded];
                    if let Some(existing) = object.remove(&expanded_index_key) {
                        values.extend(as_array(existing));
                    }
                    object.insert(expanded_index_key, Value::Array(values));
                } else if container & C_INDEX != 0 && !object.contains_key("@index") && !is_none {
                    object.insert("@index".into(), Value::String(index.clone()));
                } else if container & C_ID != 0 && !object.contains_key("@id") && !is_none {
                    let id = active.expand_iri(index, true, false).unwrap_or_default();
                    object.insert("@id".into(), Value::String(id));
                } else if container & C_TYPE != 0 && !is_none {
                    let mut types = vec![Value::String(expanded_index.clone().unwrap_or_default())];
                    if let Some(existing) = object.remove("@type") {
                        types.extend(as_array(existing));
                    }
                    object.insert("@type".into(), Value::Array(types));
                }
                expanded.push(item);
            }
        }
        Ok(Value::Array(expanded))
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

/// Used by keyword-form checks elsewhere.
pub fn is_reserved_form(value: &str) -> bool {
    has_keyword_form(value) && !is_keyword(value)
}
