//! Signing in with an API token (the session lives in an HttpOnly, SameSite=Strict cookie) and
//! signing out.

use app::AppError;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};

use super::context::{Chrome, PageContext, Section};
use super::{PageResult, app_error_page, check_form, render};
use crate::SharedState;
use crate::auth::{clear_session_cookie, session_cookie};

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    failed: bool,
}

pub async fn form(context: PageContext) -> PageResult {
    Ok(render(
        StatusCode::OK,
        &SignInPage {
            chrome: context.chrome(Section::SignIn),
            failed: false,
        },
    ))
}

pub async fn sign_in(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let token = fields
        .iter()
        .find(|(key, _)| key == "token")
        .map_or("", |(_, value)| value.as_str());
    match state.app.sign_in(token).await {
        Ok((principal, session, expires_at)) => {
            let seconds = (expires_at - state.app.now()).whole_seconds().max(0);
            let cookie = session_cookie(&session, seconds, state.secure_cookies);
            // Analysts have the statistics and nothing to administer.
            let home = if principal.role() == Some(model::Role::Analyst) {
                "/statistics"
            } else {
                "/admin"
            };
            Ok(([(header::SET_COOKIE, cookie)], Redirect::to(home)).into_response())
        }
        Err(AppError::Unauthenticated(_)) => Ok(render(
            StatusCode::UNAUTHORIZED,
            &SignInPage {
                chrome: context.chrome(Section::SignIn),
                failed: true,
            },
        )),
        Err(error) => Err(app_error_page(&context, error)),
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
