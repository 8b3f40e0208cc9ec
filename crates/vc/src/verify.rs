//! Full credential verification producing a [`VerificationReport`] (design.md §5). No IO:
//! DID documents, status lists, the trust list and "now" are supplied by the caller.
//!
//! Every check reads the **signed** data — the RDF graph the signature covers ([`crate::graph`])
//! — never the raw JSON: the issuer, the subject, the status entries (in any JSON spelling) and
//! the validity dates. A credential whose JSON carries anything that does not become RDF is
//! refused (`unsigned_data`), and inline contexts are refused (`inline_context`).

use crate::did::resolve_verification_method;
use crate::error::Error;
use crate::graph::Graph;
use crate::jsonld::{Options, Processor};
use crate::proof::{ASSERTION_METHOD, ParsedProof, parse_proof};
use crate::report::{CheckFailure, Outcome, VerificationReport, checks};
use crate::signed::{self, SignedCredential};
use serde_json::Value;

mod status;
pub use status::CheckedStatusList;
use status::check_status;

/// What the verifier knows besides the credential.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerifyInputs<'a> {
    /// Controller documents for non-`did:key` verification methods (e.g. did:web).
    pub did_documents: &'a [Value],
    /// Status-list credentials, matched by their signed `id` to `statusListCredential`.
    pub status_lists: &'a [Value],
    /// Trusted issuer ids; `None` means no trust list was given (reported as not checked).
    pub trusted_issuers: Option<&'a [String]>,
    /// The current time (RFC 3339); `None` leaves the validity period unchecked.
    pub now: Option<&'a str>,
}

/// Verify credential bytes: parsing limits first, then everything else.
pub fn verify_bytes(
    processor: &Processor,
    bytes: &[u8],
    inputs: &VerifyInputs<'_>,
) -> VerificationReport {
    match crate::json::parse(bytes) {
        Ok(credential) => verify(processor, &credential, inputs),
        Err(error) => unreadable(&error),
    }
}

/// The report on bytes the strict JSON reader refused (`error`): syntax fails, the rest is
/// skipped.
pub fn unreadable(error: &Error) -> VerificationReport {
    let mut report = VerificationReport::new();
    report.fail(checks::SYNTAX, error);
    skip_rest(&mut report, checks::EXPANSION);
    report.finish()
}

const ORDER: [&str; 7] = [
    checks::SYNTAX,
    checks::EXPANSION,
    checks::PROOF,
    checks::VERIFICATION_METHOD,
    checks::ISSUER_TRUSTED,
    checks::STATUS,
    checks::VALIDITY_PERIOD,
];

fn skip_rest(report: &mut VerificationReport, from: &str) {
    let start = ORDER.iter().position(|c| *c == from).unwrap_or(ORDER.len());
    for check in &ORDER[start..] {
        report.add(check, Outcome::NotChecked, "an earlier check failed");
    }
}

/// The JSON checks that come before JSON-LD: an object whose contexts are URLs, VC 2.0 first.
fn json_shape_error(credential: &Value) -> Option<Error> {
    let Value::Object(map) = credential else {
        return Some(Error::InvalidCredential(
            "a credential must be a JSON object".into(),
        ));
    };
    let contexts: Vec<&Value> = match map.get("@context") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    if let Some(inline) = contexts.iter().find(|context| !context.is_string()) {
        let text = inline.to_string();
        let shown: String = text.chars().take(80).collect();
        return Some(Error::InlineContext(shown));
    }
    if contexts.first().and_then(|c| c.as_str()) != Some(crate::contexts::CREDENTIALS_V2) {
        return Some(Error::InvalidCredential(format!(
            "the first @context must be {}",
            crate::contexts::CREDENTIALS_V2
        )));
    }
    None
}

/// A credential taken apart for verification: its proof (outside the signed data), and its
/// signed graph with the digest of its canonical form. [`prepare`] makes one; callers ask it
/// which DID documents and status lists to fetch, then [`Prepared::verify`] it.
pub struct Prepared<'a> {
    shape: Option<Error>,
    proof: crate::Result<ParsedProof<'a>>,
    signed: crate::Result<SignedCredential>,
}

/// Parse the proof and expand the credential (without its proof) into its signed graph.
pub fn prepare<'a>(processor: &Processor, credential: &'a Value) -> Prepared<'a> {
    let shape = json_shape_error(credential);
    let proof = parse_proof(credential);
    let signed = match &shape {
        Some(error) => Err(error.clone()),
        None => signed::expand(processor, credential, Some("proof"), true),
    };
    Prepared {
        shape,
        proof,
        signed,
    }
}

impl Prepared<'_> {
    /// The signed issuer id, if the credential could be read.
    pub fn issuer(&self) -> Option<&str> {
        self.signed.as_ref().ok().map(SignedCredential::issuer)
    }

    /// The proof's verification method (a DID URL), if the proof could be read.
    pub fn verification_method(&self) -> Option<&str> {
        self.proof
            .as_ref()
            .ok()
            .map(|proof| proof.verification_method.as_str())
    }

    /// The DIDs whose documents verification needs: the signed issuer's and the proof's
    /// verification method's (without fragments).
    pub fn dids_needed(&self) -> Vec<String> {
        let method = self.verification_method();
        let mut dids: Vec<String> = self
            .issuer()
            .into_iter()
            .chain(method)
            .map(|id| id.split('#').next().unwrap_or(id).to_owned())
            .collect();
        dids.sort();
        dids.dedup();
        dids
    }

    /// The status-list credentials the signed status entries point to (empty when the
    /// credential or its entries cannot be read: verification then says why).
    pub fn status_lists_needed(&self) -> Vec<String> {
        let Ok(signed) = &self.signed else {
            return Vec::new();
        };
        let mut urls: Vec<String> = signed
            .status_entries()
            .unwrap_or_default()
            .into_iter()
            .map(|entry| entry.list_credential)
            .collect();
        urls.sort();
        urls.dedup();
        urls
    }

    /// Run every check.
    pub fn verify(self, processor: &Processor, inputs: &VerifyInputs<'_>) -> VerificationReport {
        self.verify_with(processor, inputs, &[])
    }

    /// Run every check, with status lists verified before (`checked`) beside those in
    /// `inputs` — a register reuses its own lists' reports while the lists are unchanged,
    /// rather than verifying each list's proof again for every credential.
    pub fn verify_with(
        self,
        processor: &Processor,
        inputs: &VerifyInputs<'_>,
        checked: &[&CheckedStatusList],
    ) -> VerificationReport {
        let mut report = VerificationReport::new();
        if let Some(error) = &self.shape {
            report.fail(checks::SYNTAX, error);
            skip_rest(&mut report, checks::EXPANSION);
            return report.finish();
        }
        let signed = match self.signed {
            Ok(signed) => signed,
            Err(error) => {
                // Errors of the signed data's shape (no credential type, no issuer) are syntax
                // errors; everything JSON-LD refuses fails the expansion check.
                if matches!(error, Error::InvalidCredential(_)) {
                    report.fail(checks::SYNTAX, &error);
                    skip_rest(&mut report, checks::EXPANSION);
                } else {
                    report.add(
                        checks::SYNTAX,
                        Outcome::Passed,
                        "well-formed JSON within size and depth limits",
                    );
                    report.fail(checks::EXPANSION, &error);
                    skip_rest(&mut report, checks::PROOF);
                }
                return report.finish();
            }
        };
        report.add(
            checks::SYNTAX,
            Outcome::Passed,
            "well-formed JSON within size and depth limits",
        );
        report.add(
            checks::EXPANSION,
            Outcome::Passed,
            "every term and value expands, and all of it is signed",
        );
        match &self.proof {
            Ok(proof) => check_proof(processor, proof, &signed, inputs, &mut report),
            Err(error) => {
                report.fail(checks::PROOF, error);
                report.add(
                    checks::VERIFICATION_METHOD,
                    Outcome::NotChecked,
                    "no usable proof",
                );
            }
        }
        let issuer = signed.issuer();
        match inputs.trusted_issuers {
            None => report.add(
                checks::ISSUER_TRUSTED,
                Outcome::NotChecked,
                "no trust list supplied",
            ),
            Some(list) if list.iter().any(|trusted| trusted == issuer) => report.add(
                checks::ISSUER_TRUSTED,
                Outcome::Passed,
                format!("{issuer} is in the trust list"),
            ),
            Some(_) => report.fail_with(
                checks::ISSUER_TRUSTED,
                CheckFailure::IssuerNotTrusted,
                format!("{issuer} is not in the trust list"),
            ),
        }
        check_status(processor, &signed, inputs, checked, &mut report);
        check_validity(&signed, inputs.now, &mut report);
        if report.outcome(checks::PROOF) == Some(Outcome::Passed) {
            report.annex_i = Some(crate::annex_i::check(signed.graph()));
            report.signed = Some(signed.into_graph());
        }
        report.finish()
    }
}

/// Verify a parsed credential.
pub fn verify(
    processor: &Processor,
    credential: &Value,
    inputs: &VerifyInputs<'_>,
) -> VerificationReport {
    prepare(processor, credential).verify(processor, inputs)
}

/// The signed graph of a document without checking its proof: for showing a credential this
/// register stored itself (its certificate). Anything unsigned is refused as in verification.
pub fn signed_graph(processor: &Processor, credential: &Value) -> crate::Result<Graph> {
    if let Some(error) = json_shape_error(credential) {
        return Err(error);
    }
    Ok(signed::expand(processor, credential, Some("proof"), false)?.into_graph())
}

fn check_proof(
    processor: &Processor,
    proof: &ParsedProof<'_>,
    signed: &SignedCredential,
    inputs: &VerifyInputs<'_>,
    report: &mut VerificationReport,
) {
    let issuer = signed.issuer();
    let combined_hash = match proof.combined_hash_with(processor, signed.digest()) {
        Ok(hash) => hash,
        Err(error) => {
            report.fail(checks::PROOF, &error);
            report.add(
                checks::VERIFICATION_METHOD,
                Outcome::NotChecked,
                "the proof configuration cannot be canonicalized",
            );
            return;
        }
    };
    let resolved =
        match resolve_verification_method(&proof.verification_method, inputs.did_documents) {
            Ok(resolved) => resolved,
            Err(error) => {
                report.add(
                    checks::PROOF,
                    Outcome::NotChecked,
                    format!("verification method not resolvable: {error}"),
                );
                report.add(
                    checks::VERIFICATION_METHOD,
                    Outcome::NotChecked,
                    "verification method not resolvable",
                );
                return;
            }
        };
    match resolved
        .method
        .public_key
        .verify(&combined_hash, &proof.signature)
    {
        // A proof that carries `expires` holds only until then (VC Data Integrity §4.2).
        Ok(()) => match proof.expiry_problem(inputs.now) {
            Some(problem) => report.fail_with(checks::PROOF, CheckFailure::Expired, problem),
            None => report.add(
                checks::PROOF,
                Outcome::Passed,
                "eddsa-rdfc-2022 signature valid",
            ),
        },
        Err(error) => report.fail(checks::PROOF, &error),
    }
    let controller = &resolved.method.controller;
    if controller != issuer {
        report.fail_with(
            checks::VERIFICATION_METHOD,
            CheckFailure::KeyNotIssuers,
            format!(
                "{} is controlled by {controller}, not by the issuer {issuer}",
                proof.verification_method
            ),
        );
    } else if proof.proof_purpose != ASSERTION_METHOD || !resolved.listed_for_assertion {
        report.fail_with(
            checks::VERIFICATION_METHOD,
            CheckFailure::KeyNotForAssertion,
            format!(
                "{} is not listed for assertionMethod",
                proof.verification_method
            ),
        );
    } else {
        report.add(
            checks::VERIFICATION_METHOD,
            Outcome::Passed,
            format!("{controller} asserts with this key"),
        );
    }
}

/// A status-list credential as verified for one credential's status check.
fn check_validity(signed: &SignedCredential, now: Option<&str>, report: &mut VerificationReport) {
    let Some(now) = now else {
        return report.add(
            checks::VALIDITY_PERIOD,
            Outcome::NotChecked,
            "no current time supplied",
        );
    };
    let Some(now_instant) = crate::time::parse_rfc3339(now) else {
        return report.add(
            checks::VALIDITY_PERIOD,
            Outcome::NotChecked,
            format!("bad current time {now}"),
        );
    };
    let period = match signed.validity() {
        Ok(period) => period,
        Err(error) => return report.fail(checks::VALIDITY_PERIOD, &error),
    };
    for (value, must_be_before_now) in [(period.valid_from, true), (period.valid_until, false)] {
        let Some(value) = value else {
            continue;
        };
        let Some(instant) = crate::time::parse_rfc3339(&value) else {
            return report.fail_with(
                checks::VALIDITY_PERIOD,
                CheckFailure::InvalidDate,
                format!("{value} is not an RFC 3339 date-time"),
            );
        };
        if must_be_before_now && instant > now_instant {
            return report.fail_with(
                checks::VALIDITY_PERIOD,
                CheckFailure::NotYetValid,
                format!("not valid before {value}"),
            );
        }
        if !must_be_before_now && instant < now_instant {
            return report.fail_with(
                checks::VALIDITY_PERIOD,
                CheckFailure::Expired,
                format!("expired at {value}"),
            );
        }
    }
    report.add(
        checks::VALIDITY_PERIOD,
        Outcome::Passed,
        format!("valid at {now}"),
    );
}

/// Options of the safe expansion every credential goes through.
pub(crate) fn safe_options(skip_root_key: Option<&str>) -> Options<'_> {
    Options {
        safe: true,
        skip_root_key,
        ..Options::default()
    }
}

/// Kept for callers that want the error of a failed check as a value.
pub fn first_failure(report: &VerificationReport) -> Option<Error> {
    report
        .checks
        .iter()
        .find(|c| c.outcome == Outcome::Failed)
        .map(|c| Error::InvalidCredential(format!("{}: {}", c.check, c.reason)))
}
