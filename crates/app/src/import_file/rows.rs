//! The rules of one enrolment row and one result row: the learner, the employment status, the
//! outcome and whether to issue, with the domain's own validation on top.

use std::borrow::Cow;

use model::learning::learner_key;
use model::vocab::{EmploymentStatus, LearningSetting, Supervision, Vocabulary};
use model::{
    AssessmentOutcome, AssessmentRoute, ElementError, Grade, LearnerIdentity, LearnerName,
    ViolationCode,
};

use super::columns::Column;
use super::fields::normalise_code;
use super::source::{Field, RowReader, preview};
use super::{EnrolmentRow, ResultRow};

/// Character limits of the identifiers (as for an issuance request).
const MAX_EMAIL: usize = 254;
const MAX_STUDENT_NUMBER: usize = 64;
const MAX_NAME: usize = model::reader::MAX_SHORT_TEXT;

pub(super) fn enrolment_row(reader: &mut RowReader<'_>) -> Option<(String, EnrolmentRow)> {
    let learner = read_learner(reader, true);
    let employment_status = reader
        .vocabulary(
            Column::EmploymentStatus,
            "an employment status",
            EmploymentStatus::ALL,
        )
        .value_or_absent(EmploymentStatus::Unknown);
    let enrolled_on = reader.date(Column::EnrolledOn);
    let enrolled_on = reader.required(Column::EnrolledOn, enrolled_on);
    let funding = read_funding(reader);
    let (learner, _) = learner?;
    let row = EnrolmentRow {
        employment_status: employment_status?,
        enrolled_on: enrolled_on?,
        learner,
        funding: funding?,
    };
    Some((learner_key(&row.learner), row))
}

pub(super) fn result_row(reader: &mut RowReader<'_>) -> Option<(String, ResultRow)> {
    let learner = read_learner(reader, false);
    let employment_status = reader
        .vocabulary(
            Column::EmploymentStatus,
            "an employment status",
            EmploymentStatus::ALL,
        )
        .value_or_absent_none();
    let passed = reader.yes_no(Column::Passed);
    let passed = reader.required(Column::Passed, passed);
    let grade = read_grade(reader);
    let assessed_on = reader.date(Column::AssessedOn);
    let assessed_on = reader.required(Column::AssessedOn, assessed_on);
    let supervision = reader
        .vocabulary(Column::Supervision, "a supervision code", Supervision::ALL)
        .value_or_absent_none();
    let route = read_route(reader);
    let funding = read_funding(reader);
    let issue = match (reader.yes_no(Column::Issue), passed) {
        (Field::Value(true), Some(false)) => {
            reader.error(
                Some(Column::Issue),
                "issue_without_pass",
                "a credential is issued only for a passed assessment: set issue to no or passed to yes",
            );
            None
        }
        (Field::Value(issue), _) => Some(issue),
        (Field::Absent, passed) => passed,
        (Field::Invalid, _) => None,
    };
    let outcome = AssessmentOutcome {
        passed: passed?,
        grade: grade?,
        assessed_on: assessed_on?,
        supervision: supervision?,
        route: route?,
    };
    if let Err(errors) = outcome.validate() {
        for error in errors.0 {
            report(reader, &error, "outcome.");
        }
        return None;
    }
    let (learner, has_name) = learner?;
    let identity = format!("{}\n{}", learner_key(&learner), outcome.assessed_on);
    let row = ResultRow {
        learner,
        has_name,
        employment_status: employment_status?,
        outcome,
        issue: issue?,
        funding: funding?,
    };
    Some((identity, row))
}

/// `funding_scheme` and `funding_amount`: both empty is none; an amount needs a scheme. The
/// scheme's code is checked against the register's schemes when the row is applied.
fn read_funding(reader: &mut RowReader<'_>) -> Option<Option<model::EnrolmentFunding>> {
    let scheme = match reader.text(Column::FundingScheme) {
        Field::Value(text) if !text.is_empty() => Some(text.into_owned()),
        Field::Invalid => return None,
        _ => None,
    };
    let amount = match reader.text(Column::FundingAmount) {
        Field::Value(text) if !text.is_empty() => {
            let parsed = text
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| format!("\"{}\" is not an amount in euro", preview(&text)))
                .and_then(model::learning::euro_cents);
            match parsed {
                Ok(cents) => Some(cents),
                Err(message) => {
                    reader.error(Some(Column::FundingAmount), "invalid_value", message);
                    return None;
                }
            }
        }
        Field::Invalid => return None,
        _ => None,
    };
    match (scheme, amount) {
        (Some(scheme), amount) if scheme.chars().count() <= 64 => {
            Some(Some(model::EnrolmentFunding {
                scheme,
                amount_cents: amount,
            }))
        }
        (Some(_), _) => {
            reader.error(
                Some(Column::FundingScheme),
                "invalid_value",
                "a funding scheme code has at most 64 characters",
            );
            None
        }
        (None, Some(_)) => {
            reader.error(
                Some(Column::FundingScheme),
                "missing_value",
                "an amount needs the funding scheme that paid it",
            );
            None
        }
        (None, None) => Some(None),
    }
}

impl<T> Field<T> {
    /// Absent becomes `default`; invalid becomes `None` (the error is recorded).
    fn value_or_absent(self, default: T) -> Option<T> {
        match self {
            Field::Value(value) => Some(value),
            Field::Absent => Some(default),
            Field::Invalid => None,
        }
    }

    /// Absent becomes `Some(None)`; invalid becomes `None`.
    fn value_or_absent_none(self) -> Option<Option<T>> {
        match self {
            Field::Value(value) => Some(Some(value)),
            Field::Absent => Some(None),
            Field::Invalid => None,
        }
    }
}

/// The learner of a row, and whether the row names them. A name is required when
/// `name_required`; otherwise a row without one gets an empty `full_name`.
fn read_learner(
    reader: &mut RowReader<'_>,
    name_required: bool,
) -> Option<(LearnerIdentity, bool)> {
    let given = reader.text(Column::GivenNames);
    let family = reader.text(Column::FamilyNames);
    let full = reader.text(Column::FullName);
    let email = reader.text(Column::Email);
    let student_number = reader.text(Column::StudentNumber);
    let did = reader.text(Column::Did);
    let mut valid = true;
    for (column, field, limit) in [
        (Column::GivenNames, &given, MAX_NAME),
        (Column::FamilyNames, &family, MAX_NAME),
        (Column::FullName, &full, MAX_NAME),
        (Column::Email, &email, MAX_EMAIL),
        (Column::StudentNumber, &student_number, MAX_STUDENT_NUMBER),
    ] {
        match field {
            Field::Value(text) if text.chars().count() > limit => {
                let message = format!("at most {limit} characters");
                reader.error(Some(column), "field_too_long", message);
                valid = false;
            }
            Field::Invalid => valid = false,
            _ => {}
        }
    }
    if !valid || matches!(did, Field::Invalid) {
        return None;
    }
    if email.is_absent() && student_number.is_absent() && did.is_absent() {
        reader.error(
            None,
            "missing_identifier",
            "the learner needs at least one identifier: email, student_number or did",
        );
    }
    let name = read_name(reader, given, family, full, name_required);
    let owned = |field: Field<Cow<'_, str>>| field.value().map(Cow::into_owned);
    let (name, has_name) = name?;
    let learner = LearnerIdentity {
        name,
        email: owned(email),
        student_number: owned(student_number),
        did: owned(did),
    };
    if let Err(errors) = learner.validate() {
        for error in &errors.0 {
            // A row without a name carries an empty one; a missing identifier is reported above.
            let placeholder = !has_name && error.element.starts_with("learner.full_name");
            if !placeholder && error.element != "learner" {
                report(reader, error, "learner.");
            }
        }
    }
    reader.errors.is_empty().then_some((learner, has_name))
}

fn read_name(
    reader: &mut RowReader<'_>,
    given: Field<Cow<'_, str>>,
    family: Field<Cow<'_, str>>,
    full: Field<Cow<'_, str>>,
    name_required: bool,
) -> Option<(LearnerName, bool)> {
    match (given, family, full) {
        (Field::Absent, Field::Absent, Field::Value(full_name)) => Some((
            LearnerName::Full {
                full_name: full_name.into_owned(),
            },
            true,
        )),
        (Field::Value(given_names), Field::Value(family_names), Field::Absent) => Some((
            LearnerName::Parts {
                given_names: given_names.into_owned(),
                family_names: family_names.into_owned(),
            },
            true,
        )),
        (Field::Absent, Field::Absent, Field::Absent) if !name_required => Some((
            LearnerName::Full {
                full_name: String::new(),
            },
            false,
        )),
        (Field::Absent, Field::Absent, Field::Absent) => {
            let column =
                if reader.has_column(Column::FullName) && !reader.has_column(Column::GivenNames) {
                    Column::FullName
                } else {
                    Column::GivenNames
                };
            reader.error(
                Some(column),
                "missing_value",
                "the learner's name is mandatory: given_names and family_names, or full_name",
            );
            None
        }
        (_, _, Field::Value(_)) => {
            reader.error(
                Some(Column::FullName),
                "invalid_value",
                "give either full_name or given_names + family_names, not both",
            );
            None
        }
        (Field::Value(_), Field::Absent, _) => {
            reader.error(
                Some(Column::FamilyNames),
                "missing_value",
                "family_names is mandatory with given_names (or use full_name)",
            );
            None
        }
        (Field::Absent, Field::Value(_), _) => {
            reader.error(
                Some(Column::GivenNames),
                "missing_value",
                "given_names is mandatory with family_names (or use full_name)",
            );
            None
        }
        _ => None,
    }
}

fn read_grade(reader: &mut RowReader<'_>) -> Option<Option<Grade>> {
    let value = reader.text(Column::Grade);
    let scheme = reader.text(Column::GradingScheme);
    match (value, scheme) {
        (Field::Value(value), Field::Value(scheme)) => Some(Some(Grade {
            value: value.into_owned(),
            scheme: scheme.into_owned(),
        })),
        (Field::Absent, Field::Absent) => Some(None),
        (Field::Value(_), Field::Absent) => {
            reader.error(
                Some(Column::GradingScheme),
                "grade_without_scheme",
                "a grade needs its grading scheme (e.g. 0-20, A-F, or the URL of the scheme)",
            );
            None
        }
        (Field::Absent, Field::Value(_)) => {
            reader.error(
                Some(Column::Grade),
                "scheme_without_grade",
                "a grading scheme is given without a grade: give both or neither",
            );
            None
        }
        _ => None,
    }
}

fn read_route(reader: &mut RowReader<'_>) -> Option<AssessmentRoute> {
    let prior_learning = match reader.text(Column::PriorLearning) {
        Field::Value(text) if normalise_code(&text) == "formal" => {
            reader.error(
                Some(Column::PriorLearning),
                "invalid_value",
                "validation of prior learning covers non-formal or informal learning; formal learning is recognised by credit transfer",
            );
            Field::Invalid
        }
        _ => reader.vocabulary(
            Column::PriorLearning,
            "a setting of prior learning",
            &[LearningSetting::NonFormal, LearningSetting::Informal],
        ),
    };
    let route = match reader.text(Column::Route) {
        Field::Absent => Some("regular"),
        Field::Value(text) => match normalise_code(&text).as_str() {
            "regular" => Some("regular"),
            "validation" => Some("validation"),
            _ => {
                let message = format!(
                    "\"{}\" is not an assessment route; allowed: regular, validation",
                    preview(&text)
                );
                reader.error(Some(Column::Route), "unknown_code", message);
                None
            }
        },
        Field::Invalid => None,
    };
    match (route?, prior_learning) {
        ("validation", Field::Value(prior_learning)) => {
            Some(AssessmentRoute::Validation { prior_learning })
        }
        ("validation", Field::Absent) => {
            reader.error(
                Some(Column::PriorLearning),
                "prior_learning_required",
                "validation of prior learning names the setting of the learning validated: non_formal or informal",
            );
            None
        }
        (_, Field::Value(LearningSetting::Informal)) => {
            reader.error(
                Some(Column::PriorLearning),
                "informal_needs_validation",
                "informal learning leads to a credential only through validation: set route to validation",
            );
            None
        }
        (_, Field::Value(setting)) => {
            let message = format!("prior_learning ({setting}) belongs to route validation only");
            reader.error(
                Some(Column::PriorLearning),
                "prior_learning_without_validation",
                message,
            );
            None
        }
        (_, Field::Absent) => Some(AssessmentRoute::Regular),
        (_, Field::Invalid) => None,
    }
}

/// Reports a domain validation error on the column its element names.
fn report(reader: &mut RowReader<'_>, error: &ElementError, prefix: &str) {
    let element = error.element.strip_prefix(prefix).unwrap_or(&error.element);
    let column = match element {
        "given_names" => Some(Column::GivenNames),
        "family_names" => Some(Column::FamilyNames),
        "full_name" => Some(Column::FullName),
        "email" => Some(Column::Email),
        "student_number" => Some(Column::StudentNumber),
        "did" => Some(Column::Did),
        "grade.value" => Some(Column::Grade),
        "grade.scheme" => Some(Column::GradingScheme),
        "prior_learning" => Some(Column::PriorLearning),
        "supervision" => Some(Column::Supervision),
        "assessed_on" => Some(Column::AssessedOn),
        _ => None,
    };
    let code = match error.code {
        ViolationCode::MissingElement => "missing_value",
        other => other.as_str(),
    };
    reader.error(column, code, error.message.clone());
}
