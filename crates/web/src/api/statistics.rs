//! `/api/v1/statistics`: the overviews this caller may see, and one overview as JSON or CSV
//! (`?format=csv` or `Accept: text/csv`). Anyone sees the overviews about offerings; analysts
//! and platform admins every overview; provider admins every overview of their own provider.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use model::UiLang;
use serde_json::{Value, json};

use crate::SharedState;
use crate::auth::MaybeCaller;
use crate::codes::ErrorCode;
use crate::error::{ApiError, ApiResult};

fn pairs(raw: Option<&str>) -> ApiResult<Vec<(String, String)>> {
    serde_urlencoded::from_str(raw.unwrap_or_default()).map_err(|error| {
        ApiError::new(
            ErrorCode::InvalidQueryParameter,
            format!("unreadable query string: {error}"),
        )
    })
}

/// `lang=nl` answers in Dutch; English otherwise.
fn lang(pairs: &[(String, String)]) -> UiLang {
    pairs
        .iter()
        .find(|(key, _)| key == "lang")
        .and_then(|(_, value)| UiLang::from_code(value))
        .filter(|lang| *lang == UiLang::Nl)
        .unwrap_or(UiLang::En)
}

/// `GET /api/v1/statistics`
pub async fn list(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Value>> {
    let lang = lang(&pairs(raw.as_deref())?);
    let overviews: Vec<Value> = state
        .app
        .statistics_overviews(caller.as_ref())
        .into_iter()
        .map(|overview| {
            json!({
                "id": overview.id,
                "title": {"nl": overview.title(UiLang::Nl), "en": overview.title(UiLang::En)},
                "description": overview.description(lang),
                "answers": overview.answers,
                "counts_people": overview.people,
                "breakdowns": overview.breakdowns,
                "default_by": overview.default_by,
                "href": format!("/api/v1/statistics/{}", overview.id),
            })
        })
        .collect();
    let parameters: Vec<Value> = app::statistics::STATISTICS_PARAMETERS
        .iter()
        .map(|(name, meaning)| json!({"name": name, "meaning": meaning}))
        .collect();
    Ok(Json(json!({
        "overviews": overviews,
        "parameters": parameters,
        "suppression": {
            "threshold": state.app.statistics_threshold(),
            "rule": model::statistics::suppression::rule_text(state.app.statistics_threshold()),
        },
    })))
}

/// `GET /api/v1/statistics/{id}`
pub async fn overview(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let pairs = pairs(raw.as_deref())?;
    let lang = lang(&pairs);
    let format = pairs
        .iter()
        .find(|(key, _)| key == "format")
        .map(|(_, value)| value.as_str());
    let csv = match format {
        Some("csv") => true,
        Some("json") => false,
        Some(other) => {
            return Err(ApiError::new(
                ErrorCode::InvalidQueryParameter,
                format!("`{other}` is not a format of the statistics; allowed: json, csv"),
            )
            .with_element("format".to_owned()));
        }
        None => headers
            .get(header::ACCEPT)
            .and_then(|accept| accept.to_str().ok())
            .is_some_and(|accept| accept.contains("text/csv")),
    };
    let query = app::statistics::StatisticsQuery::from_params(&pairs, state.app.now().date())?;
    let table = state
        .app
        .statistics(caller.as_ref(), &id, &query, lang)
        .await?;
    if csv {
        return Ok(attachment(
            table.to_csv(),
            "text/csv; charset=utf-8",
            &format!("microcred-{}.csv", table.id),
        ));
    }
    Ok(Json(table.to_json(lang)).into_response())
}

/// `GET /api/v1/statistics/workbook.xlsx`: every overview the caller may see, one workbook.
pub async fn workbook(
    State(state): State<SharedState>,
    MaybeCaller(caller): MaybeCaller,
    RawQuery(raw): RawQuery,
) -> ApiResult<Response> {
    let pairs = pairs(raw.as_deref())?;
    let lang = lang(&pairs);
    let query = app::statistics::StatisticsQuery::from_params(&pairs, state.app.now().date())?;
    let bytes = state
        .app
        .statistics_workbook(caller.as_ref(), &query, lang)
        .await?;
    Ok(xlsx_response(bytes))
}

/// An .xlsx download named `microcred-statistics.xlsx`.
pub(crate) fn xlsx_response(bytes: Vec<u8>) -> Response {
    attachment(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "microcred-statistics.xlsx",
    )
}

/// A download: `body` of `kind`, saved as `file_name` (made of ids, so always a valid header).
pub(crate) fn attachment(body: impl IntoResponse, kind: &'static str, file_name: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
