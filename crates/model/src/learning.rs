//! A learner's path through an offering as the register records it: the enrolment, the
//! assessment (or validation of prior learning) and the credential issued for it.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::credential::{AssessmentOutcome, LearnerIdentity};
use crate::ids::{AssessmentId, CredentialId, EnrolmentId, OfferingId, ProviderId};
use crate::vocab::{CredentialState, EmploymentStatus};

/// A learner enrolled in an offering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Enrolment {
    pub id: EnrolmentId,
    pub provider_id: ProviderId,
    pub offering_id: OfferingId,
    pub learner: LearnerIdentity,
    /// Employment status at enrolment (for the register's statistics).
    pub employment_status: EmploymentStatus,
    #[schemars(with = "String")]
    pub enrolled_on: Date,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub recorded_at: OffsetDateTime,
    /// Who financed the enrolment, where recorded (for the register's funding statistics).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<EnrolmentFunding>,
}

/// The funding of one enrolment: one of the register's funding schemes and, where recorded, the
/// amount the scheme paid, in euro cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EnrolmentFunding {
    pub scheme: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount_cents: Option<i64>,
}

/// The largest amount one enrolment can record (one million euro, in cents).
pub const MAX_FUNDING_CENTS: i64 = 100_000_000;

/// An amount in euro as entered (`250`, `250.5`, `250.50`) in cents: at most two decimals, not
/// negative, at most [`MAX_FUNDING_CENTS`].
pub fn euro_cents(amount: f64) -> Result<i64, String> {
    let cents = (amount * 100.0).round();
    if !amount.is_finite() || amount < 0.0 || (amount * 100.0 - cents).abs() > 1e-6 {
        return Err(format!(
            "{amount} is not an amount in euro with at most two decimals"
        ));
    }
    if cents > MAX_FUNDING_CENTS as f64 {
        return Err(format!(
            "{amount} is over the largest amount one enrolment can record (1,000,000 euro)"
        ));
    }
    Ok(cents as i64)
}

impl Enrolment {
    /// The learner's key within an offering: one enrolment per learner per offering.
    pub fn learner_key(&self) -> String {
        learner_key(&self.learner)
    }
}

/// The identifier a learner is matched on, strongest first: DID, student number, e-mail
/// (e-mail folded to lower case). Two enrolments with the same key are the same learner.
pub fn learner_key(learner: &LearnerIdentity) -> String {
    if let Some(number) = &learner.student_number {
        format!("student:{}", number.trim())
    } else if let Some(email) = &learner.email {
        format!("email:{}", email.trim().to_lowercase())
    } else if let Some(did) = &learner.did {
        format!("did:{}", did.trim())
    } else {
        String::new()
    }
}

/// A recorded result for an enrolment: passed or failed, through assessment or validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Assessment {
    pub id: AssessmentId,
    pub enrolment_id: EnrolmentId,
    pub provider_id: ProviderId,
    pub offering_id: OfferingId,
    /// The offering version the learner was assessed against (the credential states it).
    pub offering_version: u32,
    pub outcome: AssessmentOutcome,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub recorded_at: OffsetDateTime,
}

/// Where a credential's status bits live: list number `list` of the issuing provider, bit
/// `index` in both its revocation and its suspension list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatusSlot {
    pub list: u32,
    pub index: u32,
}

/// Entries per status list (the Bitstring Status List minimum: herd privacy).
pub const STATUS_LIST_SIZE: u32 = 131_072;
/// A list takes new credentials until this many slots are used; then the next list opens.
/// Below the size so that random allocation stays cheap and every list keeps a large herd.
pub const STATUS_LIST_FILL: u32 = 98_304;

/// An issued credential as the register keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CredentialRecord {
    pub id: CredentialId,
    pub provider_id: ProviderId,
    pub offering_id: OfferingId,
    pub enrolment_id: EnrolmentId,
    pub assessment_id: AssessmentId,
    /// The learner's name as printed on the credential (for lists; the document has it too).
    pub learner_name: String,
    /// active, suspended or revoked.
    #[serde(rename = "status")]
    pub state: CredentialState,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub issued_at: OffsetDateTime,
    pub status_slot: StatusSlot,
    /// Why the state last changed (revocation, suspension, reinstatement).
    #[serde(default)]
    pub status_reason: Option<String>,
    #[serde(with = "time::serde::rfc3339::option", default)]
    #[schemars(with = "Option<String>")]
    pub status_changed_at: Option<OffsetDateTime>,
    /// The corrected credential that replaced this one.
    #[serde(default)]
    pub replaced_by: Option<CredentialId>,
    /// The signed credential, exactly as issued.
    #[schemars(with = "serde_json::Value")]
    pub credential: serde_json::Value,
}

/// A change of a credential's state, with its reason (kept with the credential).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusChange {
    Revoke,
    Suspend,
    Reinstate,
}

impl StatusChange {
    /// The state a credential in `from` moves to, or why it cannot.
    pub fn apply(self, from: CredentialState) -> Result<CredentialState, &'static str> {
        match (self, from) {
            (_, CredentialState::Revoked) => Err("the credential is revoked; revocation is final"),
            (StatusChange::Revoke, _) => Ok(CredentialState::Revoked),
            (StatusChange::Suspend, CredentialState::Active) => Ok(CredentialState::Suspended),
            (StatusChange::Suspend, CredentialState::Suspended) => {
                Err("the credential is already suspended")
            }
            (StatusChange::Reinstate, CredentialState::Suspended) => Ok(CredentialState::Active),
            (StatusChange::Reinstate, CredentialState::Active) => Err(
                "the credential is not suspended; only a suspended credential can be reinstated",
            ),
        }
    }

    /// Whether this change is allowed from `state` (what a page offers).
    pub fn allowed_from(self, state: CredentialState) -> bool {
        self.apply(state).is_ok()
    }

    pub fn code(self) -> &'static str {
        match self {
            StatusChange::Revoke => "revoke",
            StatusChange::Suspend => "suspend",
            StatusChange::Reinstate => "reinstate",
        }
    }
}

/// What a bulk import file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Enrolments,
    Results,
}

impl ImportKind {
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Enrolments => "enrolments",
            ImportKind::Results => "results",
        }
    }

    pub fn from_code(code: &str) -> Option<ImportKind> {
        match code {
            "enrolments" => Some(ImportKind::Enrolments),
            "results" => Some(ImportKind::Results),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportState {
    Queued,
    Running,
    Done,
    /// The file as a whole could not be read (e.g. a missing column); no row was applied.
    Failed,
}

impl ImportState {
    pub fn code(self) -> &'static str {
        match self {
            ImportState::Queued => "queued",
            ImportState::Running => "running",
            ImportState::Done => "done",
            ImportState::Failed => "failed",
        }
    }

    pub fn from_code(code: &str) -> Option<ImportState> {
        match code {
            "queued" => Some(ImportState::Queued),
            "running" => Some(ImportState::Running),
            "done" => Some(ImportState::Done),
            "failed" => Some(ImportState::Failed),
            _ => None,
        }
    }

    pub fn is_finished(self) -> bool {
        matches!(self, ImportState::Done | ImportState::Failed)
    }
}

/// A row of an import file that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportProblem {
    /// The row as the spreadsheet numbers it (the header is row 1).
    pub row: usize,
    #[serde(default)]
    pub column: Option<String>,
    pub code: String,
    pub message: String,
}

/// A bulk import and how far it got. Counts and problems are committed together with the
/// rows they describe, so after a crash they say exactly what was applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportJob {
    pub id: crate::ids::ImportJobId,
    pub provider_id: ProviderId,
    pub offering_id: OfferingId,
    pub kind: ImportKind,
    pub file_name: String,
    pub state: ImportState,
    pub total_rows: usize,
    /// Rows looked at so far, in file order (a resumed job continues after them).
    pub processed_rows: usize,
    /// Rows whose effect was stored by this job.
    pub applied_rows: usize,
    /// Rows already applied earlier (same row key): nothing done twice.
    pub skipped_rows: usize,
    pub failed_rows: usize,
    pub issued_credentials: usize,
    pub problems: Vec<ImportProblem>,
    /// A file-level problem, or a note (e.g. "resumed after a restart").
    #[serde(default)]
    pub message: Option<String>,
    pub created_by: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub updated_at: OffsetDateTime,
}

impl ImportJob {
    /// Progress in percent (0–100) for progress bars.
    pub fn percent(&self) -> u8 {
        if self.state.is_finished() || self.total_rows == 0 {
            return 100;
        }
        let percent = self.processed_rows.saturating_mul(100) / self.total_rows;
        u8::try_from(percent.min(100)).unwrap_or(100)
    }
}

/// An issuer trusted beside the register's own providers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TrustedIssuer {
    pub id: String,
    pub name: String,
    /// Where the entry came from (`register` for our own providers, or the imported list's name).
    pub source: String,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn revocation_is_final_and_suspension_reversible() {
        use CredentialState::*;
        assert_eq!(StatusChange::Suspend.apply(Active), Ok(Suspended));
        assert_eq!(StatusChange::Reinstate.apply(Suspended), Ok(Active));
        assert_eq!(StatusChange::Revoke.apply(Suspended), Ok(Revoked));
        assert!(StatusChange::Reinstate.apply(Revoked).is_err());
        assert!(StatusChange::Suspend.apply(Revoked).is_err());
        assert!(StatusChange::Revoke.apply(Revoked).is_err());
        assert!(StatusChange::Reinstate.apply(Active).is_err());
        assert!(StatusChange::Suspend.apply(Suspended).is_err());
        // What a page offers is what `apply` allows.
        let offered = |state| {
            [
                StatusChange::Suspend,
                StatusChange::Reinstate,
                StatusChange::Revoke,
            ]
            .into_iter()
            .filter(|change| change.allowed_from(state))
            .map(StatusChange::code)
            .collect::<Vec<_>>()
        };
        assert_eq!(offered(Active), ["suspend", "revoke"]);
        assert_eq!(offered(Suspended), ["reinstate", "revoke"]);
        assert!(offered(Revoked).is_empty());
        use crate::PublicationStatus::{Draft, Published, Withdrawn};
        assert_eq!(
            [Draft, Published, Withdrawn]
                .map(|status| (status.can_publish(), status.can_withdraw())),
            [(true, false), (false, true), (true, false)]
        );
    }

    #[test]
    fn learners_are_matched_on_their_strongest_identifier() {
        let mut learner =
            LearnerIdentity::from_json(&crate::credential::sample::learner_json()).unwrap();
        learner.student_number = None;
        learner.email = Some("An.Peeters@Example.org ".into());
        assert_eq!(learner_key(&learner), "email:an.peeters@example.org");
        learner.student_number = Some("r0123".into());
        assert_eq!(learner_key(&learner), "student:r0123");
    }
}
