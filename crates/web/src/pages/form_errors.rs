//! Validation errors of the offering form, grouped by the form group they are shown next to,
//! and the summary at the top of the form that links to them.

use std::collections::BTreeMap;

use model::ValidationErrors;

use super::i18n::Text;

/// One problem with an element: a short explanation in the reader's language and the
/// validator's precise message (in English).
#[derive(Debug, Clone)]
pub struct FieldError {
    pub short: &'static str,
    pub detail: String,
}

/// A line of the error summary, linking to the element.
#[derive(Debug, Clone)]
pub struct SummaryItem {
    pub href: String,
    pub label: String,
    /// In the reader's language.
    pub short: &'static str,
    /// The validator's precise message (English).
    pub message: String,
}

/// Validation errors keyed by the form group they are shown in (`title`, `workload`, `lo2`, …).
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    groups: BTreeMap<String, Vec<FieldError>>,
    pub summary: Vec<SummaryItem>,
}

/// A repeated element of the document that the form shows as numbered rows. Empty rows are not
/// sent, so the document's `list[1]` may be the form's row 3: `rows[1] == 3`.
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    /// The element in the document (`learning_outcomes`).
    pub list: &'a str,
    /// The prefix of the form's row groups (`lo` for `lo0`, `lo1`, …).
    pub prefix: &'a str,
    /// What a row is called on the page, before its number.
    pub label: &'a str,
    pub rows: &'a [usize],
}

/// The form group of an element path; an element of a repeated list goes to the row it came from.
fn group_of(element: &str, rows: &Rows<'_>) -> String {
    let head = element.split(['.', '[']).next().unwrap_or(element);
    let row = element
        .strip_prefix(rows.list)
        .and_then(|rest| rest.strip_prefix('['))
        .and_then(|rest| rest.split(']').next())
        .and_then(|index| index.parse::<usize>().ok())
        .and_then(|index| rows.rows.get(index));
    match row {
        Some(row) => format!("{}{row}", rows.prefix),
        None => head.to_owned(),
    }
}

/// The validator's message, naming the part of the group at fault (`ects`, `esco_skills[0]`)
/// when the message does not already; document indexes would not match the form's rows.
fn detail(element: &str, message: &str, list: &str) -> String {
    let in_row = element
        .strip_prefix(list)
        .is_some_and(|rest| rest.starts_with('['));
    let head_end = if in_row {
        element.find(']').map_or(0, |at| at + 1)
    } else {
        element.find(['.', '[']).unwrap_or(element.len())
    };
    let part = element
        .get(head_end..)
        .unwrap_or_default()
        .trim_start_matches('.');
    if part.is_empty() || message.contains(part) {
        message.to_owned()
    } else {
        format!("{part}: {message}")
    }
}

/// What the offering form calls a group in the error summary.
fn offering_group_label(group: &str, t: &Text) -> String {
    let label = match group {
        "title" => t.el_title,
        "summary" => t.el_summary,
        "awarding_bodies" => t.el_awarding_bodies,
        "learning_outcomes" => t.el_learning_outcomes,
        "workload" => t.el_workload,
        "level" => t.el_level,
        "assessment" => t.el_assessment,
        "participation" => t.el_participation,
        "quality_assurance" => t.el_quality_assurance,
        "prerequisites" => t.el_prerequisites,
        "supervision" => t.el_supervision,
        "stackability" => t.el_stackability,
        "further_information" => t.el_further_information,
        "isced_field" => t.el_isced,
        "languages" => t.el_languages,
        "start_date" => t.el_start_date,
        "end_date" => t.el_end_date,
        "price" => t.el_price,
        "pilot_project" => t.el_pilot,
        "funding_schemes" => t.el_funding_schemes,
        other => other,
    };
    label.to_owned()
}

impl FormErrors {
    /// The offering form's errors; `rows` maps learning outcomes to the form's rows.
    pub fn new(errors: &ValidationErrors, rows: &[usize], t: &Text) -> FormErrors {
        let rows = Rows {
            list: "learning_outcomes",
            prefix: super::form_document::OUTCOME_ROW,
            label: t.outcome_n,
            rows,
        };
        FormErrors::grouped(errors, &rows, |group| offering_group_label(group, t), t)
    }

    /// A form's errors, grouped by the top-level element (or the row of `rows`) they concern;
    /// `label` names a group in the summary.
    pub fn grouped(
        errors: &ValidationErrors,
        rows: &Rows<'_>,
        label: impl Fn(&str) -> String,
        t: &Text,
    ) -> FormErrors {
        let mut result = FormErrors::default();
        for error in &errors.0 {
            let group = group_of(&error.element, rows);
            let row = group
                .strip_prefix(rows.prefix)
                .and_then(|row| row.parse::<usize>().ok());
            let group_label = match row {
                Some(row) => format!("{} {}", rows.label, row + 1),
                None => label(&group),
            };
            // A missing element needs no more than the short sentence in the reader's
            // language; the validator's English detail is for the other problems.
            let detail = if error.code == model::ViolationCode::MissingElement {
                String::new()
            } else {
                detail(&error.element, &error.message, rows.list)
            };
            result.push(group, group_label, t.violation(error.code), detail);
        }
        result
    }

    /// Adds a problem the validator does not know of (a provider identifier already taken).
    pub fn push(&mut self, group: String, label: String, short: &'static str, detail: String) {
        self.summary.push(SummaryItem {
            href: format!("#g-{group}"),
            label,
            short,
            message: detail.clone(),
        });
        self.groups
            .entry(group)
            .or_default()
            .push(FieldError { short, detail });
    }

    pub fn is_empty(&self) -> bool {
        self.summary.is_empty()
    }

    pub fn of(&self, group: &str) -> &[FieldError] {
        self.groups.get(group).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTCOMES: Rows<'static> = Rows {
        list: "learning_outcomes",
        prefix: "lo",
        label: "Learning outcome",
        rows: &[0, 3],
    };

    #[test]
    fn outcome_errors_go_to_the_row_they_came_from() {
        assert_eq!(group_of("learning_outcomes[1].text", &OUTCOMES), "lo3");
        assert_eq!(
            group_of("learning_outcomes", &OUTCOMES),
            "learning_outcomes"
        );
        assert_eq!(group_of("workload.ects", &OUTCOMES), "workload");
        assert_eq!(group_of("languages[2]", &OUTCOMES), "languages");
        let list = OUTCOMES.list;
        assert_eq!(
            detail("learning_outcomes[1].esco_skills[0]", "not an IRI", list),
            "esco_skills[0]: not an IRI"
        );
        assert_eq!(
            detail("workload.ects", "expected a number", list),
            "ects: expected a number"
        );
        assert_eq!(
            detail("title", "`title` needs text", list),
            "`title` needs text"
        );
        assert_eq!(
            detail(
                "participation.setting",
                "`participation.setting` is mandatory",
                list
            ),
            "`participation.setting` is mandatory"
        );
    }

    #[test]
    fn identifier_errors_go_to_their_row_and_are_labelled_with_its_number() {
        let rows = Rows {
            list: "legal_identifiers",
            prefix: "li",
            label: "Legal identifier",
            rows: &[1],
        };
        assert_eq!(group_of("legal_identifiers[0].value", &rows), "li1");
        assert_eq!(group_of("legal_name", &rows), "legal_name");
        let errors = ValidationErrors::single(
            "legal_identifiers[0].value",
            model::ViolationCode::InvalidValue,
            "`0123` is not a valid Belgian enterprise number",
        );
        let t = super::super::i18n::text(model::UiLang::En);
        let errors = FormErrors::grouped(&errors, &rows, str::to_owned, t);
        assert_eq!(errors.summary[0].href, "#g-li1");
        assert_eq!(errors.summary[0].label, "Legal identifier 2");
        assert_eq!(
            errors.of("li1")[0].detail,
            "value: `0123` is not a valid Belgian enterprise number"
        );
    }
}
