//! Recognition on the pages (issue 12): the published decisions (`/recognitions`, and on each
//! offering's page), a receiving organisation's decisions and learners' requests
//! (`/admin/recognitions`), the learner's requests in the wallet, and the decisions that apply
//! on a credential's verification page.

use app::recognition::{DecisionAbout, DecisionView, RequestView};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::recognition::RecognitionTerms;
use model::vocab::{LegalBasis, RecognitionPurpose, RecognitionScope};
use model::{LangText, UiLang, Vocabulary};
use serde::Deserialize;

use super::context::{Chrome, PageContext, Section};
use super::i18n::recognition::{RecognitionText, recognition_text};
use super::learning::field;
use super::provider_scope::provider_of;
use super::{PageResult, app_error_page, check_form, not_found_page, render};
use crate::SharedState;

/// A decision in words.
#[derive(Debug, Clone)]
pub struct DecisionRow {
    pub id: String,
    pub organisation: String,
    pub organisation_id: String,
    pub offering: Option<(String, String)>,
    pub credential: Option<String>,
    pub purpose: &'static str,
    pub scope: &'static str,
    pub scope_code: &'static str,
    pub recognised_as: String,
    pub ects: String,
    pub conditions: String,
    pub legal_basis: &'static str,
    pub policy: String,
    pub valid: String,
    pub withdrawn: bool,
}

pub fn decision_row(view: &DecisionView, lang: UiLang) -> DecisionRow {
    let rt = recognition_text(lang);
    let terms = &view.terms;
    let valid = format!(
        "{} – {}",
        terms.valid_from,
        terms.valid_until.as_deref().unwrap_or(rt.until_withdrawn)
    );
    DecisionRow {
        id: view.id.clone(),
        organisation: view.provider_name.best(lang).to_owned(),
        organisation_id: view.provider_id.clone(),
        offering: view.offering_id.as_ref().map(|id| {
            (
                id.clone(),
                view.offering_title
                    .as_ref()
                    .map_or_else(|| id.clone(), |title| title.best(lang).to_owned()),
            )
        }),
        credential: view.credential_id.clone(),
        purpose: terms.purpose.label(lang),
        scope: terms.scope.label(lang),
        scope_code: terms.scope.code(),
        recognised_as: terms.recognised_as.best(lang).to_owned(),
        ects: terms
            .ects_granted
            .map(|ects| super::format::decimal(ects, lang))
            .unwrap_or_default(),
        conditions: terms.conditions.best(lang).to_owned(),
        legal_basis: terms.legal_basis.label(lang),
        policy: terms.policy.best(lang).to_owned(),
        valid,
        withdrawn: view.withdrawn,
    }
}

#[derive(Template)]
#[template(path = "recognitions.html")]
struct ListPage {
    chrome: Chrome,
    rt: &'static RecognitionText,
    rows: Vec<DecisionRow>,
    /// (id, name) of each organisation with decisions.
    organisations: Vec<(String, String)>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    provider: Option<String>,
}

/// `GET /recognitions[?provider=]`.
pub async fn list(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<ListQuery>,
) -> PageResult {
    let provider = match query.provider.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => Some(model::ProviderId::parse(id).map_err(|_| not_found_page(&context))?),
        None => None,
    };
    let views = state
        .app
        .recognitions(provider.as_ref(), None)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let rows: Vec<DecisionRow> = views
        .iter()
        .map(|view| decision_row(view, context.lang))
        .collect();
    let mut organisations: Vec<(String, String)> = rows
        .iter()
        .map(|row| (row.organisation_id.clone(), row.organisation.clone()))
        .collect();
    organisations.sort();
    organisations.dedup();
    Ok(render(
        StatusCode::OK,
        &ListPage {
            chrome: context.chrome(Section::Other),
            rt: recognition_text(context.lang),
            rows,
            organisations,
        },
    ))
}

pub struct RequestRow {
    pub id: String,
    pub organisation: String,
    pub credential: String,
    pub purpose: &'static str,
    pub asked: String,
    pub message: String,
    pub decision: Option<DecisionRow>,
}

pub fn request_row(view: &RequestView, lang: UiLang) -> RequestRow {
    RequestRow {
        id: view.id.clone(),
        organisation: view.provider_name.best(lang).to_owned(),
        credential: if view.credential_name.is_empty() {
            view.credential_id.clone()
        } else {
            view.credential_name.clone()
        },
        purpose: view.purpose.label(lang),
        asked: super::format::timestamp(view.created_at, lang),
        message: view.message.clone(),
        decision: view.decision.as_ref().map(|view| decision_row(view, lang)),
    }
}

/// The choices of a vocabulary for a select: (code, label).
fn choices<V: Vocabulary>(lang: UiLang) -> Vec<(&'static str, &'static str)> {
    V::ALL
        .iter()
        .map(|value| (value.code(), value.label(lang)))
        .collect()
}

#[derive(Template)]
#[template(path = "admin_recognitions.html")]
struct AdminPage {
    chrome: Chrome,
    rt: &'static RecognitionText,
    provider: String,
    receiving: bool,
    decisions: Vec<DecisionRow>,
    requests: Vec<RequestRow>,
    purposes: Vec<(&'static str, &'static str)>,
    scopes: Vec<(&'static str, &'static str)>,
    bases: Vec<(&'static str, &'static str)>,
    today: String,
    error: Option<String>,
    notice: Option<String>,
}

#[derive(Deserialize)]
pub struct AdminQuery {
    provider: Option<String>,
}

async fn admin_page(
    state: &SharedState,
    context: &PageContext,
    asked: Option<&str>,
    status: StatusCode,
    flash: (Option<String>, Option<String>),
) -> PageResult {
    let (_, provider) = provider_of(context, asked)?;
    let Some(provider) = provider else {
        return Ok(Redirect::to("/admin").into_response());
    };
    let viewer = super::signed_in(context)?;
    let right = viewer
        .issuer(&provider)
        .map_err(|error| app_error_page(context, error))?;
    let record = state
        .app
        .provider(&provider, Some(viewer))
        .await
        .map_err(|error| app_error_page(context, error))?;
    let lang = context.lang;
    let decisions = state
        .app
        .own_recognitions(&right)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let requests = state
        .app
        .recognition_requests(&right)
        .await
        .map_err(|error| app_error_page(context, error))?;
    Ok(render(
        status,
        &AdminPage {
            chrome: context.chrome(Section::Admin),
            rt: recognition_text(lang),
            provider: provider.to_string(),
            receiving: record.content.receiving_organisation.is_some(),
            decisions: decisions
                .iter()
                .map(|view| decision_row(view, lang))
                .collect(),
            requests: requests
                .iter()
                .map(|view| request_row(view, lang))
                .collect(),
            purposes: choices::<RecognitionPurpose>(lang),
            scopes: choices::<RecognitionScope>(lang),
            bases: choices::<LegalBasis>(lang),
            today: state.app.now().date().to_string(),
            error: flash.0,
            notice: flash.1,
        },
    ))
}

/// `GET /admin/recognitions[?provider=]`.
pub async fn admin(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<AdminQuery>,
) -> PageResult {
    admin_page(
        &state,
        &context,
        query.provider.as_deref(),
        StatusCode::OK,
        (None, None),
    )
    .await
}

/// The decision's terms from the form's fields (texts in the page's language).
fn terms_of(fields: &[(String, String)], lang: UiLang) -> Result<RecognitionTerms, String> {
    let text = |name: &str| {
        let value = field(fields, name).trim();
        if value.is_empty() {
            LangText::default()
        } else {
            LangText::one(lang.code(), value)
        }
    };
    let vocabulary = |name: &str| field(fields, name).trim().to_owned();
    let purpose = RecognitionPurpose::from_code(&vocabulary("purpose"))
        .ok_or_else(|| "choose a purpose".to_owned())?;
    let scope = RecognitionScope::from_code(&vocabulary("scope"))
        .ok_or_else(|| "choose a scope".to_owned())?;
    let legal_basis = LegalBasis::from_code(&vocabulary("legal_basis"))
        .ok_or_else(|| "choose a legal basis".to_owned())?;
    let ects = field(fields, "ects_granted").trim().replace(',', ".");
    let ects_granted = if ects.is_empty() {
        None
    } else {
        Some(
            ects.parse::<f64>()
                .map_err(|_| format!("ECTS granted: `{ects}` is not a number"))?,
        )
    };
    let until = field(fields, "valid_until").trim();
    Ok(RecognitionTerms {
        purpose,
        scope,
        recognised_as: text("recognised_as"),
        ects_granted,
        conditions: text("conditions"),
        legal_basis,
        policy: text("policy"),
        valid_from: field(fields, "valid_from").trim().to_owned(),
        valid_until: (!until.is_empty()).then(|| until.to_owned()),
    })
}

/// `POST /admin/recognitions`: records a decision (about an offering, a credential, or the
/// request the form names).
pub async fn decide(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = super::signed_in(&context)?;
    let provider = model::ProviderId::parse(field(&fields, "provider"))
        .map_err(|_| not_found_page(&context))?;
    let right = viewer
        .issuer(&provider)
        .map_err(|error| app_error_page(&context, error))?;
    let about = match (
        field(&fields, "request").trim(),
        field(&fields, "offering").trim(),
        field(&fields, "credential").trim(),
    ) {
        (request, _, _) if !request.is_empty() => Ok(DecisionAbout::Request(request.to_owned())),
        (_, offering, "") if !offering.is_empty() => {
            Ok(DecisionAbout::Offering(offering.to_owned()))
        }
        (_, "", credential) if !credential.is_empty() => {
            Ok(DecisionAbout::Credential(credential.to_owned()))
        }
        _ => Err(recognition_text(context.lang).about_hint.to_owned()),
    };
    let outcome = match (about, terms_of(&fields, context.lang)) {
        (Ok(about), Ok(terms)) => state
            .app
            .decide_recognition(&right, about, terms)
            .await
            .map(|_| ()),
        (Err(message), _) | (_, Err(message)) => Err(app::AppError::InvalidState(message)),
    };
    let asked = Some(provider.as_str());
    match outcome {
        Ok(()) => {
            let notice = recognition_text(context.lang).decided.to_owned();
            admin_page(
                &state,
                &context,
                asked,
                StatusCode::OK,
                (None, Some(notice)),
            )
            .await
        }
        Err(error) => match super::fixable_message(&error) {
            Some(message) => {
                admin_page(
                    &state,
                    &context,
                    asked,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    (Some(message), None),
                )
                .await
            }
            None => Err(app_error_page(&context, error)),
        },
    }
}

/// `POST /admin/recognitions/{id}/withdraw`.
pub async fn withdraw(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = super::signed_in(&context)?;
    let provider = model::ProviderId::parse(field(&fields, "provider"))
        .map_err(|_| not_found_page(&context))?;
    let right = viewer
        .issuer(&provider)
        .map_err(|error| app_error_page(&context, error))?;
    state
        .app
        .withdraw_recognition(&right, &id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(Redirect::to(&format!("/admin/recognitions?provider={provider}")).into_response())
}

#[derive(Template)]
#[template(path = "recognition_request.html")]
struct RequestPage {
    chrome: Chrome,
    rt: &'static RecognitionText,
    provider: String,
    row: RequestRow,
    learner: String,
    verified: bool,
    credential: String,
    purpose_code: &'static str,
    scopes: Vec<(&'static str, &'static str)>,
    bases: Vec<(&'static str, &'static str)>,
    today: String,
}

/// `GET /admin/recognitions/requests/{id}?provider=`: one request, its credential verified now.
pub async fn request(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Query(query): Query<AdminQuery>,
) -> PageResult {
    let (_, provider) = provider_of(&context, query.provider.as_deref())?;
    let provider = provider.ok_or_else(|| not_found_page(&context))?;
    let viewer = super::signed_in(&context)?;
    let right = viewer
        .issuer(&provider)
        .map_err(|error| app_error_page(&context, error))?;
    let detail = state
        .app
        .recognition_request(&right, &id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let lang = context.lang;
    Ok(render(
        StatusCode::OK,
        &RequestPage {
            chrome: context.chrome(Section::Admin),
            rt: recognition_text(lang),
            provider: provider.to_string(),
            row: request_row(&detail.request, lang),
            learner: detail.learner_name,
            verified: detail.verified,
            credential: serde_json::to_string_pretty(&detail.credential).unwrap_or_default(),
            purpose_code: detail.request.purpose.code(),
            scopes: choices::<RecognitionScope>(lang),
            bases: choices::<LegalBasis>(lang),
            today: state.app.now().date().to_string(),
        },
    ))
}

/// The wallet's recognition section.
pub struct WalletRecognition {
    pub requests: Vec<RequestRow>,
    /// (id, name) of each published receiving organisation.
    pub organisations: Vec<(String, String)>,
    /// (id, title) of each credential the learner may send.
    pub credentials: Vec<(String, String)>,
    pub purposes: Vec<(&'static str, &'static str)>,
}

pub(super) async fn wallet_section(
    state: &SharedState,
    context: &PageContext,
    right: &app::LearnerRight,
    credentials: Vec<(String, String)>,
) -> Result<WalletRecognition, super::PageError> {
    let lang = context.lang;
    let requests = state
        .app
        .my_recognition_requests(right)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let organisations = state
        .app
        .providers(None)
        .await
        .map_err(|error| app_error_page(context, error))?
        .into_iter()
        .filter(|provider| provider.content.receiving_organisation.is_some())
        .map(|provider| {
            (
                provider.id.to_string(),
                provider.content.legal_name.best(lang).to_owned(),
            )
        })
        .collect();
    Ok(WalletRecognition {
        requests: requests
            .iter()
            .map(|view| request_row(view, lang))
            .collect(),
        organisations,
        credentials,
        purposes: choices::<RecognitionPurpose>(lang),
    })
}

/// `POST /wallet/recognition-requests`: the learner asks.
pub async fn ask(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = super::wallet::learner(&context)?;
    let outcome = async {
        let organisation = model::ProviderId::parse(field(&fields, "organisation"))
            .map_err(|_| app::AppError::InvalidState("choose an organisation".to_owned()))?;
        let purpose = RecognitionPurpose::from_code(field(&fields, "purpose"))
            .ok_or_else(|| app::AppError::InvalidState("choose a purpose".to_owned()))?;
        state
            .app
            .request_recognition(
                &right,
                &organisation,
                field(&fields, "credential"),
                purpose,
                field(&fields, "message"),
            )
            .await
    }
    .await;
    let outcome = outcome.map(|_| super::wallet::Flash {
        notice: Some(recognition_text(context.lang).asked_notice.to_owned()),
        ..super::wallet::Flash::default()
    });
    super::wallet::answer(&state, &context, &right, outcome).await
}

/// `POST /wallet/recognition-requests/{id}/withdraw`.
pub async fn withdraw_mine(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = super::wallet::learner(&context)?;
    let outcome = state
        .app
        .withdraw_recognition_request(&right, &id)
        .await
        .map(|()| super::wallet::Flash::default());
    super::wallet::answer(&state, &context, &right, outcome).await
}
