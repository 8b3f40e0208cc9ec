//! Our own JSON-LD contexts, served by every server at the path of their URL so that any
//! processor can resolve them; versioned and pinned by SHA-256, so cacheable for ever.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, ErrorCode};

/// Where our context URLs live; a request path under `/contexts/` maps onto it.
const CONTEXT_BASE: &str = "https://microcred.eu/contexts/";

pub async fn context(Path(path): Path<String>) -> Response {
    let url = format!("{CONTEXT_BASE}{path}");
    let Some(context) =
        vc::contexts::pinned(&url).filter(|context| context.url.starts_with(CONTEXT_BASE))
    else {
        return ApiError::new(
            ErrorCode::NotFound,
            format!("no microcred context at /contexts/{path}"),
        )
        .into_response();
    };
    let mut response = (StatusCode::OK, context.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/ld+json"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{}\"", context.sha256)) {
        headers.insert(header::ETAG, etag);
    }
    response
}
