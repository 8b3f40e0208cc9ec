//! API handlers of stacking pathways: anyone reads the live ones; a provider's admins define,
//! change and withdraw theirs; a learner reads their progress.

use app::pathways::{PathwayProgress, PathwayView};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use model::ViolationCode;
use model::pathway::PathwayRules;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::providers::provider_id;
use crate::SharedState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::json::StrictJson;

#[derive(Serialize, schemars::JsonSchema)]
pub struct PathwaysResponse {
    pub items: Vec<PathwayView>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ProgressResponse {
    pub items: Vec<PathwayProgress>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    provider: Option<String>,
    /// Only the pathways an offering counts toward or that award it.
    offering: Option<String>,
}

fn rules(document: Value) -> ApiResult<PathwayRules> {
    serde_json::from_value(document).map_err(|error| {
        ApiError::violation(
            ViolationCode::InvalidValue,
            format!("the pathway's rules: {error}"),
        )
    })
}

/// `GET /api/v1/pathways[?provider=][&offering=]`: the live pathways.
pub async fn list(
    State(state): State<SharedState>,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<PathwaysResponse>> {
    let provider = query.provider.as_deref().map(provider_id).transpose()?;
    let mut items = match &query.offering {
        Some(offering) => {
            let offering = model::OfferingId::parse(offering).map_err(|reason| {
                ApiError::violation(ViolationCode::InvalidValue, reason).with_element("offering")
            })?;
            state.app.pathways_with_offering(&offering).await?
        }
        None => state.app.pathways(provider.as_ref()).await?,
    };
    if let Some(provider) = &provider {
        items.retain(|view| view.provider_id == provider.as_str());
    }
    Ok(Json(PathwaysResponse { items }))
}

/// `GET /api/v1/pathways/{id}`.
pub async fn show(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> ApiResult<Json<PathwayView>> {
    Ok(Json(state.app.pathway(&id).await?))
}

/// `POST /api/v1/providers/{id}/pathways` (the provider's admins).
pub async fn create(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<PathwayView>)> {
    let admin = caller.provider_admin(&provider_id(&id)?)?;
    let view = state.app.create_pathway(&admin, rules(document)?).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `PUT /api/v1/pathways/{id}` (the owner's admins): new rules.
pub async fn update(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<PathwayView>> {
    let owner = state.app.pathway(&id).await?.provider_id;
    let admin = caller.provider_admin(&provider_id(&owner)?)?;
    let rules = rules(document)?;
    Ok(Json(
        state.app.change_pathway(&admin, &id, Some(rules)).await?,
    ))
}

/// `POST /api/v1/pathways/{id}/withdraw` (the owner's admins).
pub async fn withdraw(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<PathwayView>> {
    let owner = state.app.pathway(&id).await?.provider_id;
    let admin = caller.provider_admin(&provider_id(&owner)?)?;
    Ok(Json(state.app.change_pathway(&admin, &id, None).await?))
}

/// `GET /api/v1/me/pathways`: the learner's progress on every pathway their credentials count
/// toward.
pub async fn mine(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<ProgressResponse>> {
    let learner = caller.learner()?;
    Ok(Json(ProgressResponse {
        items: state.app.my_pathways(&learner).await?,
    }))
}

/// `GET /api/v1/me/pathways/{id}`: the learner's progress on one pathway.
pub async fn my_one(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<PathwayProgress>> {
    let learner = caller.learner()?;
    Ok(Json(state.app.my_pathway(&learner, &id).await?))
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct AwardRequestsResponse {
    pub items: Vec<app::awards::AwardRequestView>,
}

/// `POST /api/v1/me/pathways/{id}/award`: the learner asks for a completed pathway's
/// credential — awarded at once when the pathway is automatic.
pub async fn claim(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<app::pathways::AwardState>)> {
    let learner = caller.learner()?;
    let award = state.app.claim_award(&learner, &id).await?;
    Ok((StatusCode::CREATED, Json(award)))
}

/// `GET /api/v1/pathways/{id}/awards`: the learners who asked for the pathway's credential
/// (the owner's issuers and admins).
pub async fn awards(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<AwardRequestsResponse>> {
    let owner = state.app.pathway(&id).await?.provider_id;
    let right = caller.issuer(&provider_id(&owner)?)?;
    Ok(Json(AwardRequestsResponse {
        items: state.app.award_requests(&right, &id).await?,
    }))
}

/// `POST /api/v1/pathways/{id}/awards/{account}`: the owner awards the stacked credential to a
/// learner who asked.
pub async fn award(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path((id, account)): Path<(String, String)>,
) -> ApiResult<(StatusCode, Json<model::CredentialRecord>)> {
    let owner = state.app.pathway(&id).await?.provider_id;
    let right = caller.issuer(&provider_id(&owner)?)?;
    let account = model::AccountId::parse(&account).map_err(|_| {
        ApiError::new(
            crate::codes::ErrorCode::NotFound,
            format!("no account `{account}`"),
        )
    })?;
    let credential = state.app.award_pathway(&right, &id, &account).await?;
    Ok((StatusCode::CREATED, Json(credential)))
}
