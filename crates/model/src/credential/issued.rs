//! The bundle a micro-credential is rendered from: everything the credential states, gathered
//! and checked together before the credential engine turns it into JSON-LD and signs it.

use time::OffsetDateTime;

use super::{AssessmentOutcome, LearnerIdentity};
use crate::error::{ValidationErrors, ViolationCode};
use crate::reader::{Errors, check_url};
use crate::records::{Offering, Provider};
use crate::vocab::PublicationStatus;

/// Input of credential rendering. Built by the issuance use case; `validate` before rendering.
#[derive(Debug, Clone, PartialEq)]
pub struct IssuedMicroCredential {
    /// `urn:uuid:…` (random per credential, chosen by the caller: the model has no randomness).
    pub id: String,
    /// Annex I: date of issuing, set by the server.
    pub issued_at: OffsetDateTime,
    /// Defaults to `issued_at` in the credential.
    pub valid_from: Option<OffsetDateTime>,
    pub valid_until: Option<OffsetDateTime>,
    /// Public base URL of the register (achievement ids are minted under it).
    pub register_url: String,
    /// The provider that signs the credential.
    pub issuer: Provider,
    /// Annex I: awarding bodies, in the offering's order (more than one for joint awards).
    pub awarding_bodies: Vec<Provider>,
    /// The offering at the version the learner was assessed against.
    pub offering: Offering,
    pub learner: LearnerIdentity,
    pub outcome: AssessmentOutcome,
    pub status: Vec<StatusEntry>,
    /// The credentials a stacked credential is awarded for (empty for any other).
    pub parts: Vec<CredentialPart>,
}

/// A part of a stacked credential: a credential the learner holds, which the stacked one
/// references (issue 12).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct CredentialPart {
    /// The part credential's id (`urn:uuid:…` here, any IRI for one issued elsewhere).
    pub credential_id: String,
    /// The id of the part's achievement, when it has one.
    pub achievement_id: Option<String>,
    pub title: String,
    pub ects: Option<f64>,
}

/// An entry in a Bitstring Status List.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    /// URL of the status-list credential.
    pub list_url: String,
    pub index: u64,
    pub purpose: StatusPurpose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusPurpose {
    Revocation,
    Suspension,
}

impl StatusPurpose {
    /// The `statusPurpose` value of the Bitstring Status List specification.
    pub fn code(self) -> &'static str {
        match self {
            StatusPurpose::Revocation => "revocation",
            StatusPurpose::Suspension => "suspension",
        }
    }
}

/// Whether `id` is an absolute IRI as a credential or achievement id is (a scheme, then
/// something; no whitespace; at most 512 bytes).
pub fn is_absolute_iri(id: &str) -> bool {
    id.len() <= 512
        && !id.contains(char::is_whitespace)
        && id
            .split_once(':')
            .is_some_and(|(scheme, rest)| !scheme.is_empty() && !rest.is_empty())
}

/// Whether `id` is `urn:uuid:` followed by a lower-case hyphenated UUID.
pub fn is_urn_uuid(id: &str) -> bool {
    id.strip_prefix("urn:uuid:").is_some_and(|uuid| {
        uuid.len() == 36
            && uuid.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
            })
    })
}

impl IssuedMicroCredential {
    /// Checks every rule that spans the bundle, naming the element at fault.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Errors::default();
        if !is_urn_uuid(&self.id) {
            errors.push(
                "id",
                ViolationCode::InvalidValue,
                format!(
                    "`{}` is not a credential id of the form urn:uuid:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (lower case)",
                    self.id
                ),
            );
        }
        check_url("register_url", &self.register_url, &mut errors);
        if self.parts.len() > 200 {
            errors.push(
                "parts",
                ViolationCode::InvalidValue,
                "a stacked credential has at most 200 parts".to_owned(),
            );
        }
        for (index, part) in self.parts.iter().enumerate() {
            if !is_absolute_iri(&part.credential_id)
                || part
                    .achievement_id
                    .as_deref()
                    .is_some_and(|id| !is_absolute_iri(id))
            {
                errors.push(
                    &format!("parts[{index}]"),
                    ViolationCode::InvalidValue,
                    format!(
                        "`{}` is not an absolute IRI of a credential",
                        part.credential_id
                    ),
                );
            }
        }
        let valid_from = self.valid_from.unwrap_or(self.issued_at);
        if let Some(valid_until) = self.valid_until
            && valid_until <= valid_from
        {
            errors.push(
                "valid_until",
                ViolationCode::InvalidValue,
                format!(
                    "the end of validity ({valid_until}) must come after its start ({valid_from})"
                ),
            );
        }
        if self.offering.status != PublicationStatus::Published {
            errors.push(
                "offering.status",
                ViolationCode::InvalidValue,
                format!(
                    "credentials are issued for published offerings only; this one is {}",
                    self.offering.status
                ),
            );
        }
        if self.issuer.id != self.offering.provider_id {
            errors.push(
                "issuer",
                ViolationCode::InvalidValue,
                format!(
                    "the offering belongs to {}, not to the issuing provider {}",
                    self.offering.provider_id, self.issuer.id
                ),
            );
        }
        let bodies: Vec<_> = self.awarding_bodies.iter().map(|p| &p.id).collect();
        let expected: Vec<_> = self.offering.content.awarding_bodies.iter().collect();
        if bodies != expected {
            let names = |ids: &[&crate::ids::ProviderId]| {
                ids.iter()
                    .map(|id| id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            errors.push(
                "awarding_bodies",
                ViolationCode::InvalidValue,
                format!(
                    "the awarding bodies must be the offering's ({}), found ({})",
                    names(&expected),
                    names(&bodies)
                ),
            );
        }
        self.learner.check_at("learner", &mut errors);
        self.outcome.check("outcome", &mut errors);
        if !self.outcome.passed {
            errors.push(
                "outcome.passed",
                ViolationCode::InvalidValue,
                "a micro-credential is issued only for a passed assessment",
            );
        }
        if self.outcome.assessed_on > self.issued_at.date() {
            errors.push(
                "outcome.assessed_on",
                ViolationCode::InvalidValue,
                format!(
                    "the assessment date {} is after the date of issuing {}",
                    self.outcome.assessed_on,
                    self.issued_at.date()
                ),
            );
        }
        for (i, entry) in self.status.iter().enumerate() {
            check_url(
                &format!("status[{i}].list_url"),
                &entry.list_url,
                &mut errors,
            );
            if self.status[..i].iter().any(|e| e.purpose == entry.purpose) {
                errors.push(
                    &format!("status[{i}].purpose"),
                    ViolationCode::DuplicateValue,
                    format!(
                        "one status entry per purpose; {} is listed twice",
                        entry.purpose.code()
                    ),
                );
            }
        }
        errors.into_result(())
    }
}
