//! The JSON API under `/api/v1`, and its OpenAPI document at `/api/openapi.json`.

pub(crate) mod accounts;
mod catalogue;
mod contexts;
pub(crate) mod feedback;
pub(crate) mod identities;
pub(crate) mod imports;
pub(crate) mod issuing;
pub(crate) mod operations;
pub(crate) mod pathways;
mod providers;
pub(crate) mod public;
pub(crate) mod recognition;
pub(crate) mod statistics;
pub(crate) mod vcapi;
pub(crate) mod vci;
pub(crate) mod vp;
pub(crate) mod wallet;

/// Response types, for the OpenAPI document.
pub mod catalogue_schema {
    pub use super::catalogue::{SearchResponse, VersionsResponse};
}
/// Response types, for the OpenAPI document.
pub mod issuing_schema {
    pub use super::issuing::{AssessmentResponse, EnrolmentDetail, KeysResponse, Page};
}
/// Response types, for the OpenAPI document.
pub mod public_schema {
    pub use super::public::VerifyResponse;
}
/// Response types, for the OpenAPI document.
pub mod accounts_schema {
    pub use super::accounts::{Accepted, AccountsResponse, AuditResponse, Me};
}
/// Response types, for the OpenAPI document.
pub mod identities_schema {
    pub use super::identities::{IdentityProvidersResponse, LinkedIdentitiesResponse};
}
/// Response types, for the OpenAPI document.
pub mod providers_schema {
    pub use super::providers::{ProviderOfferingsResponse, ProvidersResponse};
}

use axum::Json;
use axum::Router;
use axum::extract::{Request, State};
use axum::routing::{get, post, put};
use model::Vocabulary;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::{Endpoint, SharedState, endpoint};

/// Every API endpoint.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint("/api/openapi.json", &["GET"], get(openapi)),
        endpoint("/contexts/{*path}", &["GET"], get(contexts::context)),
        endpoint(
            "/api/v1/offerings",
            &["GET", "POST"],
            get(catalogue::search).post(catalogue::create),
        ),
        endpoint(
            "/api/v1/offerings/{id}",
            &["GET", "PUT"],
            get(catalogue::show).put(catalogue::update),
        ),
        endpoint(
            "/api/v1/offerings/{id}/publish",
            &["POST"],
            post(catalogue::publish),
        ),
        endpoint(
            "/api/v1/offerings/{id}/withdraw",
            &["POST"],
            post(catalogue::withdraw),
        ),
        endpoint(
            "/api/v1/offerings/{id}/versions",
            &["GET"],
            get(catalogue::versions),
        ),
        endpoint(
            "/api/v1/offerings/{id}/versions/{version}",
            &["GET"],
            get(catalogue::version),
        ),
        endpoint(
            "/api/v1/providers",
            &["GET", "POST"],
            get(providers::list).post(providers::create),
        ),
        endpoint(
            "/api/v1/providers/{id}",
            &["GET", "PUT"],
            get(providers::show).put(providers::update),
        ),
        endpoint(
            "/api/v1/providers/{id}/publish",
            &["POST"],
            post(providers::publish),
        ),
        endpoint(
            "/api/v1/providers/{id}/withdraw",
            &["POST"],
            post(providers::withdraw),
        ),
        endpoint(
            "/api/v1/providers/{id}/offerings",
            &["GET"],
            get(providers::offerings),
        ),
        endpoint("/api/v1/funding-schemes", &["GET"], get(funding_schemes)),
        endpoint(
            "/api/v1/funding-schemes/{code}",
            &["PUT"],
            put(save_funding_scheme),
        ),
        endpoint("/api/v1/vocabularies", &["GET"], get(vocabularies)),
        endpoint(
            "/api/v1/enrolments",
            &["GET", "POST"],
            get(issuing::enrolments).post(issuing::enrol),
        ),
        endpoint("/api/v1/enrolments/{id}", &["GET"], get(issuing::enrolment)),
        endpoint(
            "/api/v1/assessments",
            &["POST"],
            post(issuing::record_assessment),
        ),
        endpoint(
            "/api/v1/assessments/{id}",
            &["GET"],
            get(issuing::assessment),
        ),
        endpoint(
            "/api/v1/credentials",
            &["GET", "POST"],
            get(issuing::credentials).post(issuing::issue),
        ),
        endpoint(
            "/api/v1/credentials/{id}",
            &["GET"],
            get(issuing::credential),
        ),
        endpoint(
            "/api/v1/credentials/{id}/revoke",
            &["POST"],
            post(issuing::revoke),
        ),
        endpoint(
            "/api/v1/credentials/{id}/suspend",
            &["POST"],
            post(issuing::suspend),
        ),
        endpoint(
            "/api/v1/credentials/{id}/reinstate",
            &["POST"],
            post(issuing::reinstate),
        ),
        endpoint(
            "/api/v1/credentials/{id}/correct",
            &["POST"],
            post(issuing::correct),
        ),
        endpoint("/api/v1/providers/{id}/keys", &["GET"], get(issuing::keys)),
        endpoint(
            "/api/v1/providers/{id}/keys/rotate",
            &["POST"],
            post(issuing::rotate_key),
        ),
        endpoint(
            "/api/v1/imports",
            &["GET", "POST"],
            get(imports::jobs).post(imports::upload),
        ),
        endpoint(
            "/api/v1/imports/templates/{name}",
            &["GET"],
            get(imports::template),
        ),
        endpoint("/api/v1/imports/{id}", &["GET"], get(imports::job)),
        endpoint(
            "/api/v1/imports/{id}/rows",
            &["GET"],
            get(imports::job_rows),
        ),
        endpoint("/api/v1/statistics", &["GET"], get(statistics::list)),
        endpoint(
            "/api/v1/statistics/workbook.xlsx",
            &["GET"],
            get(statistics::workbook),
        ),
        endpoint(
            "/api/v1/statistics/{id}",
            &["GET"],
            get(statistics::overview),
        ),
        endpoint("/api/v1/verify", &["POST"], post(public::verify)),
        endpoint(
            "/api/v1/accounts",
            &["GET", "POST"],
            get(accounts::list).post(accounts::sign_up),
        ),
        endpoint(
            "/api/v1/accounts/password-reset",
            &["POST"],
            post(accounts::password_reset),
        ),
        endpoint(
            "/api/v1/providers/{id}/staff",
            &["GET", "POST"],
            get(accounts::staff).post(accounts::invite),
        ),
        endpoint(
            "/api/v1/providers/{id}/staff/{account}",
            &["DELETE"],
            axum::routing::delete(accounts::remove),
        ),
        endpoint("/api/v1/audit", &["GET"], get(accounts::audit)),
        endpoint("/api/v1/me", &["GET"], get(accounts::me)),
        endpoint(
            "/api/v1/identity-providers",
            &["GET", "POST"],
            get(identities::list).post(identities::add),
        ),
        endpoint(
            "/api/v1/identity-providers/{id}/disable",
            &["POST"],
            post(identities::disable),
        ),
        endpoint(
            "/api/v1/identity-providers/{id}/enable",
            &["POST"],
            post(identities::enable),
        ),
        endpoint("/api/v1/me/feedback", &["GET"], get(feedback::mine)),
        endpoint(
            "/api/v1/me/feedback/{enrolment}",
            &["PUT"],
            put(feedback::give),
        ),
        endpoint(
            "/api/v1/offerings/{id}/feedback",
            &["GET"],
            get(feedback::summary),
        ),
        endpoint("/api/v1/pathways", &["GET"], get(pathways::list)),
        endpoint(
            "/api/v1/pathways/{id}",
            &["GET", "PUT"],
            get(pathways::show).put(pathways::update),
        ),
        endpoint(
            "/api/v1/pathways/{id}/withdraw",
            &["POST"],
            post(pathways::withdraw),
        ),
        endpoint(
            "/api/v1/providers/{id}/pathways",
            &["POST"],
            post(pathways::create),
        ),
        endpoint("/api/v1/me/pathways", &["GET"], get(pathways::mine)),
        endpoint("/api/v1/me/pathways/{id}", &["GET"], get(pathways::my_one)),
        endpoint(
            "/api/v1/me/pathways/{id}/award",
            &["POST"],
            post(pathways::claim),
        ),
        endpoint(
            "/api/v1/pathways/{id}/awards",
            &["GET"],
            get(pathways::awards),
        ),
        endpoint(
            "/api/v1/pathways/{id}/awards/{account}",
            &["POST"],
            post(pathways::award),
        ),
        endpoint("/api/v1/recognitions", &["GET"], get(recognition::list)),
        endpoint(
            "/api/v1/recognitions/{id}",
            &["GET"],
            get(recognition::show),
        ),
        endpoint(
            "/api/v1/providers/{id}/recognitions",
            &["GET", "POST"],
            get(recognition::own).post(recognition::decide),
        ),
        endpoint(
            "/api/v1/providers/{id}/recognitions/{decision}/withdraw",
            &["POST"],
            post(recognition::withdraw),
        ),
        endpoint(
            "/api/v1/providers/{id}/recognition-requests",
            &["GET"],
            get(recognition::requests),
        ),
        endpoint(
            "/api/v1/providers/{id}/recognition-requests/{request}",
            &["GET"],
            get(recognition::request),
        ),
        endpoint(
            "/api/v1/me/recognition-requests",
            &["GET", "POST"],
            get(recognition::mine).post(recognition::ask),
        ),
        endpoint(
            "/api/v1/me/recognition-requests/{id}",
            &["DELETE"],
            axum::routing::delete(recognition::withdraw_mine),
        ),
        endpoint("/api/v1/me/identities", &["GET"], get(identities::linked)),
        endpoint(
            "/api/v1/me/identities/{id}",
            &["DELETE"],
            axum::routing::delete(identities::unlink),
        ),
        endpoint("/api/v1/sessions", &["POST"], post(wallet::sign_in)),
        endpoint("/api/v1/me/wallet", &["GET"], get(wallet::wallet)),
        endpoint("/api/v1/me/addresses", &["POST"], post(wallet::add_address)),
        endpoint(
            "/api/v1/me/addresses/{email}",
            &["DELETE"],
            axum::routing::delete(wallet::remove_address),
        ),
        endpoint(
            "/api/v1/me/student-numbers",
            &["POST"],
            post(wallet::claim_student_number),
        ),
        endpoint(
            "/api/v1/me/student-numbers/{id}",
            &["DELETE"],
            axum::routing::delete(wallet::withdraw_student_number),
        ),
        endpoint(
            "/api/v1/me/did",
            &["POST", "PUT"],
            post(wallet::make_did).put(wallet::own_did),
        ),
        endpoint(
            "/api/v1/me/share-links",
            &["POST"],
            post(wallet::create_share_link),
        ),
        endpoint(
            "/api/v1/me/share-links/{id}/openings",
            &["GET"],
            get(wallet::share_link_openings),
        ),
        endpoint(
            "/api/v1/me/share-links/{id}/revoke",
            &["POST"],
            post(wallet::revoke_share_link),
        ),
        endpoint("/api/v1/me/presentations", &["POST"], post(wallet::present)),
        endpoint("/api/v1/me/imported", &["POST"], post(wallet::import)),
        endpoint(
            "/api/v1/me/imported/{id}",
            &["DELETE"],
            axum::routing::delete(wallet::remove_imported),
        ),
        endpoint("/api/v1/me/export", &["GET"], get(wallet::export)),
        endpoint("/api/v1/me/erase", &["POST"], post(wallet::erase)),
        endpoint(
            "/api/v1/providers/{id}/student-numbers",
            &["GET"],
            get(wallet::student_number_requests),
        ),
        endpoint(
            "/api/v1/providers/{id}/student-numbers/{claim}/{decision}",
            &["POST"],
            post(wallet::decide_student_number),
        ),
        endpoint("/api/v1/shared/{token}", &["GET"], get(wallet::shared)),
        endpoint(
            "/api/v1/me/tokens",
            &["GET", "POST"],
            get(wallet::own_tokens).post(wallet::create_own_token),
        ),
        endpoint(
            "/api/v1/me/tokens/{id}",
            &["DELETE"],
            axum::routing::delete(wallet::revoke_own_token),
        ),
        endpoint(
            "/api/v1/providers/{id}/tokens",
            &["GET"],
            get(wallet::provider_tokens),
        ),
        endpoint(
            "/api/v1/trusted-issuers",
            &["GET"],
            get(public::trusted_issuers),
        ),
        endpoint(
            "/api/v1/trusted-issuers/{source}",
            &["PUT"],
            put(public::import_trust_list),
        ),
        endpoint(
            "/providers/{slug}/did.json",
            &["GET"],
            get(public::did_document),
        ),
        endpoint("/status/{id}", &["GET"], get(public::status_list)),
        endpoint("/health", &["GET"], get(operations::health)),
        endpoint("/ready", &["GET"], get(operations::ready)),
        endpoint("/metrics", &["GET"], get(operations::metrics)),
        endpoint(
            "/.well-known/openid-credential-issuer",
            &["GET"],
            get(vci::issuer_metadata),
        ),
        endpoint(
            "/.well-known/oauth-authorization-server",
            &["GET"],
            get(vci::authorization_metadata),
        ),
        endpoint("/credentials/verify", &["POST"], post(vcapi::credentials)),
        endpoint(
            "/presentations/verify",
            &["POST"],
            post(vcapi::presentations),
        ),
        endpoint("/oid4vci/offers/{id}", &["GET"], get(vci::offer)),
        endpoint("/oid4vci/token", &["POST"], post(vci::token)),
        endpoint("/oid4vci/nonce", &["POST"], post(vci::nonce)),
        endpoint("/oid4vci/credential", &["POST"], post(vci::credential)),
        endpoint("/oid4vci/notification", &["POST"], post(vp::notification)),
        endpoint("/vct/micro-credential", &["GET"], get(vp::type_metadata)),
        endpoint(
            "/status/tokens/{provider}/{list}",
            &["GET"],
            get(vp::token_status_list),
        ),
        endpoint(
            "/api/v1/presentation-requests",
            &["POST"],
            post(vp::create_request),
        ),
        endpoint(
            "/api/v1/presentation-requests/{view}",
            &["GET"],
            get(vp::request_view),
        ),
        endpoint("/oid4vp/responses/{id}", &["POST"], post(vp::response)),
        endpoint("/interactions/{id}", &["GET"], get(vp::interaction)),
        endpoint("/exchanges/{id}", &["POST"], post(vp::exchange)),
        endpoint(
            "/api/v1/credentials/{id}/offer",
            &["POST"],
            post(vci::offer_as_issuer),
        ),
        endpoint(
            "/api/v1/me/credential-offers",
            &["POST"],
            post(vci::create_offer),
        ),
        endpoint(
            "/credentials/{id}/credential.json",
            &["GET"],
            get(public::credential_json),
        ),
        endpoint(
            "/credentials/{id}/elm.json",
            &["GET"],
            get(public::credential_elm),
        ),
        endpoint(
            "/credentials/{id}/certificate.pdf",
            &["GET"],
            get(public::credential_pdf),
        ),
    ]
}

/// (path, methods) of every endpoint, for tests and documentation.
pub fn endpoint_table() -> Vec<(&'static str, &'static [&'static str])> {
    crate::table_of(endpoints())
}

pub fn router() -> Router<SharedState> {
    crate::router_of(endpoints()).route("/api/{*rest}", axum::routing::any(not_found))
}

async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

async fn not_found(request: Request) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
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
            ApiError::violation(
                model::ViolationCode::InvalidType,
                format!("`name` must map language codes to text: {error}"),
            )
            .with_element("name")
        })?,
        None => {
            return Err(ApiError::violation(
                model::ViolationCode::MissingElement,
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
