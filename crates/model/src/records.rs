//! The register's stored entities as the rest of the system sees them: identity, state and
//! history around the validated content.

use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::{OfferingId, ProviderId};
use crate::offering::OfferingContent;
use crate::provider::ProviderContent;
use crate::vocab::{ParticipationMode, PublicationStatus};

/// A provider in the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Provider {
    pub id: ProviderId,
    pub status: PublicationStatus,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub updated_at: OffsetDateTime,
    #[serde(flatten)]
    pub content: ProviderContent,
}

/// The current version of an offering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Offering {
    pub id: OfferingId,
    pub provider_id: ProviderId,
    pub status: PublicationStatus,
    /// Starts at 1; editing a published offering adds a version, older ones stay readable.
    pub version: u32,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    /// When this version was saved.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub updated_at: OffsetDateTime,
    /// When the offering was first published, if ever.
    #[serde(with = "time::serde::rfc3339::option", default)]
    #[schemars(with = "Option<String>")]
    pub published_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    #[schemars(with = "Option<String>")]
    pub withdrawn_at: Option<OffsetDateTime>,
    #[serde(flatten)]
    pub content: OfferingContent,
}

/// One saved version of an offering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OfferingVersion {
    pub offering_id: OfferingId,
    pub version: u32,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub saved_at: OffsetDateTime,
    pub content: OfferingContent,
}

/// How catalogue results are ordered.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Best text match first (newest first without a text query).
    #[default]
    Relevance,
    Newest,
    Title,
}

/// A catalogue search: free text plus filters, all optional, combined with AND.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OfferingQuery {
    pub text: Option<String>,
    pub eqf: Option<u8>,
    pub ects_min: Option<f64>,
    pub ects_max: Option<f64>,
    /// ISCED-F broad (2 digits) or narrow (3 digits) field.
    pub isced_field: Option<String>,
    pub mode: Option<ParticipationMode>,
    pub language: Option<String>,
    pub country: Option<String>,
    /// NUTS code; matches the region and every region inside it.
    pub region: Option<String>,
    pub provider: Option<ProviderId>,
    pub funding_scheme: Option<String>,
    pub pilot: Option<bool>,
    /// Only these offerings (a pathway's, or those an organisation recognises); `Some(empty)`
    /// finds nothing.
    pub offerings: Option<Vec<OfferingId>>,
    /// Only offerings a pathway names (its id); the application turns it into `offerings`.
    pub pathway: Option<String>,
    /// Only offerings an organisation recognises (a live decision about the offering); the
    /// application turns it into `offerings`.
    pub recognised_by: Option<ProviderId>,
    /// Only published offerings of published providers (the public catalogue); otherwise any status.
    pub public_only: bool,
    pub sort: SortOrder,
    pub offset: u32,
    pub limit: u32,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchPage {
    pub total: u64,
    pub items: Vec<SharedOffering>,
}

impl SearchPage {
    /// The page's offerings as owned values.
    pub fn into_offerings(self) -> Vec<Offering> {
        self.items
            .into_iter()
            .map(SharedOffering::into_offering)
            .collect()
    }
}

/// An offering shared by reference between the search's page cache and the pages it serves,
/// with its JSON made once: cloning and serializing twenty offerings per search was a fifth of
/// a search's server time. Reads as an [`Offering`] (`Deref`); never changes once made.
#[derive(Debug, Clone)]
pub struct SharedOffering(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    offering: Offering,
    json: OnceLock<Box<str>>,
}

impl SharedOffering {
    pub fn new(offering: Offering) -> SharedOffering {
        SharedOffering(Arc::new(Shared {
            offering,
            json: OnceLock::new(),
        }))
    }

    /// The offering's JSON, exactly as `serde_json` writes it: made on first use, then kept.
    pub fn json(&self) -> serde_json::Result<&str> {
        if let Some(json) = self.0.json.get() {
            return Ok(json);
        }
        let json = serde_json::to_string(&self.0.offering)?.into_boxed_str();
        Ok(self.0.json.get_or_init(|| json))
    }

    /// The offering itself, copied only if another page or the cache still shares it.
    pub fn into_offering(self) -> Offering {
        match Arc::try_unwrap(self.0) {
            Ok(shared) => shared.offering,
            Err(shared) => shared.offering.clone(),
        }
    }
}

impl std::ops::Deref for SharedOffering {
    type Target = Offering;

    fn deref(&self) -> &Offering {
        &self.0.offering
    }
}

impl PartialEq for SharedOffering {
    fn eq(&self, other: &SharedOffering) -> bool {
        self.0.offering == other.0.offering
    }
}

impl From<Offering> for SharedOffering {
    fn from(offering: Offering) -> SharedOffering {
        SharedOffering::new(offering)
    }
}

impl Serialize for SharedOffering {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.offering.serialize(serializer)
    }
}

/// What an API token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, for every provider.
    PlatformAdmin,
    /// A provider's own data: its record, offerings and staff.
    ProviderAdmin,
    /// A provider's enrolments, assessments and credentials.
    Issuer,
    /// The register's statistics over every provider (a ministry, an agency), and nothing
    /// personal: no learner's name, identifier or individual record.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::PlatformAdmin,
        Role::ProviderAdmin,
        Role::Issuer,
        Role::Analyst,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::ProviderAdmin => "provider_admin",
            Role::Issuer => "issuer",
            Role::Analyst => "analyst",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }
}

/// A stored API token (its secret is kept only as a SHA-256 hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ApiToken {
    pub id: crate::ids::TokenId,
    pub role: Role,
    pub provider_id: Option<ProviderId>,
    pub label: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option", default)]
    #[schemars(with = "Option<String>")]
    pub revoked_at: Option<OffsetDateTime>,
    /// The staff member's account that owns it (none: made by the operator at the machine).
    #[serde(default)]
    pub account_id: Option<crate::ids::AccountId>,
    /// After this it no longer signs in (none: until revoked).
    #[serde(with = "time::serde::rfc3339::option", default)]
    #[schemars(with = "Option<String>")]
    pub expires_at: Option<OffsetDateTime>,
    /// When it was last used (to the nearest ten minutes).
    #[serde(with = "time::serde::rfc3339::option", default)]
    #[schemars(with = "Option<String>")]
    pub last_used_at: Option<OffsetDateTime>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_shared_offering_writes_the_json_of_its_offering_once() {
        let offering = crate::credential::sample::offering().unwrap();
        let shared = SharedOffering::new(offering.clone());
        let copy = shared.clone();
        let expected = serde_json::to_string(&offering).unwrap();
        assert_eq!(shared.json().unwrap(), expected);
        // The copy shares the JSON made for the first, not a JSON of its own.
        assert!(std::ptr::eq(shared.json().unwrap(), copy.json().unwrap()));
        assert_eq!(serde_json::to_string(&copy).unwrap(), expected);
        assert_eq!(copy, shared);
        assert_eq!(copy.into_offering(), offering);
        assert_eq!(shared.into_offering(), offering);
    }
}
