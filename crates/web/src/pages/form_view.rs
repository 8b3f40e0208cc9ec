//! The offering form as the template lays it out: every input with its current value and every
//! choice with whether it is chosen.

use model::vocab::{
    AssessmentType, LearningSetting, ParticipationMode, QfEheaCycle, QualityAssuranceType,
    Stackability, Supervision,
};
use model::{FundingScheme, Provider, ProviderId, UiLang, Vocabulary};

use super::form_document::{FORM_LANGUAGES, Fields, MIN_OUTCOME_ROWS};
use super::i18n::Text;
use super::search::{Choice, FieldGroup, named_languages};

/// A text input (or textarea) with its value.
#[derive(Debug, Clone)]
pub struct TextInput {
    pub name: String,
    pub id: String,
    pub label: String,
    pub lang: &'static str,
    pub value: String,
}

pub(super) fn input_id(name: &str) -> String {
    format!("f-{}", name.replace(['.', '_'], "-"))
}

/// Inputs for one multilingual element, one per form language.
pub(super) fn lang_inputs(fields: &Fields<'_>, prefix: &str, lang: UiLang) -> Vec<TextInput> {
    FORM_LANGUAGES
        .iter()
        .map(|code| {
            let name = format!("{prefix}.{code}");
            TextInput {
                id: input_id(&name),
                value: fields.text(&name).to_owned(),
                label: model::lang::language_name(code, lang).to_owned(),
                lang: code,
                name,
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct OutcomeRow {
    pub group: String,
    pub number: usize,
    /// Dutch and English, always shown.
    pub main: Vec<TextInput>,
    /// French and German, folded away unless filled in.
    pub more: Vec<TextInput>,
    pub more_filled: bool,
    pub esco: TextInput,
}

/// Every value and choice of the offering form.
#[derive(Debug, Clone)]
pub struct OfferingFormView {
    pub title: Vec<TextInput>,
    pub summary: Vec<TextInput>,
    pub other_bodies: Vec<Choice>,
    pub outcomes: Vec<OutcomeRow>,
    pub ects: String,
    pub hours: String,
    pub eqf: Vec<Choice>,
    pub cycles: Vec<Choice>,
    pub national_level: String,
    pub assessment_types: Vec<Choice>,
    pub assessment_description: Vec<TextInput>,
    pub modes: Vec<Choice>,
    pub settings: Vec<Choice>,
    pub qa_types: Vec<Choice>,
    pub qa_body: String,
    pub qa_deqar: String,
    pub qa_report: String,
    pub prerequisites: Vec<TextInput>,
    pub supervisions: Vec<Choice>,
    pub stackabilities: Vec<Choice>,
    pub towards: String,
    pub further_text: Vec<TextInput>,
    pub further_links: String,
    pub fields: Vec<FieldGroup>,
    pub languages: Vec<Choice>,
    pub start_date: String,
    pub end_date: String,
    pub amount: String,
    pub currency: String,
    pub pilot: bool,
    pub schemes: Vec<Choice>,
}

/// Choices of a single-valued field.
pub(super) fn one_of<V: Vocabulary>(
    fields: &Fields<'_>,
    name: &str,
    lang: UiLang,
    keep: impl Fn(V) -> bool,
) -> Vec<Choice> {
    let current = fields.text(name);
    V::ALL
        .iter()
        .copied()
        .filter(|value| keep(*value))
        .map(|value| Choice {
            value: value.code().to_owned(),
            label: value.label(lang).to_owned(),
            selected: value.code() == current,
        })
        .collect()
}

/// Choices of a repeated field (checkboxes); chosen values not offered are kept as choices.
pub(super) fn many_of(
    fields: &Fields<'_>,
    name: &str,
    options: impl IntoIterator<Item = (String, String)>,
) -> Vec<Choice> {
    let chosen = fields.all(name);
    let mut choices: Vec<Choice> = options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: chosen.contains(&value),
            value,
            label,
        })
        .collect();
    for value in chosen {
        if !choices.iter().any(|choice| choice.value == value) {
            choices.push(Choice {
                label: value.clone(),
                value,
                selected: true,
            });
        }
    }
    choices
}

impl OfferingFormView {
    pub fn new(
        fields: &Fields<'_>,
        own: &ProviderId,
        providers: &[Provider],
        schemes: &[FundingScheme],
        t: &Text,
        lang: UiLang,
    ) -> OfferingFormView {
        // Always one empty row more than is filled in, so another outcome can be added.
        let rows = (fields.filled_outcome_rows() + 1).max(MIN_OUTCOME_ROWS);
        let outcomes = (0..rows)
            .map(|row| {
                let mut inputs = lang_inputs(fields, &format!("lo{row}"), lang);
                let more = inputs.split_off(2);
                let esco_name = format!("lo{row}.esco");
                OutcomeRow {
                    group: format!("lo{row}"),
                    number: row + 1,
                    main: inputs,
                    more_filled: more.iter().any(|input| !input.value.is_empty()),
                    more,
                    esco: TextInput {
                        id: input_id(&esco_name),
                        value: fields.text(&esco_name).to_owned(),
                        label: t.el_esco_skills.to_owned(),
                        lang: "",
                        name: esco_name,
                    },
                }
            })
            .collect();
        let mut others: Vec<(String, String)> = providers
            .iter()
            .filter(|provider| &provider.id != own)
            .map(|provider| {
                (
                    provider.id.to_string(),
                    provider.content.legal_name.best(lang).to_owned(),
                )
            })
            .collect();
        others.sort_by_key(|(_, name)| name.to_lowercase());
        let eqf_now = fields.text("level.eqf");
        let mut eqf: Vec<Choice> = (1..=8)
            .map(|level| Choice {
                value: level.to_string(),
                label: format!("EQF {level}"),
                selected: eqf_now == level.to_string(),
            })
            .collect();
        eqf.push(Choice {
            value: "not_applicable".to_owned(),
            label: t.eqf_not_applicable.to_owned(),
            selected: eqf_now == "not_applicable",
        });
        let field_now = fields.text("isced_field");
        let isced = model::isced::broad_fields()
            .map(|broad| FieldGroup {
                label: format!("{} {}", broad.code, broad.label(lang)),
                broad: Choice {
                    value: String::new(),
                    label: String::new(),
                    selected: false,
                },
                narrow: model::isced::narrow_fields()
                    .filter(|narrow| narrow.broad_code() == broad.code)
                    .map(|narrow| Choice {
                        value: narrow.code.to_owned(),
                        label: format!("{} {}", narrow.code, narrow.label(lang)),
                        selected: narrow.code == field_now,
                    })
                    .collect(),
            })
            .collect();
        OfferingFormView {
            title: lang_inputs(fields, "title", lang),
            summary: lang_inputs(fields, "summary", lang),
            other_bodies: many_of(fields, "awarding_bodies", others)
                .into_iter()
                .filter(|choice| choice.value != own.as_str())
                .collect(),
            outcomes,
            ects: fields.text("workload.ects").to_owned(),
            hours: fields.text("workload.hours").to_owned(),
            eqf,
            cycles: one_of::<QfEheaCycle>(fields, "level.qf_ehea_cycle", lang, |_| true),
            national_level: fields.text("level.national_level").to_owned(),
            assessment_types: many_of(
                fields,
                "assessment.types",
                AssessmentType::ALL
                    .iter()
                    .map(|kind| (kind.code().to_owned(), kind.label(lang).to_owned())),
            ),
            assessment_description: lang_inputs(fields, "assessment.description", lang),
            modes: one_of::<ParticipationMode>(fields, "participation.mode", lang, |_| true),
            // Informal learning is reached only through validation of prior learning, never offered.
            settings: one_of::<LearningSetting>(fields, "participation.setting", lang, |setting| {
                setting != LearningSetting::Informal
            }),
            qa_types: one_of::<QualityAssuranceType>(
                fields,
                "quality_assurance.type",
                lang,
                |_| true,
            ),
            qa_body: fields.text("quality_assurance.body").to_owned(),
            qa_deqar: fields.text("quality_assurance.deqar_id").to_owned(),
            qa_report: fields.text("quality_assurance.report_url").to_owned(),
            prerequisites: lang_inputs(fields, "prerequisites", lang),
            supervisions: one_of::<Supervision>(fields, "supervision", lang, |_| true),
            stackabilities: one_of::<Stackability>(fields, "stackability.kind", lang, |_| true),
            towards: fields.text("stackability.towards").to_owned(),
            further_text: lang_inputs(fields, "further_information.text", lang),
            further_links: fields.text("further_information.links").to_owned(),
            fields: isced,
            languages: many_of(fields, "languages", named_languages(lang)),
            start_date: fields.text("start_date").to_owned(),
            end_date: fields.text("end_date").to_owned(),
            amount: fields.text("price.amount").to_owned(),
            currency: fields.text("price.currency").to_owned(),
            pilot: fields.text("pilot_project") == "true",
            schemes: many_of(
                fields,
                "funding_schemes",
                schemes
                    .iter()
                    .map(|scheme| (scheme.code.clone(), scheme.name.best(lang).to_owned())),
            ),
        }
    }
}
