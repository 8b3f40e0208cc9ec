//! What a credential says, for people: every Annex I element of an Open Badges 3.0
//! micro-credential (terms per `docs/annex-i-mapping.md`) with its label in Dutch or English,
//! vocabulary IRIs shown by their labels. Shown under the verification report, in the API's
//! report and on the PDF certificate. A badge from elsewhere shows what it has.

use model::UiLang;
use model::vocab::*;
use serde::Serialize;
use serde_json::Value;

/// One element as shown: its stable code, its label and its value as text (lines split by `\n`).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ContentRow {
    pub element: &'static str,
    pub label: &'static str,
    pub value: String,
}

fn text(value: Option<&Value>, lang: UiLang) -> Option<String> {
    match value? {
        Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        // A language map: the interface language, else English, else any.
        Value::Object(map) if !map.contains_key("id") && !map.contains_key("type") => map
            .get(lang.code())
            .or_else(|| map.get("en"))
            .or_else(|| map.values().next())
            .and_then(Value::as_str)
            .map(str::to_owned),
        Value::Object(map) => map
            .get("name")
            .and_then(|name| text(Some(name), lang))
            .or_else(|| map.get("id").and_then(Value::as_str).map(str::to_owned)),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|item| text(Some(item), lang))
                .collect();
            (!parts.is_empty()).then(|| parts.join("\n"))
        }
        _ => None,
    }
}

fn vocabulary_label<V: Vocabulary>(iri: &str, lang: UiLang) -> Option<&'static str> {
    V::ALL
        .iter()
        .find(|value| value.iri() == iri)
        .map(|value| value.label(lang))
}

/// A vocabulary IRI as its label (EQF levels, ISCED fields, every Annex I list), else as is.
pub fn iri_label(iri: &str, lang: UiLang) -> String {
    if let Some(level) = iri.strip_prefix("http://data.europa.eu/snb/eqf/") {
        return format!("EQF {level}");
    }
    if let Some(field) = model::isced::ISCED_FIELDS
        .iter()
        .find(|field| field.iri() == iri)
    {
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

fn labels(value: Option<&Value>, lang: UiLang) -> Option<String> {
    let items: Vec<&Value> = match value? {
        Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let parts: Vec<String> = items
        .iter()
        .filter_map(|item| item.as_str())
        .map(|iri| iri_label(iri, lang))
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `2026-10-13T11:00:00Z` or `2026-10-13` as "13 October 2026"; anything else as it is.
fn readable_date(text: &str, lang: UiLang) -> String {
    let day = text.get(..10).and_then(|day| {
        time::Date::parse(
            day,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .ok()
    });
    match day {
        Some(day) => crate::pages::format::date(day, lang),
        None => text.to_owned(),
    }
}

fn first(value: Option<&Value>) -> Option<&Value> {
    match value {
        Some(Value::Array(items)) => items.first(),
        other => other,
    }
}

/// Every element the credential carries, in Annex I order, labelled in `lang` (nl or en;
/// other interface languages read English labels).
pub fn content(credential: &Value, lang: UiLang) -> Vec<ContentRow> {
    let nl = lang == UiLang::Nl;
    let label = |dutch: &'static str, english: &'static str| if nl { dutch } else { english };
    let subject = first(credential.get("credentialSubject"));
    let achievement = subject.and_then(|subject| subject.get("achievement"));
    let issuer = credential.get("issuer");
    let get = |parent: Option<&Value>, key: &str| parent.and_then(|p| p.get(key)).cloned();
    let mut rows: Vec<ContentRow> = Vec::new();
    let mut push = |element: &'static str, label: &'static str, value: Option<String>| {
        if let Some(value) = value.filter(|value| !value.trim().is_empty()) {
            rows.push(ContentRow {
                element,
                label,
                value,
            });
        }
    };

    push(
        "title",
        label("Titel", "Title"),
        text(get(achievement, "name").as_ref(), lang)
            .or_else(|| text(credential.get("name"), lang)),
    );
    let identifiers: Vec<&Value> = match subject.and_then(|subject| subject.get("identifier")) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    let name = identifiers
        .iter()
        .find(|identifier| identifier.get("identityType").and_then(Value::as_str) == Some("name"))
        .and_then(|identifier| identifier.get("identityHash"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| text(get(subject, "name").as_ref(), lang));
    let mut learner = Vec::new();
    learner.extend(name);
    if let Some(did) = get(subject, "id").and_then(|id| id.as_str().map(str::to_owned)) {
        learner.push(did);
    }
    for identifier in &identifiers {
        let kind = identifier
            .get("identityType")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if kind != "name" && identifier.get("hashed") == Some(&Value::Bool(true)) {
            learner.push(format!(
                "{kind}: {}",
                label("(gehasht, bevestigbaar)", "(hashed, confirmable)")
            ));
        }
    }
    push(
        "learner_identification",
        label("Lerende", "Learner"),
        (!learner.is_empty()).then(|| learner.join("\n")),
    );
    push(
        "awarding_body",
        label("Uitgever", "Issuer"),
        text(issuer, lang).map(|name| {
            match issuer
                .and_then(|issuer| issuer.get("id"))
                .and_then(Value::as_str)
            {
                Some(id) if !name.contains(id) => format!("{name}\n{id}"),
                _ => name,
            }
        }),
    );
    // The issuer is referenced by its id among the awarding bodies: show its name.
    let issuer_id = issuer
        .and_then(|issuer| issuer.get("id"))
        .and_then(Value::as_str);
    let issuer_name = text(issuer.and_then(|issuer| issuer.get("name")), lang);
    let bodies: Vec<Value> = match get(achievement, "awardingBody") {
        Some(Value::Array(items)) => items,
        Some(single) => vec![single],
        None => Vec::new(),
    };
    let bodies: Vec<String> = bodies
        .iter()
        .filter_map(|body| match (body.as_str(), &issuer_name) {
            (Some(id), Some(name)) if Some(id) == issuer_id => Some(name.clone()),
            _ => text(Some(body), lang),
        })
        .collect();
    let bodies = (!bodies.is_empty()).then(|| bodies.join("\n"));
    push(
        "awarding_bodies",
        label("Toekennende instanties", "Awarding bodies"),
        bodies,
    );
    let address = issuer.and_then(|issuer| issuer.get("address"));
    let country = text(get(address, "addressCountryCode").as_ref(), lang)
        .or_else(|| text(get(address, "addressCountry").as_ref(), lang));
    let region = text(get(address, "addressRegion").as_ref(), lang);
    push(
        "issuer_country",
        label("Land/regio van de uitgever", "Country/region of the issuer"),
        country.map(|country| match region {
            Some(region) => format!("{country} ({region})"),
            None => country,
        }),
    );
    push(
        "date_of_issuing",
        label("Datum van uitgifte", "Date of issuing"),
        text(credential.get("awardedDate"), lang)
            .or_else(|| text(credential.get("validFrom"), lang)),
    );
    push(
        "learning_outcomes",
        label("Leerresultaten", "Learning outcomes"),
        text(get(achievement, "learningOutcome").as_ref(), lang),
    );
    let ects = text(get(achievement, "creditsAvailable").as_ref(), lang)
        .map(|ects| format!("{ects} ECTS"));
    let hours = text(get(achievement, "workloadHours").as_ref(), lang)
        .map(|hours| format!("{hours} {}", label("uur", "hours")));
    let workload: Vec<String> = ects.into_iter().chain(hours).collect();
    push(
        "notional_workload",
        label("Studiebelasting", "Notional workload"),
        (!workload.is_empty()).then(|| workload.join(", ")),
    );
    let mut level: Vec<String> = Vec::new();
    level.extend(labels(get(achievement, "eqfLevel").as_ref(), lang));
    level.extend(labels(get(achievement, "qfEheaCycle").as_ref(), lang));
    level.extend(text(get(achievement, "nqfLevel").as_ref(), lang));
    push(
        "level",
        label("Niveau", "Level"),
        (!level.is_empty()).then(|| level.join(", ")),
    );
    let mut assessment: Vec<String> = Vec::new();
    assessment.extend(labels(get(achievement, "assessmentType").as_ref(), lang));
    assessment.extend(text(
        get(achievement, "assessmentDescription").as_ref(),
        lang,
    ));
    push(
        "type_of_assessment",
        label("Soort beoordeling", "Type of assessment"),
        (!assessment.is_empty()).then(|| assessment.join("\n")),
    );
    let mut participation: Vec<String> = Vec::new();
    participation.extend(labels(get(achievement, "participationMode").as_ref(), lang));
    participation.extend(labels(get(achievement, "learningSetting").as_ref(), lang));
    push(
        "form_of_participation",
        label("Vorm van deelname", "Form of participation"),
        (!participation.is_empty()).then(|| participation.join(", ")),
    );
    let quality: Vec<String> = match get(achievement, "qualityAssurance") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                let kind = labels(item.get("qualityAssuranceType"), lang).unwrap_or_default();
                let body = text(item.get("qualityAssuranceBody"), lang).unwrap_or_default();
                [kind, body]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join(" — ")
            })
            .collect(),
        _ => Vec::new(),
    };
    push(
        "type_of_quality_assurance",
        label("Kwaliteitszorg", "Quality assurance"),
        (!quality.is_empty()).then(|| quality.join("\n")),
    );
    push(
        "prerequisites",
        label("Toelatingsvoorwaarden", "Prerequisites"),
        text(get(achievement, "prerequisites").as_ref(), lang),
    );
    push(
        "supervision",
        label(
            "Toezicht en identiteitscontrole",
            "Supervision and identity verification",
        ),
        labels(get(subject, "supervisionVerification").as_ref(), lang)
            .or_else(|| labels(get(achievement, "supervisionVerification").as_ref(), lang)),
    );
    let grade = first(get(subject, "result").as_ref())
        .and_then(|result| result.get("value"))
        .and_then(|value| text(Some(value), lang));
    let scheme = first(get(achievement, "resultDescription").as_ref())
        .and_then(|description| description.get("name"))
        .and_then(|name| text(Some(name), lang));
    push(
        "grade",
        label("Behaald resultaat", "Grade achieved"),
        grade.map(|grade| match scheme {
            Some(scheme) => format!("{grade} ({scheme})"),
            None => grade,
        }),
    );
    let mut stackability: Vec<String> = Vec::new();
    stackability.extend(labels(get(achievement, "stackability").as_ref(), lang));
    stackability.extend(text(get(achievement, "stackableTowards").as_ref(), lang));
    push(
        "stackability",
        label(
            "Integratie en stapelbaarheid",
            "Integration and stackability",
        ),
        (!stackability.is_empty()).then(|| stackability.join("\n")),
    );
    let mut further: Vec<String> = Vec::new();
    further.extend(text(get(achievement, "furtherInformation").as_ref(), lang));
    further.extend(text(
        get(achievement, "furtherInformationUrl").as_ref(),
        lang,
    ));
    push(
        "further_information",
        label("Meer informatie", "Further information"),
        (!further.is_empty()).then(|| further.join("\n")),
    );
    push(
        "field",
        label("Studiegebied (ISCED-F)", "Field (ISCED-F)"),
        labels(get(achievement, "iscedFieldCode").as_ref(), lang)
            .or_else(|| text(get(achievement, "fieldOfStudy").as_ref(), lang)),
    );
    let mut route: Vec<String> = Vec::new();
    route.extend(
        text(get(subject, "assessmentDate").as_ref(), lang).map(|day| readable_date(&day, lang)),
    );
    if let Some(iri) = get(subject, "assessmentRoute")
        .as_ref()
        .and_then(Value::as_str)
    {
        route.push(if iri.ends_with("/validation") {
            label(
                "validering van eerder verworven competenties",
                "validation of prior learning",
            )
            .to_owned()
        } else {
            label("beoordeling", "assessment").to_owned()
        });
    }
    route.extend(labels(get(subject, "learningSetting").as_ref(), lang));
    push(
        "assessment",
        label("Beoordeeld op", "Assessed on"),
        (!route.is_empty()).then(|| route.join(", ")),
    );
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mandatory_element_of_the_sample_is_shown_with_labels() {
        let issued = model::credential::sample::issued().unwrap();
        let credential = vc::ob3::render_micro_credential(&issued, "did:web:example.org");
        let rows = content(&credential, UiLang::En);
        let elements: Vec<&str> = rows.iter().map(|row| row.element).collect();
        for element in [
            "title",
            "learner_identification",
            "awarding_body",
            "issuer_country",
            "date_of_issuing",
            "learning_outcomes",
            "notional_workload",
            "level",
            "type_of_assessment",
            "form_of_participation",
            "type_of_quality_assurance",
        ] {
            assert!(elements.contains(&element), "{element} missing: {rows:#?}");
        }
        let level = rows.iter().find(|row| row.element == "level").unwrap();
        assert!(level.value.starts_with("EQF "), "{level:?}");
        assert!(
            !rows
                .iter()
                .any(|row| row.value.contains("http://data.europa.eu/snb/assessment/"))
        );
        let dutch = content(&credential, UiLang::Nl);
        assert_eq!(dutch[0].label, "Titel");
    }

    #[test]
    fn a_foreign_badge_shows_what_it_has() {
        let rows = content(
            &serde_json::json!({"name": "Badge", "issuer": {"id": "did:key:z6Mk", "name": "Elsewhere"}}),
            UiLang::En,
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].value, "Badge");
    }
}
