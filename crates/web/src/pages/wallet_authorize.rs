//! The learner's consent in OpenID4VCI's authorization code flow (`/oid4vci/authorize`): a
//! wallet sent them here; signed in, they pick a credential and allow it (the browser goes
//! back to the wallet with a code) or deny it (it goes back with `access_denied`). A request
//! whose redirect URI is unsafe is answered on this page, never by following it.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};

use super::context::{Chrome, PageContext, Section};
use super::i18n::verifier::{AuthorizeText, authorize_text};
use super::{PageResult, app_error_page, check_form, error_page, render};
use crate::SharedState;

#[derive(Template)]
#[template(path = "wallet_authorize.html")]
struct AuthorizePage {
    chrome: Chrome,
    at: &'static AuthorizeText,
    asks: String,
    destination: String,
    format: &'static str,
    credentials: Vec<(String, String)>,
    /// The wallet's request, carried through the form.
    hidden: Vec<(String, String)>,
}

/// The authorization request's parameters (the query on GET, the form's on POST).
const PARAMETERS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "code_challenge",
    "code_challenge_method",
    "scope",
    "authorization_details",
    "state",
    "issuer_state",
];

fn parameters(all: &[(String, String)]) -> Vec<(String, String)> {
    all.iter()
        .filter(|(key, _)| PARAMETERS.contains(&key.as_str()))
        .cloned()
        .collect()
}

fn read(
    context: &PageContext,
    all: &[(String, String)],
) -> Result<app::vci::AuthorizationRequest, super::PageError> {
    app::vci::authorization_request(&parameters(all)).map_err(|reason| {
        error_page(
            context,
            StatusCode::BAD_REQUEST,
            authorize_text(context.lang).bad_request,
            reason,
        )
    })
}

/// `GET /oid4vci/authorize`: the consent page (signing in first).
pub async fn form(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let query = context.query().to_vec();
    let request = read(&context, &query)?;
    if context.viewer.is_none() {
        let back = format!(
            "/oid4vci/authorize?{}",
            serde_urlencoded::to_string(&query).unwrap_or_default()
        );
        let next = serde_urlencoded::to_string([("next", back)]).unwrap_or_default();
        return Ok(Redirect::to(&format!("/sign-in?{next}")).into_response());
    }
    let learner = super::wallet::learner(&context)?;
    let credentials = state
        .app
        .credentials_for_wallets(&learner, context.lang)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let at = authorize_text(context.lang);
    Ok(render(
        StatusCode::OK,
        &AuthorizePage {
            chrome: context.chrome(Section::Wallet),
            at,
            asks: at.asks.replace("{}", &request.client_id),
            destination: request.destination(),
            format: if request.configuration == app::vci::SD_JWT_CONFIGURATION {
                at.format_sd_jwt
            } else {
                at.format_ldp
            },
            credentials,
            hidden: parameters(&query),
        },
    ))
}

/// `POST /oid4vci/authorize`: allow (with the chosen credential) or deny.
pub async fn decide(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let request = read(&context, &fields)?;
    let learner = super::wallet::learner(&context)?;
    let value = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    };
    let target = if value("decision") == "allow" {
        state
            .app
            .authorize_wallet(&learner, &request, value("credential"))
            .await
            .map_err(|error| app_error_page(&context, error))?
    } else {
        request.redirect(&[("error", "access_denied")])
    };
    // Onward by a page, not a redirect: the pages' CSP `form-action 'self'` stops a form's
    // redirect to another origin (the wallet's).
    let at = authorize_text(context.lang);
    Ok(render(
        StatusCode::OK,
        &super::oidc::OnwardPage {
            chrome: context.chrome(Section::Wallet),
            title: at.onward_title,
            text: at.onward_text,
            link: at.onward_link,
            next: target,
            notice: None,
        },
    ))
}
