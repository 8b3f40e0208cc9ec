//! Values as the credential writes them: texts in the credential's language, language maps,
//! numbers as the reference JSON-LD stack reads them, dates and timestamps.

use model::LangText;
use model::records::Offering;
use serde_json::{Map, Value};
use time::{Date, OffsetDateTime, UtcOffset};

/// The language of the credential's plain texts (`inLanguage`): OB 3.0.3 defines `name`,
/// `description` and `narrative` as plain strings (no language maps), so one language is
/// chosen — the first language of instruction the title is written in, else any title language.
pub fn primary_language(offering: &Offering) -> &str {
    let title = &offering.content.title;
    offering
        .content
        .languages
        .iter()
        .find(|code| title.0.contains_key(code.as_str()))
        .map(String::as_str)
        .unwrap_or_else(|| title.best_lang(model::UiLang::En))
}

/// The text in `language`, else the best available one (a text may lack a translation).
pub fn in_language<'a>(text: &'a LangText, language: &str) -> &'a str {
    text.0
        .get(language)
        .map(String::as_str)
        .unwrap_or_else(|| text.best(model::UiLang::En))
}

/// A JSON-LD language map (`@container: @language`) of the non-empty translations.
pub fn language_map(text: &LangText) -> Value {
    let map: Map<String, Value> = text
        .iter()
        .filter(|(_, text)| !text.trim().is_empty())
        .map(|(language, text)| (language.to_owned(), Value::from(text)))
        .collect();
    Value::Object(map)
}

/// Whole numbers as JSON integers, others as doubles: what jsonld.js sees after `JSON.parse`,
/// so `7.5` canonicalizes as `"7.5E0"` and `3` as `"3"` under the context's datatype.
pub fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

/// RFC 3339 in UTC to the second, the form VC 2.0 examples and verifiers expect.
pub fn timestamp(moment: OffsetDateTime) -> String {
    let utc = moment.to_offset(UtcOffset::UTC);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date(utc.date()),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

/// `YYYY-MM-DD` (xsd:date).
pub fn date(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}
