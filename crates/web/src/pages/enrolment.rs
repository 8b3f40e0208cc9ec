//! The issuer's page of one enrolment (record a result, issue its credential) and the page of
//! an import job's progress. Every POST carries the session's form token; every action is
//! authorized by the use case's `IssuerRight` for the provider that owns what it touches.

use app::learning::AssessmentRequest;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::vocab::{LearningSetting, Supervision};
use model::{EnrolmentId, ImportJobId, Vocabulary};
use serde_json::json;

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::i18n::issuing::{IssuingText, issuing_text};
use super::imports::{JobRow, job_row};
use super::learning::{field, learners_url, optional, problems, result_text};
use super::provider_scope::right;
use super::search::Choice;
use super::search::vocabulary_choices;
use super::{PageResult, app_error_page, check_form, not_found_page, render, signed_in};
use crate::SharedState;

/// A credential of the enrolment, with what its correction form starts from.
#[derive(Debug, Clone)]
pub struct CredentialLine {
    pub id: String,
    pub issued: String,
    pub state: &'static str,
    pub state_label: String,
    /// Not revoked: it can be corrected.
    pub correctable: bool,
    pub grade: String,
    pub grading_scheme: String,
    pub assessed_on: String,
}

#[derive(Template)]
#[template(path = "enrolment.html")]
struct EnrolmentPage {
    chrome: Chrome,
    it: &'static IssuingText,
    id: String,
    back: String,
    learner: String,
    identifiers: Vec<String>,
    enrolled: String,
    employment: &'static str,
    offering_title: String,
    results: Vec<(String, Option<String>, bool)>,
    credentials: Vec<CredentialLine>,
    supervision: Vec<Choice>,
    settings: Vec<Choice>,
    today: String,
    errors: Vec<String>,
}

pub async fn enrolment(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    enrolment_page(&state, &context, &id, Vec::new(), StatusCode::OK).await
}

async fn enrolment_page(
    state: &SharedState,
    context: &PageContext,
    id: &str,
    errors: Vec<String>,
    status: StatusCode,
) -> PageResult {
    let lang = context.lang;
    let it = issuing_text(lang);
    let viewer = signed_in(context)?.clone();
    let failed = |error| app_error_page(context, error);
    let id = EnrolmentId::parse(id).map_err(|_| not_found_page(context))?;
    let (right, enrolment) = state.app.enrolment_as(&viewer, &id).await.map_err(failed)?;
    let results = state.app.assessments(&right, &id).await.map_err(failed)?;
    let offering = state
        .app
        .offering(&enrolment.offering_id, Some(&viewer))
        .await
        .map_err(failed)?;
    let app::Listing {
        items: credentials, ..
    } = state
        .app
        .credentials(
            &right,
            app::CredentialFilter {
                enrolment: Some(id.clone()),
                limit: 100,
                ..app::CredentialFilter::default()
            },
        )
        .await
        .map_err(failed)?;
    let issued: Vec<&model::AssessmentId> = credentials
        .iter()
        .map(|credential| &credential.assessment_id)
        .collect();
    let learner = &enrolment.learner;
    let page = EnrolmentPage {
        chrome: context.chrome(Section::Learners),
        it,
        id: id.to_string(),
        back: learners_url(
            enrolment.provider_id.as_str(),
            enrolment.offering_id.as_str(),
        ),
        learner: learner.name.display(),
        identifiers: [
            learner.email.clone(),
            learner.student_number.clone(),
            learner.did.clone(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        enrolled: format::date(enrolment.enrolled_on, lang),
        employment: enrolment.employment_status.label(lang),
        offering_title: offering.content.title.best(lang).to_owned(),
        results: results
            .iter()
            .map(|result| {
                let can_issue = result.outcome.passed && !issued.contains(&&result.id);
                (
                    result_text(result, it, lang),
                    can_issue.then(|| result.id.to_string()),
                    result.outcome.passed,
                )
            })
            .collect(),
        credentials: credentials
            .iter()
            .map(|credential| {
                let result = results
                    .iter()
                    .find(|result| result.id == credential.assessment_id);
                let grade = result.and_then(|result| result.outcome.grade.as_ref());
                CredentialLine {
                    id: credential.id.to_string(),
                    issued: format::timestamp(credential.issued_at, lang),
                    state: credential.state.code(),
                    state_label: credential.state.label(lang).to_owned(),
                    correctable: credential.state != model::CredentialState::Revoked,
                    grade: grade.map(|grade| grade.value.clone()).unwrap_or_default(),
                    grading_scheme: grade.map(|grade| grade.scheme.clone()).unwrap_or_default(),
                    assessed_on: result
                        .map(|result| result.outcome.assessed_on.to_string())
                        .unwrap_or_default(),
                }
            })
            .collect(),
        supervision: vocabulary_choices::<Supervision>(lang, None),
        settings: [LearningSetting::NonFormal, LearningSetting::Informal]
            .iter()
            .map(|setting| Choice {
                value: setting.code().to_owned(),
                label: setting.label(lang).to_owned(),
                selected: false,
            })
            .collect(),
        today: state.app.now().date().to_string(),
        errors,
    };
    Ok(render(status, &page))
}

/// The result form's POST.
pub async fn record_result(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let enrolment_id = EnrolmentId::parse(&id).map_err(|_| not_found_page(&context))?;
    // Found and allowed, before the form is read.
    state
        .app
        .enrolment_as(&viewer, &enrolment_id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let route = field(&fields, "route");
    let mut outcome = json!({
        "passed": field(&fields, "passed") == "yes",
        "assessed_on": field(&fields, "assessed_on"),
        "route": route,
        "supervision": optional(&fields, "supervision"),
    });
    if route == "validation" {
        outcome["prior_learning"] = optional(&fields, "prior_learning");
    }
    if !field(&fields, "grade").is_empty() || !field(&fields, "grading_scheme").is_empty() {
        outcome["grade"] = json!({
            "value": field(&fields, "grade"),
            "scheme": field(&fields, "grading_scheme"),
        });
    }
    let issue = field(&fields, "issue") == "yes" && field(&fields, "passed") == "yes";
    let document = json!({"enrolment_id": id, "outcome": outcome, "issue": issue});
    let recorded = match AssessmentRequest::from_json(&document) {
        Ok(request) => state.app.record_assessment_as(&viewer, &request).await,
        Err(errors) => Err(errors.into()),
    };
    match recorded {
        Ok(_) => Ok(Redirect::to(&format!("/admin/enrolments/{id}")).into_response()),
        Err(error) => {
            let lines = problems(error, &context)?;
            enrolment_page(
                &state,
                &context,
                &id,
                lines,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// "Issue credential" for one passed result.
pub async fn issue(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let assessment_id = model::AssessmentId::parse(&id).map_err(|_| not_found_page(&context))?;
    let (right, assessment) = state
        .app
        .assessment_as(&viewer, &assessment_id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    match state.app.issue_credential(&right, &assessment_id).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/admin/enrolments/{}", assessment.enrolment_id)).into_response(),
        ),
        Err(error) => {
            let lines = problems(error, &context)?;
            enrolment_page(
                &state,
                &context,
                assessment.enrolment_id.as_str(),
                lines,
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "import_job.html")]
struct ImportJobPage {
    chrome: Chrome,
    it: &'static IssuingText,
    job: JobRow,
    back: String,
}

pub async fn import_job(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let viewer = signed_in(&context)?.clone();
    let id = ImportJobId::parse(&id).map_err(|_| not_found_page(&context))?;
    let (_, job) = state
        .app
        .import_job_as(&viewer, &id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let it = issuing_text(context.lang);
    Ok(render(
        StatusCode::OK,
        &ImportJobPage {
            chrome: context.chrome(Section::Learners),
            it,
            back: learners_url(job.provider_id.as_str(), job.offering_id.as_str()),
            job: job_row(&job, it, context.lang),
        },
    ))
}

/// `POST /admin/credentials/{id}/correct`: a new credential with the corrected grade or date,
/// the old one revoked with the reason (the result's other elements stay as they were).
pub async fn correct(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let credential_id = model::CredentialId::from_urn(&id).map_err(|_| not_found_page(&context))?;
    let record = state
        .app
        .stored_credential(&credential_id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let right = right(&context, &viewer, &record.provider_id)?;
    let previous = state
        .app
        .assessment(&right, &record.assessment_id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let mut outcome = previous.outcome.clone();
    let (grade, scheme) = (field(&fields, "grade"), field(&fields, "grading_scheme"));
    outcome.grade = if grade.is_empty() && scheme.is_empty() {
        None
    } else {
        Some(model::Grade {
            value: grade.to_owned(),
            scheme: scheme.to_owned(),
        })
    };
    if let Ok(day) = time::Date::parse(
        field(&fields, "assessed_on"),
        time::macros::format_description!("[year]-[month]-[day]"),
    ) {
        outcome.assessed_on = day;
    }
    let checked = outcome.validate().map_err(app::AppError::from);
    let corrected = match checked {
        Ok(()) => {
            state
                .app
                .correct_credential(
                    &right,
                    &credential_id,
                    Some(outcome),
                    field(&fields, "reason"),
                )
                .await
        }
        Err(error) => Err(error),
    };
    match corrected {
        Ok(_) => {
            Ok(Redirect::to(&format!("/admin/enrolments/{}", record.enrolment_id)).into_response())
        }
        Err(error) => {
            let lines = problems(error, &context)?;
            enrolment_page(
                &state,
                &context,
                record.enrolment_id.as_str(),
                lines,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
