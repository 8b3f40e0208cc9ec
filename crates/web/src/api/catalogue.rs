//! API handlers of the catalogue: search, read, create, edit, publish, withdraw, versions.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{Offering, OfferingId, OfferingVersion, ProviderId, SharedOffering};
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
) -> ApiResult<Response> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or_default()).map_err(|error| {
            ApiError::new(
                ErrorCode::InvalidQueryParameter,
                format!("unreadable query string: {error}"),
            )
        })?;
    let search = app::search_params::parse_search(&pairs, &[])?;
    let page = state.app.search(search.query.clone()).await?;
    let next = search.next(page.items.len(), page.total);
    let body = search_body(page.total, search.page, search.per_page, &page.items, next).map_err(
        |error| {
            tracing::error!(%error, "search results unwritable");
            ApiError::new(
                ErrorCode::InternalError,
                "the search results could not be written; nothing was changed",
            )
        },
    )?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// A [`SearchResponse`]'s JSON, byte for byte, written around the JSON each offering keeps
/// (`SharedOffering::json`): a page's offerings mostly come from the search's cache, and
/// serializing them again for every search was its largest cost after the index.
fn search_body(
    total: u64,
    page: u32,
    per_page: u32,
    items: &[SharedOffering],
    next: Option<String>,
) -> serde_json::Result<Vec<u8>> {
    let items = items
        .iter()
        .map(SharedOffering::json)
        .collect::<serde_json::Result<Vec<&str>>>()?;
    let mut body = Vec::with_capacity(items.iter().map(|item| item.len() + 1).sum::<usize>() + 96);
    body.extend_from_slice(
        format!("{{\"total\":{total},\"page\":{page},\"per_page\":{per_page},\"items\":[")
            .as_bytes(),
    );
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            body.push(b',');
        }
        body.extend_from_slice(item.as_bytes());
    }
    body.push(b']');
    if let Some(next) = next {
        body.extend_from_slice(b",\"next\":");
        serde_json::to_writer(&mut body, &next)?;
    }
    body.push(b'}');
    Ok(body)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_search_body_is_the_search_response_serialized() {
        let offering = model::credential::sample::offering().unwrap();
        let mut other = offering.clone();
        other.id = OfferingId::parse("offering-other").unwrap();
        let items = vec![
            SharedOffering::new(offering.clone()),
            SharedOffering::new(other.clone()),
        ];
        for (items, next) in [
            (items.clone(), Some("2\"\\é".to_owned())),
            (items[..1].to_vec(), None),
            (Vec::new(), None),
        ] {
            let expected = serde_json::to_vec(&SearchResponse {
                total: 41,
                page: 2,
                per_page: 20,
                items: items
                    .iter()
                    .cloned()
                    .map(SharedOffering::into_offering)
                    .collect(),
                next: next.clone(),
            })
            .unwrap();
            let body = search_body(41, 2, 20, &items, next).unwrap();
            assert_eq!(
                String::from_utf8(body).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }
    }
}
