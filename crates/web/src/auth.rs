//! Who is calling: bearer tokens for the API, a session cookie for the pages.

use app::Principal;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use crate::SharedState;
use crate::error::ApiError;

/// Name of the web session cookie.
pub const SESSION_COOKIE: &str = "mc_session";

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// A caller authenticated by `Authorization: Bearer <token>` (401 otherwise).
pub struct Caller(pub Principal);

impl FromRequestParts<SharedState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = bearer(&parts.headers) else {
            return Err(app::AppError::Unauthenticated("no bearer token").into());
        };
        Ok(Caller(state.app.authenticate_bearer(token).await?))
    }
}

/// A caller that may be anonymous; a token that is sent must be valid.
pub struct MaybeCaller(pub Option<Principal>);

impl FromRequestParts<SharedState> for MaybeCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        match bearer(&parts.headers) {
            None => Ok(MaybeCaller(None)),
            Some(token) => Ok(MaybeCaller(Some(
                state.app.authenticate_bearer(token).await?,
            ))),
        }
    }
}

/// The value of a cookie in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The signed-in user of a page, if any (an expired or unknown session counts as signed out).
pub struct Viewer(pub Option<Principal>);

impl FromRequestParts<SharedState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &SharedState,
    ) -> Result<Self, Self::Rejection> {
        let Some(session) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(Viewer(None));
        };
        Ok(Viewer(state.app.session(session).await.ok()))
    }
}

/// `Set-Cookie` value that stores a session (HttpOnly, SameSite=Strict: no cross-site form posts).
pub fn session_cookie(secret: &str, max_age_seconds: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_seconds}{secure}"
    )
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie() -> String {
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}
