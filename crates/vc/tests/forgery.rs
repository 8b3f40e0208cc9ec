//! The forgery corpus (issue 8): the reproducers from `tests/repro/` (each verified once and must
//! not) and generated mutations of signed credentials. Every mutation is either refused or, if
//! it verifies, shows exactly what the original shows — no verified credential ever displays
//! content that differs from its signed content, and no revoked credential ever verifies.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use model::UiLang;
use serde_json::{Map, Value, json};
use std::path::PathBuf;
use vc::contexts::processor;
use vc::keys::KeyPair;
use vc::report::{Outcome, VerificationReport, checks};
use vc::status_list::{Bitstring, status_list_credential};
use vc::verify::{VerifyInputs, verify};

#[path = "forgery/values.rs"]
mod values;

const NOW: &str = "2026-12-03T00:00:00Z";
const DEMO_ISSUER: &str = "did:web:127.0.0.1%3A18081:providers:bouwvorming-vlaanderen";
const FORGED: &str = "FORGED by Mallory";

fn repro(name: &str) -> Value {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/repro")).join(name);
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// What a verifier is given besides the credential.
struct World {
    did_documents: Vec<Value>,
    status_lists: Vec<Value>,
    trusted: Vec<String>,
}

impl World {
    fn verify(&self, credential: &Value) -> VerificationReport {
        verify(
            processor(),
            credential,
            &VerifyInputs {
                did_documents: &self.did_documents,
                status_lists: &self.status_lists,
                trusted_issuers: Some(&self.trusted),
                now: Some(NOW),
            },
        )
    }

    fn verify_bytes(&self, bytes: &[u8]) -> VerificationReport {
        vc::verify::verify_bytes(
            processor(),
            bytes,
            &VerifyInputs {
                did_documents: &self.did_documents,
                status_lists: &self.status_lists,
                trusted_issuers: Some(&self.trusted),
                now: Some(NOW),
            },
        )
    }
}

/// The demo register the reproducers were taken from: its DID document and status lists.
fn demo_world() -> World {
    World {
        did_documents: vec![repro("did_bv.json")],
        status_lists: vec![
            repro("sl_bv_revocation.json"),
            repro("sl_bv_suspension.json"),
        ],
        trusted: vec![DEMO_ISSUER.to_owned()],
    }
}

/// The model's full sample (every optional element, two languages), signed with a did:key,
/// with its status lists all clear.
fn sample_world() -> (Value, World) {
    let key = KeyPair::from_seed(&[11; 32]);
    let issuer = key.public().did_key();
    let issued = model::credential::sample::issued().unwrap();
    let options = vc::proof::SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-06-30T12:00:00Z".into(),
    };
    let credential = vc::ob3::render_micro_credential(&issued, &issuer);
    let signed = vc::proof::sign(processor(), &credential, &key, &options).unwrap();
    let lists = issued
        .status
        .iter()
        .map(|entry| {
            let list = status_list_credential(
                &entry.list_url,
                &issuer,
                entry.purpose.code(),
                "2026-06-30T12:00:00Z",
                &Bitstring::new(131_072),
            )
            .unwrap();
            vc::proof::sign(processor(), &list, &key, &options).unwrap()
        })
        .collect();
    let world = World {
        did_documents: Vec::new(),
        status_lists: lists,
        trusted: vec![issuer],
    };
    (signed, world)
}

/// Everything a person or a program is shown about a credential.
fn shown(report: &VerificationReport) -> Value {
    json!({
        "nl": report.content(UiLang::Nl),
        "en": report.content(UiLang::En),
        "annex_i": report.annex_i,
    })
}

// ---- mutations -------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Paths to every value of the document below the root, outside `@context` and `proof`.
fn paths(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if path.is_empty() && (key == "@context" || key == "proof") {
                    continue;
                }
                path.push(Step::Key(key.clone()));
                out.push(path.clone());
                paths(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(Step::Index(index));
                out.push(path.clone());
                paths(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |value, step| match step {
        Step::Key(key) => &mut value[key.as_str()],
        Step::Index(index) => &mut value[*index],
    })
}

fn last_key(path: &[Step]) -> Option<&str> {
    path.iter().rev().find_map(|step| match step {
        Step::Key(key) => Some(key.as_str()),
        Step::Index(_) => None,
    })
}

fn is_identifier_key(key: Option<&str>) -> bool {
    matches!(key, Some("id" | "type" | "@id" | "@type"))
}

/// One mutated document with the class it belongs to.
struct Mutation {
    class: &'static str,
    what: String,
    document: Value,
}

fn mutate(base: &Value, class: &'static str, what: String, f: impl FnOnce(&mut Value)) -> Mutation {
    let mut document = base.clone();
    f(&mut document);
    Mutation {
        class,
        what,
        document,
    }
}

/// Terms of the pinned contexts and the IRIs they expand to (for full-IRI keys).
const TERM_IRIS: &[(&str, &str)] = &[
    ("name", "https://schema.org/name"),
    ("description", "https://schema.org/description"),
    ("issuer", "https://www.w3.org/2018/credentials#issuer"),
    (
        "credentialSubject",
        "https://www.w3.org/2018/credentials#credentialSubject",
    ),
    (
        "credentialStatus",
        "https://www.w3.org/2018/credentials#credentialStatus",
    ),
    ("validFrom", "https://www.w3.org/2018/credentials#validFrom"),
    (
        "achievement",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement",
    ),
    (
        "identityHash",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash",
    ),
    (
        "identityType",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityType",
    ),
    (
        "statusPurpose",
        "https://www.w3.org/ns/credentials/status#statusPurpose",
    ),
    (
        "statusListIndex",
        "https://www.w3.org/ns/credentials/status#statusListIndex",
    ),
    ("value", "https://schema.org/value"),
    (
        "fieldOfStudy",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#fieldOfStudy",
    ),
    (
        "addressCountryCode",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#CountryCode",
    ),
    ("addressRegion", "https://schema.org/addressRegion"),
    ("workloadHours", "https://microcred.eu/vocab#workloadHours"),
    ("nqfLevel", "http://data.europa.eu/snb/model/elm/NQFLevel"),
];

/// Every mutation of `base` in every class.
fn mutations(base: &Value) -> Vec<Mutation> {
    let mut all_paths = Vec::new();
    paths(base, &mut Vec::new(), &mut all_paths);
    let mut out = Vec::new();
    for path in &all_paths {
        let mut probe = base.clone();
        let value = at(&mut probe, path).clone();
        let key = last_key(path);
        let where_ = format!("{path:?}");
        match &value {
            Value::String(_) | Value::Number(_) | Value::Bool(_) if !is_identifier_key(key) => {
                // @index beside the signed value: JSON-LD drops it, a raw reader would show it.
                out.push(mutate(base, "index_wrap", where_.clone(), |d| {
                    *at(d, path) = json!({"@index": FORGED, "@value": value.clone()});
                }));
                out.push(mutate(base, "index_wrap", where_.clone(), |d| {
                    *at(d, path) = json!({"@index": FORGED, "@id": value.clone()});
                }));
                // The same value in another spelling: equivalent or a signature failure.
                out.push(mutate(base, "value_spelling", where_.clone(), |d| {
                    *at(d, path) = json!({"@value": value.clone()});
                }));
                out.push(mutate(base, "value_spelling", where_.clone(), |d| {
                    *at(d, path) = json!([value.clone()]);
                }));
                out.push(mutate(base, "value_spelling", where_.clone(), |d| {
                    *at(d, path) = json!({"@value": value.clone(), "@direction": "rtl"});
                }));
            }
            Value::Object(map) => {
                let is_language_map = !map.is_empty()
                    && map.keys().all(|k| k.len() == 2)
                    && map.values().all(Value::is_string);
                if is_language_map {
                    for bad in ["not a tag!", "x_y", "@forged"] {
                        out.push(mutate(base, "dropped_keyword", where_.clone(), |d| {
                            at(d, path)[bad] = json!(FORGED);
                        }));
                    }
                    continue;
                }
                out.push(mutate(base, "index_wrap", where_.clone(), |d| {
                    at(d, path)["@index"] = json!(FORGED);
                }));
                for (extra, extra_value) in [
                    ("@language", json!("en")),
                    ("@direction", json!("rtl")),
                    ("@vocab", json!("https://forged.example/")),
                    ("@base", json!("https://forged.example/")),
                    ("@version", json!(1.1)),
                    ("@foo", json!(FORGED)),
                    ("@none", json!(FORGED)),
                    ("_:b0", json!(FORGED)),
                    ("_:b0", json!({"name": FORGED})),
                ] {
                    out.push(mutate(
                        base,
                        "dropped_keyword",
                        format!("{where_} {extra}"),
                        |d| {
                            at(d, path)[extra] = extra_value.clone();
                        },
                    ));
                }
                out.push(mutate(base, "inline_context", where_.clone(), |d| {
                    at(d, path)["@context"] = json!({"name": "https://schema.org/name"});
                }));
                out.push(mutate(base, "inline_context", where_.clone(), |d| {
                    at(d, path)["@context"] = json!([{"@vocab": "https://forged.example/"}]);
                }));
                for (term, iri) in TERM_IRIS {
                    if let Some(inner) = map.get(*term) {
                        let inner = inner.clone();
                        out.push(mutate(
                            base,
                            "full_iri_key",
                            format!("{where_} {term}"),
                            |d| {
                                let object = at(d, path).as_object_mut().unwrap();
                                object.remove(*term);
                                object.insert((*iri).to_owned(), inner);
                            },
                        ));
                    }
                }
                if let Some(types) = map.get("type") {
                    let types = types.clone();
                    out.push(mutate(base, "type_spelling", where_.clone(), |d| {
                        let object = at(d, path).as_object_mut().unwrap();
                        object.remove("type");
                        object.insert("@type".into(), types.clone());
                    }));
                    let flipped = match &types {
                        Value::Array(items) if items.len() == 1 => items[0].clone(),
                        Value::String(single) => json!([single]),
                        other => other.clone(),
                    };
                    out.push(mutate(base, "type_spelling", where_.clone(), |d| {
                        at(d, path)["type"] = flipped;
                    }));
                }
            }
            Value::Array(items) if items.len() > 1 && key != Some("type") => {
                out.push(mutate(base, "reordered", where_.clone(), |d| {
                    let reversed: Vec<Value> = items.iter().rev().cloned().collect();
                    *at(d, path) = Value::Array(reversed);
                }));
            }
            _ => {}
        }
    }
    // Inline contexts at the root.
    for inline in [
        json!({"@vocab": "https://forged.example/"}),
        json!({"name": "https://forged.example/name"}),
        json!({}),
    ] {
        out.push(mutate(base, "inline_context", "root".into(), |d| {
            d["@context"].as_array_mut().unwrap().push(inline.clone());
        }));
    }
    // The status entries in every spelling a JSON-LD processor reads alike.
    if let Some(status) = base.get("credentialStatus").cloned() {
        let entries: Vec<Value> = match &status {
            Value::Array(items) => items.clone(),
            single => vec![single.clone()],
        };
        let respell = |f: &dyn Fn(&mut Map<String, Value>)| -> Value {
            Value::Array(
                entries
                    .iter()
                    .map(|entry| {
                        let mut entry = entry.as_object().unwrap().clone();
                        f(&mut entry);
                        Value::Object(entry)
                    })
                    .collect(),
            )
        };
        let spellings: Vec<(&str, Value)> = vec![
            (
                "type array",
                respell(&|e| {
                    e["type"] = json!([e["type"].clone()]);
                }),
            ),
            (
                "@type",
                respell(&|e| {
                    let t = e.remove("type").unwrap();
                    e.insert("@type".into(), t);
                }),
            ),
            (
                "full IRI keys",
                respell(&|e| {
                    for (term, iri) in [
                        (
                            "statusPurpose",
                            "https://www.w3.org/ns/credentials/status#statusPurpose",
                        ),
                        (
                            "statusListIndex",
                            "https://www.w3.org/ns/credentials/status#statusListIndex",
                        ),
                    ] {
                        let v = e.remove(term).unwrap();
                        e.insert(iri.into(), v);
                    }
                }),
            ),
            (
                "index as value object",
                respell(&|e| {
                    e["statusListIndex"] = json!({"@value": e["statusListIndex"].clone()});
                }),
            ),
            (
                "type IRI",
                respell(&|e| {
                    e["type"] =
                        json!("https://www.w3.org/ns/credentials/status#BitstringStatusListEntry");
                }),
            ),
            (
                "@index on the entry",
                respell(&|e| {
                    e.insert("@index".into(), json!("active"));
                }),
            ),
        ];
        for (what, spelled) in spellings {
            out.push(mutate(base, "status_spelling", what.into(), |d| {
                d["credentialStatus"] = spelled.clone();
            }));
            out.push(mutate(
                base,
                "status_spelling",
                format!("{what}, full IRI key"),
                |d| {
                    let map = d.as_object_mut().unwrap();
                    map.remove("credentialStatus");
                    map.insert(
                        "https://www.w3.org/2018/credentials#credentialStatus".into(),
                        spelled.clone(),
                    );
                },
            ));
        }
        out.push(mutate(
            base,
            "status_spelling",
            "full IRI key".into(),
            |d| {
                let map = d.as_object_mut().unwrap();
                let status = map.remove("credentialStatus").unwrap();
                map.insert(
                    "https://www.w3.org/2018/credentials#credentialStatus".into(),
                    status,
                );
            },
        ));
    }
    out
}

/// Classes whose every mutation carries unsigned data or an inline context: always refused.
const ALWAYS_REFUSED: [&str; 3] = ["index_wrap", "dropped_keyword", "inline_context"];

#[derive(Default, Debug)]
struct Tally {
    mutations: usize,
    accepted_same_content: usize,
    refused: usize,
    forgeries: Vec<String>,
}

fn run_corpus(name: &str, base: &Value, world: &World, base_revoked: bool, tally: &mut Tally) {
    let original = world.verify(base);
    if base_revoked {
        assert!(!original.verified, "{name} must be revoked");
        assert_eq!(original.outcome(checks::STATUS), Some(Outcome::Failed));
    } else {
        assert!(original.verified, "{name}: {}", original.to_text());
    }
    let expected = shown(&original);
    // A key given twice (as text): the strict reader refuses it, whatever the key.
    for (key, bytes) in values::duplicated_key_texts(base) {
        tally.mutations += 1;
        let report = world.verify_bytes(&bytes);
        if report.verified {
            tally
                .forgeries
                .push(format!("{name} duplicated key {key}: verified"));
        } else {
            tally.refused += 1;
        }
    }
    for mutation in mutations(base)
        .into_iter()
        .chain(values::value_mutations(base))
    {
        tally.mutations += 1;
        let report = world.verify(&mutation.document);
        if !report.verified {
            tally.refused += 1;
            continue;
        }
        let label = format!("{name} {} {}", mutation.class, mutation.what);
        if base_revoked {
            tally
                .forgeries
                .push(format!("{label}: a revoked credential verified"));
        } else if ALWAYS_REFUSED.contains(&mutation.class) {
            tally
                .forgeries
                .push(format!("{label}: unsigned data accepted"));
        } else if shown(&report) != expected {
            tally
                .forgeries
                .push(format!("{label}: shows other content"));
        } else {
            tally.accepted_same_content += 1;
        }
    }
}

#[test]
fn no_mutation_of_a_signed_credential_shows_unsigned_content_or_revives_a_revoked_one() {
    let mut tally = Tally::default();
    let demo = demo_world();
    run_corpus(
        "xss_credential",
        &repro("xss_credential.json"),
        &demo,
        false,
        &mut tally,
    );
    run_corpus(
        "revoked_original",
        &repro("revoked_original.json"),
        &demo,
        true,
        &mut tally,
    );
    let (sample, sample_world) = sample_world();
    run_corpus("sample", &sample, &sample_world, false, &mut tally);
    println!(
        "forgery corpus: {} mutations of 3 signed credentials: {} refused, {} accepted showing \
         exactly the signed content, {} forgeries accepted",
        tally.mutations,
        tally.refused,
        tally.accepted_same_content,
        tally.forgeries.len()
    );
    assert!(tally.mutations > 10_000, "{}", tally.mutations);
    assert!(
        tally.forgeries.is_empty(),
        "{} forgeries accepted:\n{}",
        tally.forgeries.len(),
        tally.forgeries.join("\n")
    );
    // RDF-equivalent spellings of a genuine credential still verify.
    assert!(tally.accepted_same_content > 50, "{tally:?}");
}

#[test]
fn every_reproducer_fails_verification() {
    let demo = demo_world();
    for (file, check, code) in [
        ("revoked_type_array.json", checks::STATUS, "revoked"),
        ("revoked_attype.json", checks::STATUS, "revoked"),
        ("revoked_fulliri_key.json", checks::STATUS, "revoked"),
        ("revoked_original.json", checks::STATUS, "revoked"),
        ("revoked_renamed.json", checks::EXPANSION, "unsigned_data"),
        (
            "display_forgery_index.json",
            checks::EXPANSION,
            "unsigned_data",
        ),
        ("learner_a.json", checks::EXPANSION, "unsigned_data"),
        ("learner_c.json", checks::EXPANSION, "unsigned_data"),
        ("df_ach_name.json", checks::EXPANSION, "unsigned_data"),
        (
            "df_creditsAvailable.json",
            checks::EXPANSION,
            "unsigned_data",
        ),
        ("df_creditsEarned.json", checks::EXPANSION, "unsigned_data"),
        ("df_qabody.json", checks::EXPANSION, "unsigned_data"),
        ("df_top_name.json", checks::EXPANSION, "unsigned_data"),
        (
            "forge_ownkey_issuer_didkey.json",
            checks::ISSUER_TRUSTED,
            "issuer_not_trusted",
        ),
        (
            "forge_ownkey_issuer_didweb.json",
            checks::VERIFICATION_METHOD,
            "key_not_issuers",
        ),
        (
            "forge_ownkey_vm_didweb.json",
            checks::PROOF,
            "signature_mismatch",
        ),
        (
            "forge_selfissued_didkey_nostatus.json",
            checks::ISSUER_TRUSTED,
            "issuer_not_trusted",
        ),
    ] {
        let report = demo.verify(&repro(file));
        assert!(!report.verified, "{file}: {}", report.to_text());
        let failed = report
            .checks
            .iter()
            .find(|c| c.check == check)
            .unwrap_or_else(|| panic!("{file}: no {check} line"));
        assert_eq!(
            failed.outcome,
            Outcome::Failed,
            "{file}: {}",
            report.to_text()
        );
        assert_eq!(
            failed.code.as_deref(),
            Some(code),
            "{file}: {}",
            report.to_text()
        );
        // Nothing of a credential whose signature failed is shown.
        if report.outcome(checks::PROOF) != Some(Outcome::Passed) {
            assert!(report.content(UiLang::En).is_empty(), "{file}");
            assert!(report.annex_i.is_none(), "{file}");
        }
    }
}

#[test]
fn an_equivalent_spelling_shows_the_signed_learner_not_the_raw_json() {
    // learner_b writes identityType as an array: the same RDF, so it verifies — and shows the
    // signed name, where the raw-JSON reader found none.
    let report = demo_world().verify(&repro("learner_b.json"));
    assert!(report.verified, "{}", report.to_text());
    let learner = report
        .content(UiLang::En)
        .into_iter()
        .find(|row| row.element == "learner_identification")
        .unwrap();
    assert!(learner.value.starts_with("Ilias De Backer"), "{learner:?}");
    assert!(!learner.value.contains("Mallory"));
}

#[test]
fn a_revoked_credential_shows_its_signed_content_as_not_valid() {
    let report = demo_world().verify(&repro("revoked_original.json"));
    assert!(!report.verified);
    assert_eq!(report.outcome(checks::PROOF), Some(Outcome::Passed));
    let title = report.content(UiLang::Nl);
    assert_eq!(title[0].value, "Vervolgcursus industrieel onderhoud");
}

#[test]
fn a_status_that_cannot_be_read_fails_instead_of_being_skipped() {
    let (sample, world) = sample_world();
    // Re-signing is needed for a different status: sign each variant with the sample's key.
    let key = KeyPair::from_seed(&[11; 32]);
    let options = vc::proof::SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-06-30T12:00:00Z".into(),
    };
    let entry = sample["credentialStatus"].clone();
    let entry = match entry {
        Value::Array(items) => items[0].clone(),
        single => single,
    };
    for (what, status, code) in [
        (
            "an unknown status type",
            json!({"id": "urn:x:status", "type": "https://w3id.org/vc/status-list#StatusList2021Entry"}),
            "status_unreadable",
        ),
        (
            "an unknown purpose",
            {
                let mut e = entry.clone();
                e["statusPurpose"] = json!("refresh");
                e
            },
            "status_unreadable",
        ),
        (
            "no index",
            {
                let mut e = entry.clone();
                e.as_object_mut().unwrap().remove("statusListIndex");
                e
            },
            "status_unreadable",
        ),
        (
            "two indexes",
            {
                let mut e = entry.clone();
                e["statusListIndex"] = json!(["1", "2"]);
                e
            },
            "status_unreadable",
        ),
        (
            "a list that is not supplied",
            {
                let mut e = entry.clone();
                e["statusListCredential"] = json!("https://elsewhere.example/status/1");
                e
            },
            "status_unavailable",
        ),
    ] {
        let mut unsigned = sample.clone();
        unsigned.as_object_mut().unwrap().remove("proof");
        unsigned["credentialStatus"] = status;
        let signed = vc::proof::sign(processor(), &unsigned, &key, &options).unwrap();
        let report = world.verify(&signed);
        assert!(!report.verified, "{what}: {}", report.to_text());
        let line = report
            .checks
            .iter()
            .find(|c| c.check == checks::STATUS)
            .unwrap();
        assert_eq!(line.outcome, Outcome::Failed, "{what}");
        assert_eq!(line.code.as_deref(), Some(code), "{what}: {}", line.reason);
    }
}

#[test]
fn the_sample_content_reads_for_people_in_dutch_and_english() {
    let (sample, world) = sample_world();
    let report = world.verify(&sample);
    let snapshot: String = [UiLang::Nl, UiLang::En]
        .into_iter()
        .flat_map(|lang| {
            report.content(lang).into_iter().map(move |row| {
                format!(
                    "{} | {} | {}\n",
                    lang.code(),
                    row.label,
                    row.value.replace('\n', " / ")
                )
            })
        })
        .collect();
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/sample-content.txt"
    ));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &snapshot).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        snapshot, expected,
        "content changed: review, then UPDATE_SNAPSHOTS=1"
    );
}
