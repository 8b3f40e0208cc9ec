//! Create Term Definition (JSON-LD 1.1 API §4.2.2): one term of a local context at a time.

use super::context::{
    ActiveContext, C_GRAPH, C_ID, C_INDEX, C_LANGUAGE, C_LIST, C_SET, C_TYPE, ScopedContext,
    TermDefinition,
};
use super::iri::{has_keyword_form, is_absolute_iri, is_blank_node_id, is_keyword};
use super::processing::{Origin, ProcessOptions};
use super::processor::Processor;
use crate::error::{Error, Result};
use foldhash::HashMap;
use serde_json::{Map, Value};
use std::sync::Arc;

pub(super) struct Definer<'a> {
    pub(super) processor: &'a Processor,
    pub(super) local: &'a Map<String, Value>,
    pub(super) defined: HashMap<String, bool>,
    pub(super) origin: Origin<'a>,
    pub(super) protected_default: bool,
    pub(super) options: ProcessOptions,
    pub(super) remote_contexts: &'a [String],
}

fn container_flags(value: &Value) -> Result<u8> {
    let items: &[Value] = match value {
        Value::Array(items) => items,
        Value::Null => return Ok(0),
        other => std::slice::from_ref(other),
    };
    let mut flags = 0u8;
    for item in items {
        flags |= match item.as_str() {
            Some("@list") => C_LIST,
            Some("@set") => C_SET,
            Some("@index") => C_INDEX,
            Some("@id") => C_ID,
            Some("@type") => C_TYPE,
            Some("@language") => C_LANGUAGE,
            Some("@graph") => C_GRAPH,
            _ => {
                return Err(Error::jsonld(
                    "invalid container mapping",
                    value.to_string(),
                ));
            }
        };
    }
    let others = flags & !C_SET;
    let valid = if flags & C_LIST != 0 {
        flags == C_LIST
    } else if flags & C_GRAPH != 0 {
        others & !(C_GRAPH | C_ID | C_INDEX) == 0 && others & (C_ID | C_INDEX) != (C_ID | C_INDEX)
    } else {
        others.count_ones() <= 1
    };
    if !valid {
        return Err(Error::jsonld(
            "invalid container mapping",
            value.to_string(),
        ));
    }
    Ok(flags)
}

impl Definer<'_> {
    /// IRI expansion while a local context is being defined (may define terms on the way).
    fn expand_iri(
        &mut self,
        active: &mut ActiveContext,
        value: &str,
        relative: bool,
        vocab: bool,
    ) -> Result<Option<String>> {
        if is_keyword(value) {
            return Ok(Some(value.to_owned()));
        }
        if has_keyword_form(value) {
            return Ok(None);
        }
        if self.local.contains_key(value) && self.defined.get(value) != Some(&true) {
            self.create_term(active, value)?;
        }
        if let Some(colon) = value.find(':').filter(|&i| i > 0) {
            let (prefix, suffix) = (&value[..colon], &value[colon + 1..]);
            let is_compact = prefix != "_" && !suffix.starts_with("//");
            if is_compact
                && self.local.contains_key(prefix)
                && self.defined.get(prefix) != Some(&true)
            {
                self.create_term(active, prefix)?;
            }
        }
        Ok(active.expand_iri(value, relative, vocab))
    }

    /// Create Term Definition (API §4.2.2).
    pub(super) fn create_term(&mut self, active: &mut ActiveContext, term: &str) -> Result<()> {
        match self.defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => return Err(Error::jsonld("cyclic IRI mapping", term.to_owned())),
            None => {}
        }
        if term.is_empty() {
            return Err(Error::jsonld("invalid term definition", "empty term"));
        }
        self.defined.insert(term.to_owned(), false);
        let local = self.local;
        let raw = local.get(term).unwrap_or(&Value::Null);
        if term == "@type" {
            let valid = raw.as_object().is_some_and(|m| {
                !m.is_empty()
                    && m.iter().all(|(k, v)| match k.as_str() {
                        "@container" => v == "@set",
                        "@protected" => v.is_boolean(),
                        _ => false,
                    })
            });
            if !valid {
                return Err(Error::jsonld("keyword redefinition", term.to_owned()));
            }
        } else if is_keyword(term) {
            return Err(Error::jsonld("keyword redefinition", term.to_owned()));
        } else if has_keyword_form(term) {
            self.defined.insert(term.to_owned(), true);
            return Ok(());
        }
        let previous = active.terms.remove(term);
        let synthesized: Map<String, Value>;
        let (value, simple_term) = match raw {
            Value::Null => {
                synthesized = Map::from_iter([("@id".to_owned(), Value::Null)]);
                (&synthesized, false)
            }
            Value::String(s) => {
                synthesized = Map::from_iter([("@id".to_owned(), Value::String(s.clone()))]);
                (&synthesized, true)
            }
            Value::Object(map) => (map, false),
            other => {
                return Err(Error::jsonld(
                    "invalid term definition",
                    format!("{term}: {other}"),
                ));
            }
        };
        let protected = match value.get("@protected") {
            None => self.protected_default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(Error::jsonld("invalid @protected value", other.to_string()));
            }
        };
        let mut definition = TermDefinition {
            protected,
            ..TermDefinition::default()
        };
        if let Some(type_value) = value.get("@type") {
            let type_str = type_value
                .as_str()
                .ok_or_else(|| Error::jsonld("invalid type mapping", type_value.to_string()))?;
            let expanded = self
                .expand_iri(active, type_str, false, true)?
                .unwrap_or_default();
            let valid = matches!(expanded.as_str(), "@id" | "@json" | "@none" | "@vocab")
                || is_absolute_iri(&expanded);
            if !valid {
                return Err(Error::jsonld("invalid type mapping", type_str.to_owned()));
            }
            definition.type_mapping = Some(expanded.into());
        }
        if let Some(reverse) = value.get("@reverse") {
            if value.contains_key("@id") || value.contains_key("@nest") {
                return Err(Error::jsonld("invalid reverse property", term.to_owned()));
            }
            let reverse = reverse
                .as_str()
                .ok_or_else(|| Error::jsonld("invalid IRI mapping", reverse.to_string()))?;
            if has_keyword_form(reverse) {
                self.defined.insert(term.to_owned(), true);
                return Ok(());
            }
            let iri = self
                .expand_iri(active, reverse, false, true)?
                .unwrap_or_default();
            if !iri.contains(':') {
                return Err(Error::jsonld("invalid IRI mapping", reverse.to_owned()));
            }
            definition.iri = Some(iri.into());
            if let Some(container) = value.get("@container") {
                let flags = container_flags(container)?;
                if !(container.is_null() || flags == C_SET || flags == C_INDEX) {
                    return Err(Error::jsonld("invalid reverse property", term.to_owned()));
                }
                definition.container = flags;
            }
            definition.reverse = true;
            return self.finish(active, term, definition, previous);
        }
        let id_value = value.get("@id");
        if let Some(id) = id_value.filter(|id| id.as_str() != Some(term)) {
            match id {
                Value::Null => definition.iri = None,
                Value::String(id) => {
                    if !is_keyword(id) && has_keyword_form(id) {
                        self.defined.insert(term.to_owned(), true);
                        return Ok(());
                    }
                    let iri = self
                        .expand_iri(active, id, false, true)?
                        .unwrap_or_default();
                    if !(is_keyword(&iri) || iri.contains(':')) {
                        return Err(Error::jsonld("invalid IRI mapping", id.clone()));
                    }
                    if iri == "@context" {
                        return Err(Error::jsonld("invalid keyword alias", term.to_owned()));
                    }
                    let inner = term.get(1..term.len().saturating_sub(1)).unwrap_or("");
                    if inner.contains(':') || term.contains('/') {
                        self.defined.insert(term.to_owned(), true);
                        let term_iri = self.expand_iri(active, term, false, true)?;
                        if term_iri.as_deref() != Some(iri.as_str()) {
                            return Err(Error::jsonld(
                                "invalid IRI mapping",
                                format!("{term} vs {iri}"),
                            ));
                        }
                        self.defined.insert(term.to_owned(), false);
                    }
                    if !term.contains(':') && !term.contains('/') && simple_term {
                        definition.prefix = iri.ends_with([':', '/', '?', '#', '[', ']', '@'])
                            || is_blank_node_id(&iri);
                    }
                    definition.iri = Some(iri.into());
                }
                other => return Err(Error::jsonld("invalid IRI mapping", other.to_string())),
            }
        } else if let Some(colon) = term.get(1..).and_then(|t| t.find(':')).map(|i| i + 1) {
            let (prefix, suffix) = (&term[..colon], &term[colon + 1..]);
            if self.local.contains_key(prefix) {
                self.create_term(active, prefix)?;
            }
            definition.iri = match active.terms.get(prefix).and_then(|d| d.iri.as_ref()) {
                Some(prefix_iri) => Some(format!("{prefix_iri}{suffix}").into()),
                None => Some(term.into()),
            };
        } else if term.contains('/') {
            let iri = active.expand_iri(term, false, true).unwrap_or_default();
            if !is_absolute_iri(&iri) {
                return Err(Error::jsonld("invalid IRI mapping", term.to_owned()));
            }
            definition.iri = Some(iri.into());
        } else if term == "@type" {
            definition.iri = Some("@type".into());
        } else {
            match &active.vocab {
                Some(vocab) => definition.iri = Some(format!("{vocab}{term}").into()),
                None => {
                    return Err(Error::jsonld(
                        "invalid IRI mapping",
                        format!("{term}: no @vocab"),
                    ));
                }
            }
        }
        if let Some(container) = value.get("@container") {
            let flags = container_flags(container)?;
            if flags & C_TYPE != 0 {
                match definition.type_mapping.as_deref() {
                    None => definition.type_mapping = Some("@id".into()),
                    Some("@id" | "@vocab") => {}
                    Some(_) => return Err(Error::jsonld("invalid type mapping", term.to_owned())),
                }
            }
            definition.container = flags;
        }
        if let Some(index) = value.get("@index") {
            let index = index
                .as_str()
                .filter(|_| definition.container & C_INDEX != 0);
            let index = index.ok_or_else(|| {
                Error::jsonld("invalid term definition", format!("{term}: @index"))
            })?;
            let expanded = active.expand_iri(index, false, true).unwrap_or_default();
            if has_keyword_form(index) || !is_absolute_iri(&expanded) {
                return Err(Error::jsonld(
                    "invalid term definition",
                    format!("{term}: @index {index}"),
                ));
            }
            definition.index = Some(index.to_owned());
        }
        if let Some(context) = value.get("@context") {
            if self.options.validate_scoped {
                let mut probe = Arc::new(active.clone());
                if let Some(existing) = &previous {
                    Arc::make_mut(&mut probe)
                        .terms
                        .insert(term.to_owned(), existing.clone());
                }
                let options = ProcessOptions {
                    override_protected: true,
                    propagate: true,
                    validate_scoped: false,
                };
                let origin = Origin {
                    cache_key: None,
                    pinned: false,
                    ..self.origin
                };
                self.processor
                    .process_context(&probe, context, origin, self.remote_contexts, options)
                    .map_err(|e| Error::jsonld("invalid scoped context", format!("{term}: {e}")))?;
            }
            let cache_key = self
                .origin
                .pinned
                .then_some(context as *const Value as usize);
            definition.context = Some(ScopedContext {
                value: Arc::new(context.clone()),
                cache_key,
            });
            definition.base_url = self.origin.base_url.map(str::to_owned);
        }
        if value.contains_key("@language") && !value.contains_key("@type") {
            definition.language = Some(match value.get("@language") {
                Some(Value::String(tag)) => Some(tag.to_ascii_lowercase()),
                Some(Value::Null) => None,
                other => {
                    return Err(Error::jsonld(
                        "invalid language mapping",
                        format!("{other:?}"),
                    ));
                }
            });
        }
        if value.contains_key("@direction") && !value.contains_key("@type") {
            definition.direction = Some(match value.get("@direction") {
                Some(Value::String(d)) if d == "ltr" || d == "rtl" => Some(d.clone()),
                Some(Value::Null) => None,
                other => {
                    return Err(Error::jsonld(
                        "invalid base direction",
                        format!("{other:?}"),
                    ));
                }
            });
        }
        if let Some(nest) = value.get("@nest") {
            let nest = nest.as_str().filter(|n| !is_keyword(n) || *n == "@nest");
            definition.nest = Some(
                nest.ok_or_else(|| Error::jsonld("invalid @nest value", term.to_owned()))?
                    .to_owned(),
            );
        }
        if let Some(prefix) = value.get("@prefix") {
            if term.contains(':') || term.contains('/') {
                return Err(Error::jsonld(
                    "invalid term definition",
                    format!("{term}: @prefix"),
                ));
            }
            definition.prefix = prefix
                .as_bool()
                .ok_or_else(|| Error::jsonld("invalid @prefix value", term.to_owned()))?;
            if definition.prefix && definition.iri.as_deref().is_some_and(is_keyword) {
                return Err(Error::jsonld(
                    "invalid term definition",
                    format!("{term}: keyword prefix"),
                ));
            }
        }
        for key in value.keys() {
            if !matches!(
                key.as_str(),
                "@id"
                    | "@reverse"
                    | "@container"
                    | "@context"
                    | "@direction"
                    | "@index"
                    | "@language"
                    | "@nest"
                    | "@prefix"
                    | "@protected"
                    | "@type"
            ) {
                return Err(Error::jsonld(
                    "invalid term definition",
                    format!("{term}: {key}"),
                ));
            }
        }
        self.finish(active, term, definition, previous)
    }

    fn finish(
        &mut self,
        active: &mut ActiveContext,
        term: &str,
        definition: TermDefinition,
        previous: Option<Arc<TermDefinition>>,
    ) -> Result<()> {
        let mut definition = definition;
        definition.iri_is_absolute = definition.iri.as_deref().is_some_and(is_absolute_iri);
        definition.iri_is_keyword = definition.iri.as_deref().is_some_and(is_keyword);
        let definition = match previous {
            Some(previous) if previous.protected && !self.options.override_protected => {
                if !definition.same_except_protected(&previous) {
                    return Err(Error::jsonld(
                        "protected term redefinition",
                        term.to_owned(),
                    ));
                }
                previous
            }
            _ => Arc::new(definition),
        };
        active.terms.insert(term.to_owned(), definition);
        self.defined.insert(term.to_owned(), true);
        Ok(())
    }
}
