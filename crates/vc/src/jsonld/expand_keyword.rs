//! Expansion of keyword entries (API §5.1.2 step 13.4) and of language and index maps (13.7–13.8).

use super::context::{ActiveContext, C_GRAPH, C_ID, C_INDEX, C_TYPE, TermDefinition};
use super::expand::{
    Builder, Expanded, Expander, Scalar, is_value_or_list, lowercase, well_formed_language,
};
use super::expanded::{Id, Item, Literal, Node, Text, ValueObject};
use super::iri::{is_absolute_iri, is_keyword};
use crate::error::{Error, Result};
use serde_json::Value;
use std::sync::Arc;

impl Expander<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn expand_keyword<'v>(
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
            // @base, @vocab, @version, @container … mean something only inside a context: in a
            // node or value object JSON-LD ignores them.
            other => self.unsigned(format!("the keyword \"{other}\" outside a context"))?,
        }
        Ok(())
    }

    pub(super) fn expand_language_map<'v>(
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
            if !is_none && !well_formed_language(language) {
                self.unsigned("a language-map key that is not a language tag")?;
            }
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

    pub(super) fn expand_index_map<'v>(
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
