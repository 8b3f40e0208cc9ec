//! The `achievement` of a micro-credential: the offering at its version, with every Annex I
//! element that belongs to an offering.

use model::credential::IssuedMicroCredential;
use model::isced::isced_field;
use model::offering::OfferingContent;
use model::vocab::{MICROCRED_VOCAB_BASE, Vocabulary, eqf_iri};
use serde_json::{Map, Value, json};

use super::text::{in_language, language_map, number};

/// `{register}/offerings/{id}/v{version}`: an offering's versions differ in what they state,
/// so the achievement names the version the learner was assessed against.
pub fn achievement_id(issued: &IssuedMicroCredential) -> String {
    format!(
        "{}/offerings/{}/v{}",
        issued.register_url.trim_end_matches('/'),
        issued.offering.id,
        issued.offering.version
    )
}

/// Id of the `ResultDescription` the learner's grade refers to.
pub fn grade_description_id(issued: &IssuedMicroCredential) -> String {
    format!("{}#grade", achievement_id(issued))
}

/// Where an awarding body that is not the issuer is described: its page in the register (the
/// issuer is named by the DID it signs with).
fn provider_url(issued: &IssuedMicroCredential, id: &str) -> String {
    format!(
        "{}/providers/{id}",
        issued.register_url.trim_end_matches('/')
    )
}

/// Some elements are IRIs in the context (`@type: @id`) but names in the register (a QA body,
/// a pathway): a URL is written as such, a name as a node carrying `name`, so no value is ever
/// mistaken for a relative IRI.
fn reference(value: &str) -> Value {
    if value.starts_with("https://") || value.starts_with("http://") {
        json!(value)
    } else {
        json!({ "name": value })
    }
}

pub fn render(issued: &IssuedMicroCredential, issuer_id: &str, language: &str) -> Value {
    let content = &issued.offering.content;
    let mut achievement = Map::new();
    let mut put = |key: &str, value: Value| {
        achievement.insert(key.to_owned(), value);
    };
    put("id", json!(achievement_id(issued)));
    put("type", json!(["Achievement"]));
    put("achievementType", json!("MicroCredential"));
    put("name", json!(in_language(&content.title, language)));
    // OB3 requires a description; the title stands in when the offering has no summary.
    let description = if content.summary.is_empty() {
        &content.title
    } else {
        &content.summary
    };
    put("description", json!(in_language(description, language)));
    put("inLanguage", json!(language));
    put(
        "criteria",
        json!({ "narrative": narrative(content, language) }),
    );
    put("awardingBody", awarding_bodies(issued, issuer_id, language));
    if let Some(ects) = content.workload.ects {
        put("creditsAvailable", number(ects));
        put("creditFramework", json!("ECTS"));
    }
    if let Some(hours) = content.workload.hours {
        put("workloadHours", json!(hours));
    }
    if let Some(field) = isced_field(&content.isced_field) {
        put("fieldOfStudy", json!(field.en));
        put("iscedFieldCode", json!(field.iri()));
    }
    // ISO 639-1 codes as IRIs (Library of Congress), since the term is typed `@id`.
    let languages: Vec<String> = content
        .languages
        .iter()
        .map(|code| format!("http://id.loc.gov/vocabulary/iso639-1/{code}"))
        .collect();
    put("languageOfInstruction", json!(languages));
    level(content, &mut put);
    put("learningOutcome", learning_outcomes(content, language));
    let alignments = alignments(content, language);
    if !alignments.is_empty() {
        put("alignment", Value::Array(alignments));
    }
    let assessment = &content.assessment;
    let types: Vec<String> = assessment.types.iter().map(|t| t.iri()).collect();
    put("assessmentType", json!(types));
    if !assessment.description.is_empty() {
        put(
            "assessmentDescription",
            language_map(&assessment.description),
        );
    }
    put(
        "participationMode",
        json!([content.participation.mode.iri()]),
    );
    put(
        "learningSetting",
        json!(content.participation.setting.iri()),
    );
    if let Some(supervision) = content.supervision {
        put("supervisionVerification", json!(supervision.iri()));
    }
    put("qualityAssurance", quality_assurance(content));
    if !content.prerequisites.is_empty() {
        put("prerequisites", language_map(&content.prerequisites));
    }
    // A stacked credential's achievement is made of its parts' achievements (ELM `hasPart`).
    let parts: Vec<&str> = issued
        .parts
        .iter()
        .filter_map(|part| part.achievement_id.as_deref())
        .collect();
    if !parts.is_empty() {
        put("hasPart", json!(parts));
    }
    put("stackability", json!(content.stackability.kind.iri()));
    if !content.stackability.towards.is_empty() {
        let towards: Vec<Value> = content
            .stackability
            .towards
            .iter()
            .map(|t| reference(t))
            .collect();
        put("stackableTowards", Value::Array(towards));
    }
    let further = &content.further_information;
    if !further.text.is_empty() {
        put("furtherInformation", language_map(&further.text));
    }
    if !further.links.is_empty() {
        put("furtherInformationUrl", json!(further.links));
    }
    if let Some(grade) = &issued.outcome.grade {
        put(
            "resultDescription",
            json!([{
                "id": grade_description_id(issued),
                "type": ["ResultDescription"],
                "name": grade.scheme,
                "resultType": "Result",
            }]),
        );
        if grade.scheme.starts_with("https://") || grade.scheme.starts_with("http://") {
            put("gradingScheme", json!(grade.scheme));
        }
    }
    Value::Object(achievement)
}

/// OB3 criteria: what a learner must have shown — the learning outcomes, as a Markdown list.
fn narrative(content: &OfferingContent, language: &str) -> String {
    content
        .learning_outcomes
        .iter()
        .map(|outcome| format!("- {}", in_language(&outcome.text, language)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn awarding_bodies(issued: &IssuedMicroCredential, issuer_id: &str, language: &str) -> Value {
    let bodies: Vec<Value> = issued
        .awarding_bodies
        .iter()
        .map(|body| {
            // The issuer's profile is already in the credential: a reference to it suffices.
            if body.id == issued.issuer.id {
                json!(issuer_id)
            } else {
                super::profile(body, &provider_url(issued, body.id.as_str()), language)
            }
        })
        .collect();
    Value::Array(bodies)
}

fn level(content: &OfferingContent, put: &mut impl FnMut(&str, Value)) {
    // "Not applicable" is stated rather than left out: the level element is then present and
    // says so, instead of looking forgotten.
    let eqf = match content.level.eqf.number() {
        Some(level) => eqf_iri(level),
        None => format!("{MICROCRED_VOCAB_BASE}eqf/not_applicable"),
    };
    put("eqfLevel", json!(eqf));
    if let Some(cycle) = content.level.qf_ehea_cycle {
        put("qfEheaCycle", json!(cycle.iri()));
    }
    if let Some(national) = &content.level.national_level {
        put("nqfLevel", json!(national));
    }
}

fn learning_outcomes(content: &OfferingContent, language: &str) -> Value {
    let outcomes: Vec<Value> = content
        .learning_outcomes
        .iter()
        .map(|outcome| {
            let mut item = Map::new();
            item.insert("type".into(), json!("LearningOutcome"));
            item.insert("name".into(), json!(in_language(&outcome.text, language)));
            if !outcome.esco_skills.is_empty() {
                item.insert("relatedSkill".into(), json!(outcome.esco_skills));
            }
            Value::Object(item)
        })
        .collect();
    Value::Array(outcomes)
}

/// ESCO skills as OB3 alignments, so OB3-only consumers see them. The register stores skill
/// IRIs, not ESCO's labels; the learning outcome the skill belongs to is the name shown.
fn alignments(content: &OfferingContent, language: &str) -> Vec<Value> {
    content
        .learning_outcomes
        .iter()
        .flat_map(|outcome| {
            outcome.esco_skills.iter().map(move |skill| {
                json!({
                    "type": ["Alignment"],
                    "targetName": in_language(&outcome.text, language),
                    "targetUrl": skill,
                    "targetFramework": "ESCO",
                    "targetType": "ceasn:Competency",
                })
            })
        })
        .collect()
}

fn quality_assurance(content: &OfferingContent) -> Value {
    let qa = &content.quality_assurance;
    let mut item = Map::new();
    item.insert("type".into(), json!("QualityAssurance"));
    item.insert("qualityAssuranceType".into(), json!(qa.qa_type.iri()));
    item.insert("qualityAssuranceBody".into(), reference(&qa.body));
    if let Some(report) = &qa.report_url {
        item.insert("qualityAssuranceReport".into(), json!(report));
    }
    if let Some(deqar) = &qa.deqar_id {
        item.insert("deqarReference".into(), json!(deqar));
    }
    json!([item])
}
