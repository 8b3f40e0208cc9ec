//! The microcred domain: providers, offerings and their Annex I elements, the controlled
//! vocabularies, and the rules every submitted document must satisfy.
//!
//! Pure: no IO, no clock, no randomness. Everything here is deterministic and testable alone.

pub mod account;
pub mod country;
pub mod credential;
pub mod display;
pub mod error;
pub mod ids;
pub mod isced;
pub mod lang;
pub mod learning;
pub mod offering;
mod offering_rules;
pub mod pathway;
pub mod provider;
pub mod reader;
pub mod recognition;
pub mod records;
pub mod sample;
pub mod search;
pub mod statistics;
pub mod strict_json;
pub mod vocab;

pub use account::{Account, EmailAddress};
pub use credential::{
    AssessmentOutcome, AssessmentRoute, Grade, IssuedMicroCredential, LearnerIdentity, LearnerName,
    StatusEntry, StatusPurpose,
};
pub use error::{ElementError, ValidationErrors, ViolationCode};
pub use ids::{
    AccountId, AssessmentId, CredentialId, EnrolmentId, ImportJobId, OfferingId, ProviderId,
    TokenId,
};
pub use lang::{LangText, UiLang};
pub use learning::{
    Assessment, CredentialRecord, Enrolment, EnrolmentFunding, ImportJob, ImportKind,
    ImportProblem, ImportState, StatusChange, StatusSlot,
};
pub use offering::{EqfLevel, OfferingContent, OfferingRules};
pub use provider::ProviderContent;
pub use records::{
    ApiToken, Offering, OfferingQuery, OfferingVersion, Provider, Role, SearchPage, SharedOffering,
    SortOrder,
};
pub use vocab::{CredentialState, EmploymentStatus, PublicationStatus, Vocabulary};

/// A funding scheme a register can configure (paid training leave, training vouchers, …).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct FundingScheme {
    pub code: String,
    pub name: LangText,
}

/// The schemes a new register starts with (Flemish and European ones).
pub fn default_funding_schemes() -> Vec<FundingScheme> {
    let scheme = |code: &str, nl: &str, en: &str| FundingScheme {
        code: code.to_owned(),
        name: LangText::one("nl", nl).with("en", en),
    };
    vec![
        scheme(
            "vlaams_opleidingsverlof",
            "Vlaams opleidingsverlof (VOV)",
            "Flemish paid training leave",
        ),
        scheme(
            "opleidingscheques",
            "Opleidingscheques voor werknemers",
            "Training vouchers for employees",
        ),
        scheme("kmo_portefeuille", "KMO-portefeuille", "SME wallet"),
        scheme(
            "vlaamse_opleidingsincentives",
            "Vlaamse opleidingsincentives",
            "Flemish training incentives",
        ),
        scheme(
            "individuele_leerrekening",
            "Individuele leerrekening",
            "Individual learning account",
        ),
        scheme(
            "esf_plus",
            "Europees Sociaal Fonds+ (ESF+)",
            "European Social Fund Plus (ESF+)",
        ),
    ]
}

#[cfg(test)]
mod offering_tests;
#[cfg(test)]
mod provider_tests;
