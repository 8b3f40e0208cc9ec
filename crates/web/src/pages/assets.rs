//! The stylesheet and icon, compiled into the binary so the server needs no files at run time
//! and the page's Content-Security-Policy (`'self'` only, no inline styles) holds.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::context::PageContext;

const STYLESHEET: &str = include_str!("../../static/site.css");
const FAVICON: &str = include_str!("../../static/favicon.svg");

pub async fn file(context: PageContext, Path(file): Path<String>) -> Response {
    let (content_type, body) = match file.as_str() {
        "site.css" => ("text/css; charset=utf-8", STYLESHEET),
        "favicon.svg" => ("image/svg+xml", FAVICON),
        _ => return super::not_found_page(&context).into_response(),
    };
    // No fingerprint in the name, so let browsers revalidate after a short while.
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}
