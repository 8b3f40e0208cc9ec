//! A stored offering as the form's values, so editing starts from what is stored; `document`
//! in `form_document` reads them back into the same content.

use model::OfferingContent;
use model::offering::EqfLevel;

fn push_lang(values: &mut Vec<(String, String)>, prefix: &str, text: &model::LangText) {
    for (lang, value) in text.iter() {
        values.push((format!("{prefix}.{lang}"), value.to_owned()));
    }
}

fn decimal(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The form values of a stored offering (what `document` turns back into the same content).
pub fn values(content: &OfferingContent) -> Vec<(String, String)> {
    use model::Vocabulary;
    let mut values = Vec::new();
    // A macro rather than a closure: a closure would hold `values` borrowed across `push_lang`.
    macro_rules! add {
        ($key:expr, $value:expr) => {
            values.push(($key.to_owned(), $value))
        };
    }
    add!(
        "workload.ects",
        content.workload.ects.map(decimal).unwrap_or_default()
    );
    add!(
        "workload.hours",
        content
            .workload
            .hours
            .map(|hours| hours.to_string())
            .unwrap_or_default()
    );
    let eqf = match content.level.eqf {
        EqfLevel::Level(level) => level.to_string(),
        EqfLevel::NotApplicable => "not_applicable".to_owned(),
    };
    add!("level.eqf", eqf);
    add!(
        "level.qf_ehea_cycle",
        content
            .level
            .qf_ehea_cycle
            .map(|cycle| cycle.code().to_owned())
            .unwrap_or_default()
    );
    add!(
        "level.national_level",
        content.level.national_level.clone().unwrap_or_default()
    );
    for kind in &content.assessment.types {
        add!("assessment.types", kind.code().to_owned());
    }
    add!(
        "participation.mode",
        content.participation.mode.code().to_owned()
    );
    add!(
        "participation.setting",
        content.participation.setting.code().to_owned()
    );
    let qa = &content.quality_assurance;
    add!("quality_assurance.type", qa.qa_type.code().to_owned());
    add!("quality_assurance.body", qa.body.clone());
    add!(
        "quality_assurance.deqar_id",
        qa.deqar_id.clone().unwrap_or_default()
    );
    add!(
        "quality_assurance.report_url",
        qa.report_url.clone().unwrap_or_default()
    );
    add!(
        "supervision",
        content
            .supervision
            .map(|supervision| supervision.code().to_owned())
            .unwrap_or_default()
    );
    add!(
        "stackability.kind",
        content.stackability.kind.code().to_owned()
    );
    add!(
        "stackability.towards",
        content.stackability.towards.join("\n")
    );
    add!(
        "further_information.links",
        content.further_information.links.join("\n")
    );
    add!("isced_field", content.isced_field.clone());
    for language in &content.languages {
        add!("languages", language.clone());
    }
    add!(
        "start_date",
        content
            .start_date
            .map(|date| date.to_string())
            .unwrap_or_default()
    );
    add!(
        "end_date",
        content
            .end_date
            .map(|date| date.to_string())
            .unwrap_or_default()
    );
    add!(
        "price.amount",
        content
            .price
            .as_ref()
            .map(|price| decimal(price.amount))
            .unwrap_or_default()
    );
    add!(
        "price.currency",
        content
            .price
            .as_ref()
            .map_or_else(|| "EUR".to_owned(), |price| price.currency.clone())
    );
    if content.pilot_project {
        add!("pilot_project", "true".to_owned());
    }
    for scheme in &content.funding_schemes {
        add!("funding_schemes", scheme.clone());
    }
    for body in &content.awarding_bodies {
        add!("awarding_bodies", body.to_string());
    }
    for (row, outcome) in content.learning_outcomes.iter().enumerate() {
        add!(&format!("lo{row}.esco"), outcome.esco_skills.join("\n"));
        push_lang(&mut values, &format!("lo{row}"), &outcome.text);
    }
    push_lang(&mut values, "title", &content.title);
    push_lang(&mut values, "summary", &content.summary);
    push_lang(
        &mut values,
        "assessment.description",
        &content.assessment.description,
    );
    push_lang(&mut values, "prerequisites", &content.prerequisites);
    push_lang(
        &mut values,
        "further_information.text",
        &content.further_information.text,
    );
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::form_document::{Fields, document};
    use model::OfferingRules;

    fn schemes() -> Vec<String> {
        model::default_funding_schemes()
            .into_iter()
            .map(|scheme| scheme.code)
            .collect()
    }

    #[test]
    fn a_stored_offering_survives_the_form_unchanged() {
        let content = OfferingContent::from_json(
            &model::sample::offering_json("hogeschool-scheldeland"),
            &OfferingRules {
                funding_schemes: &schemes(),
            },
        )
        .unwrap();
        let values = values(&content);
        let (document, rows) = document(&Fields(&values), "hogeschool-scheldeland");
        let again = OfferingContent::from_json(
            &document,
            &OfferingRules {
                funding_schemes: &schemes(),
            },
        )
        .unwrap();
        assert_eq!(again, content);
        assert_eq!(rows, vec![0, 1]);
    }
}
