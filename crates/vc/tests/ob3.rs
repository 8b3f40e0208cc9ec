//! Open Badges 3.0 micro-credential rendering: the model's sample offering, learner and outcome
//! rendered, signed and verified; numbers and hostile texts through canonicalization; the
//! rendered JSON as a reviewed snapshot (`UPDATE_SNAPSHOTS=1` rewrites it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use model::credential::{AssessmentRoute, IssuedMicroCredential, sample};
use model::offering::{EqfLevel, FurtherInformation, StackabilityInfo};
use model::vocab::{LearningSetting, Stackability, Vocabulary};
use model::{LangText, Provider};
use serde_json::Value;
use std::path::PathBuf;
use vc::contexts::processor;
use vc::keys::KeyPair;
use vc::ob3::render_micro_credential;
use vc::proof::SignOptions;
use vc::report::{Outcome, VerificationReport, checks};
use vc::status_list::{Bitstring, status_list_credential};
use vc::verify::{VerifyInputs, verify};

const SERVER_ISSUER: &str = "did:web:register.example.eu:providers:hogeschool-scheldeland";
/// The pinned OB 3.0.3 context types credits with the `https` form of the XSD namespace; the
/// reference stack writes it unchanged, and so must we.
const XSD_FLOAT: &str = "<https://www.w3.org/2001/XMLSchema#float>";
const OB: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#";

fn issued() -> IssuedMicroCredential {
    let issued = sample::issued().unwrap();
    issued.validate().unwrap();
    issued
}

fn options(key: &KeyPair) -> SignOptions {
    SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-06-30T12:00:00Z".into(),
    }
}

/// Render for a did:key issuer, sign, and verify with the status list (bits `revoked` set).
fn sign_and_verify(issued: &IssuedMicroCredential, revoked: &[usize]) -> VerificationReport {
    let key = KeyPair::from_seed(&[7; 32]);
    let issuer = key.public().did_key();
    let credential = render_micro_credential(issued, &issuer);
    let signed = vc::proof::sign(processor(), &credential, &key, &options(&key)).unwrap();
    let mut lists = Vec::new();
    for entry in &issued.status {
        let mut bits = Bitstring::new(131_072);
        for index in revoked {
            bits.set(*index, true).unwrap();
        }
        let list = status_list_credential(
            &entry.list_url,
            &issuer,
            entry.purpose.code(),
            "2026-06-30T12:00:00Z",
            &bits,
        )
        .unwrap();
        lists.push(vc::proof::sign(processor(), &list, &key, &options(&key)).unwrap());
    }
    let inputs = VerifyInputs {
        status_lists: &lists,
        now: Some("2027-01-01T00:00:00Z"),
        ..VerifyInputs::default()
    };
    verify(processor(), &signed, &inputs)
}

fn canonical(credential: &Value) -> String {
    vc::proof::canonicalize(processor(), credential).unwrap()
}

#[test]
fn the_sample_renders_signs_and_verifies_with_every_annex_i_element() {
    let report = sign_and_verify(&issued(), &[7]);
    assert!(report.verified, "{}", report.to_text());
    assert_eq!(report.outcome(checks::STATUS), Some(Outcome::Passed));
    let annex_i = report.annex_i.clone().unwrap();
    assert!(annex_i.complete, "{:?}", annex_i.missing);
    let revoked = sign_and_verify(&issued(), &[48_213]);
    assert!(!revoked.verified);
    assert_eq!(revoked.outcome(checks::STATUS), Some(Outcome::Failed));
}

#[test]
fn the_credential_has_the_ob3_micro_credential_shape() {
    let credential = render_micro_credential(&issued(), SERVER_ISSUER);
    assert_eq!(
        credential["type"],
        serde_json::json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    let subject = &credential["credentialSubject"];
    let achievement = &subject["achievement"];
    assert_eq!(achievement["achievementType"], "MicroCredential");
    assert_eq!(
        achievement["id"],
        "https://register.example.eu/offerings/data-analyse-python/v3"
    );
    assert_eq!(achievement["inLanguage"], "nl");
    assert_eq!(achievement["name"], "Cursus data-analyse met Python");
    assert_eq!(credential["issuer"]["id"], SERVER_ISSUER);
    assert_eq!(credential["issuer"]["address"]["addressCountryCode"], "BE");
    assert_eq!(subject["id"], sample::learner_json()["did"]);
    assert_eq!(subject["result"][0]["value"], "B");
    assert_eq!(
        subject["result"][0]["resultDescription"],
        achievement["resultDescription"][0]["id"]
    );
    assert_eq!(credential["credentialStatus"]["statusListIndex"], "48213");
}

#[test]
fn the_learner_is_named_in_clear_and_identified_by_salted_hashes() {
    let issued = issued();
    let credential = render_micro_credential(&issued, SERVER_ISSUER);
    let text = credential.to_string();
    assert!(!text.contains("jan.peeters@example.org") && !text.contains("r0123456"));
    let identifiers = credential["credentialSubject"]["identifier"]
        .as_array()
        .unwrap();
    assert_eq!(identifiers[0]["identityHash"], "Jan Peeters");
    assert_eq!(identifiers[0]["hashed"], false);
    let salt = "2f1d3b8e-5c7a-4e0b-9d62-1a8f3e4c7b90";
    let email = &identifiers[1];
    assert_eq!(email["identityType"], "emailAddress");
    assert_eq!(email["salt"], salt);
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("jan.peeters@example.org{salt}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(email["identityHash"], format!("sha256${hex}"));
    assert_eq!(identifiers[2]["identityType"], "sisSourcedId");
}

#[test]
fn a_credential_without_the_optional_elements_still_verifies() {
    let mut issued = issued();
    let content = &mut issued.offering.content;
    content.summary = LangText::default();
    content.prerequisites = LangText::default();
    content.supervision = None;
    content.further_information = FurtherInformation::default();
    content.stackability = StackabilityInfo {
        kind: Stackability::StandAlone,
        towards: Vec::new(),
    };
    content.level.qf_ehea_cycle = None;
    content.workload.ects = None;
    content.assessment.description = LangText::default();
    content
        .learning_outcomes
        .iter_mut()
        .for_each(|o| o.esco_skills.clear());
    issued.outcome.grade = None;
    issued.outcome.supervision = None;
    issued.learner.did = None;
    issued.learner.student_number = None;
    issued.status.clear();
    issued.validate().unwrap();
    let credential = render_micro_credential(&issued, SERVER_ISSUER);
    let achievement = &credential["credentialSubject"]["achievement"];
    for absent in [
        "prerequisites",
        "furtherInformation",
        "alignment",
        "creditsAvailable",
    ] {
        assert!(achievement.get(absent).is_none(), "{absent}");
    }
    assert!(credential.get("credentialStatus").is_none());
    let report = sign_and_verify(&issued, &[]);
    assert!(report.verified, "{}", report.to_text());
    let annex_i = report.annex_i.clone().unwrap();
    assert!(annex_i.complete, "{:?}", annex_i.missing);
}

#[test]
fn an_eqf_level_that_does_not_apply_is_stated() {
    let mut issued = issued();
    issued.offering.content.level.eqf = EqfLevel::NotApplicable;
    let credential = render_micro_credential(&issued, SERVER_ISSUER);
    assert_eq!(
        credential["credentialSubject"]["achievement"]["eqfLevel"],
        "https://w3id.org/microcred/vocab/eqf/not_applicable"
    );
    assert!(sign_and_verify(&issued, &[]).verified);
}

#[test]
fn ects_canonicalize_exactly_as_the_reference_stack() {
    let mut issued = issued();
    issued.offering.content.workload.ects = Some(2.5);
    let nquads = canonical(&render_micro_credential(&issued, SERVER_ISSUER));
    for term in ["creditsAvailable", "creditsEarned"] {
        let line = format!("<{OB}{term}> \"2.5E0\"^^{XSD_FLOAT}");
        assert!(nquads.contains(&line), "{term} missing in\n{nquads}");
    }
    // Whole numbers stay integers in the JSON, as JSON.parse gives them to jsonld.js.
    issued.offering.content.workload.ects = Some(3.0);
    let credential = render_micro_credential(&issued, SERVER_ISSUER);
    assert_eq!(
        credential["credentialSubject"]["creditsEarned"].to_string(),
        "3"
    );
    let nquads = canonical(&credential);
    assert!(nquads.contains(&format!("<{OB}creditsAvailable> \"3\"^^{XSD_FLOAT}")));
    assert!(nquads.contains(
        "<https://microcred.eu/vocab#workloadHours> \"75\"^^<http://www.w3.org/2001/XMLSchema#integer>"
    ));
    assert!(sign_and_verify(&issued, &[]).verified);
}

fn literal_values(expanded: &Value, out: &mut Vec<String>) {
    match expanded {
        Value::Array(items) => items.iter().for_each(|i| literal_values(i, out)),
        Value::Object(map) => {
            if let Some(Value::String(value)) = map.get("@value") {
                out.push(value.clone());
            }
            map.values().for_each(|v| literal_values(v, out));
        }
        _ => {}
    }
}

#[test]
fn html_quotes_and_control_characters_survive_canonicalization() {
    let hostile = [
        "<b>Data</b> & <script>alert(\"x\")</script>",
        "quotes \" ' and a backslash \\ too",
        "bell \u{7} tab \t newline \n return \r delete \u{7f} end",
    ];
    let mut issued = issued();
    let content = &mut issued.offering.content;
    content.title = LangText::one("nl", hostile[0]);
    content.learning_outcomes[0].text = LangText::one("nl", hostile[1]);
    content.further_information.text = LangText::one("en", hostile[2]);
    let credential = render_micro_credential(&issued, SERVER_ISSUER);
    let options = vc::jsonld::Options {
        safe: true,
        ..vc::jsonld::Options::default()
    };
    let expanded = vc::jsonld::expand(processor(), &credential, &options).unwrap();
    let mut values = Vec::new();
    literal_values(&expanded, &mut values);
    for text in hostile {
        assert!(values.iter().any(|v| v == text), "{text:?} not kept");
    }
    let nquads = canonical(&credential);
    assert!(nquads.contains(r#"alert(\"x\")"#));
    assert!(nquads.contains(r"bell \u0007 tab \t newline \n return \r delete \u007F end"));
    let report = sign_and_verify(&issued, &[]);
    assert!(report.verified, "{}", report.to_text());
}

#[test]
fn no_term_expands_to_nothing() {
    let issued = everything();
    // Safe mode refuses any term or value that would be dropped: rendering every optional
    // element, a joint award and a validation route must pass it.
    let credential = render_micro_credential(&issued, SERVER_ISSUER);
    let subject = &credential["credentialSubject"];
    assert_eq!(subject["learningSetting"], LearningSetting::Informal.iri());
    let bodies = subject["achievement"]["awardingBody"].as_array().unwrap();
    assert_eq!(bodies[0], SERVER_ISSUER);
    assert_eq!(
        bodies[1]["id"],
        "https://register.example.eu/providers/universiteit-gent"
    );
    assert!(sign_and_verify(&issued, &[]).verified);
    let mut tampered = credential.clone();
    tampered["credentialSubject"]["achievement"]["ectsCredits"] = Value::from(3);
    let error = vc::proof::canonicalize(processor(), &tampered).unwrap_err();
    assert_eq!(error.code(), "undefined_term", "{error}");
}

#[test]
fn rendered_json_snapshot() {
    let credential = render_micro_credential(&issued(), SERVER_ISSUER);
    let actual = serde_json::to_string_pretty(&credential).unwrap() + "\n";
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/micro-credential-unsigned.json"
    ));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        actual, expected,
        "rendering changed: review, then UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn the_bench_measures_a_realistic_rendered_credential() {
    let key = KeyPair::from_seed(&[42; 32]);
    let fixture = vc::sample::fixture_for(&key).unwrap();
    let issuance = vc::sample::issuance().unwrap();
    issuance.validate().unwrap();
    assert_eq!(
        fixture,
        render_micro_credential(&issuance, &key.public().did_key())
    );
    let size = fixture.to_string().len();
    assert!((3_000..=3_600).contains(&size), "{size} bytes compact");
    let annex_i =
        vc::annex_i::check(&vc::verify::signed_graph(vc::contexts::processor(), &fixture).unwrap());
    assert!(annex_i.complete, "{:?}", annex_i.missing);
    // The optional Annex I elements are there too.
    let achievement = &fixture["credentialSubject"]["achievement"];
    for term in [
        "prerequisites",
        "supervisionVerification",
        "stackability",
        "furtherInformation",
        "resultDescription",
    ] {
        assert!(achievement.get(term).is_some(), "{term}");
    }
}

/// Every optional element and variant at once: a joint award, validation of informal learning,
/// a national level, a grading scheme given as a URL, a QA report and DEQAR reference.
fn everything() -> IssuedMicroCredential {
    let mut issued = issued();
    issued.outcome.route = AssessmentRoute::Validation {
        prior_learning: LearningSetting::Informal,
    };
    if let Some(grade) = issued.outcome.grade.as_mut() {
        grade.scheme = "https://www.example.org/ects-grading-table".into();
    }
    let content = &mut issued.offering.content;
    content.level.national_level = Some("Vlaamse kwalificatiestructuur niveau 5".into());
    content.quality_assurance.report_url = Some("https://www.deqar.eu/reports/1234".into());
    content.quality_assurance.deqar_id = Some("DEQARINST0001".into());
    let mut second: Provider = sample::provider().unwrap();
    second.id = model::ProviderId::parse("universiteit-gent").unwrap();
    content.awarding_bodies.push(second.id.clone());
    issued.awarding_bodies.push(second);
    issued.parts = parts();
    issued.validate().unwrap();
    issued
}

/// Two parts of a stacked credential: one issued here, one elsewhere (no achievement id).
fn parts() -> Vec<model::credential::CredentialPart> {
    vec![
        model::credential::CredentialPart {
            credential_id: "urn:uuid:0b6c1a2e-1111-4c1d-9a0e-5b2c3d4e5f60".into(),
            achievement_id: Some("https://register.example.eu/offerings/data-literacy/v2".into()),
            title: "Data literacy".into(),
            ects: Some(3.0),
        },
        model::credential::CredentialPart {
            credential_id: "https://badges.example.org/credentials/42".into(),
            achievement_id: None,
            title: "Statistics for policy".into(),
            ects: Some(4.5),
        },
    ]
}

#[test]
fn a_stacked_credential_names_its_parts_and_a_changed_part_breaks_the_signature() {
    let mut issued = issued();
    issued.outcome.route = AssessmentRoute::Pathway;
    issued.parts = parts();
    issued.validate().unwrap();
    let credential = render_micro_credential(&issued, SERVER_ISSUER);
    let evidence = credential["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 2);
    assert_eq!(
        evidence[1]["id"],
        "https://badges.example.org/credentials/42"
    );
    assert_eq!(evidence[0]["genre"], vc::ob3::PART_GENRE);
    assert_eq!(
        credential["credentialSubject"]["achievement"]["hasPart"],
        serde_json::json!(["https://register.example.eu/offerings/data-literacy/v2"])
    );
    assert!(sign_and_verify(&issued, &[]).verified);
    // A part swapped after signing is a change the proof catches.
    let key = KeyPair::from_seed(&[7; 32]);
    let unsigned = render_micro_credential(&issued, &key.public().did_key());
    let signed = vc::proof::sign(processor(), &unsigned, &key, &options(&key)).unwrap();
    let proof = |document: &Value| {
        verify(processor(), document, &VerifyInputs::default()).outcome(vc::report::checks::PROOF)
    };
    assert_eq!(proof(&signed), Some(vc::report::Outcome::Passed));
    let mut swapped = signed.clone();
    swapped["evidence"][1]["id"] = Value::from("https://badges.example.org/credentials/43");
    assert_eq!(proof(&swapped), Some(vc::report::Outcome::Failed));
    // An invalid part id is refused before rendering.
    issued.parts[0].credential_id = "not an iri".into();
    assert_eq!(issued.validate().unwrap_err().0[0].element, "parts[0]");
}

#[test]
fn the_mapping_document_lists_exactly_the_terms_of_a_rendered_credential() {
    let document = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/annex-i-mapping.md"
    ))
    .unwrap();
    let nquads = canonical(&render_micro_credential(&everything(), SERVER_ISSUER));
    let rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    for predicate in nquads.lines().filter_map(|line| line.split(' ').nth(1)) {
        if predicate != rdf_type {
            let iri = predicate.trim_start_matches('<').trim_end_matches('>');
            assert!(
                document.contains(&format!("`{iri}`")),
                "{iri} not documented"
            );
        }
    }
    let mut listed = 0;
    for row in document.lines().filter(|line| line.starts_with('|')) {
        let Some(column) = row.split('|').nth(3) else {
            continue;
        };
        for iri in column.split('`').skip(1).step_by(2) {
            if iri.starts_with("http") {
                listed += 1;
                assert!(nquads.contains(&format!("<{iri}>")), "{iri} not rendered");
            }
        }
    }
    assert!(
        listed > 50,
        "only {listed} IRIs found in the mapping document"
    );
}
