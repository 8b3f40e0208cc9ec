//! API handlers of recognition (issue 12): anyone reads the published decisions (about
//! offerings); a receiving organisation's staff decide, withdraw and handle learners' requests;
//! a learner asks and follows their requests.

use app::recognition::{DecisionAbout, DecisionView, RequestDetail, RequestView};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use model::recognition::RecognitionTerms;
use model::vocab::RecognitionPurpose;
use model::{OfferingId, ViolationCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::providers::provider_id;
use crate::SharedState;
use crate::auth::{Caller, MaybeCaller};
use crate::error::{ApiError, ApiResult};
use crate::json::StrictJson;

#[derive(Serialize, schemars::JsonSchema)]
pub struct DecisionsResponse {
    pub items: Vec<DecisionView>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct RequestsResponse {
    pub items: Vec<RequestView>,
}

/// The body of a decision: what it is about and its terms.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionForm {
    pub about: DecisionAbout,
    pub terms: RecognitionTerms,
}

/// The body of a learner's request.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestForm {
    /// The receiving organisation asked.
    pub organisation: String,
    /// A credential in the learner's wallet: its id (`urn:uuid:…`) or the import's id.
    pub credential: String,
    pub purpose: RecognitionPurpose,
    #[serde(default)]
    pub message: String,
}

#[derive(Deserialize)]
pub struct ListQuery {
    provider: Option<String>,
    offering: Option<String>,
}

fn body<T: serde::de::DeserializeOwned>(document: Value, what: &str) -> ApiResult<T> {
    serde_json::from_value(document).map_err(|error| {
        ApiError::violation(ViolationCode::InvalidValue, format!("{what}: {error}"))
    })
}

/// `GET /api/v1/recognitions[?provider=][&offering=]`: the live published decisions.
pub async fn list(
    State(state): State<SharedState>,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<DecisionsResponse>> {
    let provider = query.provider.as_deref().map(provider_id).transpose()?;
    let offering = query
        .offering
        .as_deref()
        .map(|id| {
            OfferingId::parse(id).map_err(|reason| {
                ApiError::violation(ViolationCode::InvalidValue, reason).with_element("offering")
            })
        })
        .transpose()?;
    Ok(Json(DecisionsResponse {
        items: state
            .app
            .recognitions(provider.as_ref(), offering.as_ref())
            .await?,
    }))
}

/// `GET /api/v1/recognitions/{id}`: one decision (one about a single credential only for its
/// organisation's staff).
pub async fn show(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<DecisionView>> {
    Ok(Json(state.app.recognition(caller.as_ref(), &id).await?))
}

/// `POST /api/v1/providers/{id}/recognitions`: the organisation's staff record a decision.
pub async fn decide(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<DecisionView>)> {
    let right = caller.issuer(&provider_id(&id)?)?;
    let form: DecisionForm = body(document, "the decision")?;
    let view = state
        .app
        .decide_recognition(&right, form.about, form.terms)
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/v1/providers/{id}/recognitions`: every decision of the organisation (its staff).
pub async fn own(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<DecisionsResponse>> {
    let right = caller.issuer(&provider_id(&id)?)?;
    Ok(Json(DecisionsResponse {
        items: state.app.own_recognitions(&right).await?,
    }))
}

/// `POST /api/v1/providers/{id}/recognitions/{decision}/withdraw`.
pub async fn withdraw(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path((id, decision)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let right = caller.issuer(&provider_id(&id)?)?;
    state.app.withdraw_recognition(&right, &decision).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/providers/{id}/recognition-requests`: the requests made to the organisation.
pub async fn requests(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<RequestsResponse>> {
    let right = caller.issuer(&provider_id(&id)?)?;
    Ok(Json(RequestsResponse {
        items: state.app.recognition_requests(&right).await?,
    }))
}

/// `GET /api/v1/providers/{id}/recognition-requests/{request}`: one, with the credential sent
/// and its verification now.
pub async fn request(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path((id, request)): Path<(String, String)>,
) -> ApiResult<Json<RequestDetail>> {
    let right = caller.issuer(&provider_id(&id)?)?;
    Ok(Json(state.app.recognition_request(&right, &request).await?))
}

/// `POST /api/v1/me/recognition-requests`: the learner asks.
pub async fn ask(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<RequestView>)> {
    let learner = caller.learner()?;
    let form: RequestForm = body(document, "the request")?;
    let organisation =
        provider_id(&form.organisation).map_err(|error| error.with_element("organisation"))?;
    let view = state
        .app
        .request_recognition(
            &learner,
            &organisation,
            &form.credential,
            form.purpose,
            &form.message,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// `GET /api/v1/me/recognition-requests`: the learner's requests and the decisions made.
pub async fn mine(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<RequestsResponse>> {
    let learner = caller.learner()?;
    Ok(Json(RequestsResponse {
        items: state.app.my_recognition_requests(&learner).await?,
    }))
}

/// `DELETE /api/v1/me/recognition-requests/{id}`: the learner withdraws an undecided request.
pub async fn withdraw_mine(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let learner = caller.learner()?;
    state
        .app
        .withdraw_recognition_request(&learner, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
