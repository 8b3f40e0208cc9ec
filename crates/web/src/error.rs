//! The one mapping from errors to HTTP status and stable snake_case codes. JSON for the API;
//! pages render their own error page from the same status and message.

use app::AppError;
use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{ElementError, ViolationCode};

pub use crate::codes::ErrorCode;
use serde::Serialize;

/// An error answer of the API.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ApiError {
    #[serde(skip)]
    pub status: u16,
    /// Stable code, e.g. `missing_element`, `unknown_vocabulary_value`, `malformed_json`.
    pub code: String,
    pub message: String,
    /// The element (or query parameter) at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    /// Every invalid element, for validation errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ElementError>,
    /// Seconds to wait before trying again (sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with one of the API's own codes; its status comes with the code.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::family(code.status(), code.code(), message)
    }

    /// A 422 for one element, with a violation code.
    pub fn violation(code: ViolationCode, message: impl Into<String>) -> ApiError {
        ApiError::family(StatusCode::UNPROCESSABLE_ENTITY, code.as_str(), message)
    }

    /// An error whose code belongs to a family another crate owns (see `codes.rs`).
    fn family(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: status.as_u16(),
            code: code.to_owned(),
            message: message.into(),
            element: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    pub fn with_element(mut self, element: impl Into<String>) -> ApiError {
        self.element = Some(element.into());
        self
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        match error {
            AppError::Validation(errors) => {
                let first = errors.0.first();
                ApiError {
                    status: StatusCode::UNPROCESSABLE_ENTITY.as_u16(),
                    code: first
                        .map_or("invalid_document", |error| error.code.as_str())
                        .to_owned(),
                    message: first.map_or_else(
                        || "invalid document".to_owned(),
                        |error| format!("{}: {}", error.element, error.message),
                    ),
                    element: first.map(|error| error.element.clone()),
                    errors: errors.0,
                    retry_after: None,
                }
            }
            AppError::Unauthenticated(reason) => ApiError::new(
                ErrorCode::Unauthenticated,
                format!("send `Authorization: Bearer <token>`: {reason}"),
            ),
            AppError::Forbidden(reason) => ApiError::new(ErrorCode::Forbidden, reason),
            error @ AppError::TooManyAttempts {
                retry_after_seconds,
            } => ApiError {
                retry_after: Some(retry_after_seconds),
                ..ApiError::new(ErrorCode::TooManyAttempts, error.to_string())
            },
            AppError::NotFound(what) => {
                ApiError::new(ErrorCode::NotFound, format!("{what} not found"))
            }
            AppError::Conflict(reason) => ApiError::new(ErrorCode::Conflict, reason),
            AppError::InvalidState(reason) => ApiError::new(ErrorCode::InvalidState, reason),
            AppError::Credential { code, message } => {
                ApiError::family(StatusCode::UNPROCESSABLE_ENTITY, code, message)
            }
            AppError::ImportFile(error) => ApiError::family(
                StatusCode::UNPROCESSABLE_ENTITY,
                error.code(),
                error.to_string(),
            )
            .with_element("file"),
            AppError::NotConfigured(message) => ApiError::new(ErrorCode::NotConfigured, message),
            AppError::SignInRefused(message) => ApiError::new(ErrorCode::SignInRefused, message),
            AppError::IdentityProviderUnavailable(message) => {
                tracing::warn!(%message, "identity provider unavailable");
                ApiError::new(ErrorCode::IdentityProviderUnavailable, message)
            }
            AppError::Certificate(message) => {
                tracing::error!(%message, "certificate failed");
                ApiError::new(ErrorCode::CertificateFailed, message)
            }
            AppError::Store(app::StoreError::Busy(reason)) => {
                tracing::warn!(%reason, "write given up after retries");
                ApiError::new(
                    ErrorCode::Busy,
                    "the register is too busy to complete the write; nothing was stored: try again",
                )
            }
            AppError::Store(app::StoreError::Unavailable(reason)) => {
                tracing::error!(%reason, "database unreachable");
                ApiError::new(
                    ErrorCode::StoreUnavailable,
                    "the register's database cannot be reached; nothing was read or changed: try again",
                )
            }
            AppError::Store(error) => {
                tracing::error!(%error, "storage failure");
                ApiError::new(
                    ErrorCode::InternalError,
                    "the register could not complete the request; nothing was changed",
                )
            }
        }
    }
}

impl From<app::search_params::ParamError> for ApiError {
    fn from(error: app::search_params::ParamError) -> ApiError {
        ApiError::new(ErrorCode::InvalidQueryParameter, error.message).with_element(error.element)
    }
}

/// A request body the API could not take, before any use case saw it.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("the body is larger than the limit of {}", bytes_in_words(*limit))]
    TooLarge { limit: usize },
    #[error("the body could not be read: {0}")]
    Unreadable(String),
}

fn bytes_in_words(bytes: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB ({bytes} bytes)", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

impl From<BodyError> for ApiError {
    fn from(error: BodyError) -> ApiError {
        let message = error.to_string();
        match error {
            BodyError::TooLarge { .. } => ApiError::new(ErrorCode::PayloadTooLarge, message),
            BodyError::Unreadable(_) => ApiError::new(ErrorCode::UnreadableBody, message),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry_after = self.retry_after;
        let mut response = (status, Json(self)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
