//! API handlers of the learner's wallet under `/api/v1/me/…` (the learner signs in with
//! `POST /api/v1/sessions` and sends the session as a bearer token), a provider's student-number
//! confirmations, and share links opened as JSON (`GET /api/v1/shared/{token}`).

use app::wallet::{
    ImportedView, NewShare, ShareLinkView, StudentNumber, StudentNumberRequest, Wallet,
};
use app::{LearnerRight, Principal};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{ProviderId, ViolationCode};
use serde::Serialize;
use serde_json::Value;

use super::accounts::text;
use super::providers::provider_id;
use crate::SharedState;
use crate::auth::Caller;
use crate::body::LimitedBody;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::json::StrictJson;

/// A share link just made, with its address (shown once).
#[derive(Serialize, schemars::JsonSchema)]
pub struct NewShareResponse {
    pub link: ShareLinkView,
    pub url: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct OpeningsResponse {
    /// RFC 3339, newest first.
    pub items: Vec<String>,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct DidResponse {
    pub did: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct StudentNumberRequests {
    pub items: Vec<StudentNumberRequest>,
}

/// A session for the API, made from an address and password.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SessionResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// One credential of a share link, verified now.
#[derive(Serialize, schemars::JsonSchema)]
pub struct SharedCredentialResponse {
    /// `issued` here or `imported` by the holder.
    pub kind: String,
    pub id: String,
    pub credential: Value,
    pub verification: super::public::VerifyResponse,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct SharedResponse {
    pub expires_at: String,
    pub credentials: Vec<SharedCredentialResponse>,
}

fn learner(caller: &Principal) -> ApiResult<LearnerRight> {
    Ok(caller.learner()?)
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    vc::ob3::timestamp(at)
}

/// `POST /api/v1/sessions`: signs in with `email` and `password`; the same answers (and waits)
/// as the sign-in page.
pub async fn sign_in(
    State(state): State<SharedState>,
    peer: Option<axum::Extension<crate::PeerAddress>>,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<SessionResponse>)> {
    let address = peer.map_or_else(|| "unknown".to_owned(), |peer| peer.0.0.to_string());
    let (_, token, expires_at) = state
        .app
        .sign_in_with_password(
            text(&document, "email")?,
            text(&document, "password")?,
            &address,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionResponse {
            token,
            expires_at: rfc3339(expires_at),
        }),
    ))
}

/// `GET /api/v1/me/wallet`.
pub async fn wallet(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<Wallet>> {
    Ok(Json(state.app.wallet(&learner(&caller)?).await?))
}

/// `POST /api/v1/me/addresses` with `email`: mails a confirmation link (202).
pub async fn add_address(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<StatusCode> {
    state
        .app
        .add_address(&learner(&caller)?, text(&document, "email")?)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// `DELETE /api/v1/me/addresses/{email}`.
pub async fn remove_address(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(email): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.remove_address(&learner(&caller)?, &email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/me/student-numbers` with `provider_id` and `student_number`.
pub async fn claim_student_number(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<StudentNumber>)> {
    let provider = ProviderId::parse(text(&document, "provider_id")?).map_err(|reason| {
        ApiError::violation(ViolationCode::InvalidValue, reason).with_element("provider_id")
    })?;
    let claim = state
        .app
        .claim_student_number(
            &learner(&caller)?,
            &provider,
            text(&document, "student_number")?,
        )
        .await?;
    Ok((StatusCode::CREATED, Json(claim)))
}

/// `DELETE /api/v1/me/student-numbers/{id}`.
pub async fn withdraw_student_number(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .app
        .withdraw_student_number(&learner(&caller)?, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/me/did`: makes the learner's did:key (or returns the one made before).
pub async fn make_did(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<DidResponse>> {
    Ok(Json(DidResponse {
        did: state.app.make_learner_did(&learner(&caller)?).await?,
    }))
}

/// `PUT /api/v1/me/did` with `did`: a DID of the learner's own wallet, bound to future
/// credentials (the register holds no key for it).
pub async fn own_did(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<DidResponse>> {
    Ok(Json(DidResponse {
        did: state
            .app
            .use_own_did(&learner(&caller)?, text(&document, "did")?)
            .await?,
    }))
}

/// `POST /api/v1/me/share-links` with `name`, `credentials`, `expires_on`, `view_limit`.
pub async fn create_share_link(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<NewShareResponse>)> {
    let share: NewShare = serde_json::from_value(document).map_err(|error| {
        ApiError::violation(
            ViolationCode::InvalidValue,
            format!("the share link: {error}"),
        )
    })?;
    let (link, url) = state
        .app
        .create_share_link(&learner(&caller)?, &share)
        .await?;
    Ok((StatusCode::CREATED, Json(NewShareResponse { link, url })))
}

/// `GET /api/v1/me/share-links/{id}/openings`.
pub async fn share_link_openings(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<OpeningsResponse>> {
    let items = state
        .app
        .share_link_openings(&learner(&caller)?, &id)
        .await?;
    Ok(Json(OpeningsResponse {
        items: items.into_iter().map(rfc3339).collect(),
    }))
}

/// `POST /api/v1/me/share-links/{id}/revoke`.
pub async fn revoke_share_link(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.app.revoke_share_link(&learner(&caller)?, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/me/presentations` with `credentials`, `challenge` and `domain`: a
/// Verifiable Presentation signed by the learner's did:key.
pub async fn present(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<Json<Value>> {
    let ids: Vec<String> = document
        .get("credentials")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .ok_or_else(|| {
            ApiError::violation(
                ViolationCode::MissingElement,
                "`credentials` is missing or not a list of ids",
            )
            .with_element("credentials")
        })?;
    let presentation = state
        .app
        .present(
            &learner(&caller)?,
            &ids,
            text(&document, "challenge")?,
            text(&document, "domain")?,
        )
        .await?;
    Ok(Json(presentation))
}

/// `POST /api/v1/me/imported` with the credential as the body (JSON-LD, or a PDF carrying one).
pub async fn import(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    LimitedBody(body): LimitedBody<{ app::wallet::MAX_IMPORT_BYTES }>,
) -> ApiResult<(StatusCode, Json<ImportedView>)> {
    let imported = state
        .app
        .import_credential(&learner(&caller)?, &body)
        .await?;
    Ok((StatusCode::CREATED, Json(imported)))
}

/// `DELETE /api/v1/me/imported/{id}`.
pub async fn remove_imported(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state
        .app
        .remove_imported_credential(&learner(&caller)?, &id)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/me/export`: everything the register holds about the learner, as a zip.
pub async fn export(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Response> {
    let zip = state.app.export_wallet(&learner(&caller)?).await?;
    let mut response = zip.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"microcred-wallet.zip\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `POST /api/v1/me/erase` with `password`: erases the account.
pub async fn erase(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<StatusCode> {
    state
        .app
        .erase_account(&learner(&caller)?, text(&document, "password")?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A token just made, with its secret (shown once).
#[derive(Serialize, schemars::JsonSchema)]
pub struct NewTokenResponse {
    pub token: model::ApiToken,
    pub secret: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct TokensResponse {
    pub items: Vec<model::ApiToken>,
}

/// `GET /api/v1/me/tokens`: the signed-in staff member's API tokens.
pub async fn own_tokens(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<TokensResponse>> {
    Ok(Json(TokensResponse {
        items: state.app.own_tokens(&caller).await?,
    }))
}

/// `POST /api/v1/me/tokens` with `label` and `days` (1–366, default 90).
pub async fn create_own_token(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<NewTokenResponse>)> {
    let days = match document.get("days") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.as_i64().ok_or_else(|| {
            ApiError::violation(ViolationCode::InvalidType, "`days` is a whole number")
                .with_element("days")
        })?),
    };
    let (token, secret) = state
        .app
        .create_own_token(&caller, text(&document, "label")?, days)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(NewTokenResponse { token, secret }),
    ))
}

/// `DELETE /api/v1/me/tokens/{id}`.
pub async fn revoke_own_token(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = model::TokenId::parse(&id)
        .map_err(|_| ApiError::new(ErrorCode::NotFound, format!("token `{id}` not found")))?;
    state.app.revoke_own_token(&caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/providers/{id}/tokens`: every token of the provider with its owner (its
/// admins, platform admins).
pub async fn provider_tokens(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<TokensResponse>> {
    let admin = caller.provider_admin(&provider_id(&id)?)?;
    Ok(Json(TokensResponse {
        items: state.app.provider_tokens(&admin).await?,
    }))
}

/// `GET /api/v1/providers/{id}/student-numbers`: the claims waiting for the provider.
pub async fn student_number_requests(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<StudentNumberRequests>> {
    let right = caller.issuer(&provider_id(&id)?)?;
    Ok(Json(StudentNumberRequests {
        items: state.app.student_number_requests(&right).await?,
    }))
}

/// `POST /api/v1/providers/{id}/student-numbers/{claim}/{confirm|refuse}`.
pub async fn decide_student_number(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path((id, claim, decision)): Path<(String, String, String)>,
) -> ApiResult<StatusCode> {
    let confirm = match decision.as_str() {
        "confirm" => true,
        "refuse" => false,
        other => {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!("`{other}` is neither confirm nor refuse"),
            ));
        }
    };
    let right = caller.issuer(&provider_id(&id)?)?;
    state
        .app
        .decide_student_number(&right, &caller, &claim, confirm)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/shared/{token}`: a share link's credentials, each verified now (counts as an
/// opening, like the page).
pub async fn shared(
    State(state): State<SharedState>,
    Path(token): Path<String>,
) -> ApiResult<Response> {
    let view = state.app.open_share_link(&token).await?;
    let body = SharedResponse {
        expires_at: rfc3339(view.expires_at),
        credentials: view
            .credentials
            .into_iter()
            .map(|credential| SharedCredentialResponse {
                kind: credential.kind.to_owned(),
                verification: super::public::verify_response(
                    &credential.verification,
                    model::UiLang::En,
                ),
                id: credential.id,
                credential: credential.document,
            })
            .collect(),
    };
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
