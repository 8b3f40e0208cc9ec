//! Validation errors that name the element at fault, with stable codes.

use serde::Serialize;

/// What is wrong with an element. The snake_case name is a stable code API clients rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ViolationCode {
    /// A mandatory element is absent or empty.
    MissingElement,
    /// A value is not in the element's controlled vocabulary.
    UnknownVocabularyValue,
    /// A value has the wrong JSON type (text where a number belongs, …).
    InvalidType,
    /// A value has the right type but breaks a rule (range, format, check digit, …).
    InvalidValue,
    /// A text or list is longer than allowed.
    TooLong,
    /// A key the element does not define (often a typo).
    UnknownElement,
    /// The same value is listed twice where values must be distinct.
    DuplicateValue,
    /// A referenced provider does not exist in the register.
    UnknownProvider,
}

impl ViolationCode {
    pub const ALL: &'static [ViolationCode] = &[
        ViolationCode::MissingElement,
        ViolationCode::UnknownVocabularyValue,
        ViolationCode::InvalidType,
        ViolationCode::InvalidValue,
        ViolationCode::TooLong,
        ViolationCode::UnknownElement,
        ViolationCode::DuplicateValue,
        ViolationCode::UnknownProvider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ViolationCode::MissingElement => "missing_element",
            ViolationCode::UnknownVocabularyValue => "unknown_vocabulary_value",
            ViolationCode::InvalidType => "invalid_type",
            ViolationCode::InvalidValue => "invalid_value",
            ViolationCode::TooLong => "too_long",
            ViolationCode::UnknownElement => "unknown_element",
            ViolationCode::DuplicateValue => "duplicate_value",
            ViolationCode::UnknownProvider => "unknown_provider",
        }
    }
}

/// One problem with one element, e.g. `learning_outcomes[2].esco_skills[0]`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ElementError {
    /// Path of the element in the submitted document.
    pub element: String,
    pub code: ViolationCode,
    /// English explanation of what is wrong and what would be right.
    pub message: String,
    /// For vocabulary errors: every allowed code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

/// Every problem found in a submitted document (never empty).
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("{} invalid element(s), first: {}: {}", .0.len(), .0.first().map_or("", |e| e.element.as_str()), .0.first().map_or("", |e| e.message.as_str()))]
pub struct ValidationErrors(pub Vec<ElementError>);

impl ValidationErrors {
    pub fn single(
        element: impl Into<String>,
        code: ViolationCode,
        message: impl Into<String>,
    ) -> Self {
        ValidationErrors(vec![ElementError {
            element: element.into(),
            code,
            message: message.into(),
            allowed: None,
        }])
    }

    /// The first problem reported for an element or any element under it.
    pub fn for_element(&self, element: &str) -> Option<&ElementError> {
        self.0.iter().find(|error| {
            error.element == element
                || error.element.starts_with(&format!("{element}."))
                || error.element.starts_with(&format!("{element}["))
        })
    }
}
