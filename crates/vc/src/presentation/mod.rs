//! Verifiable Presentations (VC Data Model 2.0 §4.13): a holder hands one or more credentials to
//! a verifier inside a presentation signed with a Data Integrity `eddsa-rdfc-2022` proof whose
//! `proofPurpose` is `authentication` and which carries the verifier's `challenge` and `domain`
//! (VC Data Integrity §2.1 for the proof's `challenge` and `domain`, §2.2 for proof purposes,
//! §4 for verifying a proof with an expected challenge and domain).
//!
//! What the holder's signature proves: that whoever controls the holder's key assembled exactly
//! these credentials for this verifier (`domain`) in answer to this request (`challenge`), so a
//! presentation recorded once cannot be replayed to another verifier or for another request. It
//! says nothing about the credentials themselves: each keeps its own `@context` and issuer proof,
//! and the caller verifies each with [`crate::verify`] ([`PresentationReport::credentials`]).
//!
//! - [`sign_presentation`] builds `{"@context": [VC 2.0], "type": ["VerifiablePresentation"],
//!   "holder": did:key, "verifiableCredential": [...]}` and signs it ([`unsigned_presentation`]
//!   and [`add_authentication_proof`] are its two steps).
//! - [`verify_presentation`] (or [`verify_presentation_bytes`] for untrusted bytes) reads the
//!   presentation the way [`crate::verify`] reads a credential: JSON limits and no inline
//!   contexts first, then safe-mode expansion — anything JSON-LD would drop is `unsigned_data` —
//!   then every check on the signed graph, named by the ids in [`checks`].
//!
//! Embedded credentials: the VC 2.0 context declares `verifiableCredential` an `@graph` container
//! with `"@context": null`, so each credential becomes a named graph of the presentation's
//! dataset, expanded only under its own `@context` (which it must therefore carry). The
//! presentation's signature covers those graphs, the credentials' own proofs included, so a
//! changed, added, removed or swapped credential breaks it. Only `did:key` holders are resolved
//! (no IO here; a did:key is its own document and lists its key for authentication). Enveloped
//! credentials (`EnvelopedVerifiableCredential`) and proof sets are not supported.

mod sign;
mod verify;

pub use sign::{add_authentication_proof, sign_presentation, unsigned_presentation};
pub use verify::{
    PresentationExpectations, unreadable_presentation, verify_presentation,
    verify_presentation_bytes,
};

use crate::error::{Error, Result};
use crate::report::{Check, Outcome};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The presentation's type, as written in its JSON.
pub const PRESENTATION_TYPE: &str = "VerifiablePresentation";
/// The proof purpose of a holder's presentation proof.
pub const AUTHENTICATION: &str = "authentication";

/// The IRIs read from a presentation's signed graph (what the VC 2.0 context expands to).
mod terms {
    pub const VERIFIABLE_PRESENTATION: &str =
        "https://www.w3.org/2018/credentials#VerifiablePresentation";
    pub const HOLDER: &str = "https://www.w3.org/2018/credentials#holder";
    pub const VERIFIABLE_CREDENTIAL: &str =
        "https://www.w3.org/2018/credentials#verifiableCredential";
}

/// Stable check identifiers of a [`PresentationReport`], in report order. The first two and
/// `proof` mean what they mean in a credential's [`crate::report::VerificationReport`].
pub mod checks {
    pub const SYNTAX: &str = crate::report::checks::SYNTAX;
    pub const EXPANSION: &str = crate::report::checks::EXPANSION;
    /// A `VerifiablePresentation` with one holder IRI, whose embedded credentials are the ones
    /// its signed graph holds.
    pub const SHAPE: &str = "presentation_shape";
    pub const PROOF: &str = crate::report::checks::PROOF;
    /// The proof's `proofPurpose` is `authentication`.
    pub const PROOF_PURPOSE: &str = "proof_purpose";
    /// The proof's verification method is a key of the signed `holder`.
    pub const HOLDER_BINDING: &str = "holder_binding";
    /// The proof's `challenge` is the one the verifier expects.
    pub const CHALLENGE: &str = "challenge";
    /// The proof's `domain` is the one the verifier expects.
    pub const DOMAIN: &str = "domain";

    pub(super) const ORDER: [&str; 8] = [
        SYNTAX,
        EXPANSION,
        SHAPE,
        PROOF,
        PROOF_PURPOSE,
        HOLDER_BINDING,
        CHALLENGE,
        DOMAIN,
    ];
}

/// Why a presentation check failed when the engine raised no [`Error`] (whose codes cover the
/// rest: `invalid_json`, `unsigned_data`, `invalid_proof`, `signature_mismatch`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresentationFailure {
    NotAPresentation,
    HolderMissing,
    CredentialsMismatch,
    WrongProofPurpose,
    KeyNotHolders,
    ChallengeMismatch,
    DomainMismatch,
    ProofExpired,
}

impl PresentationFailure {
    pub const ALL: &'static [PresentationFailure] = &[
        PresentationFailure::NotAPresentation,
        PresentationFailure::HolderMissing,
        PresentationFailure::CredentialsMismatch,
        PresentationFailure::WrongProofPurpose,
        PresentationFailure::KeyNotHolders,
        PresentationFailure::ChallengeMismatch,
        PresentationFailure::DomainMismatch,
        PresentationFailure::ProofExpired,
    ];

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            PresentationFailure::NotAPresentation => "not_a_presentation",
            PresentationFailure::HolderMissing => "holder_missing",
            PresentationFailure::CredentialsMismatch => "credentials_mismatch",
            PresentationFailure::WrongProofPurpose => "wrong_proof_purpose",
            PresentationFailure::KeyNotHolders => "key_not_holders",
            PresentationFailure::ChallengeMismatch => "challenge_mismatch",
            PresentationFailure::DomainMismatch => "domain_mismatch",
            PresentationFailure::ProofExpired => "proof_expired",
        }
    }
}

/// The outcome of verifying a presentation: one line per check (same [`Check`] lines as a
/// credential's report), what the proof was bound to, and the embedded credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresentationReport {
    /// No check failed, and the signature, the proof purpose and the holder binding passed.
    /// A challenge or domain the caller did not expect is reported as not checked, and does not
    /// stop this: only a caller that passes its challenge is protected against replay.
    pub verified: bool,
    pub checks: Vec<Check>,
    /// The holder as signed (read from the signed graph), when the presentation could be read.
    pub holder: Option<String>,
    /// The proof's `challenge` as found (signed when `proof` passed).
    pub challenge: Option<String>,
    /// The proof's `domain` as found (signed when `proof` passed).
    pub domain: Option<String>,
    /// The embedded credentials as the presentation carries them, when the presentation's
    /// signature verified (empty otherwise). Each still needs its own verification
    /// ([`crate::verify::verify`]): the holder's signature does not vouch for them. Not
    /// serialized: callers report each credential's verification instead.
    #[serde(skip)]
    pub credentials: Vec<Value>,
}

impl PresentationReport {
    fn new() -> Self {
        PresentationReport {
            verified: false,
            checks: Vec::new(),
            holder: None,
            challenge: None,
            domain: None,
            credentials: Vec::new(),
        }
    }

    fn add(&mut self, check: &str, outcome: Outcome, reason: impl Into<String>) {
        self.checks.push(Check {
            check: check.to_owned(),
            outcome,
            reason: reason.into(),
            code: None,
        });
    }

    /// A failed check caused by `error`: its message and its stable code.
    fn fail(&mut self, check: &str, error: &Error) {
        self.failed(check, error.code(), error.to_string());
    }

    fn fail_with(&mut self, check: &str, failure: PresentationFailure, reason: impl Into<String>) {
        self.failed(check, failure.code(), reason);
    }

    fn failed(&mut self, check: &str, code: &str, reason: impl Into<String>) {
        self.checks.push(Check {
            check: check.to_owned(),
            outcome: Outcome::Failed,
            reason: reason.into(),
            code: Some(code.to_owned()),
        });
    }

    /// Every check from `from` on is not checked (an earlier one failed).
    fn skip_from(&mut self, from: &str, reason: &str) {
        let start = checks::ORDER
            .iter()
            .position(|check| *check == from)
            .unwrap_or(checks::ORDER.len());
        for check in &checks::ORDER[start..] {
            self.add(check, Outcome::NotChecked, reason);
        }
    }

    fn finish(mut self) -> Self {
        let failed = self.checks.iter().any(|c| c.outcome == Outcome::Failed);
        let required = [checks::PROOF, checks::PROOF_PURPOSE, checks::HOLDER_BINDING];
        let all_required = required
            .iter()
            .all(|check| self.outcome(check) == Some(Outcome::Passed));
        self.verified = !failed && all_required;
        self
    }

    /// The outcome of one check, by its id in [`checks`].
    pub fn outcome(&self, check: &str) -> Option<Outcome> {
        self.checks
            .iter()
            .find(|c| c.check == check)
            .map(|c| c.outcome)
    }

    /// The failure code of one check, if it failed.
    pub fn failure_code(&self, check: &str) -> Option<&str> {
        self.checks
            .iter()
            .find(|c| c.check == check && c.outcome == Outcome::Failed)
            .and_then(|c| c.code.as_deref())
    }
}

/// The embedded credentials of a presentation's JSON (`verifiableCredential`, one object or an
/// array), each checked to be embeddable.
fn embedded_credentials(presentation: &serde_json::Map<String, Value>) -> Result<Vec<&Value>> {
    let credentials: Vec<&Value> = match presentation.get("verifiableCredential") {
        None => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
    };
    for (index, credential) in credentials.iter().enumerate() {
        check_embeddable(index, credential)?;
    }
    Ok(credentials)
}

/// An embedded credential must be a JSON object with its own `@context` of pinned-context URLs:
/// `verifiableCredential` resets the context (`"@context": null`), so without its own every term
/// would be undefined, and an inline context is refused anyway (safe mode).
fn check_embeddable(index: usize, credential: &Value) -> Result<()> {
    let Value::Object(map) = credential else {
        return Err(Error::InvalidCredential(format!(
            "verifiableCredential[{index}] is not a JSON object (enveloped and referenced \
             credentials are not supported)"
        )));
    };
    let contexts: Vec<&Value> = match map.get("@context") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => {
            return Err(Error::InvalidCredential(format!(
                "verifiableCredential[{index}] has no @context of its own (the presentation's \
                 context does not reach into an embedded credential)"
            )));
        }
    };
    if let Some(inline) = contexts.iter().find(|context| !context.is_string()) {
        let shown: String = inline.to_string().chars().take(80).collect();
        return Err(Error::InlineContext(shown));
    }
    Ok(())
}
