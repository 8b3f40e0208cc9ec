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
use std::sync::{Mutex, OnceLock, PoisonError};

const PROBE_CREATED: &str = "1970-01-01T00:00:00Z";
const PROBE_METHOD: &str = "urn:microcred:probe:verification-method";
/// Distinct contexts remembered; credentials use a handful.
const MAX_TEMPLATES: usize = 64;

type TemplateCache = Mutex<HashMap<(usize, String), Option<String>>>;

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
    let created = map.get("created")?.as_str()?;
    let method = map.get("verificationMethod")?.as_str()?;
    let context = map.get("@context")?;
    if !plain || !is_absolute_iri(method) || method.starts_with("_:") {
        return None;
    }
    let key = (processor as *const Processor as usize, context.to_string());
    let cached = cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    let template = match cached {
        Some(template) => template?,
        None => {
            let template = build_template(processor, context);
            let mut cache = cache().lock().unwrap_or_else(PoisonError::into_inner);
            if cache.len() < MAX_TEMPLATES {
                cache.insert(key, template.clone());
            }
            template?
        }
    };
    let mut created_literal = String::with_capacity(created.len() + 2);
    created_literal.push('"');
    crate::rdf::escape_literal(&mut created_literal, created);
    created_literal.push('"');
    Some(
        template
            .replacen(&format!("\"{PROBE_CREATED}\""), &created_literal, 1)
            .replacen(&format!("<{PROBE_METHOD}>"), &format!("<{method}>"), 1),
    )
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
    let usable = single(&format!("\"{PROBE_CREATED}\"")) && single(&format!("<{PROBE_METHOD}>"));
    // Every line must describe the one proof node, so that line order is fixed by predicates.
    let one_subject = canonical.lines().all(|line| line.starts_with("_:c14n0 <"));
    (usable && one_subject).then_some(canonical)
}
