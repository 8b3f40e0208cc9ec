//! Full credential verification producing a [`VerificationReport`] (design.md §5). No IO:
//! DID documents, status lists, the trust list and "now" are supplied by the caller.

use crate::did::resolve_verification_method;
use crate::error::Error;
use crate::jsonld::Processor;
use crate::proof::{ASSERTION_METHOD, ParsedProof, parse_proof};
use crate::report::{Outcome, VerificationReport, checks};
use crate::status_list;
use serde_json::Value;

/// What the verifier knows besides the credential.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerifyInputs<'a> {
    /// Controller documents for non-`did:key` verification methods (e.g. did:web).
    pub did_documents: &'a [Value],
    /// Status-list credentials, matched by their `id` to `statusListCredential`.
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
        Err(error) => {
            let mut report = VerificationReport::new();
            report.add(
                checks::SYNTAX,
                Outcome::Failed,
                format!("{} ({})", error, error.code()),
            );
            skip_rest(&mut report, checks::EXPANSION);
            report.finish()
        }
    }
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

/// The issuer id of a credential (`issuer` is a string or an object with `id`).
pub fn issuer_id(credential: &Value) -> Option<&str> {
    match credential.get("issuer") {
        Some(Value::String(id)) => Some(id),
        Some(Value::Object(issuer)) => issuer.get("id").and_then(Value::as_str),
        _ => None,
    }
}

fn shape_error(credential: &Value) -> Option<String> {
    let Value::Object(map) = credential else {
        return Some("a credential must be a JSON object".into());
    };
    let first_context = match map.get("@context") {
        Some(Value::Array(items)) => items.first().and_then(Value::as_str),
        Some(Value::String(url)) => Some(url.as_str()),
        _ => None,
    };
    if first_context != Some(crate::contexts::CREDENTIALS_V2) {
        return Some(format!(
            "the first @context must be {}",
            crate::contexts::CREDENTIALS_V2
        ));
    }
    let types = match map.get("type") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        Some(Value::String(single)) => vec![single.as_str()],
        _ => Vec::new(),
    };
    if !types.contains(&"VerifiableCredential") {
        return Some("type must include VerifiableCredential".into());
    }
    if issuer_id(credential).is_none() {
        return Some("issuer (or issuer.id) is missing".into());
    }
    if !map.contains_key("credentialSubject") {
        return Some("credentialSubject is missing".into());
    }
    None
}

/// Verify a parsed credential.
pub fn verify(
    processor: &Processor,
    credential: &Value,
    inputs: &VerifyInputs<'_>,
) -> VerificationReport {
    let mut report = VerificationReport::new();
    report.annex_i = crate::annex_i::check(credential);
    if let Some(problem) = shape_error(credential) {
        report.add(checks::SYNTAX, Outcome::Failed, problem);
        skip_rest(&mut report, checks::EXPANSION);
        return report.finish();
    }
    report.add(
        checks::SYNTAX,
        Outcome::Passed,
        "well-formed JSON within size and depth limits",
    );
    let issuer = issuer_id(credential).unwrap_or_default().to_owned();
    let proof = match parse_proof(credential) {
        Ok(proof) => Some(proof),
        Err(error) => {
            expansion_only(processor, credential, &mut report);
            report.add(checks::PROOF, Outcome::Failed, error.to_string());
            report.add(
                checks::VERIFICATION_METHOD,
                Outcome::NotChecked,
                "no usable proof",
            );
            None
        }
    };
    if let Some(proof) = proof {
        check_proof(processor, &proof, &issuer, inputs, &mut report);
    }
    match inputs.trusted_issuers {
        None => report.add(
            checks::ISSUER_TRUSTED,
            Outcome::NotChecked,
            "no trust list supplied",
        ),
        Some(list) if list.contains(&issuer) => report.add(
            checks::ISSUER_TRUSTED,
            Outcome::Passed,
            format!("{issuer} is in the trust list"),
        ),
        Some(_) => report.add(
            checks::ISSUER_TRUSTED,
            Outcome::Failed,
            format!("{issuer} is not in the trust list"),
        ),
    }
    check_status(processor, credential, &issuer, inputs, &mut report);
    check_validity(credential, inputs.now, &mut report);
    report.finish()
}

fn expansion_only(processor: &Processor, credential: &Value, report: &mut VerificationReport) {
    match crate::proof::canonicalize_skipping(processor, credential, Some("proof")) {
        Ok(_) => report.add(
            checks::EXPANSION,
            Outcome::Passed,
            "every term and value expands",
        ),
        Err(error) => report.add(checks::EXPANSION, Outcome::Failed, error.to_string()),
    }
}

fn check_proof(
    processor: &Processor,
    proof: &ParsedProof<'_>,
    issuer: &str,
    inputs: &VerifyInputs<'_>,
    report: &mut VerificationReport,
) {
    let combined_hash = match proof.combined_hash(processor) {
        Ok(hash) => hash,
        Err(error) => {
            report.add(checks::EXPANSION, Outcome::Failed, error.to_string());
            report.add(
                checks::PROOF,
                Outcome::NotChecked,
                "the credential cannot be canonicalized",
            );
            report.add(
                checks::VERIFICATION_METHOD,
                Outcome::NotChecked,
                "the credential cannot be canonicalized",
            );
            return;
        }
    };
    report.add(
        checks::EXPANSION,
        Outcome::Passed,
        "every term and value expands",
    );
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
        Ok(()) => report.add(
            checks::PROOF,
            Outcome::Passed,
            "eddsa-rdfc-2022 signature valid",
        ),
        Err(error) => report.add(checks::PROOF, Outcome::Failed, error.to_string()),
    }
    let controller = &resolved.method.controller;
    if controller != issuer {
        report.add(
            checks::VERIFICATION_METHOD,
            Outcome::Failed,
            format!(
                "{} is controlled by {controller}, not by the issuer {issuer}",
                proof.verification_method
            ),
        );
    } else if proof.proof_purpose != ASSERTION_METHOD || !resolved.listed_for_assertion {
        report.add(
            checks::VERIFICATION_METHOD,
            Outcome::Failed,
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

fn check_status(
    processor: &Processor,
    credential: &Value,
    issuer: &str,
    inputs: &VerifyInputs<'_>,
    report: &mut VerificationReport,
) {
    let entries = match status_list::entries(credential) {
        Ok(entries) => entries,
        Err(error) => return report.add(checks::STATUS, Outcome::Failed, error.to_string()),
    };
    if entries.is_empty() {
        return report.add(
            checks::STATUS,
            Outcome::NotChecked,
            "the credential has no credentialStatus",
        );
    }
    let mut reasons = Vec::new();
    for entry in &entries {
        let Some(list) = inputs
            .status_lists
            .iter()
            .find(|l| l.get("id").and_then(Value::as_str) == Some(entry.list_credential.as_str()))
        else {
            return report.add(
                checks::STATUS,
                Outcome::Failed,
                format!("status list {} not available", entry.list_credential),
            );
        };
        let list_inputs = VerifyInputs {
            status_lists: &[],
            trusted_issuers: None,
            ..*inputs
        };
        let list_report = verify(processor, list, &list_inputs);
        let authentic = list_report.outcome(checks::PROOF) == Some(Outcome::Passed)
            && list_report.outcome(checks::VERIFICATION_METHOD) == Some(Outcome::Passed);
        if !authentic || issuer_id(list) != Some(issuer) {
            return report.add(
                checks::STATUS,
                Outcome::Failed,
                format!(
                    "status list {} is not authentic or not from the issuer",
                    entry.list_credential
                ),
            );
        }
        match status_list::read_entry(list, entry) {
            Ok(false) => reasons.push(format!("{} bit {} clear", entry.purpose, entry.index)),
            Ok(true) => {
                let state = if entry.purpose == "suspension" {
                    "suspended"
                } else {
                    "revoked"
                };
                return report.add(
                    checks::STATUS,
                    Outcome::Failed,
                    format!("credential is {state} (index {})", entry.index),
                );
            }
            Err(error) => return report.add(checks::STATUS, Outcome::Failed, error.to_string()),
        }
    }
    report.add(checks::STATUS, Outcome::Passed, reasons.join("; "));
}

fn check_validity(credential: &Value, now: Option<&str>, report: &mut VerificationReport) {
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
    for (field, must_be_before_now) in [("validFrom", true), ("validUntil", false)] {
        let Some(value) = credential.get(field) else {
            continue;
        };
        let Some(instant) = value.as_str().and_then(crate::time::parse_rfc3339) else {
            return report.add(
                checks::VALIDITY_PERIOD,
                Outcome::Failed,
                format!("{field} is not an RFC 3339 date-time"),
            );
        };
        if must_be_before_now && instant > now_instant {
            return report.add(
                checks::VALIDITY_PERIOD,
                Outcome::Failed,
                format!("not valid before {value}"),
            );
        }
        if !must_be_before_now && instant < now_instant {
            return report.add(
                checks::VALIDITY_PERIOD,
                Outcome::Failed,
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

/// Kept for callers that want the error of a failed check as a value.
pub fn first_failure(report: &VerificationReport) -> Option<Error> {
    report
        .checks
        .iter()
        .find(|c| c.outcome == Outcome::Failed)
        .map(|c| Error::InvalidCredential(format!("{}: {}", c.check, c.reason)))
}
