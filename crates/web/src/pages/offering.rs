//! The offering page: every Annex I element of the current version, its version history, and
//! the provider admin's actions; and the read-only page of an older version.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::{Offering, OfferingId, OfferingVersion, PublicationStatus};

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::offering_view::{Badge, Directory, OfferingView, status_badge};
use super::{PageError, PageResult, app_error_page, not_found_page, render};
use crate::SharedState;

#[derive(Debug, Clone)]
pub struct VersionLink {
    pub number: u32,
    pub href: String,
    pub saved: String,
    pub shown: bool,
}

#[derive(Template)]
#[template(path = "offering.html")]
struct OfferingPage {
    chrome: Chrome,
    id: String,
    view: OfferingView,
    version: u32,
    /// Set when an older version is shown.
    old_version: bool,
    badge: Option<Badge>,
    withdrawn: bool,
    draft: bool,
    published_on: Option<String>,
    last_changed: String,
    versions: Vec<VersionLink>,
    can_manage: bool,
    can_publish: bool,
    can_withdraw: bool,
    /// The pathways it counts toward or completes: (id, name, whether it awards this one).
    pathways: Vec<(String, String, bool)>,
    /// The live recognition decisions about every credential of it.
    recognitions: Vec<super::recognition::DecisionRow>,
}

fn parse_id(context: &PageContext, id: &str) -> Result<OfferingId, PageError> {
    OfferingId::parse(id).map_err(|_| not_found_page(context))
}

async fn page(
    state: &SharedState,
    context: &PageContext,
    offering: &Offering,
    shown: Option<&OfferingVersion>,
) -> PageResult {
    let viewer = context.viewer.as_ref();
    let lang = context.lang;
    let failed = |error| app_error_page(context, error);
    let versions = state
        .app
        .offering_versions(&offering.id, viewer)
        .await
        .map_err(failed)?;
    let directory = Directory::load(state, viewer).await.map_err(failed)?;
    let (content, version, saved_at) = match shown {
        Some(old) => (&old.content, old.version, old.saved_at),
        None => (&offering.content, offering.version, offering.updated_at),
    };
    let pathways = state
        .app
        .pathways_with_offering(&offering.id)
        .await
        .map_err(failed)?
        .into_iter()
        .map(|view| {
            let awards = view.rules.awards == offering.id;
            (view.id, view.rules.name.best(lang).to_owned(), awards)
        })
        .collect();
    let recognitions = state
        .app
        .recognitions(None, Some(&offering.id))
        .await
        .map_err(failed)?
        .iter()
        .map(|view| super::recognition::decision_row(view, lang))
        .collect();
    let can_manage = shown.is_none()
        && viewer.is_some_and(|viewer| viewer.provider_admin(&offering.provider_id).is_ok());
    let page = OfferingPage {
        chrome: context.chrome(Section::Catalogue),
        id: offering.id.to_string(),
        view: OfferingView::new(
            content,
            offering.provider_id.as_str(),
            &directory,
            context.t,
            lang,
        ),
        version,
        old_version: shown.is_some(),
        badge: status_badge(offering.status, lang),
        withdrawn: offering.status == PublicationStatus::Withdrawn,
        draft: offering.status == PublicationStatus::Draft,
        published_on: offering.published_at.map(|at| format::timestamp(at, lang)),
        last_changed: format::timestamp(saved_at, lang),
        versions: versions
            .iter()
            .rev()
            .map(|entry| VersionLink {
                number: entry.version,
                href: if entry.version == offering.version {
                    format!("/offerings/{}", offering.id)
                } else {
                    format!("/offerings/{}/versions/{}", offering.id, entry.version)
                },
                saved: format::timestamp(entry.saved_at, lang),
                shown: entry.version == version,
            })
            .collect(),
        can_manage,
        can_publish: can_manage && offering.status.can_publish(),
        can_withdraw: can_manage && offering.status.can_withdraw(),
        pathways,
        recognitions,
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn show(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let id = parse_id(&context, &id)?;
    let offering = state
        .app
        .offering(&id, context.viewer.as_ref())
        .await
        .map_err(|error| app_error_page(&context, error))?;
    page(&state, &context, &offering, None).await
}

pub async fn version(
    State(state): State<SharedState>,
    context: PageContext,
    Path((id, number)): Path<(String, String)>,
) -> PageResult {
    let id = parse_id(&context, &id)?;
    let Ok(number) = number.parse::<u32>() else {
        return Err(not_found_page(&context));
    };
    let viewer = context.viewer.as_ref();
    let offering = state
        .app
        .offering(&id, viewer)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    if number == offering.version {
        // The current version has one address.
        return Ok(Redirect::to(&format!("/offerings/{id}")).into_response());
    }
    let shown = state
        .app
        .offering_version(&id, number, viewer)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    page(&state, &context, &offering, Some(&shown)).await
}
