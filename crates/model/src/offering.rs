//! Offerings: a micro-credential as published in the catalogue, carrying every Annex I element
//! that belongs to an offering. The rules a submitted offering must satisfy are in
//! `offering_rules`.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::Date;

use crate::ids::ProviderId;
use crate::lang::LangText;
use crate::vocab::{
    AssessmentType, LearningSetting, ParticipationMode, QfEheaCycle, QualityAssuranceType,
    Stackability, Supervision,
};

pub use crate::offering_rules::{OFFERING_READ_ONLY, OfferingRules, read_quality_assurance};

/// ECTS above this is not a micro-credential (a full bachelor year is 60).
pub const MAX_ECTS: f64 = 60.0;
pub const MAX_HOURS: u32 = 2_000;

/// Every Annex I element of an offering, plus the catalogue's own elements. Validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OfferingContent {
    /// Annex I: title, in one or more languages.
    pub title: LangText,
    /// A short description for the catalogue.
    #[serde(default)]
    pub summary: LangText,
    /// Annex I: awarding body or bodies (provider ids); the publishing provider comes first.
    pub awarding_bodies: Vec<ProviderId>,
    /// Annex I: learning outcomes.
    pub learning_outcomes: Vec<LearningOutcome>,
    /// Annex I: notional workload.
    pub workload: Workload,
    /// Annex I: level (and cycle).
    pub level: Level,
    /// Annex I: type of assessment.
    pub assessment: Assessment,
    /// Annex I: form of participation.
    pub participation: Participation,
    /// Annex I: type of quality assurance.
    pub quality_assurance: QualityAssurance,
    /// Annex I (optional): prerequisites.
    #[serde(default)]
    pub prerequisites: LangText,
    /// Annex I (optional): supervision and identity verification (the default; actual per assessment).
    #[serde(default)]
    pub supervision: Option<Supervision>,
    /// Annex I (optional): integration / stackability.
    pub stackability: StackabilityInfo,
    /// Annex I (optional): further information.
    #[serde(default)]
    pub further_information: FurtherInformation,
    /// ISCED-F 2013 narrow field (three digits).
    pub isced_field: String,
    /// Languages of instruction (ISO 639-1).
    pub languages: Vec<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub start_date: Option<Date>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub end_date: Option<Date>,
    #[serde(default)]
    pub price: Option<Price>,
    /// Part of a pilot project.
    #[serde(default)]
    pub pilot_project: bool,
    /// Codes of the funding schemes the offering is eligible for.
    #[serde(default)]
    pub funding_schemes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LearningOutcome {
    pub text: LangText,
    /// ESCO skill IRIs (`http://data.europa.eu/esco/skill/…`).
    #[serde(default)]
    pub esco_skills: Vec<String>,
}

/// ECTS where possible, otherwise hours; both allowed, at least one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Workload {
    #[serde(default)]
    pub ects: Option<f64>,
    #[serde(default)]
    pub hours: Option<u32>,
}

/// EQF level 1–8 or not applicable, with optional QF-EHEA cycle and national level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Level {
    pub eqf: EqfLevel,
    #[serde(default)]
    pub qf_ehea_cycle: Option<QfEheaCycle>,
    #[serde(default)]
    pub national_level: Option<String>,
}

/// An EQF level (1–8), written as a number, or `"not_applicable"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[schemars(with = "serde_json::Value")]
pub enum EqfLevel {
    Level(u8),
    NotApplicable,
}

impl EqfLevel {
    pub fn number(self) -> Option<u8> {
        match self {
            EqfLevel::Level(level) => Some(level),
            EqfLevel::NotApplicable => None,
        }
    }
}

impl Serialize for EqfLevel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            EqfLevel::Level(level) => serializer.serialize_u8(*level),
            EqfLevel::NotApplicable => serializer.serialize_str("not_applicable"),
        }
    }
}

impl<'de> Deserialize<'de> for EqfLevel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) if text == "not_applicable" => Ok(EqfLevel::NotApplicable),
            Value::Number(number) => match number.as_u64() {
                Some(level @ 1..=8) => Ok(EqfLevel::Level(level as u8)),
                _ => Err(serde::de::Error::custom("EQF level must be 1–8")),
            },
            _ => Err(serde::de::Error::custom(
                "EQF level must be 1–8 or \"not_applicable\"",
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assessment {
    pub types: Vec<AssessmentType>,
    #[serde(default)]
    pub description: LangText,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Participation {
    pub mode: ParticipationMode,
    pub setting: LearningSetting,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QualityAssurance {
    #[serde(rename = "type")]
    pub qa_type: QualityAssuranceType,
    /// The body that assures quality (e.g. NVAO, the provider's own QA office).
    pub body: String,
    /// DEQAR identifier of the report or institution, where there is one.
    #[serde(default)]
    pub deqar_id: Option<String>,
    #[serde(default)]
    pub report_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StackabilityInfo {
    pub kind: Stackability,
    /// Names of the credentials or pathways the offering stacks towards.
    #[serde(default)]
    pub towards: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FurtherInformation {
    #[serde(default)]
    pub text: LangText,
    #[serde(default)]
    pub links: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Price {
    pub amount: f64,
    /// ISO 4217 currency code.
    pub currency: String,
}
