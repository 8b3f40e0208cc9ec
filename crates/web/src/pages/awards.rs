//! Awarding a completed pathway's stacked credential on the pages: the learner asks (or
//! receives at once) from the pathway's page; the owner's staff see the requests and award
//! (`/admin/pathways/{id}/awards`).

use app::awards::AwardRequestView;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};

use super::context::{Chrome, PageContext, Section};
use super::i18n::recognition::{RecognitionText, recognition_text};
use super::{PageResult, app_error_page, check_form, not_found_page, render};
use crate::SharedState;

/// `POST /pathways/{id}/award`: the signed-in learner asks for the credential.
pub async fn claim(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = super::signed_in(&context)?;
    let learner = viewer
        .learner()
        .map_err(|error| app_error_page(&context, error))?;
    state
        .app
        .claim_award(&learner, &id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(Redirect::to(&format!("/pathways/{id}")).into_response())
}

pub struct RequestRow {
    pub account: String,
    pub learner: String,
    pub asked: String,
    pub credential: Option<String>,
    pub complete: bool,
}

#[derive(Template)]
#[template(path = "awards.html")]
struct AwardsPage {
    chrome: Chrome,
    rt: &'static RecognitionText,
    pathway_id: String,
    pathway_name: String,
    rows: Vec<RequestRow>,
}

async fn owner_right(
    state: &SharedState,
    context: &PageContext,
    id: &str,
) -> Result<(app::IssuerRight, app::pathways::PathwayView), super::PageError> {
    let viewer = super::signed_in(context)?;
    let pathway = state
        .app
        .pathway(id)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let owner =
        model::ProviderId::parse(&pathway.provider_id).map_err(|_| not_found_page(context))?;
    let right = viewer
        .issuer(&owner)
        .map_err(|error| app_error_page(context, error))?;
    Ok((right, pathway))
}

/// `GET /admin/pathways/{id}/awards`.
pub async fn requests(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let (right, pathway) = owner_right(&state, &context, &id).await?;
    let lang = context.lang;
    let views: Vec<AwardRequestView> = state
        .app
        .award_requests(&right, &id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let rows = views
        .into_iter()
        .map(|view| RequestRow {
            account: view.account_id,
            learner: view.learner_name,
            asked: super::format::timestamp(view.requested_at, lang),
            credential: view.credential_id,
            complete: view.complete,
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &AwardsPage {
            chrome: context.chrome(Section::Admin),
            rt: recognition_text(lang),
            pathway_id: pathway.id.clone(),
            pathway_name: pathway.rules.name.best(lang).to_owned(),
            rows,
        },
    ))
}

/// `POST /admin/pathways/{id}/awards/{account}`: the owner awards.
pub async fn award(
    State(state): State<SharedState>,
    context: PageContext,
    Path((id, account)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let (right, _) = owner_right(&state, &context, &id).await?;
    let account = model::AccountId::parse(&account).map_err(|_| not_found_page(&context))?;
    state
        .app
        .award_pathway(&right, &id, &account)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(Redirect::to(&format!("/admin/pathways/{id}/awards")).into_response())
}
