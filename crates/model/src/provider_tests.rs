//! Tests of the provider rules.

use serde_json::{Value, json};

use crate::error::ViolationCode;
use crate::provider::{
    ProviderContent, belgian_enterprise_number, check_belgian_enterprise_number,
};
use crate::sample::provider_json;

fn first_error(document: &Value) -> (String, ViolationCode) {
    let schemes: Vec<String> = crate::default_funding_schemes()
        .into_iter()
        .map(|scheme| scheme.code)
        .collect();
    match ProviderContent::from_json(document, &schemes) {
        Ok(_) => panic!("expected a validation error"),
        Err(errors) => (errors.0[0].element.clone(), errors.0[0].code),
    }
}

fn with(key: &str, value: Value) -> Value {
    let mut document = provider_json();
    if value.is_null() {
        document.as_object_mut().unwrap().remove(key);
    } else {
        document[key] = value;
    }
    document
}

#[test]
fn the_sample_is_valid() {
    let schemes: Vec<String> = crate::default_funding_schemes()
        .into_iter()
        .map(|scheme| scheme.code)
        .collect();
    let provider = ProviderContent::from_json(&provider_json(), &schemes).unwrap();
    assert_eq!(provider.country, "BE");
}

#[test]
fn mandatory_elements_are_named() {
    for element in [
        "legal_name",
        "country",
        "legal_identifiers",
        "provider_type",
        "quality_assurance",
    ] {
        let (path, code) = first_error(&with(element, Value::Null));
        assert!(path.starts_with(element), "{element}: {path}");
        assert_eq!(code, ViolationCode::MissingElement, "{element}");
    }
}

#[test]
fn country_region_type_and_identifiers_are_checked() {
    assert_eq!(
        first_error(&with("country", json!("XX"))),
        ("country".into(), ViolationCode::UnknownVocabularyValue)
    );
    assert_eq!(
        first_error(&with("region", json!("NL33"))),
        ("region".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with("provider_type", json!("church"))),
        (
            "provider_type".into(),
            ViolationCode::UnknownVocabularyValue
        )
    );
    assert_eq!(
        first_error(&with(
            "legal_identifiers",
            json!([{"scheme": "enterprise_number", "value": "0123.456.789"}])
        )),
        (
            "legal_identifiers[0].value".into(),
            ViolationCode::InvalidValue
        )
    );
    assert_eq!(
        first_error(&with(
            "legal_identifiers",
            json!([{"scheme": "passport", "value": "1"}])
        )),
        (
            "legal_identifiers[0].scheme".into(),
            ViolationCode::UnknownVocabularyValue
        )
    );
    assert_eq!(
        first_error(&with("contact_email", json!("not-an-address"))),
        ("contact_email".into(), ViolationCode::InvalidValue)
    );
    assert_eq!(
        first_error(&with("website", json!("ftp://example.org"))),
        ("website".into(), ViolationCode::InvalidValue)
    );
}

#[test]
fn belgian_enterprise_numbers_carry_a_modulo_97_check() {
    for base in [0, 1, 123_456, 4_123_456, 19_999_999, 97] {
        let number = belgian_enterprise_number(base);
        assert!(check_belgian_enterprise_number(&number).is_ok(), "{number}");
    }
    assert!(check_belgian_enterprise_number("0202.239.951").is_ok());
    assert!(check_belgian_enterprise_number("BE0202239951").is_ok());
    assert!(check_belgian_enterprise_number("0202.239.952").is_err());
    assert!(check_belgian_enterprise_number("2202.239.951").is_err());
    assert!(check_belgian_enterprise_number("abc").is_err());
}
