//! JSON-LD 1.1 active contexts: context processing, term definitions and IRI expansion (API §4.1, §4.2, §5.2).

use super::expanded::Text;
use super::iri::{
    has_keyword_form, has_scheme, is_absolute_iri, is_blank_node_id, is_keyword, resolve,
};
use super::processor::Processor;
use crate::error::{Error, Result};
use foldhash::HashMap;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub const C_LIST: u8 = 1;
pub const C_SET: u8 = 2;
pub const C_INDEX: u8 = 4;
pub const C_ID: u8 = 8;
pub const C_TYPE: u8 = 16;
pub const C_LANGUAGE: u8 = 32;
pub const C_GRAPH: u8 = 64;

/// Most remote contexts one document may pull in (guards against context recursion).
const MAX_REMOTE_CONTEXTS: usize = 32;

static NEXT_CONTEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A scoped (`@context` inside a term definition) context. `cache_key` is set when it comes from a
/// pinned, never-freed document, so the processed result can be cached across documents.
#[derive(Debug, Clone)]
pub struct ScopedContext {
    pub value: Arc<Value>,
    pub cache_key: Option<usize>,
}

impl PartialEq for ScopedContext {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermDefinition {
    /// `None` = the term is explicitly mapped to null (decoupled from @vocab).
    pub iri: Option<Arc<str>>,
    pub prefix: bool,
    pub protected: bool,
    pub reverse: bool,
    pub base_url: Option<String>,
    pub context: Option<ScopedContext>,
    pub container: u8,
    /// `Some(None)` = explicitly no direction.
    pub direction: Option<Option<String>>,
    pub index: Option<String>,
    /// `Some(None)` = explicitly no language.
    pub language: Option<Option<String>>,
    pub nest: Option<String>,
    pub type_mapping: Option<Arc<str>>,
    /// `iri` is an absolute IRI (checked once here rather than at every use in safe mode).
    pub iri_is_absolute: bool,
}

impl TermDefinition {
    fn same_except_protected(&self, other: &TermDefinition) -> bool {
        let mut a = self.clone();
        a.protected = other.protected;
        a == *other
    }
}

#[derive(Debug, Clone)]
pub struct ActiveContext {
    /// Unique per processed context; cache keys use it, so ids are never reused.
    pub id: u64,
    /// Built only from pinned contexts through cached steps: results derived from it may be cached.
    pub cacheable: bool,
    pub terms: HashMap<String, Arc<TermDefinition>>,
    pub base_iri: Option<String>,
    pub original_base_url: Option<String>,
    pub vocab: Option<String>,
    pub default_language: Option<String>,
    pub default_direction: Option<String>,
    pub previous: Option<Arc<ActiveContext>>,
    /// Terms whose IRI is a keyword (`"type": "@type"`): keyword tests on every key of every
    /// object check this short list instead of the term map.
    pub keyword_aliases: Vec<(String, Arc<str>)>,
}

impl ActiveContext {
    pub fn new(base: Option<String>) -> Self {
        ActiveContext {
            id: NEXT_CONTEXT_ID.fetch_add(1, Ordering::Relaxed),
            cacheable: true,
            terms: HashMap::default(),
            base_iri: base.clone(),
            original_base_url: base,
            vocab: None,
            default_language: None,
            default_direction: None,
            previous: None,
            keyword_aliases: Vec::new(),
        }
    }

    pub fn term(&self, term: &str) -> Option<&TermDefinition> {
        self.terms.get(term).map(Arc::as_ref)
    }

    fn has_protected_terms(&self) -> bool {
        self.terms.values().any(|t| t.protected)
    }

    /// IRI expansion (API §5.2.2) without copying: keywords and absolute IRIs borrow from the
    /// input, term IRIs share the context's `Arc`. Nearly every key and IRI of a credential is one
    /// of those, so expansion allocates little.
    pub fn expand_text<'a>(
        &self,
        value: &'a str,
        document_relative: bool,
        vocab: bool,
    ) -> Option<Text<'a>> {
        if is_keyword(value) {
            return Some(Text::Borrowed(value));
        }
        if has_keyword_form(value) {
            return None;
        }
        if let Some(definition) = self.terms.get(value) {
            match &definition.iri {
                Some(iri) if vocab || is_keyword(iri) => return Some(Text::Shared(iri.clone())),
                None if vocab => return None,
                _ => {}
            }
        }
        if let Some(colon) = value.find(':').filter(|&i| i > 0) {
            let (prefix, suffix) = (&value[..colon], &value[colon + 1..]);
            if prefix == "_" || suffix.starts_with("//") {
                return Some(Text::Borrowed(value));
            }
            if let Some(definition) = self.terms.get(prefix)
                && let (Some(iri), true) = (&definition.iri, definition.prefix)
            {
                return Some(Text::Owned(format!("{iri}{suffix}")));
            }
            if has_scheme(value) {
                return Some(Text::Borrowed(value));
            }
        }
        expand_iri_tail(self, value, document_relative, vocab).map(Text::Owned)
    }

    /// Whether `key` expands to `keyword` (the keyword itself or a term aliasing it); cheaper than
    /// a full expansion, which matters because every key of every object is tested.
    pub fn is_alias_of(&self, key: &str, keyword: &str) -> bool {
        key == keyword
            || self
                .keyword_aliases
                .iter()
                .any(|(term, iri)| term == key && &**iri == keyword)
    }

    /// IRI expansion of a key: vocabulary-relative, not document-relative.
    pub fn expand_key<'a>(&self, value: &'a str) -> Option<Text<'a>> {
        self.expand_text(value, false, true)
    }

    /// IRI expansion (API §5.2.2) with no local context being defined.
    pub fn expand_iri(&self, value: &str, document_relative: bool, vocab: bool) -> Option<String> {
        if is_keyword(value) {
            return Some(value.to_owned());
        }
        if has_keyword_form(value) {
            return None;
        }
        if let Some(definition) = self.terms.get(value) {
            if let Some(iri) = &definition.iri {
                if is_keyword(iri) || vocab {
                    return Some(iri.to_string());
                }
            } else if vocab {
                return None;
            }
        }
        expand_iri_tail(self, value, document_relative, vocab)
    }
}

/// Steps 6–9 of IRI expansion, shared by the read-only and the defining variant.
fn expand_iri_tail(
    context: &ActiveContext,
    value: &str,
    document_relative: bool,
    vocab: bool,
) -> Option<String> {
    if let Some(colon) = value.find(':').filter(|&i| i > 0) {
        let (prefix, suffix) = (&value[..colon], &value[colon + 1..]);
        if prefix == "_" || suffix.starts_with("//") {
            return Some(value.to_owned());
        }
        if let Some(definition) = context.terms.get(prefix)
            && let (Some(iri), true) = (&definition.iri, definition.prefix)
        {
            return Some(format!("{iri}{suffix}"));
        }
        if has_scheme(value) {
            return Some(value.to_owned());
        }
    }
    if vocab && let Some(vocab_iri) = &context.vocab {
        return Some(format!("{vocab_iri}{value}"));
    }
    if document_relative && let Some(base) = &context.base_iri {
        return Some(resolve(base, value));
    }
    Some(value.to_owned())
}

/// Options of one context-processing call.
#[derive(Clone, Copy)]
pub struct ProcessOptions {
    pub override_protected: bool,
    pub propagate: bool,
    pub validate_scoped: bool,
}

impl Default for ProcessOptions {
    fn default() -> Self {
        ProcessOptions {
            override_protected: false,
            propagate: true,
            validate_scoped: true,
        }
    }
}

/// Where a local context came from: pinned documents allow caching of the processed result.
#[derive(Clone, Copy)]
pub struct Origin<'a> {
    pub base_url: Option<&'a str>,
    /// The local context lies inside a pinned document that lives as long as the processor.
    pub pinned: bool,
    /// Address of the local context inside that document, when the whole local context is one.
    pub cache_key: Option<usize>,
}

impl Origin<'_> {
    pub fn document(base_url: Option<&str>) -> Origin<'_> {
        Origin {
            base_url,
            pinned: false,
            cache_key: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CacheSource {
    Pinned(usize),
    Urls(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    pub parent: u64,
    pub source: CacheSource,
    pub flags: u8,
}

fn url_list(local: &Value, base: Option<&str>) -> Option<Vec<String>> {
    let absolute = |url: &str| match base {
        Some(base) => resolve(base, url),
        None => url.to_owned(),
    };
    match local {
        Value::String(url) => Some(vec![absolute(url)]),
        Value::Array(items) => items.iter().map(|i| i.as_str().map(absolute)).collect(),
        _ => None,
    }
}

fn fresh_copy(active: &ActiveContext) -> ActiveContext {
    let mut copy = active.clone();
    copy.id = NEXT_CONTEXT_ID.fetch_add(1, Ordering::Relaxed);
    copy.cacheable = false;
    copy
}

struct Definer<'a> {
    processor: &'a Processor,
    local: &'a Map<String, Value>,
    defined: HashMap<String, bool>,
    origin: Origin<'a>,
    protected_default: bool,
    options: ProcessOptions,
    remote_contexts: &'a [String],
}

impl Processor {
    /// Context processing (API §4.1.2). Results are cached per (parent context, pinned source,
    /// options) when the parent is itself cached: pinned contexts are processed once per process.
    pub fn process_context(
        &self,
        active: &Arc<ActiveContext>,
        local: &Value,
        origin: Origin<'_>,
        remote_contexts: &[String],
        options: ProcessOptions,
    ) -> Result<Arc<ActiveContext>> {
        let source = if !active.cacheable {
            None
        } else if let Some(key) = origin.cache_key {
            Some(CacheSource::Pinned(key))
        } else {
            url_list(local, origin.base_url).map(CacheSource::Urls)
        };
        let key = source.map(|source| CacheKey {
            parent: active.id,
            source,
            flags: flags(options),
        });
        if let Some(hit) = key.as_ref().and_then(|k| self.cached(k)) {
            return Ok(hit);
        }
        let mut result =
            self.process_context_uncached(active, local, origin, remote_contexts, options)?;
        match key {
            Some(key) => {
                Arc::make_mut(&mut result).cacheable = true;
                Ok(self.store(key, result))
            }
            None => {
                if result.cacheable && !Arc::ptr_eq(&result, active) {
                    Arc::make_mut(&mut result).cacheable = false;
                }
                Ok(result)
            }
        }
    }

    fn process_context_uncached(
        &self,
        active: &Arc<ActiveContext>,
        local: &Value,
        origin: Origin<'_>,
        remote_contexts: &[String],
        options: ProcessOptions,
    ) -> Result<Arc<ActiveContext>> {
        let mut options = options;
        if let Some(propagate) = local.get("@propagate") {
            options.propagate = propagate
                .as_bool()
                .ok_or_else(|| Error::jsonld("invalid @propagate value", propagate.to_string()))?;
        }
        let items: &[Value] = match local {
            Value::Array(items) => items,
            other => std::slice::from_ref(other),
        };
        let mut result: Arc<ActiveContext> = active.clone();
        if !options.propagate && result.previous.is_none() {
            let mut with_previous = fresh_copy(active);
            with_previous.previous = Some(active.clone());
            result = Arc::new(with_previous);
        }
        for item in items {
            result = match item {
                Value::Null => {
                    if !options.override_protected && result.has_protected_terms() {
                        return Err(Error::jsonld(
                            "invalid context nullification",
                            "protected terms",
                        ));
                    }
                    let mut fresh = ActiveContext::new(active.original_base_url.clone());
                    fresh.cacheable = false;
                    if !options.propagate {
                        fresh.previous = Some(result.clone());
                    }
                    Arc::new(fresh)
                }
                Value::String(reference) => {
                    let url = match origin.base_url {
                        Some(base) => resolve(base, reference),
                        None => reference.clone(),
                    };
                    if !options.validate_scoped && remote_contexts.contains(&url) {
                        continue;
                    }
                    if remote_contexts.len() >= MAX_REMOTE_CONTEXTS {
                        return Err(Error::jsonld("context overflow", url));
                    }
                    self.process_remote(&result, &url, remote_contexts, options)?
                }
                Value::Object(map) => {
                    // Only the whole local context of a pinned document is keyed by its address.
                    let item_origin = Origin {
                        cache_key: None,
                        ..origin
                    };
                    Arc::new(self.process_object(
                        &result,
                        map,
                        item_origin,
                        remote_contexts,
                        options,
                    )?)
                }
                other => return Err(Error::jsonld("invalid local context", other.to_string())),
            };
        }
        Ok(result)
    }

    fn process_remote(
        &self,
        active: &Arc<ActiveContext>,
        url: &str,
        remote_contexts: &[String],
        options: ProcessOptions,
    ) -> Result<Arc<ActiveContext>> {
        let (document, pinned) = self.load(url)?;
        let context = document.get("@context").ok_or_else(|| {
            Error::jsonld("invalid remote context", format!("{url} has no @context"))
        })?;
        let mut remotes = remote_contexts.to_vec();
        remotes.push(url.to_owned());
        let origin = Origin {
            base_url: Some(url),
            pinned,
            cache_key: pinned.then_some(context as *const Value as usize),
        };
        self.process_context(active, context, origin, &remotes, options)
    }

    fn process_object(
        &self,
        active: &ActiveContext,
        map: &Map<String, Value>,
        origin: Origin<'_>,
        remote_contexts: &[String],
        options: ProcessOptions,
    ) -> Result<ActiveContext> {
        let mut result = fresh_copy(active);
        let imported;
        let mut map = map;
        let mut origin = origin;
        if let Some(version) = map.get("@version")
            && version.as_f64() != Some(1.1)
        {
            return Err(Error::jsonld("invalid @version value", version.to_string()));
        }
        if let Some(import) = map.get("@import") {
            let reference = import
                .as_str()
                .ok_or_else(|| Error::jsonld("invalid @import value", import.to_string()))?;
            let url = match origin.base_url {
                Some(base) => resolve(base, reference),
                None => reference.to_owned(),
            };
            let (document, _) = self.load(&url)?;
            let Some(Value::Object(import_context)) = document.get("@context") else {
                return Err(Error::jsonld("invalid remote context", url));
            };
            if import_context.contains_key("@import") {
                return Err(Error::jsonld(
                    "invalid context entry",
                    format!("{url} contains @import"),
                ));
            }
            let mut merged = import_context.clone();
            for (key, value) in map {
                merged.insert(key.clone(), value.clone());
            }
            imported = merged;
            map = &imported;
            // The merged map is a temporary: its addresses cannot key the cache.
            origin.pinned = false;
        }
        if let Some(base) = map.get("@base").filter(|_| remote_contexts.is_empty()) {
            result.base_iri = match base {
                Value::Null => None,
                Value::String(iri) if is_absolute_iri(iri) => Some(iri.clone()),
                Value::String(relative) => match &result.base_iri {
                    Some(current) => Some(resolve(current, relative)),
                    None => return Err(Error::jsonld("invalid base IRI", relative.clone())),
                },
                other => return Err(Error::jsonld("invalid base IRI", other.to_string())),
            };
        }
        if let Some(vocab) = map.get("@vocab") {
            result.vocab = match vocab {
                Value::Null => None,
                Value::String(iri)
                    if is_absolute_iri(iri) || is_blank_node_id(iri) || !iri.contains(':') =>
                {
                    let expanded = result.expand_iri(iri, true, true).unwrap_or_default();
                    Some(expanded)
                }
                other => return Err(Error::jsonld("invalid vocab mapping", other.to_string())),
            };
        }
        if let Some(language) = map.get("@language") {
            result.default_language = match language {
                Value::Null => None,
                Value::String(tag) => Some(tag.to_ascii_lowercase()),
                other => return Err(Error::jsonld("invalid default language", other.to_string())),
            };
        }
        if let Some(direction) = map.get("@direction") {
            result.default_direction = match direction.as_str() {
                _ if direction.is_null() => None,
                Some(d @ ("ltr" | "rtl")) => Some(d.to_owned()),
                _ => {
                    return Err(Error::jsonld(
                        "invalid base direction",
                        direction.to_string(),
                    ));
                }
            };
        }
        let protected_default = match map.get("@protected") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                return Err(Error::jsonld("invalid @protected value", other.to_string()));
            }
        };
        let mut definer = Definer {
            processor: self,
            local: map,
            defined: HashMap::default(),
            origin,
            protected_default,
            options,
            remote_contexts,
        };
        for key in map.keys() {
            if matches!(
                key.as_str(),
                "@base"
                    | "@direction"
                    | "@import"
                    | "@language"
                    | "@propagate"
                    | "@protected"
                    | "@version"
                    | "@vocab"
            ) {
                continue;
            }
            definer.create_term(&mut result, key)?;
        }
        result.keyword_aliases = result
            .terms
            .iter()
            .filter_map(|(term, definition)| {
                definition
                    .iri
                    .as_ref()
                    .filter(|iri| is_keyword(iri))
                    .map(|iri| (term.clone(), iri.clone()))
            })
            .collect();
        Ok(result)
    }
}

fn flags(options: ProcessOptions) -> u8 {
    u8::from(options.override_protected)
        | (u8::from(options.propagate) << 1)
        | (u8::from(options.validate_scoped) << 2)
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
    fn create_term(&mut self, active: &mut ActiveContext, term: &str) -> Result<()> {
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
