//! Learners' feedback on what they completed (Annex II: learners take part in quality
//! assurance): a learner who was assessed in an offering — passed or not — rates it overall and
//! on content, teaching, assessment and workload against the stated ECTS and hours, with a
//! comment, once per enrolment and changeable for 30 days. Providers (their staff) and analysts
//! see aggregates only, and only from the statistics' threshold of answers up — the same rule as
//! every count of people; comments too, then, with the year and nothing else.

use model::{EnrolmentId, OfferingId, Role};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use store::{Feedback, Store, StoreError};
use time::Duration;

use crate::App;
use crate::auth::{LearnerRight, Principal};
use crate::error::{AppError, AppResult};

/// How long an answer can be changed after it was first given.
pub const CHANGEABLE_FOR: Duration = Duration::days(30);
/// Longest comment, in characters.
pub const MAX_COMMENT: usize = 2000;

/// What a learner answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackForm {
    /// 1 (poor) to 5 (excellent).
    pub overall: u8,
    pub content: u8,
    pub teaching: u8,
    pub assessment: u8,
    /// The workload against the stated ECTS and hours: -2 much less, -1 less, 0 as stated,
    /// 1 more, 2 much more.
    pub workload: i8,
    #[serde(default)]
    pub comment: String,
}

/// A learner's own answer, as the wallet shows it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct MyFeedback {
    pub enrolment_id: String,
    pub overall: u8,
    pub content: u8,
    pub teaching: u8,
    pub assessment: u8,
    pub workload: i8,
    pub comment: String,
    /// Until when it can be changed (RFC 3339).
    pub changeable_until: String,
}

/// One rated aspect: its mean and how many gave each score (1 to 5).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AspectSummary {
    pub aspect: &'static str,
    pub mean: f64,
    pub scores: [u64; 5],
}

/// What providers and analysts see of an offering's feedback.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FeedbackSummary {
    pub offering_id: String,
    pub responses: u64,
    /// The statistics' threshold: below it nothing but the number of answers is shown.
    pub threshold: u64,
    pub shown: bool,
    /// Overall, content, teaching, assessment (empty when not shown).
    pub aspects: Vec<AspectSummary>,
    /// Answers per workload judgement, from "much less" to "much more" (when shown).
    pub workload: Option<[u64; 5]>,
    /// The comments with the year they were given, in no telling order (when shown).
    pub comments: Vec<FeedbackComment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FeedbackComment {
    pub year: i32,
    pub text: String,
}

fn check(form: &FeedbackForm) -> AppResult<String> {
    for (name, score) in [
        ("overall", form.overall),
        ("content", form.content),
        ("teaching", form.teaching),
        ("assessment", form.assessment),
    ] {
        if !(1..=5).contains(&score) {
            return Err(AppError::InvalidState(format!(
                "`{name}` must be a score from 1 to 5, not {score}"
            )));
        }
    }
    if !(-2..=2).contains(&form.workload) {
        return Err(AppError::InvalidState(format!(
            "`workload` must be from -2 (much less than stated) to 2 (much more), not {}",
            form.workload
        )));
    }
    let comment = form.comment.trim();
    if comment.chars().count() > MAX_COMMENT {
        return Err(AppError::InvalidState(format!(
            "the comment is longer than {MAX_COMMENT} characters"
        )));
    }
    if comment
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(AppError::InvalidState(
            "the comment has control characters".to_owned(),
        ));
    }
    Ok(comment.to_owned())
}

fn mine(feedback: &Feedback) -> MyFeedback {
    MyFeedback {
        enrolment_id: feedback.enrolment_id.to_string(),
        overall: feedback.overall,
        content: feedback.content,
        teaching: feedback.teaching,
        assessment: feedback.assessment,
        workload: feedback.workload,
        comment: feedback.comment.clone(),
        changeable_until: vc::ob3::timestamp(feedback.submitted_at + CHANGEABLE_FOR),
    }
}

impl<S: Store> App<S> {
    /// The learner rates an offering they were assessed in (`enrolment` must be in their
    /// wallet); a second answer within 30 days changes the first.
    pub async fn give_feedback(
        &self,
        learner: &LearnerRight,
        enrolment: &EnrolmentId,
        form: &FeedbackForm,
    ) -> AppResult<MyFeedback> {
        let comment = check(form)?;
        let record = self
            .wallet_records(learner)
            .await?
            .into_iter()
            .find(|record| &record.enrolment.id == enrolment)
            .ok_or_else(|| AppError::NotFound(format!("enrolment `{enrolment}` in your wallet")))?;
        if record.assessments.is_empty() {
            return Err(AppError::InvalidState(
                "an offering can be rated once you were assessed in it".to_owned(),
            ));
        }
        let now = self.now();
        let before = self
            .store
            .feedback_of(std::slice::from_ref(enrolment))
            .await?;
        let submitted_at = before.first().map_or(now, |earlier| earlier.submitted_at);
        let feedback = Feedback {
            enrolment_id: enrolment.clone(),
            provider_id: record.enrolment.provider_id.clone(),
            offering_id: record.enrolment.offering_id.clone(),
            account_id: Some(learner.account().clone()),
            overall: form.overall,
            content: form.content,
            teaching: form.teaching,
            assessment: form.assessment,
            workload: form.workload,
            comment,
            submitted_at,
            updated_at: now,
        };
        match self
            .store
            .save_feedback(&feedback, now - CHANGEABLE_FOR)
            .await
        {
            Ok(()) => Ok(mine(&feedback)),
            Err(StoreError::Conflict(_)) => Err(AppError::InvalidState(format!(
                "this answer was given on {} and can no longer be changed (answers can be changed for {} days)",
                submitted_at.date(),
                CHANGEABLE_FOR.whole_days()
            ))),
            Err(other) => Err(other.into()),
        }
    }

    /// The learner's own answers, for their wallet.
    pub async fn my_feedback(&self, learner: &LearnerRight) -> AppResult<Vec<MyFeedback>> {
        let enrolments: Vec<EnrolmentId> = self
            .store
            .wallet_enrolments(learner.account())
            .await?
            .into_iter()
            .map(|enrolment| enrolment.id)
            .collect();
        Ok(self
            .store
            .feedback_of(&enrolments)
            .await?
            .iter()
            .filter(|feedback| feedback.account_id.as_ref() == Some(learner.account()))
            .map(mine)
            .collect())
    }

    /// An offering's feedback in aggregate: for its provider's staff, analysts and platform
    /// admins.
    pub async fn feedback_summary(
        &self,
        principal: &Principal,
        offering: &OfferingId,
    ) -> AppResult<FeedbackSummary> {
        let stored =
            self.store.get_offering(offering).await.map_err(|error| {
                AppError::from_store(error, || format!("offering `{offering}`"))
            })?;
        if principal.role() != Some(Role::Analyst) {
            principal.issuer(&stored.provider_id)?;
        }
        let answers = self.store.offering_feedback(offering).await?;
        let responses = answers.len() as u64;
        let threshold = self.statistics_threshold();
        let shown = responses >= threshold;
        let mut summary = FeedbackSummary {
            offering_id: offering.to_string(),
            responses,
            threshold,
            shown,
            aspects: Vec::new(),
            workload: None,
            comments: Vec::new(),
        };
        if !shown {
            return Ok(summary);
        }
        let aspect = |name: &'static str, score: fn(&Feedback) -> u8| {
            let mut scores = [0u64; 5];
            for answer in &answers {
                scores[usize::from(score(answer).clamp(1, 5) - 1)] += 1;
            }
            let total: u64 = answers.iter().map(|answer| u64::from(score(answer))).sum();
            AspectSummary {
                aspect: name,
                mean: (total as f64 / responses as f64 * 10.0).round() / 10.0,
                scores,
            }
        };
        summary.aspects = vec![
            aspect("overall", |answer| answer.overall),
            aspect("content", |answer| answer.content),
            aspect("teaching", |answer| answer.teaching),
            aspect("assessment", |answer| answer.assessment),
        ];
        let mut workload = [0u64; 5];
        for answer in &answers {
            workload[usize::try_from(answer.workload.clamp(-2, 2) + 2).unwrap_or(2)] += 1;
        }
        summary.workload = Some(workload);
        // Sorted by year and text: the order tells nothing about who or when within a year.
        let mut comments: Vec<FeedbackComment> = answers
            .iter()
            .filter(|answer| !answer.comment.is_empty())
            .map(|answer| FeedbackComment {
                year: answer.submitted_at.year(),
                text: answer.comment.clone(),
            })
            .collect();
        comments.sort_by(|a, b| b.year.cmp(&a.year).then_with(|| a.text.cmp(&b.text)));
        summary.comments = comments;
        Ok(summary)
    }
}
