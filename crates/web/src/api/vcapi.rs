//! The W3C VC-API verification endpoints (issue 13): `POST /credentials/verify` and
//! `POST /presentations/verify`, answering with VC-API's `checks`, `warnings` and `errors` and
//! the register's whole verification report (`report`, as `POST /api/v1/verify` gives it).
//! A credential or presentation that does not verify is `400` (VC-API's "invalid input").

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::{Value, json};

use super::public::{VerifyResponse, presentation_response, verify_response};
use crate::SharedState;
use crate::body::LimitedBody;
use crate::error::{ApiError, ApiResult};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct VerifyOptions {
    #[serde(default)]
    challenge: Option<String>,
    #[serde(default)]
    domain: Option<String>,
}

/// VC-API's answer from the register's report: the checks that passed, the failed ones as
/// errors, those that could not run as warnings.
fn vc_api_answer(report: &VerifyResponse) -> (StatusCode, Json<Value>) {
    let mut passed = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for check in report.checks.as_array().into_iter().flatten() {
        let name = check["check"].clone();
        match check["outcome"].as_str() {
            Some("passed") => passed.push(name),
            Some("failed") => errors
                .push(json!({"check": name, "code": check["code"], "message": check["reason"]})),
            _ => warnings.push(json!({"check": name, "message": check["reason"]})),
        }
    }
    let status = if report.verified {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    (
        status,
        Json(json!({
            "verified": report.verified,
            "checks": passed,
            "warnings": warnings,
            "errors": errors,
            "report": report,
        })),
    )
}

fn body_field(body: &[u8], name: &str) -> ApiResult<(Value, VerifyOptions)> {
    let mut document = model::strict_json::parse_strict(body).map_err(|error| {
        ApiError::violation(
            model::ViolationCode::InvalidValue,
            format!("the body is not JSON: {error}"),
        )
    })?;
    let subject = document.get_mut(name).map(Value::take).ok_or_else(|| {
        ApiError::violation(
            model::ViolationCode::MissingElement,
            format!("`{name}` is missing"),
        )
        .with_element(name)
    })?;
    let options = match document.get("options") {
        Some(options) => serde_json::from_value(options.clone()).map_err(|error| {
            ApiError::violation(
                model::ViolationCode::InvalidValue,
                format!("options: {error}"),
            )
            .with_element("options")
        })?,
        None => VerifyOptions::default(),
    };
    Ok((subject, options))
}

/// `POST /credentials/verify` `{"verifiableCredential": {...}}`.
pub async fn credentials(
    State(state): State<SharedState>,
    LimitedBody(body): LimitedBody<{ app::verification::MAX_CREDENTIAL_BYTES }>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let (credential, _) = body_field(&body, "verifiableCredential")?;
    let bytes = serde_json::to_vec(&credential).unwrap_or_default();
    let verification = state.app.verify_credential(&bytes).await?;
    Ok(vc_api_answer(&verify_response(
        &verification,
        model::UiLang::En,
    )))
}

/// `POST /presentations/verify` `{"verifiablePresentation": {...}, "options": {"challenge",
/// "domain"}}`.
pub async fn presentations(
    State(state): State<SharedState>,
    LimitedBody(body): LimitedBody<{ app::verification::MAX_CREDENTIAL_BYTES }>,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let (presentation, options) = body_field(&body, "verifiablePresentation")?;
    let bytes = serde_json::to_vec(&presentation).unwrap_or_default();
    let verification = state
        .app
        .verify_presentation(
            &bytes,
            options.challenge.as_deref(),
            options.domain.as_deref(),
        )
        .await?;
    Ok(vc_api_answer(&presentation_response(
        &verification,
        model::UiLang::En,
    )))
}
