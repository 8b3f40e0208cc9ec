//! The words of a credential's content: element labels in Dutch and English, vocabulary IRIs
//! as their labels, literals (numbers, dates) as people read them, in the reader's language.

use crate::graph::Literal;
use model::UiLang;
use model::vocab::*;

/// The local name of a datatype IRI (`float` of `http://www.w3.org/2001/XMLSchema#float`, of
/// its `https` spelling in the OB 3.0 context, or of `xsd:float` where a context left the
/// prefix undefined).
fn datatype_name(datatype: &str) -> &str {
    let xsd = [
        "http://www.w3.org/2001/XMLSchema#",
        "https://www.w3.org/2001/XMLSchema#",
        "xsd:",
    ];
    xsd.iter()
        .find_map(|namespace| datatype.strip_prefix(namespace))
        .unwrap_or("")
}

fn vocabulary_label<V: Vocabulary>(iri: &str, lang: UiLang) -> Option<&'static str> {
    V::from_iri(iri).map(|value| value.label(lang))
}

/// A vocabulary IRI as its label (EQF levels, ISCED fields, every Annex I list), else as is.
pub fn iri_label(iri: &str, lang: UiLang) -> String {
    if let Some(level) = iri.strip_prefix("http://data.europa.eu/snb/eqf/") {
        return format!("EQF {level}");
    }
    if let Some(field) = model::isced::isced_field_of_iri(iri) {
        return field.label(lang).to_owned();
    }
    vocabulary_label::<AssessmentType>(iri, lang)
        .or_else(|| vocabulary_label::<ParticipationMode>(iri, lang))
        .or_else(|| vocabulary_label::<LearningSetting>(iri, lang))
        .or_else(|| vocabulary_label::<Supervision>(iri, lang))
        .or_else(|| vocabulary_label::<QualityAssuranceType>(iri, lang))
        .or_else(|| vocabulary_label::<QfEheaCycle>(iri, lang))
        .or_else(|| vocabulary_label::<Stackability>(iri, lang))
        .map_or_else(|| iri.to_owned(), str::to_owned)
}

/// A literal as people read it: numbers in the reader's notation, dates with month names.
pub(super) fn literal_text(literal: &Literal, lang: UiLang) -> String {
    let datatype = datatype_name(&literal.datatype);
    if matches!(
        datatype,
        "float" | "double" | "decimal" | "integer" | "nonNegativeInteger"
    ) && let Ok(number) = literal.value.parse::<f64>()
        && number.is_finite()
    {
        return model::display::decimal(number, lang);
    }
    if matches!(datatype, "dateTime" | "date")
        && let Some(day) = model::display::date_text(&literal.value, lang)
    {
        return day;
    }
    literal.value.clone()
}

/// The literals in the reader's language, else English, else untagged, else the first language
/// there is — never a mixture of languages.
pub(super) fn in_language<'g>(literals: &[&'g Literal], lang: UiLang) -> Vec<&'g Literal> {
    for code in [lang.code(), "en"] {
        let tagged: Vec<&Literal> = literals
            .iter()
            .copied()
            .filter(|l| l.language.as_deref() == Some(code))
            .collect();
        if !tagged.is_empty() {
            return tagged;
        }
    }
    let untagged: Vec<&Literal> = literals
        .iter()
        .copied()
        .filter(|l| l.language.is_none())
        .collect();
    if !untagged.is_empty() {
        return untagged;
    }
    let first = literals.iter().filter_map(|l| l.language.clone()).min();
    literals
        .iter()
        .copied()
        .filter(|l| l.language == first)
        .collect()
}

pub(super) fn identity_type_label(kind: &str, nl: bool) -> String {
    match (kind, nl) {
        ("emailAddress", true) => "e-mailadres".to_owned(),
        ("emailAddress", false) => "e-mail address".to_owned(),
        ("sisSourcedId" | "studentId", true) => "studentennummer".to_owned(),
        ("sisSourcedId" | "studentId", false) => "student number".to_owned(),
        ("nationalIdentityNumber", true) => "rijksregisternummer".to_owned(),
        ("nationalIdentityNumber", false) => "national identity number".to_owned(),
        ("phoneNumber", true) => "telefoonnummer".to_owned(),
        ("phoneNumber", false) => "phone number".to_owned(),
        (other, _) => other.to_owned(),
    }
}

/// Every element the reader shows, in Annex I order: stable code, Dutch and English label.
const ELEMENTS: [(&str, &str, &str); 19] = [
    ("title", "Titel", "Title"),
    ("learner_identification", "Lerende", "Learner"),
    ("awarding_body", "Uitgever", "Issuer"),
    (
        "awarding_bodies",
        "Toekennende instanties",
        "Awarding bodies",
    ),
    (
        "issuer_country",
        "Land/regio van de uitgever",
        "Country/region of the issuer",
    ),
    ("date_of_issuing", "Datum van uitgifte", "Date of issuing"),
    ("learning_outcomes", "Leerresultaten", "Learning outcomes"),
    ("notional_workload", "Studiebelasting", "Notional workload"),
    ("level", "Niveau", "Level"),
    (
        "type_of_assessment",
        "Soort beoordeling",
        "Type of assessment",
    ),
    (
        "form_of_participation",
        "Vorm van deelname",
        "Form of participation",
    ),
    (
        "type_of_quality_assurance",
        "Kwaliteitszorg",
        "Quality assurance",
    ),
    ("prerequisites", "Toelatingsvoorwaarden", "Prerequisites"),
    (
        "supervision",
        "Toezicht en identiteitscontrole",
        "Supervision and identity verification",
    ),
    ("grade", "Behaald resultaat", "Grade achieved"),
    (
        "stackability",
        "Integratie en stapelbaarheid",
        "Integration and stackability",
    ),
    (
        "further_information",
        "Meer informatie",
        "Further information",
    ),
    ("field", "Studiegebied (ISCED-F)", "Field (ISCED-F)"),
    ("assessment", "Beoordeeld op", "Assessed on"),
];

/// The label of an element code (`title`, `learning_outcomes`, …) in `lang`; the code itself
/// if unknown.
pub fn element_label(element: &str, lang: UiLang) -> &str {
    ELEMENTS
        .iter()
        .find(|(code, _, _)| *code == element)
        .map_or(
            element,
            |(_, nl, en)| if lang == UiLang::Nl { nl } else { en },
        )
}
