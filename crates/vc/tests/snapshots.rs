//! Snapshots of what reviewers care about: an issued micro-credential and verification reports.
//! Run with `UPDATE_SNAPSHOTS=1` to rewrite them after an intended change, then review the diff.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;
use std::path::PathBuf;
use vc::keys::KeyPair;
use vc::proof::SignOptions;
use vc::verify::{VerifyInputs, verify};

fn check_snapshot(name: &str, actual: &str) {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots")).join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}: run with UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert_eq!(
        actual, expected,
        "snapshot {name} changed: review, then UPDATE_SNAPSHOTS=1"
    );
}

fn pretty(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).unwrap() + "\n"
}

#[test]
fn issued_micro_credential_snapshot() {
    let key = KeyPair::from_seed(&[42; 32]);
    // The full sample (every identifier, two languages), not the leaner bench credential.
    let issued = model::credential::sample::issued().unwrap();
    let credential = vc::ob3::render_micro_credential(&issued, &key.public().did_key());
    let options = SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-06-30T12:00:00Z".into(),
    };
    let signed = vc::proof::sign(vc::contexts::processor(), &credential, &key, &options).unwrap();
    check_snapshot("micro-credential-signed.json", &pretty(&signed));
    let canonical = vc::proof::canonicalize(vc::contexts::processor(), &credential).unwrap();
    check_snapshot("micro-credential.nq", &canonical);
    let report = verify(
        vc::contexts::processor(),
        &signed,
        &VerifyInputs {
            now: Some("2027-01-01T00:00:00Z"),
            ..VerifyInputs::default()
        },
    );
    check_snapshot("micro-credential-report.json", &pretty(&report));
}

#[test]
fn reference_sample_reports_snapshot() {
    let lists = [common::read_json(
        "reference-generated/sample-status-list.json",
    )];
    let inputs = VerifyInputs {
        status_lists: &lists,
        now: Some("2026-01-01T00:00:00Z"),
        ..VerifyInputs::default()
    };
    let mut reports = serde_json::Map::new();
    for file in ["sample-signed.json", "sample-revoked-signed.json"] {
        let credential = common::read_json(&format!("reference-generated/{file}"));
        let report = verify(vc::contexts::processor(), &credential, &inputs);
        reports.insert(file.to_owned(), serde_json::to_value(&report).unwrap());
    }
    check_snapshot(
        "reference-sample-reports.json",
        &pretty(&Value::Object(reports)),
    );
}
