//! Signing in with OpenID Connect: the sign-in buttons start a login (the browser goes to the
//! identity provider with a state kept in a cookie of this browser), the provider sends it back
//! to `/auth/oidc/callback`, and the person is signed in — or, from the account page, links
//! the provider to their account. Platform admins configure the providers on
//! `/admin/identity-providers`.

use app::AppError;
use app::oidc::{NewIdentityProvider, OidcCallback, OidcOutcome};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::context::{Chrome, PageContext, Section};
use super::i18n::identities::{IdentityText, identity_text};
use super::learning::field;
use super::{PageResult, app_error_page, check_any_form, check_form, render, session, signed_in};
use crate::SharedState;
use crate::auth::{cookie, session_cookie};

/// The cookie that ties a login to the browser that started it.
const STATE_COOKIE: &str = "mc_oidc";

fn state_cookie(state: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    // Lax: the provider's redirect back is a cross-site top-level navigation, which Strict
    // cookies do not accompany.
    format!(
        "{STATE_COOKIE}={state}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        app::oidc::LOGIN_LIFETIME.whole_seconds()
    )
}

fn clear_state_cookie() -> String {
    format!("{STATE_COOKIE}=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0")
}

async fn go_to_provider(
    state: &SharedState,
    context: &PageContext,
    id: &str,
    linking: Option<&app::Principal>,
    peer: Option<axum::Extension<crate::PeerAddress>>,
) -> PageResult {
    let client = peer.map_or_else(|| "unknown".to_owned(), |peer| peer.0.0.to_string());
    match state.app.start_oidc_login(id, linking, &client).await {
        Ok(start) => {
            // A page that goes on by itself rather than a redirect: the pages' CSP
            // (`form-action 'self'`) also governs where a form's answer may redirect.
            let it = identity_text(context.lang);
            let mut response = render(
                StatusCode::OK,
                &OnwardPage {
                    chrome: context.chrome(Section::SignIn),
                    title: it.to_provider_title,
                    text: it.to_provider_text,
                    link: it.continue_link,
                    next: start.authorization_url,
                    notice: None,
                },
            );
            if let Ok(value) = state_cookie(&start.state, state.secure_cookies).parse() {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            Ok(response)
        }
        Err(error @ (AppError::SignInRefused(_) | AppError::IdentityProviderUnavailable(_))) => {
            let status = if matches!(error, AppError::SignInRefused(_)) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_GATEWAY
            };
            Ok(session::failed(state, context, status, error.to_string()).await)
        }
        Err(AppError::TooManyAttempts {
            retry_after_seconds,
        }) => {
            let message = identity_text(context.lang)
                .too_many
                .replace("{}", &retry_after_seconds.to_string());
            let mut response =
                session::failed(state, context, StatusCode::TOO_MANY_REQUESTS, message).await;
            response.headers_mut().insert(
                header::RETRY_AFTER,
                header::HeaderValue::from(retry_after_seconds),
            );
            Ok(response)
        }
        Err(error) => Err(app_error_page(context, error)),
    }
}

/// `POST /sign-in/oidc/{id}`: a sign-in button.
pub async fn start(
    State(state): State<SharedState>,
    peer: Option<axum::Extension<crate::PeerAddress>>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_any_form(&context, &fields)?;
    go_to_provider(&state, &context, &id, None, peer).await
}

/// `POST /account/identities/{id}/link`: the signed-in person links a provider.
pub async fn link(
    State(state): State<SharedState>,
    peer: Option<axum::Extension<crate::PeerAddress>>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let viewer = signed_in(&context)?;
    check_form(&context, &fields)?;
    go_to_provider(&state, &context, &id, Some(viewer), peer).await
}

/// `POST /account/identities/{id}/unlink`.
pub async fn unlink(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let viewer = signed_in(&context)?;
    check_form(&context, &fields)?;
    state
        .app
        .unlink_identity(viewer, &id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(Redirect::to("/account?identity=unlinked").into_response())
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    state: Option<String>,
    code: Option<String>,
    iss: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// A page that goes on to `next` by itself (and says so, with a link).
#[derive(Template)]
#[template(path = "onward.html")]
pub(super) struct OnwardPage {
    pub(super) chrome: Chrome,
    pub(super) title: &'static str,
    pub(super) text: &'static str,
    pub(super) link: &'static str,
    pub(super) next: String,
    pub(super) notice: Option<String>,
}

/// `GET /auth/oidc/callback`: where the provider sends the browser back.
pub async fn callback(
    State(state): State<SharedState>,
    context: PageContext,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let answer = OidcCallback {
        state: query.state,
        code: query.code,
        iss: query.iss,
        error: query.error,
        error_description: query.error_description,
    };
    let browser_state = cookie(&headers, STATE_COOKIE);
    let it = identity_text(context.lang);
    let outcome = state.app.finish_oidc_login(&answer, browser_state).await;
    // A page rather than a redirect: the session cookie is SameSite=Strict, and the browser
    // does not send it along a redirect chain that a cross-site navigation started; the page's
    // own navigation is same-site.
    let (cookie, next, notice) = match outcome {
        Ok(OidcOutcome::SignedIn {
            principal,
            session,
            expires_at,
            ..
        }) => {
            let seconds = (expires_at - state.app.now()).whole_seconds().max(0);
            (
                Some(session_cookie(&session, seconds, state.secure_cookies)),
                session::home(&principal),
                None,
            )
        }
        Ok(OidcOutcome::Linked { provider_name }) => (
            None,
            "/account",
            Some(it.linked_done.replace("{}", &provider_name)),
        ),
        Err(error) => {
            let status = match &error {
                AppError::SignInRefused(_) => StatusCode::UNAUTHORIZED,
                AppError::IdentityProviderUnavailable(_) => StatusCode::BAD_GATEWAY,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                _ => return app_error_page(&context, error).into_response(),
            };
            let mut response = session::failed(&state, &context, status, error.to_string()).await;
            if let Ok(value) = clear_state_cookie().parse() {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            return response;
        }
    };
    let mut response = render(
        StatusCode::OK,
        &OnwardPage {
            chrome: context.chrome(Section::SignIn),
            title: it.signed_in_title,
            text: it.signed_in_text,
            link: it.continue_link,
            next: next.to_owned(),
            notice,
        },
    );
    for value in cookie.into_iter().chain(Some(clear_state_cookie())) {
        if let Ok(value) = value.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[derive(Template)]
#[template(path = "identity_providers.html")]
struct ProvidersPage {
    chrome: Chrome,
    it: &'static IdentityText,
    providers: Vec<app::oidc::IdentityProviderView>,
    redirect_uri: String,
    error: Option<String>,
    notice: Option<String>,
    /// What was typed (name, issuer, client id, scopes), kept after an error.
    form: (String, String, String, String),
}

async fn providers_page(
    state: &SharedState,
    context: &PageContext,
    status: StatusCode,
    error: Option<String>,
    notice: Option<String>,
    form: (String, String, String, String),
) -> PageResult {
    let viewer = signed_in(context)?;
    let providers = state
        .app
        .identity_providers(viewer)
        .await
        .map_err(|error| app_error_page(context, error))?;
    Ok(render(
        status,
        &ProvidersPage {
            chrome: context.chrome(Section::Admin),
            it: identity_text(context.lang),
            providers,
            redirect_uri: state.app.oidc_redirect_uri(),
            error,
            notice,
            form,
        },
    ))
}

fn default_form() -> (String, String, String, String) {
    (
        String::new(),
        String::new(),
        String::new(),
        "email profile".to_owned(),
    )
}

/// `GET /admin/identity-providers` (platform admins).
pub async fn list(State(state): State<SharedState>, context: PageContext) -> PageResult {
    providers_page(&state, &context, StatusCode::OK, None, None, default_form()).await
}

/// `POST /admin/identity-providers`: adds one.
pub async fn add(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let viewer = signed_in(&context)?;
    check_form(&context, &fields)?;
    let new = NewIdentityProvider {
        name: field(&fields, "name").to_owned(),
        issuer: field(&fields, "issuer").to_owned(),
        client_id: field(&fields, "client_id").to_owned(),
        client_secret: field(&fields, "client_secret").to_owned(),
        scopes: field(&fields, "scopes").to_owned(),
        creates_accounts: field(&fields, "creates_accounts") == "yes",
    };
    match state.app.add_identity_provider(viewer, &new).await {
        Ok(_) => {
            let it = identity_text(context.lang);
            providers_page(
                &state,
                &context,
                StatusCode::OK,
                None,
                Some(it.added.to_owned()),
                default_form(),
            )
            .await
        }
        Err(error @ (AppError::Forbidden(_) | AppError::Unauthenticated(_))) => {
            Err(app_error_page(&context, error))
        }
        Err(error) => {
            let status = match &error {
                AppError::IdentityProviderUnavailable(_) => StatusCode::BAD_GATEWAY,
                AppError::Conflict(_) => StatusCode::CONFLICT,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let form = (new.name, new.issuer, new.client_id, new.scopes);
            providers_page(
                &state,
                &context,
                status,
                Some(error.to_string()),
                None,
                form,
            )
            .await
        }
    }
}

/// `POST /admin/identity-providers/{id}/{enable|disable}`.
pub async fn switch(
    State(state): State<SharedState>,
    context: PageContext,
    Path((id, action)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let viewer = signed_in(&context)?;
    check_form(&context, &fields)?;
    let enabled = match action.as_str() {
        "enable" => true,
        "disable" => false,
        _ => return Err(super::not_found_page(&context)),
    };
    state
        .app
        .set_identity_provider_enabled(viewer, &id, enabled)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(Redirect::to("/admin/identity-providers").into_response())
}
