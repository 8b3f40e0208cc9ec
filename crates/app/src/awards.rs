//! Awarding stacked credentials (issue 12). A learner whose credentials complete a pathway asks
//! for its credential; the pathway's owner awards it — or the register does at once when the
//! pathway says `automatic`. The award is a credential of the offering the pathway names,
//! signed like any other (Open Badges 3.0, `eddsa-rdfc-2022`), whose content references each
//! part: the part credentials' ids as VC `evidence`, their achievements as ELM `hasPart`, and
//! the parts' ECTS summed. It is stored in one transaction with the enrolment, the assessment
//! (route `pathway`) and the award record, whose key keeps a pathway from being awarded twice to
//! one learner however many servers try at once.

use std::collections::HashSet;

use model::credential::{
    AssessmentOutcome, AssessmentRoute, CredentialPart, IssuedMicroCredential,
};
use model::{
    AccountId, Assessment, CredentialRecord, EmploymentStatus, Enrolment, LearnerIdentity,
    ProviderId,
};
use schemars::JsonSchema;
use serde::Serialize;
use store::{LearningBatch, PathwayAward, Store, StoreError};
use time::OffsetDateTime;

use crate::App;
use crate::auth::{IssuerRight, LearnerRight};
use crate::error::{AppError, AppResult};
use crate::pathways::{AwardState, PathwayView};

/// The parts of a stacked credential go into it, and its ECTS are theirs summed (when any part
/// states ECTS; otherwise the awarded offering's stand).
pub(crate) fn stack(issued: &mut IssuedMicroCredential, parts: Vec<CredentialPart>) {
    if parts.iter().any(|part| part.ects.is_some()) {
        let sum: f64 = parts.iter().filter_map(|part| part.ects).sum();
        // Whole and half credits as the parts state them, without float noise.
        issued.offering.content.workload.ects = Some((sum * 100.0).round() / 100.0);
    }
    issued.parts = parts;
}

/// A learner's request or award, as the pathway's owner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AwardRequestView {
    pub pathway_id: String,
    pub account_id: String,
    pub learner_name: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub requested_at: OffsetDateTime,
    /// The stacked credential, once awarded.
    pub credential_id: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<String>")]
    pub awarded_at: Option<OffsetDateTime>,
    /// Whether the learner's credentials complete the pathway today.
    pub complete: bool,
}

fn state_of(award: &PathwayAward) -> AwardState {
    AwardState {
        requested_at: award.requested_at,
        credential_id: award.credential_id.as_ref().map(model::CredentialId::urn),
        awarded_at: award.awarded_at,
    }
}

impl<S: Store> App<S> {
    /// A live pathway, or a clear refusal.
    async fn live_pathway(&self, id: &str) -> AppResult<PathwayView> {
        let pathway = self.pathway(id).await?;
        if pathway.withdrawn {
            return Err(AppError::InvalidState(format!(
                "pathway `{id}` was withdrawn: it awards nothing any more"
            )));
        }
        Ok(pathway)
    }

    /// The learner asks for a completed pathway's credential: awarded at once when the pathway
    /// is automatic, otherwise recorded for its owner to award.
    pub async fn claim_award(&self, learner: &LearnerRight, id: &str) -> AppResult<AwardState> {
        let pathway = self.live_pathway(id).await?;
        if let Some(award) = self.store.pathway_award(id, learner.account()).await? {
            return Err(AppError::Conflict(match &award.credential_id {
                Some(credential) => format!(
                    "pathway `{id}` was awarded to you already: credential {}",
                    credential.urn()
                ),
                None => format!("you asked for the award of pathway `{id}` already"),
            }));
        }
        let holdings = self.held_for_pathways(learner).await?;
        let progress = holdings.evaluate(&pathway.rules, self.now().date());
        if !progress.complete {
            return Err(AppError::InvalidState(format!(
                "your credentials do not complete pathway `{id}` yet: {}",
                missing(&progress)
            )));
        }
        let account = self.store.account(learner.account()).await?.account;
        let now = self.now();
        if pathway.rules.automatic {
            let owner = ProviderId::parse(&pathway.provider_id).map_err(AppError::InvalidState)?;
            let right = IssuerRight::for_pathway(&owner, id);
            let record = self.award_now(&right, &pathway, &account, now).await?;
            return Ok(AwardState {
                requested_at: now,
                credential_id: Some(record.id.urn()),
                awarded_at: Some(record.issued_at),
            });
        }
        let award = PathwayAward {
            pathway_id: id.to_owned(),
            account_id: account.id.clone(),
            provider_id: ProviderId::parse(&pathway.provider_id).map_err(AppError::InvalidState)?,
            learner_name: account.name.clone(),
            requested_at: now,
            credential_id: None,
            awarded_at: None,
            parts: Vec::new(),
        };
        let audit = self.audit(
            (learner.account().to_string(), String::new()),
            Some(&award.provider_id),
            "pathway.request_award",
            id,
            "",
        );
        self.store.request_award(&award, &audit).await?;
        Ok(state_of(&award))
    }

    /// The requests and awards of one of the caller's pathways, each with whether the
    /// learner's credentials complete it today.
    pub async fn award_requests(
        &self,
        right: &IssuerRight,
        id: &str,
    ) -> AppResult<Vec<AwardRequestView>> {
        let pathway = self.pathway(id).await?;
        if pathway.provider_id != right.provider().as_str() {
            return Err(AppError::NotFound(format!("pathway `{id}`")));
        }
        let today = self.now().date();
        let mut views = Vec::new();
        for award in self.store.pathway_awards(id).await? {
            let complete = award.credential_id.is_some() || {
                let holdings = self
                    .held_for_pathways(&LearnerRight::of(award.account_id.clone()))
                    .await?;
                holdings.evaluate(&pathway.rules, today).complete
            };
            views.push(AwardRequestView {
                pathway_id: award.pathway_id.clone(),
                account_id: award.account_id.to_string(),
                learner_name: award.learner_name.clone(),
                requested_at: award.requested_at,
                credential_id: award.credential_id.as_ref().map(model::CredentialId::urn),
                awarded_at: award.awarded_at,
                complete,
            });
        }
        Ok(views)
    }

    /// The owner awards a pathway's credential to a learner who asked for it.
    pub async fn award_pathway(
        &self,
        right: &IssuerRight,
        id: &str,
        account: &AccountId,
    ) -> AppResult<CredentialRecord> {
        let pathway = self.live_pathway(id).await?;
        if pathway.provider_id != right.provider().as_str() {
            return Err(AppError::NotFound(format!("pathway `{id}`")));
        }
        let Some(award) = self.store.pathway_award(id, account).await? else {
            return Err(AppError::NotFound(format!(
                "a request for pathway `{id}`'s award from account `{account}`"
            )));
        };
        if let Some(credential) = award.credential_id {
            return Err(AppError::Conflict(format!(
                "pathway `{id}` was awarded to this learner already: credential {}",
                credential.urn()
            )));
        }
        let account = self.store.account(account).await?.account;
        self.award_now(right, &pathway, &account, award.requested_at)
            .await
    }

    /// An automatic pathway awards its credential as soon as the learner's progress is read
    /// complete (the wallet, the pathway's page, the API): no request, no owner. A failure
    /// leaves the progress as it was (the learner can still ask) and is logged.
    pub(crate) async fn award_if_automatic(
        &self,
        learner: &LearnerRight,
        view: &mut crate::pathways::PathwayProgress,
    ) {
        if !(view.progress.complete
            && view.pathway.rules.automatic
            && view.award.is_none()
            && !view.pathway.withdrawn)
        {
            return;
        }
        let Ok(owner) = ProviderId::parse(&view.pathway.provider_id) else {
            return;
        };
        let right = IssuerRight::for_pathway(&owner, &view.pathway.id);
        let outcome = match self.store.account(learner.account()).await {
            Ok(record) => {
                self.award_now(&right, &view.pathway, &record.account, self.now())
                    .await
            }
            Err(error) => Err(error.into()),
        };
        match outcome {
            Ok(record) => {
                view.award = Some(AwardState {
                    requested_at: record.issued_at,
                    credential_id: Some(record.id.urn()),
                    awarded_at: Some(record.issued_at),
                });
            }
            Err(error) => tracing::warn!(
                pathway = %view.pathway.id,
                %error,
                "the automatic award did not go through"
            ),
        }
    }

    /// Evaluates the learner's credentials again, and issues and stores the stacked credential.
    async fn award_now(
        &self,
        right: &IssuerRight,
        pathway: &PathwayView,
        account: &model::Account,
        requested_at: OffsetDateTime,
    ) -> AppResult<CredentialRecord> {
        let learner = LearnerRight::of(account.id.clone());
        let holdings = self.held_for_pathways(&learner).await?;
        let now = self.now();
        let today = now.date();
        let progress = holdings.evaluate(&pathway.rules, today);
        if !progress.complete {
            return Err(AppError::InvalidState(format!(
                "the learner's credentials do not complete pathway `{}` (any more): {}",
                pathway.id,
                missing(&progress)
            )));
        }
        let ects_of = |id: &str| {
            holdings
                .held
                .iter()
                .find(|held| held.id == id)
                .and_then(|held| held.ects)
        };
        let parts: Vec<CredentialPart> = progress
            .requirements
            .iter()
            .flat_map(|requirement| requirement.counted.iter())
            .map(|id| CredentialPart {
                credential_id: holdings.ids.get(id).cloned().unwrap_or_else(|| id.clone()),
                achievement_id: holdings.achievements.get(id).cloned(),
                title: holdings.titles.get(id).cloned().unwrap_or_default(),
                ects: ects_of(id),
            })
            .collect();
        let offering = self.store.get_offering(&pathway.rules.awards).await?;
        let learner_identity = holdings.learner.clone().unwrap_or_else(|| LearnerIdentity {
            name: model::credential::LearnerName::Full {
                full_name: account.name.clone(),
            },
            email: Some(account.email.as_str().to_owned()),
            student_number: None,
            did: None,
        });
        let mut last = String::new();
        for _ in 0..4 {
            let enrolment = Enrolment {
                id: self.new_enrolment_id()?,
                provider_id: right.provider().clone(),
                offering_id: offering.id.clone(),
                learner: learner_identity.clone(),
                employment_status: EmploymentStatus::Unknown,
                enrolled_on: today,
                recorded_at: now,
                funding: None,
            };
            let assessment = Assessment {
                id: self.new_assessment_id()?,
                enrolment_id: enrolment.id.clone(),
                provider_id: right.provider().clone(),
                offering_id: offering.id.clone(),
                offering_version: offering.version,
                outcome: AssessmentOutcome {
                    passed: true,
                    grade: None,
                    assessed_on: today,
                    supervision: None,
                    route: AssessmentRoute::Pathway,
                },
                recorded_at: now,
            };
            let items = [(enrolment.clone(), assessment.clone())];
            let (signer, mut pending) = self
                .plan_credentials(right, &items, &HashSet::new(), &|_| now)
                .await?;
            for item in &mut pending {
                stack(&mut item.issued, parts.clone());
                item.issued.validate()?;
            }
            let credentials = crate::issuance::sign_all(&signer, pending)?;
            let Some(credential) = credentials.first().cloned() else {
                return Err(AppError::InvalidState("nothing was issued".to_owned()));
            };
            let mut audit = self.issuance_audit(right, &credentials);
            audit.push(self.audit(
                right.actor().clone(),
                Some(right.provider()),
                "pathway.award",
                &pathway.id,
                &format!("{} for account {}", credential.id.urn(), account.id),
            ));
            let batch = LearningBatch {
                enrolments: vec![enrolment],
                assessments: vec![assessment],
                credentials,
                audit,
                award: Some(PathwayAward {
                    pathway_id: pathway.id.clone(),
                    account_id: account.id.clone(),
                    provider_id: right.provider().clone(),
                    learner_name: account.name.clone(),
                    requested_at,
                    credential_id: Some(credential.id.clone()),
                    awarded_at: Some(now),
                    parts: parts.clone(),
                }),
                ..LearningBatch::default()
            };
            match self.apply_batch(&batch).await {
                Ok(()) => return Ok(credential),
                Err(StoreError::Conflict(message)) => {
                    if let Some(award) = self.store.pathway_award(&pathway.id, &account.id).await?
                        && let Some(existing) = award.credential_id
                    {
                        return Err(AppError::Conflict(format!(
                            "pathway `{}` was awarded to this learner already: credential {}",
                            pathway.id,
                            existing.urn()
                        )));
                    }
                    last = message;
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict(format!(
            "the stacked credential could not be stored: {last}"
        )))
    }
}

/// What is missing, in one sentence.
fn missing(progress: &model::pathway::Progress) -> String {
    let open: Vec<String> = progress
        .requirements
        .iter()
        .enumerate()
        .filter(|(_, requirement)| !requirement.met)
        .map(|(index, requirement)| {
            let mut wants = Vec::new();
            if requirement.still_needed > 0 {
                wants.push(format!("{} more credential(s)", requirement.still_needed));
            }
            if requirement.ects_missing > 0.0 {
                wants.push(format!("{} more ECTS", requirement.ects_missing));
            }
            format!("requirement {} needs {}", index + 1, wants.join(" and "))
        })
        .collect();
    open.join("; ")
}
