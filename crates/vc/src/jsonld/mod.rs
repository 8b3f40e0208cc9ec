//! A focused JSON-LD 1.1 processor: expansion and RDF conversion over pinned contexts.
//!
//! Why our own: the conformant crates re-process the same contexts for every document (oxjsonld
//! 0.2.7 measured here: 4.7 ms per OB3 credential; its context cache keeps raw documents only,
//! per parse), and all of them silently drop undefined terms. Here each pinned context is
//! processed once per process and the processed active context is reused (see `processor.rs`).

mod compiled;
pub mod context;
mod definitions;
pub mod expand;
mod expand_keyword;
mod expand_object;
pub mod expanded;
pub mod iri;
pub mod literals;
pub mod processing;
pub mod processor;
pub mod to_rdf;

use crate::error::Result;
use crate::rdf::Dataset;
use context::{Origin, ProcessOptions};
use expand::{ExpandOptions, Expander};
use expanded::{Id, Item};
pub use processor::{DocumentLoader, Processor};
use serde_json::Value;
pub use to_rdf::RdfDirection;

/// Options for expansion and RDF conversion.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Document base IRI (credentials have none: every identifier must be absolute).
    pub base: Option<&'a str>,
    /// Safe mode: anything that would be dropped is an error naming it.
    pub safe: bool,
    pub rdf_direction: Option<RdfDirection>,
    /// An `expandContext` applied before the document's own.
    pub expand_context: Option<&'a Value>,
    /// A key of the top-level object to ignore (see `ExpandOptions::skip_root_key`).
    pub skip_root_key: Option<&'a str>,
}

/// Expand a document into typed items (API §5.1 with the top-level finishing steps).
fn expand_items<'a>(
    processor: &Processor,
    document: &'a Value,
    options: &Options<'_>,
) -> Result<Vec<Item<'a>>> {
    let mut active = processor.initial_context(options.base);
    if let Some(expand_context) = options.expand_context {
        let local = expand_context.get("@context").unwrap_or(expand_context);
        active = processor.process_context(
            &active,
            local,
            Origin::document(options.base),
            &[],
            ProcessOptions::default(),
        )?;
    }
    let expander = Expander {
        processor,
        options: ExpandOptions {
            base: options.base,
            safe: options.safe,
            skip_root_key: options.skip_root_key,
        },
    };
    let mut items = expander
        .expand(&active, None, document, false, 0)?
        .into_vec();
    // A top-level object with nothing but @graph stands for its graph.
    if let [Item::Node(node)] = items.as_mut_slice()
        && node.id == Id::Absent
        && node.index.is_none()
        && node.is_graph_object()
    {
        items = node.graph.take().unwrap_or_default();
    }
    Ok(items)
}

/// Expand a JSON-LD document to its expanded form as JSON.
pub fn expand(processor: &Processor, document: &Value, options: &Options<'_>) -> Result<Value> {
    Ok(Value::Array(
        expand_items(processor, document, options)?
            .iter()
            .map(Item::to_json)
            .collect(),
    ))
}

/// JSON-LD to RDF: expand, then convert (API §8.1). Not deduplicated here: canonicalization
/// removes duplicates where they matter.
pub fn to_rdf<'a>(
    processor: &Processor,
    document: &'a Value,
    options: &Options<'_>,
) -> Result<Dataset<'a>> {
    Ok(to_rdf_rooted(processor, document, options)?.0)
}

/// [`to_rdf`], also giving the subject of the document's one top-level node (`None` when the
/// document is not one node object). In safe mode anything the RDF leaves out is an error
/// ([`Error::UnsignedData`](crate::Error::UnsignedData)): what is not RDF is not signed.
pub fn to_rdf_rooted<'a>(
    processor: &Processor,
    document: &'a Value,
    options: &Options<'_>,
) -> Result<(Dataset<'a>, Option<crate::rdf::Term<'a>>)> {
    let (rdf, _) = to_rdf_digest(processor, document, options, true, false)?;
    rdf.ok_or_else(|| crate::Error::jsonld("internal", "no RDF was made"))
}

/// A document's RDF as [`to_rdf_rooted`] gives it (when `rdf`) and the SHA-256 of its canonical
/// N-Quads (RDFC-1.0, when `digest`). Signing and verifying take the compiled path of the
/// document's shape when there is one (see `compiled/`), else the generic one.
pub(crate) fn to_rdf_digest<'a>(
    processor: &Processor,
    document: &'a Value,
    options: &Options<'_>,
    rdf: bool,
    digest: bool,
) -> Result<(Option<RootedDataset<'a>>, Option<[u8; 32]>)> {
    let shape = compiled::applies(options)
        .then(|| compiled::Shape::of(document, options.skip_root_key))
        .flatten();
    let mut compile = false;
    if let Some(shape) = &shape {
        match compiled::lookup(processor, shape) {
            compiled::Lookup::Plan(plan) => {
                if let Some(made) = plan.apply(shape, rdf, digest) {
                    return Ok(made);
                }
            }
            compiled::Lookup::Generic => {}
            compiled::Lookup::Unknown(now) => compile = now,
        }
    }
    let made = generic_to_rdf_rooted(processor, document, options)?;
    if let (true, Some(shape)) = (compile, &shape) {
        compiled::compile(processor, document, options.skip_root_key, shape, &made);
    }
    let digest = if digest {
        Some(crate::rdfc::canonical_lines(&made.0)?.sha256())
    } else {
        None
    };
    Ok((Some(made), digest))
}

/// [`to_rdf_rooted`] with the SHA-256 of the canonical N-Quads (what verification needs).
pub(crate) fn to_rdf_rooted_digest<'a>(
    processor: &Processor,
    document: &'a Value,
    options: &Options<'_>,
) -> Result<(RootedDataset<'a>, [u8; 32])> {
    match to_rdf_digest(processor, document, options, true, true)? {
        (Some(rdf), Some(digest)) => Ok((rdf, digest)),
        _ => Err(crate::Error::jsonld("internal", "no RDF was made")),
    }
}

/// The SHA-256 of a document's canonical N-Quads (what signing needs).
pub(crate) fn canonical_digest(
    processor: &Processor,
    document: &Value,
    options: &Options<'_>,
) -> Result<[u8; 32]> {
    to_rdf_digest(processor, document, options, false, true)?
        .1
        .ok_or_else(|| crate::Error::jsonld("internal", "no digest was made"))
}

/// A dataset with the subject of its document's one top-level node.
pub(crate) type RootedDataset<'a> = (Dataset<'a>, Option<crate::rdf::Term<'a>>);

/// [`to_rdf_rooted`] without the compiled fast path (also what compiles it).
pub(crate) fn generic_to_rdf_rooted<'a>(
    processor: &Processor,
    document: &'a Value,
    options: &Options<'_>,
) -> Result<(Dataset<'a>, Option<crate::rdf::Term<'a>>)> {
    let items = expand_items(processor, document, options)?;
    let mut writer = to_rdf::RdfWriter::new(options.rdf_direction, options.safe);
    writer.document(&items);
    if let Some(dropped) = writer.dropped {
        return Err(crate::Error::UnsignedData(dropped));
    }
    Ok((writer.dataset, writer.root))
}
