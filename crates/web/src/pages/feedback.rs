//! Learners' feedback on the pages: the wallet's rating forms (`POST /wallet/feedback/{id}`)
//! and an offering's summary for its provider's staff, analysts and platform admins
//! (`/admin/offerings/{id}/feedback`).

use app::AppError;
use app::feedback::{FeedbackForm, FeedbackSummary, MyFeedback};
use app::wallet::WalletRecord;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use model::{EnrolmentId, OfferingId, UiLang};

use super::context::{Chrome, PageContext, Section};
use super::i18n::feedback::{FeedbackText, feedback_text};
use super::learning::field;
use super::wallet::answer;
use super::wallet::learner;
use super::{PageResult, app_error_page, check_form, not_found_page, render, signed_in};
use crate::SharedState;

/// A rated aspect on the form: field name, label, and the options as (score, selected).
pub type AspectField = (&'static str, &'static str, Vec<(u8, bool)>);

/// A rating form in the wallet: what was completed, and the answer so far.
pub struct FeedbackRow {
    pub enrolment: String,
    pub title: String,
    pub provider: String,
    pub given: bool,
    pub changeable: bool,
    pub aspects: Vec<AspectField>,
    /// (value, label, selected)
    pub workload: Vec<(i8, &'static str, bool)>,
    pub comment: String,
}

/// The wallet's rating forms: one per assessed enrolment.
pub(super) fn rows(
    records: &[WalletRecord],
    answers: &[MyFeedback],
    lang: UiLang,
    now: time::OffsetDateTime,
) -> Vec<FeedbackRow> {
    let ft = feedback_text(lang);
    records
        .iter()
        .filter(|record| !record.assessments.is_empty())
        .map(|record| {
            let enrolment = record.enrolment.id.to_string();
            let given = answers
                .iter()
                .find(|answer| answer.enrolment_id == enrolment);
            let score = |pick: fn(&MyFeedback) -> u8| given.map_or(0, pick);
            let options = |selected: u8| (1..=5).map(|n| (n, n == selected)).collect();
            let changeable = given.is_none_or(|answer| {
                time::OffsetDateTime::parse(
                    &answer.changeable_until,
                    &time::format_description::well_known::Rfc3339,
                )
                .is_ok_and(|until| until > now)
            });
            let workload = given.map_or(0, |answer| answer.workload);
            FeedbackRow {
                title: record.offering_title.best(lang).to_owned(),
                provider: record.provider_name.best(lang).to_owned(),
                given: given.is_some(),
                changeable,
                aspects: vec![
                    ("overall", ft.overall, options(score(|a| a.overall))),
                    ("content", ft.content, options(score(|a| a.content))),
                    ("teaching", ft.teaching, options(score(|a| a.teaching))),
                    (
                        "assessment",
                        ft.assessment,
                        options(score(|a| a.assessment)),
                    ),
                ],
                workload: (-2i8..=2)
                    .zip(ft.workload_options)
                    .map(|(value, label)| (value, label, value == workload))
                    .collect(),
                comment: given
                    .map(|answer| answer.comment.clone())
                    .unwrap_or_default(),
                enrolment,
            }
        })
        .collect()
}

/// `POST /wallet/feedback/{enrolment}`.
pub async fn give(
    State(state): State<SharedState>,
    context: PageContext,
    Path(enrolment): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let number = |name: &str| field(&fields, name).parse::<i64>().ok();
    let score = |name: &str| number(name).and_then(|n| u8::try_from(n).ok()).unwrap_or(0);
    let outcome = match EnrolmentId::parse(&enrolment) {
        Ok(enrolment) => {
            let form = FeedbackForm {
                overall: score("overall"),
                content: score("content"),
                teaching: score("teaching"),
                assessment: score("assessment"),
                workload: number("workload")
                    .and_then(|n| i8::try_from(n).ok())
                    .unwrap_or(i8::MAX),
                comment: field(&fields, "comment").to_owned(),
            };
            state.app.give_feedback(&right, &enrolment, &form).await
        }
        Err(reason) => Err(AppError::NotFound(reason)),
    };
    let done = super::wallet::notice(feedback_text(context.lang).saved);
    answer(&state, &context, &right, outcome.map(|_| done)).await
}

#[derive(Template)]
#[template(path = "feedback.html")]
struct SummaryPage {
    chrome: Chrome,
    ft: &'static FeedbackText,
    offering: String,
    summary: FeedbackSummary,
    too_few: String,
    /// (label, mean, scores)
    aspects: Vec<(&'static str, String, [u64; 5])>,
    workload: [u64; 5],
}

/// `GET /admin/offerings/{id}/feedback`.
pub async fn summary(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let viewer = signed_in(&context)?;
    let Ok(offering) = OfferingId::parse(&id) else {
        return Err(not_found_page(&context));
    };
    let summary = state
        .app
        .feedback_summary(viewer, &offering)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let ft = feedback_text(context.lang);
    let label = |aspect: &str| match aspect {
        "overall" => ft.overall,
        "content" => ft.content,
        "teaching" => ft.teaching,
        _ => ft.assessment,
    };
    let aspects = summary
        .aspects
        .iter()
        .map(|aspect| {
            (
                label(aspect.aspect),
                super::format::decimal(aspect.mean, context.lang),
                aspect.scores,
            )
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &SummaryPage {
            chrome: context.chrome(Section::Admin),
            ft,
            offering: id,
            too_few: ft.too_few.replace("{}", &summary.threshold.to_string()),
            workload: summary.workload.unwrap_or_default(),
            aspects,
            summary,
        },
    ))
}
