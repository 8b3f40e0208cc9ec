//! The learner's wallet (issue 11): what issuers recorded under an address the learner proved
//! or a student number the provider confirmed, read at the time (so later records appear by
//! themselves), with the learner's DID, share links and imported credentials. Every use case
//! takes a `LearnerRight`, which reaches one account only.

mod export;
mod imported;
mod presentation;
mod sharing;

use std::collections::HashMap;

use model::{
    Account, AccountId, Assessment, CredentialRecord, EmailAddress, Enrolment, LangText, ProviderId,
};
use serde::Serialize;
use store::{LinkPurpose, NewLink, SharedItem, Store, StudentNumberClaim};
use time::OffsetDateTime;

pub use imported::{ImportedView, MAX_IMPORT_BYTES};
pub(crate) use presentation::learner_key_binding;
pub use sharing::{NewShare, ShareLinkView, SharedCredential, SharedView};

use crate::accounts::CONFIRM_LIFETIME;
use crate::auth::{IssuerRight, LearnerRight};
use crate::error::{AppError, AppResult};
use crate::{App, secret_hash};

/// Longest student number accepted.
const MAX_STUDENT_NUMBER_CHARS: usize = 64;

/// An address the learner proved.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ProvenAddress {
    pub email: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub confirmed_at: OffsetDateTime,
    /// The account's own address (the one it signs in with) cannot be removed.
    pub primary: bool,
}

/// A student number the learner says is theirs at a provider.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StudentNumber {
    pub id: String,
    pub provider_id: ProviderId,
    pub student_number: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub requested_at: OffsetDateTime,
    /// Whether the provider confirmed it (only then does it bring records to the wallet).
    pub confirmed: bool,
}

impl From<StudentNumberClaim> for StudentNumber {
    fn from(claim: StudentNumberClaim) -> Self {
        StudentNumber {
            id: claim.id,
            provider_id: claim.provider_id,
            student_number: claim.student_number,
            requested_at: claim.requested_at,
            confirmed: claim.confirmed_at.is_some(),
        }
    }
}

/// A student-number claim waiting for the provider, with who made it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct StudentNumberRequest {
    #[serde(flatten)]
    pub claim: StudentNumber,
    pub account_id: AccountId,
    pub name: String,
    pub email: String,
}

/// One enrolment in the wallet with its results and credentials.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct WalletRecord {
    pub enrolment: Enrolment,
    pub offering_title: LangText,
    pub provider_name: LangText,
    pub assessments: Vec<Assessment>,
    pub credentials: Vec<CredentialRecord>,
}

/// Everything the wallet shows.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Wallet {
    pub account: Account,
    pub addresses: Vec<ProvenAddress>,
    pub student_numbers: Vec<StudentNumber>,
    /// The learner's DID, if one is made or given.
    pub did: Option<String>,
    /// Whether the register holds the DID's key (so it can sign presentations).
    pub did_key_held: bool,
    pub records: Vec<WalletRecord>,
    pub imported: Vec<ImportedView>,
    pub share_links: Vec<ShareLinkView>,
}

/// Whether `item` is the credential a learner names `id` (`urn:uuid:…` or `imp-…`).
pub(crate) fn named(item: &SharedItem, id: &str) -> bool {
    match item {
        SharedItem::Issued(credential) => credential.urn() == id,
        SharedItem::Imported(imported) => imported == id,
    }
}

impl Wallet {
    /// Every credential issued here, newest first.
    pub fn credentials(&self) -> Vec<&CredentialRecord> {
        let mut all: Vec<_> = self
            .records
            .iter()
            .flat_map(|record| &record.credentials)
            .collect();
        all.sort_by_key(|credential| std::cmp::Reverse(credential.issued_at));
        all
    }
}

impl<S: Store> App<S> {
    pub(crate) async fn learner_account(&self, learner: &LearnerRight) -> AppResult<Account> {
        let record = self
            .store
            .account(learner.account())
            .await
            .map_err(|error| AppError::from_store(error, || "account".to_owned()))?;
        Ok(record.account)
    }

    /// Every credential the account holds, as signed: those issued here (by `urn:uuid:` id),
    /// then those it imported (by `imp-` id). Without the offerings and providers the wallet
    /// page shows: what share links and presentations need.
    pub(crate) async fn held_credentials(
        &self,
        account: &AccountId,
    ) -> AppResult<Vec<(SharedItem, serde_json::Value)>> {
        let enrolments: Vec<_> = self
            .store
            .wallet_enrolments(account)
            .await?
            .into_iter()
            .map(|enrolment| enrolment.id)
            .collect();
        let issued = self
            .store
            .credentials_of(&enrolments)
            .await?
            .into_iter()
            .map(|credential| (SharedItem::Issued(credential.id), credential.credential));
        let imported = self
            .store
            .imported_credentials(account)
            .await?
            .into_iter()
            .map(|credential| (SharedItem::Imported(credential.id), credential.document));
        Ok(issued.chain(imported).collect())
    }

    /// The enrolments, results and credentials recorded for the learner.
    pub(crate) async fn wallet_records(
        &self,
        learner: &LearnerRight,
    ) -> AppResult<Vec<WalletRecord>> {
        let enrolments = self.store.wallet_enrolments(learner.account()).await?;
        let ids: Vec<_> = enrolments
            .iter()
            .map(|enrolment| enrolment.id.clone())
            .collect();
        let assessments = self.store.assessments_of(&ids).await?;
        let credentials = self.store.credentials_of(&ids).await?;
        // A learner's records share offerings and providers: each is read once.
        let mut titles: HashMap<model::OfferingId, LangText> = HashMap::new();
        let mut names: HashMap<ProviderId, LangText> = HashMap::new();
        let mut records = Vec::with_capacity(enrolments.len());
        for enrolment in enrolments {
            if !titles.contains_key(&enrolment.offering_id) {
                let offering = self.store.get_offering(&enrolment.offering_id).await?;
                titles.insert(offering.id, offering.content.title);
            }
            if !names.contains_key(&enrolment.provider_id) {
                let provider = self.store.get_provider(&enrolment.provider_id).await?;
                names.insert(provider.id, provider.content.legal_name);
            }
            records.push(WalletRecord {
                offering_title: titles[&enrolment.offering_id].clone(),
                provider_name: names[&enrolment.provider_id].clone(),
                assessments: assessments
                    .iter()
                    .filter(|assessment| assessment.enrolment_id == enrolment.id)
                    .cloned()
                    .collect(),
                credentials: credentials
                    .iter()
                    .filter(|credential| credential.enrolment_id == enrolment.id)
                    .cloned()
                    .collect(),
                enrolment,
            });
        }
        Ok(records)
    }

    /// The learner's whole wallet.
    pub async fn wallet(&self, learner: &LearnerRight) -> AppResult<Wallet> {
        let account = self.learner_account(learner).await?;
        let addresses = self
            .store
            .account_addresses(learner.account())
            .await?
            .into_iter()
            .map(|(email, confirmed_at)| ProvenAddress {
                primary: email == account.email,
                email: email.to_string(),
                confirmed_at,
            })
            .collect();
        let student_numbers = self
            .store
            .student_numbers(Some(learner.account()), None, false)
            .await?
            .into_iter()
            .map(StudentNumber::from)
            .collect();
        let key = self.store.learner_key(learner.account()).await?;
        Ok(Wallet {
            records: self.wallet_records(learner).await?,
            imported: self.imported_credentials(learner).await?,
            share_links: self.share_links(learner).await?,
            did: key.as_ref().map(|key| key.did.clone()),
            did_key_held: key.is_some_and(|key| key.sealed_key.is_some()),
            account,
            addresses,
            student_numbers,
        })
    }

    /// Sends a confirmation link to another address of the learner; once used, what issuers
    /// recorded under that address is in the wallet. An address another account proved gets
    /// nothing, with the same answer.
    pub async fn add_address(&self, learner: &LearnerRight, address: &str) -> AppResult<()> {
        let address = EmailAddress::parse(address).map_err(AppError::InvalidState)?;
        let account = self.learner_account(learner).await?;
        let proven = self.store.account_addresses(learner.account()).await?;
        if proven.iter().any(|(email, _)| email == &address) {
            return Err(AppError::Conflict(format!(
                "{address} is already one of your addresses"
            )));
        }
        let secret = self.random_hex(32);
        let now = self.now();
        let link = NewLink {
            id_hash: secret_hash(&secret),
            purpose: LinkPurpose::ConfirmEmail,
            account_id: account.id.clone(),
            email: address.clone(),
            created_at: now,
            expires_at: now + CONFIRM_LIFETIME,
        };
        let url = format!("{}/account/confirm/{secret}", self.issuing.register_url);
        let message = self.message(
            &address,
            "Bevestig je e-mailadres / Confirm your e-mail address",
            &format!(
                "{name} voegt dit adres toe aan een microcred-portefeuille. Was jij dat? Bevestig het (de link werkt 48 uur): {url}\n\n\
                 {name} is adding this address to a microcred wallet. If that was you, confirm it (the link works for 48 hours): {url}\n",
                name = account.name
            ),
        )
        .for_account(&account.id);
        self.store.issue_link(&link, &message).await?;
        Ok(())
    }

    /// Removes a proven address other than the account's own.
    pub async fn remove_address(&self, learner: &LearnerRight, address: &str) -> AppResult<()> {
        let address = EmailAddress::parse(address).map_err(AppError::InvalidState)?;
        self.store
            .remove_account_address(learner.account(), &address)
            .await
            .map_err(|error| {
                AppError::from_store(error, || {
                    format!("{address} among the addresses you can remove")
                })
            })
    }

    /// The learner says a student number at a provider is theirs; the provider confirms it.
    pub async fn claim_student_number(
        &self,
        learner: &LearnerRight,
        provider: &ProviderId,
        number: &str,
    ) -> AppResult<StudentNumber> {
        let number = number.trim();
        if number.is_empty()
            || number.chars().count() > MAX_STUDENT_NUMBER_CHARS
            || number.chars().any(char::is_control)
        {
            return Err(AppError::InvalidState(format!(
                "a student number is 1 to {MAX_STUDENT_NUMBER_CHARS} characters, without control characters"
            )));
        }
        self.store
            .get_provider(provider)
            .await
            .map_err(|error| AppError::from_store(error, || format!("provider {provider}")))?;
        let claim = StudentNumberClaim {
            id: format!("stn-{}", self.random_hex(8)),
            account_id: learner.account().clone(),
            provider_id: provider.clone(),
            student_number: number.to_owned(),
            requested_at: self.now(),
            confirmed_at: None,
            confirmed_by: None,
        };
        self.store
            .request_student_number(&claim)
            .await
            .map_err(|error| match error {
                store::StoreError::Conflict(_) => AppError::Conflict(format!(
                    "you have claimed student number {number} at {provider} already"
                )),
                other => other.into(),
            })?;
        Ok(claim.into())
    }

    /// Withdraws one of the learner's student-number claims.
    pub async fn withdraw_student_number(&self, learner: &LearnerRight, id: &str) -> AppResult<()> {
        self.store
            .remove_student_number(Some(learner.account()), None, id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("student number claim {id}")))
    }

    /// The claims waiting at the issuer's provider, with who made them.
    pub async fn student_number_requests(
        &self,
        right: &IssuerRight,
    ) -> AppResult<Vec<StudentNumberRequest>> {
        let claims = self
            .store
            .student_numbers(None, Some(right.provider()), true)
            .await?;
        let mut requests = Vec::with_capacity(claims.len());
        for claim in claims {
            let account = self.store.account(&claim.account_id).await?.account;
            requests.push(StudentNumberRequest {
                account_id: account.id,
                name: account.name,
                email: account.email.to_string(),
                claim: claim.into(),
            });
        }
        Ok(requests)
    }

    /// The provider confirms (or, with `confirm` false, refuses) that a student number is the
    /// learner's; confirmed, its records are in the learner's wallet.
    pub async fn decide_student_number(
        &self,
        right: &IssuerRight,
        principal: &crate::Principal,
        id: &str,
        confirm: bool,
    ) -> AppResult<()> {
        let (actor, label) = principal.actor();
        if !confirm {
            return self
                .store
                .remove_student_number(None, Some(right.provider()), id)
                .await
                .map_err(|error| {
                    AppError::from_store(error, || format!("student number claim {id}"))
                });
        }
        let audit = self.audit(
            (actor.clone(), label),
            Some(right.provider()),
            "wallet.confirm_student_number",
            id,
            "",
        );
        self.store
            .confirm_student_number(right.provider(), id, self.now(), &actor, &audit)
            .await
            .map_err(|error| match error {
                store::StoreError::Conflict(_) => AppError::Conflict(
                    "this student number is confirmed for another account already".to_owned(),
                ),
                other => {
                    AppError::from_store(other, || format!("pending student number claim {id}"))
                }
            })?;
        Ok(())
    }
}
