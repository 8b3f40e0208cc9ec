//! Refuses page requests that would change something when the browser says they come from
//! another site: an `Origin` that is not the register's own, or `Sec-Fetch-Site: cross-site`.
//! The form token stays the check for clients that send neither (curl, scripts); this one stops
//! a cross-site post before its handler runs, even if a token leaked.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::context::PageContext;
use crate::SharedState;

/// Middleware of the pages: GET and HEAD pass (they change nothing); other methods pass only
/// when no browser header says the request is cross-site.
pub async fn refuse_cross_site(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = request.method() == Method::GET || request.method() == Method::HEAD;
    if safe || !is_cross_site(request.headers(), &state) {
        return next.run(request).await;
    }
    tracing::info!(
        method = %request.method(),
        path = request.uri().path(),
        origin = ?request.headers().get(header::ORIGIN),
        "refused a cross-site page request"
    );
    let (mut parts, _body) = request.into_parts();
    let Ok(context) = PageContext::from_request_parts(&mut parts, &state).await;
    super::error_page(
        &context,
        StatusCode::FORBIDDEN,
        context.t.error_403_title,
        context.t.cross_site_refused.to_owned(),
    )
    .into_response()
}

fn is_cross_site(headers: &HeaderMap, state: &SharedState) -> bool {
    let fetch_site_says_cross = headers
        .get_all("sec-fetch-site")
        .iter()
        .any(|value| value.as_bytes().eq_ignore_ascii_case(b"cross-site"));
    if fetch_site_says_cross {
        return true;
    }
    let mut origins = headers.get_all(header::ORIGIN).iter();
    let Some(origin) = origins.next() else {
        return false;
    };
    // A browser sends one Origin; two, or one that is not text (or `null`), is not ours.
    if origins.next().is_some() {
        return true;
    }
    let Some(origin) = origin.to_str().ok().and_then(normalized_origin) else {
        return true;
    };
    let public_url = &state.app.issuing().register_url;
    let own_scheme = if state.served_over_https() {
        "https"
    } else {
        "http"
    };
    // The configured public URL, and the Host the browser addressed (a register reached as
    // `localhost` while its public URL says `127.0.0.1`), with the scheme it is served over.
    let from_host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .and_then(|host| normalized_origin(&format!("{own_scheme}://{host}")));
    let own = [normalized_origin(public_url), from_host];
    !own.into_iter().flatten().any(|own| own == origin)
}

/// `scheme://host[:port]` of a URL or origin, lowercase, without a default port; `None` for
/// anything without a scheme and a host (such as `null`).
fn normalized_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if scheme.is_empty() || authority.is_empty() || authority.contains('@') {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let authority = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    let authority = if default_port.is_empty() {
        authority.as_str()
    } else {
        authority
            .strip_suffix(default_port)
            .unwrap_or(authority.as_str())
    };
    Some(format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::normalized_origin;

    #[test]
    fn origins_compare_without_case_path_or_default_port() {
        let origin = |url| normalized_origin(url);
        assert_eq!(
            origin("https://Register.example.eu:443/path?q#f").as_deref(),
            Some("https://register.example.eu")
        );
        assert_eq!(
            origin("http://127.0.0.1:8080").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin("http://localhost:80").as_deref(),
            Some("http://localhost")
        );
        // A non-default port stays: another port is another origin.
        assert_ne!(
            origin("https://register.example.eu:8443"),
            origin("https://register.example.eu")
        );
        assert_eq!(origin("null"), None);
        assert_eq!(origin("https://"), None);
        assert_eq!(origin("https://user@evil.example"), None);
    }
}
