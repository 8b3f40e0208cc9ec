//! API handlers of the provider register.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use model::{Offering, Provider, ProviderId, PublicationStatus};
use serde::Serialize;

use crate::SharedState;
use crate::auth::{Caller, MaybeCaller};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::json::StrictJson;

#[derive(Serialize, schemars::JsonSchema)]
pub struct ProvidersResponse {
    pub items: Vec<Provider>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct ProviderOfferingsResponse {
    pub items: Vec<Offering>,
}

pub(crate) fn provider_id(id: &str) -> ApiResult<ProviderId> {
    ProviderId::parse(id)
        .map_err(|_| ApiError::new(ErrorCode::NotFound, format!("provider `{id}` not found")))
}

pub async fn list(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
) -> ApiResult<Json<ProvidersResponse>> {
    Ok(Json(ProvidersResponse {
        items: state.app.providers(caller.as_ref()).await?,
    }))
}

pub async fn show(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<Provider>> {
    Ok(Json(
        state
            .app
            .provider(&provider_id(&id)?, caller.as_ref())
            .await?,
    ))
}

pub async fn create(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<Provider>)> {
    let admin = caller.platform_admin()?;
    Ok((
        StatusCode::CREATED,
        Json(state.app.create_provider(&admin, &document).await?),
    ))
}

pub async fn update(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<Provider>> {
    let admin = caller.provider_admin(&provider_id(&id)?)?;
    Ok(Json(state.app.update_provider(&admin, &document).await?))
}

pub async fn publish(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Provider>> {
    let admin = caller.platform_admin()?;
    Ok(Json(
        state
            .app
            .set_provider_status(&admin, &provider_id(&id)?, PublicationStatus::Published)
            .await?,
    ))
}

pub async fn withdraw(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Provider>> {
    let admin = caller.platform_admin()?;
    Ok(Json(
        state
            .app
            .set_provider_status(&admin, &provider_id(&id)?, PublicationStatus::Withdrawn)
            .await?,
    ))
}

/// A provider's offerings: all of them for its admins, the public catalogue's otherwise.
pub async fn offerings(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<ProviderOfferingsResponse>> {
    let id = provider_id(&id)?;
    state.app.provider(&id, caller.as_ref()).await?;
    let items = match caller.as_ref().map(|caller| caller.provider_admin(&id)) {
        Some(Ok(admin)) => state.app.provider_offerings(&admin).await?,
        _ => {
            let query = model::OfferingQuery {
                provider: Some(id),
                limit: app::catalogue::MAX_PAGE_SIZE,
                sort: model::SortOrder::Title,
                ..model::OfferingQuery::default()
            };
            state.app.search(query).await?.into_offerings()
        }
    };
    Ok(Json(ProviderOfferingsResponse { items }))
}
