//! The issuer's credentials page: every credential of the provider, newest first, filtered by
//! state and searched by learner, 50 a page, with suspend, reinstate and revoke (each with a
//! reason; revoke asks again on a page of its own), links to the verification page and the
//! downloads; and the provider's signing keys with rotation (provider admins).

use app::Principal;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::learning::StatusChange;
use model::{CredentialId, CredentialState, ProviderId, Vocabulary};

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::i18n::issuing::{IssuingText, issuing_text};
use super::paging::{PAGE_SIZE, PageRequest, Pager};
use super::search::Choice;
use super::{PageResult, app_error_page, check_form, not_found_page, render, signed_in};
use crate::SharedState;

#[derive(Debug, Clone)]
pub struct CredentialRow {
    pub id: String,
    pub learner: String,
    pub offering: String,
    pub issued: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub reason: String,
    pub replaced_by: String,
    pub can_suspend: bool,
    pub can_reinstate: bool,
    pub can_revoke: bool,
}

#[derive(Template)]
#[template(path = "credentials.html")]
struct CredentialsPage {
    chrome: Chrome,
    it: &'static IssuingText,
    provider: Option<String>,
    providers: Vec<Choice>,
    states: Vec<Choice>,
    rows: Vec<CredentialRow>,
    total: usize,
    search: String,
    pager: Pager,
    did: String,
    keys: Vec<(String, String, String)>,
    can_rotate: bool,
    ot: &'static super::i18n::verifier::IssuerOfferText,
}

/// "Revoke this credential?": what would be revoked, the reason, and the final button.
#[derive(Template)]
#[template(path = "revoke_confirm.html")]
struct RevokeConfirmPage {
    chrome: Chrome,
    it: &'static IssuingText,
    row: CredentialRow,
    provider: String,
    reason: String,
}

#[derive(serde::Deserialize, Default)]
pub struct CredentialsQuery {
    provider: Option<String>,
    state: Option<String>,
    /// Words in the learner's name.
    q: Option<String>,
    /// The page after this cursor, and how many rows came before it (shown only).
    after: Option<String>,
    from: Option<usize>,
}

fn provider_for(viewer: &Principal, asked: Option<&str>) -> Option<ProviderId> {
    viewer
        .own_provider()
        .cloned()
        .or_else(|| asked.and_then(|id| ProviderId::parse(id).ok()))
}

pub async fn list(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<CredentialsQuery>,
) -> PageResult {
    let lang = context.lang;
    let it = issuing_text(lang);
    let viewer = signed_in(&context)?.clone();
    let failed = |error| app_error_page(&context, error);
    let provider = provider_for(&viewer, query.provider.as_deref());
    let chosen_state = query.state.as_deref().and_then(CredentialState::from_code);
    let mut page = CredentialsPage {
        chrome: context.chrome(Section::Credentials),
        it,
        provider: provider.as_ref().map(ToString::to_string),
        providers: Vec::new(),
        states: CredentialState::ALL
            .iter()
            .map(|value| Choice {
                value: value.code().to_owned(),
                label: value.label(lang).to_owned(),
                selected: Some(*value) == chosen_state,
            })
            .collect(),
        rows: Vec::new(),
        total: 0,
        search: query.q.clone().unwrap_or_default(),
        pager: Pager::default(),
        did: String::new(),
        keys: Vec::new(),
        can_rotate: false,
        ot: super::i18n::verifier::issuer_offer_text(context.lang),
    };
    page.providers =
        super::provider_scope::provider_picker(&state, &context, &viewer, provider.as_ref())
            .await?;
    let Some(provider) = provider else {
        return Ok(render(StatusCode::OK, &page));
    };
    let right = viewer.issuer(&provider).map_err(failed)?;
    let asked = PageRequest::new(
        app::ListingKind::Credentials,
        query.after.as_deref(),
        query.from,
        &page.search,
    );
    let search = page.search.trim().to_owned();
    let listing = state
        .app
        .credentials(
            &right,
            app::CredentialFilter {
                state: chosen_state,
                search: asked.search,
                limit: PAGE_SIZE,
                after: asked.after,
                ..app::CredentialFilter::default()
            },
        )
        .await
        .map_err(failed)?;
    let provider_text = provider.to_string();
    page.pager = Pager::new(
        it,
        lang,
        "/admin/credentials",
        &[
            ("provider", provider_text.as_str()),
            ("state", chosen_state.map_or("", |state| state.code())),
            ("q", search.as_str()),
        ],
        asked.before,
        &listing,
    );
    let mut titles = std::collections::HashMap::new();
    for credential in &listing.items {
        if !titles.contains_key(&credential.offering_id) {
            let title = state
                .app
                .store_offering_title(&credential.offering_id, lang)
                .await
                .unwrap_or_else(|| credential.offering_id.to_string());
            titles.insert(credential.offering_id.clone(), title);
        }
    }
    page.total = listing.total;
    page.rows = listing
        .items
        .iter()
        .map(|credential| credential_row(credential, &titles, lang))
        .collect();
    page.did = state.app.provider_did(&provider);
    page.keys = state
        .app
        .provider_keys(&provider)
        .await
        .map_err(failed)?
        .iter()
        .map(|key| {
            (
                key.verification_method.clone(),
                format::timestamp(key.created_at, lang),
                key.retired_at
                    .map(|at| format::timestamp(at, lang))
                    .unwrap_or_default(),
            )
        })
        .collect();
    page.can_rotate = viewer.provider_admin(&provider).is_ok();
    Ok(render(StatusCode::OK, &page))
}

fn credential_row(
    credential: &model::CredentialRecord,
    titles: &std::collections::HashMap<model::OfferingId, String>,
    lang: model::UiLang,
) -> CredentialRow {
    CredentialRow {
        id: credential.id.to_string(),
        learner: credential.learner_name.clone(),
        offering: titles
            .get(&credential.offering_id)
            .cloned()
            .unwrap_or_default(),
        issued: format::timestamp(credential.issued_at, lang),
        state: credential.state.code(),
        state_label: credential.state.label(lang),
        reason: credential.status_reason.clone().unwrap_or_default(),
        replaced_by: credential
            .replaced_by
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        can_suspend: StatusChange::Suspend.allowed_from(credential.state),
        can_reinstate: StatusChange::Reinstate.allowed_from(credential.state),
        can_revoke: StatusChange::Revoke.allowed_from(credential.state),
    }
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

/// `POST /admin/credentials/{id}/{suspend|reinstate|revoke}` with a reason.
pub async fn change(
    State(state): State<SharedState>,
    context: PageContext,
    Path((id, action)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let change = match action.as_str() {
        "suspend" => StatusChange::Suspend,
        "reinstate" => StatusChange::Reinstate,
        "revoke" => StatusChange::Revoke,
        "offer" => return offer(&state, &context, &id).await,
        _ => return Err(not_found_page(&context)),
    };
    let id = CredentialId::from_urn(&id).map_err(|_| not_found_page(&context))?;
    let record = state
        .app
        .stored_credential(&id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let right = viewer
        .issuer(&record.provider_id)
        .map_err(|error| app_error_page(&context, error))?;
    if change == StatusChange::Revoke && field(&fields, "confirm") != "yes" {
        // Revocation is final: the first post shows what would be revoked and asks again.
        let title = state
            .app
            .store_offering_title(&record.offering_id, context.lang)
            .await
            .unwrap_or_else(|| record.offering_id.to_string());
        let titles = std::collections::HashMap::from([(record.offering_id.clone(), title)]);
        return Ok(render(
            StatusCode::OK,
            &RevokeConfirmPage {
                chrome: context.chrome(Section::Credentials),
                it: issuing_text(context.lang),
                row: credential_row(&record, &titles, context.lang),
                provider: record.provider_id.to_string(),
                reason: field(&fields, "reason").to_owned(),
            },
        ));
    }
    state
        .app
        .change_credential_status(&right, &id, change, field(&fields, "reason"))
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(Redirect::to(&format!(
        "/admin/credentials?provider={}",
        record.provider_id
    ))
    .into_response())
}

/// `POST /admin/providers/{id}/keys/rotate` (provider admin).
pub async fn rotate_key(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let provider = ProviderId::parse(&id).map_err(|_| not_found_page(&context))?;
    let admin = viewer
        .provider_admin(&provider)
        .map_err(|error| app_error_page(&context, error))?;
    state
        .app
        .rotate_provider_key(&admin)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(Redirect::to(&format!("/admin/credentials?provider={provider}")).into_response())
}

#[derive(Template)]
#[template(path = "credential_offer.html")]
struct OfferPage {
    chrome: Chrome,
    ot: &'static super::i18n::verifier::IssuerOfferText,
    offer: app::vci::OfferCreated,
    until: String,
    provider: String,
}

/// `POST /admin/credentials/{id}/offer`: the provider's issuers send an active credential to
/// the learner's wallet (OpenID4VCI); the page shows the QR code, the code goes by mail.
async fn offer(state: &SharedState, context: &PageContext, id: &str) -> PageResult {
    let viewer = signed_in(context)?.clone();
    let id = CredentialId::from_urn(id).map_err(|_| not_found_page(context))?;
    let record = state
        .app
        .stored_credential(&id)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let right = viewer
        .issuer(&record.provider_id)
        .map_err(|error| app_error_page(context, error))?;
    let offer = state
        .app
        .offer_credential_as_issuer(&right, &id)
        .await
        .map_err(|error| app_error_page(context, error))?;
    Ok(render(
        StatusCode::OK,
        &OfferPage {
            chrome: context.chrome(Section::Credentials),
            ot: super::i18n::verifier::issuer_offer_text(context.lang),
            until: super::format::timestamp(offer.expires_at, context.lang),
            offer,
            provider: record.provider_id.to_string(),
        },
    ))
}
