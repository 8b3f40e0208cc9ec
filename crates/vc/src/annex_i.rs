//! Which mandatory Annex I elements (Council Recommendation 2022/C 243/02) a credential carries.
//! The element ↔ term mapping is documented in `docs/annex-i-mapping.md`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Result of the Annex I completeness check, reported apart from authenticity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexI {
    pub complete: bool,
    /// Stable element codes, e.g. `learning_outcomes`.
    pub missing: Vec<String>,
}

fn present(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Array(items)) => items.iter().any(|i| present(Some(i))),
        Some(Value::Object(map)) => !map.is_empty(),
        Some(_) => true,
    }
}

fn field<'a>(parent: Option<&'a Value>, name: &str) -> Option<&'a Value> {
    parent.and_then(|p| p.get(name))
}

fn first(value: Option<&Value>) -> Option<&Value> {
    match value {
        Some(Value::Array(items)) => items.first(),
        other => other,
    }
}

/// Check the compact (as-issued) JSON of an Open Badges 3.0 micro-credential.
pub fn check(credential: &Value) -> AnnexI {
    let subject = first(credential.get("credentialSubject"));
    let achievement = subject.and_then(|s| s.get("achievement"));
    let issuer = credential.get("issuer");
    let identifiers: Vec<&Value> = match field(subject, "identifier") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    let learner_named = identifiers
        .iter()
        .any(|i| i.get("identityType").and_then(Value::as_str) == Some("name"))
        || present(field(subject, "name"));
    let learner_identified = present(field(subject, "id"))
        || identifiers.iter().any(|i| {
            i.get("identityType").and_then(Value::as_str) != Some("name")
                && present(i.get("identityHash"))
        });
    let address = field(issuer, "address");
    let checks: [(&str, bool); 11] = [
        (
            "learner_identification",
            learner_named && learner_identified,
        ),
        ("title", present(field(achievement, "name"))),
        (
            "issuer_country",
            present(field(address, "addressCountryCode"))
                || present(field(address, "addressCountry")),
        ),
        (
            "awarding_body",
            present(field(issuer, "id")) && present(field(issuer, "name")),
        ),
        (
            "date_of_issuing",
            present(credential.get("validFrom")) || present(credential.get("issuanceDate")),
        ),
        (
            "learning_outcomes",
            present(field(achievement, "learningOutcome")),
        ),
        (
            "notional_workload",
            present(field(achievement, "creditsAvailable"))
                || present(field(achievement, "workloadHours")),
        ),
        (
            "level",
            present(field(achievement, "eqfLevel"))
                || present(field(achievement, "qfEheaCycle"))
                || present(field(achievement, "nqfLevel")),
        ),
        (
            "type_of_assessment",
            present(field(achievement, "assessmentType")),
        ),
        (
            "form_of_participation",
            present(field(achievement, "participationMode"))
                && present(field(achievement, "learningSetting")),
        ),
        (
            "type_of_quality_assurance",
            present(field(achievement, "qualityAssurance")),
        ),
    ];
    let missing: Vec<String> = checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(name, _)| (*name).to_owned())
        .collect();
    AnnexI {
        complete: missing.is_empty(),
        missing,
    }
}
