//! Verifiable Presentations: the benchmark's micro-credential presented by its learner, signed
//! for a verifier's challenge and domain, verified; every way of replaying, editing or forging a
//! presentation fails the check that names it (`tampering.rs`). Interoperability: a presentation
//! made by the Digital Bazaar JavaScript stack (`tests/reference-presentation/`) verifies and is
//! reproduced byte for byte, and the W3C vc-di-eddsa credential vector can be presented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;
mod tampering;

use serde_json::{Value, json};
use vc::contexts::processor;
use vc::keys::{KeyPair, encode_base58btc};
use vc::presentation::{
    PresentationExpectations, PresentationReport, checks, sign_presentation, unsigned_presentation,
    verify_presentation, verify_presentation_bytes,
};
use vc::proof::SignOptions;
use vc::report::Outcome;

const CHALLENGE: &str = "8b2f0d6e-3c1a-4e57-9a0b-6f4d2c7e1a93";
const DOMAIN: &str = "https://verifier.example.eu";
const CREATED: &str = "2026-12-03T10:00:00Z";

fn issuer() -> KeyPair {
    KeyPair::from_seed(&[7; 32])
}

fn holder() -> KeyPair {
    KeyPair::from_seed(&[21; 32])
}

fn sign_credential(credential: &Value) -> Value {
    let key = issuer();
    let options = SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-06-30T12:00:00Z".into(),
    };
    vc::proof::sign(processor(), credential, &key, &options).unwrap()
}

/// The benchmark's credential (OB 3.0 + microcred contexts), signed by its issuer.
fn credential() -> Value {
    sign_credential(&vc::sample::fixture_for(&issuer()).unwrap())
}

/// The model's full sample (two languages, every option): a second, different credential.
fn other_credential() -> Value {
    let issued = model::credential::sample::issued().unwrap();
    let rendered = vc::ob3::render_micro_credential(&issued, &issuer().public().did_key());
    sign_credential(&rendered)
}

fn expected() -> PresentationExpectations<'static> {
    PresentationExpectations {
        challenge: Some(CHALLENGE),
        domain: Some(DOMAIN),
        now: None,
    }
}

fn present(credentials: &[Value]) -> Value {
    sign_presentation(
        processor(),
        credentials,
        &holder(),
        CHALLENGE,
        DOMAIN,
        CREATED,
    )
    .unwrap()
}

fn verify(presentation: &Value) -> PresentationReport {
    verify_presentation(processor(), presentation, &expected())
}

/// The report must not verify, and `check` must have failed with `code`.
fn assert_fails(report: &PresentationReport, check: &str, code: &str) {
    assert!(!report.verified, "{report:#?}");
    assert_eq!(
        report.failure_code(check),
        Some(code),
        "{check}: {report:#?}"
    );
    assert!(
        report.credentials.is_empty() || report.outcome(checks::PROOF) == Some(Outcome::Passed)
    );
}

/// Sign `presentation` with a proof configuration of our own making (the generic algorithm of
/// VC Data Integrity §4, as the holder's wallet might), for proofs `sign_presentation` never
/// makes.
fn sign_with_config(
    presentation: &mut Value,
    key: &KeyPair,
    mut config: serde_json::Map<String, Value>,
) {
    config.insert(
        "verificationMethod".into(),
        key.public().did_key_verification_method().into(),
    );
    let mut with_context = config.clone();
    with_context.insert("@context".into(), presentation["@context"].clone());
    let hash =
        vc::proof::hash_data(processor(), presentation, &Value::Object(with_context)).unwrap();
    config.insert(
        "proofValue".into(),
        encode_base58btc(&key.sign(&hash.combined_hash)).into(),
    );
    presentation["proof"] = Value::Object(config);
}

fn proof_config(purpose: &str) -> serde_json::Map<String, Value> {
    json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": CREATED,
        "proofPurpose": purpose,
        "challenge": CHALLENGE,
        "domain": DOMAIN,
    })
    .as_object()
    .unwrap()
    .clone()
}

#[test]
fn signed_presentation_verifies_and_hands_over_its_credentials() {
    let credentials = [credential(), other_credential()];
    let presentation = present(&credentials);
    assert_eq!(
        presentation["@context"],
        json!([vc::contexts::CREDENTIALS_V2])
    );
    assert_eq!(presentation["holder"], json!(holder().public().did_key()));
    assert_eq!(presentation["proof"]["proofPurpose"], "authentication");
    assert_eq!(presentation["proof"]["challenge"], CHALLENGE);
    assert_eq!(presentation["proof"]["domain"], DOMAIN);

    let report = verify(&presentation);
    assert!(report.verified, "{report:#?}");
    let ids: Vec<&str> = report.checks.iter().map(|c| c.check.as_str()).collect();
    assert_eq!(
        ids,
        [
            "syntax_and_limits",
            "jsonld_safe_expansion",
            "presentation_shape",
            "proof",
            "proof_purpose",
            "holder_binding",
            "challenge",
            "domain"
        ]
    );
    assert!(
        report.checks.iter().all(|c| c.outcome == Outcome::Passed),
        "{report:#?}"
    );
    assert_eq!(
        report.holder.as_deref(),
        Some(holder().public().did_key().as_str())
    );
    assert_eq!(report.challenge.as_deref(), Some(CHALLENGE));
    assert_eq!(report.domain.as_deref(), Some(DOMAIN));
    assert_eq!(report.credentials, credentials);
    // Each credential handed over verifies on its own, with its own contexts and proof.
    for credential in &report.credentials {
        let inputs = vc::verify::VerifyInputs::default();
        let credential_report = vc::verify::verify(processor(), credential, &inputs);
        assert_eq!(
            credential_report.outcome(vc::report::checks::PROOF),
            Some(Outcome::Passed),
            "{credential_report:#?}"
        );
    }
    // The report serializes with its checks (the credentials are reported by their own checks).
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["verified"], true);
    assert_eq!(json["checks"][6]["check"], "challenge");
    assert!(json.get("credentials").is_none());
}

#[test]
fn presentation_bytes_round_trip() {
    let bytes = serde_json::to_vec(&present(&[credential()])).unwrap();
    let report = verify_presentation_bytes(processor(), &bytes, &expected());
    assert!(report.verified, "{report:#?}");
}

#[test]
fn a_presentation_without_credentials_authenticates_its_holder() {
    let presentation = present(&[]);
    assert!(presentation.get("verifiableCredential").is_none());
    let report = verify(&presentation);
    assert!(report.verified, "{report:#?}");
    assert!(report.credentials.is_empty());
}

#[test]
fn a_challenge_the_verifier_did_not_ask_for_is_reported_not_checked() {
    let report = verify_presentation(
        processor(),
        &present(&[credential()]),
        &PresentationExpectations::default(),
    );
    assert!(report.verified, "{report:#?}");
    for check in [checks::CHALLENGE, checks::DOMAIN] {
        assert_eq!(report.outcome(check), Some(Outcome::NotChecked));
    }
    assert_eq!(report.challenge.as_deref(), Some(CHALLENGE));
    let reason = &report.checks[6].reason;
    assert!(reason.contains(CHALLENGE), "{reason}");
}

#[test]
fn the_generic_signing_path_agrees_with_sign_presentation() {
    // What `sign_with_config` builds for "authentication" is exactly what the module signs.
    let mut by_hand = unsigned_presentation(&[credential()], &holder().public().did_key()).unwrap();
    sign_with_config(&mut by_hand, &holder(), proof_config("authentication"));
    assert_eq!(by_hand, present(&[credential()]));
}

#[test]
fn the_holders_signature_does_not_vouch_for_a_forged_credential() {
    // A holder may present a credential they edited and sign the result: the presentation
    // verifies, the credential's own proof does not — which is why each is verified on its own.
    let mut forged = credential();
    forged["credentialSubject"]["achievement"]["name"] = json!("Cursus kernfysica");
    let report = verify(&present(&[forged]));
    assert!(report.verified, "{report:#?}");
    let credential_report = vc::verify::verify(
        processor(),
        &report.credentials[0],
        &vc::verify::VerifyInputs::default(),
    );
    assert_eq!(
        credential_report.outcome(vc::report::checks::PROOF),
        Some(Outcome::Failed)
    );
}

#[test]
fn failure_codes_are_unique_snake_case() {
    let codes: Vec<&str> = vc::presentation::PresentationFailure::ALL
        .iter()
        .map(|failure| failure.code())
        .collect();
    let mut unique = codes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), codes.len());
    for code in codes {
        assert!(
            code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{code}"
        );
        assert!(
            !vc::Error::CODES.contains(&code),
            "{code} is also an engine code"
        );
    }
}

/// What the proof of a credential says about its signature, verified on its own.
fn credential_proof(processor: &vc::jsonld::Processor, credential: &Value) -> Option<Outcome> {
    vc::verify::verify(processor, credential, &vc::verify::VerifyInputs::default())
        .outcome(vc::report::checks::PROOF)
}

#[test]
fn the_reference_presentation_verifies_and_is_reproduced_byte_for_byte() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/reference-presentation/signed.json"
    );
    let bytes = std::fs::read(path).unwrap();
    let reference = vc::json::parse(&bytes).unwrap();
    let report = verify_presentation_bytes(processor(), &bytes, &expected());
    assert!(report.verified, "{report:#?}");
    assert_eq!(report.credentials.len(), 2);
    for credential in &report.credentials {
        assert_eq!(
            credential_proof(processor(), credential),
            Some(Outcome::Passed)
        );
    }
    // Ed25519 is deterministic: the same proofValue means the same canonical presentation.
    let ours = present(&report.credentials);
    assert_eq!(
        ours["proof"]["proofValue"],
        reference["proof"]["proofValue"]
    );
    assert_eq!(ours, reference);
}

#[test]
fn the_w3c_vector_credential_can_be_presented_by_the_vector_key() {
    // A foreign credential with a context this register does not pin (the W3C examples
    // context, loaded from shared/vectors): the presentation's own context stays VC 2.0 alone.
    let processor = common::vectors_processor();
    let credential =
        common::read_json("vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json");
    let key_pair = common::read_json("vc-di-eddsa/TestVectors/keyPair.json");
    let key =
        KeyPair::from_private_multibase(key_pair["privateKeyMultibase"].as_str().unwrap()).unwrap();
    let presentation = sign_presentation(
        processor,
        std::slice::from_ref(&credential),
        &key,
        CHALLENGE,
        DOMAIN,
        CREATED,
    )
    .unwrap();
    let report = verify_presentation(processor, &presentation, &expected());
    assert!(report.verified, "{report:#?}");
    assert_eq!(report.credentials, std::slice::from_ref(&credential));
    assert_eq!(
        credential_proof(processor, &credential),
        Some(Outcome::Passed)
    );
    // With only the register's pinned contexts, the examples context is unknown: refused.
    let report = verify(&presentation);
    assert_eq!(
        report.failure_code(checks::EXPANSION),
        Some("unknown_context")
    );
}
