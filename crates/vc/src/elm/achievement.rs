//! The learner's claim: a `LearningAchievement` awarded by the awarding bodies, proven by the
//! assessment and specified by the offering (a `Qualification`, which carries the EQF level in
//! ELM), with every Annex I element that belongs to an offering or an assessment.

use model::UiLang;
use model::credential::AssessmentRoute;
use model::vocab::{Stackability, Vocabulary};
use serde_json::{Map, Value, json};

use super::organisation::{named_body, web_resource};
use super::{Rendering, concepts, one_or_many};
use crate::ob3::text::{date, language_map, number, timestamp};

pub(super) fn render(rendering: &Rendering<'_>) -> Value {
    let issued = rendering.issued;
    let content = &issued.offering.content;
    let awarding = awarding_process(rendering);
    let mut achievement = Map::new();
    achievement.insert("id".into(), json!(rendering.ids.of("learningAchievement")));
    achievement.insert("type".into(), json!("LearningAchievement"));
    achievement.insert("awardedBy".into(), awarding.clone());
    // A validated learner did not take part in the offering's learning activity.
    if issued.outcome.route == AssessmentRoute::Regular {
        achievement.insert("influencedBy".into(), activity(rendering));
    }
    achievement.insert("provenBy".into(), assessment(rendering, awarding));
    achievement.insert("specifiedBy".into(), specification(rendering));
    achievement.insert("title".into(), language_map(&content.title));
    if !content.summary.is_empty() {
        achievement.insert("description".into(), language_map(&content.summary));
    }
    if let Some(parts) = one_or_many(parts(rendering)) {
        achievement.insert("hasPart".into(), parts);
    }
    Value::Object(achievement)
}

/// The parts of a stacked credential (issue 12) as ELM's `hasPart`: a learning achievement per
/// part credential, identified by that credential's id.
fn parts(rendering: &Rendering<'_>) -> Vec<Value> {
    let language = crate::ob3::primary_language(&rendering.issued.offering);
    rendering
        .issued
        .parts
        .iter()
        .enumerate()
        .map(|(index, part)| {
            let ids = &rendering.ids;
            json!({
                "id": ids.part("learningAchievement", &format!("part-{index}")),
                "type": "LearningAchievement",
                "identifier": [{
                    "id": ids.part("identifier", &format!("part-{index}")),
                    "type": "Identifier",
                    "notation": part.credential_id,
                    "schemeName": "credential id",
                }],
                "title": { language: [part.title] },
            })
        })
        .collect()
}

/// Annex I awarding bodies (every one for a joint award) and date of issuing.
fn awarding_process(rendering: &Rendering<'_>) -> Value {
    let issued = rendering.issued;
    let bodies: Vec<Value> = issued
        .awarding_bodies
        .iter()
        .map(|body| rendering.organisation(body))
        .collect();
    let mut process = Map::new();
    process.insert("id".into(), json!(rendering.ids.of("awardingProcess")));
    process.insert("type".into(), json!("AwardingProcess"));
    if let Some(bodies) = one_or_many(bodies) {
        process.insert("awardingBody".into(), bodies);
    }
    process.insert("awardingDate".into(), json!(timestamp(issued.issued_at)));
    Value::Object(process)
}

/// The offering's learning activity the learner took part in: form of participation, languages,
/// workload and the offering's dates.
fn activity(rendering: &Rendering<'_>) -> Value {
    let content = &rendering.issued.offering.content;
    let ids = &rendering.ids;
    let mut specification = Map::new();
    specification.insert("id".into(), json!(ids.of("learningActivitySpec")));
    specification.insert("type".into(), json!("LearningActivitySpecification"));
    specification.insert(
        "mode".into(),
        concepts::vocabulary(content.participation.mode),
    );
    if let Some(hours) = content.workload.hours {
        specification.insert("volumeOfLearning".into(), json!(format!("PT{hours}H")));
    }
    if let Some(languages) = languages_of_instruction(rendering) {
        specification.insert("language".into(), languages);
    }
    specification.insert("title".into(), language_map(&content.title));
    let mut activity = Map::new();
    activity.insert("id".into(), json!(ids.of("activity")));
    activity.insert("type".into(), json!("LearningActivity"));
    activity.insert("specifiedBy".into(), Value::Object(specification));
    if content.start_date.is_some() || content.end_date.is_some() {
        let mut period = Map::new();
        period.insert("id".into(), json!(ids.of("period")));
        period.insert("type".into(), json!("PeriodOfTime"));
        // ELM dates are xsd:dateTime; the offering's are whole days.
        if let Some(end) = content.end_date {
            period.insert("endDate".into(), json!(format!("{}T00:00:00Z", date(end))));
        }
        if let Some(start) = content.start_date {
            period.insert(
                "startDate".into(),
                json!(format!("{}T00:00:00Z", date(start))),
            );
        }
        activity.insert("temporal".into(), Value::Object(period));
    }
    activity.insert("title".into(), language_map(&content.title));
    Value::Object(activity)
}

/// Annex I type of assessment, grade, and supervision and identity verification (the value
/// actually used, else the offering's default).
fn assessment(rendering: &Rendering<'_>, awarding: Value) -> Value {
    let issued = rendering.issued;
    let content = &issued.offering.content;
    let outcome = &issued.outcome;
    let ids = &rendering.ids;
    let types = &content.assessment.types;
    let title = rendering.text(|lang| {
        let labels: Vec<&str> = types.iter().map(|t| t.label(lang)).collect();
        labels.join(", ")
    });
    let mut specification = Map::new();
    specification.insert("id".into(), json!(ids.of("learningAssessmentSpec")));
    specification.insert("type".into(), json!("LearningAssessmentSpecification"));
    if let Some(grade) = &outcome.grade {
        specification.insert(
            "gradingScheme".into(),
            json!({
                "id": ids.of("gradingScheme"),
                "type": "GradingScheme",
                "title": { rendering.language: grade.scheme },
            }),
        );
    }
    if !content.assessment.description.is_empty() {
        specification.insert(
            "description".into(),
            language_map(&content.assessment.description),
        );
    }
    specification.insert("title".into(), title.clone());
    let types: Vec<Value> = types.iter().map(|t| concepts::vocabulary(*t)).collect();
    if let Some(types) = one_or_many(types) {
        specification.insert("dcType".into(), types);
    }

    let mut assessment = Map::new();
    assessment.insert("id".into(), json!(ids.of("learningAssessment")));
    assessment.insert("type".into(), json!("LearningAssessment"));
    assessment.insert("awardedBy".into(), awarding);
    assessment.insert(
        "dateIssued".into(),
        json!(format!("{}T00:00:00Z", date(outcome.assessed_on))),
    );
    if let Some(grade) = &outcome.grade {
        assessment.insert(
            "grade".into(),
            note(
                &ids.part("note", "grade"),
                json!({ rendering.language: grade.value }),
            ),
        );
    }
    if let Some(supervision) = outcome.supervision.or(content.supervision) {
        assessment.insert("idVerification".into(), concepts::vocabulary(supervision));
    }
    assessment.insert("specifiedBy".into(), Value::Object(specification));
    assessment.insert("title".into(), title);
    if let AssessmentRoute::Validation { prior_learning } = outcome.route {
        let mut note = note(
            &ids.part("note", "assessment-route"),
            rendering
                .text(|lang| format!("{}: {}", validation_label(lang), prior_learning.label(lang))),
        );
        let route = concepts::with_iri(
            &outcome.route.iri(),
            concepts::ui_labels(|lang| validation_label(lang).to_owned()),
        );
        if let Some(note) = note.as_object_mut() {
            note.insert("subject".into(), route);
        }
        assessment.insert("additionalNote".into(), note);
    }
    Value::Object(assessment)
}

fn validation_label(lang: UiLang) -> &'static str {
    match lang {
        UiLang::Nl => "Erkenning van eerder verworven competenties",
        UiLang::En => "Validation of prior learning",
        UiLang::Fr => "Validation des acquis de l'expérience",
        UiLang::De => "Anerkennung früher erworbener Kompetenzen",
    }
}

/// The offering at its version, as the `Qualification` the EC sample uses.
fn specification(rendering: &Rendering<'_>) -> Value {
    let content = &rendering.issued.offering.content;
    let ids = &rendering.ids;
    let mut qualification = Map::new();
    let mut put = |key: &str, value: Value| {
        qualification.insert(key.to_owned(), value);
    };
    put("id", json!(ids.of("qualification")));
    put("type", json!("Qualification"));
    // ELM has no "not applicable" level: such an offering states no EQF level.
    if let Some(level) = content.level.eqf.number() {
        put("eqfLevel", concepts::eqf_level(level));
    }
    if let Some(field) = concepts::isced(&content.isced_field) {
        put("thematicArea", json!([field]));
    }
    if let Some(national) = &content.level.national_level {
        let id = ids.part("concept", "nqf-level");
        put(
            "nqfLevel",
            concepts::national_level(&id, national, rendering.language),
        );
    }
    if let Some(cycle) = content.level.qf_ehea_cycle {
        put("educationLevel", concepts::vocabulary(cycle));
    }
    if let Some(ects) = content.workload.ects {
        put(
            "creditPoint",
            json!({
                "id": ids.of("creditPoint"),
                "type": "CreditPoint",
                "framework": concepts::ects(),
                // xsd:string in ELM: the number as written.
                "point": number(ects).to_string(),
            }),
        );
    }
    if !content.prerequisites.is_empty() {
        put(
            "entryRequirement",
            note(
                &ids.part("note", "prerequisites"),
                language_map(&content.prerequisites),
            ),
        );
    }
    // A stackable micro-credential counts towards larger credentials.
    put(
        "isPartialQualification",
        json!(content.stackability.kind == Stackability::Stackable),
    );
    let outcomes: Vec<Value> = content
        .learning_outcomes
        .iter()
        .enumerate()
        .map(|(index, outcome)| {
            let mut node = Map::new();
            node.insert(
                "id".into(),
                json!(ids.part("learningOutcome", &(index + 1).to_string())),
            );
            node.insert("type".into(), json!("LearningOutcome"));
            let skills: Vec<Value> = outcome
                .esco_skills
                .iter()
                .map(|skill| concepts::esco_skill(skill))
                .collect();
            if !skills.is_empty() {
                node.insert("relatedESCOSkill".into(), Value::Array(skills));
            }
            node.insert("title".into(), language_map(&outcome.text));
            Value::Object(node)
        })
        .collect();
    put("learningOutcome", Value::Array(outcomes));
    put(
        "learningSetting",
        concepts::vocabulary(content.participation.setting),
    );
    put("mode", concepts::vocabulary(content.participation.mode));
    if let Some(hours) = content.workload.hours {
        put("volumeOfLearning", json!(format!("PT{hours}H")));
    }
    if let Some(languages) = languages_of_instruction(rendering) {
        put("language", languages);
    }
    put("title", language_map(&content.title));
    put("accreditation", accreditation(rendering));
    if let Some(notes) = one_or_many(notes(rendering)) {
        put("additionalNote", notes);
    }
    let further = &content.further_information;
    let links: Vec<Value> = further
        .links
        .iter()
        .enumerate()
        .map(|(index, link)| {
            let part = format!("further-information:{}", index + 1);
            web_resource(&ids.part("webResource", &part), link)
        })
        .collect();
    if let Some(links) = one_or_many(links) {
        put("homepage", links);
    }
    Value::Object(qualification)
}

fn languages_of_instruction(rendering: &Rendering<'_>) -> Option<Value> {
    let content = &rendering.issued.offering.content;
    let languages: Vec<Value> = content
        .languages
        .iter()
        .filter_map(|code| concepts::language(code))
        .collect();
    one_or_many(languages)
}

/// Annex I type of quality assurance: the QA type, the body and its report.
fn accreditation(rendering: &Rendering<'_>) -> Value {
    let qa = &rendering.issued.offering.content.quality_assurance;
    let ids = &rendering.ids;
    let mut accreditation = Map::new();
    accreditation.insert("id".into(), json!(ids.of("accreditation")));
    accreditation.insert("type".into(), json!("Accreditation"));
    accreditation.insert("dcType".into(), concepts::vocabulary(qa.qa_type));
    accreditation.insert(
        "title".into(),
        rendering.text(|lang| qa.qa_type.label(lang).to_owned()),
    );
    let body_key = "quality-assurance-body";
    accreditation.insert(
        "accreditingAgent".into(),
        named_body(
            &ids.part("org", body_key),
            &qa.body,
            rendering.language,
            ids,
            body_key,
        ),
    );
    // The accredited organisation: the provider that publishes the offering.
    accreditation.insert(
        "organisation".into(),
        rendering.organisation(&rendering.issued.issuer),
    );
    if let Some(report) = &qa.report_url {
        let id = ids.part("webResource", "quality-assurance-report");
        accreditation.insert("report".into(), web_resource(&id, report));
    }
    if let Some(deqar) = &qa.deqar_id {
        accreditation.insert(
            "identifier".into(),
            json!({
                "id": ids.part("identifier", "deqar"),
                "type": "Identifier",
                "notation": deqar,
                "schemeName": "DEQAR",
            }),
        );
    }
    Value::Object(accreditation)
}

/// Annex I integration / stackability and further information, as notes of the offering.
fn notes(rendering: &Rendering<'_>) -> Vec<Value> {
    let content = &rendering.issued.offering.content;
    let ids = &rendering.ids;
    let stackability = &content.stackability;
    let towards = stackability.towards.join(", ");
    let mut stackability_note = note(
        &ids.part("note", "stackability"),
        rendering.text(|lang| {
            let label = stackability.kind.label(lang);
            if towards.is_empty() {
                label.to_owned()
            } else {
                format!("{label}: {towards}")
            }
        }),
    );
    if let Some(note) = stackability_note.as_object_mut() {
        note.insert("subject".into(), concepts::vocabulary(stackability.kind));
    }
    let mut notes = vec![stackability_note];
    let further = &content.further_information;
    if !further.text.is_empty() {
        notes.push(note(
            &ids.part("note", "further-information"),
            language_map(&further.text),
        ));
    }
    notes
}

fn note(id: &str, literal: Value) -> Value {
    json!({ "id": id, "type": "Note", "noteLiteral": literal })
}
