//! Which provider an issuer's page is about: the signed-in staff member's own, or the one a
//! platform admin (who belongs to none) picked from every provider; and the issuing right for it.

use app::{IssuerRight, Principal};
use model::ProviderId;

use super::context::PageContext;
use super::search::Choice;
use super::{PageError, app_error_page, not_found_page, signed_in};
use crate::SharedState;

/// The provider the page is about: the signed-in issuer's own, or `?provider=` for a platform admin.
pub(super) fn provider_of(
    context: &PageContext,
    asked: Option<&str>,
) -> Result<(Principal, Option<ProviderId>), PageError> {
    let viewer = signed_in(context)?.clone();
    let provider = match (viewer.own_provider(), asked) {
        (Some(own), _) => Some(own.clone()),
        (None, Some(id)) if !id.is_empty() => {
            Some(ProviderId::parse(id).map_err(|_| not_found_page(context))?)
        }
        _ => None,
    };
    Ok((viewer, provider))
}

/// For a platform admin (who belongs to no provider): every provider to choose from.
pub(super) async fn provider_picker(
    state: &SharedState,
    context: &PageContext,
    viewer: &Principal,
    chosen: Option<&ProviderId>,
) -> Result<Vec<Choice>, PageError> {
    if viewer.own_provider().is_some() {
        return Ok(Vec::new());
    }
    Ok(state
        .app
        .providers(Some(viewer))
        .await
        .map_err(|error| app_error_page(context, error))?
        .iter()
        .map(|candidate| Choice {
            value: candidate.id.to_string(),
            label: candidate.content.legal_name.best(context.lang).to_owned(),
            selected: Some(&candidate.id) == chosen,
        })
        .collect())
}

pub(super) fn right(
    context: &PageContext,
    viewer: &Principal,
    provider: &ProviderId,
) -> Result<IssuerRight, PageError> {
    viewer
        .issuer(provider)
        .map_err(|error| app_error_page(context, error))
}
