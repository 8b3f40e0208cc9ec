//! Hostile input: each case must end in a clear error, quickly and in bounded memory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::{Value, json};
use vc::report::{Outcome, checks};
use vc::verify::{VerifyInputs, verify};

fn processor() -> &'static vc::jsonld::Processor {
    vc::contexts::processor()
}

#[test]
fn added_undefined_term_fails_expansion_and_verification() {
    let mut credential = common::read_json("reference-generated/sample-signed.json");
    credential["credentialSubject"]["favouriteColour"] = Value::from("blue");
    let report = verify(processor(), &credential, &VerifyInputs::default());
    assert!(!report.verified);
    assert_eq!(report.outcome(checks::EXPANSION), Some(Outcome::Failed));
    let reason = &report
        .checks
        .iter()
        .find(|c| c.check == checks::EXPANSION)
        .unwrap()
        .reason;
    assert!(reason.contains("favouriteColour"), "{reason}");
}

#[test]
fn undefined_type_and_relative_id_are_errors_in_safe_mode() {
    for (document, needle) in [
        (
            json!({"@context": [vc::contexts::CREDENTIALS_V2], "type": ["VerifiableCredential", "MadeUp"]}),
            "MadeUp",
        ),
        (
            json!({"@context": [vc::contexts::CREDENTIALS_V2], "id": "relative/path", "type": "VerifiableCredential"}),
            "relative",
        ),
    ] {
        let error = vc::proof::canonicalize(processor(), &document).unwrap_err();
        assert_eq!(error.code(), "undefined_term");
        assert!(error.to_string().contains(needle), "{error}");
    }
}

#[test]
fn unknown_context_is_refused() {
    let document = json!({
        "@context": [vc::contexts::CREDENTIALS_V2, "https://evil.example/context.jsonld"],
        "type": "VerifiableCredential"
    });
    let error = vc::proof::canonicalize(processor(), &document).unwrap_err();
    assert_eq!(error.code(), "unknown_context");
    assert!(error.to_string().contains("evil.example"));
}

#[test]
fn oversized_status_list_is_refused() {
    let huge = format!("u{}", "A".repeat(vc::status_list::MAX_ENCODED_CHARS + 1));
    let error = vc::status_list::Bitstring::decode(&huge).unwrap_err();
    assert_eq!(error.code(), "invalid_status_list");
    assert!(error.to_string().contains("longer than"));
}

#[test]
#[allow(clippy::disallowed_methods)] // a generous bound on hostile input, not a speed target
fn poison_graph_through_json_ld_aborts_with_a_work_limit() {
    // A clique of blank nodes that all look alike: exponential for RDFC-1.0 without a limit.
    let size = 12;
    let nodes: Vec<Value> = (0..size)
        .map(|i| {
            let links: Vec<Value> = (0..size)
                .filter(|&j| j != i)
                .map(|j| json!({"@id": format!("_:n{j}")}))
                .collect();
            json!({"@id": format!("_:n{i}"), "http://example.org/p": links})
        })
        .collect();
    let document = json!({"@graph": nodes});
    let dataset =
        vc::jsonld::to_rdf(processor(), &document, &vc::jsonld::Options::default()).unwrap();
    let started = std::time::Instant::now();
    let error = vc::rdfc::canonicalize(&dataset).unwrap_err();
    assert_eq!(error.code(), "canonicalization_limit");
    assert!(started.elapsed().as_secs() < 30, "bounded time");
}

#[test]
fn deep_json_ld_nesting_is_refused() {
    // Built as text: a 10,000-deep serde_json::Value would itself overflow the test's stack.
    let text = r#"{"http://example.org/p":"#.repeat(10_000) + "\"leaf\"" + &"}".repeat(10_000);
    let error = vc::json::parse(text.as_bytes()).unwrap_err();
    assert_eq!(error.code(), "nesting_too_deep");
}
