//! Reading JSON request bodies strictly: size-limited (413), syntax errors with line and column
//! (400), duplicate keys refused (a second value must not silently replace the first), depth
//! bounded by serde_json's recursion limit.

use std::fmt;

use axum::extract::{FromRequest, Request};
use axum::http::header;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

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

/// Parses JSON, refusing duplicate keys.
pub fn parse_strict(bytes: &[u8]) -> Result<Value, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = deserializer
        .deserialize_any(StrictVisitor)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|error| {
            ApiError::new(
                ErrorCode::MalformedJson,
                format!("the body is not valid JSON: {error}"),
            )
        })?;
    Ok(value)
}

struct StrictVisitor;

struct StrictValue(Value);

impl<'de> de::Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictVisitor).map(StrictValue)
    }
}

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }
    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }
    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(item)) = sequence.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let StrictValue(value) = map.next_value()?;
            if object.insert(key.clone(), value).is_some() {
                return Err(de::Error::custom(format!("duplicate key `{key}`")));
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_deep_nesting_and_trailing_garbage_are_refused() {
        assert!(parse_strict(br#"{"a": 1, "b": {"c": 2}}"#).is_ok());
        let duplicate = parse_strict(br#"{"a": 1, "a": 2}"#).unwrap_err();
        assert_eq!(duplicate.code, "malformed_json");
        assert!(duplicate.message.contains("duplicate key `a`"));
        assert!(parse_strict(br#"{"x": {"a": 1, "a": 1}}"#).is_err());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(
            parse_strict(deep.as_bytes())
                .unwrap_err()
                .message
                .contains("recursion limit")
        );
        assert!(parse_strict(br#"{"a": 1} trailing"#).is_err());
        assert!(
            parse_strict(b"{\"a\": ")
                .unwrap_err()
                .message
                .contains("line 1")
        );
    }
}
