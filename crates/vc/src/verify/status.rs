//! The status check of a credential: its status entries read against authentic status lists
//! of its issuer — verified here, or verified before and handed in (`CheckedStatusList`).

use std::sync::OnceLock;

use serde_json::Value;

use super::{VerifyInputs, verify};
use crate::error::Error;
use crate::jsonld::Processor;
use crate::report::{CheckFailure, Outcome, VerificationReport, checks};
use crate::signed::{self, SignedCredential};
use crate::status_list::{self, StatusEntry};

/// A status-list credential and the report of its own verification.
#[derive(Debug, Clone)]
pub struct CheckedStatusList {
    /// The signed `id` of the list credential.
    id: Option<String>,
    report: VerificationReport,
    /// Its purpose and bits, decoded when first asked for (a list the register keeps is asked
    /// by every credential checked against it until its next revision).
    read: OnceLock<crate::Result<status_list::SignedList>>,
}

impl CheckedStatusList {
    /// Verifies a status-list credential (its proof and validity; no status of its own, no
    /// trust list) with `inputs`' DID documents and time.
    pub fn check(
        processor: &Processor,
        list: &Value,
        inputs: &VerifyInputs<'_>,
    ) -> CheckedStatusList {
        let list_inputs = VerifyInputs {
            status_lists: &[],
            trusted_issuers: None,
            ..*inputs
        };
        let report = verify(processor, list, &list_inputs);
        let id = report
            .signed
            .as_ref()
            .and_then(|graph| graph.root().iri())
            .map(str::to_owned);
        CheckedStatusList {
            id,
            report,
            read: OnceLock::new(),
        }
    }

    /// Whether the list's proof and key hold and it is within its validity (worth keeping).
    pub fn is_authentic(&self) -> bool {
        self.report.outcome(checks::PROOF) == Some(Outcome::Passed)
            && self.report.outcome(checks::VERIFICATION_METHOD) == Some(Outcome::Passed)
            && self.report.outcome(checks::VALIDITY_PERIOD) != Some(Outcome::Failed)
    }
}

pub(super) fn check_status(
    processor: &Processor,
    signed: &SignedCredential,
    inputs: &VerifyInputs<'_>,
    checked: &[&CheckedStatusList],
    report: &mut VerificationReport,
) {
    let entries = match signed.status_entries() {
        Ok(entries) => entries,
        Err(error) => return report.fail(checks::STATUS, &error),
    };
    if entries.is_empty() {
        return report.add(
            checks::STATUS,
            Outcome::NotChecked,
            "the credential has no credentialStatus",
        );
    }
    let verified_here: Vec<CheckedStatusList> = inputs
        .status_lists
        .iter()
        .map(|list| CheckedStatusList::check(processor, list, inputs))
        .collect();
    let lists: Vec<&CheckedStatusList> = checked
        .iter()
        .copied()
        .chain(verified_here.iter())
        .collect();
    let mut reasons = Vec::new();
    for entry in &entries {
        match entry_state(signed.issuer(), entry, &lists) {
            Ok(false) => reasons.push(format!("{} bit {} clear", entry.purpose, entry.index)),
            Ok(true) => {
                let state = if entry.purpose == "suspension" {
                    CheckFailure::Suspended
                } else {
                    CheckFailure::Revoked
                };
                return report.fail_with(
                    checks::STATUS,
                    state,
                    format!("credential is {} (index {})", state.code(), entry.index),
                );
            }
            Err(error) => return report.fail(checks::STATUS, &error),
        }
    }
    report.add(checks::STATUS, Outcome::Passed, reasons.join("; "));
}

/// Whether `entry`'s bit is set, from an authentic list of the issuer.
fn entry_state(
    issuer: &str,
    entry: &StatusEntry,
    lists: &[&CheckedStatusList],
) -> crate::Result<bool> {
    let unavailable = || {
        Error::StatusUnavailable(format!(
            "status list {} not available",
            entry.list_credential
        ))
    };
    let list = lists
        .iter()
        .find(|list| list.id.as_deref() == Some(entry.list_credential.as_str()))
        .ok_or_else(unavailable)?;
    let authentic = list.report.outcome(checks::PROOF) == Some(Outcome::Passed)
        && list.report.outcome(checks::VERIFICATION_METHOD) == Some(Outcome::Passed);
    let graph = list.report.signed.as_ref().filter(|_| authentic);
    let Some(graph) = graph.filter(|graph| signed::issuer_of(graph) == Some(issuer)) else {
        return Err(Error::InvalidStatusList(format!(
            "status list {} is not authentic or not from the issuer",
            entry.list_credential
        )));
    };
    if list.report.outcome(checks::VALIDITY_PERIOD) == Some(Outcome::Failed) {
        return Err(Error::InvalidStatusList(format!(
            "status list {} is outside its validity period",
            entry.list_credential
        )));
    }
    let read = list
        .read
        .get_or_init(|| status_list::SignedList::read(graph, &entry.list_credential));
    read.as_ref().map_err(Clone::clone)?.entry(entry)
}
