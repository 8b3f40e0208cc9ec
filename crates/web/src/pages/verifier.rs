//! The verifier's pages (issue 13): `/verifier` asks a wallet for a micro-credential over
//! OpenID4VP (anyone may), `/verifier/requests/{view}` shows the QR code and, once a wallet
//! answered, every check and what the credential says. The result page refreshes itself while
//! it waits (no JavaScript).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

use super::context::{Chrome, PageContext, Section};
use super::i18n::verifier::{VerifierText, verifier_text};
use super::verify::CheckLine;
use super::{PageResult, app_error_page, check_any_form, fixable_message, render};
use crate::SharedState;

#[derive(Template)]
#[template(path = "verifier.html")]
struct VerifierPage {
    chrome: Chrome,
    vt: &'static VerifierText,
    providers: Vec<(String, String)>,
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "verifier_request.html")]
struct RequestPage {
    chrome: Chrome,
    vt: &'static VerifierText,
    view: app::vp::VpRequestView,
    asked: Vec<String>,
    checks: Vec<CheckLine>,
    claims: Vec<(&'static str, String)>,
    answered_at: String,
    expires: String,
}

async fn form_page(
    state: &SharedState,
    context: &PageContext,
    status: StatusCode,
    problem: Option<String>,
) -> PageResult {
    let providers = state
        .app
        .providers(None)
        .await
        .map_err(|error| app_error_page(context, error))?
        .into_iter()
        .map(|provider| {
            let name = provider.content.legal_name.best(context.lang).to_owned();
            (provider.id.to_string(), name)
        })
        .collect();
    Ok(render(
        status,
        &VerifierPage {
            chrome: context.chrome(Section::Verify),
            vt: verifier_text(context.lang),
            providers,
            problem,
        },
    ))
}

pub async fn form(State(state): State<SharedState>, context: PageContext) -> PageResult {
    form_page(&state, &context, StatusCode::OK, None).await
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.trim())
}

/// `POST /verifier`: makes the request and opens its page.
pub async fn create(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_any_form(&context, &fields)?;
    let query = (|| -> Result<app::vp::VpQuery, String> {
        let optional = |name: &str| Some(field(&fields, name)).filter(|value| !value.is_empty());
        Ok(app::vp::VpQuery {
            provider: optional("provider")
                .map(model::ProviderId::parse)
                .transpose()
                .map_err(|error| format!("provider: {error}"))?,
            offering: optional("offering")
                .map(model::OfferingId::parse)
                .transpose()
                .map_err(|error| format!("offering: {error}"))?,
            eqf_level: optional("eqf_level")
                .map(str::parse::<u8>)
                .transpose()
                .map_err(|_| "eqf_level: not a number".to_owned())?,
            ask_name: field(&fields, "ask_name") == "on",
            ask_grade: field(&fields, "ask_grade") == "on",
            purpose: optional("purpose").map(str::to_owned),
        })
    })();
    let query = match query {
        Ok(query) => query,
        Err(message) => {
            return form_page(
                &state,
                &context,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(message),
            )
            .await;
        }
    };
    match state.app.create_vp_request(query).await {
        Ok(created) => {
            Ok(Redirect::to(&format!("/verifier/requests/{}", created.view)).into_response())
        }
        Err(error) => match fixable_message(&error) {
            Some(message) => {
                form_page(
                    &state,
                    &context,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(message),
                )
                .await
            }
            None => Err(app_error_page(&context, error)),
        },
    }
}

/// `GET /verifier/requests/{view}`.
pub async fn request(
    State(state): State<SharedState>,
    context: PageContext,
    Path(view): Path<String>,
) -> PageResult {
    let view = state
        .app
        .vp_request_view(&view)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let vt = verifier_text(context.lang);
    let query = &view.query;
    let mut asked = Vec::new();
    asked.push(match &query.provider {
        Some(provider) => format!("{}: {provider}", vt.provider),
        None => format!("{}: {}", vt.provider, vt.any_provider),
    });
    if let Some(offering) = &query.offering {
        asked.push(format!("{}: {offering}", vt.offering));
    }
    if let Some(level) = query.eqf_level {
        asked.push(format!("{}: {level}", vt.eqf_level));
    }
    if query.ask_name {
        asked.push(vt.ask_name.to_owned());
    }
    if query.ask_grade {
        asked.push(vt.ask_grade.to_owned());
    }
    if let Some(purpose) = &query.purpose {
        asked.push(format!("{}: {purpose}", vt.purpose_label));
    }
    let (checks, claims, answered_at) = match &view.result {
        Some(result) => (
            super::verify::check_lines(&result.checks, context.lang),
            result
                .claims
                .iter()
                .map(|(name, value)| {
                    let label = vt
                        .claim_labels
                        .iter()
                        .find(|(key, _)| key == name)
                        .map_or("", |(_, label)| *label);
                    (label, value.clone())
                })
                .collect(),
            super::format::timestamp(result.answered_at, context.lang),
        ),
        None => (Vec::new(), Vec::new(), String::new()),
    };
    let page = RequestPage {
        chrome: context.chrome(Section::Verify),
        expires: super::format::timestamp(view.expires_at, context.lang),
        vt,
        view,
        asked,
        checks,
        claims,
        answered_at,
    };
    let mut response: Response = render(StatusCode::OK, &page);
    // The page's address is the key to the result: not cached, not sent on as a referrer.
    let headers = response.headers_mut();
    headers.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    headers.insert(
        axum::http::header::REFERRER_POLICY,
        axum::http::HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}
