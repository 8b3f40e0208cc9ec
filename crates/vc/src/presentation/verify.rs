//! Verifying a presentation into a [`PresentationReport`]: the holder read from the signed graph,
//! the holder's signature over everything (embedded credentials included), its purpose, and the
//! challenge and domain the verifier expects.

use super::{
    AUTHENTICATION, PresentationFailure, PresentationReport, checks, embedded_credentials, terms,
};
use crate::contexts::CREDENTIALS_V2;
use crate::did::resolve_verification_method;
use crate::error::{Error, Result};
use crate::graph::{Graph, Object};
use crate::jsonld::Processor;
use crate::proof::{ParsedProof, parse_proof};
use crate::report::Outcome;
use serde_json::Value;

/// What the verifier asked the holder for. `None` means the verifier did not ask: the check is
/// then reported as not checked, with the value the proof carries.
#[derive(Debug, Clone, Copy, Default)]
pub struct PresentationExpectations<'a> {
    /// The challenge (nonce) the verifier sent for this request.
    pub challenge: Option<&'a str>,
    /// The verifier's domain (its origin or identifier) the presentation is meant for.
    pub domain: Option<&'a str>,
    /// The current time (RFC 3339): a proof whose `expires` lies before it fails. `None`
    /// leaves `expires` unchecked.
    pub now: Option<&'a str>,
}

/// Verify presentation bytes: the JSON limits (size, depth, duplicate keys) first.
pub fn verify_presentation_bytes(
    processor: &Processor,
    bytes: &[u8],
    expected: &PresentationExpectations<'_>,
) -> PresentationReport {
    match crate::json::parse(bytes) {
        Ok(presentation) => verify_presentation(processor, &presentation, expected),
        Err(error) => unreadable_presentation(&error),
    }
}

/// The report on presentation bytes the strict JSON reader refused (`error`).
pub fn unreadable_presentation(error: &Error) -> PresentationReport {
    let mut report = PresentationReport::new();
    report.fail(checks::SYNTAX, error);
    report.skip_from(checks::EXPANSION, "an earlier check failed");
    report.finish()
}

/// Verify a parsed presentation (see the module documentation for what each check reads).
pub fn verify_presentation(
    processor: &Processor,
    presentation: &Value,
    expected: &PresentationExpectations<'_>,
) -> PresentationReport {
    let mut report = PresentationReport::new();
    let credentials = match json_shape(presentation) {
        Ok(credentials) => credentials,
        Err(error) => {
            report.fail(checks::SYNTAX, &error);
            report.skip_from(checks::EXPANSION, "an earlier check failed");
            return report.finish();
        }
    };
    report.add(
        checks::SYNTAX,
        Outcome::Passed,
        "well-formed JSON within size and depth limits; embedded credentials carry their own \
         contexts",
    );
    let (graph, digest) = match expand(processor, presentation) {
        Ok(expanded) => expanded,
        Err(error) => {
            report.fail(checks::EXPANSION, &error);
            report.skip_from(checks::SHAPE, "an earlier check failed");
            return report.finish();
        }
    };
    report.add(
        checks::EXPANSION,
        Outcome::Passed,
        "every term and value expands, and all of it is signed",
    );
    let holder = match signed_holder(&graph, credentials.len()) {
        Ok(holder) => holder,
        Err((failure, reason)) => {
            report.fail_with(checks::SHAPE, failure, reason);
            report.skip_from(checks::PROOF, "an earlier check failed");
            return report.finish();
        }
    };
    report.add(
        checks::SHAPE,
        Outcome::Passed,
        format!(
            "a VerifiablePresentation by {holder} holding {} credential(s)",
            credentials.len()
        ),
    );
    report.holder = Some(holder.clone());
    let proof = match parse_proof(presentation) {
        Ok(proof) => proof,
        Err(error) => {
            report.fail(checks::PROOF, &error);
            report.skip_from(checks::PROOF_PURPOSE, "no usable proof");
            return report.finish();
        }
    };
    let signature_valid = check_signature(processor, &proof, digest, expected.now, &mut report);
    check_purpose(&proof, &mut report);
    check_holder_binding(&proof, &holder, &mut report);
    let found = |name: &str| proof.config.get(name).and_then(Value::as_str);
    report.challenge = found("challenge").map(str::to_owned);
    report.domain = found("domain").map(str::to_owned);
    check_bound(
        checks::CHALLENGE,
        PresentationFailure::ChallengeMismatch,
        found("challenge"),
        expected.challenge,
        &mut report,
    );
    check_bound(
        checks::DOMAIN,
        PresentationFailure::DomainMismatch,
        found("domain"),
        expected.domain,
        &mut report,
    );
    if signature_valid {
        report.credentials = credentials.into_iter().cloned().collect();
    }
    report.finish()
}

/// The JSON checks before JSON-LD: an object whose contexts are URLs, VC 2.0 first, and whose
/// embedded credentials each carry their own context.
fn json_shape(presentation: &Value) -> Result<Vec<&Value>> {
    let Value::Object(map) = presentation else {
        return Err(Error::InvalidCredential(
            "a presentation must be a JSON object".into(),
        ));
    };
    let contexts: Vec<&Value> = match map.get("@context") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    if let Some(inline) = contexts.iter().find(|context| !context.is_string()) {
        let shown: String = inline.to_string().chars().take(80).collect();
        return Err(Error::InlineContext(shown));
    }
    if contexts.first().and_then(|c| c.as_str()) != Some(CREDENTIALS_V2) {
        return Err(Error::InvalidCredential(format!(
            "the first @context of a presentation must be {CREDENTIALS_V2}"
        )));
    }
    embedded_credentials(map)
}

/// The presentation without its proof, expanded in safe mode: its signed graph (the default
/// graph, rooted at the presentation's node) and the SHA-256 of its canonical N-Quads — every
/// named graph included, which is where the embedded credentials are.
fn expand(processor: &Processor, presentation: &Value) -> Result<(Graph, [u8; 32])> {
    let options = crate::verify::safe_options(Some("proof"));
    let ((dataset, root), digest) =
        crate::jsonld::to_rdf_rooted_digest(processor, presentation, &options)?;
    let graph = root
        .as_ref()
        .and_then(|root| Graph::new(&dataset, root))
        .ok_or_else(|| {
            Error::InvalidCredential("a presentation must be one JSON-LD node object".into())
        })?;
    Ok((graph, digest))
}

/// The signed holder IRI, checking the signed type and that the signed graph holds as many
/// credentials as the JSON's `verifiableCredential` (another spelling of the property would
/// embed a credential the caller is not handed).
fn signed_holder(
    graph: &Graph,
    json_credentials: usize,
) -> std::result::Result<String, (PresentationFailure, String)> {
    let root = graph.root();
    if !graph.has_type(root, terms::VERIFIABLE_PRESENTATION) {
        return Err((
            PresentationFailure::NotAPresentation,
            "type must include VerifiablePresentation".into(),
        ));
    }
    let holder = match graph.single(root, terms::HOLDER) {
        Ok(Some(Object::Node(node))) => node.iri().map(str::to_owned),
        Ok(_) => None,
        Err(count) => {
            return Err((
                PresentationFailure::HolderMissing,
                format!("the presentation names {count} holders; it must name one"),
            ));
        }
    };
    let Some(holder) = holder else {
        return Err((
            PresentationFailure::HolderMissing,
            "holder (a DID) is missing".into(),
        ));
    };
    let signed_credentials = graph.objects(root, terms::VERIFIABLE_CREDENTIAL).count();
    if signed_credentials != json_credentials {
        return Err((
            PresentationFailure::CredentialsMismatch,
            format!(
                "the signed data holds {signed_credentials} credential(s), \
                 \"verifiableCredential\" {json_credentials}"
            ),
        ));
    }
    Ok(holder)
}

/// The holder's signature over the presentation; true when it verified.
fn check_signature(
    processor: &Processor,
    proof: &ParsedProof<'_>,
    digest: [u8; 32],
    now: Option<&str>,
    report: &mut PresentationReport,
) -> bool {
    let combined_hash = match proof.combined_hash_with(processor, digest) {
        Ok(hash) => hash,
        Err(error) => {
            report.fail(checks::PROOF, &error);
            return false;
        }
    };
    let resolved = match resolve_verification_method(&proof.verification_method, &[]) {
        Ok(resolved) => resolved,
        Err(error) => {
            report.add(
                checks::PROOF,
                Outcome::NotChecked,
                format!(
                    "verification method not resolvable (presentations are verified for \
                     did:key holders): {error}"
                ),
            );
            return false;
        }
    };
    match resolved
        .method
        .public_key
        .verify(&combined_hash, &proof.signature)
    {
        Ok(()) => match proof.expiry_problem(now) {
            // A replayed presentation whose proof has expired is refused, credentials and all.
            Some(problem) => {
                report.fail_with(checks::PROOF, PresentationFailure::ProofExpired, problem);
                false
            }
            None => {
                report.add(
                    checks::PROOF,
                    Outcome::Passed,
                    "eddsa-rdfc-2022 signature valid over the presentation and its credentials",
                );
                true
            }
        },
        Err(error) => {
            report.fail(checks::PROOF, &error);
            false
        }
    }
}

fn check_purpose(proof: &ParsedProof<'_>, report: &mut PresentationReport) {
    if proof.proof_purpose == AUTHENTICATION {
        report.add(
            checks::PROOF_PURPOSE,
            Outcome::Passed,
            "the holder signed to authenticate",
        );
    } else {
        report.fail_with(
            checks::PROOF_PURPOSE,
            PresentationFailure::WrongProofPurpose,
            format!(
                "proofPurpose is \"{}\"; a presentation is signed for \"{AUTHENTICATION}\"",
                proof.proof_purpose
            ),
        );
    }
}

/// The verification method must be the holder's own did:key (the DID before `#` is the holder).
fn check_holder_binding(proof: &ParsedProof<'_>, holder: &str, report: &mut PresentationReport) {
    let method = &proof.verification_method;
    let did = method.split('#').next().unwrap_or(method);
    if did != holder {
        return report.fail_with(
            checks::HOLDER_BINDING,
            PresentationFailure::KeyNotHolders,
            format!("{method} is not a key of the holder {holder}"),
        );
    }
    match resolve_verification_method(method, &[]) {
        Ok(resolved) if resolved.method.controller == holder => report.add(
            checks::HOLDER_BINDING,
            Outcome::Passed,
            format!("{holder} authenticates with its own key"),
        ),
        Ok(resolved) => report.fail_with(
            checks::HOLDER_BINDING,
            PresentationFailure::KeyNotHolders,
            format!(
                "{method} is controlled by {}, not by the holder {holder}",
                resolved.method.controller
            ),
        ),
        Err(error) => report.add(
            checks::HOLDER_BINDING,
            Outcome::NotChecked,
            format!("the holder's key cannot be resolved: {error}"),
        ),
    }
}

/// A proof value the verifier binds the presentation to (`challenge` or `domain`).
fn check_bound(
    check: &str,
    failure: PresentationFailure,
    found: Option<&str>,
    expected: Option<&str>,
    report: &mut PresentationReport,
) {
    match (expected, found) {
        (None, Some(found)) => report.add(
            check,
            Outcome::NotChecked,
            format!("no {check} expected; the proof's {check} is \"{found}\""),
        ),
        (None, None) => report.add(
            check,
            Outcome::NotChecked,
            format!("no {check} expected, and the proof has none"),
        ),
        (Some(expected), Some(found)) if found == expected => {
            report.add(check, Outcome::Passed, format!("{check} \"{found}\""))
        }
        (Some(expected), Some(found)) => report.fail_with(
            check,
            failure,
            format!("the proof's {check} is \"{found}\", not the expected \"{expected}\""),
        ),
        (Some(expected), None) => report.fail_with(
            check,
            failure,
            format!("the proof has no {check}; \"{expected}\" was expected"),
        ),
    }
}
