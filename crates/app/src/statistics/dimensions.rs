//! What a counted record is broken down and filtered by: its offering and the offering's
//! provider (type, country, region), read once per overview.

use std::collections::HashMap;

use model::vocab::{LearningSetting, ParticipationMode, ProviderType};
use model::{OfferingId, ProviderId, UiLang, Vocabulary};
use store::OfferingFacts;

use super::query::Filters;

/// A provider as the statistics describe it.
#[derive(Debug, Clone)]
pub struct ProviderFacts {
    pub name: model::LangText,
    pub provider_type: ProviderType,
    pub country: String,
    pub region: Option<String>,
}

/// The offerings and providers of the register (or of one provider).
pub struct Dimensions {
    pub offerings: HashMap<OfferingId, OfferingFacts>,
    pub providers: HashMap<ProviderId, ProviderFacts>,
}

/// The breakdowns every overview of people offers (each overview adds its own).
pub const OFFERING_BREAKDOWNS: &[&str] = &[
    "total",
    "provider",
    "provider_type",
    "country",
    "offering",
    "field",
    "eqf",
    "mode",
    "setting",
];

impl Dimensions {
    pub fn provider_of(&self, offering: &OfferingFacts) -> Option<&ProviderFacts> {
        self.providers.get(&offering.provider_id)
    }

    /// Whether records of `offering` count under `filters`.
    pub fn admits(&self, offering: &OfferingFacts, filters: &Filters) -> bool {
        let Some(provider) = self.provider_of(offering) else {
            return false;
        };
        filters
            .provider
            .as_ref()
            .is_none_or(|id| offering.provider_id.as_str() == id)
            && (filters.provider_type.is_empty()
                || filters.provider_type.contains(&provider.provider_type))
            && filters
                .country
                .as_ref()
                .is_none_or(|country| &provider.country == country)
            && filters.region.as_ref().is_none_or(|region| {
                provider
                    .region
                    .as_ref()
                    .is_some_and(|own| own.starts_with(region.as_str()))
            })
            && filters
                .field
                .as_ref()
                .is_none_or(|field| offering.isced_field.starts_with(field.as_str()))
            && filters.eqf.is_none_or(|level| offering.eqf == Some(level))
            && filters.mode.is_none_or(|mode| offering.mode == mode.code())
            && filters
                .setting
                .is_none_or(|setting| offering.setting == setting.code())
            && filters
                .funding_scheme
                .as_ref()
                .is_none_or(|scheme| offering.funding_schemes.contains(scheme))
            && filters.pilot.is_none_or(|pilot| offering.pilot == pilot)
    }

    /// The category of `offering` in an offering breakdown: its stable key and its label.
    /// `None` for a breakdown that is not about offerings.
    pub fn category(
        &self,
        by: &str,
        offering: &OfferingFacts,
        lang: UiLang,
    ) -> Option<(String, String)> {
        let provider = self.provider_of(offering);
        Some(match by {
            "total" => ("all".to_owned(), all_label(lang).to_owned()),
            "provider" => (
                offering.provider_id.to_string(),
                provider.map_or_else(
                    || offering.provider_id.to_string(),
                    |p| p.name.best(lang).to_owned(),
                ),
            ),
            "provider_type" => {
                let kind = provider.map(|p| p.provider_type)?;
                (kind.code().to_owned(), kind.label(lang).to_owned())
            }
            "country" => {
                let country = provider.map(|p| p.country.clone())?;
                (country.clone(), country)
            }
            "offering" => (offering.id.to_string(), offering.id.to_string()),
            "field" => {
                let broad: String = offering.isced_field.chars().take(2).collect();
                let label = model::isced::ISCED_FIELDS
                    .iter()
                    .find(|field| field.code == broad)
                    .map_or_else(|| broad.clone(), |field| field.label(lang).to_owned());
                (broad, label)
            }
            "eqf" => match offering.eqf {
                Some(level) => (level.to_string(), format!("EQF {level}")),
                None => ("none".to_owned(), none_label(lang).to_owned()),
            },
            "mode" => {
                let label = ParticipationMode::from_code(&offering.mode)
                    .map_or_else(|| offering.mode.clone(), |mode| mode.label(lang).to_owned());
                (offering.mode.clone(), label)
            }
            "setting" => {
                let label = LearningSetting::from_code(&offering.setting).map_or_else(
                    || offering.setting.clone(),
                    |setting| setting.label(lang).to_owned(),
                );
                (offering.setting.clone(), label)
            }
            _ => return None,
        })
    }
}

pub fn all_label(lang: UiLang) -> &'static str {
    if lang == UiLang::Nl { "alle" } else { "all" }
}

pub fn none_label(lang: UiLang) -> &'static str {
    if lang == UiLang::Nl { "geen" } else { "none" }
}
