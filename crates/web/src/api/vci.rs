//! OpenID4VCI endpoints (issue 13): the issuer's and authorization server's metadata, offers by
//! reference, the token, nonce and credential endpoints — their errors in the specification's
//! shape (`{"error", "error_description"}`) — and the learner's API to make an offer.

use app::vci::{OfferCreated, VciError};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::SharedState;
use crate::auth::Caller;
use crate::body::LimitedBody;
use crate::error::ApiResult;
use crate::json::StrictJson;

/// Largest token or credential request accepted.
const MAX_REQUEST_BYTES: usize = 64 * 1024;

pub(crate) fn vci_error(error: VciError) -> Response {
    let status = StatusCode::from_u16(error.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = (
        status,
        Json(json!({"error": error.error, "error_description": error.description})),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"invalid_token\""),
        );
    }
    response
}

pub(crate) fn no_store(value: Value) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Json(value)).into_response()
}

/// `GET /.well-known/openid-credential-issuer`.
pub async fn issuer_metadata(State(state): State<SharedState>) -> Json<Value> {
    Json(state.app.vci_issuer_metadata())
}

/// `GET /.well-known/oauth-authorization-server`.
pub async fn authorization_metadata(State(state): State<SharedState>) -> Json<Value> {
    Json(state.app.vci_authorization_metadata())
}

/// `GET /oid4vci/offers/{id}`: a live offer's document (what `credential_offer_uri` names).
pub async fn offer(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    Ok(no_store(state.app.credential_offer(&id).await?))
}

/// `POST /oid4vci/token` (form-encoded): the pre-authorized code grant.
pub async fn token(
    State(state): State<SharedState>,
    LimitedBody(body): LimitedBody<MAX_REQUEST_BYTES>,
) -> Response {
    let form: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(form) => form,
        Err(error) => {
            return vci_error(VciError {
                status: 400,
                error: "invalid_request",
                description: format!(
                    "the body is not a form (application/x-www-form-urlencoded): {error}"
                ),
            });
        }
    };
    match state.app.vci_token(&form).await {
        Ok(answer) => no_store(answer),
        Err(error) => vci_error(error),
    }
}

/// `POST /oid4vci/nonce`.
pub async fn nonce(State(state): State<SharedState>) -> ApiResult<Response> {
    Ok(no_store(state.app.vci_nonce().await?))
}

/// `POST /oid4vci/credential` with the access token as `Authorization: Bearer`.
pub async fn credential(
    State(state): State<SharedState>,
    headers: HeaderMap,
    LimitedBody(body): LimitedBody<MAX_REQUEST_BYTES>,
) -> Response {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let request: Value = match model::strict_json::parse_strict(&body) {
        Ok(request) => request,
        Err(error) => {
            return vci_error(VciError {
                status: 400,
                error: "invalid_credential_request",
                description: format!("the request is not JSON: {error}"),
            });
        }
    };
    match state.app.vci_credential(bearer, &request).await {
        Ok(answer) => no_store(answer),
        Err(error) => vci_error(error),
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferRequest {
    /// A credential of the wallet (`urn:uuid:…`).
    pub credential: String,
    /// Protect the offer with a transaction code the learner types into the wallet.
    #[serde(default)]
    pub tx_code: bool,
}

/// `POST /api/v1/me/credential-offers`: the learner offers a credential to a wallet.
pub async fn create_offer(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<OfferCreated>)> {
    let learner = caller.learner()?;
    let request: OfferRequest = serde_json::from_value(document).map_err(|error| {
        crate::error::ApiError::violation(
            model::ViolationCode::InvalidValue,
            format!("the offer request: {error}"),
        )
    })?;
    let offer = state
        .app
        .create_credential_offer(&learner, &request.credential, request.tx_code)
        .await?;
    Ok((StatusCode::CREATED, Json(offer)))
}

/// `POST /api/v1/credentials/{id}/offer`: the provider's issuers offer a credential to the
/// learner's wallet; the transaction code is mailed to the learner, not answered.
pub async fn offer_as_issuer(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<OfferCreated>)> {
    let id = super::issuing::credential_id(&id)?;
    let right = super::issuing::right_for_credential(&state, &caller, &id).await?;
    let offer = state.app.offer_credential_as_issuer(&right, &id).await?;
    Ok((StatusCode::CREATED, Json(offer)))
}
