//! A posted offering form as the JSON document the API takes, so one validation serves both
//! (`form_values` goes the other way).
//!
//! Values are carried over as typed: text where a number belongs stays text, so the validator
//! names the element (`workload.ects: expected a number`) instead of the form guessing.

use serde_json::{Map, Value, json};

/// The languages multilingual fields offer inputs for.
pub const FORM_LANGUAGES: [&str; 4] = ["nl", "en", "fr", "de"];
/// Learning-outcome rows shown on a new form (empty ones are ignored).
pub const MIN_OUTCOME_ROWS: usize = 6;
/// The field-name prefix of a learning-outcome row (`lo2.nl`, `lo2.esco`).
pub const OUTCOME_ROW: &str = "lo";

/// The submitted fields, keeping repeated keys (checkbox groups).
pub struct Fields<'a>(pub &'a [(String, String)]);

impl Fields<'_> {
    /// The trimmed value of a single field ("" when absent).
    pub fn text(&self, name: &str) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.trim())
    }

    /// Every non-empty value of a repeated field, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(key, value)| key == name && !value.trim().is_empty())
            .map(|(_, value)| value.trim().to_owned())
            .collect()
    }

    /// The non-empty lines of a textarea.
    pub fn lines(&self, name: &str) -> Vec<String> {
        self.text(name)
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// How many learning-outcome rows the form posted.
    pub fn outcome_rows(&self) -> usize {
        self.rows(OUTCOME_ROW)
    }

    /// How many learning-outcome rows there are up to the last one with text in it.
    pub fn filled_outcome_rows(&self) -> usize {
        self.filled_rows(OUTCOME_ROW)
    }

    /// How many rows of a repeated element (fields named `{prefix}{row}.{part}`) the form posted.
    pub fn rows(&self, prefix: &str) -> usize {
        self.rows_where(prefix, |_| true)
    }

    /// How many rows of a repeated element there are up to the last one with text in it.
    pub fn filled_rows(&self, prefix: &str) -> usize {
        self.rows_where(prefix, |value| !value.trim().is_empty())
    }

    fn rows_where(&self, prefix: &str, keep: impl Fn(&str) -> bool) -> usize {
        self.0
            .iter()
            .filter(|(_, value)| keep(value))
            .filter_map(|(key, _)| {
                key.strip_prefix(prefix)?
                    .split_once('.')?
                    .0
                    .parse::<usize>()
                    .ok()
            })
            .map(|row| row + 1)
            .max()
            .unwrap_or(0)
    }
}

/// A multilingual element (`{prefix}.nl`, `{prefix}.en`, …) as the API's language map.
pub(super) fn lang_text(fields: &Fields<'_>, prefix: &str) -> Option<Value> {
    let map: Map<String, Value> = FORM_LANGUAGES
        .iter()
        .filter_map(|lang| {
            let text = fields.text(&format!("{prefix}.{lang}"));
            (!text.is_empty()).then(|| ((*lang).to_owned(), Value::from(text)))
        })
        .collect();
    (!map.is_empty()).then_some(Value::Object(map))
}

/// A number as JSON; Dutch decimal commas are accepted; anything else stays text for the validator.
/// The quality-assurance object both the offering and the provider form post.
pub fn quality_assurance(fields: &Fields<'_>) -> Value {
    let mut quality = Map::new();
    for key in ["type", "body", "deqar_id", "report_url"] {
        insert(
            &mut quality,
            key,
            text_value(fields.text(&format!("quality_assurance.{key}"))),
        );
    }
    Value::Object(quality)
}

fn number(text: &str) -> Option<Value> {
    if text.is_empty() {
        return None;
    }
    let normalised = text.replace(',', ".");
    if let Ok(whole) = normalised.parse::<u64>() {
        return Some(Value::from(whole));
    }
    match normalised.parse::<f64>() {
        Ok(value) if value.is_finite() => Some(Value::from(value)),
        _ => Some(Value::from(text)),
    }
}

pub(super) fn insert(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value);
    }
}

pub(super) fn text_value(text: &str) -> Option<Value> {
    (!text.is_empty()).then(|| Value::from(text))
}

pub(super) fn list(values: Vec<String>) -> Option<Value> {
    (!values.is_empty()).then(|| Value::from(values))
}

/// The API document of a posted form, and for each learning outcome in it the form row it came
/// from (empty rows are skipped, so `learning_outcomes[1]` may be row 3).
pub fn document(fields: &Fields<'_>, own_provider: &str) -> (Value, Vec<usize>) {
    let mut root = Map::new();
    insert(&mut root, "title", lang_text(fields, "title"));
    insert(&mut root, "summary", lang_text(fields, "summary"));
    let mut bodies = vec![own_provider.to_owned()];
    bodies.extend(
        fields
            .all("awarding_bodies")
            .into_iter()
            .filter(|body| body != own_provider),
    );
    root.insert("awarding_bodies".to_owned(), Value::from(bodies));

    let mut outcomes = Vec::new();
    let mut rows = Vec::new();
    for row in 0..fields.outcome_rows() {
        let text = lang_text(fields, &format!("lo{row}"));
        let skills = fields.lines(&format!("lo{row}.esco"));
        if text.is_none() && skills.is_empty() {
            continue;
        }
        let mut outcome = Map::new();
        outcome.insert("text".to_owned(), text.unwrap_or_else(|| json!({})));
        insert(&mut outcome, "esco_skills", list(skills));
        outcomes.push(Value::Object(outcome));
        rows.push(row);
    }
    insert(
        &mut root,
        "learning_outcomes",
        (!outcomes.is_empty()).then_some(Value::Array(outcomes)),
    );

    let mut workload = Map::new();
    insert(&mut workload, "ects", number(fields.text("workload.ects")));
    insert(
        &mut workload,
        "hours",
        number(fields.text("workload.hours")),
    );
    root.insert("workload".to_owned(), Value::Object(workload));

    let mut level = Map::new();
    let eqf = fields.text("level.eqf");
    insert(
        &mut level,
        "eqf",
        if eqf == "not_applicable" {
            text_value(eqf)
        } else {
            number(eqf)
        },
    );
    insert(
        &mut level,
        "qf_ehea_cycle",
        text_value(fields.text("level.qf_ehea_cycle")),
    );
    insert(
        &mut level,
        "national_level",
        text_value(fields.text("level.national_level")),
    );
    root.insert("level".to_owned(), Value::Object(level));

    let mut assessment = Map::new();
    insert(
        &mut assessment,
        "types",
        list(fields.all("assessment.types")),
    );
    insert(
        &mut assessment,
        "description",
        lang_text(fields, "assessment.description"),
    );
    root.insert("assessment".to_owned(), Value::Object(assessment));

    let mut participation = Map::new();
    insert(
        &mut participation,
        "mode",
        text_value(fields.text("participation.mode")),
    );
    insert(
        &mut participation,
        "setting",
        text_value(fields.text("participation.setting")),
    );
    root.insert("participation".to_owned(), Value::Object(participation));

    root.insert("quality_assurance".to_owned(), quality_assurance(fields));

    insert(
        &mut root,
        "prerequisites",
        lang_text(fields, "prerequisites"),
    );
    insert(
        &mut root,
        "supervision",
        text_value(fields.text("supervision")),
    );
    let kind = fields.text("stackability.kind");
    if !kind.is_empty() {
        let mut stackability = Map::new();
        stackability.insert("kind".to_owned(), Value::from(kind));
        insert(
            &mut stackability,
            "towards",
            list(fields.lines("stackability.towards")),
        );
        root.insert("stackability".to_owned(), Value::Object(stackability));
    }
    let mut further = Map::new();
    insert(
        &mut further,
        "text",
        lang_text(fields, "further_information.text"),
    );
    insert(
        &mut further,
        "links",
        list(fields.lines("further_information.links")),
    );
    if !further.is_empty() {
        root.insert("further_information".to_owned(), Value::Object(further));
    }
    insert(
        &mut root,
        "isced_field",
        text_value(fields.text("isced_field")),
    );
    insert(&mut root, "languages", list(fields.all("languages")));
    insert(
        &mut root,
        "start_date",
        text_value(fields.text("start_date")),
    );
    insert(&mut root, "end_date", text_value(fields.text("end_date")));
    if let Some(amount) = number(fields.text("price.amount")) {
        root.insert(
            "price".to_owned(),
            json!({"amount": amount, "currency": fields.text("price.currency").to_uppercase()}),
        );
    }
    root.insert(
        "pilot_project".to_owned(),
        Value::Bool(fields.text("pilot_project") == "true"),
    );
    insert(
        &mut root,
        "funding_schemes",
        list(fields.all("funding_schemes")),
    );
    (Value::Object(root), rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_rows_are_skipped_and_numbers_keep_their_form() {
        let pairs: Vec<(String, String)> = [
            ("lo0.nl", ""),
            ("lo1.nl", ""),
            ("lo2.en", "Welds"),
            ("workload.ects", "2,5"),
            ("workload.hours", "many"),
            ("price.amount", ""),
        ]
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect();
        let (document, rows) = document(&Fields(&pairs), "own");
        assert_eq!(rows, vec![2]);
        assert_eq!(document["workload"], json!({"ects": 2.5, "hours": "many"}));
        assert_eq!(document["awarding_bodies"], json!(["own"]));
        assert!(document.get("price").is_none());
        assert!(document.get("title").is_none());
    }
}
