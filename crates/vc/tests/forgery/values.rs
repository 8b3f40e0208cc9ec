//! The forgery corpus's value mutations (issue 14): every value at every depth — including
//! `@context` and `proof` — replaced by others of every JSON kind, by the same value in other
//! number forms, Unicode normalisations, letter case and padding, and every object's keys
//! dropped and duplicated (as text: the strict reader must refuse a key given twice). None may
//! verify showing other content than was signed.

use unicode_normalization::UnicodeNormalization;

use super::*;

/// Every value of the document below the root, `@context` and `proof` included.
fn every_path(value: &Value, path: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                path.push(Step::Key(key.clone()));
                out.push(path.clone());
                every_path(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                path.push(Step::Index(index));
                out.push(path.clone());
                every_path(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Other spellings and values for `value`.
fn replacements(value: &Value) -> Vec<(&'static str, Value)> {
    let mut out = vec![
        ("other_kind", Value::Null),
        ("other_kind", json!(true)),
        ("other_kind", json!(0)),
        ("other_kind", json!([])),
        ("other_kind", json!({})),
        ("other_kind", json!(-1)),
        ("other_kind", json!(1.5)),
        ("other_kind", json!(1e300)),
        ("other_kind", json!({"@list": [FORGED]})),
        ("other_kind", json!("")),
        ("other_kind", json!([FORGED])),
        ("other_value", json!(FORGED)),
        ("other_value", json!({"@id": "https://forged.example/"})),
        ("other_value", json!({"@value": FORGED, "@language": "en"})),
        (
            "other_value",
            json!("urn:uuid:00000000-0000-4000-8000-000000000000"),
        ),
    ];
    match value {
        Value::String(text) => {
            let nfd: String = text.nfd().collect();
            let nfkc: String = text.nfkc().collect();
            for (class, other) in [
                ("unicode_form", nfd),
                ("unicode_form", nfkc),
                ("unicode_form", format!("{text}\u{200B}")),
                ("unicode_form", text.replace('e', "\u{0435}")),
                ("letter_case", text.to_uppercase()),
                ("letter_case", text.to_lowercase()),
                ("padding", format!(" {text}")),
                ("padding", format!("{text}\n")),
                (
                    "truncated",
                    text.chars().take(text.chars().count() / 2).collect(),
                ),
            ] {
                if &other != text {
                    out.push((class, json!(other)));
                }
            }
            if let Ok(number) = text.parse::<f64>() {
                out.push(("number_form", json!(number)));
            }
        }
        Value::Number(number) => {
            let float = number.as_f64().unwrap_or(0.0);
            for other in [
                json!(float + 1.0),
                json!(-float),
                json!(float * 10.0),
                json!(number.to_string()),
                json!(format!("{float:e}")),
                json!(float + 0.000_000_1),
            ] {
                out.push(("number_form", other));
            }
        }
        Value::Bool(flag) => out.push(("other_value", json!(!flag))),
        Value::Array(items) => {
            out.push(("array_shape", json!([items.clone()])));
            if let Some(first) = items.first() {
                out.push(("array_shape", first.clone()));
                let mut doubled = items.clone();
                doubled.push(first.clone());
                out.push(("array_shape", Value::Array(doubled)));
            }
        }
        Value::Object(_) | Value::Null => {}
    }
    out
}

/// The value mutations of `base`.
pub(super) fn value_mutations(base: &Value) -> Vec<Mutation> {
    let mut all = Vec::new();
    every_path(base, &mut Vec::new(), &mut all);
    let mut out = Vec::new();
    for path in &all {
        let mut probe = base.clone();
        let value = at(&mut probe, path).clone();
        let where_ = format!("{path:?}");
        for (class, replacement) in replacements(&value) {
            out.push(mutate(base, class, where_.clone(), |d| {
                *at(d, path) = replacement;
            }));
        }
        if let Some(Step::Key(key)) = path.last() {
            let key = key.clone();
            out.push(mutate(base, "dropped_key", where_.clone(), |d| {
                let parent = at(d, &path[..path.len() - 1]);
                if let Some(object) = parent.as_object_mut() {
                    object.remove(&key);
                }
            }));
        }
    }
    out
}

/// The document's text with the member `"key": …` of its first object that has `key` given a
/// second time with `FORGED` as value (serde_json keeps only one, so this is done on text).
pub(super) fn duplicated_key_texts(base: &Value) -> Vec<(String, Vec<u8>)> {
    let text = serde_json::to_string(base).unwrap();
    let mut keys: Vec<String> = Vec::new();
    let mut all = Vec::new();
    every_path(base, &mut Vec::new(), &mut all);
    for path in all {
        if let Some(Step::Key(key)) = path.last()
            && !keys.contains(key)
        {
            keys.push(key.clone());
        }
    }
    keys.into_iter()
        .filter_map(|key| {
            let member = format!("\"{key}\":");
            let at = text.find(&member)?;
            let mut forged = text.clone();
            forged.insert_str(at, &format!("\"{key}\":\"{FORGED}\","));
            Some((key, forged.into_bytes()))
        })
        .collect()
}
