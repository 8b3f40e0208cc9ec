//! The compiled plans of a process: found by shape, compiled on a shape's second sighting,
//! bounded.

use super::{MAX_PLANS, MAX_SIGHTINGS, PROBE_MARK, Plan, Shape, probe_copy};
use crate::jsonld::processor::Processor;
use crate::jsonld::{Options, RootedDataset};
use foldhash::{HashMap, HashSet};
use serde_json::Value;
use std::cell::RefCell;
use std::hash::BuildHasher as _;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

type PlanCache = Mutex<HashMap<(u64, Vec<u8>), Option<Arc<Plan>>>>;

pub(super) fn plans() -> &'static PlanCache {
    static PLANS: OnceLock<PlanCache> = OnceLock::new();
    PLANS.get_or_init(|| Mutex::new(HashMap::default()))
}

fn sightings() -> &'static Mutex<HashSet<u64>> {
    static SIGHTINGS: OnceLock<Mutex<HashSet<u64>>> = OnceLock::new();
    SIGHTINGS.get_or_init(|| Mutex::new(HashSet::default()))
}

/// A processor's id, a shape key and the shape's plan.
type KnownPlan = (u64, Vec<u8>, Arc<Plan>);

thread_local! {
    /// The last plan used on this thread (most documents repeat the previous shape).
    static RECENT: RefCell<Option<KnownPlan>> = const { RefCell::new(None) };
}

/// What the cache knows of a shape.
pub(crate) enum Lookup {
    Plan(Arc<Plan>),
    /// Known not to compile: the generic path serves it.
    Generic,
    /// Not compiled yet; `true` when it should be compiled now.
    Unknown(bool),
}

/// Find the plan of a shape; a shape not compiled yet is counted as seen.
pub(crate) fn lookup(processor: &Processor, shape: &Shape<'_>) -> Lookup {
    let id = processor.id();
    let recent = RECENT.with(|recent| {
        recent
            .borrow()
            .as_ref()
            .filter(|(owner, key, _)| *owner == id && *key == shape.key)
            .map(|(_, _, plan)| plan.clone())
    });
    if let Some(plan) = recent {
        return Lookup::Plan(plan);
    }
    let key = (id, shape.key.clone());
    let known = plans()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    match known {
        Some(Some(plan)) => {
            RECENT.with(|recent| *recent.borrow_mut() = Some((id, key.1, plan.clone())));
            Lookup::Plan(plan)
        }
        Some(None) => Lookup::Generic,
        None => {
            let hash = foldhash::fast::FixedState::default().hash_one(&key);
            let mut seen = sightings().lock().unwrap_or_else(PoisonError::into_inner);
            if seen.len() >= MAX_SIGHTINGS {
                seen.clear();
            }
            Lookup::Unknown(!seen.insert(hash))
        }
    }
}

/// Compile the plan of `document`'s shape, check it against `generic` (the document's RDF by
/// the generic path; the template's digest against the generic canonicalization of it) and
/// remember it — or remember that the shape stays generic.
pub(crate) fn compile(
    processor: &Processor,
    document: &Value,
    skip_root_key: Option<&str>,
    shape: &Shape<'_>,
    generic: &RootedDataset<'_>,
) {
    let plan = build(processor, document, skip_root_key, shape)
        .filter(|plan| {
            plan.fill(&shape.leaves)
                .as_ref()
                .is_some_and(|filled| same(filled, generic))
        })
        .map(|mut plan| {
            plan.check_template(&shape.leaves, &generic.0);
            Arc::new(plan)
        });
    let mut cache = plans().lock().unwrap_or_else(PoisonError::into_inner);
    if cache.len() >= MAX_PLANS {
        cache.clear();
    }
    cache.insert((processor.id(), shape.key.clone()), plan);
}

pub(super) fn same(a: &RootedDataset<'_>, b: &RootedDataset<'_>) -> bool {
    a.0.blank_count == b.0.blank_count && a.0.quads == b.0.quads && a.1 == b.1
}

/// The plan of a shape, built from its probe document (`None`: the shape stays generic).
pub(crate) fn build(
    processor: &Processor,
    document: &Value,
    skip_root_key: Option<&str>,
    shape: &Shape<'_>,
) -> Option<Plan> {
    if !processor.is_pinned() {
        return None;
    }
    let probe = probe_copy(document, skip_root_key);
    // The mark must come from the probes alone: a key or type holding it would pass for one.
    let marks = serde_json::to_string(&probe)
        .ok()?
        .matches(PROBE_MARK)
        .count();
    if marks != shape.leaves.len() {
        return None;
    }
    let options = Options {
        safe: true,
        ..Options::default()
    };
    let (dataset, root) = crate::jsonld::generic_to_rdf_rooted(processor, &probe, &options).ok()?;
    let mut plan = Plan::from_probe(
        &dataset,
        root.as_ref(),
        shape.leaves.len(),
        processor.context_keys(),
    )?;
    if let Some(template) = &mut plan.template {
        template.order_mentions(&shape.leaves);
    }
    plan.remember_verified(&shape.leaves);
    Some(plan)
}
