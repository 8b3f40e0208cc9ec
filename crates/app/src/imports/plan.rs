//! Planning an import row: what an enrolment or result row will store against the offering's
//! current enrolments, or the problems that keep it from being applied.

use std::collections::HashMap;

use model::learning::learner_key;
use model::{Assessment, EmploymentStatus, Enrolment, ImportProblem};
use store::Store;

use super::Planned;
use super::file::row_problem;
use crate::App;
use crate::error::{AppError, AppResult};
use crate::import_file::{EnrolmentRow, ResultRow};

/// A row kind that can be planned: what it will store against the offering's enrolments.
pub(super) trait ImportRow {
    fn learner(&self) -> &model::LearnerIdentity;
    /// `Ok(None)`: nothing to do (already so). `Err`: the row's problems.
    fn plan<S: Store>(
        &self,
        app: &App<S>,
        offering: &model::Offering,
        enrolled: &HashMap<String, Enrolment>,
        schemes: &[String],
        row_number: usize,
    ) -> Result<Option<Planned>, Vec<ImportProblem>>;
}

fn planned(row_number: usize) -> Planned {
    Planned {
        row_number,
        row_key: String::new(),
        enrolment: None,
        assessment: None,
        issue_for: None,
    }
}

/// A learner's enrolment in `offering`, made by an import row.
fn new_enrolment<S: Store>(
    app: &App<S>,
    offering: &model::Offering,
    learner: &model::LearnerIdentity,
    employment_status: EmploymentStatus,
    enrolled_on: time::Date,
    funding: Option<model::EnrolmentFunding>,
) -> AppResult<Enrolment> {
    Ok(Enrolment {
        id: app.new_enrolment_id()?,
        provider_id: offering.provider_id.clone(),
        offering_id: offering.id.clone(),
        learner: learner.clone(),
        employment_status,
        enrolled_on,
        recorded_at: app.now(),
        funding,
    })
}

/// A row's funding, if its scheme is one of the register's.
fn checked_funding(
    funding: Option<&model::EnrolmentFunding>,
    schemes: &[String],
    row_number: usize,
) -> Result<Option<model::EnrolmentFunding>, Vec<ImportProblem>> {
    match funding {
        Some(funding) if !schemes.contains(&funding.scheme) => Err(vec![row_problem(
            row_number,
            Some("funding_scheme"),
            "unknown_code",
            format!(
                "\"{}\" is not a funding scheme of this register; allowed: {}",
                funding.scheme,
                schemes.join(", ")
            ),
        )]),
        other => Ok(other.cloned()),
    }
}

fn internal(row_number: usize, error: &AppError) -> Vec<ImportProblem> {
    vec![row_problem(
        row_number,
        None,
        "row_refused",
        error.to_string(),
    )]
}

impl ImportRow for EnrolmentRow {
    fn learner(&self) -> &model::LearnerIdentity {
        &self.learner
    }

    fn plan<S: Store>(
        &self,
        app: &App<S>,
        offering: &model::Offering,
        enrolled: &HashMap<String, Enrolment>,
        schemes: &[String],
        row_number: usize,
    ) -> Result<Option<Planned>, Vec<ImportProblem>> {
        if enrolled.contains_key(&learner_key(&self.learner)) {
            return Ok(None);
        }
        if self.enrolled_on > app.now().date() {
            return Err(vec![row_problem(
                row_number,
                Some("enrolled_on"),
                "date_in_future",
                format!(
                    "{} lies in the future; an enrolment is recorded once it happened",
                    self.enrolled_on
                ),
            )]);
        }
        let funding = checked_funding(self.funding.as_ref(), schemes, row_number)?;
        let enrolment = new_enrolment(
            app,
            offering,
            &self.learner,
            self.employment_status,
            self.enrolled_on,
            funding,
        )
        .map_err(|error| internal(row_number, &error))?;
        Ok(Some(Planned {
            enrolment: Some(enrolment),
            ..planned(row_number)
        }))
    }
}

impl ImportRow for ResultRow {
    fn learner(&self) -> &model::LearnerIdentity {
        &self.learner
    }

    fn plan<S: Store>(
        &self,
        app: &App<S>,
        offering: &model::Offering,
        enrolled: &HashMap<String, Enrolment>,
        schemes: &[String],
        row_number: usize,
    ) -> Result<Option<Planned>, Vec<ImportProblem>> {
        let mut plan = planned(row_number);
        let enrolment = match enrolled.get(&learner_key(&self.learner)) {
            Some(enrolment) => enrolment.clone(),
            None if self.has_name => {
                // Validation of prior learning, or a provider that records enrolment and
                // result in one file: the learner is enrolled by the row itself.
                let funding = checked_funding(self.funding.as_ref(), schemes, row_number)?;
                let enrolment = new_enrolment(
                    app,
                    offering,
                    &self.learner,
                    self.employment_status.unwrap_or(EmploymentStatus::Unknown),
                    self.outcome.assessed_on,
                    funding,
                )
                .map_err(|error| internal(row_number, &error))?;
                plan.enrolment = Some(enrolment.clone());
                enrolment
            }
            None => {
                return Err(vec![row_problem(
                    row_number,
                    None,
                    "learner_not_enrolled",
                    format!(
                        "no learner with this identifier ({}) is enrolled in the offering; enrol them first, or give their name (given_names and family_names, or full_name) so the row enrols them",
                        learner_key(&self.learner)
                    ),
                )]);
            }
        };
        if let Err(errors) =
            crate::learning::check_result(&enrolment, offering, &self.outcome, app.now().date())
        {
            return Err(errors
                .0
                .into_iter()
                .map(|error| {
                    let column = match error.element.as_str() {
                        "outcome.assessed_on" => Some("assessed_on"),
                        "outcome.route" => Some("route"),
                        "outcome.prior_learning" => Some("prior_learning"),
                        _ => None,
                    };
                    row_problem(row_number, column, error.code.as_str(), error.message)
                })
                .collect());
        }
        let assessment = Assessment {
            id: app
                .new_assessment_id()
                .map_err(|error| internal(row_number, &error))?,
            enrolment_id: enrolment.id.clone(),
            provider_id: offering.provider_id.clone(),
            offering_id: offering.id.clone(),
            offering_version: offering.version,
            outcome: self.outcome.clone(),
            recorded_at: app.now(),
        };
        plan.assessment = Some(assessment);
        if self.issue {
            plan.issue_for = Some(enrolment);
        }
        Ok(Some(plan))
    }
}
