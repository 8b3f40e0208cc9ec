//! The provider register's pages: the list of providers and a provider's own page with its
//! legal identity, quality assurance and offerings.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use model::{ProviderId, Role, Vocabulary};

use super::context::{Chrome, PageContext, Section};
use super::format::{Link, Localised};
use super::offering_view::{Badge, Directory, OfferingCard, place, status_badge};
use super::{PageResult, app_error_page, not_found_page, render};
use crate::SharedState;

#[derive(Debug, Clone)]
pub struct ProviderRow {
    pub link: Link,
    pub kind: &'static str,
    pub place: String,
    pub badge: Option<Badge>,
}

#[derive(Template)]
#[template(path = "providers.html")]
struct ProvidersPage {
    chrome: Chrome,
    rows: Vec<ProviderRow>,
}

pub async fn list(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let lang = context.lang;
    let mut providers = state
        .app
        .providers(context.viewer.as_ref())
        .await
        .map_err(|error| app_error_page(&context, error))?;
    providers.sort_by_key(|provider| provider.content.legal_name.best(lang).to_lowercase());
    let rows = providers
        .iter()
        .map(|provider| ProviderRow {
            link: Link {
                href: format!("/providers/{}", provider.id),
                text: provider.content.legal_name.best(lang).to_owned(),
            },
            kind: provider.content.provider_type.label(lang),
            place: place(provider, lang),
            badge: status_badge(provider.status, lang),
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &ProvidersPage {
            chrome: context.chrome(Section::Providers),
            rows,
        },
    ))
}

#[derive(Debug, Clone)]
pub struct Identifier {
    pub scheme: &'static str,
    pub value: String,
}

#[derive(Template)]
#[template(path = "provider.html")]
struct ProviderPage {
    chrome: Chrome,
    id: String,
    name: Localised,
    /// The legal name in every language it is registered in.
    names: Vec<(String, String)>,
    badge: Option<Badge>,
    country: String,
    region: Option<String>,
    identifiers: Vec<Identifier>,
    kind: &'static str,
    qa_type: &'static str,
    qa_body: String,
    qa_deqar: Option<String>,
    qa_report: Option<String>,
    recognition_policy: Localised,
    schemes: Vec<String>,
    website: Option<String>,
    contact_email: Option<String>,
    cards: Vec<OfferingCard>,
    /// The cards sit on the provider's own page: naming it on each would only repeat it.
    show_provider: bool,
    is_admin: bool,
    /// A platform admin publishes and withdraws providers.
    can_publish: bool,
    can_withdraw: bool,
}

pub async fn show(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let Ok(id) = ProviderId::parse(&id) else {
        return Err(not_found_page(&context));
    };
    let (t, lang) = (context.t, context.lang);
    let viewer = context.viewer.as_ref();
    let failed = |error| app_error_page(&context, error);
    let provider = state.app.provider(&id, viewer).await.map_err(failed)?;
    let directory = Directory::load(&state, viewer).await.map_err(failed)?;
    let admin = viewer.and_then(|viewer| viewer.provider_admin(&id).ok());
    let platform = viewer.is_some_and(|viewer| viewer.role() == Some(Role::PlatformAdmin));
    let offerings = match &admin {
        Some(admin) => state.app.provider_offerings(admin).await.map_err(failed)?,
        None => {
            let query = model::OfferingQuery {
                provider: Some(id.clone()),
                limit: app::catalogue::MAX_PAGE_SIZE,
                sort: model::SortOrder::Title,
                ..model::OfferingQuery::default()
            };
            state
                .app
                .search(query)
                .await
                .map_err(failed)?
                .into_offerings()
        }
    };
    let content = &provider.content;
    let qa = &content.quality_assurance;
    // The name in the reader's language first, then the others.
    let mut names: Vec<(bool, String, String)> = content
        .legal_name
        .iter()
        .map(|(code, name)| {
            (
                code != lang.code(),
                model::lang::language_name(code, lang).to_owned(),
                name.to_owned(),
            )
        })
        .collect();
    names.sort();
    let names = names
        .into_iter()
        .map(|(_, language, name)| (language, name))
        .collect();
    let page = ProviderPage {
        chrome: context.chrome(Section::Providers),
        id: id.to_string(),
        name: Localised::of(&content.legal_name, lang),
        names,
        badge: status_badge(provider.status, lang),
        country: model::country::country_name(&content.country, lang).to_owned(),
        region: content
            .region
            .as_deref()
            .map(|region| format!("{} ({region})", model::country::region_name(region, lang))),
        identifiers: content
            .legal_identifiers
            .iter()
            .map(|identifier| Identifier {
                scheme: identifier.scheme.label(lang),
                value: identifier.value.clone(),
            })
            .collect(),
        kind: content.provider_type.label(lang),
        qa_type: qa.qa_type.label(lang),
        qa_body: qa.body.clone(),
        qa_deqar: qa.deqar_id.clone(),
        qa_report: qa.report_url.clone(),
        recognition_policy: Localised::of(&content.recognition_policy, lang),
        schemes: content
            .funding_schemes
            .iter()
            .map(|code| directory.scheme_name(code, lang))
            .collect(),
        website: content.website.clone(),
        contact_email: content.contact_email.clone(),
        cards: offerings
            .iter()
            .map(|offering| OfferingCard::new(offering, &directory, t, lang))
            .collect(),
        show_provider: false,
        is_admin: admin.is_some(),
        can_publish: platform && provider.status.can_publish(),
        can_withdraw: platform && provider.status.can_withdraw(),
    };
    Ok(render(StatusCode::OK, &page))
}
