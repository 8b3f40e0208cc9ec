//! For operators (issue 14): `/health` (the process answers), `/ready` (its database answers
//! and has the schema this program knows — a load balancer sends it traffic only then) and
//! `/metrics` (Prometheus text format: requests, latencies, credentials issued, verifications,
//! unfinished import jobs, the database pool), behind a bearer token when one is configured.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::fmt::Write;

use crate::SharedState;

/// `GET /health`: 200 while the process serves.
pub async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"status": "alive"}))
}

/// `GET /ready`: 200 when the register can serve, 503 (with the reason) when not.
pub async fn ready(State(state): State<SharedState>) -> Response {
    match state.app.readiness().await {
        Ok(readiness) => {
            let status = if readiness.ready {
                StatusCode::OK
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            };
            (status, Json(readiness)).into_response()
        }
        Err(error) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"ready": false, "problem": error.to_string()})),
        )
            .into_response(),
    }
}

/// `GET /metrics`.
pub async fn metrics(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    if let Some(expected) = &state.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        // Compared as hashes: the comparison's time says nothing of the token.
        if given.is_none_or(|given| app::secret_hash(given) != app::secret_hash(expected)) {
            let mut response = (
                StatusCode::UNAUTHORIZED,
                "the metrics need their bearer token\n",
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            return response;
        }
    }
    let mut out = String::new();
    state.metrics.write(&mut out);
    let app = &state.app;
    let counters = app.counters();
    let (verified, not_verified) = counters.verifications();
    let (open, idle) = app.database_pool();
    let unfinished = app.unfinished_imports().await.map_or(0, |jobs| jobs.len());
    let schema = app
        .readiness()
        .await
        .map_or(0, |readiness| readiness.schema_version);
    let _ = write!(
        out,
        "# HELP microcred_credentials_issued_total Credentials stored by this process (issued, corrected, awarded).\n\
         # TYPE microcred_credentials_issued_total counter\n\
         microcred_credentials_issued_total {}\n\
         # HELP microcred_verifications_total Credential verifications by this process, by outcome.\n\
         # TYPE microcred_verifications_total counter\n\
         microcred_verifications_total{{outcome=\"verified\"}} {verified}\n\
         microcred_verifications_total{{outcome=\"not_verified\"}} {not_verified}\n\
         # HELP microcred_import_jobs_unfinished Import jobs started and not finished (the job queue).\n\
         # TYPE microcred_import_jobs_unfinished gauge\n\
         microcred_import_jobs_unfinished {unfinished}\n\
         # HELP microcred_database_connections Connections of the database pool.\n\
         # TYPE microcred_database_connections gauge\n\
         microcred_database_connections{{state=\"open\"}} {open}\n\
         microcred_database_connections{{state=\"idle\"}} {idle}\n\
         # HELP microcred_schema_version The database's newest migration.\n\
         # TYPE microcred_schema_version gauge\n\
         microcred_schema_version {schema}\n",
        counters.issued()
    );
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        out,
    )
        .into_response()
}
