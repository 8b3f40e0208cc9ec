//! What the register's statistics read: facts grouped at the finest grain an overview needs
//! (offering × term × category), never the rows themselves, so an overview's memory grows
//! with the number of offerings and terms, not with the number of learners; the SQL store
//! keeps them as counts changed by every write, so reading them does not scan the learners. The `app` crate
//! turns them into overviews (years, filters, breakdowns, suppression).

use std::future::Future;

use model::{OfferingId, ProviderId};
use time::OffsetDateTime;

use crate::StoreResult;

/// Which rows a statistics read covers: the whole register, or one provider's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatisticsScope {
    Register,
    Provider(ProviderId),
}

/// A term — January to August or September to December — named by its first month (`YYYY-01`,
/// `YYYY-09`): the coarsest grain both calendar years and academic years (from 1 September)
/// are built from.
pub type Term = String;

/// Which terms a statistics read covers — `[from, to)`, first days of terms (`YYYY-01-01` or
/// `YYYY-09-01`) — and the periods it sums them into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactRange {
    pub from: String,
    pub to: String,
    pub grain: Grain,
}

/// The periods of a statistics read; a fact's `term` is its period's first term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    Term,
    /// January to December (`YYYY-01`).
    CalendarYear,
    /// 1 September to 31 August (`YYYY-09`).
    AcademicYear,
}

/// An offering as the statistics describe it (every offering ever published; drafts never
/// count).
#[derive(Debug, Clone, PartialEq)]
pub struct OfferingFacts {
    pub id: OfferingId,
    pub provider_id: ProviderId,
    pub status: model::PublicationStatus,
    pub eqf: Option<u8>,
    pub ects: Option<f64>,
    pub hours: Option<u32>,
    pub isced_field: String,
    pub mode: String,
    pub setting: String,
    pub pilot: bool,
    pub languages: Vec<String>,
    pub funding_schemes: Vec<String>,
    pub published_at: Option<OffsetDateTime>,
    pub withdrawn_at: Option<OffsetDateTime>,
}

/// Enrolments of one offering in one term with one employment status.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrolmentFacts {
    pub offering_id: OfferingId,
    pub term: Term,
    pub employment_status: String,
    pub enrolments: u64,
}

/// Enrolments of one offering in one term financed by one funding scheme (or by none).
#[derive(Debug, Clone, PartialEq)]
pub struct FundingFacts {
    pub offering_id: OfferingId,
    pub term: Term,
    pub funding_scheme: Option<String>,
    pub enrolments: u64,
    /// Of them, how many recorded an amount, and its sum in euro cents.
    pub with_amount: u64,
    pub amount_cents: i64,
}

/// Enrolments of several offerings in one term with one category (an employment status or a
/// funding scheme's code, `""` for none), summed by the database.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryTotal {
    pub term: Term,
    pub category: String,
    pub enrolments: u64,
    /// Of them, how many recorded an amount, and its sum in euro cents (funding schemes only).
    pub with_amount: u64,
    pub amount_cents: i64,
}

/// Which category `enrolment_totals` sums by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolmentCategory {
    EmploymentStatus,
    FundingScheme,
}

/// Credentials of one offering issued in one term, by route and current state. A credential
/// replaced by a correction is not counted: the corrected one stands for the award.
#[derive(Debug, Clone, PartialEq)]
pub struct CredentialFacts {
    pub offering_id: OfferingId,
    pub term: Term,
    /// `regular` or `validation`.
    pub route: String,
    /// `active`, `suspended` or `revoked`.
    pub state: String,
    pub credentials: u64,
}

/// Learners of one offering enrolled in one term, and how far they got: assessed, passed,
/// credentialed (a credential that is not replaced by a correction), and of them how many came
/// through validation of prior learning.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletionFacts {
    pub offering_id: OfferingId,
    pub term: Term,
    pub enrolled: u64,
    pub assessed: u64,
    pub passed: u64,
    pub credentialed: u64,
    /// Enrolments with a validation of prior learning recorded, passed, and credentialed.
    pub validation_requested: u64,
    pub validation_passed: u64,
    pub validation_credentialed: u64,
}

/// The reads of the statistics.
pub trait StatisticsStore {
    /// Every offering ever published (in `scope`), without its document.
    fn offering_facts(
        &self,
        scope: &StatisticsScope,
    ) -> impl Future<Output = StoreResult<Vec<OfferingFacts>>> + Send;
    /// The titles of every offering ever published (in `scope`), read from their documents.
    fn offering_titles(
        &self,
        scope: &StatisticsScope,
    ) -> impl Future<Output = StoreResult<Vec<(OfferingId, model::LangText)>>> + Send;
    /// Enrolments grouped by offering, term of enrolment and employment status, for the
    /// enrolment dates of `range`.
    fn enrolment_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> impl Future<Output = StoreResult<Vec<EnrolmentFacts>>> + Send;
    /// Enrolments grouped by offering, term of enrolment and funding scheme, for the
    /// enrolment dates of `range`.
    fn funding_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> impl Future<Output = StoreResult<Vec<FundingFacts>>> + Send;
    /// Enrolments summed per term of enrolment and `by`, over every offering in `scope` or only
    /// over `offerings`: an overview's totals per category without a row per offering.
    fn enrolment_totals(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
        by: EnrolmentCategory,
        offerings: Option<&[OfferingId]>,
    ) -> impl Future<Output = StoreResult<Vec<CategoryTotal>>> + Send;
    /// Credentials grouped by offering, term of issuing, route and state, for issuing dates
    /// of `range`.
    fn credential_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> impl Future<Output = StoreResult<Vec<CredentialFacts>>> + Send;
    /// Enrolments grouped by offering and term of enrolment with how far they got, for
    /// enrolment dates of `range`.
    fn completion_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> impl Future<Output = StoreResult<Vec<CompletionFacts>>> + Send;
    /// Learners' feedback grouped by offering and term of the first answer, for `range`.
    fn feedback_facts(
        &self,
        scope: &StatisticsScope,
        range: &FactRange,
    ) -> impl Future<Output = StoreResult<Vec<FeedbackFacts>>> + Send;
}

/// Feedback on one offering in one term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedbackFacts {
    pub offering_id: OfferingId,
    pub term: Term,
    pub responses: u64,
    /// Answers rating the offering 4 or 5 overall.
    pub satisfied: u64,
    /// Answers finding the workload more, or less, than stated.
    pub workload_more: u64,
    pub workload_less: u64,
}
