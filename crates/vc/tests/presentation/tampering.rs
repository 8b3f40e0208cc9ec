//! Replayed, edited and forged presentations: each fails the check that names it.

use crate::{
    CHALLENGE, CREATED, DOMAIN, assert_fails, credential, expected, holder, other_credential,
    present, proof_config, sign_credential, sign_with_config, verify,
};
use serde_json::{Value, json};
use vc::contexts::processor;
use vc::keys::KeyPair;
use vc::presentation::{
    PresentationExpectations, add_authentication_proof, checks, unsigned_presentation,
    verify_presentation, verify_presentation_bytes,
};
use vc::proof::SignOptions;
use vc::report::Outcome;

#[test]
fn a_presentation_replayed_for_another_challenge_fails() {
    let presentation = present(&[credential()]);
    let report = verify_presentation(
        processor(),
        &presentation,
        &PresentationExpectations {
            challenge: Some("another-request"),
            domain: Some(DOMAIN),
            now: None,
        },
    );
    assert_fails(&report, checks::CHALLENGE, "challenge_mismatch");
    // The signature itself is fine: only the binding to this request fails.
    assert_eq!(report.outcome(checks::PROOF), Some(Outcome::Passed));
    assert_eq!(report.outcome(checks::DOMAIN), Some(Outcome::Passed));
}

#[test]
fn a_presentation_for_another_domain_fails() {
    let report = verify_presentation(
        processor(),
        &present(&[credential()]),
        &PresentationExpectations {
            challenge: Some(CHALLENGE),
            domain: Some("https://other-verifier.example.com"),
            now: None,
        },
    );
    assert_fails(&report, checks::DOMAIN, "domain_mismatch");
    assert_eq!(report.outcome(checks::CHALLENGE), Some(Outcome::Passed));
}

#[test]
fn an_edited_challenge_in_the_proof_breaks_the_signature() {
    let mut presentation = present(&[credential()]);
    presentation["proof"]["challenge"] = json!("another-request");
    let report = verify_presentation(
        processor(),
        &presentation,
        &PresentationExpectations {
            challenge: Some("another-request"),
            domain: Some(DOMAIN),
            now: None,
        },
    );
    assert_fails(&report, checks::PROOF, "signature_mismatch");
}

#[test]
fn a_credential_altered_inside_the_presentation_fails() {
    let mut presentation = present(&[credential()]);
    presentation["verifiableCredential"][0]["credentialSubject"]["achievement"]["name"] =
        json!("Cursus kernfysica");
    let report = verify(&presentation);
    assert_fails(&report, checks::PROOF, "signature_mismatch");
    assert!(report.credentials.is_empty());
}

#[test]
fn a_credential_removed_added_or_swapped_fails() {
    let presentation = present(&[credential(), other_credential()]);
    let mut removed = presentation.clone();
    removed["verifiableCredential"]
        .as_array_mut()
        .unwrap()
        .pop();
    let mut added = presentation.clone();
    let extra = sign_credential(&vc::sample::fixture_for(&KeyPair::from_seed(&[3; 32])).unwrap());
    added["verifiableCredential"]
        .as_array_mut()
        .unwrap()
        .push(extra.clone());
    let mut swapped = presentation.clone();
    swapped["verifiableCredential"][1] = extra;
    for (name, edited) in [("removed", removed), ("added", added), ("swapped", swapped)] {
        let report = verify(&edited);
        assert!(!report.verified, "{name}");
        assert_eq!(
            report.failure_code(checks::PROOF),
            Some("signature_mismatch"),
            "{name}"
        );
    }
}

#[test]
fn a_holder_changed_to_another_did_key_fails() {
    let mut presentation = present(&[credential()]);
    let mallory = KeyPair::from_seed(&[66; 32]).public().did_key();
    presentation["holder"] = json!(mallory);
    let report = verify(&presentation);
    assert_fails(&report, checks::HOLDER_BINDING, "key_not_holders");
    assert_eq!(
        report.failure_code(checks::PROOF),
        Some("signature_mismatch")
    );
    assert_eq!(report.holder.as_deref(), Some(mallory.as_str()));
}

#[test]
fn a_presentation_signed_by_another_key_than_the_holders_fails() {
    let mut presentation =
        unsigned_presentation(&[credential()], &holder().public().did_key()).unwrap();
    let mallory = KeyPair::from_seed(&[66; 32]);
    add_authentication_proof(
        processor(),
        &mut presentation,
        &mallory,
        CHALLENGE,
        DOMAIN,
        CREATED,
    )
    .unwrap();
    let report = verify(&presentation);
    // Mallory's signature is valid; it is just not the holder's.
    assert_eq!(report.outcome(checks::PROOF), Some(Outcome::Passed));
    assert_fails(&report, checks::HOLDER_BINDING, "key_not_holders");
}

#[test]
fn a_proof_for_assertion_instead_of_authentication_fails() {
    let mut presentation =
        unsigned_presentation(&[credential()], &holder().public().did_key()).unwrap();
    sign_with_config(
        &mut presentation,
        &holder(),
        proof_config("assertionMethod"),
    );
    let report = verify(&presentation);
    assert_eq!(
        report.outcome(checks::PROOF),
        Some(Outcome::Passed),
        "{report:#?}"
    );
    assert_fails(&report, checks::PROOF_PURPOSE, "wrong_proof_purpose");
    assert_eq!(report.outcome(checks::CHALLENGE), Some(Outcome::Passed));

    // The same presentation signed the way credentials are: no challenge, no domain either.
    let unsigned = unsigned_presentation(&[credential()], &holder().public().did_key()).unwrap();
    let options = SignOptions {
        verification_method: holder().public().did_key_verification_method(),
        created: CREATED.into(),
    };
    let as_credential = vc::proof::sign(processor(), &unsigned, &holder(), &options).unwrap();
    let report = verify(&as_credential);
    assert_eq!(report.outcome(checks::PROOF), Some(Outcome::Passed));
    assert_fails(&report, checks::PROOF_PURPOSE, "wrong_proof_purpose");
    assert_eq!(
        report.failure_code(checks::CHALLENGE),
        Some("challenge_mismatch")
    );
    assert_eq!(report.failure_code(checks::DOMAIN), Some("domain_mismatch"));
}

#[test]
fn a_term_in_no_context_is_unsigned_data_and_refused() {
    let signed = present(&[credential()]);
    let expansion_failure = |presentation: &Value| {
        let report = verify(presentation);
        assert!(!report.verified);
        assert_eq!(
            report.outcome(checks::EXPANSION),
            Some(Outcome::Failed),
            "{report:#?}"
        );
        let code = report.failure_code(checks::EXPANSION).unwrap().to_owned();
        assert!(
            matches!(code.as_str(), "undefined_term" | "unsigned_data"),
            "{code}"
        );
        assert_eq!(report.outcome(checks::PROOF), Some(Outcome::NotChecked));
        assert!(report.credentials.is_empty());
    };
    let mut on_the_presentation = signed.clone();
    on_the_presentation["note"] = json!("trust me");
    expansion_failure(&on_the_presentation);
    let mut in_a_credential = signed.clone();
    in_a_credential["verifiableCredential"][0]["credentialSubject"]["note"] = json!("trust me");
    expansion_failure(&in_a_credential);
    // Signed that way by the holder, it is refused all the same: it would not be signed RDF.
    let mut unsigned =
        unsigned_presentation(&[credential()], &holder().public().did_key()).unwrap();
    unsigned["note"] = json!("trust me");
    let error = add_authentication_proof(
        processor(),
        &mut unsigned,
        &holder(),
        CHALLENGE,
        DOMAIN,
        CREATED,
    )
    .unwrap_err();
    assert!(
        matches!(error.code(), "undefined_term" | "unsigned_data"),
        "{error}"
    );
}

#[test]
fn a_missing_proof_fails() {
    let mut presentation = present(&[credential()]);
    presentation.as_object_mut().unwrap().remove("proof");
    let report = verify(&presentation);
    assert_fails(&report, checks::PROOF, "invalid_proof");
    for check in [
        checks::PROOF_PURPOSE,
        checks::HOLDER_BINDING,
        checks::CHALLENGE,
    ] {
        assert_eq!(report.outcome(check), Some(Outcome::NotChecked), "{check}");
    }
    assert!(report.credentials.is_empty());
}

#[test]
fn a_credential_smuggled_under_another_spelling_fails_the_shape() {
    // Both keys expand to the same property and both are signed, but only one is
    // `verifiableCredential`: the caller would be handed one credential of two.
    let mut presentation =
        unsigned_presentation(&[credential()], &holder().public().did_key()).unwrap();
    presentation["https://www.w3.org/2018/credentials#verifiableCredential"] = other_credential();
    add_authentication_proof(
        processor(),
        &mut presentation,
        &holder(),
        CHALLENGE,
        DOMAIN,
        CREATED,
    )
    .unwrap();
    let report = verify(&presentation);
    assert_fails(&report, checks::SHAPE, "credentials_mismatch");
}

#[test]
fn not_a_presentation_or_no_holder_fails_the_shape() {
    let mut untyped = unsigned_presentation(&[], &holder().public().did_key()).unwrap();
    untyped["type"] = json!(["VerifiableCredential"]);
    untyped.as_object_mut().unwrap().remove("holder");
    untyped["credentialSubject"] = json!({"id": "did:example:x"});
    add_authentication_proof(
        processor(),
        &mut untyped,
        &holder(),
        CHALLENGE,
        DOMAIN,
        CREATED,
    )
    .unwrap();
    assert_fails(&verify(&untyped), checks::SHAPE, "not_a_presentation");

    let mut anonymous = unsigned_presentation(&[], &holder().public().did_key()).unwrap();
    anonymous.as_object_mut().unwrap().remove("holder");
    add_authentication_proof(
        processor(),
        &mut anonymous,
        &holder(),
        CHALLENGE,
        DOMAIN,
        CREATED,
    )
    .unwrap();
    assert_fails(&verify(&anonymous), checks::SHAPE, "holder_missing");
}

#[test]
fn embedded_credentials_must_carry_their_own_pinned_contexts() {
    let mut bare = credential();
    bare.as_object_mut().unwrap().remove("@context");
    let error = unsigned_presentation(&[bare.clone()], "did:example:holder").unwrap_err();
    assert_eq!(error.code(), "invalid_credential");
    let mut presentation = present(&[credential()]);
    presentation["verifiableCredential"][0] = bare;
    assert_fails(&verify(&presentation), checks::SYNTAX, "invalid_credential");

    let mut inline = present(&[credential()]);
    inline["verifiableCredential"][0]["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!({"note": "https://example.com/note"}));
    assert_fails(&verify(&inline), checks::SYNTAX, "inline_context");

    let mut referenced = present(&[credential()]);
    referenced["verifiableCredential"] = json!(["https://example.com/credentials/1"]);
    assert_fails(&verify(&referenced), checks::SYNTAX, "invalid_credential");
}

#[test]
fn hostile_bytes_fail_the_syntax_check() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let oversized = vec![b' '; vc::json::MAX_INPUT_BYTES + 1];
    for (bytes, code) in [
        (
            br#"{"holder":"a","holder":"b"}"#.to_vec(),
            "duplicate_json_key",
        ),
        (deep.into_bytes(), "nesting_too_deep"),
        (oversized, "input_too_large"),
        (b"{".to_vec(), "invalid_json"),
    ] {
        let report = verify_presentation_bytes(processor(), &bytes, &expected());
        assert_fails(&report, checks::SYNTAX, code);
        assert_eq!(report.checks.len(), 8);
        assert!(
            report.checks[1..]
                .iter()
                .all(|c| c.outcome == Outcome::NotChecked)
        );
    }
}

#[test]
fn a_presentation_whose_proof_expired_fails_and_hands_over_nothing() {
    let mut presentation =
        unsigned_presentation(&[credential()], &holder().public().did_key()).unwrap();
    let mut config = proof_config("authentication");
    config.insert("expires".into(), json!("2026-06-01T00:00:00Z"));
    sign_with_config(&mut presentation, &holder(), config);
    let at = |now: &'static str| {
        verify_presentation(
            processor(),
            &presentation,
            &PresentationExpectations {
                challenge: Some(CHALLENGE),
                domain: Some(DOMAIN),
                now: Some(now),
            },
        )
    };
    let before = at("2026-05-31T23:59:59Z");
    assert_eq!(before.outcome(checks::PROOF), Some(Outcome::Passed));
    let after = at("2026-06-01T00:00:00Z");
    assert_fails(&after, checks::PROOF, "proof_expired");
    assert!(after.credentials.is_empty(), "nothing is handed over");
    // An `expires` that is not a date-time fails as well.
    let mut garbled = unsigned_presentation(&[credential()], &holder().public().did_key()).unwrap();
    let mut config = proof_config("authentication");
    config.insert("expires".into(), json!("next week"));
    sign_with_config(&mut garbled, &holder(), config);
    let report = verify_presentation(processor(), &garbled, &expected());
    assert_fails(&report, checks::PROOF, "proof_expired");
}
