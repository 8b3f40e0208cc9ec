//! Tests of the offering rules: every Annex I element is validated and named when wrong.

use serde_json::{Value, json};

use crate::error::ViolationCode;
use crate::offering::{EqfLevel, OfferingContent, OfferingRules};
use crate::sample::offering_json;

fn schemes() -> Vec<String> {
    crate::default_funding_schemes()
        .into_iter()
        .map(|scheme| scheme.code)
        .collect()
}

fn validate(document: &Value) -> Result<OfferingContent, crate::ValidationErrors> {
    let schemes = schemes();
    OfferingContent::from_json(
        document,
        &OfferingRules {
            funding_schemes: &schemes,
        },
    )
}

fn with(path: &[&str], value: Value) -> Value {
    let mut document = offering_json("hogeschool-scheldeland");
    let mut target = &mut document;
    for key in &path[..path.len() - 1] {
        target = &mut target[*key];
    }
    if let Some(object) = target.as_object_mut() {
        if value.is_null() {
            object.remove(path[path.len() - 1]);
        } else {
            object.insert(path[path.len() - 1].to_owned(), value);
        }
    }
    document
}

fn first_error(document: &Value) -> (String, ViolationCode) {
    match validate(document) {
        Ok(_) => panic!("expected a validation error"),
        Err(errors) => (errors.0[0].element.clone(), errors.0[0].code),
    }
}

#[test]
fn the_sample_is_valid_and_round_trips() {
    let content = validate(&offering_json("hogeschool-scheldeland")).unwrap();
    assert_eq!(content.level.eqf, EqfLevel::Level(5));
    assert_eq!(validate(&content.to_json()).unwrap(), content);
}

#[test]
fn each_mandatory_element_is_named_when_missing() {
    for element in [
        "title",
        "awarding_bodies",
        "learning_outcomes",
        "workload",
        "level",
        "assessment",
        "participation",
        "quality_assurance",
        "isced_field",
        "languages",
    ] {
        let (path, code) = first_error(&with(&[element], Value::Null));
        assert!(path.starts_with(element), "{element}: {path}");
        assert_eq!(code, ViolationCode::MissingElement, "{element}");
    }
    assert_eq!(
        first_error(&with(&["participation", "mode"], Value::Null)),
        ("participation.mode".into(), ViolationCode::MissingElement)
    );
    assert_eq!(
        first_error(&with(&["level", "eqf"], Value::Null)),
        ("level.eqf".into(), ViolationCode::MissingElement)
    );
    assert_eq!(
        first_error(&with(&["assessment", "types"], json!([]))),
        ("assessment.types".into(), ViolationCode::MissingElement)
    );
    assert_eq!(
        first_error(&with(&["quality_assurance", "body"], json!("  "))),
        (
            "quality_assurance.body".into(),
            ViolationCode::MissingElement
        )
    );
}

#[test]
fn empty_text_in_every_language_counts_as_missing() {
    assert_eq!(
        first_error(&with(&["title"], json!({"nl": "   "}))),
        ("title".into(), ViolationCode::MissingElement)
    );
    assert_eq!(
        first_error(&with(&["title"], json!({}))),
        ("title".into(), ViolationCode::MissingElement)
    );
}

#[test]
fn unknown_vocabulary_values_list_what_is_allowed() {
    let errors = validate(&with(&["participation", "mode"], json!("telepathy"))).unwrap_err();
    let error = &errors.0[0];
    assert_eq!(error.element, "participation.mode");
    assert_eq!(error.code, ViolationCode::UnknownVocabularyValue);
    assert!(
        error
            .allowed
            .as_ref()
            .unwrap()
            .contains(&"on_site".to_owned())
    );
    assert!(error.message.contains("telepathy"));
    assert_eq!(
        first_error(&with(&["assessment", "types"], json!(["project", "dance"]))),
        (
            "assessment.types[1]".into(),
            ViolationCode::UnknownVocabularyValue
        )
    );
    assert_eq!(
        first_error(&with(&["supervision"], json!("maybe"))),
        ("supervision".into(), ViolationCode::UnknownVocabularyValue)
    );
    assert_eq!(
        first_error(&with(
            &["quality_assurance", "type"],
            json!("self_declared")
        )),
        (
            "quality_assurance.type".into(),
            ViolationCode::UnknownVocabularyValue
        )
    );
    assert_eq!(
        first_error(&with(&["level", "qf_ehea_cycle"], json!("fourth"))),
        (
            "level.qf_ehea_cycle".into(),
            ViolationCode::UnknownVocabularyValue
        )
    );
    assert_eq!(
        first_error(&with(&["funding_schemes"], json!(["free_money"]))),
        (
            "funding_schemes[0]".into(),
            ViolationCode::UnknownVocabularyValue
        )
    );
    assert_eq!(
        first_error(&with(&["isced_field"], json!("06"))),
        ("isced_field".into(), ViolationCode::UnknownVocabularyValue)
    );
    assert_eq!(
        first_error(&with(&["isced_field"], json!("999"))),
        ("isced_field".into(), ViolationCode::UnknownVocabularyValue)
    );
    assert_eq!(
        first_error(&with(&["languages"], json!(["nl", "klingon"]))),
        ("languages[1]".into(), ViolationCode::UnknownVocabularyValue)
    );
}

#[test]
fn eqf_is_one_to_eight_or_not_applicable() {
    for bad in [
        json!(0),
        json!(9),
        json!(-1),
        json!(5.5),
        json!("5"),
        json!(true),
    ] {
        assert_eq!(
            first_error(&with(&["level", "eqf"], bad.clone())),
            ("level.eqf".into(), ViolationCode::UnknownVocabularyValue),
            "{bad}"
        );
    }
    let content = validate(&with(&["level", "eqf"], json!("not_applicable"))).unwrap();
    assert_eq!(content.level.eqf, EqfLevel::NotApplicable);
    assert_eq!(content.to_json()["level"]["eqf"], json!("not_applicable"));
}

#[test]
fn workload_needs_positive_ects_or_whole_hours() {
    assert_eq!(
        first_error(&with(&["workload"], json!({}))),
        ("workload".into(), ViolationCode::MissingElement)
    );
    for bad in [
        json!({"ects": 0}),
        json!({"ects": -1}),
        json!({"ects": 61}),
        json!({"ects": 1.234}),
    ] {
        assert_eq!(
            first_error(&with(&["workload"], bad.clone())),
            ("workload.ects".into(), ViolationCode::InvalidValue),
            "{bad}"
        );
    }
    assert_eq!(
        first_error(&with(&["workload"], json!({"hours": 2.5}))),
        ("workload.hours".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with(&["workload"], json!({"ects": "three"}))),
        ("workload.ects".into(), ViolationCode::InvalidType)
    );
    assert!(validate(&with(&["workload"], json!({"ects": 2.5}))).is_ok());
    assert!(validate(&with(&["workload"], json!({"hours": 12}))).is_ok());
}

#[test]
fn informal_learning_is_not_an_offering() {
    assert_eq!(
        first_error(&with(&["participation", "setting"], json!("informal"))),
        ("participation.setting".into(), ViolationCode::InvalidValue)
    );
}

#[test]
fn stackable_offerings_say_towards_what() {
    assert_eq!(
        first_error(&with(&["stackability"], json!({"kind": "stackable"}))),
        ("stackability.towards".into(), ViolationCode::MissingElement)
    );
    let content = validate(&with(&["stackability"], Value::Null)).unwrap();
    assert_eq!(
        content.stackability.kind,
        crate::vocab::Stackability::StandAlone
    );
}

#[test]
fn formats_are_checked() {
    assert_eq!(
        first_error(&with(&["start_date"], json!("2026-13-01"))),
        ("start_date".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with(&["end_date"], json!("2025-01-01"))),
        ("end_date".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with(
            &["further_information", "links"],
            json!(["javascript:alert(1)"])
        )),
        (
            "further_information.links[0]".into(),
            ViolationCode::InvalidValue
        )
    );
    assert_eq!(
        first_error(&with(
            &["learning_outcomes"],
            json!([{"text": {"en": "x"}, "esco_skills": ["https://evil.example/skill"]}])
        )),
        (
            "learning_outcomes[0].esco_skills[0]".into(),
            ViolationCode::InvalidValue
        )
    );
    assert_eq!(
        first_error(&with(&["price"], json!({"amount": 10, "currency": "euro"}))),
        ("price.currency".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with(&["price"], json!({"amount": -10, "currency": "EUR"}))),
        ("price.amount".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with(&["title"], json!({"xx": "Title"}))),
        ("title.xx".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with(&["awarding_bodies"], json!(["Not A Slug"]))),
        ("awarding_bodies[0]".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with(&["pilot_project"], json!("yes"))),
        ("pilot_project".into(), ViolationCode::InvalidType)
    );
}

#[test]
fn duplicates_unknown_keys_oversize_and_wrong_types_are_refused() {
    assert_eq!(
        first_error(&with(&["languages"], json!(["nl", "nl"]))),
        ("languages[1]".into(), ViolationCode::DuplicateValue)
    );
    assert_eq!(
        first_error(&with(&["titel"], json!({"nl": "x"}))),
        ("titel".into(), ViolationCode::UnknownElement)
    );
    assert_eq!(
        first_error(&with(&["title"], json!({"nl": "x".repeat(301)}))),
        ("title.nl".into(), ViolationCode::TooLong)
    );
    assert_eq!(
        first_error(&with(&["languages"], json!(vec!["nl"; 51]))),
        ("languages".into(), ViolationCode::TooLong)
    );
    assert_eq!(
        first_error(&with(&["title"], json!("just text"))),
        ("title".into(), ViolationCode::InvalidType)
    );
    assert_eq!(
        first_error(&json!([1, 2])),
        ("(document)".into(), ViolationCode::InvalidType)
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut document = with(&["title"], Value::Null);
    document["workload"] = json!({"ects": -2});
    document["participation"]["mode"] = json!("x");
    let errors = validate(&document).unwrap_err();
    let elements: Vec<&str> = errors
        .0
        .iter()
        .map(|error| error.element.as_str())
        .collect();
    assert!(elements.contains(&"title"));
    assert!(elements.contains(&"workload.ects"));
    assert!(elements.contains(&"participation.mode"));
}

#[test]
fn read_only_keys_from_a_get_are_ignored() {
    let mut document = offering_json("hogeschool-scheldeland");
    document["id"] = json!("o-123");
    document["version"] = json!(3);
    document["status"] = json!("published");
    assert!(validate(&document).is_ok());
}
