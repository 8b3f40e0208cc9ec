//! The pages anyone may open: a learner's share link (`/s/{token}`: each credential verified
//! now, with its files) and the privacy statement. An unknown, expired, used-up or revoked
//! link is one and the same 404 page.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::i18n::issuing::{IssuingText, issuing_text};
use super::i18n::wallet::{WalletText, wallet_text};
use super::verify::{ReportView, report_view};
use super::{PageResult, app_error_page, not_found_page, render};
use crate::SharedState;

pub struct SharedItem {
    pub kind: &'static str,
    pub imported: bool,
    pub id: String,
    pub title: String,
    pub json: String,
}

#[derive(Template)]
#[template(path = "shared.html")]
struct SharedPage {
    chrome: Chrome,
    wt: &'static WalletText,
    it: &'static IssuingText,
    until: String,
    items: Vec<(SharedItem, ReportView)>,
}

pub async fn shared(
    State(state): State<SharedState>,
    context: PageContext,
    method: axum::http::Method,
    Path(token): Path<String>,
) -> PageResult {
    // A HEAD (a link checker, a preview) learns whether the link works and uses up nothing.
    if method == axum::http::Method::HEAD {
        return match state.app.share_link_live(&token).await {
            Ok(true) => Ok(StatusCode::OK.into_response()),
            Ok(false) => Err(not_found_page(&context)),
            Err(error) => Err(app_error_page(&context, error)),
        };
    }
    let view = match state.app.open_share_link(&token).await {
        Ok(view) => view,
        Err(app::AppError::NotFound(_)) => return Err(not_found_page(&context)),
        Err(error) => return Err(app_error_page(&context, error)),
    };
    let items = view
        .credentials
        .iter()
        .map(|credential| {
            let report = report_view(&credential.verification, context.lang);
            let title = report
                .content
                .iter()
                .find(|row| row.element == "title")
                .map(|row| row.value.lines().next().unwrap_or_default().to_owned())
                .unwrap_or_default();
            let item = SharedItem {
                kind: credential.kind,
                imported: credential.kind == "imported",
                id: credential
                    .id
                    .strip_prefix("urn:uuid:")
                    .unwrap_or(&credential.id)
                    .to_owned(),
                title,
                json: serde_json::to_string_pretty(&credential.document).unwrap_or_default(),
            };
            (item, report)
        })
        .collect();
    let mut response = render(
        StatusCode::OK,
        &SharedPage {
            chrome: context.chrome(Section::Other),
            wt: wallet_text(context.lang),
            it: issuing_text(context.lang),
            until: format::timestamp(view.expires_at, context.lang),
            items,
        },
    );
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "privacy.html")]
struct PrivacyPage {
    chrome: Chrome,
}

pub async fn privacy(context: PageContext) -> PageResult {
    Ok(render(
        StatusCode::OK,
        &PrivacyPage {
            chrome: context.chrome(Section::Other),
        },
    ))
}
