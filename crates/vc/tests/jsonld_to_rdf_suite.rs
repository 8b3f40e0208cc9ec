//! The W3C JSON-LD 1.1 toRdf suite: every test not marked json-ld-1.0 runs; known failures are
//! listed with their reasons, and any other failure (a regression) fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use vc::jsonld::{DocumentLoader, Options, Processor, RdfDirection};

const SUITE_BASE: &str = "https://w3c.github.io/json-ld-api/tests/";

/// Tests we knowingly fail, with the reason. Keep this list short and honest.
const KNOWN_FAILURES: &[(&str, &str)] = &[];

/// Maps the suite's remote base to the local copy; nothing else is loadable.
struct SuiteLoader {
    root: PathBuf,
}

impl DocumentLoader for SuiteLoader {
    fn load(&self, url: &str) -> vc::Result<Value> {
        let relative = url
            .strip_prefix(SUITE_BASE)
            .ok_or_else(|| vc::Error::UnknownContext(url.to_owned()))?;
        let bytes = std::fs::read(self.root.join(relative))
            .map_err(|_| vc::Error::UnknownContext(url.to_owned()))?;
        serde_json::from_slice(&bytes).map_err(|e| vc::Error::InvalidJson(e.to_string()))
    }
    fn is_pinned(&self) -> bool {
        true
    }
}

enum Outcome {
    Pass,
    Fail(String),
    OutOfScope,
}

fn run(entry: &Value, root: &Path) -> Outcome {
    let option = entry.get("option").cloned().unwrap_or(Value::Null);
    if option.get("specVersion").and_then(Value::as_str) == Some("json-ld-1.0")
        || option.get("processingMode").and_then(Value::as_str) == Some("json-ld-1.0")
    {
        return Outcome::OutOfScope;
    }
    let types: Vec<&str> = entry["@type"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let input_path = entry["input"].as_str().unwrap();
    let base = option
        .get("base")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{SUITE_BASE}{input_path}"));
    let processor = Processor::new(Box::new(SuiteLoader {
        root: root.to_path_buf(),
    }));
    let rdf_direction = match option.get("rdfDirection").and_then(Value::as_str) {
        Some("i18n-datatype") => Some(RdfDirection::I18nDatatype),
        Some("compound-literal") => Some(RdfDirection::CompoundLiteral),
        _ => None,
    };
    let expand_context = option
        .get("expandContext")
        .and_then(Value::as_str)
        .map(|path| {
            serde_json::from_slice::<Value>(&std::fs::read(root.join(path)).unwrap()).unwrap()
        });
    let result = std::fs::read(root.join(input_path))
        .map_err(|e| vc::Error::InvalidJson(e.to_string()))
        .and_then(|bytes| {
            serde_json::from_slice::<Value>(&bytes)
                .map_err(|e| vc::Error::InvalidJson(e.to_string()))
        })
        .and_then(|document| {
            let options = Options {
                base: Some(&base),
                safe: false,
                rdf_direction,
                expand_context: expand_context.as_ref(),
                skip_root_key: None,
            };
            // Isomorphism via canonical forms (blank node labels are arbitrary).
            vc::jsonld::to_rdf(&processor, &document, &options)
                .and_then(|dataset| vc::rdfc::canonicalize(&dataset))
        });
    if types.contains(&"jld:NegativeEvaluationTest") {
        let expected = entry["expectErrorCode"].as_str().unwrap_or("");
        return match result {
            Err(error) => match error.jsonld_code() {
                Some(code) if code == expected => Outcome::Pass,
                _ => Outcome::Fail(format!("expected error \"{expected}\", got \"{error}\"")),
            },
            Ok(_) => Outcome::Fail(format!("expected error \"{expected}\", got success")),
        };
    }
    let actual = match result {
        Ok(canonical) => canonical.nquads,
        Err(error) => return Outcome::Fail(format!("unexpected error: {error}")),
    };
    if types.contains(&"jld:PositiveSyntaxTest") {
        return Outcome::Pass;
    }
    let expected_text =
        std::fs::read_to_string(root.join(entry["expect"].as_str().unwrap())).unwrap();
    let expected = match vc::rdf::parse_nquads(&expected_text) {
        Ok((dataset, _)) => dataset,
        Err(error) => return Outcome::Fail(format!("expected output unreadable: {error}")),
    };
    match vc::rdfc::canonicalize(&expected).map(|c| c.nquads) {
        Ok(e) if actual == e => Outcome::Pass,
        Ok(e) => Outcome::Fail(format!(
            "output differs:\n--- actual\n{actual}--- expected\n{e}"
        )),
        Err(error) => Outcome::Fail(format!("expected output cannot be canonicalized: {error}")),
    }
}

#[test]
fn jsonld_to_rdf_suite() {
    let root = common::vectors_dir().join("json-ld-api/tests");
    let manifest = common::read_json("json-ld-api/tests/toRdf-manifest.jsonld");
    let entries = manifest["sequence"].as_array().unwrap();
    let (mut passed, mut out_of_scope) = (0, 0);
    let mut known = Vec::new();
    let mut regressions = Vec::new();
    let only = std::env::var("JSONLD_TEST").ok();
    for entry in entries {
        let id = entry["@id"].as_str().unwrap();
        if only.as_deref().is_some_and(|o| o != id) {
            continue;
        }
        match run(entry, &root) {
            Outcome::Pass => passed += 1,
            Outcome::OutOfScope => out_of_scope += 1,
            Outcome::Fail(reason) => {
                if KNOWN_FAILURES.iter().any(|(k, _)| *k == id) {
                    known.push(id.to_owned());
                } else {
                    regressions.push(format!(
                        "{id} ({}): {reason}",
                        entry["name"].as_str().unwrap_or("")
                    ));
                }
            }
        }
    }
    let in_scope = passed + known.len() + regressions.len();
    println!(
        "JSON-LD 1.1 toRdf suite: {passed} passed of {in_scope} in scope ({out_of_scope} json-ld-1.0 tests out of scope); known failures: {known:?}"
    );
    for regression in &regressions {
        println!("FAIL {regression}");
    }
    assert!(
        regressions.is_empty(),
        "{} unexpected failures",
        regressions.len()
    );
}
