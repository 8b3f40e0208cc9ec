//! Recognition decisions (issue 12): what a receiving organisation decides about an offering
//! (for every credential of it) or about one learner's credential — recognised for further
//! study (an exemption, ECTS granted) or for employment (a requirement met), fully, partly or
//! not, on what legal basis, with what conditions and for how long. Pure: the rules of a
//! decision's content; who may decide lives in the application.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::vocab::{LegalBasis, RecognitionPurpose, RecognitionScope};
use crate::{ElementError, LangText, ViolationCode};

/// Longest free text of a decision, per language.
const MAX_TEXT: usize = 2000;

/// The content of a recognition decision, as an organisation submits it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecognitionTerms {
    pub purpose: RecognitionPurpose,
    pub scope: RecognitionScope,
    /// What is recognised: the exemption granted (a course, a module) or the requirement met.
    /// Required unless the decision refuses; then it is the reason.
    pub recognised_as: LangText,
    /// ECTS granted (further study).
    #[serde(default)]
    pub ects_granted: Option<f64>,
    /// Conditions attached (e.g. "with the bridging module").
    #[serde(default)]
    pub conditions: LangText,
    pub legal_basis: LegalBasis,
    /// The rule or policy itself: an article, a regulation, a link.
    #[serde(default)]
    pub policy: LangText,
    /// First day the decision applies (`YYYY-MM-DD`).
    pub valid_from: String,
    /// Last day it applies; none: until withdrawn.
    #[serde(default)]
    pub valid_until: Option<String>,
}

fn day(text: &str) -> Option<Date> {
    Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

impl RecognitionTerms {
    /// What is wrong, each naming the element at fault (empty: fine).
    pub fn errors(&self) -> Vec<ElementError> {
        let mut errors = Vec::new();
        let mut push = |element: &str, message: String| {
            errors.push(ElementError {
                element: element.to_owned(),
                code: ViolationCode::InvalidValue,
                message,
                allowed: None,
            });
        };
        let blank = |text: &LangText| text.0.values().all(|text| text.trim().is_empty());
        if blank(&self.recognised_as) {
            push(
                "recognised_as",
                if self.scope == RecognitionScope::Refused {
                    "say why the recognition is refused".to_owned()
                } else {
                    "say what is recognised: the exemption granted or the requirement met"
                        .to_owned()
                },
            );
        }
        for (element, text) in [
            ("recognised_as", &self.recognised_as),
            ("conditions", &self.conditions),
            ("policy", &self.policy),
        ] {
            for (language, value) in &text.0 {
                if value.chars().count() > MAX_TEXT {
                    push(
                        element,
                        format!("the `{language}` text is longer than {MAX_TEXT} characters"),
                    );
                }
                if language.len() != 2 || !language.bytes().all(|b| b.is_ascii_lowercase()) {
                    push(
                        element,
                        format!("`{language}` is not an ISO 639-1 language code"),
                    );
                }
            }
        }
        if let Some(ects) = self.ects_granted {
            if !ects.is_finite() || !(0.0..=600.0).contains(&ects) {
                push(
                    "ects_granted",
                    "ECTS granted must be from 0 to 600".to_owned(),
                );
            } else if ects > 0.0 && self.scope == RecognitionScope::Refused {
                push("ects_granted", "a refusal grants no ECTS".to_owned());
            }
        }
        let from = day(&self.valid_from);
        if from.is_none() {
            push(
                "valid_from",
                format!("`{}` is not a date (YYYY-MM-DD)", self.valid_from),
            );
        }
        if let Some(until) = &self.valid_until {
            match (day(until), from) {
                (None, _) => push(
                    "valid_until",
                    format!("`{until}` is not a date (YYYY-MM-DD)"),
                ),
                (Some(until), Some(from)) if until < from => push(
                    "valid_until",
                    format!("the last day ({until}) comes before the first ({from})"),
                ),
                _ => {}
            }
        }
        errors
    }

    /// Whether the decision applies on `today` (from its first to its last day).
    pub fn applies_on(&self, today: Date) -> bool {
        day(&self.valid_from).is_some_and(|from| from <= today)
            && self
                .valid_until
                .as_deref()
                .is_none_or(|until| day(until).is_some_and(|until| today <= until))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> RecognitionTerms {
        RecognitionTerms {
            purpose: RecognitionPurpose::FurtherStudy,
            scope: RecognitionScope::Partial,
            recognised_as: LangText::one("en", "Exemption from Data Literacy I"),
            ects_granted: Some(3.0),
            conditions: LangText::default(),
            legal_basis: LegalBasis::InstitutionalPolicy,
            policy: LangText::one("en", "Education and examination regulations, art. 12"),
            valid_from: "2026-09-01".to_owned(),
            valid_until: Some("2027-08-31".to_owned()),
        }
    }

    #[test]
    fn a_complete_decision_has_no_errors_and_applies_within_its_dates() {
        let terms = terms();
        assert!(terms.errors().is_empty(), "{:?}", terms.errors());
        let on = |text: &str| terms.applies_on(day(text).unwrap());
        assert!(!on("2026-08-31"));
        assert!(on("2026-09-01"));
        assert!(on("2027-08-31"));
        assert!(!on("2027-09-01"));
    }

    #[test]
    fn every_wrong_element_is_named() {
        let wrong = RecognitionTerms {
            recognised_as: LangText::one("en", "  "),
            ects_granted: Some(f64::NAN),
            valid_from: "1 September".to_owned(),
            valid_until: Some("2026-13-01".to_owned()),
            conditions: LangText::one("english", "x".repeat(MAX_TEXT + 1)),
            ..terms()
        };
        let elements: Vec<String> = wrong.errors().into_iter().map(|e| e.element).collect();
        for element in [
            "recognised_as",
            "ects_granted",
            "valid_from",
            "valid_until",
            "conditions",
        ] {
            assert!(
                elements.iter().any(|e| e == element),
                "{element} in {elements:?}"
            );
        }
        let backwards = RecognitionTerms {
            valid_until: Some("2026-01-01".to_owned()),
            ..terms()
        };
        assert_eq!(backwards.errors()[0].element, "valid_until");
        let refused_with_ects = RecognitionTerms {
            scope: RecognitionScope::Refused,
            ..terms()
        };
        assert_eq!(refused_with_ects.errors()[0].element, "ects_granted");
    }
}
