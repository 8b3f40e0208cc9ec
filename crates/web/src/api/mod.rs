//! The JSON API under `/api/v1`, and its OpenAPI document at `/api/openapi.json`.

mod catalogue;
mod contexts;
pub(crate) mod imports;
pub(crate) mod issuing;
mod providers;
pub(crate) mod public;

/// Response types, for the OpenAPI document.
pub mod catalogue_schema {
    pub use super::catalogue::{SearchResponse, VersionsResponse};
}
/// Response types, for the OpenAPI document.
pub mod providers_schema {
    pub use super::providers::{ProviderOfferingsResponse, ProvidersResponse};
}

use axum::Json;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use model::Vocabulary;
use serde_json::{Value, json};

use crate::SharedState;
use crate::error::{ApiError, ApiResult};

/// Continues an import job in the background (after a restart).
pub fn resume_import(state: &SharedState, job: model::ImportJobId) {
    imports::run_in_background(state, job);
}

pub fn router() -> Router<SharedState> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/contexts/{*path}", get(contexts::context))
        .route(
            "/api/v1/offerings",
            get(catalogue::search).post(catalogue::create),
        )
        .route(
            "/api/v1/offerings/{id}",
            get(catalogue::show).put(catalogue::update),
        )
        .route(
            "/api/v1/offerings/{id}/publish",
            axum::routing::post(catalogue::publish),
        )
        .route(
            "/api/v1/offerings/{id}/withdraw",
            axum::routing::post(catalogue::withdraw),
        )
        .route("/api/v1/offerings/{id}/versions", get(catalogue::versions))
        .route(
            "/api/v1/offerings/{id}/versions/{version}",
            get(catalogue::version),
        )
        .route(
            "/api/v1/providers",
            get(providers::list).post(providers::create),
        )
        .route(
            "/api/v1/providers/{id}",
            get(providers::show).put(providers::update),
        )
        .route(
            "/api/v1/providers/{id}/publish",
            axum::routing::post(providers::publish),
        )
        .route(
            "/api/v1/providers/{id}/withdraw",
            axum::routing::post(providers::withdraw),
        )
        .route(
            "/api/v1/providers/{id}/offerings",
            get(providers::offerings),
        )
        .route("/api/v1/funding-schemes", get(funding_schemes))
        .route(
            "/api/v1/funding-schemes/{code}",
            axum::routing::put(save_funding_scheme),
        )
        .route("/api/v1/vocabularies", get(vocabularies))
        .route(
            "/api/v1/enrolments",
            get(issuing::enrolments).post(issuing::enrol),
        )
        .route("/api/v1/enrolments/{id}", get(issuing::enrolment))
        .route("/api/v1/assessments", post(issuing::record_assessment))
        .route("/api/v1/assessments/{id}", get(issuing::assessment))
        .route(
            "/api/v1/credentials",
            get(issuing::credentials).post(issuing::issue),
        )
        .route("/api/v1/credentials/{id}", get(issuing::credential))
        .route("/api/v1/credentials/{id}/revoke", post(issuing::revoke))
        .route("/api/v1/credentials/{id}/suspend", post(issuing::suspend))
        .route(
            "/api/v1/credentials/{id}/reinstate",
            post(issuing::reinstate),
        )
        .route("/api/v1/credentials/{id}/correct", post(issuing::correct))
        .route("/api/v1/providers/{id}/keys", get(issuing::keys))
        .route(
            "/api/v1/providers/{id}/keys/rotate",
            post(issuing::rotate_key),
        )
        .route(
            "/api/v1/imports",
            get(imports::jobs)
                .post(imports::upload)
                .layer(DefaultBodyLimit::max(app::import_file::MAX_FILE_BYTES)),
        )
        .route("/api/v1/imports/templates/{name}", get(imports::template))
        .route("/api/v1/imports/{id}", get(imports::job))
        .route("/api/v1/imports/{id}/rows", get(imports::job_rows))
        .route(
            "/api/v1/verify",
            post(public::verify).layer(DefaultBodyLimit::max(
                app::verification::MAX_CREDENTIAL_BYTES,
            )),
        )
        .route("/api/v1/trusted-issuers", get(public::trusted_issuers))
        .route("/providers/{slug}/did.json", get(public::did_document))
        .route("/status/{id}", get(public::status_list))
        .route(
            "/credentials/{id}/credential.json",
            get(public::credential_json),
        )
        .route("/credentials/{id}/elm.json", get(public::credential_elm))
        .route(
            "/credentials/{id}/certificate.pdf",
            get(public::credential_pdf),
        )
        .route("/api/{*rest}", axum::routing::any(not_found))
}

async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

async fn not_found(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!(
            "no API endpoint {} {}",
            request.method(),
            request.uri().path()
        ),
    )
}

async fn funding_schemes(State(state): State<SharedState>) -> ApiResult<Json<Value>> {
    Ok(Json(json!({ "items": state.app.funding_schemes().await? })))
}

/// Adds or renames a funding scheme (platform admin); the body is `{"name": {"nl": …, "en": …}}`.
async fn save_funding_scheme(
    State(state): State<SharedState>,
    crate::auth::Caller(caller): crate::auth::Caller,
    axum::extract::Path(code): axum::extract::Path<String>,
    crate::json::StrictJson(document): crate::json::StrictJson,
) -> ApiResult<Json<Value>> {
    let admin = caller.platform_admin()?;
    let name = match document.get("name") {
        Some(name) => serde_json::from_value::<model::LangText>(name.clone()).map_err(|error| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_type",
                format!("`name` must map language codes to text: {error}"),
            )
            .with_element("name")
        })?,
        None => {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "missing_element",
                "`name` is mandatory",
            )
            .with_element("name"));
        }
    };
    let scheme = model::FundingScheme { code, name };
    state
        .app
        .save_funding_scheme(&admin, scheme.clone())
        .await?;
    Ok(Json(serde_json::to_value(scheme).unwrap_or(Value::Null)))
}

fn vocabulary<V: Vocabulary>() -> (String, Value) {
    let values: Vec<Value> = V::ALL
        .iter()
        .map(|value| {
            let labels: serde_json::Map<String, Value> = model::UiLang::ALL
                .iter()
                .map(|lang| (lang.code().to_owned(), Value::from(value.label(*lang))))
                .collect();
            json!({"code": value.code(), "iri": value.iri(), "labels": labels})
        })
        .collect();
    (V::NAME.to_owned(), Value::Array(values))
}

/// Every controlled vocabulary with codes, IRIs and labels, so clients never hard-code them.
async fn vocabularies() -> Json<Value> {
    use model::vocab::*;
    let mut all: serde_json::Map<String, Value> = [
        vocabulary::<ProviderType>(),
        vocabulary::<QualityAssuranceType>(),
        vocabulary::<AssessmentType>(),
        vocabulary::<ParticipationMode>(),
        vocabulary::<LearningSetting>(),
        vocabulary::<Supervision>(),
        vocabulary::<QfEheaCycle>(),
        vocabulary::<Stackability>(),
        vocabulary::<LegalIdentifierScheme>(),
        vocabulary::<PublicationStatus>(),
    ]
    .into_iter()
    .collect();
    let fields: Vec<Value> = model::isced::ISCED_FIELDS.iter().map(|field| json!({"code": field.code, "iri": field.iri(), "labels": {"nl": field.nl, "en": field.en}})).collect();
    all.insert("isced_field".to_owned(), Value::Array(fields));
    let eqf: Vec<Value> = (1..=8)
        .map(|level| json!({"code": level, "iri": eqf_iri(level)}))
        .collect();
    all.insert("eqf".to_owned(), Value::Array(eqf));
    Json(Value::Object(all))
}
