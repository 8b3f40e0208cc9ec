//! API handlers of enrolment, results and credentials: enrol, record a result, issue, list,
//! suspend, reinstate, revoke, correct; the provider's keys. Every call is authorized against
//! the provider that owns the offering, enrolment or credential it touches.

use app::learning::{AssessmentRequest, EnrolmentRequest};
use app::signing::ProviderKeyInfo;
use app::{IssuerRight, Principal};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use model::learning::StatusChange;
use model::{
    Assessment, AssessmentId, CredentialId, CredentialRecord, CredentialState, Enrolment,
    EnrolmentId, OfferingId, ProviderId, Vocabulary,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::SharedState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::json::StrictJson;

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::new(ErrorCode::NotFound, format!("{what} `{id}` not found"))
}

pub(crate) fn credential_id(id: &str) -> ApiResult<CredentialId> {
    CredentialId::from_urn(id).map_err(|_| not_found("credential", id))
}

/// The issuing right over the provider that owns `offering` (403 for another provider's).
pub(crate) async fn right_for_offering(
    state: &SharedState,
    caller: &Principal,
    offering: &OfferingId,
) -> ApiResult<IssuerRight> {
    let owner = state.app.offering_owner(offering).await?;
    Ok(caller.issuer(&owner)?)
}

/// The issuing right for listings: the `provider` parameter, else the caller's own provider.
pub(crate) fn right_for_listing(
    caller: &Principal,
    provider: Option<&str>,
) -> ApiResult<IssuerRight> {
    let provider = match provider {
        Some(id) => ProviderId::parse(id).map_err(|message| {
            ApiError::new(ErrorCode::InvalidQueryParameter, message).with_element("provider")
        })?,
        None => caller.own_provider().cloned().ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidQueryParameter,
                "a platform admin names the provider: ?provider=…",
            )
            .with_element("provider")
        })?,
    };
    Ok(caller.issuer(&provider)?)
}

/// A page of items with the total and where the next page starts.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Page<T> {
    /// Every item the filter matches, on all pages.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    pub items: Vec<T>,
    /// Pass as `after` for the next page; absent on the last page. Paging by `after` costs
    /// the same on every page; a deep `offset` does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

impl<T> Page<T> {
    fn of(listing: app::Listing<T>, limit: usize, offset: usize) -> Page<T> {
        Page {
            total: listing.total,
            limit,
            offset,
            items: listing.items,
            next: listing.next.map(|cursor| cursor.to_param()),
        }
    }
}

#[derive(Deserialize)]
pub struct ListParams {
    provider: Option<String>,
    offering: Option<String>,
    state: Option<String>,
    /// Words in the learner's name (and, for enrolments, e-mail address or student number).
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    after: Option<String>,
}

impl ListParams {
    fn limit(&self) -> usize {
        self.limit.unwrap_or(50).clamp(1, 1_000)
    }

    fn after(&self, kind: app::ListingKind) -> ApiResult<Option<app::PageCursor>> {
        self.after
            .as_deref()
            .map(|text| {
                app::PageCursor::parse(text, kind).map_err(|message| {
                    ApiError::new(ErrorCode::InvalidQueryParameter, message).with_element("after")
                })
            })
            .transpose()
    }

    fn search(&self) -> ApiResult<Option<String>> {
        match self.q.as_deref().map(str::trim) {
            Some(q) if q.chars().count() > 200 => Err(ApiError::new(
                ErrorCode::InvalidQueryParameter,
                "the search is longer than 200 characters",
            )
            .with_element("q")),
            Some("") | None => Ok(None),
            Some(q) => Ok(Some(q.to_owned())),
        }
    }
}

fn optional_offering(id: Option<&str>) -> ApiResult<Option<OfferingId>> {
    id.map(|id| {
        OfferingId::parse(id).map_err(|message| {
            ApiError::new(ErrorCode::InvalidQueryParameter, message).with_element("offering")
        })
    })
    .transpose()
}

pub async fn enrol(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<Enrolment>)> {
    let request = EnrolmentRequest::from_json(&document, state.app.now().date())
        .map_err(app::AppError::from)?;
    let right = right_for_offering(&state, &caller, &request.offering_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(state.app.enrol(&right, &request).await?),
    ))
}

pub async fn enrolments(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Query(params): Query<ListParams>,
) -> ApiResult<Json<Page<Enrolment>>> {
    let right = right_for_listing(&caller, params.provider.as_deref())?;
    let offering = optional_offering(params.offering.as_deref())?;
    let limit = params.limit();
    let offset = params.offset.unwrap_or(0);
    let listing = state
        .app
        .enrolments(
            &right,
            app::EnrolmentFilter {
                offering,
                search: params.search()?,
                limit,
                offset,
                after: params.after(app::ListingKind::Enrolments)?,
                ..app::EnrolmentFilter::default()
            },
        )
        .await?;
    Ok(Json(Page::of(listing, limit, offset)))
}

/// An enrolment with its results.
#[derive(Serialize, schemars::JsonSchema)]
pub struct EnrolmentDetail {
    #[serde(flatten)]
    pub enrolment: Enrolment,
    pub assessments: Vec<Assessment>,
}

pub async fn enrolment(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<EnrolmentDetail>> {
    let id = EnrolmentId::parse(&id).map_err(|_| not_found("enrolment", &id))?;
    let (right, enrolment) = state.app.enrolment_as(&caller, &id).await?;
    Ok(Json(EnrolmentDetail {
        assessments: state.app.assessments(&right, &id).await?,
        enrolment,
    }))
}

/// A recorded result, with the credential when one was issued with it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct AssessmentResponse {
    pub assessment: Assessment,
    pub credential: Option<CredentialRecord>,
}

pub async fn record_assessment(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<AssessmentResponse>)> {
    let request = AssessmentRequest::from_json(&document).map_err(app::AppError::from)?;
    let (assessment, credential) = state.app.record_assessment_as(&caller, &request).await?;
    Ok((
        StatusCode::CREATED,
        Json(AssessmentResponse {
            assessment,
            credential,
        }),
    ))
}

pub async fn assessment(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Assessment>> {
    let id = AssessmentId::parse(&id).map_err(|_| not_found("assessment", &id))?;
    Ok(Json(state.app.assessment_as(&caller, &id).await?.1))
}

pub async fn credentials(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Query(params): Query<ListParams>,
) -> ApiResult<Json<Page<CredentialRecord>>> {
    let right = right_for_listing(&caller, params.provider.as_deref())?;
    let offering = optional_offering(params.offering.as_deref())?;
    let state_filter = params
        .state
        .as_deref()
        .map(|code| {
            CredentialState::from_code(code).ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidQueryParameter,
                    format!(
                        "`{code}` is not a credential state; allowed: {}",
                        CredentialState::allowed_codes().join(", ")
                    ),
                )
                .with_element("state")
            })
        })
        .transpose()?;
    let limit = params.limit();
    let offset = params.offset.unwrap_or(0);
    let listing = state
        .app
        .credentials(
            &right,
            app::CredentialFilter {
                offering,
                state: state_filter,
                search: params.search()?,
                limit,
                offset,
                after: params.after(app::ListingKind::Credentials)?,
                ..app::CredentialFilter::default()
            },
        )
        .await?;
    Ok(Json(Page::of(listing, limit, offset)))
}

pub(crate) async fn right_for_credential(
    state: &SharedState,
    caller: &Principal,
    id: &CredentialId,
) -> ApiResult<IssuerRight> {
    let credential = state.app.stored_credential(id).await?;
    Ok(caller.issuer(&credential.provider_id)?)
}

pub async fn credential(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<CredentialRecord>> {
    let id = credential_id(&id)?;
    let right = right_for_credential(&state, &caller, &id).await?;
    Ok(Json(state.app.credential(&right, &id).await?))
}

/// Issues the credential for a passed result: `{"assessment_id": "asm-…"}`.
pub async fn issue(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<CredentialRecord>)> {
    let id = match document.get("assessment_id") {
        Some(Value::String(id)) => AssessmentId::parse(id).map_err(|message| {
            ApiError::violation(model::ViolationCode::InvalidValue, message)
                .with_element("assessment_id")
        })?,
        _ => {
            return Err(ApiError::violation(
                model::ViolationCode::MissingElement,
                "`assessment_id` is mandatory: the passed result to issue the credential for",
            )
            .with_element("assessment_id"));
        }
    };
    if let Some(Value::Object(map)) = Some(&document)
        && let Some(unknown) = map.keys().find(|key| *key != "assessment_id")
    {
        return Err(ApiError::violation(
            model::ViolationCode::UnknownElement,
            format!("`{unknown}` is not an element here; allowed: assessment_id"),
        )
        .with_element(unknown.clone()));
    }
    let (right, _) = state.app.assessment_as(&caller, &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(state.app.issue_credential(&right, &id).await?),
    ))
}

fn reason_of(document: &Value, allowed: &[&str]) -> ApiResult<String> {
    if let Value::Object(map) = document
        && let Some(unknown) = map.keys().find(|key| !allowed.contains(&key.as_str()))
    {
        return Err(ApiError::violation(
            model::ViolationCode::UnknownElement,
            format!(
                "`{unknown}` is not an element here; allowed: {}",
                allowed.join(", ")
            ),
        )
        .with_element(unknown.clone()));
    }
    match document.get("reason") {
        Some(Value::String(reason)) => Ok(reason.clone()),
        Some(_) => Err(ApiError::violation(
            model::ViolationCode::InvalidType,
            "`reason` must be text",
        )
        .with_element("reason")),
        None => Err(ApiError::violation(
            model::ViolationCode::MissingElement,
            "`reason` is mandatory: say why (it is kept with the credential)",
        )
        .with_element("reason")),
    }
}

async fn change(
    state: SharedState,
    caller: Principal,
    id: String,
    document: Value,
    change: StatusChange,
) -> ApiResult<Json<CredentialRecord>> {
    let id = credential_id(&id)?;
    let reason = reason_of(&document, &["reason"])?;
    let right = right_for_credential(&state, &caller, &id).await?;
    Ok(Json(
        state
            .app
            .change_credential_status(&right, &id, change, &reason)
            .await?,
    ))
}

pub async fn revoke(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<CredentialRecord>> {
    change(state, caller, id, document, StatusChange::Revoke).await
}

pub async fn suspend(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<CredentialRecord>> {
    change(state, caller, id, document, StatusChange::Suspend).await
}

pub async fn reinstate(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<CredentialRecord>> {
    change(state, caller, id, document, StatusChange::Reinstate).await
}

/// Corrects a credential: `{"reason": …, "outcome": {…}}` (outcome optional). Answers the new
/// credential; the old one is revoked and points to it.
pub async fn correct(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<CredentialRecord>)> {
    let id = credential_id(&id)?;
    let reason = reason_of(&document, &["reason", "outcome"])?;
    let outcome = document
        .get("outcome")
        .map(model::AssessmentOutcome::from_json)
        .transpose()
        .map_err(app::AppError::from)?;
    let right = right_for_credential(&state, &caller, &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            state
                .app
                .correct_credential(&right, &id, outcome, &reason)
                .await?,
        ),
    ))
}

/// A provider's signing keys.
#[derive(Serialize, schemars::JsonSchema)]
pub struct KeysResponse {
    pub did: String,
    pub items: Vec<ProviderKeyInfo>,
}

pub async fn keys(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<KeysResponse>> {
    let provider = ProviderId::parse(&id).map_err(|_| not_found("provider", &id))?;
    caller.issuer(&provider)?;
    Ok(Json(KeysResponse {
        did: state.app.provider_did(&provider),
        items: state.app.provider_keys(&provider).await?,
    }))
}

/// Makes a new signing key and retires the current one (provider admin).
pub async fn rotate_key(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<(StatusCode, Json<ProviderKeyInfo>)> {
    let provider = ProviderId::parse(&id).map_err(|_| not_found("provider", &id))?;
    let admin = caller.provider_admin(&provider)?;
    Ok((
        StatusCode::CREATED,
        Json(state.app.rotate_provider_key(&admin).await?),
    ))
}
