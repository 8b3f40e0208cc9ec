//! Stacking pathways (issue 12): a provider's admins define them (`model::pathway` holds the
//! rules and their evaluation); anyone reads the live ones; a learner sees their progress on
//! every pathway their credentials count toward, from the credentials issued to them here and
//! those they imported (an imported one counts when it verified).

use std::collections::BTreeMap;

use model::pathway::{HeldCredential, Issuer, PathwayRules, Progress, evaluate};
use model::{CredentialState, LangText, OfferingId, ProviderId, ValidationErrors};
use schemars::JsonSchema;
use serde::Serialize;
use store::{Store, StoredPathway};
use time::{Date, OffsetDateTime};

use crate::App;
use crate::auth::{LearnerRight, ProviderAdmin};
use crate::error::{AppError, AppResult};
use crate::pathways_read::{achievement_id, date_of, imported_ects, trailing_code};

/// A pathway as pages and the API show it: the rules with the titles they name.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PathwayView {
    pub id: String,
    pub provider_id: String,
    pub provider_name: LangText,
    pub rules: PathwayRules,
    /// Titles of the offerings the rules name (the one awarded too).
    pub offering_titles: BTreeMap<String, LangText>,
    pub withdrawn: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub updated_at: OffsetDateTime,
}

/// A learner's progress on one pathway.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PathwayProgress {
    pub pathway: PathwayView,
    pub progress: Progress,
    /// Titles of the credentials the progress counts (id → title).
    pub credential_titles: BTreeMap<String, String>,
    /// The stacked credential: asked for, or awarded.
    pub award: Option<AwardState>,
}

/// Where a learner's stacked credential stands.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct AwardState {
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub requested_at: OffsetDateTime,
    /// The stacked credential's id (`urn:uuid:…`), once awarded.
    pub credential_id: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schemars(with = "Option<String>")]
    pub awarded_at: Option<OffsetDateTime>,
}

impl<S: Store> App<S> {
    async fn progress_of(
        &self,
        learner: &LearnerRight,
        pathway: PathwayView,
        progress: Progress,
        titles: &BTreeMap<String, String>,
    ) -> AppResult<PathwayProgress> {
        let credential_titles = progress
            .requirements
            .iter()
            .flat_map(|requirement| requirement.counted.iter())
            .filter_map(|id| titles.get(id).map(|title| (id.clone(), title.clone())))
            .collect();
        let award = self
            .store
            .pathway_award(&pathway.id, learner.account())
            .await?
            .map(|award| AwardState {
                requested_at: award.requested_at,
                credential_id: award.credential_id.map(|id| id.urn()),
                awarded_at: award.awarded_at,
            });
        Ok(PathwayProgress {
            pathway,
            progress,
            credential_titles,
            award,
        })
    }

    async fn pathway_view(&self, stored: StoredPathway) -> AppResult<PathwayView> {
        let provider = self.store.get_provider(&stored.provider_id).await?;
        let mut named: Vec<&OfferingId> = vec![&stored.rules.awards];
        for requirement in &stored.rules.requirements {
            if let model::pathway::Requirement::Offerings { offerings, .. } = requirement {
                named.extend(offerings);
            }
        }
        let mut offering_titles = BTreeMap::new();
        for id in named {
            if let Ok(offering) = self.store.get_offering(id).await {
                offering_titles.insert(id.to_string(), offering.content.title);
            }
        }
        Ok(PathwayView {
            id: stored.id,
            provider_id: stored.provider_id.to_string(),
            provider_name: provider.content.legal_name,
            rules: stored.rules,
            offering_titles,
            withdrawn: stored.withdrawn_at.is_some(),
            updated_at: stored.updated_at,
        })
    }

    /// Checks rules against the register: their own problems, an awarded offering of the
    /// owner's, offerings that exist.
    async fn checked_rules(&self, owner: &ProviderId, rules: &PathwayRules) -> AppResult<()> {
        let mut errors = rules.errors();
        match self.store.get_offering(&rules.awards).await {
            Ok(offering) if &offering.provider_id == owner => {}
            Ok(_) => errors.push(model::ElementError {
                element: "awards".to_owned(),
                code: model::ViolationCode::InvalidValue,
                message: format!("`{}` is another provider's offering: a pathway awards a credential of its owner", rules.awards),
                allowed: None,
            }),
            Err(_) => errors.push(model::ElementError {
                element: "awards".to_owned(),
                code: model::ViolationCode::InvalidValue,
                message: format!("there is no offering `{}`", rules.awards),
                allowed: None,
            }),
        }
        for (index, requirement) in rules.requirements.iter().enumerate() {
            if let model::pathway::Requirement::Offerings { offerings, .. } = requirement {
                for offering in offerings {
                    if self.store.get_offering(offering).await.is_err() {
                        errors.push(model::ElementError {
                            element: format!("requirements[{index}]"),
                            code: model::ViolationCode::InvalidValue,
                            message: format!("there is no offering `{offering}`"),
                            allowed: None,
                        });
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(ValidationErrors(errors)))
        }
    }

    /// A provider's admins define a pathway.
    pub async fn create_pathway(
        &self,
        admin: &ProviderAdmin,
        rules: PathwayRules,
    ) -> AppResult<PathwayView> {
        self.checked_rules(admin.provider(), &rules).await?;
        let now = self.now();
        let stored = StoredPathway {
            id: format!("pw-{}", self.random_hex(8)),
            provider_id: admin.provider().clone(),
            rules,
            created_at: now,
            updated_at: now,
            withdrawn_at: None,
        };
        let audit = self.audit(
            admin.actor().clone(),
            Some(admin.provider()),
            "pathway.create",
            &stored.id,
            "",
        );
        self.store.insert_pathway(&stored, &audit).await?;
        self.pathway_view(stored).await
    }

    /// Changes a pathway's rules, or withdraws it (`rules: None`).
    pub async fn change_pathway(
        &self,
        admin: &ProviderAdmin,
        id: &str,
        rules: Option<PathwayRules>,
    ) -> AppResult<PathwayView> {
        let mut stored = self
            .store
            .pathway(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("pathway `{id}`")))?;
        if &stored.provider_id != admin.provider() {
            return Err(AppError::NotFound(format!("pathway `{id}`")));
        }
        let action = match rules {
            Some(rules) => {
                self.checked_rules(admin.provider(), &rules).await?;
                stored.rules = rules;
                "pathway.update"
            }
            None => {
                stored.withdrawn_at = Some(self.now());
                "pathway.withdraw"
            }
        };
        stored.updated_at = self.now();
        let audit = self.audit(
            admin.actor().clone(),
            Some(admin.provider()),
            action,
            id,
            "",
        );
        self.store.update_pathway(&stored, &audit).await?;
        self.pathway_view(stored).await
    }

    /// The live pathways (a provider's, or all); anyone.
    pub async fn pathways(&self, provider: Option<&ProviderId>) -> AppResult<Vec<PathwayView>> {
        let mut views = Vec::new();
        for stored in self.store.pathways(provider).await? {
            if stored.withdrawn_at.is_none() {
                views.push(self.pathway_view(stored).await?);
            }
        }
        Ok(views)
    }

    /// The live pathways an offering's credential counts toward (named in a requirement) or
    /// that award it: the offering's `stackability`, read from the register.
    pub async fn pathways_with_offering(
        &self,
        offering: &OfferingId,
    ) -> AppResult<Vec<PathwayView>> {
        let mut views = Vec::new();
        for stored in self.store.pathways(None).await? {
            let named = &stored.rules.awards == offering
                || stored.rules.requirements.iter().any(|requirement| {
                    matches!(requirement, model::pathway::Requirement::Offerings { offerings, .. } if offerings.contains(offering))
                });
            if named && stored.withdrawn_at.is_none() {
                views.push(self.pathway_view(stored).await?);
            }
        }
        Ok(views)
    }

    /// One pathway (a withdrawn one says so); anyone.
    pub async fn pathway(&self, id: &str) -> AppResult<PathwayView> {
        let stored = self
            .store
            .pathway(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("pathway `{id}`")))?;
        self.pathway_view(stored).await
    }

    /// The credentials a learner holds, as the pathway rules see them, with what an award
    /// names of each.
    pub(crate) async fn held_for_pathways(&self, learner: &LearnerRight) -> AppResult<Holdings> {
        let mut holdings = Holdings::default();
        for record in self.wallet_records(learner).await? {
            let offering = self
                .store
                .get_offering(&record.enrolment.offering_id)
                .await?;
            if holdings.learner.is_none() && !record.credentials.is_empty() {
                holdings.learner = Some(record.enrolment.learner.clone());
            }
            for credential in &record.credentials {
                let id = credential.id.urn();
                holdings.titles.insert(
                    id.clone(),
                    record.offering_title.best(model::UiLang::En).to_owned(),
                );
                if let Some(achievement) = achievement_id(&credential.credential) {
                    holdings.achievements.insert(id.clone(), achievement);
                }
                holdings.held.push(HeldCredential {
                    id,
                    offering: Some(credential.offering_id.clone()),
                    issuer: Issuer::Provider {
                        id: credential.provider_id.clone(),
                    },
                    ects: offering.content.workload.ects,
                    eqf: offering.content.level.eqf.number(),
                    field: Some(offering.content.isced_field.clone()),
                    issued_on: credential.issued_at.date(),
                    valid_until: None,
                    active: credential.state == CredentialState::Active,
                    // Issued and signed by this register.
                    verified: true,
                });
            }
        }
        for imported in self.imported_credentials(learner).await? {
            holdings
                .titles
                .insert(imported.id.clone(), imported.title.clone());
            // A part is named by the credential's own id where it has one.
            if let Some(own) = imported
                .document
                .get("id")
                .and_then(serde_json::Value::as_str)
            {
                holdings.ids.insert(imported.id.clone(), own.to_owned());
            }
            if let Some(achievement) = achievement_id(&imported.document) {
                holdings
                    .achievements
                    .insert(imported.id.clone(), achievement);
            }
            holdings.held.push(HeldCredential {
                id: imported.id.clone(),
                offering: None,
                issuer: Issuer::External {
                    id: imported.issuer.clone(),
                    trusted: imported.verified,
                },
                // Read from the signed document only when it verified (its JSON then says what
                // the signature covers); otherwise it counts toward nothing anyway.
                ects: imported
                    .verified
                    .then(|| imported_ects(&imported.document))
                    .flatten(),
                eqf: imported
                    .verified
                    .then(|| trailing_code(&imported.document, "eqfLevel"))
                    .flatten()
                    .and_then(|level| level.parse().ok())
                    .filter(|level| (1..=8).contains(level)),
                field: imported
                    .verified
                    .then(|| trailing_code(&imported.document, "iscedFieldCode"))
                    .flatten(),
                issued_on: date_of(&imported.document, &["validFrom", "issuanceDate"])
                    .unwrap_or(imported.imported_at.date()),
                valid_until: date_of(&imported.document, &["validUntil", "expirationDate"]),
                active: true,
                verified: imported.verified,
            });
        }
        Ok(holdings)
    }

    /// The learner's progress on every live pathway one of their credentials counts toward.
    pub async fn my_pathways(&self, learner: &LearnerRight) -> AppResult<Vec<PathwayProgress>> {
        let holdings = self.held_for_pathways(learner).await?;
        let today = self.now().date();
        let mut found = Vec::new();
        for pathway in self.pathways(None).await? {
            let progress = holdings.evaluate(&pathway.rules, today);
            if progress
                .requirements
                .iter()
                .any(|requirement| !requirement.counted.is_empty())
            {
                let mut view = self
                    .progress_of(learner, pathway, progress, &holdings.titles)
                    .await?;
                self.award_if_automatic(learner, &mut view).await;
                found.push(view);
            }
        }
        Ok(found)
    }

    /// The learner's progress on one pathway (none counted yet is an answer too).
    pub async fn my_pathway(&self, learner: &LearnerRight, id: &str) -> AppResult<PathwayProgress> {
        let pathway = self.pathway(id).await?;
        let holdings = self.held_for_pathways(learner).await?;
        let progress = holdings.evaluate(&pathway.rules, self.now().date());
        let mut view = self
            .progress_of(learner, pathway, progress, &holdings.titles)
            .await?;
        self.award_if_automatic(learner, &mut view).await;
        Ok(view)
    }
}

/// What a learner holds, as pathways see it and awards name it.
#[derive(Debug, Default)]
pub(crate) struct Holdings {
    pub held: Vec<HeldCredential>,
    /// Held id → title.
    pub titles: BTreeMap<String, String>,
    /// Held id → the credential's achievement id.
    pub achievements: BTreeMap<String, String>,
    /// Held id of an imported credential → the credential's own id.
    pub ids: BTreeMap<String, String>,
    /// The learner as the register's providers named them on a credential.
    pub learner: Option<model::LearnerIdentity>,
}

impl Holdings {
    /// The rules over what is held, leaving out credentials of the offering the pathway
    /// awards: a stacked credential is not a part of itself.
    pub fn evaluate(&self, rules: &PathwayRules, today: Date) -> Progress {
        let held: Vec<HeldCredential> = self
            .held
            .iter()
            .filter(|credential| credential.offering.as_ref() != Some(&rules.awards))
            .cloned()
            .collect();
        evaluate(rules, &held, today)
    }
}
