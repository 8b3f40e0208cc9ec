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

/// The form group of an element path; a learning outcome's errors go to the row it came from.
fn group_of(element: &str, rows: &[usize]) -> String {
    let head = element.split(['.', '[']).next().unwrap_or(element);
    let row = element
        .strip_prefix("learning_outcomes[")
        .and_then(|rest| rest.split(']').next())
        .and_then(|index| index.parse::<usize>().ok())
        .and_then(|index| rows.get(index));
    match row {
        Some(row) => format!("lo{row}"),
        None => head.to_owned(),
    }
}

/// The validator's message, naming the part of the group at fault (`ects`, `esco_skills[0]`)
/// when the message does not already; document indexes would not match the form's rows.
fn detail(element: &str, message: &str) -> String {
    let head_end = if element.starts_with("learning_outcomes[") {
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

fn group_label(group: &str, t: &Text) -> String {
    if let Some(row) = group
        .strip_prefix("lo")
        .and_then(|row| row.parse::<usize>().ok())
    {
        return format!("{} {}", t.outcome_n, row + 1);
    }
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
    pub fn new(errors: &ValidationErrors, rows: &[usize], t: &Text) -> FormErrors {
        let mut result = FormErrors::default();
        for error in &errors.0 {
            let group = group_of(&error.element, rows);
            let detail = detail(&error.element, &error.message);
            result.summary.push(SummaryItem {
                href: format!("#g-{group}"),
                label: group_label(&group, t),
                short: t.violation(error.code),
                message: detail.clone(),
            });
            result.groups.entry(group).or_default().push(FieldError {
                short: t.violation(error.code),
                detail,
            });
        }
        result
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

    #[test]
    fn outcome_errors_go_to_the_row_they_came_from() {
        assert_eq!(group_of("learning_outcomes[1].text", &[0, 3]), "lo3");
        assert_eq!(group_of("learning_outcomes", &[]), "learning_outcomes");
        assert_eq!(group_of("workload.ects", &[]), "workload");
        assert_eq!(group_of("languages[2]", &[]), "languages");
        assert_eq!(
            detail("learning_outcomes[1].esco_skills[0]", "not an IRI"),
            "esco_skills[0]: not an IRI"
        );
        assert_eq!(
            detail("workload.ects", "expected a number"),
            "ects: expected a number"
        );
        assert_eq!(detail("title", "`title` needs text"), "`title` needs text");
        assert_eq!(
            detail(
                "participation.setting",
                "`participation.setting` is mandatory"
            ),
            "`participation.setting` is mandatory"
        );
    }
}
