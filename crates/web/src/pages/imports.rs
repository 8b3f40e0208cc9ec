//! `/admin/imports`: every bulk import of a provider, newest first, 50 a page, with its counts and
//! a link to its progress and row problems (`/admin/imports/{id}`). Issuers see their provider's;
//! a platform admin picks a provider.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::i18n::issuing::{IssuingText, issuing_text};
use super::paging::{PAGE_SIZE, PageRequest, Pager};
use super::provider_scope::{provider_of, provider_picker, right};
use super::search::Choice;
use super::{PageResult, app_error_page, render};
use crate::SharedState;

#[derive(Template)]
#[template(path = "imports.html")]
struct ImportsPage {
    chrome: Chrome,
    it: &'static IssuingText,
    provider: Option<String>,
    providers: Vec<Choice>,
    jobs: Vec<JobRow>,
    pager: Pager,
}

#[derive(serde::Deserialize, Default)]
pub struct ImportsQuery {
    provider: Option<String>,
    /// The `next` of the page before (a cursor).
    after: Option<String>,
    /// How many jobs came before this page (only shown).
    from: Option<usize>,
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
        pager: Pager::default(),
    };
    if let Some(provider) = provider {
        let right = right(&context, &viewer, &provider)?;
        let asked = PageRequest::new(
            app::ListingKind::ImportJobs,
            query.after.as_deref(),
            query.from,
            "",
        );
        let listing = state
            .app
            .import_job_page(&right, PAGE_SIZE, asked.after.as_ref())
            .await
            .map_err(|error| app_error_page(&context, error))?;
        page.pager = Pager::new(
            it,
            context.lang,
            "/admin/imports",
            &[("provider", provider.as_str())],
            asked.before,
            &listing,
        );
        page.jobs = listing
            .items
            .iter()
            .map(|job| job_row(job, it, context.lang))
            .collect();
    }
    Ok(render(StatusCode::OK, &page))
}

/// An import job as listed and shown.
#[derive(Debug, Clone)]
pub struct JobRow {
    pub id: String,
    pub file_name: String,
    pub kind: &'static str,
    pub state: &'static str,
    pub finished: bool,
    pub percent: u8,
    pub total: usize,
    pub processed: usize,
    pub applied: usize,
    pub skipped: usize,
    pub failed: usize,
    pub issued: usize,
    pub message: String,
    pub problems: Vec<(usize, String, String)>,
    pub created: String,
}

pub(super) fn job_row(job: &model::ImportJob, it: &IssuingText, lang: model::UiLang) -> JobRow {
    JobRow {
        id: job.id.to_string(),
        file_name: job.file_name.clone(),
        kind: match job.kind {
            model::ImportKind::Enrolments => it.kind_enrolments,
            model::ImportKind::Results => it.kind_results,
        },
        state: match job.state {
            model::ImportState::Done => it.import_done,
            model::ImportState::Failed => it.import_failed,
            _ => it.import_running,
        },
        finished: job.state.is_finished(),
        percent: job.percent(),
        total: job.total_rows,
        processed: job.processed_rows,
        applied: job.applied_rows,
        skipped: job.skipped_rows,
        failed: job.failed_rows,
        issued: job.issued_credentials,
        message: job.message.clone().unwrap_or_default(),
        problems: job
            .problems
            .iter()
            .map(|problem| {
                (
                    problem.row,
                    problem.column.clone().unwrap_or_default(),
                    super::i18n::problems::problem_text(&problem.code, &problem.message, lang),
                )
            })
            .collect(),
        created: format::timestamp(job.created_at, lang),
    }
}
