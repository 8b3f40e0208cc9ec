//! The W3C RDFC-1.0 test suite (86 tests, incl. map tests, the poison graph and SHA-384).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use vc::rdf::parse_nquads;
use vc::rdfc::{HashAlgorithm, Limits, canonicalize_with};

#[test]
fn rdf_canon_suite_passes_completely() {
    let manifest = common::read_json("rdf-canon/tests/manifest.jsonld");
    let entries = manifest["entries"].as_array().expect("entries");
    let (mut passed, mut failed) = (0, Vec::new());
    for entry in entries {
        let id = entry["id"].as_str().unwrap();
        let kind = entry["type"].as_str().unwrap();
        let hash = match entry.get("hashAlgorithm").and_then(|h| h.as_str()) {
            Some("SHA384") => HashAlgorithm::Sha384,
            _ => HashAlgorithm::Sha256,
        };
        let input = common::read_string(&format!(
            "rdf-canon/tests/{}",
            entry["action"].as_str().unwrap()
        ));
        let (dataset, labels) = parse_nquads(&input).expect("input parses");
        let outcome = canonicalize_with(&dataset, hash, Limits::default());
        let ok = match kind {
            "rdfc:RDFC10NegativeEvalTest" => {
                matches!(outcome, Err(vc::Error::CanonicalizationLimit(_)))
            }
            "rdfc:RDFC10EvalTest" => {
                let expected = common::read_string(&format!(
                    "rdf-canon/tests/{}",
                    entry["result"].as_str().unwrap()
                ));
                outcome.map(|c| c.nquads == expected).unwrap_or(false)
            }
            "rdfc:RDFC10MapTest" => {
                let expected: BTreeMap<String, String> = serde_json::from_value(common::read_json(
                    &format!("rdf-canon/tests/{}", entry["result"].as_str().unwrap()),
                ))
                .unwrap();
                outcome
                    .map(|c| {
                        let actual: BTreeMap<String, String> = labels
                            .iter()
                            .enumerate()
                            .map(|(i, label)| (label.clone(), format!("c14n{}", c.labels[i])))
                            .collect();
                        actual == expected
                    })
                    .unwrap_or(false)
            }
            other => panic!("unknown test type {other}"),
        };
        if ok {
            passed += 1
        } else {
            failed.push(id.to_owned())
        }
    }
    println!(
        "RDFC-1.0 suite: {passed} passed, {} failed of {}",
        failed.len(),
        entries.len()
    );
    assert_eq!(entries.len(), 86, "the suite has 86 entries");
    assert!(failed.is_empty(), "failed: {failed:?}");
}
