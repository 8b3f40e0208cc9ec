//! The demo register: fictional but realistic providers and offerings with five years of
//! history, generated deterministically (a fixed-seed RNG, no clock) and validated like any
//! submitted document, so `serve --demo` shows a populated catalogue.

mod flanders;
mod learners;
mod offerings;
mod profiles;
mod providers;
mod recognitions;
mod topics;
mod wallet;

pub use wallet::{DEMO_LEARNER_PASSWORD, DemoLearner};

#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod tests;

use model::{Offering, Provider, ProviderContent, ProviderId, PublicationStatus};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Value, json};
use store::Store;
use time::macros::date;
use time::{Date, Duration, OffsetDateTime};

use crate::App;
use crate::error::{AppError, AppResult};
use providers::DemoProvider;

/// The seed of the demo's RNG: the same seed gives the same register, byte for byte.
const DEMO_SEED: u64 = 0x4d43_2026;
/// The register opened to the public: nothing is published before this day (providers that
/// joined earlier publish from then on).
const DEMO_START: Date = date!(2021 - 01 - 11);
/// Nothing in the demo happens after this day (publications, edits, withdrawals).
const DEMO_END: Date = date!(2026 - 10 - 31);

/// What `seed_demo` stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub providers: usize,
    pub offerings: usize,
    /// Offerings publicly visible now (published, by a published provider).
    pub published: usize,
    pub drafts: usize,
    pub withdrawn: usize,
    /// Saved versions over all offerings (more than `offerings`: some were edited).
    pub versions: usize,
    /// Learners, results and credentials (none when the register has no master key).
    pub learning: learners::LearningSummary,
    /// Recognition decisions of the universities and colleges (with the learners).
    pub recognitions: usize,
}

/// Fills an empty register with the demo providers and offerings. The caller checks that the
/// register is empty; seeding twice fails on the first duplicate provider.
pub async fn seed_demo<S: Store>(app: &App<S>) -> AppResult<DemoSummary> {
    app.ensure_default_funding_schemes().await?;
    let schemes = app.funding_scheme_codes().await?;
    let mut summary = DemoSummary::default();
    for provider in providers::all() {
        let record = provider_record(provider, &schemes)?;
        app.store.insert_provider(&record).await?;
        summary.providers += 1;
    }

    let mut rng = StdRng::seed_from_u64(DEMO_SEED);
    let mut planned = Vec::new();
    for provider in providers::all() {
        for plan in offerings::plan(provider, &schemes, &mut rng)? {
            let own = &plan.first.provider_id;
            app.check_awarding_bodies(own, &plan.first.content.awarding_bodies)
                .await?;
            planned.push(plan);
        }
    }

    let first_versions: Vec<Offering> = planned.iter().map(|plan| plan.first.clone()).collect();
    // One transaction for every first version: a failed demo leaves no half catalogue behind.
    app.store.insert_offerings(&first_versions).await?;
    let mut currents = Vec::with_capacity(planned.len());
    for plan in &planned {
        for edit in &plan.edits {
            app.store.add_offering_version(edit).await?;
        }
        let current = plan.edits.last().unwrap_or(&plan.first);
        if plan.withdrawn_at.is_none() {
            currents.push(current.clone());
        }
        if let Some(withdrawn_at) = plan.withdrawn_at {
            let mut withdrawn = current.clone();
            withdrawn.status = PublicationStatus::Withdrawn;
            withdrawn.withdrawn_at = Some(withdrawn_at);
            app.store.set_offering_status(&withdrawn).await?;
            summary.withdrawn += 1;
        } else if current.status == PublicationStatus::Draft {
            summary.drafts += 1;
        } else if provider_is_published(&current.provider_id) {
            summary.published += 1;
        }
        summary.offerings += 1;
        summary.versions += 1 + plan.edits.len();
    }
    if app.issuing().master_key.is_some() {
        let published: Vec<ProviderId> = providers::all()
            .filter(|provider| provider.published)
            .filter_map(|provider| ProviderId::parse(provider.slug).ok())
            .collect();
        summary.learning = learners::seed(app, &mut rng, &currents, &published).await?;
        summary.recognitions = recognitions::seed(app, &currents).await?;
    } else {
        tracing::warn!("no master key: the demo register gets no learners or credentials");
    }
    Ok(summary)
}

fn provider_is_published(id: &ProviderId) -> bool {
    providers::all().any(|provider| provider.slug == id.as_str() && provider.published)
}

/// A day at a time of day, in UTC.
fn at(day: Date, hour: i64, minute: i64) -> OffsetDateTime {
    (day.midnight() + Duration::hours(hour) + Duration::minutes(minute)).assume_utc()
}

/// The provider's document, as a provider admin would submit it, and its validated record.
fn provider_record(provider: &DemoProvider, schemes: &[String]) -> AppResult<Provider> {
    let id = ProviderId::parse(provider.slug).map_err(AppError::InvalidState)?;
    let mut identifiers: Vec<Value> = Vec::new();
    if provider.enterprise != 0 {
        identifiers.push(json!({
            "scheme": "enterprise_number",
            "value": model::provider::belgian_enterprise_number(provider.enterprise),
        }));
    }
    for (scheme, value) in provider.identifiers {
        identifiers.push(json!({"scheme": scheme, "value": value}));
    }
    let names: serde_json::Map<String, Value> = provider
        .names
        .iter()
        .map(|(lang, name)| ((*lang).to_owned(), Value::from(*name)))
        .collect();
    let mut quality_assurance = json!({"type": provider.qa.kind, "body": provider.qa.body});
    if let Some(deqar) = provider.qa.deqar {
        quality_assurance["deqar_id"] = deqar.into();
        quality_assurance["report_url"] = format!(
            "https://www.{}.example/kwaliteit/rapport.pdf",
            provider.slug
        )
        .into();
    }
    let document = json!({
        "slug": provider.slug,
        "legal_name": names,
        "country": provider.country,
        "region": provider.region,
        "legal_identifiers": identifiers,
        "provider_type": model::Vocabulary::code(provider.kind),
        "quality_assurance": quality_assurance,
        "recognition_policy": recognition_policy(provider),
        "funding_schemes": provider.funding,
        "website": format!("https://www.{}.example/", provider.slug),
        "contact_email": format!("microcredentials@{}.example", provider.slug),
    });
    let mut document = document;
    // Universities, colleges, employers and sector bodies also receive credentials (issue 12).
    let receiving = match provider.kind {
        model::vocab::ProviderType::University | model::vocab::ProviderType::UniversityCollege => {
            Some("higher_education")
        }
        model::vocab::ProviderType::Employer => Some("employer"),
        model::vocab::ProviderType::SectorBody => Some("sector_body"),
        _ => None,
    };
    if let (Some(kind), Some(object)) = (receiving, document.as_object_mut()) {
        object.insert("receiving_organisation".to_owned(), kind.into());
    }
    let content = ProviderContent::from_json(&document, schemes)?;
    let created_at = at(provider.joined, 10, 0);
    Ok(Provider {
        id,
        status: if provider.published {
            PublicationStatus::Published
        } else {
            PublicationStatus::Draft
        },
        created_at,
        // Admins check and publish a new provider within a few days.
        updated_at: if provider.published {
            created_at + Duration::days(3)
        } else {
            created_at
        },
        content,
    })
}

/// A recognition policy in the provider's languages, by kind of provider.
fn recognition_policy(provider: &DemoProvider) -> Value {
    use model::vocab::ProviderType;
    let higher_education = matches!(
        provider.kind,
        ProviderType::University | ProviderType::UniversityCollege
    );
    let texts: [&str; 4] = if higher_education {
        [
            "Wij erkennen microcredentials van instellingen met externe kwaliteitszorg als vrijstelling, na onderzoek van de leerresultaten.",
            "We recognise micro-credentials from externally quality-assured institutions as exemptions, after reviewing their learning outcomes.",
            "Nous reconnaissons les micro-certifications d'établissements soumis à une assurance qualité externe, après examen des acquis.",
            "Wir erkennen Microcredentials extern qualitätsgesicherter Einrichtungen nach Prüfung der Lernergebnisse an.",
        ]
    } else {
        [
            "Eerder verworven competenties en microcredentials van erkende aanbieders tellen mee voor een verkort traject.",
            "Prior learning and micro-credentials from recognised providers count towards a shorter pathway.",
            "Les acquis antérieurs et les micro-certifications de prestataires reconnus raccourcissent le parcours.",
            "Vorkenntnisse und Microcredentials anerkannter Anbieter verkürzen den Lernweg.",
        ]
    };
    let mut policy = serde_json::Map::new();
    for lang in provider.languages {
        if let Some(index) = topics::language_index(lang) {
            policy.insert((*lang).to_owned(), texts[index].into());
        }
    }
    Value::Object(policy)
}
