//! Student numbers learners claimed at a provider, for its issuers and admins to confirm (the
//! records kept under the number then reach the learner's wallet) or refuse.

use app::wallet::StudentNumberRequest;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;

use super::context::{Chrome, PageContext, Section};
use super::i18n::wallet::{WalletText, wallet_text};
use super::provider_scope::provider_of;
use super::{PageResult, app_error_page, check_form, not_found_page, render};
use crate::SharedState;

#[derive(Template)]
#[template(path = "student_numbers.html")]
struct StudentNumbersPage {
    chrome: Chrome,
    wt: &'static WalletText,
    provider: String,
    requests: Vec<StudentNumberRequest>,
    notice: Option<String>,
}

async fn show(
    state: &SharedState,
    context: &PageContext,
    asked: Option<&str>,
    notice: Option<String>,
) -> PageResult {
    let (viewer, provider) = provider_of(context, asked)?;
    let Some(provider) = provider else {
        return Err(not_found_page(context));
    };
    let right = viewer
        .issuer(&provider)
        .map_err(|error| app_error_page(context, error))?;
    let requests = state
        .app
        .student_number_requests(&right)
        .await
        .map_err(|error| app_error_page(context, error))?;
    Ok(render(
        StatusCode::OK,
        &StudentNumbersPage {
            chrome: context.chrome(Section::Learners),
            wt: wallet_text(context.lang),
            provider: provider.to_string(),
            requests,
            notice,
        },
    ))
}

pub async fn list(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let asked = query
        .iter()
        .find(|(key, _)| key == "provider")
        .map(|(_, value)| value.as_str());
    show(&state, &context, asked, None).await
}

/// `decision` is `confirm` or `refuse`.
pub async fn decide(
    State(state): State<SharedState>,
    context: PageContext,
    Path((id, decision)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let asked = fields
        .iter()
        .find(|(key, _)| key == "provider")
        .map(|(_, value)| value.as_str());
    let (viewer, provider) = provider_of(&context, asked)?;
    let Some(provider) = provider else {
        return Err(not_found_page(&context));
    };
    let confirm = match decision.as_str() {
        "confirm" => true,
        "refuse" => false,
        _ => return Err(not_found_page(&context)),
    };
    let right = viewer
        .issuer(&provider)
        .map_err(|error| app_error_page(&context, error))?;
    state
        .app
        .decide_student_number(&right, &viewer, &id, confirm)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let wt = wallet_text(context.lang);
    let notice = if confirm {
        wt.confirmed
    } else {
        wt.removed_done
    };
    show(
        &state,
        &context,
        Some(provider.as_str()),
        Some(notice.to_owned()),
    )
    .await
}
