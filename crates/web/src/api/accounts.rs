//! API handlers of people's accounts: sign-up and password reset (anyone; the same answer
//! whether the address has an account or not), a provider's staff (list, invite, remove) for
//! its admins and platform admins, every account for platform admins, the audit log, and the
//! caller itself (`/api/v1/me`).

use app::accounts::{Invitation, SignUp};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use model::{Account, AccountId, Role};
use serde::Serialize;
use serde_json::Value;

use super::providers::provider_id;
use crate::SharedState;
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::json::StrictJson;

#[derive(Serialize, schemars::JsonSchema)]
pub struct AccountsResponse {
    pub items: Vec<Account>,
}

/// What happened to a request whose answer must not tell whether an address has an account.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Accepted {
    pub message: String,
}

/// One line of the audit log.
#[derive(Serialize, schemars::JsonSchema)]
pub struct AuditLine {
    pub id: String,
    /// RFC 3339.
    pub at: String,
    /// An account id, a token id, or `operator`.
    pub actor: String,
    pub actor_label: String,
    pub provider_id: Option<String>,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[derive(Serialize, schemars::JsonSchema)]
pub struct AuditResponse {
    pub items: Vec<AuditLine>,
    /// The `before` of the next (older) page, if there is one.
    pub next: Option<String>,
}

/// Who the caller is.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Me {
    /// `platform_admin`, `provider_admin`, `issuer`, `analyst`, or `learner`.
    pub role: String,
    pub provider_id: Option<String>,
    pub label: String,
    /// The account, when the caller signed in with one.
    pub account: Option<Account>,
}

/// A text field of a JSON body (422 `missing_element` naming it when absent or not text).
pub(crate) fn text<'v>(document: &'v Value, key: &str) -> ApiResult<&'v str> {
    document.get(key).and_then(Value::as_str).ok_or_else(|| {
        ApiError::violation(
            model::ViolationCode::MissingElement,
            format!("`{key}` is missing or not text"),
        )
        .with_element(key)
    })
}

/// `POST /api/v1/accounts`: a learner signs up; the confirmation link is mailed.
pub async fn sign_up(
    State(state): State<SharedState>,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    let form = SignUp {
        name: text(&document, "name")?.to_owned(),
        email: text(&document, "email")?.to_owned(),
        password: text(&document, "password")?.to_owned(),
    };
    state.app.sign_up(&form).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: "a message is on its way to the address: follow its link".to_owned(),
        }),
    ))
}

/// `POST /api/v1/accounts/password-reset`: mails a link if the address has an account.
pub async fn password_reset(
    State(state): State<SharedState>,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    state
        .app
        .request_password_reset(text(&document, "email")?)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            message: "if the address has an account, a link is on its way".to_owned(),
        }),
    ))
}

/// `GET /api/v1/accounts`: every account (platform admins).
pub async fn list(
    State(state): State<SharedState>,
    Caller(caller): Caller,
) -> ApiResult<Json<AccountsResponse>> {
    Ok(Json(AccountsResponse {
        items: state.app.accounts(&caller, None).await?,
    }))
}

/// `GET /api/v1/providers/{id}/staff`.
pub async fn staff(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<AccountsResponse>> {
    let provider = provider_id(&id)?;
    Ok(Json(AccountsResponse {
        items: state.app.accounts(&caller, Some(&provider)).await?,
    }))
}

/// `POST /api/v1/providers/{id}/staff`: `{"name", "email", "role"}` (`provider_admin` or
/// `issuer`).
pub async fn invite(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
    StrictJson(document): StrictJson,
) -> ApiResult<(StatusCode, Json<Account>)> {
    let provider = provider_id(&id)?;
    let role = text(&document, "role")?;
    let role = Role::from_code(role)
        .filter(|role| matches!(role, Role::ProviderAdmin | Role::Issuer))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidState,
                format!("`{role}` is not a provider's role: provider_admin or issuer"),
            )
            .with_element("role")
        })?;
    let invitation = Invitation {
        name: text(&document, "name")?.to_owned(),
        email: text(&document, "email")?.to_owned(),
        role,
        provider: Some(provider),
    };
    Ok((
        StatusCode::CREATED,
        Json(state.app.invite_staff(&caller, &invitation).await?),
    ))
}

/// `DELETE /api/v1/providers/{id}/staff/{account}`.
pub async fn remove(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path((id, account)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let provider = provider_id(&id)?;
    let not_found = || {
        ApiError::new(
            ErrorCode::NotFound,
            format!("staff member `{account}` not found"),
        )
    };
    let account_id = AccountId::parse(&account).map_err(|_| not_found())?;
    // Only staff of the provider named in the path.
    let staff = state.app.accounts(&caller, Some(&provider)).await?;
    if !staff.iter().any(|member| member.id == account_id) {
        return Err(not_found());
    }
    state.app.disable_account(&caller, &account_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/audit?provider=&before=&limit=`.
pub async fn audit(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Query(query): Query<Vec<(String, String)>>,
) -> ApiResult<Json<AuditResponse>> {
    let value = |name: &str| {
        query
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let provider = value("provider").map(provider_id).transpose()?;
    let invalid = |name: &str, why: &str| {
        ApiError::new(ErrorCode::InvalidQueryParameter, format!("`{name}`: {why}"))
            .with_element(name)
    };
    let before = value("before")
        .map(|before| {
            let (at, id) = before
                .split_once('|')
                .ok_or_else(|| invalid("before", "the `next` of the previous page"))?;
            let at =
                time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
                    .map_err(|_| invalid("before", "the `next` of the previous page"))?;
            Ok::<_, ApiError>((at, id.to_owned()))
        })
        .transpose()?;
    let limit = match value("limit") {
        Some(limit) => limit
            .parse::<usize>()
            .ok()
            .filter(|limit| (1..=500).contains(limit))
            .ok_or_else(|| invalid("limit", "a number from 1 to 500"))?,
        None => 50,
    };
    let entries = state
        .app
        .audit_log(&caller, provider.as_ref(), before, limit)
        .await?;
    let rfc3339 = |at: time::OffsetDateTime| {
        at.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let next = (entries.len() == limit)
        .then(|| entries.last())
        .flatten()
        .map(|last| format!("{}|{}", rfc3339(last.at), last.id));
    Ok(Json(AuditResponse {
        items: entries
            .into_iter()
            .map(|entry| AuditLine {
                id: entry.id,
                at: rfc3339(entry.at),
                actor: entry.actor,
                actor_label: entry.actor_label,
                provider_id: entry.provider_id.map(|id| id.to_string()),
                action: entry.action,
                subject: entry.subject,
                detail: entry.detail,
            })
            .collect(),
        next,
    }))
}

/// `GET /api/v1/me`: the caller.
pub async fn me(Caller(caller): Caller) -> ApiResult<Json<Me>> {
    Ok(Json(Me {
        role: caller
            .role()
            .map_or("learner", |role| role.code())
            .to_owned(),
        provider_id: caller.own_provider().map(|id| id.to_string()),
        label: caller.label().to_owned(),
        account: caller.account().cloned(),
    }))
}
