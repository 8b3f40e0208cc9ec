//! API handlers of bulk imports: upload a CSV or XLSX of enrolments or results (the body is the
//! file), follow the job, list the rows it applied; the templates and their columns.

use app::import_file::{self, FileKind};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{ImportJob, ImportJobId, ImportKind, OfferingId};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::SharedState;
use crate::auth::Caller;
use crate::body::LimitedBody;
use crate::error::{ApiError, ApiResult, ErrorCode};

/// Files with at most this many data rows are applied before the answer; larger ones run in
/// the background (poll `GET /api/v1/imports/{id}`).
pub const INLINE_ROWS: usize = 2_000;

#[derive(Deserialize)]
pub struct UploadParams {
    offering: Option<String>,
    kind: Option<String>,
    file_name: Option<String>,
}

fn kind_of(code: Option<&str>) -> ApiResult<ImportKind> {
    let code = code.ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "name what the file holds: ?kind=enrolments or ?kind=results",
        )
        .with_element("kind")
    })?;
    ImportKind::from_code(code).ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidQueryParameter,
            format!("`{code}` is not a kind of file; allowed: enrolments, results"),
        )
        .with_element("kind")
    })
}

pub(crate) fn file_kind(kind: ImportKind) -> FileKind {
    match kind {
        ImportKind::Enrolments => FileKind::Enrolments,
        ImportKind::Results => FileKind::Results,
    }
}

/// `POST /api/v1/imports?offering=…&kind=enrolments|results&file_name=…` with the file as body.
pub async fn upload(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Query(params): Query<UploadParams>,
    headers: HeaderMap,
    LimitedBody(body): LimitedBody<{ import_file::MAX_FILE_BYTES }>,
) -> ApiResult<(StatusCode, Json<ImportJob>)> {
    let kind = kind_of(params.kind.as_deref())?;
    let offering = params.offering.as_deref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidQueryParameter,
            "name the offering: ?offering=of-…",
        )
        .with_element("offering")
    })?;
    let offering = OfferingId::parse(offering).map_err(|message| {
        ApiError::new(ErrorCode::InvalidQueryParameter, message).with_element("offering")
    })?;
    let right = super::issuing::right_for_offering(&state, &caller, &offering).await?;
    let file_name = params.file_name.unwrap_or_else(|| {
        let is_xlsx = headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains("spreadsheetml"));
        if is_xlsx { "upload.xlsx" } else { "upload.csv" }.to_owned()
    });
    let job = state
        .app
        .start_import(&right, &offering, kind, &file_name, &body, caller.label())
        .await?;
    if job.total_rows <= INLINE_ROWS {
        match state.jobs.run(&job.id, &|_| {}).await {
            Ok(done) => return Ok((StatusCode::OK, Json(done))),
            // Another server took the new job's lease first (its look for unfinished jobs came
            // between storing and running): it runs there; follow it like a background job.
            Err(app::AppError::Conflict(_)) => return Ok((StatusCode::ACCEPTED, Json(job))),
            Err(error) => return Err(error.into()),
        }
    }
    state.jobs.start(job.id.clone());
    Ok((StatusCode::ACCEPTED, Json(job)))
}

fn job_id(id: &str) -> ApiResult<ImportJobId> {
    ImportJobId::parse(id)
        .map_err(|_| ApiError::new(ErrorCode::NotFound, format!("import job `{id}` not found")))
}

async fn right_for_job(
    state: &SharedState,
    caller: &app::Principal,
    id: &ImportJobId,
) -> ApiResult<app::IssuerRight> {
    Ok(state.app.import_job_as(caller, id).await?.0)
}

pub async fn job(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = job_id(&id)?;
    let right = right_for_job(&state, &caller, &id).await?;
    let job = state.app.import_job(&right, &id).await?;
    let percent = job.percent();
    let mut value = serde_json::to_value(job).unwrap_or(Value::Null);
    value["percent"] = json!(percent);
    Ok(Json(value))
}

/// The rows a job applied (row number, row key and what each stored).
#[derive(Serialize, schemars::JsonSchema)]
pub struct AppliedRow {
    pub row: usize,
    pub enrolment_id: Option<String>,
    pub assessment_id: Option<String>,
    pub credential_id: Option<String>,
}

pub async fn job_rows(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = job_id(&id)?;
    let right = right_for_job(&state, &caller, &id).await?;
    let rows: Vec<AppliedRow> = state
        .app
        .import_job_rows(&right, &id)
        .await?
        .into_iter()
        .map(|row| AppliedRow {
            row: row.row_number,
            enrolment_id: row.enrolment_id.map(String::from),
            assessment_id: row.assessment_id.map(String::from),
            credential_id: row.credential_id.map(|id| id.urn()),
        })
        .collect();
    Ok(Json(json!({ "items": rows })))
}

#[derive(Deserialize)]
pub struct JobListParams {
    provider: Option<String>,
    limit: Option<usize>,
    after: Option<String>,
}

/// `GET /api/v1/imports[?limit=…&after=…]`: the provider's jobs, newest first, paged like every
/// list (`next` passed back as `after`).
pub async fn jobs(
    State(state): State<SharedState>,
    Caller(caller): Caller,
    Query(params): Query<JobListParams>,
) -> ApiResult<Json<Value>> {
    let right = super::issuing::right_for_listing(&caller, params.provider.as_deref())?;
    let limit = params.limit.unwrap_or(100).clamp(1, 1_000);
    let after = params
        .after
        .as_deref()
        .map(|text| {
            app::PageCursor::parse(text, app::ListingKind::ImportJobs).map_err(|message| {
                ApiError::new(ErrorCode::InvalidQueryParameter, message).with_element("after")
            })
        })
        .transpose()?;
    let page = state
        .app
        .import_job_page(&right, limit, after.as_ref())
        .await?;
    let mut answer = json!({"total": page.total, "limit": limit, "items": page.items});
    if let Some(next) = page.next {
        answer["next"] = Value::from(next.to_param());
    }
    Ok(Json(answer))
}

/// `GET /api/v1/imports/templates/{kind}.{csv|xlsx}`: the template, and
/// `GET /api/v1/imports/templates/{kind}` its documented columns as JSON. Anyone may read them.
pub async fn template(Path(name): Path<String>) -> Response {
    let (kind, extension) = match name.split_once('.') {
        Some((kind, extension)) => (kind, Some(extension)),
        None => (name.as_str(), None),
    };
    let Some(kind) = ImportKind::from_code(kind).map(file_kind) else {
        return ApiError::new(
            ErrorCode::NotFound,
            format!("no template `{name}`; there are enrolments and results, as .csv or .xlsx"),
        )
        .into_response();
    };
    match extension {
        None => {
            let columns: Vec<Value> = import_file::columns(kind)
                .iter()
                .map(|column| {
                    json!({
                        "name": column.name,
                        "required": column.required.label(),
                        "description": column.description,
                        "values": column.values.describe(),
                        "example": column.example,
                    })
                })
                .collect();
            Json(json!({ "kind": kind.code(), "columns": columns })).into_response()
        }
        Some("csv") => download(
            import_file::template_csv(kind),
            "text/csv; charset=utf-8",
            &format!("{}-template.csv", kind.code()),
        ),
        Some("xlsx") => match import_file::template_xlsx(kind) {
            Ok(bytes) => download(
                bytes,
                import_file::FileFormat::Xlsx.media_type(),
                &format!("{}-template.xlsx", kind.code()),
            ),
            Err(error) => ApiError::from(app::AppError::from(error)).into_response(),
        },
        Some(other) => ApiError::new(
            ErrorCode::NotFound,
            format!("templates come as .csv or .xlsx, not .{other}"),
        )
        .into_response(),
    }
}

/// A file download with its name.
pub(crate) fn download(bytes: Vec<u8>, media_type: &str, file_name: &str) -> Response {
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(media_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
