//! API handlers of the catalogue: search, read, create, edit, publish, withdraw, versions.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use model::{Offering, OfferingId, OfferingVersion, ProviderId};
use serde::Serialize;
use serde_json::Value;

use crate::SharedState;
use crate::auth::{Caller, MaybeCaller};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::json::StrictJson;

/// A page of catalogue results.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SearchResponse {
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<Offering>,
    /// Pass as `after` for the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// Every saved version of an offering, oldest first.
#[derive(Serialize, schemars::JsonSchema)]
pub struct VersionsResponse {
    pub items: Vec<OfferingVersion>,
}

pub(crate) fn offering_id(id: &str) -> ApiResult<OfferingId> {
    OfferingId::parse(id)
        .map_err(|_| ApiError::new(ErrorCode::NotFound, format!("offering `{id}` not found")))
}

pub async fn search(
    State(state): State<SharedState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<SearchResponse>> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()).map_err(|error| {
            ApiError::new(
                ErrorCode::InvalidQueryParameter,
                format!("unreadable query string: {error}"),
            )
        })?;
    let search = app::search_params::parse_search(&pairs, &[])?;
    let page = state.app.search(search.query.clone()).await?;
    Ok(Json(SearchResponse {
        total: page.total,
        page: search.page,
        per_page: search.per_page,
        next: search.next(page.items.len(), page.total),
        items: page.items,
    }))
}

pub async fn show(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<Offering>> {
    Ok(Json(
        state
            .app
            .offering(&offering_id(&id)?, caller.as_ref())
            .await?,
    ))
}

/// The provider an offering is created for: the body's `provider_id`, else the caller's own.
fn target_provider(caller: &app::Principal, document: &Value) -> ApiResult<ProviderId> {
    match document.get("provider_id") {
        Some(Value::String(id)) => ProviderId::parse(id).map_err(|message| {
            ApiError::violation(model::ViolationCode::InvalidValue, message)
                .with_element("provider_id")
        }),
        Some(_) => Err(ApiError::violation(
            model::ViolationCode::InvalidType,
            "`provider_id` must be text",
        )
        .with_element("provider_id")),
        None => caller.own_provider().cloned().ok_or_else(|| {
            ApiError::violation(
                model::ViolationCode::MissingElement,
                "a platform admin names the provider in `provider_id`",
            )
            .with_element("provider_id")
        }),
    }
}

pub async fn create(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<Offering>)> {
    let admin = caller.provider_admin(&target_provider(&caller, &document)?)?;
    Ok((
        StatusCode::CREATED,
        Json(state.app.create_offering(&admin, &document).await?),
    ))
}

/// Authorizes by the offering's owner, whatever its state: another provider's offering is a 403.
async fn admin_of(
    state: &SharedState,
    caller: &app::Principal,
    id: &OfferingId,
) -> ApiResult<app::ProviderAdmin> {
    let owner = state.app.offering_owner(id).await?;
    Ok(caller.provider_admin(&owner)?)
}

pub async fn update(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<Offering>> {
    let id = offering_id(&id)?;
    let admin = admin_of(&state, &caller, &id).await?;
    Ok(Json(
        state.app.update_offering(&admin, &id, &document).await?,
    ))
}

pub async fn publish(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Offering>> {
    let id = offering_id(&id)?;
    let admin = admin_of(&state, &caller, &id).await?;
    Ok(Json(state.app.publish_offering(&admin, &id).await?))
}

pub async fn withdraw(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Offering>> {
    let id = offering_id(&id)?;
    let admin = admin_of(&state, &caller, &id).await?;
    Ok(Json(state.app.withdraw_offering(&admin, &id).await?))
}

pub async fn versions(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<VersionsResponse>> {
    Ok(Json(VersionsResponse {
        items: state
            .app
            .offering_versions(&offering_id(&id)?, caller.as_ref())
            .await?,
    }))
}

pub async fn version(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    Path((id, version)): Path<(String, String)>,
) -> ApiResult<Json<OfferingVersion>> {
    let number: u32 = version.parse().map_err(|_| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("version `{version}` not found"),
        )
    })?;
    Ok(Json(
        state
            .app
            .offering_version(&offering_id(&id)?, number, caller.as_ref())
            .await?,
    ))
}
