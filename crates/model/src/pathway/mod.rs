//! Stacking pathways (issue 12): a rule set a receiving organisation or a provider owns, whose
//! completion earns a larger credential. This module is the rule set and its evaluation over the
//! credentials a learner holds — pure, so the wallet, the pathway's public page and the award
//! all read the same answer.
//!
//! The rules, in the order they are applied:
//! - A credential **counts** only if it is active (not suspended or revoked), verified (its
//!   signature and issuer checks passed — imported credentials included), and not expired on the
//!   day of evaluation.
//! - Requirements are met in their order; a credential counts toward **one** requirement only —
//!   the first whose conditions it meets and which still needs it — so no credential is counted
//!   twice in one pathway.
//! - `Offerings`: credentials of the named offerings; all of them, or `at_least` of them.
//! - `Credentials`: any credentials meeting every condition given — issued by the named providers
//!   (or by any trusted issuer), at least an EQF level, in one of the ISCED-F fields (a field code
//!   matches its narrower codes: `061` takes `0613`), issued within the last N years — until both
//!   `min_credentials` and `min_ects` are reached; credentials are taken in the order held
//!   (earliest issued first), so the answer does not depend on storage order.

mod evaluate;

pub use evaluate::{HeldCredential, Issuer, Progress, RequirementProgress, evaluate};

use serde::{Deserialize, Serialize};

use crate::{ElementError, LangText, OfferingId, ProviderId, ViolationCode};

/// A pathway: what it leads to and what it takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathwayRules {
    pub name: LangText,
    #[serde(default)]
    pub description: LangText,
    /// The offering whose credential is awarded when the pathway is complete.
    pub awards: OfferingId,
    pub requirements: Vec<Requirement>,
    /// Award as soon as a learner completes it (otherwise the owner awards).
    #[serde(default)]
    pub automatic: bool,
}

/// One requirement of a pathway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Requirement {
    /// Credentials of these offerings: all of them, or `at_least` of them.
    Offerings {
        label: LangText,
        offerings: Vec<OfferingId>,
        #[serde(default)]
        at_least: Option<u32>,
    },
    /// Any credentials meeting every condition given, up to a number and ECTS in total.
    Credentials {
        label: LangText,
        #[serde(default)]
        min_credentials: Option<u32>,
        #[serde(default)]
        min_ects: Option<f64>,
        #[serde(default)]
        min_eqf: Option<u8>,
        /// ISCED-F codes (broad, narrow or detailed); empty: any field.
        #[serde(default)]
        fields: Vec<String>,
        /// Issued within the last this many years.
        #[serde(default)]
        within_years: Option<u32>,
        /// Issued by these providers; empty: by any trusted issuer.
        #[serde(default)]
        issuers: Vec<ProviderId>,
    },
}

impl PathwayRules {
    /// What is wrong with the rules, each with the element at fault (empty: fine).
    pub fn errors(&self) -> Vec<ElementError> {
        self.problems()
            .into_iter()
            .map(|problem| {
                let (element, message) = match problem.split_once(": ") {
                    Some((element, message)) if element.starts_with("requirements[") => {
                        (element.to_owned(), message.to_owned())
                    }
                    _ => (
                        if problem.contains("name") {
                            "name"
                        } else {
                            "requirements"
                        }
                        .to_owned(),
                        problem,
                    ),
                };
                ElementError {
                    element,
                    code: ViolationCode::InvalidValue,
                    message,
                    allowed: None,
                }
            })
            .collect()
    }

    /// What is wrong with the rules, each as a sentence naming the requirement (empty: fine).
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.name.0.values().all(|text| text.trim().is_empty()) {
            problems.push("the pathway needs a name".to_owned());
        }
        if self.requirements.is_empty() {
            problems.push("the pathway needs at least one requirement".to_owned());
        }
        if self.requirements.len() > 50 {
            problems.push("a pathway has at most 50 requirements".to_owned());
        }
        for (index, requirement) in self.requirements.iter().enumerate() {
            let at = format!("requirements[{index}]");
            match requirement {
                Requirement::Offerings {
                    offerings,
                    at_least,
                    ..
                } => {
                    if offerings.is_empty() || offerings.len() > 100 {
                        problems.push(format!("{at}: name 1 to 100 offerings"));
                    }
                    let mut sorted: Vec<_> = offerings.iter().collect();
                    sorted.sort();
                    sorted.dedup();
                    if sorted.len() != offerings.len() {
                        problems.push(format!("{at}: an offering is named twice"));
                    }
                    if let Some(at_least) = at_least
                        && (*at_least == 0 || *at_least as usize > offerings.len())
                    {
                        problems.push(format!(
                            "{at}: `at_least` must be 1 to the number of offerings ({})",
                            offerings.len()
                        ));
                    }
                }
                Requirement::Credentials {
                    min_credentials,
                    min_ects,
                    min_eqf,
                    fields,
                    within_years,
                    ..
                } => {
                    if min_credentials.unwrap_or(0) == 0 && min_ects.is_none_or(|ects| ects <= 0.0)
                    {
                        problems.push(format!(
                            "{at}: give `min_credentials` (at least 1) or `min_ects` (more than 0)"
                        ));
                    }
                    if min_ects
                        .is_some_and(|ects| !ects.is_finite() || !(0.0..=600.0).contains(&ects))
                    {
                        problems.push(format!("{at}: `min_ects` must be from 0 to 600"));
                    }
                    if min_eqf.is_some_and(|level| !(1..=8).contains(&level)) {
                        problems.push(format!("{at}: `min_eqf` must be an EQF level from 1 to 8"));
                    }
                    if let Some(field) = fields.iter().find(|field| {
                        !(2..=4).contains(&field.len())
                            || !field.bytes().all(|b| b.is_ascii_digit())
                    }) {
                        problems.push(format!("{at}: `{field}` is not an ISCED-F code"));
                    }
                    if within_years.is_some_and(|years| years == 0 || years > 50) {
                        problems.push(format!("{at}: `within_years` must be 1 to 50"));
                    }
                }
            }
        }
        problems
    }
}
