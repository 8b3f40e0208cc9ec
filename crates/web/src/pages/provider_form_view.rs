//! The provider registration form as the template lays it out: every input with its current
//! value and every choice with whether it is chosen.

use model::vocab::{LegalIdentifierScheme, ProviderType, QualityAssuranceType};
use model::{FundingScheme, UiLang};

use super::form_document::Fields;
use super::form_view::{TextInput, input_id, lang_inputs, many_of, one_of};
use super::provider_form_data::{IDENTIFIER_ROW, MIN_IDENTIFIER_ROWS};
use super::search::Choice;

/// One legal-identifier row: the kind of identifier and its value.
#[derive(Debug, Clone)]
pub struct IdentifierRow {
    /// The error group of the row (`li0`).
    pub group: String,
    pub number: usize,
    pub scheme_id: String,
    pub scheme_name: String,
    pub schemes: Vec<Choice>,
    pub value_id: String,
    pub value_name: String,
    pub value: String,
}

/// Every value and choice of the provider form.
#[derive(Debug, Clone)]
pub struct ProviderFormView {
    pub slug: String,
    pub legal_name: Vec<TextInput>,
    /// Countries with a name in the interface language (the European ones), by name.
    pub named_countries: Vec<Choice>,
    /// Every other ISO 3166-1 code, by code.
    pub other_countries: Vec<Choice>,
    pub region: String,
    pub identifiers: Vec<IdentifierRow>,
    pub provider_types: Vec<Choice>,
    /// Whether (and as what) the organisation receives credentials (issue 12).
    pub receiving_kinds: Vec<Choice>,
    pub qa_types: Vec<Choice>,
    pub qa_body: String,
    pub qa_deqar: String,
    pub qa_report: String,
    pub recognition_policy: Vec<TextInput>,
    pub schemes: Vec<Choice>,
    pub website: String,
    pub contact_email: String,
}

/// Every ISO 3166-1 alpha-2 code, split into those with a name in `lang` (sorted by name) and
/// the rest (sorted by code).
fn countries(current: &str, lang: UiLang) -> (Vec<Choice>, Vec<Choice>) {
    let letters = || (b'A'..=b'Z').map(char::from);
    let codes = letters().flat_map(|first| letters().map(move |second| format!("{first}{second}")));
    let (mut named, mut other): (Vec<Choice>, Vec<Choice>) = codes
        .filter(|code| model::country::is_country_code(code))
        .map(|code| {
            let name = model::country::country_name(&code, lang);
            Choice {
                label: if name == code {
                    code.clone()
                } else {
                    format!("{name} ({code})")
                },
                selected: code == current,
                value: code,
            }
        })
        .partition(|choice| choice.label != choice.value);
    named.sort_by_key(|choice| choice.label.to_lowercase());
    other.sort_by(|left, right| left.value.cmp(&right.value));
    (named, other)
}

impl ProviderFormView {
    pub fn new(fields: &Fields<'_>, schemes: &[FundingScheme], lang: UiLang) -> ProviderFormView {
        // Always one empty row more than is filled in, so another identifier can be added.
        let rows = (fields.filled_rows(IDENTIFIER_ROW) + 1).max(MIN_IDENTIFIER_ROWS);
        let identifiers = (0..rows)
            .map(|row| {
                let group = format!("{IDENTIFIER_ROW}{row}");
                let scheme_name = format!("{group}.scheme");
                let value_name = format!("{group}.value");
                IdentifierRow {
                    number: row + 1,
                    scheme_id: input_id(&scheme_name),
                    schemes: one_of::<LegalIdentifierScheme>(fields, &scheme_name, lang, |_| true),
                    scheme_name,
                    value_id: input_id(&value_name),
                    value: fields.text(&value_name).to_owned(),
                    value_name,
                    group,
                }
            })
            .collect();
        let (named_countries, other_countries) =
            countries(&fields.text("country").to_uppercase(), lang);
        ProviderFormView {
            slug: fields.text("slug").to_owned(),
            legal_name: lang_inputs(fields, "legal_name", lang),
            named_countries,
            other_countries,
            region: fields.text("region").to_owned(),
            identifiers,
            provider_types: one_of::<ProviderType>(fields, "provider_type", lang, |_| true),
            receiving_kinds: one_of::<model::vocab::ReceivingKind>(
                fields,
                "receiving_organisation",
                lang,
                |_| true,
            ),
            qa_types: one_of::<QualityAssuranceType>(
                fields,
                "quality_assurance.type",
                lang,
                |_| true,
            ),
            qa_body: fields.text("quality_assurance.body").to_owned(),
            qa_deqar: fields.text("quality_assurance.deqar_id").to_owned(),
            qa_report: fields.text("quality_assurance.report_url").to_owned(),
            recognition_policy: lang_inputs(fields, "recognition_policy", lang),
            schemes: many_of(
                fields,
                "funding_schemes",
                schemes
                    .iter()
                    .map(|scheme| (scheme.code.clone(), scheme.name.best(lang).to_owned())),
            ),
            website: fields.text("website").to_owned(),
            contact_email: fields.text("contact_email").to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_with_a_name_come_first_and_every_code_is_offered() {
        let (named, other) = countries("BE", UiLang::Nl);
        let belgium = named.iter().find(|choice| choice.value == "BE").unwrap();
        assert_eq!(belgium.label, "België (BE)");
        assert!(belgium.selected);
        assert!(other.iter().any(|choice| choice.value == "JP"));
        assert_eq!(named.len() + other.len(), 249);
    }
}
