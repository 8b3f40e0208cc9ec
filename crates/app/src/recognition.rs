//! Recognition (issue 12): a receiving organisation — a participant that declared itself one
//! (`receiving_organisation` on its record) — records decisions about an offering (for every
//! credential of it; published with the catalogue) or about one learner's credential; learners
//! ask for recognition of a credential from their wallet and see the decision there; a
//! credential's verification report lists the live decisions that apply to it.

use model::recognition::RecognitionTerms;
use model::vocab::{ReceivingKind, RecognitionPurpose};
use model::{CredentialId, LangText, OfferingId, ProviderId, ValidationErrors, Vocabulary};
use schemars::JsonSchema;
use serde::Serialize;
use store::{DecisionFilter, DecisionSubject, RecognitionDecision, RecognitionRequest, Store};
use time::OffsetDateTime;

use crate::App;
use crate::auth::{IssuerRight, LearnerRight};
use crate::error::{AppError, AppResult};

/// Longest message a learner sends with a request, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// A decision as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct DecisionView {
    pub id: String,
    pub provider_id: String,
    pub provider_name: LangText,
    pub receiving_kind: Option<ReceivingKind>,
    /// Set for a decision about every credential of an offering.
    pub offering_id: Option<String>,
    pub offering_title: Option<LangText>,
    /// Set for a decision about one credential.
    pub credential_id: Option<String>,
    pub terms: RecognitionTerms,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub decided_at: OffsetDateTime,
    pub withdrawn: bool,
    /// Live and within its dates today.
    pub applies_today: bool,
}

/// What a decision is about, as submitted: an offering, a credential, or a learner's request.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DecisionAbout {
    Offering(String),
    Credential(String),
    Request(String),
}

/// A learner's request, as the learner and the organisation see it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RequestView {
    pub id: String,
    pub provider_id: String,
    pub provider_name: LangText,
    pub credential_id: String,
    /// The credential's name, as it states it.
    pub credential_name: String,
    pub purpose: RecognitionPurpose,
    pub message: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub created_at: OffsetDateTime,
    pub decision: Option<DecisionView>,
}

/// A request as the organisation handles it: who asks, the credential sent and whether it
/// verifies now.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RequestDetail {
    pub request: RequestView,
    pub learner_name: String,
    /// The credential as the learner sent it.
    pub credential: serde_json::Value,
    pub verified: bool,
    /// The verification report's checks, now.
    pub checks: serde_json::Value,
}

impl<S: Store> App<S> {
    /// The organisation, checked to be a receiving organisation.
    async fn receiving(&self, id: &ProviderId) -> AppResult<model::Provider> {
        let provider = self.load_provider(id).await?;
        if provider.content.receiving_organisation.is_none() {
            return Err(AppError::InvalidState(format!(
                "`{id}` is not a receiving organisation: set `receiving_organisation` on its record (university or college, employer, sector body, recognition centre, …) first"
            )));
        }
        Ok(provider)
    }

    /// A receiving organisation's staff record a decision.
    pub async fn decide_recognition(
        &self,
        right: &IssuerRight,
        about: DecisionAbout,
        terms: RecognitionTerms,
    ) -> AppResult<DecisionView> {
        let organisation = self.receiving(right.provider()).await?;
        if organisation.status != model::PublicationStatus::Published {
            return Err(AppError::InvalidState(format!(
                "`{}` is {}: a platform admin publishes an organisation before its decisions are",
                organisation.id, organisation.status
            )));
        }
        let errors = terms.errors();
        if !errors.is_empty() {
            return Err(AppError::Validation(ValidationErrors(errors)));
        }
        let (subject, request) = match about {
            DecisionAbout::Offering(id) => {
                let id = OfferingId::parse(&id).map_err(|message| {
                    ValidationErrors::single(
                        "about.offering",
                        model::ViolationCode::InvalidValue,
                        message,
                    )
                })?;
                self.store
                    .get_offering(&id)
                    .await
                    .map_err(|error| AppError::from_store(error, || format!("offering `{id}`")))?;
                (DecisionSubject::Offering(id), None)
            }
            DecisionAbout::Credential(id) => {
                if !model::credential::is_absolute_iri(&id) {
                    return Err(ValidationErrors::single(
                        "about.credential",
                        model::ViolationCode::InvalidValue,
                        format!(
                            "`{id}` is not a credential id (an absolute IRI such as urn:uuid:…)"
                        ),
                    )
                    .into());
                }
                (DecisionSubject::Credential(id), None)
            }
            DecisionAbout::Request(id) => {
                let request = self.store.request(&id).await.map_err(|error| {
                    AppError::from_store(error, || format!("recognition request `{id}`"))
                })?;
                if &request.provider_id != right.provider() {
                    return Err(AppError::NotFound(format!("recognition request `{id}`")));
                }
                if request.purpose != terms.purpose {
                    return Err(ValidationErrors::single(
                        "purpose",
                        model::ViolationCode::InvalidValue,
                        format!(
                            "the learner asked for recognition for {}; decide on that purpose",
                            request.purpose.code()
                        ),
                    )
                    .into());
                }
                (DecisionSubject::Credential(request.credential_id), Some(id))
            }
        };
        let decision = RecognitionDecision {
            id: format!("rd-{}", self.random_hex(8)),
            provider_id: right.provider().clone(),
            subject,
            terms,
            decided_at: self.now(),
            withdrawn_at: None,
        };
        let audit = self.audit(
            right.actor().clone(),
            Some(right.provider()),
            "recognition.decide",
            &decision.id,
            &format!(
                "{} {}{}",
                decision.terms.purpose.code(),
                decision.terms.scope.code(),
                request
                    .as_deref()
                    .map(|request| format!(" on request {request}"))
                    .unwrap_or_default()
            ),
        );
        self.store
            .insert_decision(&decision, request.as_deref(), &audit)
            .await?;
        self.decision_view(decision).await
    }

    /// Withdraws one of the organisation's live decisions.
    pub async fn withdraw_recognition(&self, right: &IssuerRight, id: &str) -> AppResult<()> {
        let audit = self.audit(
            right.actor().clone(),
            Some(right.provider()),
            "recognition.withdraw",
            id,
            "",
        );
        self.store
            .withdraw_decision(id, right.provider(), self.now(), &audit)
            .await
            .map_err(|error| {
                AppError::from_store(error, || format!("live recognition decision `{id}`"))
            })
    }

    /// The published decisions: about offerings (never about one learner's credential), live,
    /// of one organisation or about one offering, or all. Anyone.
    pub async fn recognitions(
        &self,
        provider: Option<&ProviderId>,
        offering: Option<&OfferingId>,
    ) -> AppResult<Vec<DecisionView>> {
        let filter = DecisionFilter {
            provider: provider.cloned(),
            offering: offering.cloned(),
            live_only: true,
            ..DecisionFilter::default()
        };
        Ok(self
            .decision_views(&filter)
            .await?
            .into_iter()
            .filter(|decision| decision.offering_id.is_some())
            .collect())
    }

    /// Every decision of the organisation, withdrawn ones and those about one credential too.
    pub async fn own_recognitions(&self, right: &IssuerRight) -> AppResult<Vec<DecisionView>> {
        self.decision_views(&DecisionFilter {
            provider: Some(right.provider().clone()),
            ..DecisionFilter::default()
        })
        .await
    }

    /// One decision: anyone may read a decision about an offering; one about a credential only
    /// its organisation's staff (the learner sees it in the wallet, a verifier in the report).
    pub async fn recognition(
        &self,
        principal: Option<&crate::auth::Principal>,
        id: &str,
    ) -> AppResult<DecisionView> {
        let decision = self.store.decision(id).await.map_err(|error| {
            AppError::from_store(error, || format!("recognition decision `{id}`"))
        })?;
        if matches!(decision.subject, DecisionSubject::Credential(_))
            && principal.is_none_or(|principal| principal.issuer(&decision.provider_id).is_err())
        {
            return Err(AppError::NotFound(format!("recognition decision `{id}`")));
        }
        self.decision_view(decision).await
    }

    /// The live decisions that apply to a credential today, refusals left out: about it, or
    /// about its offering.
    pub async fn recognitions_of_credential(
        &self,
        credential_id: &str,
        offering: Option<&OfferingId>,
    ) -> AppResult<Vec<DecisionView>> {
        // One read: decisions about the credential or about its offering.
        let mut views = self
            .decision_views(&DecisionFilter {
                credentials: vec![credential_id.to_owned()],
                or_offering: offering.cloned(),
                live_only: true,
                ..DecisionFilter::default()
            })
            .await?;
        // A refusal concerns the learner and the organisation (the learner sees it in the
        // wallet); it is not shown to whoever verifies the credential.
        views.retain(|view| {
            view.applies_today && view.terms.scope != model::vocab::RecognitionScope::Refused
        });
        Ok(views)
    }

    /// The learner's own credential (issued here or imported) by id: its id, name and JSON.
    async fn own_credential(
        &self,
        learner: &LearnerRight,
        id: &str,
    ) -> AppResult<(String, String, serde_json::Value)> {
        for record in self.wallet_records(learner).await? {
            for credential in record.credentials {
                if credential.id.urn() == id || credential.id.as_str() == id {
                    let name = record.offering_title.best(model::UiLang::En).to_owned();
                    return Ok((credential.id.urn(), name, credential.credential));
                }
            }
        }
        for imported in self.imported_credentials(learner).await? {
            let own = imported
                .document
                .get("id")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned);
            if imported.id == id || own.as_deref() == Some(id) {
                if !imported.verified {
                    return Err(AppError::InvalidState(format!(
                        "imported credential `{id}` did not verify fully when you imported it; an organisation decides on credentials that verify"
                    )));
                }
                let credential_id = own.unwrap_or_else(|| imported.id.clone());
                return Ok((credential_id, imported.title, imported.document));
            }
        }
        Err(AppError::NotFound(format!(
            "a credential `{id}` in your wallet"
        )))
    }

    async fn request_view(&self, request: RecognitionRequest) -> AppResult<RequestView> {
        let provider = self.store.get_provider(&request.provider_id).await?;
        let decision = match &request.decision_id {
            Some(id) => Some(self.decision_view(self.store.decision(id).await?).await?),
            None => None,
        };
        let credential_name = serde_json::from_str::<serde_json::Value>(&request.credential)
            .ok()
            .and_then(|document| document.get("name")?.as_str().map(str::to_owned))
            .unwrap_or_default();
        Ok(RequestView {
            id: request.id,
            provider_id: request.provider_id.to_string(),
            provider_name: provider.content.legal_name,
            credential_id: request.credential_id,
            credential_name,
            purpose: request.purpose,
            message: request.message,
            created_at: request.created_at,
            decision,
        })
    }

    /// A learner asks a receiving organisation to recognise one of their credentials; the
    /// credential goes with the request as the wallet holds it.
    pub async fn request_recognition(
        &self,
        learner: &LearnerRight,
        organisation: &ProviderId,
        credential: &str,
        purpose: RecognitionPurpose,
        message: &str,
    ) -> AppResult<RequestView> {
        let provider = self.receiving(organisation).await?;
        if provider.status != model::PublicationStatus::Published {
            return Err(AppError::NotFound(format!("organisation `{organisation}`")));
        }
        let message = message.trim();
        if message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(ValidationErrors::single(
                "message",
                model::ViolationCode::InvalidValue,
                format!("the message is longer than {MAX_MESSAGE_CHARS} characters"),
            )
            .into());
        }
        let (credential_id, _, document) = self.own_credential(learner, credential).await?;
        let request = RecognitionRequest {
            id: format!("rr-{}", self.random_hex(8)),
            provider_id: organisation.clone(),
            account_id: learner.account().clone(),
            credential_id,
            credential: document.to_string(),
            purpose,
            message: message.to_owned(),
            created_at: self.now(),
            decision_id: None,
            decided_at: None,
        };
        let audit = self.audit(
            (learner.account().to_string(), String::new()),
            Some(organisation),
            "recognition.request",
            &request.id,
            purpose.code(),
        );
        self.store.insert_request(&request, &audit).await?;
        self.request_view(request).await
    }

    /// The learner's requests, newest first, with the decisions made.
    pub async fn my_recognition_requests(
        &self,
        learner: &LearnerRight,
    ) -> AppResult<Vec<RequestView>> {
        let mut views = Vec::new();
        for request in self.store.requests(Some(learner.account()), None).await? {
            views.push(self.request_view(request).await?);
        }
        Ok(views)
    }

    /// The learner withdraws a request not decided yet.
    pub async fn withdraw_recognition_request(
        &self,
        learner: &LearnerRight,
        id: &str,
    ) -> AppResult<()> {
        let audit = self.audit(
            (learner.account().to_string(), String::new()),
            None,
            "recognition.request_withdraw",
            id,
            "",
        );
        self.store
            .delete_request(id, learner.account(), &audit)
            .await
            .map_err(|error| {
                AppError::from_store(error, || format!("an undecided request `{id}` of yours"))
            })
    }

    /// The requests made to the organisation, newest first.
    pub async fn recognition_requests(&self, right: &IssuerRight) -> AppResult<Vec<RequestView>> {
        let mut views = Vec::new();
        for request in self.store.requests(None, Some(right.provider())).await? {
            views.push(self.request_view(request).await?);
        }
        Ok(views)
    }

    /// One request to the organisation, with the credential and its verification now.
    pub async fn recognition_request(
        &self,
        right: &IssuerRight,
        id: &str,
    ) -> AppResult<RequestDetail> {
        let request = self.store.request(id).await.map_err(|error| {
            AppError::from_store(error, || format!("recognition request `{id}`"))
        })?;
        if &request.provider_id != right.provider() {
            return Err(AppError::NotFound(format!("recognition request `{id}`")));
        }
        let learner_name = self
            .store
            .account(&request.account_id)
            .await
            .map(|record| record.account.name)
            .unwrap_or_default();
        let verification = self
            .verify_credential(request.credential.as_bytes())
            .await?;
        let credential = serde_json::from_str(&request.credential).unwrap_or_default();
        Ok(RequestDetail {
            request: self.request_view(request).await?,
            learner_name,
            credential,
            verified: verification.report.verified,
            checks: serde_json::to_value(&verification.report.checks).unwrap_or_default(),
        })
    }

    /// The offering a credential of this register was issued for, from its achievement id
    /// (`{register}/offerings/{id}/v{n}`).
    pub(crate) fn offering_of_achievement(&self, achievement: &str) -> Option<OfferingId> {
        let prefix = format!(
            "{}/offerings/",
            self.issuing().register_url.trim_end_matches('/')
        );
        let rest = achievement.strip_prefix(&prefix)?;
        OfferingId::parse(rest.split('/').next()?).ok()
    }

    /// Whether a stored credential of this register: its state, for a stacked credential's
    /// part.
    pub(crate) async fn part_state(&self, id: &str) -> Option<model::CredentialState> {
        let id = CredentialId::from_urn(id).ok()?;
        self.store
            .get_credential(&id)
            .await
            .ok()
            .map(|record| record.state)
    }
}
