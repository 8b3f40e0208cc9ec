//! The administration overview: a provider admin's offerings in every state with their actions
//! and a link to the provider's registration; a platform admin sees every provider with its
//! status and actions, and picks one to manage. Also the offerings' publish and withdraw actions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::{OfferingId, Provider, ProviderId, Role, UiLang};

use super::context::{Chrome, PageContext, Section};
use super::format::{self, Localised};
use super::offering_view::{Badge, status_badge};
use super::search::Choice;
use super::{
    PageResult, app_error_page, check_form, forbidden_page, not_found_page, render, signed_in,
};
use crate::SharedState;

#[derive(Debug, Clone)]
pub struct AdminRow {
    pub id: String,
    pub title: Localised,
    pub badge: Option<Badge>,
    pub status_label: &'static str,
    pub version: u32,
    pub updated: String,
    pub can_publish: bool,
    pub can_withdraw: bool,
}

/// A provider as the overview lists it, with what may be done to its registration.
#[derive(Debug, Clone)]
pub struct ProviderAdminRow {
    pub id: String,
    pub name: String,
    pub badge: Option<Badge>,
    pub status_label: &'static str,
    /// Publish and withdraw are a platform admin's.
    pub can_publish: bool,
    pub can_withdraw: bool,
}

impl ProviderAdminRow {
    fn new(provider: &Provider, platform: bool, lang: UiLang) -> ProviderAdminRow {
        ProviderAdminRow {
            id: provider.id.to_string(),
            name: provider.content.legal_name.best(lang).to_owned(),
            badge: status_badge(provider.status, lang),
            status_label: model::Vocabulary::label(provider.status, lang),
            can_publish: platform && provider.status.can_publish(),
            can_withdraw: platform && provider.status.can_withdraw(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    issuer: bool,
    platform: bool,
    /// For a platform admin: every provider to choose from.
    picker: Vec<Choice>,
    /// For a platform admin who has not chosen one: every provider with its status.
    providers: Vec<ProviderAdminRow>,
    provider: Option<(String, String)>,
    /// The chosen provider's registration and where to edit it.
    registration: Option<ProviderAdminRow>,
    registration_href: String,
    new_href: String,
    rows: Vec<AdminRow>,
}

#[derive(serde::Deserialize)]
pub struct AdminQuery {
    provider: Option<String>,
}

pub async fn dashboard(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<AdminQuery>,
) -> PageResult {
    let principal = signed_in(&context)?;
    let lang = context.lang;
    let failed = |error| app_error_page(&context, error);
    let platform = principal.role() == Some(Role::PlatformAdmin);
    let mut page = AdminPage {
        chrome: context.chrome(Section::Admin),
        issuer: principal.role() == Some(Role::Issuer),
        platform,
        picker: Vec::new(),
        providers: Vec::new(),
        provider: None,
        registration: None,
        registration_href: String::new(),
        new_href: String::new(),
        rows: Vec::new(),
    };
    if page.issuer {
        return Ok(render(StatusCode::OK, &page));
    }
    let chosen = query.provider.filter(|name| !name.is_empty());
    if platform {
        let mut providers = state.app.providers(Some(principal)).await.map_err(failed)?;
        providers.sort_by_key(|provider| provider.content.legal_name.best(lang).to_lowercase());
        page.picker = providers
            .iter()
            .map(|provider| {
                let name = provider.content.legal_name.best(lang);
                Choice {
                    value: provider.id.to_string(),
                    label: match status_badge(provider.status, lang) {
                        Some(badge) => format!("{name} ({})", badge.label.to_lowercase()),
                        None => name.to_owned(),
                    },
                    selected: chosen.as_deref() == Some(provider.id.as_str()),
                }
            })
            .collect();
        if chosen.is_none() {
            page.providers = providers
                .iter()
                .map(|provider| ProviderAdminRow::new(provider, true, lang))
                .collect();
        }
    }
    let provider_id = match chosen
        .as_deref()
        .or(principal.own_provider().map(ProviderId::as_str))
    {
        None => return Ok(render(StatusCode::OK, &page)),
        Some(name) => ProviderId::parse(name).map_err(|_| not_found_page(&context))?,
    };
    let admin = principal
        .provider_admin(&provider_id)
        .map_err(|_| forbidden_page(&context))?;
    let provider = state
        .app
        .provider(&provider_id, Some(principal))
        .await
        .map_err(failed)?;
    let offerings = state.app.provider_offerings(&admin).await.map_err(failed)?;
    page.provider = Some((
        provider_id.to_string(),
        provider.content.legal_name.best(lang).to_owned(),
    ));
    page.registration = Some(ProviderAdminRow::new(&provider, platform, lang));
    (page.new_href, page.registration_href) = if platform {
        (
            format!("/admin/offerings/new?provider={provider_id}"),
            format!("/admin/providers/{provider_id}/edit"),
        )
    } else {
        (
            "/admin/offerings/new".to_owned(),
            "/admin/provider".to_owned(),
        )
    };
    page.rows = offerings
        .iter()
        .map(|offering| AdminRow {
            id: offering.id.to_string(),
            title: Localised::of(&offering.content.title, lang),
            badge: status_badge(offering.status, lang),
            status_label: model::Vocabulary::label(offering.status, lang),
            version: offering.version,
            updated: format::timestamp(offering.updated_at, lang),
            can_publish: offering.status.can_publish(),
            can_withdraw: offering.status.can_withdraw(),
        })
        .collect();
    Ok(render(StatusCode::OK, &page))
}

#[derive(Clone, Copy)]
enum Action {
    Publish,
    Withdraw,
}

async fn change_status(
    state: &SharedState,
    context: &PageContext,
    id: &str,
    fields: &[(String, String)],
    action: Action,
) -> PageResult {
    let principal = signed_in(context)?;
    check_form(context, fields)?;
    let id = OfferingId::parse(id).map_err(|_| not_found_page(context))?;
    let owner = state
        .app
        .offering_owner(&id)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let admin = principal
        .provider_admin(&owner)
        .map_err(|_| forbidden_page(context))?;
    let result = match action {
        Action::Publish => state.app.publish_offering(&admin, &id).await,
        Action::Withdraw => state.app.withdraw_offering(&admin, &id).await,
    };
    result.map_err(|error| app_error_page(context, error))?;
    Ok(Redirect::to(&format!("/offerings/{id}")).into_response())
}

pub async fn publish(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    change_status(&state, &context, &id, &fields, Action::Publish).await
}

pub async fn withdraw(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    change_status(&state, &context, &id, &fields, Action::Withdraw).await
}
