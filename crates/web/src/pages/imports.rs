//! `/admin/imports`: every bulk import of a provider, newest first, with its counts and a link to
//! its progress and row problems (`/admin/imports/{id}`). Issuers see their provider's; a
//! platform admin picks a provider.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;

use super::context::{Chrome, PageContext, Section};
use super::i18n::issuing::{IssuingText, issuing_text};
use super::learning::{JobRow, job_row, provider_of, provider_picker, right};
use super::search::Choice;
use super::{PageResult, app_error_page, render};
use crate::SharedState;

/// How many jobs the page lists (the API lists as many; older jobs stay readable by id).
const MAX_JOBS: usize = 200;

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    chrome: Chrome,
    it: &'static IssuingText,
    provider: Option<String>,
    providers: Vec<Choice>,
    jobs: Vec<JobRow>,
    limited: bool,
}

#[derive(serde::Deserialize, Default)]
pub struct ImportsQuery {
    provider: Option<String>,
}

pub async fn list(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<ImportsQuery>,
) -> PageResult {
    let it = issuing_text(context.lang);
    let (viewer, provider) = provider_of(&context, query.provider.as_deref())?;
    let providers = provider_picker(&state, &context, &viewer, provider.as_ref()).await?;
    let mut page = ImportsPage {
        chrome: context.chrome(Section::Learners),
        it,
        provider: provider.as_ref().map(ToString::to_string),
        providers,
        jobs: Vec::new(),
        limited: false,
    };
    if let Some(provider) = provider {
        let right = right(&context, &viewer, &provider)?;
        let jobs = state
            .app
            .import_jobs(&right, MAX_JOBS)
            .await
            .map_err(|error| app_error_page(&context, error))?;
        page.limited = jobs.len() >= MAX_JOBS;
        page.jobs = jobs
            .iter()
            .map(|job| job_row(job, it, context.lang))
            .collect();
    }
    Ok(render(StatusCode::OK, &page))
}
