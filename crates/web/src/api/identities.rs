//! API handlers of OpenID Connect sign-in: the identity providers (platform admins configure
//! them) and the caller's linked identities. The sign-in itself happens in the browser
//! (`/sign-in`, `/auth/oidc/callback`); an integration signs in with `POST /api/v1/sessions`.

use app::oidc::{IdentityProviderView, LinkedIdentity, NewIdentityProvider};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::Value;

use super::accounts::text;
use crate::SharedState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::json::StrictJson;

#[derive(Serialize, schemars::JsonSchema)]
pub struct IdentityProvidersResponse {
    pub items: Vec<IdentityProviderView>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct LinkedIdentitiesResponse {
    pub items: Vec<LinkedIdentity>,
}

/// `GET /api/v1/identity-providers` (platform admins).
pub async fn list(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<IdentityProvidersResponse>> {
    Ok(Json(IdentityProvidersResponse {
        items: state.app.identity_providers(&caller).await?,
    }))
}

/// `POST /api/v1/identity-providers` (platform admins): the issuer's discovery document is
/// read before the provider is stored.
pub async fn add(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<IdentityProviderView>)> {
    let creates_accounts = match document.get("creates_accounts") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(value)) => *value,
        Some(_) => {
            return Err(ApiError::violation(
                model::ViolationCode::InvalidType,
                "`creates_accounts` must be true or false".to_owned(),
            )
            .with_element("creates_accounts"));
        }
    };
    let scopes = match document.get("scopes") {
        None | Some(Value::Null) => "email profile",
        Some(_) => text(&document, "scopes")?,
    };
    let new = NewIdentityProvider {
        name: text(&document, "name")?.to_owned(),
        issuer: text(&document, "issuer")?.to_owned(),
        client_id: text(&document, "client_id")?.to_owned(),
        client_secret: text(&document, "client_secret")?.to_owned(),
        scopes: scopes.to_owned(),
        creates_accounts,
    };
    let view = state.app.add_identity_provider(&caller, &new).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `POST /api/v1/identity-providers/{id}/disable` (platform admins).
pub async fn disable(
    state: State<SharedState>,
    caller: Caller,
    id: Path<String>,
) -> ApiResult<Json<IdentityProviderView>> {
    switch(state, caller, id, false).await
}

/// `POST /api/v1/identity-providers/{id}/enable` (platform admins).
pub async fn enable(
    state: State<SharedState>,
    caller: Caller,
    id: Path<String>,
) -> ApiResult<Json<IdentityProviderView>> {
    switch(state, caller, id, true).await
}

async fn switch(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    enabled: bool,
) -> ApiResult<Json<IdentityProviderView>> {
    Ok(Json(
        state
            .app
            .set_identity_provider_enabled(&caller, &id, enabled)
            .await?,
    ))
}

/// `GET /api/v1/me/identities`: the providers linked to the caller's account.
pub async fn linked(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<LinkedIdentitiesResponse>> {
    Ok(Json(LinkedIdentitiesResponse {
        items: state.app.linked_identities(&caller).await?,
    }))
}

/// `DELETE /api/v1/me/identities/{provider}`.
pub async fn unlink(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.unlink_identity(&caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
