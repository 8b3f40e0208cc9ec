//! JSON-LD 1.1 context processing (API §4.1.2) with a cache of processed contexts: each pinned
//! context is processed once per process, not once per document.

use super::context::{ActiveContext, MAX_REMOTE_CONTEXTS, NEXT_CONTEXT_ID};
use super::definitions::Definer;
use super::iri::{is_absolute_iri, is_blank_node_id, is_keyword, resolve};
use super::processor::Processor;
use crate::error::{Error, Result};
use foldhash::HashMap;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::sync::atomic::Ordering;

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

pub(super) fn fresh_copy(active: &ActiveContext) -> ActiveContext {
    let mut copy = active.clone();
    copy.id = NEXT_CONTEXT_ID.fetch_add(1, Ordering::Relaxed);
    copy.cacheable = false;
    copy
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
