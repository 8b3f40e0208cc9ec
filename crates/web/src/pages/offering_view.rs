//! An offering as pages show it: every element turned into labelled text in the reader's
//! language, computed here so templates only lay it out.

use std::collections::HashMap;

use app::Principal;
use model::offering::EqfLevel;
use model::{
    FundingScheme, Offering, OfferingContent, Provider, PublicationStatus, UiLang, Vocabulary,
};

use super::format::{self, Link, Localised};
use super::i18n::Text;
use crate::SharedState;

/// The providers and funding schemes a page refers to, looked up once per request.
pub struct Directory {
    providers: HashMap<String, Provider>,
    schemes: Vec<FundingScheme>,
}

impl Directory {
    pub async fn load(
        state: &SharedState,
        viewer: Option<&Principal>,
    ) -> app::AppResult<Directory> {
        let providers = state
            .app
            .providers(viewer)
            .await?
            .into_iter()
            .map(|provider| (provider.id.as_str().to_owned(), provider))
            .collect();
        Ok(Directory {
            providers,
            schemes: state.app.funding_schemes().await?,
        })
    }

    pub fn providers(&self) -> impl Iterator<Item = &Provider> {
        self.providers.values()
    }

    pub fn provider(&self, id: &str) -> Option<&Provider> {
        self.providers.get(id)
    }

    pub fn schemes(&self) -> &[FundingScheme] {
        &self.schemes
    }

    /// A provider's name in the reader's language (its id if it is not visible to the reader).
    pub fn provider_name(&self, id: &str, lang: UiLang) -> String {
        self.providers.get(id).map_or_else(
            || id.to_owned(),
            |provider| provider.content.legal_name.best(lang).to_owned(),
        )
    }

    pub fn scheme_name(&self, code: &str, lang: UiLang) -> String {
        self.schemes
            .iter()
            .find(|scheme| scheme.code == code)
            .map_or_else(
                || code.to_owned(),
                |scheme| scheme.name.best(lang).to_owned(),
            )
    }
}

/// `België — Provincie Oost-Vlaanderen`.
pub fn place(provider: &Provider, lang: UiLang) -> String {
    let country = model::country::country_name(&provider.content.country, lang);
    // Some countries are one NUTS region (EE00 is "Estonia"): saying it twice adds nothing.
    match provider
        .content
        .region
        .as_deref()
        .map(|region| model::country::region_name(region, lang))
    {
        Some(region) if region != country => format!("{country} — {region}"),
        _ => country.to_owned(),
    }
}

/// `061 Informatie- en communicatietechnologie (ICT)`.
pub fn isced_label(code: &str, lang: UiLang) -> String {
    model::isced::isced_field(code).map_or_else(
        || code.to_owned(),
        |field| format!("{} {}", field.code, field.label(lang)),
    )
}

pub fn language_names(codes: &[String], lang: UiLang) -> Vec<String> {
    codes
        .iter()
        .map(|code| model::lang::language_name(code, lang).to_owned())
        .collect()
}

/// A status badge, shown for anything that is not simply published.
#[derive(Debug, Clone)]
pub struct Badge {
    pub code: &'static str,
    pub label: &'static str,
}

pub fn status_badge(status: PublicationStatus, lang: UiLang) -> Option<Badge> {
    (status != PublicationStatus::Published).then(|| Badge {
        code: status.code(),
        label: status.label(lang),
    })
}

#[derive(Debug, Clone)]
pub struct OutcomeView {
    pub text: Localised,
    pub skills: Vec<Link>,
}

/// ESCO IRIs end in a UUID; its first block is enough to tell skills apart on a page.
/// A link to an ESCO skill. The register holds skills by IRI only (ESCO's names are not
/// bundled, and nothing is fetched), so the link says which skill of the outcome it is rather
/// than showing a meaningless fragment of its identifier; the IRI opens ESCO's own page.
fn skill_link(iri: &str, number: usize, t: &Text) -> Link {
    Link {
        href: iri.to_owned(),
        text: t.esco_skill_n.replace("{n}", &number.to_string()),
    }
}

/// Every element of an offering, labelled.
#[derive(Debug, Clone)]
pub struct OfferingView {
    pub title: Localised,
    pub summary: Localised,
    pub awarding_bodies: Vec<Link>,
    pub issuer_place: String,
    pub outcomes: Vec<OutcomeView>,
    pub workload: String,
    pub eqf: String,
    pub eqf_iri: Option<String>,
    pub qf_ehea: Option<&'static str>,
    pub national_level: Option<String>,
    pub assessment_types: Vec<&'static str>,
    pub assessment_description: Localised,
    pub mode: &'static str,
    pub setting: &'static str,
    pub qa_type: &'static str,
    pub qa_body: String,
    pub qa_deqar: Option<String>,
    pub qa_report: Option<String>,
    pub prerequisites: Localised,
    pub supervision: Option<&'static str>,
    pub stackability: &'static str,
    pub stacks_towards: Vec<String>,
    pub further_text: Localised,
    pub further_links: Vec<String>,
    pub isced: String,
    pub isced_broad: String,
    pub languages: Vec<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub price: Option<String>,
    pub pilot: bool,
    pub funding_schemes: Vec<String>,
}

impl OfferingView {
    pub fn new(
        content: &OfferingContent,
        owner: &str,
        directory: &Directory,
        t: &Text,
        lang: UiLang,
    ) -> OfferingView {
        let field = model::isced::isced_field(&content.isced_field);
        OfferingView {
            title: Localised::of(&content.title, lang),
            summary: Localised::of(&content.summary, lang),
            awarding_bodies: content
                .awarding_bodies
                .iter()
                .map(|id| Link {
                    href: format!("/providers/{id}"),
                    text: directory.provider_name(id.as_str(), lang),
                })
                .collect(),
            issuer_place: directory
                .provider(owner)
                .map(|provider| place(provider, lang))
                .unwrap_or_default(),
            outcomes: content
                .learning_outcomes
                .iter()
                .map(|outcome| OutcomeView {
                    text: Localised::of(&outcome.text, lang),
                    skills: outcome
                        .esco_skills
                        .iter()
                        .enumerate()
                        .map(|(index, iri)| skill_link(iri, index + 1, t))
                        .collect(),
                })
                .collect(),
            workload: format::workload(&content.workload, t, lang),
            eqf: format::eqf(content.level.eqf, t),
            eqf_iri: match content.level.eqf {
                EqfLevel::Level(level) => Some(model::vocab::eqf_iri(level)),
                EqfLevel::NotApplicable => None,
            },
            qf_ehea: content.level.qf_ehea_cycle.map(|cycle| cycle.label(lang)),
            national_level: content.level.national_level.clone(),
            assessment_types: content
                .assessment
                .types
                .iter()
                .map(|kind| kind.label(lang))
                .collect(),
            assessment_description: Localised::of(&content.assessment.description, lang),
            mode: content.participation.mode.label(lang),
            setting: content.participation.setting.label(lang),
            qa_type: content.quality_assurance.qa_type.label(lang),
            qa_body: content.quality_assurance.body.clone(),
            qa_deqar: content.quality_assurance.deqar_id.clone(),
            qa_report: content.quality_assurance.report_url.clone(),
            prerequisites: Localised::of(&content.prerequisites, lang),
            supervision: content
                .supervision
                .map(|supervision| supervision.label(lang)),
            stackability: content.stackability.kind.label(lang),
            stacks_towards: content.stackability.towards.clone(),
            further_text: Localised::of(&content.further_information.text, lang),
            further_links: content.further_information.links.clone(),
            isced: isced_label(&content.isced_field, lang),
            // The broad field only when it adds something (061 and 06 are both "ICT").
            isced_broad: field
                .and_then(|field| {
                    model::isced::isced_field(field.broad_code())
                        .filter(|broad| broad.label(lang) != field.label(lang))
                })
                .map(|broad| format!("{} {}", broad.code, broad.label(lang)))
                .unwrap_or_default(),
            languages: language_names(&content.languages, lang),
            start_date: content.start_date.map(|date| format::date(date, lang)),
            end_date: content.end_date.map(|date| format::date(date, lang)),
            price: content
                .price
                .as_ref()
                .map(|price| format::price(price, lang)),
            pilot: content.pilot_project,
            funding_schemes: content
                .funding_schemes
                .iter()
                .map(|code| directory.scheme_name(code, lang))
                .collect(),
        }
    }
}

/// An offering in a list of results.
#[derive(Debug, Clone)]
pub struct OfferingCard {
    pub href: String,
    pub title: Localised,
    pub summary: Localised,
    pub provider: Link,
    pub eqf: String,
    pub workload: String,
    pub mode: &'static str,
    pub languages: String,
    pub pilot: bool,
    pub badge: Option<Badge>,
}

impl OfferingCard {
    pub fn new(offering: &Offering, directory: &Directory, t: &Text, lang: UiLang) -> OfferingCard {
        let content = &offering.content;
        OfferingCard {
            href: format!("/offerings/{}", offering.id),
            title: Localised::of(&content.title, lang),
            summary: Localised::of(&content.summary, lang),
            provider: Link {
                href: format!("/providers/{}", offering.provider_id),
                text: directory.provider_name(offering.provider_id.as_str(), lang),
            },
            eqf: match content.level.eqf {
                EqfLevel::Level(level) => format!("EQF {level}"),
                EqfLevel::NotApplicable => {
                    format!("{}: {}", t.el_eqf, t.eqf_not_applicable.to_lowercase())
                }
            },
            workload: format::workload(&content.workload, t, lang),
            mode: content.participation.mode.label(lang),
            languages: language_names(&content.languages, lang).join(", "),
            pilot: content.pilot_project,
            badge: status_badge(offering.status, lang),
        }
    }
}
