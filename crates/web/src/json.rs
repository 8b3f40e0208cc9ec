//! Reading JSON request bodies strictly: size-limited (413), then `model::strict_json` (syntax
//! errors with line and column, duplicate keys refused, depth bounded) as a 400.

use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde_json::Value;

use crate::error::{ApiError, ErrorCode};

/// A JSON body read strictly.
pub struct StrictJson(pub Value);

impl<S: Send + Sync> FromRequest<S> for StrictJson {
    type Rejection = ApiError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| {
                value
                    .split(';')
                    .next()
                    .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
            });
        if !is_json {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "send the document as `Content-Type: application/json`",
            ));
        }
        let bytes = crate::body::read_within(request, crate::MAX_BODY_BYTES).await?;
        parse_strict(&bytes).map(StrictJson)
    }
}

/// Parses JSON, refusing duplicate keys (`model::strict_json`): a 400 `malformed_json` saying
/// what is wrong and where.
pub fn parse_strict(bytes: &[u8]) -> Result<Value, ApiError> {
    model::strict_json::parse_strict(bytes).map_err(|error| {
        ApiError::new(
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {error}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_malformed_body_is_a_400_that_says_where() {
        let duplicate = parse_strict(br#"{"a": 1, "a": 2}"#).unwrap_err();
        assert_eq!(duplicate.code, "malformed_json");
        assert!(duplicate.message.contains("duplicate key `a`"));
        assert!(
            parse_strict(b"{\"a\": ")
                .unwrap_err()
                .message
                .contains("line 1")
        );
    }
}
