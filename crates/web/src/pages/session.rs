//! Signing in with an API token (the session lives in an HttpOnly, SameSite=Strict cookie) and
//! signing out.

use app::AppError;
use app::oidc::SignInOption;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};

use super::context::{Chrome, PageContext, Section};
use super::i18n::accounts::{AccountText, account_text};
use super::i18n::identities::{IdentityText, identity_text};
use super::{PageResult, app_error_page, check_form, render};
use crate::SharedState;
use crate::auth::{clear_session_cookie, session_cookie};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    at: &'static AccountText,
    it: &'static IdentityText,
    /// The identity providers one may sign in with.
    providers: Vec<SignInOption>,
    error: Option<String>,
    failed_password: bool,
    failed_token: bool,
    email: String,
    /// Where to go after signing in with a password or token (a path here, e.g. a wallet's
    /// authorization request); empty for the viewer's home.
    next: String,
}

impl SignInPage {
    fn new(context: &PageContext) -> SignInPage {
        SignInPage {
            chrome: context.chrome(Section::SignIn),
            at: account_text(context.lang),
            it: identity_text(context.lang),
            providers: Vec::new(),
            error: None,
            failed_password: false,
            failed_token: false,
            email: String::new(),
            next: context
                .query()
                .iter()
                .find(|(key, _)| key == "next")
                .map(|(_, value)| value.as_str())
                .filter(|next| safe_next(next))
                .unwrap_or_default()
                .to_owned(),
        }
    }
}

/// A path on this site to return to after signing in: relative, never another origin
/// (`//host`, `/\host`) — an open redirect would send a freshly signed-in person anywhere.
fn safe_next(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains(['\\', '\r', '\n'])
        && next.len() <= 4000
}

/// The sign-in page with the providers one may sign in with (none if they cannot be read:
/// signing in with a password still works).
async fn page(state: &SharedState, context: &PageContext) -> SignInPage {
    let mut page = SignInPage::new(context);
    page.providers = state.app.sign_in_options().await.unwrap_or_default();
    page
}

pub async fn form(State(state): State<SharedState>, context: PageContext) -> PageResult {
    Ok(render(StatusCode::OK, &page(&state, &context).await))
}

/// The sign-in page saying why a sign-in failed.
pub(super) async fn failed(
    state: &SharedState,
    context: &PageContext,
    status: StatusCode,
    error: String,
) -> axum::response::Response {
    let mut page = page(state, context).await;
    page.error = Some(error);
    render(status, &page)
}

pub async fn sign_in(
    State(state): State<SharedState>,
    peer: Option<axum::Extension<crate::PeerAddress>>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    super::check_any_form(&context, &fields)?;
    let value = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    };
    let with_password = fields.iter().any(|(key, _)| key == "email");
    let signed_in = if with_password {
        let address = peer.map_or_else(|| "unknown".to_owned(), |peer| peer.0.0.to_string());
        state
            .app
            .sign_in_with_password(value("email"), value("password"), &address)
            .await
    } else {
        state.app.sign_in(value("token")).await
    };
    match signed_in {
        Ok((principal, session, expires_at)) => {
            let seconds = (expires_at - state.app.now()).whole_seconds().max(0);
            let cookie = session_cookie(&session, seconds, state.secure_cookies);
            let next = value("next");
            let target = if safe_next(next) {
                next
            } else {
                home(&principal)
            };
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(target)).into_response())
        }
        Err(AppError::Unauthenticated(_)) => {
            let mut page = page(&state, &context).await;
            page.email = value("email").to_owned();
            page.next = Some(value("next"))
                .filter(|next| safe_next(next))
                .unwrap_or_default()
                .to_owned();
            if with_password {
                page.failed_password = true;
                page.error = Some(account_text(context.lang).wrong.to_owned());
            } else {
                page.failed_token = true;
                page.error = Some(context.t.sign_in_failed.to_owned());
            }
            Ok(render(StatusCode::UNAUTHORIZED, &page))
        }
        Err(AppError::TooManyAttempts {
            retry_after_seconds,
        }) => {
            let mut page = page(&state, &context).await;
            page.email = value("email").to_owned();
            page.failed_password = with_password;
            page.failed_token = !with_password;
            page.error = Some(
                account_text(context.lang)
                    .wait
                    .replace("{}", &retry_after_seconds.to_string()),
            );
            let mut response = render(StatusCode::TOO_MANY_REQUESTS, &page);
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from(retry_after_seconds),
            );
            Ok(response)
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}

/// Where a person goes after signing in: analysts have the statistics and nothing to
/// administer; learners their wallet.
pub(super) fn home(principal: &app::Principal) -> &'static str {
    match principal.role() {
        Some(model::Role::Analyst) => "/statistics",
        Some(_) => "/admin",
        None => "/wallet",
    }
}

pub async fn sign_out(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    if let Some(secret) = context.session_secret() {
        check_form(&context, &fields)?;
        state
            .app
            .sign_out(secret)
            .await
            .map_err(|error| app_error_page(&context, error))?;
    }
    Ok((
        [(header::SET_COOKIE, clear_session_cookie())],
        Redirect::to("/"),
    )
        .into_response())
}
