//! The issuer's learners page: the learners of an offering (enrol one, upload a file, issue
//! every pending credential); one enrolment and an import job are in `enrolment.rs`. Every
//! POST carries the session's form token; every action is authorized by the use case's
//! `IssuerRight` for the provider that owns what it touches.

use app::learning::EnrolmentRequest;
use app::{IssuerRight, Principal};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::vocab::EmploymentStatus;
use model::{Assessment, ImportKind, OfferingId, OfferingQuery, ProviderId, Vocabulary};
use serde_json::{Value, json};

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::i18n::issuing::{IssuingText, issuing_text};
use super::imports::{JobRow, job_row};
use super::paging::{PAGE_SIZE, PageRequest, Pager};
use super::provider_scope::{provider_of, provider_picker, right};
use super::search::{Choice, vocabulary_choices};
use super::{PageError, PageResult, app_error_page, check_form, not_found_page, render, signed_in};
use crate::SharedState;

/// An enrolment as listed: the learner, the latest result and the credential.
#[derive(Debug, Clone)]
pub struct EnrolmentRow {
    pub id: String,
    pub learner: String,
    pub identifier: String,
    pub enrolled: String,
    pub employment: &'static str,
    pub result: String,
    pub credential: Option<(String, &'static str, String)>,
}

#[derive(Template)]
#[template(path = "learning.html")]
struct LearningPage {
    chrome: Chrome,
    it: &'static IssuingText,
    provider: Option<String>,
    providers: Vec<Choice>,
    offerings: Vec<Choice>,
    offering: Option<String>,
    employment: Vec<Choice>,
    /// The register's funding schemes (a first empty choice: none recorded).
    funding: Vec<Choice>,
    today: String,
    rows: Vec<EnrolmentRow>,
    total: usize,
    search: String,
    pager: Pager,
    jobs: Vec<JobRow>,
    errors: Vec<String>,
    notice: String,
}

#[derive(serde::Deserialize, Default)]
pub struct LearningQuery {
    provider: Option<String>,
    offering: Option<String>,
    issued: Option<usize>,
    /// Words in the learner's name, e-mail address or student number.
    q: Option<String>,
    /// The page after this cursor, and how many rows came before it (shown only).
    after: Option<String>,
    from: Option<usize>,
}

pub async fn learners(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<LearningQuery>,
) -> PageResult {
    learners_page(&state, &context, &query, Vec::new(), StatusCode::OK).await
}

async fn learners_page(
    state: &SharedState,
    context: &PageContext,
    query: &LearningQuery,
    errors: Vec<String>,
    status: StatusCode,
) -> PageResult {
    let lang = context.lang;
    let it = issuing_text(lang);
    let (viewer, provider) = provider_of(context, query.provider.as_deref())?;
    let failed = |error| app_error_page(context, error);
    let providers = provider_picker(state, context, &viewer, provider.as_ref()).await?;
    let mut page = LearningPage {
        chrome: context.chrome(Section::Learners),
        it,
        provider: provider.as_ref().map(ToString::to_string),
        providers,
        offerings: Vec::new(),
        offering: None,
        employment: vocabulary_choices::<EmploymentStatus>(lang, None),
        funding: Vec::new(),
        today: state.app.now().date().to_string(),
        rows: Vec::new(),
        total: 0,
        search: query.q.clone().unwrap_or_default(),
        pager: Pager::default(),
        jobs: Vec::new(),
        errors,
        notice: query
            .issued
            .map(|count| format!("{}: {count}", it.issued_count))
            .unwrap_or_default(),
    };
    let Some(provider) = provider else {
        return Ok(render(status, &page));
    };
    let right = right(context, &viewer, &provider)?;
    page.funding = std::iter::once(Choice {
        value: String::new(),
        label: it.funding_none.to_owned(),
        selected: true,
    })
    .chain(
        state
            .app
            .funding_schemes()
            .await
            .map_err(failed)?
            .into_iter()
            .map(|scheme| Choice {
                label: scheme.name.best(lang).to_owned(),
                value: scheme.code,
                selected: false,
            }),
    )
    .collect();
    let published = state
        .app
        .search(OfferingQuery {
            provider: Some(provider.clone()),
            limit: 100,
            sort: model::SortOrder::Title,
            ..OfferingQuery::default()
        })
        .await
        .map_err(failed)?;
    let chosen = query
        .offering
        .as_deref()
        .and_then(|id| OfferingId::parse(id).ok())
        .filter(|id| published.items.iter().any(|offering| &offering.id == id))
        .or_else(|| published.items.first().map(|offering| offering.id.clone()));
    page.offerings = published
        .items
        .iter()
        .map(|offering| Choice {
            value: offering.id.to_string(),
            label: offering.content.title.best(lang).to_owned(),
            selected: Some(&offering.id) == chosen.as_ref(),
        })
        .collect();
    page.jobs = state
        .app
        .import_job_page(&right, 5, None)
        .await
        .map_err(failed)?
        .items
        .iter()
        .map(|job| job_row(job, it, lang))
        .collect();
    let Some(offering) = chosen else {
        return Ok(render(status, &page));
    };
    let asked = PageRequest::new(
        app::ListingKind::Enrolments,
        query.after.as_deref(),
        query.from,
        &page.search,
    );
    let search = page.search.trim().to_owned();
    let listing = state
        .app
        .enrolment_overview(
            &right,
            app::EnrolmentFilter {
                offering: Some(offering.clone()),
                search: asked.search,
                limit: PAGE_SIZE,
                after: asked.after,
                ..app::EnrolmentFilter::default()
            },
        )
        .await
        .map_err(failed)?;
    let (provider_text, offering_text) = (provider.to_string(), offering.to_string());
    page.pager = Pager::new(
        it,
        lang,
        "/admin/learners",
        &[
            ("provider", provider_text.as_str()),
            ("offering", offering_text.as_str()),
            ("q", search.as_str()),
        ],
        asked.before,
        &listing,
    );
    let total = listing.total;
    for overview in listing.items {
        let enrolment = overview.enrolment;
        page.rows.push(EnrolmentRow {
            id: enrolment.id.to_string(),
            learner: enrolment.learner.name.display(),
            identifier: enrolment
                .learner
                .student_number
                .clone()
                .or_else(|| enrolment.learner.email.clone())
                .unwrap_or_default(),
            enrolled: format::date(enrolment.enrolled_on, lang),
            employment: enrolment.employment_status.label(lang),
            result: overview.latest_result.as_ref().map_or_else(
                || it.no_result.to_owned(),
                |result| result_text(result, it, lang),
            ),
            credential: overview.credential.map(|credential| {
                (
                    credential.id.to_string(),
                    credential.state.code(),
                    credential.state.label(lang).to_owned(),
                )
            }),
        });
    }
    page.total = total;
    page.offering = Some(offering.to_string());
    Ok(render(status, &page))
}

pub(super) fn result_text(result: &Assessment, it: &IssuingText, lang: model::UiLang) -> String {
    let outcome = if result.outcome.passed {
        it.passed
    } else {
        it.failed
    };
    let grade = result
        .outcome
        .grade
        .as_ref()
        .map(|grade| format!(" ({} / {})", grade.value, grade.scheme))
        .unwrap_or_default();
    let route = match result.outcome.route {
        model::AssessmentRoute::Regular => String::new(),
        model::AssessmentRoute::Validation { .. } => format!(", {}", it.route_validation),
        model::AssessmentRoute::Pathway if lang == model::UiLang::Nl => {
            ", gestapeld (leertraject voltooid)".to_owned()
        }
        model::AssessmentRoute::Pathway => ", stacked (pathway completed)".to_owned(),
    };
    format!(
        "{outcome}{grade}, {}{route}",
        format::date(result.outcome.assessed_on, lang)
    )
}

pub(super) fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.trim())
}

pub(super) fn optional(fields: &[(String, String)], name: &str) -> Value {
    match field(fields, name) {
        "" => Value::Null,
        value => json!(value),
    }
}

/// The offering a form names, its provider, and the signed-in caller's issuing right there.
async fn offering_right(
    state: &SharedState,
    context: &PageContext,
    viewer: &Principal,
    offering: &str,
) -> Result<(OfferingId, ProviderId, IssuerRight), PageError> {
    let offering_id = OfferingId::parse(offering).map_err(|_| not_found_page(context))?;
    let owner = state
        .app
        .offering_owner(&offering_id)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let right = right(context, viewer, &owner)?;
    Ok((offering_id, owner, right))
}

pub(super) fn learners_url(provider: &str, offering: &str) -> String {
    format!("/admin/learners?provider={provider}&offering={offering}")
}

/// The enrol form's POST.
pub async fn enrol(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let offering = field(&fields, "offering");
    let (_, owner, right) = offering_right(&state, &context, &viewer, offering).await?;
    let mut learner = json!({
        "given_names": optional(&fields, "given_names"),
        "family_names": optional(&fields, "family_names"),
        "email": optional(&fields, "email"),
        "student_number": optional(&fields, "student_number"),
    });
    if let Value::Object(map) = &mut learner {
        map.retain(|_, value| !value.is_null());
    }
    let mut document = json!({
        "offering_id": offering,
        "learner": learner,
        "employment_status": field(&fields, "employment_status"),
        "enrolled_on": optional(&fields, "enrolled_on"),
    });
    let scheme = field(&fields, "funding_scheme").trim();
    if !scheme.is_empty() {
        let amount = field(&fields, "funding_amount").trim().replace(',', ".");
        let mut funding = json!({"scheme": scheme});
        if !amount.is_empty() {
            // A number, or the text as typed so that the error names what is wrong with it.
            funding["amount_eur"] = amount
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::String(amount), Value::Number);
        }
        document["funding"] = funding;
    }
    let query = LearningQuery {
        provider: Some(owner.to_string()),
        offering: Some(offering.to_owned()),
        issued: None,
        ..LearningQuery::default()
    };
    let outcome = match EnrolmentRequest::from_json(&document, state.app.now().date()) {
        Ok(request) => state.app.enrol(&right, &request).await,
        Err(errors) => Err(errors.into()),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&learners_url(owner.as_str(), offering)).into_response()),
        Err(error) => {
            learners_page(
                &state,
                &context,
                &query,
                problems(error, &context)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// Validation and state errors as lines for the page; anything else is an error page.
pub(super) fn problems(
    error: app::AppError,
    context: &PageContext,
) -> Result<Vec<String>, PageError> {
    match error {
        app::AppError::Validation(errors) => Ok(errors
            .0
            .iter()
            .map(|error| {
                let text = super::i18n::problems::problem_text(
                    error.code.as_str(),
                    &error.message,
                    context.lang,
                );
                format!("{}: {text}", error.element)
            })
            .collect()),
        app::AppError::Conflict(message) | app::AppError::InvalidState(message) => {
            Ok(vec![message])
        }
        app::AppError::ImportFile(error) => Ok(vec![error.to_string()]),
        app::AppError::NotConfigured(message) => Ok(vec![message]),
        other => Err(app_error_page(context, other)),
    }
}

/// The upload form's POST (`multipart/form-data`: csrf, offering, kind, file).
pub async fn upload(
    State(state): State<SharedState>,
    context: PageContext,
    mut multipart: Multipart,
) -> PageResult {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut file: Vec<u8> = Vec::new();
    let mut file_name = String::from("upload");
    loop {
        let next = multipart.next_field().await.map_err(|error| {
            super::error_page(
                &context,
                StatusCode::BAD_REQUEST,
                context.t.error_400_title,
                format!("the upload could not be read: {error}"),
            )
        })?;
        let Some(part) = next else { break };
        let name = part.name().unwrap_or_default().to_owned();
        if name == "file" {
            file_name = part.file_name().unwrap_or("upload").to_owned();
        }
        let bytes = part.bytes().await.map_err(|error| {
            super::error_page(
                &context,
                StatusCode::PAYLOAD_TOO_LARGE,
                context.t.error_400_title,
                format!("the upload could not be read (at most 50 MB): {error}"),
            )
        })?;
        if name == "file" {
            file = bytes.to_vec();
        } else {
            fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let offering = field(&fields, "offering").to_owned();
    let (offering_id, owner, right) = offering_right(&state, &context, &viewer, &offering).await?;
    let kind = ImportKind::from_code(field(&fields, "kind")).unwrap_or(ImportKind::Results);
    let started = state
        .app
        .start_import(
            &right,
            &offering_id,
            kind,
            &file_name,
            &file,
            viewer.label(),
        )
        .await;
    match started {
        Ok(job) => {
            state.jobs.start(job.id.clone());
            Ok(Redirect::to(&format!("/admin/imports/{}", job.id)).into_response())
        }
        Err(error) => {
            let query = LearningQuery {
                provider: Some(owner.to_string()),
                offering: Some(offering),
                issued: None,
                ..LearningQuery::default()
            };
            learners_page(
                &state,
                &context,
                &query,
                problems(error, &context)?,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// "Issue every pending credential" for an offering.
pub async fn issue_pending(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let offering = field(&fields, "offering");
    let (offering_id, owner, right) = offering_right(&state, &context, &viewer, offering).await?;
    match state
        .app
        .issue_pending(&right, Some(&offering_id), 100_000, 500)
        .await
    {
        Ok(count) => Ok(Redirect::to(&format!(
            "{}&issued={count}",
            learners_url(owner.as_str(), offering)
        ))
        .into_response()),
        Err(error) => {
            let query = LearningQuery {
                provider: Some(owner.to_string()),
                offering: Some(offering.to_owned()),
                issued: None,
                ..LearningQuery::default()
            };
            learners_page(
                &state,
                &context,
                &query,
                problems(error, &context)?,
                StatusCode::CONFLICT,
            )
            .await
        }
    }
}
