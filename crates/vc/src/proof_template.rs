//! Fast path for canonical proof configurations.
//!
//! Why: for a given `@context`, the canonical N-Quads of an eddsa-rdfc-2022 proof configuration
//! differ only in the `created` literal and the `verificationMethod` IRI. Every line starts with
//! the same blank node and a distinct predicate, so line order never depends on those values.
//! We canonicalize a probe configuration once per context through the full pipeline and then
//! substitute the real values, saving a third of the work of issuing or verifying.
//! `tests/data_integrity_vectors.rs` checks this path against the generic one.

use crate::jsonld::Processor;
use crate::jsonld::iri::is_absolute_iri;
use foldhash::HashMap;
use serde_json::Value;
use std::cell::RefCell;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

const PROBE_CREATED: &str = "1970-01-01T00:00:00Z";
const PROBE_METHOD: &str = "urn:microcred:probe:verification-method";
/// How the probe values appear in the canonical template.
const CREATED_NEEDLE: &str = "\"1970-01-01T00:00:00Z\"";
const METHOD_NEEDLE: &str = "<urn:microcred:probe:verification-method>";
/// Distinct contexts remembered; credentials use a handful.
const MAX_TEMPLATES: usize = 64;

type TemplateCache = Mutex<HashMap<(u64, String), Option<Arc<ConfigTemplate>>>>;

/// A canonical probe configuration with where its two values stand, found once.
#[derive(Debug)]
struct ConfigTemplate {
    text: String,
    /// Byte offsets of the probe values, in order, and whether each is `created`.
    holes: Vec<(usize, bool)>,
}

impl ConfigTemplate {
    fn new(text: String) -> ConfigTemplate {
        let mut holes: Vec<(usize, bool)> = text
            .match_indices(CREATED_NEEDLE)
            .map(|(at, _)| (at, true))
            .chain(text.match_indices(METHOD_NEEDLE).map(|(at, _)| (at, false)))
            .collect();
        holes.sort_unstable();
        ConfigTemplate { text, holes }
    }
}

fn cache() -> &'static TemplateCache {
    static CACHE: OnceLock<TemplateCache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::default()))
}

/// The canonical form of `config` via its context's template, or `None` when the configuration
/// is not of the plain shape (the caller then runs the generic pipeline).
pub(crate) fn canonical_proof_config(processor: &Processor, config: &Value) -> Option<String> {
    let map = config.as_object()?;
    let plain = map.len() == 6
        && map.get("type")?.as_str()? == crate::proof::PROOF_TYPE
        && map.get("cryptosuite")?.as_str()? == crate::proof::CRYPTOSUITE
        && map.get("proofPurpose")?.as_str()? == crate::proof::ASSERTION_METHOD;
    if !plain {
        return None;
    }
    let created = map.get("created")?.as_str()?;
    let method = map.get("verificationMethod")?.as_str()?;
    canonical_for(processor, map.get("@context")?, created, method)
}

thread_local! {
    /// The last context seen on this thread and its template.
    static RECENT: RefCell<Option<(u64, Value, Arc<ConfigTemplate>)>> = const { RefCell::new(None) };
}

fn lookup(processor: &Processor, context: &Value) -> Option<Arc<ConfigTemplate>> {
    let key = (processor.id(), context.to_string());
    let cached = cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    match cached {
        Some(template) => template,
        None => {
            let template: Option<Arc<ConfigTemplate>> =
                build_template(processor, context).map(|text| Arc::new(ConfigTemplate::new(text)));
            let mut cache = cache().lock().unwrap_or_else(PoisonError::into_inner);
            if cache.len() < MAX_TEMPLATES {
                cache.insert(key, template.clone());
            }
            template
        }
    }
}

/// The canonical form of the plain proof configuration with these values, built from the
/// context's template; `None` when the generic pipeline must run.
pub(crate) fn canonical_for(
    processor: &Processor,
    context: &Value,
    created: &str,
    method: &str,
) -> Option<String> {
    if !is_absolute_iri(method) || method.starts_with("_:") {
        return None;
    }
    // Most calls repeat the previous context: compare values instead of serializing a key.
    let recent = RECENT.with(|recent| {
        recent
            .borrow()
            .as_ref()
            .filter(|(owner, known, _)| *owner == processor.id() && known == context)
            .map(|(_, _, template)| template.clone())
    });
    let template: Arc<ConfigTemplate> = match recent {
        Some(template) => template,
        None => {
            let template = lookup(processor, context)?;
            RECENT.with(|recent| {
                *recent.borrow_mut() = Some((processor.id(), context.clone(), template.clone()));
            });
            template
        }
    };
    let text = &template.text;
    let mut out = String::with_capacity(text.len() + created.len() + method.len());
    let mut from = 0;
    // Lines are independent of the values (see the module comment): substitute in one pass.
    for &(at, is_created) in &template.holes {
        out.push_str(&text[from..at]);
        if is_created {
            out.push('"');
            crate::rdf::escape_literal(&mut out, created);
            out.push('"');
            from = at + CREATED_NEEDLE.len();
        } else {
            out.push('<');
            out.push_str(method);
            out.push('>');
            from = at + METHOD_NEEDLE.len();
        }
    }
    out.push_str(&text[from..]);
    Some(out)
}

fn build_template(processor: &Processor, context: &Value) -> Option<String> {
    let probe = serde_json::json!({
        "type": crate::proof::PROOF_TYPE,
        "created": PROBE_CREATED,
        "verificationMethod": PROBE_METHOD,
        "cryptosuite": crate::proof::CRYPTOSUITE,
        "proofPurpose": crate::proof::ASSERTION_METHOD,
        "@context": context,
    });
    let canonical = crate::proof::canonicalize(processor, &probe).ok()?;
    let single = |needle: &str| canonical.matches(needle).count() == 1;
    let usable = single(CREATED_NEEDLE) && single(METHOD_NEEDLE);
    // Every line must describe the one proof node, so that line order is fixed by predicates.
    let one_subject = canonical.lines().all(|line| line.starts_with("_:c14n0 <"));
    (usable && one_subject).then_some(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_path_equals_the_generic_pipeline() {
        let processor = crate::contexts::processor();
        let context = serde_json::json!([
            crate::contexts::CREDENTIALS_V2,
            crate::contexts::OB_V3P0_3_0_3
        ]);
        for (created, method) in [
            ("2026-06-30T12:00:00Z", "did:key:z6Mk#z6Mk"),
            (
                "2026-06-30T12:00:00.123+02:00",
                "https://example.edu/issuers/1#key-1",
            ),
            ("odd \"created\" \\ value\n", "urn:example:method"),
        ] {
            let config = serde_json::json!({
                "type": crate::proof::PROOF_TYPE,
                "created": created,
                "verificationMethod": method,
                "cryptosuite": crate::proof::CRYPTOSUITE,
                "proofPurpose": crate::proof::ASSERTION_METHOD,
                "@context": context,
            });
            let generic = crate::proof::canonicalize(processor, &config).unwrap();
            assert_eq!(
                canonical_proof_config(processor, &config),
                Some(generic),
                "{created}"
            );
        }
    }

    #[test]
    fn unusual_configurations_take_the_generic_path() {
        let processor = crate::contexts::processor();
        let context = serde_json::json!([crate::contexts::CREDENTIALS_V2]);
        assert_eq!(
            canonical_for(processor, &context, "2026-01-01T00:00:00Z", "relative#key"),
            None
        );
        let with_extra = serde_json::json!({
            "type": crate::proof::PROOF_TYPE, "created": "x", "verificationMethod": "urn:x",
            "cryptosuite": crate::proof::CRYPTOSUITE, "proofPurpose": crate::proof::ASSERTION_METHOD,
            "@context": context, "domain": "example.org"
        });
        assert_eq!(canonical_proof_config(processor, &with_extra), None);
    }
}
