//! Tests of the credential rules: learner identification, assessment outcome and the bundle.

use serde_json::{Value, json};
use time::macros::{date, datetime};

use super::sample::{issued, learner_json, outcome_json};
use super::*;
use crate::error::ViolationCode;
use crate::vocab::{LearningSetting, PublicationStatus};

fn with(mut document: Value, key: &str, value: Value) -> Value {
    if let Some(object) = document.as_object_mut() {
        if value.is_null() {
            object.remove(key);
        } else {
            object.insert(key.to_owned(), value);
        }
    }
    document
}

fn learner_error(document: Value) -> (String, ViolationCode) {
    let errors = LearnerIdentity::from_json(&document).unwrap_err();
    (errors.0[0].element.clone(), errors.0[0].code)
}

fn outcome_error(document: Value) -> (String, ViolationCode) {
    let errors = AssessmentOutcome::from_json(&document).unwrap_err();
    (errors.0[0].element.clone(), errors.0[0].code)
}

#[test]
fn the_sample_learner_and_outcome_are_valid() {
    let learner = LearnerIdentity::from_json(&learner_json()).unwrap();
    assert_eq!(learner.name.display(), "Jan Peeters");
    let outcome = AssessmentOutcome::from_json(&outcome_json()).unwrap();
    assert_eq!(outcome.assessed_on, date!(2026 - 06 - 19));
    assert_eq!(outcome.route, AssessmentRoute::Regular);
    assert!(learner.validate().is_ok() && outcome.validate().is_ok());
}

#[test]
fn a_learner_is_named_by_given_and_family_names_or_a_full_name() {
    let full = json!({"full_name": "Nguyễn Thị Minh Khai", "email": "minh@example.org"});
    assert_eq!(
        LearnerIdentity::from_json(&full).unwrap().name.display(),
        "Nguyễn Thị Minh Khai"
    );
    let no_name = with(
        with(learner_json(), "given_names", Value::Null),
        "family_names",
        Value::Null,
    );
    assert_eq!(
        learner_error(no_name),
        ("learner.name".into(), ViolationCode::MissingElement)
    );
    assert_eq!(
        learner_error(with(learner_json(), "family_names", Value::Null)),
        ("learner.family_names".into(), ViolationCode::MissingElement)
    );
    assert_eq!(
        learner_error(with(learner_json(), "full_name", json!("Jan Peeters"))),
        ("learner.full_name".into(), ViolationCode::InvalidValue)
    );
}

#[test]
fn a_learner_needs_an_identifier() {
    let mut document = learner_json();
    for key in ["email", "student_number", "did"] {
        document = with(document, key, Value::Null);
    }
    assert_eq!(
        learner_error(document.clone()),
        ("learner".into(), ViolationCode::MissingElement)
    );
    for (key, value) in [
        ("email", "jan@example.org"),
        ("student_number", "r0123456"),
        ("did", "did:web:wallet.example.org:jan"),
    ] {
        assert!(
            LearnerIdentity::from_json(&with(document.clone(), key, json!(value))).is_ok(),
            "{key}"
        );
    }
}

#[test]
fn malformed_identifiers_are_named() {
    assert_eq!(
        learner_error(with(learner_json(), "email", json!("jan at example"))),
        ("learner.email".into(), ViolationCode::InvalidValue)
    );
    for did in ["did:", "did:Key:abc", "dud:key:abc", "did:key:a b"] {
        assert_eq!(
            learner_error(with(learner_json(), "did", json!(did))),
            ("learner.did".into(), ViolationCode::InvalidValue),
            "{did}"
        );
    }
}

#[test]
fn a_national_id_number_is_refused_by_name() {
    let errors = LearnerIdentity::from_json(&with(
        learner_json(),
        "national_id_number",
        json!("85.07.30-033.61"),
    ))
    .unwrap_err();
    let error = errors.for_element("learner.national_id_number").unwrap();
    assert_eq!(error.code, ViolationCode::UnknownElement);
    assert!(error.message.contains("national identification number"));
}

#[test]
fn informal_learning_is_only_valid_through_validation() {
    let informal_regular = with(outcome_json(), "prior_learning", json!("informal"));
    let errors = AssessmentOutcome::from_json(&informal_regular).unwrap_err();
    assert_eq!(errors.0[0].element, "outcome.prior_learning");
    assert!(errors.0[0].message.contains("only through validation"));
    let validation = with(informal_regular, "route", json!("validation"));
    assert_eq!(
        AssessmentOutcome::from_json(&validation).unwrap().route,
        AssessmentRoute::Validation {
            prior_learning: LearningSetting::Informal
        }
    );
    let formal = with(validation.clone(), "prior_learning", json!("formal"));
    assert_eq!(
        outcome_error(formal),
        ("outcome.prior_learning".into(), ViolationCode::InvalidValue)
    );
    let unnamed = with(validation, "prior_learning", Value::Null);
    assert_eq!(
        outcome_error(unnamed),
        (
            "outcome.prior_learning".into(),
            ViolationCode::MissingElement
        )
    );
    assert_eq!(
        outcome_error(with(outcome_json(), "route", json!("transfer"))),
        (
            "outcome.route".into(),
            ViolationCode::UnknownVocabularyValue
        )
    );
}

#[test]
fn outcome_elements_are_named_when_wrong() {
    for key in ["passed", "assessed_on", "route"] {
        assert_eq!(
            outcome_error(with(outcome_json(), key, Value::Null)),
            (format!("outcome.{key}"), ViolationCode::MissingElement),
            "{key}"
        );
    }
    assert_eq!(
        outcome_error(with(outcome_json(), "grade", json!({"value": "B"}))),
        ("outcome.grade.scheme".into(), ViolationCode::MissingElement)
    );
    assert_eq!(
        outcome_error(with(outcome_json(), "supervision", json!("webcam"))),
        (
            "outcome.supervision".into(),
            ViolationCode::UnknownVocabularyValue
        )
    );
    assert_eq!(
        outcome_error(with(outcome_json(), "assessed_on", json!("19/06/2026"))),
        ("outcome.assessed_on".into(), ViolationCode::InvalidValue)
    );
}

#[test]
fn the_sample_bundle_is_valid() {
    let bundle = issued().unwrap();
    bundle.validate().unwrap();
}

fn bundle_error(change: impl FnOnce(&mut IssuedMicroCredential)) -> String {
    let mut bundle = issued().unwrap();
    change(&mut bundle);
    bundle.validate().unwrap_err().0[0].element.clone()
}

#[test]
fn bundle_rules_name_the_element() {
    assert_eq!(bundle_error(|b| b.id = "urn:uuid:not-a-uuid".into()), "id");
    assert_eq!(
        bundle_error(|b| b.id = "2f1d3b8e-5c7a-4e0b-9d62-1a8f3e4c7b90".into()),
        "id"
    );
    assert_eq!(
        bundle_error(|b| b.register_url = "register".into()),
        "register_url"
    );
    assert_eq!(
        bundle_error(|b| b.valid_until = Some(datetime!(2026-06-01 00:00:00 UTC))),
        "valid_until"
    );
    assert_eq!(
        bundle_error(|b| b.offering.status = PublicationStatus::Draft),
        "offering.status"
    );
    assert_eq!(
        bundle_error(|b| b.awarding_bodies.clear()),
        "awarding_bodies"
    );
    assert_eq!(bundle_error(|b| b.outcome.passed = false), "outcome.passed");
    assert_eq!(
        bundle_error(|b| b.outcome.assessed_on = date!(2026 - 07 - 01)),
        "outcome.assessed_on"
    );
    assert_eq!(
        bundle_error(|b| b.learner.email = Some("nope".into())),
        "learner.email"
    );
    assert_eq!(
        bundle_error(|b| {
            let mut second = b.status[0].clone();
            second.index = 7;
            b.status.push(second);
        }),
        "status[1].purpose"
    );
    assert_eq!(
        bundle_error(|b| b.status[0].list_url = "ftp:x".into()),
        "status[0].list_url"
    );
}

#[test]
fn status_purposes_and_routes_have_stable_codes() {
    assert_eq!(StatusPurpose::Suspension.code(), "suspension");
    assert_eq!(
        AssessmentRoute::Regular.iri(),
        "https://w3id.org/microcred/vocab/assessment-route/regular"
    );
    assert!(is_urn_uuid("urn:uuid:2f1d3b8e-5c7a-4e0b-9d62-1a8f3e4c7b90"));
    assert!(!is_urn_uuid(
        "urn:uuid:2F1D3B8E-5c7a-4e0b-9d62-1a8f3e4c7b90"
    ));
}
