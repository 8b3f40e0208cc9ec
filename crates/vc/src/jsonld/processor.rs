//! The JSON-LD processor: a document loader plus the cache of processed contexts it owns.

use super::context::{ActiveContext, CacheKey};
use crate::error::{Error, Result};
use foldhash::{HashMap, HashSet};
use serde_json::Value;
use std::sync::{Arc, Mutex, PoisonError};

/// Upper bound on cached processed contexts; beyond it results are computed but not kept, so a
/// hostile mix of types cannot grow memory without bound.
const MAX_CACHED_CONTEXTS: usize = 4096;

/// Supplies context documents. Implementations do no network IO in production (see `pinned`).
pub trait DocumentLoader: Send + Sync {
    /// Return the parsed document at `url`, or an error if it is not available.
    fn load(&self, url: &str) -> Result<Value>;
    /// True if documents from this loader are immutable for the life of the process, which makes
    /// the processed contexts cacheable across documents.
    fn is_pinned(&self) -> bool;
}

/// Loads contexts through a [`DocumentLoader`] and caches both documents and processed contexts.
pub struct Processor {
    loader: Box<dyn DocumentLoader>,
    /// Documents are kept alive for the processor's life: cache keys use addresses inside them.
    documents: Mutex<HashMap<String, Arc<Value>>>,
    contexts: Mutex<HashMap<CacheKey, Arc<ActiveContext>>>,
    initial: Arc<ActiveContext>,
    /// Every object key in the loaded documents, with how many documents it covers.
    context_keys: Mutex<(usize, Arc<HashSet<String>>)>,
}

impl Processor {
    pub fn new(loader: Box<dyn DocumentLoader>) -> Self {
        Processor {
            loader,
            documents: Mutex::new(HashMap::default()),
            contexts: Mutex::new(HashMap::default()),
            initial: Arc::new(ActiveContext::new(None)),
            context_keys: Mutex::new((0, Arc::default())),
        }
    }

    /// Whether loaded documents never change (see [`DocumentLoader::is_pinned`]).
    pub(crate) fn is_pinned(&self) -> bool {
        self.loader.is_pinned()
    }

    /// Every key of every object in the documents loaded so far: a superset of the terms any of
    /// their contexts (scoped ones included) can define.
    pub(crate) fn context_keys(&self) -> Arc<HashSet<String>> {
        let documents: Vec<Arc<Value>> = self
            .documents
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect();
        let mut known = self
            .context_keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if known.0 != documents.len() {
            let mut keys = HashSet::default();
            let mut pending: Vec<&Value> = documents.iter().map(|d| &**d).collect();
            while let Some(value) = pending.pop() {
                match value {
                    Value::Object(map) => {
                        for (key, value) in map {
                            keys.insert(key.clone());
                            pending.push(value);
                        }
                    }
                    Value::Array(items) => pending.extend(items),
                    _ => {}
                }
            }
            *known = (documents.len(), Arc::new(keys));
        }
        known.1.clone()
    }

    /// A process-unique id of this processor (caches elsewhere key on it, never on addresses).
    pub fn id(&self) -> u64 {
        self.initial.id
    }

    /// The initial active context for a document at `base` (cached for `None`).
    pub fn initial_context(&self, base: Option<&str>) -> Arc<ActiveContext> {
        match base {
            None => self.initial.clone(),
            Some(base) => {
                let mut context = ActiveContext::new(Some(base.to_owned()));
                context.cacheable = false;
                Arc::new(context)
            }
        }
    }

    /// Load a document (once) and say whether its addresses may key the cache.
    pub(crate) fn load(&self, url: &str) -> Result<(Arc<Value>, bool)> {
        let pinned = self.loader.is_pinned();
        if let Some(document) = self
            .documents
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(url)
        {
            return Ok((document.clone(), pinned));
        }
        let document = Arc::new(self.loader.load(url)?);
        if !document.is_object() {
            return Err(Error::jsonld(
                "invalid remote context",
                format!("{url} is not a JSON object"),
            ));
        }
        let mut documents = self
            .documents
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let stored = documents.entry(url.to_owned()).or_insert(document).clone();
        Ok((stored, pinned))
    }

    pub(crate) fn cached(&self, key: &CacheKey) -> Option<Arc<ActiveContext>> {
        self.contexts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .cloned()
    }

    pub(crate) fn store(&self, key: CacheKey, context: Arc<ActiveContext>) -> Arc<ActiveContext> {
        let mut contexts = self.contexts.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(existing) = contexts.get(&key) {
            return existing.clone();
        }
        if contexts.len() < MAX_CACHED_CONTEXTS {
            contexts.insert(key, context.clone());
            context
        } else {
            let mut uncached = (*context).clone();
            uncached.cacheable = false;
            Arc::new(uncached)
        }
    }
}
