//! A provider's staff (list, invite, remove) and the audit log, for its admins and for
//! platform admins (who pick a provider, or see everyone).

use app::accounts::Invitation;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::{AccountId, ProviderId, Role};

use super::context::{Chrome, PageContext, Section};
use super::i18n::accounts::{AccountText, account_text};
use super::provider_scope::provider_of;
use super::{PageResult, app_error_page, check_form, not_found_page, render};
use crate::SharedState;

pub struct StaffRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: &'static str,
    pub provider: String,
    pub state: &'static str,
    pub removable: bool,
}

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    chrome: Chrome,
    at: &'static AccountText,
    provider: String,
    platform: bool,
    rows: Vec<StaffRow>,
    roles: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    notice: Option<String>,
}

fn role_label(role: Option<Role>, context: &PageContext) -> &'static str {
    match role {
        Some(Role::PlatformAdmin) => context.t.role_platform_admin,
        Some(Role::ProviderAdmin) => context.t.role_provider_admin,
        Some(Role::Issuer) => context.t.role_issuer,
        Some(Role::Analyst) => context.t.role_analyst,
        None => context.t.role_learner,
    }
}

async fn staff_page(
    state: &SharedState,
    context: &PageContext,
    asked: Option<&str>,
    error: Option<String>,
    notice: Option<String>,
) -> PageResult {
    let (viewer, provider) = provider_of(context, asked)?;
    let platform = viewer.platform_admin().is_ok();
    let at = account_text(context.lang);
    let accounts = state
        .app
        .accounts(&viewer, provider.as_ref())
        .await
        .map_err(|error| app_error_page(context, error))?;
    let rows = accounts
        .into_iter()
        .map(|account| StaffRow {
            removable: account.disabled_at.is_none()
                && viewer.account().is_none_or(|own| own.id != account.id)
                && (platform || !account.is_learner()),
            id: account.id.to_string(),
            name: account.name,
            email: account.email.to_string(),
            role: role_label(account.role, context),
            provider: account
                .provider_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            state: match (account.disabled_at, account.email_confirmed_at) {
                (Some(_), _) => at.removed,
                (None, None) if account.role.is_some() => at.invited,
                _ => at.active,
            },
        })
        .collect();
    let mut roles = vec![
        ("issuer", context.t.role_issuer),
        ("provider_admin", context.t.role_provider_admin),
    ];
    if platform {
        roles.push(("analyst", context.t.role_analyst));
        roles.push(("platform_admin", context.t.role_platform_admin));
    }
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(
        status,
        &StaffPage {
            chrome: context.chrome(Section::Admin),
            at,
            provider: provider.map(|id| id.to_string()).unwrap_or_default(),
            platform,
            rows,
            roles,
            error,
            notice,
        },
    ))
}

fn asked(query: &[(String, String)]) -> Option<&str> {
    query
        .iter()
        .find(|(key, _)| key == "provider")
        .map(|(_, value)| value.as_str())
}

pub async fn list(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    staff_page(&state, &context, asked(&query), None, None).await
}

fn field<'f>(fields: &'f [(String, String)], name: &str) -> &'f str {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

pub async fn invite(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let (viewer, provider) = provider_of(&context, Some(field(&fields, "provider")))?;
    let role = Role::from_code(field(&fields, "role"));
    let invitation = role.map(|role| Invitation {
        name: field(&fields, "name").to_owned(),
        email: field(&fields, "email").to_owned(),
        role,
        provider: matches!(role, Role::ProviderAdmin | Role::Issuer)
            .then(|| provider.clone())
            .flatten(),
    });
    let asked = provider.as_ref().map(ProviderId::as_str);
    let at = account_text(context.lang);
    let Some(invitation) = invitation else {
        let unknown = format!("`{}`: {}?", field(&fields, "role"), at.role);
        return staff_page(&state, &context, asked, Some(unknown), None).await;
    };
    match state.app.invite_staff(&viewer, &invitation).await {
        Ok(_) => {
            staff_page(
                &state,
                &context,
                asked,
                None,
                Some(at.invitation_sent.to_owned()),
            )
            .await
        }
        Err(app::AppError::InvalidState(message) | app::AppError::Conflict(message)) => {
            staff_page(&state, &context, asked, Some(message), None).await
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}

pub async fn remove(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let (viewer, provider) = provider_of(&context, Some(field(&fields, "provider")))?;
    let id = AccountId::parse(&id).map_err(|_| not_found_page(&context))?;
    state
        .app
        .disable_account(&viewer, &id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let target = match provider {
        Some(provider) => format!("/admin/staff?provider={provider}"),
        None => "/admin/staff".to_owned(),
    };
    Ok(Redirect::to(&target).into_response())
}

pub struct AuditRow {
    pub at: String,
    pub who: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    at: &'static AccountText,
    rows: Vec<AuditRow>,
    older: Option<String>,
}

/// The audit log: `?provider=` (a provider admin's own always), `?before=AT|ID` for older.
pub async fn audit(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let (viewer, provider) = provider_of(&context, asked(&query))?;
    let before = query
        .iter()
        .find(|(key, _)| key == "before")
        .and_then(|(_, value)| value.split_once('|'))
        .and_then(|(at, id)| {
            time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
                .ok()
                .map(|at| (at, id.to_owned()))
        });
    const PAGE: usize = 50;
    let entries = state
        .app
        .audit_log(&viewer, provider.as_ref(), before, PAGE)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let older = (entries.len() == PAGE)
        .then(|| entries.last())
        .flatten()
        .and_then(|last| {
            let at = last
                .at
                .format(&time::format_description::well_known::Rfc3339)
                .ok()?;
            let mut params = vec![("before".to_owned(), format!("{at}|{}", last.id))];
            if let Some(provider) = &provider {
                params.push(("provider".to_owned(), provider.to_string()));
            }
            serde_urlencoded::to_string(params).ok()
        });
    let rows = entries
        .into_iter()
        .map(|entry| AuditRow {
            at: super::format::timestamp(entry.at, context.lang),
            who: format!("{} ({})", entry.actor_label, entry.actor),
            action: entry.action,
            subject: entry.subject,
            detail: entry.detail,
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            chrome: context.chrome(Section::Admin),
            at: account_text(context.lang),
            rows,
            older,
        },
    ))
}
