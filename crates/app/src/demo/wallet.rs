//! The demo learner: one of the demo register's learners with a credential gets an account
//! (address confirmed, student number confirmed by the provider), a did:key, a credential
//! "issued elsewhere" (signed by a did:key outside the register's trust list, so it shows as
//! not fully verified) and a share link, so a newcomer can sign in and see a wallet at once.

use serde::Serialize;
use store::{CredentialFilter, Store};

use crate::App;
use crate::accounts::SignUp;
use crate::auth::LearnerRight;
use crate::error::{AppError, AppResult};
use crate::wallet::NewShare;

/// The demo learner's password (printed by `serve --demo`; a demo register is not for real
/// people).
pub const DEMO_LEARNER_PASSWORD: &str = "demo-wallet-2026";

/// How to sign in as the demo learner, and the share link made for this start.
#[derive(Debug, Clone, Serialize)]
pub struct DemoLearner {
    pub email: String,
    pub password: &'static str,
    pub share_link: String,
}

impl<S: Store> App<S> {
    /// Makes the demo learner (once; on later starts only a fresh share link), from the first
    /// learner of the register's first provider with an active credential.
    pub async fn seed_demo_learner(&self) -> AppResult<Option<DemoLearner>> {
        let Some(credential) = self.demo_credential().await? else {
            return Ok(None);
        };
        let enrolment = self.store.get_enrolment(&credential.enrolment_id).await?;
        let Some(email) = enrolment.learner.email.clone() else {
            return Ok(None);
        };
        let address = model::EmailAddress::parse(&email).map_err(AppError::InvalidState)?;
        let account = match self.store.account_by_email(&address).await {
            Ok(record) => record.account,
            Err(store::StoreError::NotFound) => {
                self.make_demo_account(&enrolment, &address).await?
            }
            Err(other) => return Err(other.into()),
        };
        let learner = LearnerRight::of(account.id);
        let today = self.now().date();
        let (_, url) = self
            .create_share_link(
                &learner,
                &NewShare {
                    name: "Sollicitatie / job application (demo)".to_owned(),
                    credentials: vec![credential.id.urn()],
                    expires_on: today + time::Duration::days(30),
                    view_limit: None,
                },
            )
            .await?;
        Ok(Some(DemoLearner {
            email: address.to_string(),
            password: DEMO_LEARNER_PASSWORD,
            share_link: url,
        }))
    }

    async fn demo_credential(&self) -> AppResult<Option<model::CredentialRecord>> {
        for provider in self.store.list_providers(true).await? {
            let listing = self
                .store
                .list_credentials(&CredentialFilter {
                    provider: Some(provider.id.clone()),
                    state: Some(model::CredentialState::Active),
                    limit: 1,
                    ..CredentialFilter::default()
                })
                .await?;
            if let Some(credential) = listing.items.into_iter().next() {
                return Ok(Some(credential));
            }
        }
        Ok(None)
    }

    async fn make_demo_account(
        &self,
        enrolment: &model::Enrolment,
        address: &model::EmailAddress,
    ) -> AppResult<model::Account> {
        self.sign_up(&SignUp {
            name: enrolment.learner.name.display(),
            email: address.to_string(),
            password: DEMO_LEARNER_PASSWORD.to_owned(),
        })
        .await?;
        // Confirm the address from the link just queued for it.
        let marker = "/account/confirm/";
        let messages = self.outbox_messages(20).await?;
        let secret = messages
            .iter()
            .find(|message| &message.recipient == address && message.body.contains(marker))
            .and_then(|message| {
                let start = message.body.find(marker)? + marker.len();
                message.body.get(start..start + 64).map(str::to_owned)
            })
            .ok_or_else(|| {
                AppError::InvalidState("the demo learner's link is missing".to_owned())
            })?;
        let account = self.confirm_email(&secret).await?;
        let learner = LearnerRight::of(account.id.clone());
        if let Some(number) = &enrolment.learner.student_number {
            let claim = self
                .claim_student_number(&learner, &enrolment.provider_id, number)
                .await?;
            let audit = self.audit(
                ("operator".to_owned(), "demo".to_owned()),
                Some(&enrolment.provider_id),
                "wallet.confirm_student_number",
                &claim.id,
                "",
            );
            self.store
                .confirm_student_number(
                    &enrolment.provider_id,
                    &claim.id,
                    self.now(),
                    "operator",
                    &audit,
                )
                .await?;
        }
        self.make_learner_did(&learner).await?;
        // A credential from outside the register: signed by a key of its own, whose issuer
        // the trust list does not know (without a status list: nothing to fetch).
        let key = vc::keys::KeyPair::from_seed(&[7u8; 32]);
        let mut unsigned = vc::sample::fixture_for(&key)?;
        if let Some(document) = unsigned.as_object_mut() {
            document.remove("credentialStatus");
        }
        let signed = vc::proof::sign(
            vc::contexts::processor(),
            &unsigned,
            &key,
            &vc::proof::SignOptions {
                verification_method: key.public().did_key_verification_method(),
                created: vc::ob3::timestamp(self.now()),
            },
        )?;
        self.import_credential(&learner, &serde_json::to_vec(&signed).unwrap_or_default())
            .await?;
        self.seed_demo_pathway(enrolment).await?;
        self.seed_demo_recognition(enrolment).await?;
        Ok(account)
    }

    /// A university or college of the register recognises the demo learner's offering for
    /// further study, so the offering's page, the catalogue's "recognised by" and the
    /// credential's verification show a decision.
    async fn seed_demo_recognition(&self, enrolment: &model::Enrolment) -> AppResult<()> {
        let Some(organisation) =
            self.store
                .list_providers(true)
                .await?
                .into_iter()
                .find(|provider| {
                    provider.id != enrolment.provider_id
                        && provider.content.receiving_organisation
                            == Some(model::vocab::ReceivingKind::HigherEducation)
                })
        else {
            return Ok(());
        };
        let offering = self.store.get_offering(&enrolment.offering_id).await?;
        let right =
            crate::auth::IssuerRight::from(&crate::auth::ProviderAdmin::for_demo(&organisation.id));
        let terms = model::recognition::RecognitionTerms {
            purpose: model::vocab::RecognitionPurpose::FurtherStudy,
            scope: model::vocab::RecognitionScope::Partial,
            recognised_as: model::LangText::one(
                "en",
                "Exemption from the matching course unit of the bachelor's programme",
            )
            .with(
                "nl",
                "Vrijstelling voor het overeenkomstige opleidingsonderdeel van de bachelor",
            ),
            ects_granted: offering.content.workload.ects,
            conditions: model::LangText::one("en", "Credential issued within the last five years")
                .with("nl", "Bewijs uitgereikt in de laatste vijf jaar"),
            legal_basis: model::vocab::LegalBasis::InstitutionalPolicy,
            policy: model::LangText::one("en", "Education and examination regulations, art. 24")
                .with("nl", "Onderwijs- en examenregeling, art. 24"),
            valid_from: (self.now().date() - time::Duration::days(30)).to_string(),
            valid_until: None,
        };
        self.decide_recognition(
            &right,
            crate::recognition::DecisionAbout::Offering(offering.id.to_string()),
            terms,
        )
        .await?;
        Ok(())
    }

    /// A pathway of the demo learner's provider their credential counts toward: its offering
    /// and one more, leading to a third (when the provider publishes three).
    async fn seed_demo_pathway(&self, enrolment: &model::Enrolment) -> AppResult<()> {
        let admin = crate::auth::ProviderAdmin::for_demo(&enrolment.provider_id);
        let others: Vec<model::OfferingId> = self
            .provider_offerings(&admin)
            .await?
            .into_iter()
            .filter(|offering| {
                offering.status == model::PublicationStatus::Published
                    && offering.id != enrolment.offering_id
            })
            .map(|offering| offering.id)
            .take(2)
            .collect();
        let [second, awards] = others.as_slice() else {
            return Ok(());
        };
        let rules = model::pathway::PathwayRules {
            name: model::LangText(std::collections::BTreeMap::from([
                (
                    "nl".to_owned(),
                    "Leerpad: twee microcredentials, één certificaat".to_owned(),
                ),
                (
                    "en".to_owned(),
                    "Pathway: two micro-credentials, one certificate".to_owned(),
                ),
            ])),
            description: model::LangText::one(
                "en",
                "A demo pathway: both micro-credentials together lead to a third.",
            ),
            awards: awards.clone(),
            requirements: vec![model::pathway::Requirement::Offerings {
                label: model::LangText::one("en", "Both micro-credentials"),
                offerings: vec![enrolment.offering_id.clone(), second.clone()],
                at_least: None,
            }],
            automatic: false,
        };
        self.create_pathway(&admin, rules).await?;
        Ok(())
    }
}
