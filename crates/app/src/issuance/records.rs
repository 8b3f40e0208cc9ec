//! Reading issued credentials, changing their status (suspend, reinstate, revoke) and
//! correcting them; the bundle a stored credential was rendered from, for the ELM export.

use model::credential::{IssuedMicroCredential, StatusEntry, StatusPurpose};
use model::learning::StatusChange;
use model::{
    Assessment, CredentialId, CredentialRecord, CredentialState, PublicationStatus,
    ValidationErrors, ViolationCode,
};
use serde_json::Value;
use store::{CredentialFilter, CredentialStateChange, LearningBatch, Listing, Store, StoreError};

use crate::App;
use crate::auth::IssuerRight;
use crate::error::{AppError, AppResult};
use crate::status::{ListPurpose, StatusListId};

/// Longest reason kept with a status change.
pub const MAX_REASON_CHARS: usize = 500;

impl<S: Store> App<S> {
    /// A credential of the issuer's provider.
    pub async fn credential(
        &self,
        right: &IssuerRight,
        id: &CredentialId,
    ) -> AppResult<CredentialRecord> {
        let credential = self.stored_credential(id).await?;
        if &credential.provider_id != right.provider() {
            return Err(AppError::Forbidden(format!(
                "credential {} belongs to another provider",
                id.urn()
            )));
        }
        Ok(credential)
    }

    /// A stored credential by id, for whoever holds the id (the verification page, the
    /// downloads behind a certificate's QR code): the id is a random UUID, as unguessable as a
    /// share link.
    pub async fn stored_credential(&self, id: &CredentialId) -> AppResult<CredentialRecord> {
        self.store
            .get_credential(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("credential {}", id.urn())))
    }

    /// The bundle a stored credential was rendered from, rebuilt from the register: for the
    /// ELM export, which states the same award in the European Learning Model.
    pub async fn credential_bundle(
        &self,
        record: &CredentialRecord,
    ) -> AppResult<IssuedMicroCredential> {
        let assessment = self
            .store
            .get_assessment(&record.assessment_id)
            .await
            .map_err(|error| {
                AppError::from_store(error, || "the credential's assessment".to_owned())
            })?;
        let enrolment = self
            .store
            .get_enrolment(&record.enrolment_id)
            .await
            .map_err(|error| {
                AppError::from_store(error, || "the credential's enrolment".to_owned())
            })?;
        let mut offering = self
            .offering_at(&assessment.offering_id, assessment.offering_version)
            .await?;
        // The award stands as issued, whatever happened to the offering since.
        offering.status = PublicationStatus::Published;
        let issuer = self.load_provider(&record.provider_id).await?;
        let mut awarding_bodies = Vec::new();
        for body in &offering.content.awarding_bodies {
            awarding_bodies.push(self.load_provider(body).await?);
        }
        let list = |purpose| {
            self.status_list_url(&StatusListId {
                provider: record.provider_id.clone(),
                list: record.status_slot.list,
                purpose,
            })
        };
        let parts = match self.store.award_of_credential(&record.id).await? {
            Some(award) => award.parts,
            None => Vec::new(),
        };
        let mut issued = IssuedMicroCredential {
            id: record.id.urn(),
            issued_at: record.issued_at,
            valid_from: None,
            valid_until: None,
            register_url: self.issuing().register_url.clone(),
            issuer,
            awarding_bodies,
            offering,
            learner: enrolment.learner,
            outcome: assessment.outcome,
            status: vec![
                StatusEntry {
                    list_url: list(ListPurpose::Revocation),
                    index: u64::from(record.status_slot.index),
                    purpose: StatusPurpose::Revocation,
                },
                StatusEntry {
                    list_url: list(ListPurpose::Suspension),
                    index: u64::from(record.status_slot.index),
                    purpose: StatusPurpose::Suspension,
                },
            ],
            parts: Vec::new(),
        };
        crate::awards::stack(&mut issued, parts);
        Ok(issued)
    }

    /// The ELM 3 (Europass) export of a stored credential, unsigned.
    pub async fn elm_export(&self, id: &CredentialId) -> AppResult<Value> {
        let record = self.stored_credential(id).await?;
        let bundle = self.credential_bundle(&record).await?;
        Ok(vc::elm::render_elm(
            &bundle,
            &self.provider_did(&record.provider_id),
        ))
    }

    /// The provider's credentials, newest first: the total and one page.
    pub async fn credentials(
        &self,
        right: &IssuerRight,
        mut filter: CredentialFilter,
    ) -> AppResult<Listing<CredentialRecord>> {
        if let Some(offering) = &filter.offering {
            self.offering_for_issuer(right, offering).await?;
        }
        filter.provider = Some(right.provider().clone());
        filter.limit = filter.limit.clamp(1, 1_000);
        Ok(self.store.list_credentials(&filter).await?)
    }

    /// Suspends, reinstates or revokes a credential. Revocation is final. The change shows in
    /// the next fetch of the status list.
    pub async fn change_credential_status(
        &self,
        right: &IssuerRight,
        id: &CredentialId,
        change: StatusChange,
        reason: &str,
    ) -> AppResult<CredentialRecord> {
        let reason = check_reason(reason)?;
        let credential = self.credential(right, id).await?;
        let to = change
            .apply(credential.state)
            .map_err(|message| AppError::InvalidState(message.to_owned()))?;
        let action = match change {
            StatusChange::Revoke => "credential.revoke",
            StatusChange::Suspend => "credential.suspend",
            StatusChange::Reinstate => "credential.reinstate",
        };
        let audit = self.audit(
            right.actor().clone(),
            Some(right.provider()),
            action,
            &credential.id.urn(),
            &reason,
        );
        let batch = LearningBatch {
            state_changes: vec![CredentialStateChange {
                id: credential.id.clone(),
                from: credential.state,
                to,
                reason,
                at: self.now(),
                replaced_by: None,
            }],
            audit: vec![audit],
            ..LearningBatch::default()
        };
        self.apply_batch(&batch)
            .await
            .map_err(|error| match error {
                StoreError::Conflict(message) => AppError::Conflict(message),
                other => other.into(),
            })?;
        self.stored_credential(id).await
    }

    /// Corrects a credential: records the corrected result as a new assessment, issues a new
    /// credential for it and revokes the old one with `reason`, all in one transaction.
    /// `outcome` replaces the old result when given (otherwise it is re-issued as it was, e.g.
    /// after the offering's record was fixed).
    pub async fn correct_credential(
        &self,
        right: &IssuerRight,
        id: &CredentialId,
        outcome: Option<model::AssessmentOutcome>,
        reason: &str,
    ) -> AppResult<CredentialRecord> {
        let reason = check_reason(reason)?;
        let old = self.credential(right, id).await?;
        if old.state == CredentialState::Revoked {
            return Err(AppError::InvalidState(format!(
                "credential {} is revoked; a revoked credential cannot be corrected",
                id.urn()
            )));
        }
        let enrolment = self.enrolment(right, &old.enrolment_id).await?;
        let previous = self.assessment(right, &old.assessment_id).await?;
        let outcome = outcome.unwrap_or(previous.outcome.clone());
        if !outcome.passed {
            return Err(ValidationErrors::single(
                "outcome.passed",
                ViolationCode::InvalidValue,
                "a correction issues a new credential, so the corrected result must be passed; to withdraw the credential, revoke it",
            )
            .into());
        }
        let offering = self
            .offering_for_issuer(right, &enrolment.offering_id)
            .await?;
        crate::learning::check_result(&enrolment, &offering, &outcome, self.now().date())?;
        let assessment = Assessment {
            id: self.new_assessment_id()?,
            enrolment_id: enrolment.id.clone(),
            provider_id: enrolment.provider_id.clone(),
            offering_id: previous.offering_id.clone(),
            offering_version: previous.offering_version,
            outcome,
            recorded_at: self.now(),
        };
        let mut batch = LearningBatch {
            assessments: vec![assessment.clone()],
            ..LearningBatch::default()
        };
        let mut last = String::new();
        for _ in 0..4 {
            let mut issued = self
                .prepare_credentials(right, &[(enrolment.clone(), assessment.clone())])
                .await?;
            let Some(new) = issued.pop() else {
                return Err(AppError::InvalidState("nothing was issued".to_owned()));
            };
            batch.audit = vec![self.audit(
                right.actor().clone(),
                Some(right.provider()),
                "credential.correct",
                &old.id.urn(),
                &format!("replaced by {}: {reason}", new.id.urn()),
            )];
            batch.credentials = vec![new.clone()];
            batch.state_changes = vec![CredentialStateChange {
                id: old.id.clone(),
                from: old.state,
                to: CredentialState::Revoked,
                reason: format!("corrected: {reason}"),
                at: self.now(),
                replaced_by: Some(new.id.clone()),
            }];
            match self.apply_batch(&batch).await {
                Ok(()) => return self.stored_credential(&new.id).await,
                Err(StoreError::Conflict(message)) => {
                    let current = self.stored_credential(&old.id).await?;
                    if current.state != old.state {
                        return Err(AppError::Conflict(format!(
                            "credential {} changed state meanwhile (now {}); nothing was corrected",
                            old.id.urn(),
                            current.state
                        )));
                    }
                    last = message;
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict(format!(
            "the correction could not be stored: {last}"
        )))
    }
}

fn check_reason(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ValidationErrors::single(
            "reason",
            ViolationCode::MissingElement,
            "say why (it is kept with the credential's history)",
        )
        .into());
    }
    if reason.chars().count() > MAX_REASON_CHARS || reason.chars().any(char::is_control) {
        return Err(ValidationErrors::single(
            "reason",
            ViolationCode::TooLong,
            format!("at most {MAX_REASON_CHARS} characters on one line"),
        )
        .into());
    }
    Ok(reason.to_owned())
}
