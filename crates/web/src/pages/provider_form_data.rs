//! The provider registration form's data: a posted form as the JSON document the providers API
//! takes (so one validation serves both), and a stored provider as the form's values.

use model::{ProviderContent, Vocabulary};
use serde_json::{Map, Value};

use super::form_document::{Fields, insert, lang_text, list, quality_assurance, text_value};

/// The field-name prefix of a legal-identifier row (`li0.scheme`, `li0.value`).
pub const IDENTIFIER_ROW: &str = "li";
/// Legal-identifier rows shown at least (empty ones are ignored).
pub const MIN_IDENTIFIER_ROWS: usize = 2;

/// The API document of a posted provider form (with `slug` when registering a new provider), and
/// for each legal identifier in it the form row it came from (empty rows are skipped).
pub fn provider_document(fields: &Fields<'_>, slug: Option<&str>) -> (Value, Vec<usize>) {
    let mut root = Map::new();
    if let Some(slug) = slug {
        root.insert("slug".to_owned(), Value::from(slug));
    }
    insert(&mut root, "legal_name", lang_text(fields, "legal_name"));
    insert(
        &mut root,
        "country",
        text_value(&fields.text("country").to_uppercase()),
    );
    insert(
        &mut root,
        "region",
        text_value(&fields.text("region").to_uppercase()),
    );

    let mut identifiers = Vec::new();
    let mut rows = Vec::new();
    for row in 0..fields.rows(IDENTIFIER_ROW) {
        let scheme = fields.text(&format!("{IDENTIFIER_ROW}{row}.scheme"));
        let value = fields.text(&format!("{IDENTIFIER_ROW}{row}.value"));
        if scheme.is_empty() && value.is_empty() {
            continue;
        }
        let mut identifier = Map::new();
        insert(&mut identifier, "scheme", text_value(scheme));
        insert(&mut identifier, "value", text_value(value));
        identifiers.push(Value::Object(identifier));
        rows.push(row);
    }
    insert(
        &mut root,
        "legal_identifiers",
        (!identifiers.is_empty()).then_some(Value::Array(identifiers)),
    );
    insert(
        &mut root,
        "provider_type",
        text_value(fields.text("provider_type")),
    );
    insert(
        &mut root,
        "receiving_organisation",
        text_value(fields.text("receiving_organisation")),
    );
    root.insert("quality_assurance".to_owned(), quality_assurance(fields));
    insert(
        &mut root,
        "recognition_policy",
        lang_text(fields, "recognition_policy"),
    );
    insert(
        &mut root,
        "funding_schemes",
        list(fields.all("funding_schemes")),
    );
    insert(&mut root, "website", text_value(fields.text("website")));
    insert(
        &mut root,
        "contact_email",
        text_value(fields.text("contact_email")),
    );
    (Value::Object(root), rows)
}

/// The form values of a stored provider (what `provider_document` turns back into it).
pub fn provider_values(content: &ProviderContent) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = Vec::new();
    let mut add = |key: &str, value: &str| values.push((key.to_owned(), value.to_owned()));
    for (lang, text) in content.legal_name.iter() {
        add(&format!("legal_name.{lang}"), text);
    }
    for (lang, text) in content.recognition_policy.iter() {
        add(&format!("recognition_policy.{lang}"), text);
    }
    add("country", &content.country);
    add("region", content.region.as_deref().unwrap_or_default());
    for (row, identifier) in content.legal_identifiers.iter().enumerate() {
        add(
            &format!("{IDENTIFIER_ROW}{row}.scheme"),
            identifier.scheme.code(),
        );
        add(&format!("{IDENTIFIER_ROW}{row}.value"), &identifier.value);
    }
    add("provider_type", content.provider_type.code());
    if let Some(kind) = content.receiving_organisation {
        add("receiving_organisation", kind.code());
    }
    let qa = &content.quality_assurance;
    add("quality_assurance.type", qa.qa_type.code());
    add("quality_assurance.body", &qa.body);
    add(
        "quality_assurance.deqar_id",
        qa.deqar_id.as_deref().unwrap_or_default(),
    );
    add(
        "quality_assurance.report_url",
        qa.report_url.as_deref().unwrap_or_default(),
    );
    for scheme in &content.funding_schemes {
        add("funding_schemes", scheme);
    }
    add("website", content.website.as_deref().unwrap_or_default());
    add(
        "contact_email",
        content.contact_email.as_deref().unwrap_or_default(),
    );
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schemes() -> Vec<String> {
        model::default_funding_schemes()
            .into_iter()
            .map(|scheme| scheme.code)
            .collect()
    }

    #[test]
    fn a_stored_provider_survives_the_form_unchanged() {
        let content =
            ProviderContent::from_json(&model::sample::provider_json(), &schemes()).unwrap();
        let values = provider_values(&content);
        let (document, rows) = provider_document(&Fields(&values), None);
        assert_eq!(rows, vec![0]);
        let again = ProviderContent::from_json(&document, &schemes()).unwrap();
        assert_eq!(again, content);
    }

    #[test]
    fn empty_identifier_rows_are_skipped_and_half_rows_kept_for_the_validator() {
        let pairs: Vec<(String, String)> = [
            ("li0.scheme", ""),
            ("li0.value", " "),
            ("li1.scheme", "vat"),
            ("li1.value", ""),
            ("li2.scheme", ""),
            ("region", "be21"),
            ("legal_name.fr", "École"),
        ]
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect();
        let (document, rows) = provider_document(&Fields(&pairs), Some("ecole"));
        assert_eq!(rows, vec![1]);
        assert_eq!(document["legal_identifiers"], json!([{"scheme": "vat"}]));
        assert_eq!(document["region"], "BE21");
        assert_eq!(document["slug"], "ecole");
        assert_eq!(document["legal_name"], json!({"fr": "École"}));
        assert!(document.get("country").is_none());
    }
}
