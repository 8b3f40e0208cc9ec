//! Learners' feedback on offerings they completed: one answer per enrolment, changed in place
//! for a while; read back whole only to aggregate (who answered is never handed out).

use std::future::Future;

use model::{AccountId, EnrolmentId, OfferingId, ProviderId};
use time::OffsetDateTime;

use crate::StoreResult;

/// One learner's answer about one enrolment.
#[derive(Debug, Clone, PartialEq)]
pub struct Feedback {
    pub enrolment_id: EnrolmentId,
    pub provider_id: ProviderId,
    pub offering_id: OfferingId,
    /// Who answered; `None` once their account was erased.
    pub account_id: Option<AccountId>,
    /// 1 (poor) to 5 (excellent): overall, content, teaching, assessment.
    pub overall: u8,
    pub content: u8,
    pub teaching: u8,
    pub assessment: u8,
    /// Against the stated ECTS and hours: -2 much less … 0 as stated … 2 much more.
    pub workload: i8,
    pub comment: String,
    pub submitted_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

pub trait FeedbackStore {
    /// Stores a first answer, or changes the account's own answer if it was first given after
    /// `changeable_after`; `Conflict` otherwise (another account's, or too old to change).
    fn save_feedback(
        &self,
        feedback: &Feedback,
        changeable_after: OffsetDateTime,
    ) -> impl Future<Output = StoreResult<()>> + Send;
    /// The answers given about these enrolments.
    fn feedback_of(
        &self,
        enrolments: &[EnrolmentId],
    ) -> impl Future<Output = StoreResult<Vec<Feedback>>> + Send;
    /// Every answer about an offering (to aggregate).
    fn offering_feedback(
        &self,
        offering: &OfferingId,
    ) -> impl Future<Output = StoreResult<Vec<Feedback>>> + Send;
}
