//! The wallet protocols' other endpoints (issue 13): OpenID4VCI's notification endpoint, the
//! SD-JWT VC type metadata, Token Status Lists, and OpenID4VP — a verifier's presentation
//! requests (`POST /api/v1/presentation-requests`, anyone) and the wallet's `direct_post`
//! answer (`POST /oid4vp/responses/{id}`), with errors in OAuth's shape.

use app::vp::{VpQuery, VpRequestCreated, VpRequestView};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::vci::{no_store, vci_error};
use crate::SharedState;
use crate::body::LimitedBody;
use crate::error::{ApiError, ApiResult};
use crate::json::StrictJson;

/// Largest notification accepted.
const MAX_NOTIFICATION_BYTES: usize = 16 * 1024;
/// Largest wallet answer accepted (a presentation of one credential is a few KiB).
const MAX_RESPONSE_BYTES: usize = 640 * 1024;

/// `POST /oid4vci/notification` with the access token: 204.
pub async fn notification(
    State(state): State<SharedState>,
    headers: HeaderMap,
    LimitedBody(body): LimitedBody<MAX_NOTIFICATION_BYTES>,
) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let request: Value = model::strict_json::parse_strict(&body).unwrap_or(Value::Null);
    match state.app.vci_notification(bearer, &request).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => vci_error(error),
    }
}

/// `GET /vct/micro-credential`: the SD-JWT VC type metadata.
pub async fn type_metadata(State(state): State<SharedState>) -> Json<Value> {
    Json(state.app.vct_metadata())
}

/// `GET /status/tokens/{provider}/{list}`: a Token Status List (`statuslist+jwt`).
pub async fn token_status_list(
    State(state): State<SharedState>,
    Path((provider, list)): Path<(String, String)>,
) -> ApiResult<Response> {
    let not_found = || {
        ApiError::new(
            crate::error::ErrorCode::NotFound,
            format!("token status list `{provider}/{list}` not found"),
        )
    };
    let provider_id = model::ProviderId::parse(&provider).map_err(|_| not_found())?;
    let number = list.parse::<u32>().map_err(|_| not_found())?;
    let jwt = state.app.token_status_list(&provider_id, number).await?;
    let mut response = (StatusCode::OK, jwt).into_response();
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/statuslist+jwt"),
    );
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    Ok(response)
}

/// `POST /api/v1/presentation-requests`: a verifier's request for a micro-credential.
pub async fn create_request(
    State(state): State<SharedState>,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<VpRequestCreated>)> {
    let query: VpQuery = serde_json::from_value(document).map_err(|error| {
        ApiError::violation(
            model::ViolationCode::InvalidValue,
            format!("the presentation request: {error}"),
        )
    })?;
    let created = state.app.create_vp_request(query).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// `GET /api/v1/presentation-requests/{view}`: the request and, once a wallet answered, the
/// verified result — for whoever holds the view key.
pub async fn request_view(
    State(state): State<SharedState>,
    Path(view): Path<String>,
) -> ApiResult<Response> {
    let view: VpRequestView = state.app.vp_request_view(&view).await?;
    Ok(no_store(serde_json::to_value(view).unwrap_or_default()))
}

/// `POST /oid4vp/responses/{id}` (form-encoded `vp_token`, `state`): the wallet's answer.
pub async fn response(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    LimitedBody(body): LimitedBody<MAX_RESPONSE_BYTES>,
) -> Response {
    let form: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(form) => form,
        Err(error) => {
            return vci_error(app::vci::VciError {
                status: 400,
                error: "invalid_request",
                description: format!("the body is not a form: {error}"),
            });
        }
    };
    match state.app.vp_response(&id, &form).await {
        Ok(answer) => no_store(answer),
        Err(error) => vci_error(error),
    }
}

/// `GET /interactions/{id}?iuv=1`: the protocols an offer can be picked up with (VC-API
/// interaction URL, as the Learner Credential Wallet reads it).
pub async fn interaction(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(no_store(state.app.interaction(&id).await?))
}

/// `POST /exchanges/{id}`: a VC-API exchange step (`{}`, then `{verifiablePresentation}`).
pub async fn exchange(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    StrictJson(body): StrictJson,
) -> ApiResult<Response> {
    Ok(no_store(state.app.exchange_step(&id, &body).await?))
}
