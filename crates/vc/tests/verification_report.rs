//! Verification reports end to end: reference samples, status lists, tampering, Annex I.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;
use vc::keys::KeyPair;
use vc::report::{Outcome, checks};
use vc::status_list::{Bitstring, status_list_credential};
use vc::verify::{VerifyInputs, verify, verify_bytes};

fn processor() -> &'static vc::jsonld::Processor {
    vc::contexts::processor()
}

#[test]
fn reference_status_list_decodes_with_bits_7_and_42_set() {
    let list = common::read_json("reference-generated/sample-status-list.json");
    let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap();
    let bits = Bitstring::decode(encoded).unwrap();
    assert_eq!(bits.len(), 131_072);
    let set: Vec<usize> = (0..bits.len()).filter(|&i| bits.get(i).unwrap()).collect();
    assert_eq!(set, vec![7, 42]);
}

#[test]
fn reference_sample_verifies_and_reports_every_check() {
    let credential = common::read_json("reference-generated/sample-signed.json");
    let lists = [common::read_json(
        "reference-generated/sample-status-list.json",
    )];
    let trusted = vec!["did:key:z6MkoQkQim6VHbgCTV5Yf8xg4WU6iXmGRmUyvRCH5brwmgJi".to_owned()];
    let inputs = VerifyInputs {
        status_lists: &lists,
        trusted_issuers: Some(&trusted),
        now: Some("2026-01-01T00:00:00Z"),
        ..VerifyInputs::default()
    };
    let report = verify(processor(), &credential, &inputs);
    assert!(report.verified, "{}", report.to_text());
    assert!(
        report.checks.iter().all(|c| c.outcome == Outcome::Passed),
        "{}",
        report.to_text()
    );
    // The reference sample is a genuine OB3 badge without our Annex I extension terms.
    let annex_i = report.annex_i.clone().unwrap();
    assert!(!annex_i.complete);
    assert!(annex_i.missing.contains(&"learning_outcomes".to_owned()));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["verified"], true);
    assert_eq!(json["checks"][0]["outcome"], "passed");
    assert!(json["annex_i"]["missing"].is_array());
}

#[test]
fn revoked_credential_fails_the_status_check_only() {
    let credential = common::read_json("reference-generated/sample-revoked-signed.json");
    let lists = [common::read_json(
        "reference-generated/sample-status-list.json",
    )];
    let inputs = VerifyInputs {
        status_lists: &lists,
        ..VerifyInputs::default()
    };
    let report = verify(processor(), &credential, &inputs);
    assert!(!report.verified);
    assert_eq!(report.outcome(checks::PROOF), Some(Outcome::Passed));
    assert_eq!(report.outcome(checks::STATUS), Some(Outcome::Failed));
    assert!(report.to_text().contains("revoked"));
}

#[test]
fn a_status_list_checked_once_answers_each_credential_by_its_own_entry() {
    // A register keeps a checked list and reads it for every credential until its next
    // revision: the decoded bits it keeps must answer each credential's index, not the first's.
    let list = common::read_json("reference-generated/sample-status-list.json");
    let checked =
        vc::verify::CheckedStatusList::check(processor(), &list, &VerifyInputs::default());
    assert!(checked.is_authentic());
    let active = common::read_json("reference-generated/sample-signed.json");
    let revoked = common::read_json("reference-generated/sample-revoked-signed.json");
    for _ in 0..2 {
        for (credential, expected) in [(&revoked, Outcome::Failed), (&active, Outcome::Passed)] {
            let report = vc::verify::prepare(processor(), credential).verify_with(
                processor(),
                &VerifyInputs::default(),
                &[&checked],
            );
            assert_eq!(
                report.outcome(checks::STATUS),
                Some(expected),
                "{}",
                report.to_text()
            );
        }
    }
    // An entry of another purpose on the same list is refused after the list was read.
    let mut suspended = active.clone();
    suspended["credentialStatus"]["statusPurpose"] = Value::from("suspension");
    let report = vc::verify::prepare(processor(), &suspended).verify_with(
        processor(),
        &VerifyInputs::default(),
        &[&checked],
    );
    assert_eq!(report.outcome(checks::STATUS), Some(Outcome::Failed));
    assert!(
        report.to_text().contains("does not match"),
        "{}",
        report.to_text()
    );
}

#[test]
fn missing_status_list_is_a_failure_not_a_pass() {
    let credential = common::read_json("reference-generated/sample-signed.json");
    let report = verify(processor(), &credential, &VerifyInputs::default());
    assert!(!report.verified);
    assert_eq!(report.outcome(checks::STATUS), Some(Outcome::Failed));
    assert_eq!(
        report.outcome(checks::ISSUER_TRUSTED),
        Some(Outcome::NotChecked)
    );
    assert_eq!(
        report.outcome(checks::VALIDITY_PERIOD),
        Some(Outcome::NotChecked)
    );
}

#[test]
fn tampered_credential_fails_the_proof() {
    let mut credential = common::read_json("reference-generated/sample-signed.json");
    credential["credentialSubject"]["achievement"]["name"] = Value::from("Applied Data Analysiz");
    let lists = [common::read_json(
        "reference-generated/sample-status-list.json",
    )];
    let inputs = VerifyInputs {
        status_lists: &lists,
        ..VerifyInputs::default()
    };
    let report = verify(processor(), &credential, &inputs);
    assert!(!report.verified);
    assert_eq!(report.outcome(checks::PROOF), Some(Outcome::Failed));
}

#[test]
fn key_of_another_controller_fails_the_verification_method_check() {
    let key = KeyPair::from_seed(&[9; 32]);
    let mut credential = common::read_json("reference-generated/sample-unsigned.json");
    credential
        .as_object_mut()
        .unwrap()
        .remove("credentialStatus");
    let options = vc::proof::SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-01-01T00:00:00Z".into(),
    };
    let signed = vc::proof::sign(processor(), &credential, &key, &options).unwrap();
    let report = verify(processor(), &signed, &VerifyInputs::default());
    assert_eq!(report.outcome(checks::PROOF), Some(Outcome::Passed));
    assert_eq!(
        report.outcome(checks::VERIFICATION_METHOD),
        Some(Outcome::Failed)
    );
    assert!(!report.verified);
}

#[test]
fn did_web_issuer_with_supplied_document_verifies() {
    let key = KeyPair::from_seed(&[3; 32]);
    let issuer = "did:web:register.example.eu:providers:hogeschool-scheldeland";
    let method = format!("{issuer}#key-1");
    let did_document = serde_json::json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": issuer,
        "verificationMethod": [{
            "id": method, "type": "Multikey", "controller": issuer,
            "publicKeyMultibase": key.public().to_multibase()
        }],
        "assertionMethod": ["#key-1"]
    });
    let fixture: Value =
        serde_json::from_str(include_str!("../fixtures/micro-credential-unsigned.json")).unwrap();
    let options = vc::proof::SignOptions {
        verification_method: method,
        created: "2026-06-30T12:00:00Z".into(),
    };
    let signed = vc::proof::sign(processor(), &fixture, &key, &options).unwrap();
    let mut list = Bitstring::new(131_072);
    list.set(7, true).unwrap();
    let list_unsigned = status_list_credential(
        "https://register.example.eu/status/hogeschool-scheldeland/1",
        issuer,
        "revocation",
        "2026-06-30T12:00:00Z",
        &list,
    )
    .unwrap();
    let list_signed = vc::proof::sign(processor(), &list_unsigned, &key, &options).unwrap();
    let documents = [did_document];
    let lists = [list_signed];
    let inputs = VerifyInputs {
        did_documents: &documents,
        status_lists: &lists,
        ..VerifyInputs::default()
    };
    let report = verify(processor(), &signed, &inputs);
    assert!(report.verified, "{}", report.to_text());
    assert_eq!(report.outcome(checks::STATUS), Some(Outcome::Passed));
    let annex_i = report.annex_i.clone().unwrap();
    assert!(annex_i.complete, "{:?}", annex_i.missing);
    let without_document = verify(
        processor(),
        &signed,
        &VerifyInputs {
            status_lists: &lists,
            ..VerifyInputs::default()
        },
    );
    assert!(!without_document.verified);
    assert_eq!(
        without_document.outcome(checks::PROOF),
        Some(Outcome::NotChecked)
    );
}

#[test]
fn hostile_bytes_are_reported_as_syntax_failures() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    for (bytes, code) in [
        (br#"{"a":1,"a":2}"#.to_vec(), "duplicate_json_key"),
        (deep.into_bytes(), "nesting_too_deep"),
        (vec![b' '; 100 * 1024 * 1024], "input_too_large"),
    ] {
        let report = verify_bytes(processor(), &bytes, &VerifyInputs::default());
        assert!(!report.verified);
        assert_eq!(report.outcome(checks::SYNTAX), Some(Outcome::Failed));
        assert_eq!(
            report.checks[0].code.as_deref(),
            Some(code),
            "{}",
            report.checks[0].reason
        );
    }
}

#[test]
fn a_credential_whose_proof_expired_fails_the_proof_check() {
    // A did:key issuer's credential with a proof carrying `expires`, signed by hand.
    let key = KeyPair::from_seed(&[4; 32]);
    let mut credential: Value =
        serde_json::from_str(include_str!("../fixtures/micro-credential-unsigned.json")).unwrap();
    credential["issuer"]["id"] = Value::from(key.public().did_key());
    credential
        .as_object_mut()
        .unwrap()
        .remove("credentialStatus");
    let mut config = serde_json::json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-01T00:00:00Z",
        "expires": "2026-06-01T00:00:00Z",
        "verificationMethod": key.public().did_key_verification_method(),
        "proofPurpose": "assertionMethod",
    });
    let mut with_context = config.clone();
    with_context["@context"] = credential["@context"].clone();
    let hash = vc::proof::hash_data(processor(), &credential, &with_context).unwrap();
    config["proofValue"] = Value::from(vc::keys::encode_base58btc(&key.sign(&hash.combined_hash)));
    credential["proof"] = config;
    let at = |now: &'static str| {
        verify(
            processor(),
            &credential,
            &VerifyInputs {
                now: Some(now),
                ..VerifyInputs::default()
            },
        )
    };
    assert_eq!(
        at("2026-05-31T00:00:00Z").outcome(checks::PROOF),
        Some(Outcome::Passed)
    );
    let expired = at("2026-06-02T00:00:00Z");
    assert_eq!(expired.outcome(checks::PROOF), Some(Outcome::Failed));
    assert!(!expired.verified);
    assert!(
        expired.to_text().contains("expired"),
        "{}",
        expired.to_text()
    );
}
