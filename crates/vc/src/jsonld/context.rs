//! JSON-LD 1.1 active contexts and term definitions, and IRI expansion against them (API §5.2).
//! Context processing is in `processing.rs`, term-definition creation in `definitions.rs`.

use super::expanded::Text;
use super::iri::{has_keyword_form, has_scheme, is_keyword, resolve};
pub use super::processing::{CacheKey, CacheSource, Origin, ProcessOptions};
use foldhash::HashMap;
use serde_json::Value;
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
pub(super) const MAX_REMOTE_CONTEXTS: usize = 32;

pub(super) static NEXT_CONTEXT_ID: AtomicU64 = AtomicU64::new(1);

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
    /// `iri` is a keyword (the term is a keyword alias such as `"type": "@type"`).
    pub iri_is_keyword: bool,
}

impl TermDefinition {
    pub(super) fn same_except_protected(&self, other: &TermDefinition) -> bool {
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

    pub(super) fn has_protected_terms(&self) -> bool {
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
        if vocab {
            if let Some(definition) = self.terms.get(value) {
                return definition.iri.clone().map(Text::Shared);
            }
        } else if let Some((_, keyword)) =
            self.keyword_aliases.iter().find(|(term, _)| term == value)
        {
            // Not vocabulary-relative: a term only matters if it aliases a keyword, and those
            // are few — no need to hash every @id value into the term map.
            return Some(Text::Shared(keyword.clone()));
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
