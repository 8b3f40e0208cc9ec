//! Enrolling learners in an offering and recording their assessment results, one at a time
//! (bulk files go through `imports`). Every rule about who may enrol where, and which result
//! can count, lives here.

use std::collections::HashMap;

use model::learning::euro_cents;
use model::learning::learner_key;
use model::reader::{Errors, Object};
use model::vocab::LearningSetting;
use model::{
    Assessment, AssessmentId, AssessmentOutcome, AssessmentRoute, CredentialRecord, ElementError,
    EmploymentStatus, Enrolment, EnrolmentFunding, EnrolmentId, LearnerIdentity, Offering,
    OfferingId, PublicationStatus, ValidationErrors, ViolationCode,
};
use serde_json::Value;
use store::{EnrolmentFilter, LearningBatch, Listing, Store, StoreError};
use time::Date;

use crate::App;
use crate::auth::{IssuerRight, Principal};
use crate::error::{AppError, AppResult};

/// An enrolment with its latest result and its credential, as an issuer reviews it.
#[derive(Debug, Clone, PartialEq)]
pub struct EnrolmentOverview {
    pub enrolment: Enrolment,
    pub latest_result: Option<Assessment>,
    pub credential: Option<CredentialRecord>,
}

/// An enrolment request: `{"offering_id", "learner": {…}, "employment_status", "enrolled_on",
/// "funding": {"scheme", "amount_eur"}}` (funding optional; the scheme is checked against the
/// register's schemes when enrolling).
#[derive(Debug, Clone, PartialEq)]
pub struct EnrolmentRequest {
    pub offering_id: OfferingId,
    pub learner: LearnerIdentity,
    pub employment_status: EmploymentStatus,
    pub enrolled_on: Date,
    pub funding: Option<EnrolmentFunding>,
}

/// `funding` of an enrolment request: `{"scheme": code, "amount_eur": number}` (amount optional).
fn funding_of(object: &Object, errors: &mut Errors) -> Option<EnrolmentFunding> {
    let funding = object.object("funding", errors)?;
    funding.deny_unknown(&["scheme", "amount_eur"], errors);
    let scheme = funding.required_text("scheme", 64, errors)?;
    let amount_cents = match funding.number("amount_eur", errors) {
        Some(amount) => match euro_cents(amount) {
            Ok(cents) => Some(cents),
            Err(message) => {
                errors.push("funding.amount_eur", ViolationCode::InvalidValue, message);
                return None;
            }
        },
        None => None,
    };
    Some(EnrolmentFunding {
        scheme,
        amount_cents,
    })
}

impl EnrolmentRequest {
    /// Reads and validates the request, naming every wrong element. Without `enrolled_on`
    /// the learner is enrolled `today`.
    pub fn from_json(document: &Value, today: Date) -> Result<EnrolmentRequest, ValidationErrors> {
        let mut errors = Errors::default();
        let Some(object) = Object::new("", document, &mut errors) else {
            return Err(ValidationErrors(errors.0));
        };
        object.deny_unknown(
            &[
                "offering_id",
                "learner",
                "employment_status",
                "enrolled_on",
                "funding",
            ],
            &mut errors,
        );
        let offering_id = object
            .required_text("offering_id", 64, &mut errors)
            .and_then(|text| match OfferingId::parse(&text) {
                Ok(id) => Some(id),
                Err(message) => {
                    errors.push("offering_id", ViolationCode::InvalidValue, message);
                    None
                }
            });
        let learner = match object.get("learner") {
            Some(value) => match LearnerIdentity::from_json(value) {
                Ok(learner) => Some(learner),
                Err(problems) => {
                    errors.0.extend(problems.0);
                    None
                }
            },
            None => {
                errors.missing("learner");
                None
            }
        };
        let employment_status =
            object.required_vocabulary::<EmploymentStatus>("employment_status", &mut errors);
        let enrolled_on = object.date("enrolled_on", &mut errors).unwrap_or(today);
        let funding = funding_of(&object, &mut errors);
        if enrolled_on > today {
            errors.push(
                "enrolled_on",
                ViolationCode::InvalidValue,
                format!(
                    "{enrolled_on} lies in the future; an enrolment is recorded once it happened"
                ),
            );
        }
        match (offering_id, learner, employment_status) {
            (Some(offering_id), Some(learner), Some(employment_status)) => {
                errors.into_result(EnrolmentRequest {
                    offering_id,
                    learner,
                    employment_status,
                    enrolled_on,
                    funding,
                })
            }
            _ => Err(ValidationErrors(errors.0)),
        }
    }
}

/// A result request: `{"enrolment_id", "outcome": {…}, "issue": true|false}`.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentRequest {
    pub enrolment_id: EnrolmentId,
    pub outcome: AssessmentOutcome,
    /// Issue the credential at once (a passed result only).
    pub issue: bool,
}

impl AssessmentRequest {
    pub fn from_json(document: &Value) -> Result<AssessmentRequest, ValidationErrors> {
        let mut errors = Errors::default();
        let Some(object) = Object::new("", document, &mut errors) else {
            return Err(ValidationErrors(errors.0));
        };
        object.deny_unknown(&["enrolment_id", "outcome", "issue"], &mut errors);
        let enrolment_id = object
            .required_text("enrolment_id", 64, &mut errors)
            .and_then(|text| match EnrolmentId::parse(&text) {
                Ok(id) => Some(id),
                Err(message) => {
                    errors.push("enrolment_id", ViolationCode::InvalidValue, message);
                    None
                }
            });
        let outcome = match object.get("outcome") {
            Some(value) => match AssessmentOutcome::from_json(value) {
                Ok(outcome) => Some(outcome),
                Err(problems) => {
                    errors.0.extend(problems.0);
                    None
                }
            },
            None => {
                errors.missing("outcome");
                None
            }
        };
        let issue = object.bool("issue", &mut errors).unwrap_or(false);
        if issue && outcome.as_ref().is_some_and(|outcome| !outcome.passed) {
            errors.push(
                "issue",
                ViolationCode::InvalidValue,
                "a credential is issued only for a passed assessment",
            );
        }
        match (enrolment_id, outcome) {
            (Some(enrolment_id), Some(outcome)) => errors.into_result(AssessmentRequest {
                enrolment_id,
                outcome,
                issue,
            }),
            _ => Err(ValidationErrors(errors.0)),
        }
    }
}

/// The rules a result must meet against its enrolment and offering, before anything is stored.
pub(crate) fn check_result(
    enrolment: &Enrolment,
    offering: &Offering,
    outcome: &AssessmentOutcome,
    today: Date,
) -> Result<(), ValidationErrors> {
    let mut errors = Errors::default();
    if outcome.assessed_on > today {
        errors.push(
            "outcome.assessed_on",
            ViolationCode::InvalidValue,
            format!(
                "{} lies in the future; a result is recorded once the assessment took place",
                outcome.assessed_on
            ),
        );
    }
    match outcome.route {
        AssessmentRoute::Regular => {
            if offering.content.participation.setting == LearningSetting::Informal {
                errors.push(
                    "outcome.route",
                    ViolationCode::InvalidValue,
                    "this offering is informal learning, which leads to a credential only through validation: set `route` to \"validation\"",
                );
            }
            if outcome.assessed_on < enrolment.enrolled_on {
                errors.push(
                    "outcome.assessed_on",
                    ViolationCode::InvalidValue,
                    format!(
                        "the assessment ({}) cannot precede the enrolment ({}); prior learning is recorded with route \"validation\"",
                        outcome.assessed_on, enrolment.enrolled_on
                    ),
                );
            }
        }
        AssessmentRoute::Validation { prior_learning } => {
            if prior_learning == LearningSetting::Formal {
                errors.push(
                    "outcome.prior_learning",
                    ViolationCode::InvalidValue,
                    "validation of prior learning is for non-formal or informal learning; formal learning has its own credential",
                );
            }
        }
        AssessmentRoute::Pathway => errors.push(
            "outcome.route",
            ViolationCode::InvalidValue,
            "route \"pathway\" is the register's own, for stacked credentials it awards when a pathway is complete",
        ),
    }
    errors.into_result(())
}

impl<S: Store> App<S> {
    /// A funding scheme code of this register, else a validation error naming `element`.
    pub(crate) async fn check_funding_scheme(&self, code: &str, element: &str) -> AppResult<()> {
        let configured = self.funding_scheme_codes().await?;
        if configured.iter().any(|known| known == code) {
            return Ok(());
        }
        Err(AppError::Validation(ValidationErrors(vec![ElementError {
            element: element.to_owned(),
            code: ViolationCode::UnknownVocabularyValue,
            message: format!(
                "`{code}` is not a funding scheme of this register; allowed: {}",
                configured.join(", ")
            ),
            allowed: Some(configured),
        }])))
    }

    /// An offering of the issuer's provider that learners can be enrolled in.
    pub(crate) async fn offering_for_issuer(
        &self,
        right: &IssuerRight,
        id: &OfferingId,
    ) -> AppResult<Offering> {
        self.offering_of(right.provider(), id).await
    }

    /// Enrols a learner. One enrolment per learner per offering: a second is `Conflict`.
    pub async fn enrol(
        &self,
        right: &IssuerRight,
        request: &EnrolmentRequest,
    ) -> AppResult<Enrolment> {
        let offering = self
            .offering_for_issuer(right, &request.offering_id)
            .await?;
        if offering.status != PublicationStatus::Published {
            return Err(AppError::InvalidState(format!(
                "offering `{}` is {}; learners enrol in published offerings only",
                offering.id, offering.status
            )));
        }
        if let Some(funding) = &request.funding {
            self.check_funding_scheme(&funding.scheme, "funding.scheme")
                .await?;
        }
        let enrolment = Enrolment {
            id: self.new_enrolment_id()?,
            provider_id: offering.provider_id.clone(),
            offering_id: offering.id.clone(),
            learner: request.learner.clone(),
            employment_status: request.employment_status,
            enrolled_on: request.enrolled_on,
            recorded_at: self.now(),
            funding: request.funding.clone(),
        };
        let batch = LearningBatch {
            enrolments: vec![enrolment.clone()],
            ..LearningBatch::default()
        };
        self.apply_batch(&batch)
            .await
            .map_err(|error| match error {
                StoreError::Conflict(_) => AppError::Conflict(format!(
                    "this learner ({}) is already enrolled in offering `{}`",
                    learner_key(&request.learner),
                    offering.id
                )),
                other => other.into(),
            })?;
        Ok(enrolment)
    }

    /// An enrolment of the issuer's provider.
    pub async fn enrolment(&self, right: &IssuerRight, id: &EnrolmentId) -> AppResult<Enrolment> {
        let enrolment = self
            .store
            .get_enrolment(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("enrolment `{id}`")))?;
        if &enrolment.provider_id != right.provider() {
            return Err(AppError::Forbidden(format!(
                "enrolment `{id}` belongs to another provider"
            )));
        }
        Ok(enrolment)
    }

    /// The provider's enrolments, newest first: the total and one page.
    pub async fn enrolments(
        &self,
        right: &IssuerRight,
        mut filter: EnrolmentFilter,
    ) -> AppResult<Listing<Enrolment>> {
        if let Some(offering) = &filter.offering {
            self.offering_for_issuer(right, offering).await?;
        }
        filter.provider = Some(right.provider().clone());
        filter.limit = filter.limit.clamp(1, 1_000);
        Ok(self.store.list_enrolments(&filter).await?)
    }

    /// A page of the provider's enrolments as an issuer reviews them: each with its latest
    /// result and its credential, read in three queries whatever the page's size.
    pub async fn enrolment_overview(
        &self,
        right: &IssuerRight,
        filter: EnrolmentFilter,
    ) -> AppResult<Listing<EnrolmentOverview>> {
        let page = self.enrolments(right, filter).await?;
        let ids: Vec<EnrolmentId> = page.items.iter().map(|e| e.id.clone()).collect();
        let mut latest: HashMap<EnrolmentId, Assessment> = HashMap::new();
        for assessment in self.store.assessments_of(&ids).await? {
            latest.insert(assessment.enrolment_id.clone(), assessment);
        }
        let mut credentials: HashMap<EnrolmentId, CredentialRecord> = HashMap::new();
        for credential in self.store.credentials_of(&ids).await? {
            credentials.insert(credential.enrolment_id.clone(), credential);
        }
        Ok(Listing {
            total: page.total,
            next: page.next,
            items: page
                .items
                .into_iter()
                .map(|enrolment| EnrolmentOverview {
                    latest_result: latest.remove(&enrolment.id),
                    credential: credentials.remove(&enrolment.id),
                    enrolment,
                })
                .collect(),
        })
    }

    /// Records a result. With `issue`, the credential is issued in the same transaction, so a
    /// passed result never stands without the credential that was asked for.
    pub async fn record_assessment(
        &self,
        right: &IssuerRight,
        request: &AssessmentRequest,
    ) -> AppResult<(Assessment, Option<model::CredentialRecord>)> {
        let enrolment = self.enrolment(right, &request.enrolment_id).await?;
        self.record_for(right, enrolment, request).await
    }

    /// Records a result for whoever `caller` is: the enrolment is read once and decides
    /// found (404) and allowed (403).
    pub async fn record_assessment_as(
        &self,
        caller: &Principal,
        request: &AssessmentRequest,
    ) -> AppResult<(Assessment, Option<model::CredentialRecord>)> {
        let (right, enrolment) = self.enrolment_as(caller, &request.enrolment_id).await?;
        self.record_for(&right, enrolment, request).await
    }

    /// The enrolment `id` and the caller's issuing right over it, in one read: not found, or
    /// forbidden when it belongs to another provider.
    pub async fn enrolment_as(
        &self,
        caller: &Principal,
        id: &EnrolmentId,
    ) -> AppResult<(IssuerRight, Enrolment)> {
        let enrolment = self
            .store
            .get_enrolment(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("enrolment `{id}`")))?;
        Ok((caller.issuer(&enrolment.provider_id)?, enrolment))
    }

    /// The assessment `id` and the caller's issuing right over it, in one read.
    pub async fn assessment_as(
        &self,
        caller: &Principal,
        id: &AssessmentId,
    ) -> AppResult<(IssuerRight, Assessment)> {
        let assessment = self
            .store
            .get_assessment(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("assessment `{id}`")))?;
        Ok((caller.issuer(&assessment.provider_id)?, assessment))
    }

    async fn record_for(
        &self,
        right: &IssuerRight,
        enrolment: Enrolment,
        request: &AssessmentRequest,
    ) -> AppResult<(Assessment, Option<model::CredentialRecord>)> {
        let offering = self
            .offering_for_issuer(right, &enrolment.offering_id)
            .await?;
        check_result(&enrolment, &offering, &request.outcome, self.now().date())?;
        let assessment = Assessment {
            id: self.new_assessment_id()?,
            enrolment_id: enrolment.id.clone(),
            provider_id: enrolment.provider_id.clone(),
            offering_id: offering.id.clone(),
            offering_version: offering.version,
            outcome: request.outcome.clone(),
            recorded_at: self.now(),
        };
        let mut batch = LearningBatch {
            assessments: vec![assessment.clone()],
            ..LearningBatch::default()
        };
        let credential = if request.issue {
            let mut issued = self
                .store_with_credentials(right, &mut batch, &[(enrolment, assessment.clone())])
                .await?;
            issued.pop()
        } else {
            self.apply_batch(&batch).await?;
            None
        };
        Ok((assessment, credential))
    }

    /// An enrolment's results, oldest first.
    pub async fn assessments(
        &self,
        right: &IssuerRight,
        enrolment: &EnrolmentId,
    ) -> AppResult<Vec<Assessment>> {
        self.enrolment(right, enrolment).await?;
        Ok(self.store.list_assessments(enrolment).await?)
    }

    pub async fn assessment(
        &self,
        right: &IssuerRight,
        id: &AssessmentId,
    ) -> AppResult<Assessment> {
        let assessment = self
            .store
            .get_assessment(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("assessment `{id}`")))?;
        if &assessment.provider_id != right.provider() {
            return Err(AppError::Forbidden(format!(
                "assessment `{id}` belongs to another provider"
            )));
        }
        Ok(assessment)
    }

    pub(crate) fn new_enrolment_id(&self) -> AppResult<EnrolmentId> {
        EnrolmentId::parse(&format!("enr-{}", self.random_hex(8))).map_err(AppError::InvalidState)
    }

    pub(crate) fn new_assessment_id(&self) -> AppResult<AssessmentId> {
        AssessmentId::parse(&format!("asm-{}", self.random_hex(8))).map_err(AppError::InvalidState)
    }
}
