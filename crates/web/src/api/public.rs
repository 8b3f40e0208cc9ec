//! What anyone may fetch without an account: verification of any credential, the providers'
//! DID documents, the signed status lists (cacheable, revalidated on every use), the trust
//! list, and a stored credential's downloads by its (unguessable) id.

use app::status::StatusListId;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{ProviderId, UiLang};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SharedState;
use crate::body::LimitedBody;
use crate::error::{ApiError, ApiResult, ErrorCode};

#[derive(Deserialize)]
pub struct LangParam {
    lang: Option<String>,
}

/// `POST /api/v1/verify`'s parameters: the language, and for a presentation the challenge and
/// domain the verifier gave the holder.
#[derive(Deserialize)]
pub struct VerifyParams {
    lang: Option<String>,
    challenge: Option<String>,
    domain: Option<String>,
}

/// Who presented, and to what challenge and domain (read from the holder's proof).
#[derive(Serialize, schemars::JsonSchema)]
pub struct PresentationSummary {
    pub holder: Option<String>,
    pub challenge: Option<String>,
    pub domain: Option<String>,
}

fn lang_of(param: Option<&str>) -> UiLang {
    param.and_then(UiLang::from_code).unwrap_or(UiLang::En)
}

/// The verification report: one line per check, Annex I completeness, and what the credential
/// says, labelled.
#[derive(Serialize, schemars::JsonSchema)]
pub struct VerifyResponse {
    /// No check failed and the proof was checked and valid.
    pub verified: bool,
    #[schemars(with = "Value")]
    pub checks: Value,
    /// Annex I completeness of the signed data; `null` when the signature did not verify.
    #[schemars(with = "Value")]
    pub annex_i: Value,
    /// What the credential says, read from the signed data only; empty when the signature
    /// did not verify (nothing in it can then be vouched for).
    pub content: Vec<ContentRow>,
    /// For a presentation: its holder, challenge and domain. `checks` are then the
    /// presentation's own (holder proof, challenge, domain) and `verified` also needs every
    /// credential inside to verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presentation: Option<PresentationSummary>,
    /// For a presentation: the report of each credential inside.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<VerifyResponse>,
    /// A stacked credential's parts and their state now (a part revoked after the award is
    /// reported here; the stacked credential's own checks are unchanged).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<app::verification::PartFinding>,
    /// The live recognition decisions that apply to the credential today.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recognitions: Vec<app::recognition::DecisionView>,
}

/// One element of what a credential says: its stable code, its label and its value as text
/// (lines split by `\n`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ContentRow {
    pub element: String,
    pub label: String,
    pub value: String,
}

impl From<vc::content::ContentRow> for ContentRow {
    fn from(row: vc::content::ContentRow) -> Self {
        ContentRow {
            element: row.element.to_owned(),
            label: row.label.to_owned(),
            value: row.value,
        }
    }
}

pub(crate) fn verify_response(
    verification: &app::verification::Verification,
    lang: UiLang,
) -> VerifyResponse {
    let report = &verification.report;
    VerifyResponse {
        verified: report.verified,
        checks: serde_json::to_value(&report.checks).unwrap_or(Value::Null),
        annex_i: serde_json::to_value(&report.annex_i).unwrap_or(Value::Null),
        content: verification
            .report
            .content(lang)
            .into_iter()
            .map(ContentRow::from)
            .collect(),
        presentation: None,
        credentials: Vec::new(),
        parts: verification.register.parts.clone(),
        recognitions: verification.register.recognitions.clone(),
    }
}

/// `POST /api/v1/verify` with a credential or a presentation as the body (JSON, up to 4 MiB):
/// the report. One that fails is still a 200 answer: the report says why.
pub async fn verify(
    State(state): State<SharedState>,
    Query(params): Query<VerifyParams>,
    LimitedBody(body): LimitedBody<{ app::verification::MAX_CREDENTIAL_BYTES }>,
) -> ApiResult<Json<VerifyResponse>> {
    let lang = lang_of(params.lang.as_deref());
    let parsed = vc::json::parse(&body);
    if parsed
        .as_ref()
        .is_ok_and(app::presentations::is_presentation)
    {
        let verification = state
            .app
            .verify_parsed_presentation(
                parsed,
                params.challenge.as_deref(),
                params.domain.as_deref(),
            )
            .await?;
        return Ok(Json(presentation_response(&verification, lang)));
    }
    let verification = state.app.verify_parsed(parsed).await?;
    Ok(Json(verify_response(&verification, lang)))
}

pub(crate) fn presentation_response(
    verification: &app::presentations::PresentationVerification,
    lang: UiLang,
) -> VerifyResponse {
    let report = &verification.report;
    VerifyResponse {
        verified: verification.verified(),
        checks: serde_json::to_value(&report.checks).unwrap_or(Value::Null),
        annex_i: Value::Null,
        content: Vec::new(),
        parts: Vec::new(),
        recognitions: Vec::new(),
        presentation: Some(PresentationSummary {
            holder: report.holder.clone(),
            challenge: report.challenge.clone(),
            domain: report.domain.clone(),
        }),
        credentials: verification
            .credentials
            .iter()
            .map(|credential| verify_response(credential, lang))
            .collect(),
    }
}

/// `GET /providers/{slug}/did.json`: the provider's DID document (did:web).
pub async fn did_document(
    State(state): State<SharedState>,
    Path(slug): Path<String>,
) -> ApiResult<Response> {
    let provider = ProviderId::parse(&slug)
        .map_err(|_| ApiError::new(ErrorCode::NotFound, format!("provider `{slug}` not found")))?;
    let document = state.app.did_document(&provider).await?;
    let mut response = Json(document).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/did+json"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(response)
}

/// `GET /status/{list-id}`: the signed BitstringStatusListCredential. Any cache may keep it but
/// must revalidate on every use (ETag = revision), so a revocation shows at the next fetch.
pub async fn status_list(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let list_id = StatusListId::parse(&id).ok_or_else(|| {
        ApiError::new(ErrorCode::NotFound, format!("status list `{id}` not found"))
    })?;
    let list = state.app.status_list(&list_id).await?;
    let etag = format!("\"{}-{}\"", list_id.as_string(), list.revision);
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    let mut response = if matches {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (StatusCode::OK, list.document).into_response()
    };
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vc+ld+json"),
    );
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, no-cache"),
    );
    out.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        out.insert(header::ETAG, value);
    }
    Ok(response)
}

/// `GET /api/v1/trusted-issuers`: every issuer this register trusts (its published providers
/// and imported lists), with name and source, in the form `microcred vc verify --trust-list`
/// and another register's import read.
pub async fn trusted_issuers(State(state): State<SharedState>) -> ApiResult<Json<Value>> {
    let issuers: Vec<Value> = state
        .app
        .trust_list()
        .await?
        .into_iter()
        .map(|issuer| json!({ "id": issuer.id, "name": issuer.name, "source": issuer.source }))
        .collect();
    Ok(Json(json!({ "issuers": issuers })))
}

/// `PUT /api/v1/trusted-issuers/{source}` (platform admin): replaces the imported list `source`
/// with the body `{"issuers": [{"id", "name"}]}`.
pub async fn import_trust_list(
    State(state): State<SharedState>,
    crate::auth::Caller(caller): crate::auth::Caller,
    Path(source): Path<String>,
    crate::json::StrictJson(document): crate::json::StrictJson,
) -> ApiResult<Json<Value>> {
    let admin = caller.platform_admin()?;
    let count = state
        .app
        .import_trust_list(&admin, &source, &document)
        .await?;
    Ok(Json(json!({ "source": source, "issuers": count })))
}

/// `GET /credentials/{id}/credential.json`: the signed credential as issued.
pub async fn credential_json(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = super::issuing::credential_id(&id)?;
    let record = state.app.stored_credential(&id).await?;
    let bytes = serde_json::to_vec_pretty(&record.credential).unwrap_or_default();
    Ok(super::imports::download(
        bytes,
        "application/vc+ld+json",
        &format!("credential-{}.json", id.as_str()),
    ))
}

/// `GET /credentials/{id}/elm.json`: the ELM 3 export (Europass), unsigned.
pub async fn credential_elm(
    State(state): State<SharedState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = super::issuing::credential_id(&id)?;
    let elm = state.app.elm_export(&id).await?;
    let bytes = serde_json::to_vec_pretty(&elm).unwrap_or_default();
    Ok(super::imports::download(
        bytes,
        "application/ld+json",
        &format!("credential-{}-elm.json", id.as_str()),
    ))
}

/// `GET /credentials/{id}/certificate.pdf?lang=nl|en`: the printable certificate.
pub async fn credential_pdf(
    State(state): State<SharedState>,
    Path(id): Path<String>,
    Query(params): Query<LangParam>,
) -> ApiResult<Response> {
    let id = super::issuing::credential_id(&id)?;
    let pdf = state
        .app
        .certificate_pdf(&id, lang_of(params.lang.as_deref()))
        .await?;
    Ok(super::imports::download(
        pdf,
        "application/pdf",
        &format!("certificate-{}.pdf", id.as_str()),
    ))
}
