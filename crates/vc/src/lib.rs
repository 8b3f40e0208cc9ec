//! microcred's credential engine: JSON-LD over pinned contexts, RDFC-1.0 canonicalization,
//! Data Integrity `eddsa-rdfc-2022` proofs, Ed25519 Multikeys, DIDs and Bitstring Status Lists.
//! Pure: no IO, no clock, no randomness — callers pass documents, keys and timestamps in.

pub mod annex_i;
pub mod bench;
pub mod commands;
pub mod contexts;
pub mod did;
pub mod error;
pub mod json;
pub mod jsonld;
pub mod keys;
pub mod proof;
mod proof_template;
pub mod rdf;
pub mod rdfc;
pub mod report;
pub mod status_list;
mod time;
pub mod verify;

pub use error::{Error, Result};
