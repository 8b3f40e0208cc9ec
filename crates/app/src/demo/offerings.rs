//! Plans one provider's demo offerings: a document per offering built from the topic tables,
//! validated like any submission, with its publication history (edits, withdrawal) in time.

use model::vocab::{ParticipationMode, ProviderType};
use model::{
    EqfLevel, Offering, OfferingContent, OfferingId, OfferingRules, ProviderId, PublicationStatus,
    Vocabulary,
};
use rand::RngExt;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use serde_json::{Map, Value, json};
use time::{Duration, OffsetDateTime};

use super::profiles::{HANDS_ON_FIELDS, mode_phrase, profile};
use super::providers::DemoProvider;
use super::topics::{
    ADVANCED_PATTERNS, GENERIC_OUTCOMES, PATTERNS, SHOWCASE, TOPICS, Topic, language_index,
};
use super::{DEMO_END, DEMO_START, at};
use crate::error::{AppError, AppResult};

/// An offering as first stored, its later versions, and when it was withdrawn (if it was).
pub(super) struct Plan {
    pub first: Offering,
    pub edits: Vec<Offering>,
    pub withdrawn_at: Option<OffsetDateTime>,
}

/// A UUID-shaped ESCO skill IRI derived from a number (the demo's skills are placeholders in
/// ESCO's format, not looked up in ESCO).
fn esco_iri(seed: u64) -> String {
    let mix = |mut value: u64| {
        value = value.wrapping_add(0x9e37_79b9_7f4a_7c15);
        value = (value ^ (value >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        value = (value ^ (value >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        value ^ (value >> 31)
    };
    let (high, low) = (mix(seed), mix(seed ^ 0xa5a5_a5a5));
    format!(
        "http://data.europa.eu/esco/skill/{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xfff,
        0x8000 | (low >> 48) & 0x3fff,
        low & 0xffff_ffff_ffff
    )
}

/// Multilingual text in the provider's languages from a four-language table row.
fn texts(languages: &[&str], row: impl Fn(usize) -> String) -> Value {
    let map: Map<String, Value> = languages
        .iter()
        .filter_map(|lang| {
            language_index(lang).map(|index| ((*lang).to_owned(), row(index).into()))
        })
        .collect();
    Value::Object(map)
}

/// Languages of instruction: the provider's own language, sometimes with English, or English only.
fn instruction_languages(
    provider: &DemoProvider,
    index: usize,
    higher_education: bool,
) -> Vec<&'static str> {
    let own = match provider.country {
        "FI" => "fi",
        "EE" => "et",
        "PT" => "pt",
        _ => provider.languages.first().copied().unwrap_or("en"),
    };
    match index % 5 {
        _ if own == "en" => vec!["en"],
        1 => vec![own, "en"],
        3 if higher_education => vec!["en"],
        _ => vec![own],
    }
}

pub(super) fn plan(
    provider: &DemoProvider,
    schemes: &[String],
    rng: &mut StdRng,
) -> AppResult<Vec<Plan>> {
    let profile = profile(provider.kind);
    let higher_education = matches!(
        provider.kind,
        ProviderType::University | ProviderType::UniversityCollege
    );
    let mut topics: Vec<(usize, &Topic)> = TOPICS
        .iter()
        .enumerate()
        .filter(|(_, topic)| provider.fields.contains(&topic.isced))
        .collect();
    topics.shuffle(rng);
    let showcase = showcase_first(provider, &mut topics)?;
    if topics.is_empty() {
        return Err(AppError::InvalidState(format!(
            "demo provider {} has no topics",
            provider.slug
        )));
    }
    let provider_id = ProviderId::parse(provider.slug).map_err(AppError::InvalidState)?;
    let rules = OfferingRules {
        funding_schemes: schemes,
    };
    let first_day = (provider.joined + Duration::days(21)).max(DEMO_START);
    let span = (DEMO_END - first_day).whole_days().max(1);
    let count = provider.offerings;
    let mut plans = Vec::with_capacity(count);
    let pattern_start = rng.random_range(0..profile.patterns.len());
    for index in 0..count {
        let (topic_index, topic) = topics[index % topics.len()];
        // Stepping through the patterns (from a random start) gives every provider varied titles.
        let pattern = showcase
            .get(index)
            .copied()
            .unwrap_or(profile.patterns[(index * 3 + pattern_start) % profile.patterns.len()]);
        let mut mode = profile.modes[rng.random_range(0..profile.modes.len())];
        if mode == ParticipationMode::Online && HANDS_ON_FIELDS.contains(&topic.isced) {
            mode = ParticipationMode::Blended;
        }
        let (mode_texts, assessment) = mode_phrase(mode);
        // Cycling through the profile's range makes sure every level appears.
        let levels = profile.eqf.1 - profile.eqf.0 + 1;
        let eqf = if profile.not_applicable && index % 4 == 3 {
            EqfLevel::NotApplicable
        } else {
            EqfLevel::Level(profile.eqf.0 + (index as u8 + rng.random_range(0..2)) % levels)
        };
        let title = texts(provider.languages, |lang| {
            PATTERNS[pattern][lang].replace("{}", topic.name(lang))
        });
        let summary = texts(provider.languages, |lang| {
            let (name, mode, audience) =
                (topic.name(lang), mode_texts[lang], profile.audience[lang]);
            match lang {
                0 => format!("Praktijkgerichte opleiding over {name}, {mode}. Voor {audience}."),
                2 => format!(
                    "Formation pratique consacrée au thème « {name} », {mode}. Public : {audience}."
                ),
                3 => format!(
                    "Praxisnahe Weiterbildung zum Thema „{name}“, {mode}. Zielgruppe: {audience}."
                ),
                _ => format!("Hands-on training in {name}, {mode}. For {audience}."),
            }
        });
        let mut specific = json!({"en": topic.outcome_en});
        if provider.languages.contains(&"nl") {
            specific["nl"] = topic.outcome_nl.into();
        }
        let generic = rng.random_range(0..GENERIC_OUTCOMES.len());
        let outcomes = json!([
            {"text": specific, "esco_skills": [esco_iri(topic_index as u64 + 1)]},
            {"text": texts(provider.languages, |lang| GENERIC_OUTCOMES[generic][lang].to_owned()), "esco_skills": [esco_iri(1_000 + generic as u64)]},
        ]);
        let workload = if profile.hours_only && rng.random_range(0..2) == 0 {
            let hours = [8, 16, 24, 32, 40, 60, 80, 120][rng.random_range(0..8)];
            json!({ "hours": hours })
        } else {
            let ects: f64 = [1.0, 1.5, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0, 6.0, 9.0, 12.0, 15.0]
                [rng.random_range(0..12)];
            json!({"ects": ects, "hours": (ects * 26.0).round() as u32})
        };
        let mut level = json!({"eqf": eqf});
        if let (true, Some(number)) = (higher_education, eqf.number()) {
            level["qf_ehea_cycle"] = ["short", "short", "first", "second", "third"]
                [usize::from(number.clamp(4, 8) - 4)]
            .into();
        }
        let published_day = first_day
            + Duration::days(
                span * (index as i64 * 100 + rng.random_range(0..100)) / (count as i64 * 100),
            );
        let start = published_day + Duration::days(rng.random_range(14..90));
        let mut funding: Vec<&str> = provider.funding.to_vec();
        funding.shuffle(rng);
        funding.truncate(rng.random_range(0..=2));
        let price = if profile.price.1 == 0 {
            0
        } else {
            rng.random_range(profile.price.0..=profile.price.1) / 5 * 5
        };
        let supervision = match mode {
            ParticipationMode::Online if index % 3 == 0 => "unsupervised_no_id_check",
            ParticipationMode::Online | ParticipationMode::Blended => "supervised_online",
            ParticipationMode::OnSite => "on_site_id_check",
            ParticipationMode::WorkBased => "supervised_no_id_check",
        };
        let mut awarding_bodies = vec![provider.slug];
        if let (Some(partner), 2) = (provider.partner, index % 5) {
            awarding_bodies.push(partner);
        }
        let mut document = json!({
            "title": title,
            "summary": summary,
            "awarding_bodies": awarding_bodies,
            "learning_outcomes": outcomes,
            "workload": workload,
            "level": level,
            "assessment": {"types": assessment, "description": texts(provider.languages, |lang| ["Eindopdracht, beoordeeld door twee lesgevers.", "Final assignment, assessed by two trainers.", "Travail final évalué par deux formateurs.", "Abschlussarbeit, von zwei Lehrenden bewertet."][lang].to_owned())},
            "participation": {"mode": mode.code(), "setting": if profile.formal { "formal" } else { "non_formal" }},
            "quality_assurance": {"type": provider.qa.kind, "body": provider.qa.body},
            "supervision": supervision,
            "isced_field": topic.isced,
            "languages": instruction_languages(provider, index, higher_education),
            "start_date": start.to_string(),
            "end_date": (start + Duration::weeks(rng.random_range(2..16))).to_string(),
            "price": {"amount": price, "currency": "EUR"},
            "pilot_project": rng.random_range(0..6) == 0,
            "funding_schemes": funding,
            "further_information": {"links": [format!("https://www.{}.example/aanbod/{}", provider.slug, index + 1)]},
        });
        if ADVANCED_PATTERNS.contains(&pattern) || eqf.number().is_some_and(|level| level >= 6) {
            document["prerequisites"] = texts(provider.languages, |lang| {
                let name = topic.name(lang);
                match lang {
                    0 => format!("Basiskennis van {name} of een relevante vooropleiding."),
                    2 => format!(
                        "Connaissances de base en {name} ou formation préalable pertinente."
                    ),
                    3 => format!("Grundkenntnisse in {name} oder eine einschlägige Vorbildung."),
                    _ => format!("Basic knowledge of {name} or relevant prior education."),
                }
            });
        }
        if index % 4 == 1 {
            let towards = if higher_education {
                [
                    "Postgraduaat {}",
                    "Postgraduate certificate in {}",
                    "Certificat universitaire : {}",
                    "Hochschulzertifikat {}",
                ]
            } else {
                [
                    "Beroepskwalificatie {}",
                    "Occupational qualification in {}",
                    "Qualification professionnelle : {}",
                    "Berufsqualifikation {}",
                ]
            };
            let lang = provider
                .languages
                .first()
                .and_then(|lang| language_index(lang))
                .unwrap_or(1);
            document["stackability"] = json!({"kind": "stackable", "towards": [towards[lang].replace("{}", topic.name(lang))]});
        }
        plans.push(history(
            provider,
            &provider_id,
            &rules,
            document,
            published_day,
            (index, index < showcase.len()),
            rng,
        )?);
    }
    Ok(plans)
}

/// Moves the provider's showcase topics (`SHOWCASE`) to the front of its shuffled topics and
/// returns their title patterns, in that order.
fn showcase_first(
    provider: &DemoProvider,
    topics: &mut [(usize, &Topic)],
) -> AppResult<Vec<usize>> {
    let mut patterns = Vec::new();
    for (slug, name, pattern) in SHOWCASE {
        if *slug != provider.slug {
            continue;
        }
        let at = topics
            .iter()
            .position(|(_, topic)| topic.nl == *name)
            .ok_or_else(|| {
                AppError::InvalidState(format!("showcase topic {name} is not one of {slug}'s"))
            })?;
        topics[patterns.len()..=at].rotate_right(1);
        patterns.push(*pattern);
    }
    Ok(patterns)
}

/// Gives a planned document its life in the register: created, published (or left a draft),
/// sometimes edited into new versions, sometimes withdrawn. A showcase offering is always
/// published and never withdrawn.
fn history(
    provider: &DemoProvider,
    provider_id: &ProviderId,
    rules: &OfferingRules<'_>,
    mut document: Value,
    published_day: time::Date,
    (index, showcase): (usize, bool),
    rng: &mut StdRng,
) -> AppResult<Plan> {
    let id = OfferingId::parse(&format!(
        "of-{:012x}",
        rng.random::<u64>() & 0xffff_ffff_ffff
    ))
    .map_err(AppError::InvalidState)?;
    let published_at = at(
        published_day,
        rng.random_range(8..17),
        rng.random_range(0..60),
    );
    let created_at = published_at
        - Duration::days(rng.random_range(7..60))
        - Duration::minutes(rng.random_range(0..600));
    // The RNG is drawn from whether or not the outcome is used, so showcase offerings do not
    // change what the others draw.
    let draft = !provider.published || (rng.random_range(0..100) < 6 && !showcase);
    let content = OfferingContent::from_json(&document, rules)?;
    let first = Offering {
        id,
        provider_id: provider_id.clone(),
        status: if draft {
            PublicationStatus::Draft
        } else {
            PublicationStatus::Published
        },
        version: 1,
        created_at,
        updated_at: created_at,
        published_at: (!draft).then_some(published_at),
        withdrawn_at: None,
        content,
    };
    let mut plan = Plan {
        first,
        edits: Vec::new(),
        withdrawn_at: None,
    };
    if draft {
        return Ok(plan);
    }
    let end = at(DEMO_END, 18, 0);
    if rng.random_range(0..100) < 9 && !showcase {
        let withdrawn_at = published_at + Duration::days(rng.random_range(180..720));
        plan.withdrawn_at = (withdrawn_at < end).then_some(withdrawn_at);
    }
    let edits = match rng.random_range(0..100) {
        0..14 => 1,
        14..20 => 2,
        _ => 0,
    };
    let mut saved_at = published_at;
    for edit in 1..=edits {
        saved_at += Duration::days(rng.random_range(45..300));
        if saved_at >= plan.withdrawn_at.unwrap_or(end) {
            break;
        }
        revise(&mut document, edit, index);
        let mut next = plan.edits.last().unwrap_or(&plan.first).clone();
        next.version += 1;
        next.updated_at = saved_at;
        next.content = OfferingContent::from_json(&document, rules)?;
        plan.edits.push(next);
    }
    Ok(plan)
}

/// An edit a provider typically makes after publishing: a new run with a new price, or a
/// changed workload with an extra learning outcome.
fn revise(document: &mut Value, edit: usize, index: usize) {
    if edit == 1 {
        for key in ["start_date", "end_date"] {
            if let Some(date) = document[key].as_str().and_then(|text| {
                time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE).ok()
            }) {
                document[key] = (date + Duration::weeks(52)).to_string().into();
            }
        }
        let price = document["price"]["amount"].as_u64().unwrap_or(0);
        document["price"]["amount"] = (price + 20 + price / 10).into();
    } else {
        let hours = document["workload"]["hours"].as_u64().unwrap_or(24);
        document["workload"]["hours"] = (hours + 8).into();
        if let Some(outcomes) = document["learning_outcomes"].as_array_mut() {
            let extra = GENERIC_OUTCOMES[(index + 1) % GENERIC_OUTCOMES.len()];
            outcomes.push(json!({"text": {"en": extra[1]}}));
        }
    }
}
