//! Reads a submitted JSON document element by element, collecting every problem with its path.
//!
//! Submitted documents are validated from `serde_json::Value` rather than derived `Deserialize`
//! so that one request reports every wrong element at once, each named, instead of serde's first.

use serde_json::{Map, Value};
use time::Date;

use crate::error::{ElementError, ValidationErrors, ViolationCode};
use crate::lang::{LangText, is_language_code};
use crate::vocab::Vocabulary;

pub const MAX_SHORT_TEXT: usize = 300;
pub const MAX_LONG_TEXT: usize = 5_000;
pub const MAX_LIST: usize = 50;
pub const MAX_URL: usize = 2_000;

/// Collects element errors while reading a document.
#[derive(Default)]
pub struct Errors(pub Vec<ElementError>);

impl Errors {
    pub fn push(&mut self, element: &str, code: ViolationCode, message: impl Into<String>) {
        self.0.push(ElementError {
            element: element.to_owned(),
            code,
            message: message.into(),
            allowed: None,
        });
    }

    pub fn missing(&mut self, element: &str) {
        self.push(
            element,
            ViolationCode::MissingElement,
            format!("`{element}` is mandatory"),
        );
    }

    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(ValidationErrors(self.0))
        }
    }
}

/// A JSON object being read, with its path and the keys it allows.
pub struct Object<'a> {
    pub path: String,
    map: &'a Map<String, Value>,
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl<'a> Object<'a> {
    /// Reads `value` as an object; reports an error and returns `None` if it is not one.
    pub fn new(path: &str, value: &'a Value, errors: &mut Errors) -> Option<Object<'a>> {
        match value {
            Value::Object(map) => Some(Object {
                path: path.to_owned(),
                map,
            }),
            other => {
                let element = if path.is_empty() { "(document)" } else { path };
                errors.push(
                    element,
                    ViolationCode::InvalidType,
                    format!("expected an object, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// Reports every key not in `allowed` (typos must not be dropped silently).
    pub fn deny_unknown(&self, allowed: &[&str], errors: &mut Errors) {
        for key in self.map.keys() {
            if !allowed.contains(&key.as_str()) {
                errors.push(
                    &child(&self.path, key),
                    ViolationCode::UnknownElement,
                    format!(
                        "`{key}` is not an element here; allowed: {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    pub fn path_of(&self, key: &str) -> String {
        child(&self.path, key)
    }

    /// The value under `key`, treating JSON null as absent.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    pub fn object(&self, key: &str, errors: &mut Errors) -> Option<Object<'a>> {
        self.get(key)
            .and_then(|value| Object::new(&self.path_of(key), value, errors))
    }

    pub fn required_object(&self, key: &str, errors: &mut Errors) -> Option<Object<'a>> {
        let found = self.object(key, errors);
        if self.get(key).is_none() {
            errors.missing(&self.path_of(key));
        }
        found
    }

    /// Optional text, trimmed; empty text counts as absent.
    pub fn text(&self, key: &str, max: usize, errors: &mut Errors) -> Option<String> {
        let path = self.path_of(key);
        match self.get(key)? {
            Value::String(text) => {
                let text = text.trim();
                if text.is_empty() {
                    None
                } else if text.chars().count() > max {
                    errors.push(
                        &path,
                        ViolationCode::TooLong,
                        format!("at most {max} characters allowed"),
                    );
                    None
                } else {
                    Some(text.to_owned())
                }
            }
            other => {
                errors.push(
                    &path,
                    ViolationCode::InvalidType,
                    format!("expected text, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub fn required_text(&self, key: &str, max: usize, errors: &mut Errors) -> Option<String> {
        let found = self.text(key, max, errors);
        if found.is_none()
            && !errors
                .0
                .iter()
                .any(|error| error.element == self.path_of(key))
        {
            errors.missing(&self.path_of(key));
        }
        found
    }

    /// Multilingual text: an object of ISO 639-1 code → text. Absent gives an empty value.
    pub fn lang_text(&self, key: &str, max: usize, errors: &mut Errors) -> LangText {
        let mut result = LangText::default();
        let Some(object) = self.object(key, errors) else {
            return result;
        };
        for (lang, value) in object.map {
            let path = format!("{}.{lang}", object.path);
            if !is_language_code(lang) {
                errors.push(&path, ViolationCode::InvalidValue, format!("`{lang}` is not an ISO 639-1 language code (lower case, e.g. nl, en, fr, de)"));
                continue;
            }
            match value {
                Value::String(text) if text.trim().is_empty() => {}
                Value::String(text) if text.trim().chars().count() > max => {
                    errors.push(
                        &path,
                        ViolationCode::TooLong,
                        format!("at most {max} characters allowed"),
                    );
                }
                Value::String(text) => {
                    result.0.insert(lang.clone(), text.trim().to_owned());
                }
                other => errors.push(
                    &path,
                    ViolationCode::InvalidType,
                    format!("expected text, found {}", type_name(other)),
                ),
            }
        }
        result
    }

    pub fn required_lang_text(&self, key: &str, max: usize, errors: &mut Errors) -> LangText {
        let before = errors.0.len();
        let result = self.lang_text(key, max, errors);
        if result.is_empty() && errors.0.len() == before {
            errors.push(
                &self.path_of(key),
                ViolationCode::MissingElement,
                format!(
                    "`{}` needs text in at least one language (nl, en, fr or de)",
                    self.path_of(key)
                ),
            );
        }
        result
    }

    /// Optional list; each item is handed to `read_item` with its path.
    pub fn list<T>(
        &self,
        key: &str,
        errors: &mut Errors,
        mut read_item: impl FnMut(&str, &'a Value, &mut Errors) -> Option<T>,
    ) -> Vec<T> {
        let path = self.path_of(key);
        match self.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                if items.len() > MAX_LIST {
                    errors.push(
                        &path,
                        ViolationCode::TooLong,
                        format!("at most {MAX_LIST} items allowed"),
                    );
                    return Vec::new();
                }
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, item)| {
                        read_item(&format!("{path}[{index}]"), item, errors)
                    })
                    .collect()
            }
            Some(other) => {
                errors.push(
                    &path,
                    ViolationCode::InvalidType,
                    format!("expected a list, found {}", type_name(other)),
                );
                Vec::new()
            }
        }
    }

    /// A list that must have at least one valid item.
    pub fn required_list<T>(
        &self,
        key: &str,
        errors: &mut Errors,
        read_item: impl FnMut(&str, &'a Value, &mut Errors) -> Option<T>,
    ) -> Vec<T> {
        let before = errors.0.len();
        let items = self.list(key, errors, read_item);
        if items.is_empty() && errors.0.len() == before {
            errors.push(
                &self.path_of(key),
                ViolationCode::MissingElement,
                format!("`{}` needs at least one item", self.path_of(key)),
            );
        }
        items
    }

    pub fn vocabulary<V: Vocabulary>(&self, key: &str, errors: &mut Errors) -> Option<V> {
        self.get(key)
            .and_then(|value| vocabulary_value(&self.path_of(key), value, errors))
    }

    pub fn required_vocabulary<V: Vocabulary>(&self, key: &str, errors: &mut Errors) -> Option<V> {
        if self.get(key).is_none() {
            let mut error = ElementError {
                element: self.path_of(key),
                code: ViolationCode::MissingElement,
                message: format!(
                    "`{}` is mandatory; one of the {} codes",
                    self.path_of(key),
                    V::NAME
                ),
                allowed: None,
            };
            error.allowed = Some(V::allowed_codes());
            errors.0.push(error);
            return None;
        }
        self.vocabulary(key, errors)
    }

    /// A list of distinct funding-scheme codes, each one of the register's `configured` schemes.
    pub fn funding_schemes(&self, configured: &[String], errors: &mut Errors) -> Vec<String> {
        let schemes = self.list("funding_schemes", errors, |path, value, errors| {
            let code = text_item(path, value, 64, errors)?;
            if configured.contains(&code) {
                return Some(code);
            }
            errors.0.push(ElementError {
                element: path.to_owned(),
                code: ViolationCode::UnknownVocabularyValue,
                message: format!(
                    "`{code}` is not a funding scheme of this register; allowed: {}",
                    configured.join(", ")
                ),
                allowed: Some(configured.to_vec()),
            });
            None
        });
        check_distinct(&self.path_of("funding_schemes"), &schemes, errors);
        schemes
    }

    pub fn bool(&self, key: &str, errors: &mut Errors) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(flag) => Some(*flag),
            other => {
                errors.push(
                    &self.path_of(key),
                    ViolationCode::InvalidType,
                    format!("expected true or false, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub fn number(&self, key: &str, errors: &mut Errors) -> Option<f64> {
        match self.get(key)? {
            Value::Number(number) => number.as_f64(),
            other => {
                errors.push(
                    &self.path_of(key),
                    ViolationCode::InvalidType,
                    format!("expected a number, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub fn date(&self, key: &str, errors: &mut Errors) -> Option<Date> {
        let text = self.text(key, 10, errors)?;
        match Date::parse(&text, &time::format_description::well_known::Iso8601::DATE) {
            Ok(date) => Some(date),
            Err(_) => {
                errors.push(
                    &self.path_of(key),
                    ViolationCode::InvalidValue,
                    format!("`{text}` is not a date in the form YYYY-MM-DD"),
                );
                None
            }
        }
    }

    pub fn url(&self, key: &str, errors: &mut Errors) -> Option<String> {
        let text = self.text(key, MAX_URL, errors)?;
        check_url(&self.path_of(key), &text, errors).then_some(text)
    }
}

/// Reads one vocabulary code.
pub fn vocabulary_value<V: Vocabulary>(
    path: &str,
    value: &Value,
    errors: &mut Errors,
) -> Option<V> {
    match value {
        Value::String(code) => V::from_code(code).or_else(|| {
            errors.0.push(ElementError {
                element: path.to_owned(),
                code: ViolationCode::UnknownVocabularyValue,
                message: format!(
                    "`{code}` is not a {} code; allowed: {}",
                    V::NAME,
                    V::allowed_codes().join(", ")
                ),
                allowed: Some(V::allowed_codes()),
            });
            None
        }),
        other => {
            errors.push(
                path,
                ViolationCode::InvalidType,
                format!(
                    "expected a {} code (text), found {}",
                    V::NAME,
                    type_name(other)
                ),
            );
            None
        }
    }
}

/// Reads one text item of a list.
pub fn text_item(path: &str, value: &Value, max: usize, errors: &mut Errors) -> Option<String> {
    match value {
        Value::String(text) if text.trim().is_empty() => {
            errors.push(path, ViolationCode::MissingElement, "empty text");
            None
        }
        Value::String(text) if text.chars().count() > max => {
            errors.push(
                path,
                ViolationCode::TooLong,
                format!("at most {max} characters allowed"),
            );
            None
        }
        Value::String(text) => Some(text.trim().to_owned()),
        other => {
            errors.push(
                path,
                ViolationCode::InvalidType,
                format!("expected text, found {}", type_name(other)),
            );
            None
        }
    }
}

/// An absolute http(s) URL without spaces or control characters.
pub fn check_url(path: &str, url: &str, errors: &mut Errors) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let valid = rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>' || c == '"')
    });
    if !valid {
        errors.push(
            path,
            ViolationCode::InvalidValue,
            format!("`{url}` is not an absolute http(s) URL"),
        );
    }
    valid
}

/// Reports values listed twice.
pub fn check_distinct<T: PartialEq + std::fmt::Display>(
    path: &str,
    values: &[T],
    errors: &mut Errors,
) {
    for (index, value) in values.iter().enumerate() {
        if values[..index].contains(value) {
            errors.push(
                &format!("{path}[{index}]"),
                ViolationCode::DuplicateValue,
                format!("`{value}` is listed twice"),
            );
        }
    }
}
