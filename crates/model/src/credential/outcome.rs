//! The result of the assessment a micro-credential is issued for: passed, grade, date, the
//! supervision actually used and the route (regular assessment or validation of prior learning).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;

use crate::error::{ValidationErrors, ViolationCode};
use crate::reader::{Errors, MAX_SHORT_TEXT, Object};
use crate::vocab::{LearningSetting, MICROCRED_VOCAB_BASE, Supervision};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssessmentOutcome {
    pub passed: bool,
    /// Annex I (optional): grade achieved.
    #[serde(default)]
    pub grade: Option<Grade>,
    #[schemars(with = "String")]
    pub assessed_on: Date,
    /// Annex I (optional): the supervision and identity verification actually used.
    #[serde(default)]
    pub supervision: Option<Supervision>,
    #[serde(flatten)]
    pub route: AssessmentRoute,
}

/// A grade and the scheme it is expressed in (a name, or the URL of the scheme's description).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Grade {
    pub value: String,
    pub scheme: String,
}

/// How the learning was assessed. Informal learning has no regular assessment: it leads to a
/// credential only through validation, which is why the setting lives inside `Validation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "route", rename_all = "snake_case")]
pub enum AssessmentRoute {
    /// The offering's own assessment, in the offering's learning setting.
    Regular,
    /// Validation of prior non-formal or informal learning.
    Validation { prior_learning: LearningSetting },
    /// The completion of a stacking pathway: the parts were assessed, each for its own
    /// credential, and this credential is awarded for holding them (issue 12). The register
    /// sets it when it awards; a request cannot.
    Pathway,
}

impl AssessmentRoute {
    pub fn code(self) -> &'static str {
        match self {
            AssessmentRoute::Regular => "regular",
            AssessmentRoute::Validation { .. } => "validation",
            AssessmentRoute::Pathway => "pathway",
        }
    }

    /// Our IRI for the route (EU Vocabularies has no list for it).
    pub fn iri(self) -> String {
        format!("{MICROCRED_VOCAB_BASE}assessment-route/{}", self.code())
    }
}

impl AssessmentOutcome {
    /// Reads and validates the `outcome` element of an issuance request.
    pub fn from_json(value: &Value) -> Result<AssessmentOutcome, ValidationErrors> {
        let mut errors = Errors::default();
        match read_outcome("outcome", value, &mut errors) {
            Some(outcome) => {
                outcome.check("outcome", &mut errors);
                errors.into_result(outcome)
            }
            None => Err(ValidationErrors(errors.0)),
        }
    }

    /// Checks the rules on an outcome built in code.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Errors::default();
        self.check("outcome", &mut errors);
        errors.into_result(())
    }

    pub(crate) fn check(&self, path: &str, errors: &mut Errors) {
        if let AssessmentRoute::Validation { prior_learning } = self.route
            && prior_learning == LearningSetting::Formal
        {
            errors.push(
                &format!("{path}.prior_learning"),
                ViolationCode::InvalidValue,
                "validation of prior learning covers non-formal or informal learning; formal learning is recognised by credit transfer",
            );
        }
        if let Some(grade) = &self.grade {
            for (key, text) in [("value", &grade.value), ("scheme", &grade.scheme)] {
                let element = format!("{path}.grade.{key}");
                if text.trim().is_empty() {
                    errors.missing(&element);
                } else if text.chars().count() > MAX_SHORT_TEXT
                    || text.chars().any(char::is_control)
                {
                    errors.push(
                        &element,
                        ViolationCode::InvalidValue,
                        format!("at most {MAX_SHORT_TEXT} characters, no control characters"),
                    );
                }
            }
        }
    }
}

fn read_outcome(path: &str, value: &Value, errors: &mut Errors) -> Option<AssessmentOutcome> {
    let object = Object::new(path, value, errors)?;
    object.deny_unknown(
        &[
            "passed",
            "grade",
            "assessed_on",
            "supervision",
            "route",
            "prior_learning",
        ],
        errors,
    );
    let passed = object.bool("passed", errors);
    if object.get("passed").is_none() {
        errors.missing(&object.path_of("passed"));
    }
    let grade = object.object("grade", errors).and_then(|grade| {
        grade.deny_unknown(&["value", "scheme"], errors);
        let value = grade.required_text("value", MAX_SHORT_TEXT, errors);
        let scheme = grade.required_text("scheme", MAX_SHORT_TEXT, errors);
        Some(Grade {
            value: value?,
            scheme: scheme?,
        })
    });
    let assessed_on = object.date("assessed_on", errors);
    if object.get("assessed_on").is_none() {
        errors.missing(&object.path_of("assessed_on"));
    }
    let supervision = object.vocabulary::<Supervision>("supervision", errors);
    let prior_learning = object.vocabulary::<LearningSetting>("prior_learning", errors);
    let route = match object.required_text("route", 64, errors).as_deref() {
        Some("regular") => {
            if let Some(setting) = prior_learning {
                let message = if setting == LearningSetting::Informal {
                    "informal learning leads to a credential only through validation: set `route` to \"validation\"".to_owned()
                } else {
                    format!("`prior_learning` ({setting}) belongs to route \"validation\" only")
                };
                errors.push(
                    &object.path_of("prior_learning"),
                    ViolationCode::InvalidValue,
                    message,
                );
            }
            Some(AssessmentRoute::Regular)
        }
        Some("validation") => match prior_learning {
            Some(prior_learning) => Some(AssessmentRoute::Validation { prior_learning }),
            None => {
                if object.get("prior_learning").is_none() {
                    errors.push(
                        &object.path_of("prior_learning"),
                        ViolationCode::MissingElement,
                        "validation names the setting of the prior learning: non_formal or informal",
                    );
                }
                None
            }
        },
        Some(other) => {
            errors.0.push(crate::error::ElementError {
                element: object.path_of("route"),
                code: ViolationCode::UnknownVocabularyValue,
                message: format!(
                    "`{other}` is not an assessment route; allowed: regular, validation"
                ),
                allowed: Some(vec!["regular".into(), "validation".into()]),
            });
            None
        }
        None => None,
    };
    Some(AssessmentOutcome {
        passed: passed?,
        grade,
        assessed_on: assessed_on?,
        supervision,
        route: route?,
    })
}
