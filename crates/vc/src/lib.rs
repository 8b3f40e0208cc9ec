//! microcred's credential engine: JSON-LD over pinned contexts, RDFC-1.0 canonicalization,
//! Data Integrity `eddsa-rdfc-2022` proofs, Ed25519 Multikeys, DIDs and Bitstring Status Lists.
//! Pure: no IO, no clock, no randomness — callers pass documents, keys and timestamps in.
//!
//! Code map (the path of a credential through the crate):
//! - [`json`] turns untrusted bytes into a `serde_json::Value`: size and depth limits, duplicate
//!   keys refused.
//! - [`contexts`] holds the pinned JSON-LD contexts (compiled in, SHA-256 checked) and the
//!   process-wide [`jsonld::Processor`] whose cache makes every context cost once per process.
//! - [`jsonld`] expands a document (safe mode: nothing is dropped silently) into typed items that
//!   borrow from the input, then writes RDF quads ([`rdf`]).
//! - [`rdfc`] canonicalizes the quads (RDFC-1.0 with a work limit) into sorted N-Quads lines.
//! - [`proof`] creates and verifies `eddsa-rdfc-2022` proofs over those lines; [`keys`] and
//!   [`did`] provide the keys (Multikey, did:key locally, did:web documents from the caller).
//! - [`signed`] expands a credential into the RDF its signature covers, as a [`graph::Graph`];
//!   [`verify`] runs every check of a credential into a [`report::VerificationReport`] reading
//!   only that graph, with [`annex_i`] completeness beside authenticity and [`status_list`] for
//!   revocation; [`content`] labels what the signed graph says for people ([`terms`] names the
//!   IRIs read).
//! - [`presentation`] signs and verifies Verifiable Presentations: a holder's `authentication`
//!   proof bound to the verifier's challenge and domain, over the embedded credentials, each of
//!   which is then verified as above.
//! - [`ob3`] renders the domain model's offering, learner and outcome as an Open Badges 3.0
//!   micro-credential (Annex I elements OB3 lacks as microcred v1 terms), ready to sign.
//! - [`sd_jwt`] makes and reads SD-JWTs (RFC 9901) for the SD-JWT VC form of a credential, and
//!   [`token_status_list`] the Token Status List (IETF) its status is published in.
//! - [`sample`] is the credential the benchmarks and profilers measure (the timing is the binary's).
//!
//! Invariants: nothing here reads the clock, the network or the file system; no context is ever
//! fetched; a term or value that would expand to nothing is an error, never a silent drop.

pub mod annex_i;
pub mod content;
pub mod contexts;
pub mod did;
pub mod elm;
pub mod error;
pub mod graph;
pub mod json;
pub mod jsonld;
pub mod keys;
pub mod keystore;
pub mod ob3;
pub mod presentation;
pub mod proof;
mod proof_template;
pub mod rdf;
pub mod rdfc;
pub mod report;
pub mod sample;
pub mod sd_jwt;
pub mod signed;
pub mod status_list;
pub mod terms;
pub mod time;
pub mod token_status_list;
pub mod verify;

pub use error::{Error, Result};
