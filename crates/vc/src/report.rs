//! The verification report: one line per check, plus Annex I completeness apart from authenticity.

use crate::annex_i::AnnexI;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Passed,
    Failed,
    /// The check could not run (e.g. no trust list given); never counted as a pass.
    NotChecked,
}

/// Stable check identifiers, in report order.
pub mod checks {
    pub const SYNTAX: &str = "syntax_and_limits";
    pub const EXPANSION: &str = "jsonld_safe_expansion";
    pub const PROOF: &str = "proof";
    pub const VERIFICATION_METHOD: &str = "verification_method";
    pub const ISSUER_TRUSTED: &str = "issuer_trusted";
    pub const STATUS: &str = "status";
    pub const VALIDITY_PERIOD: &str = "validity_period";
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub check: String,
    pub outcome: Outcome,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationReport {
    /// Authenticity: no check failed and the proof check passed.
    pub verified: bool,
    pub checks: Vec<Check>,
    pub annex_i: AnnexI,
}

impl VerificationReport {
    pub(crate) fn new() -> Self {
        VerificationReport {
            verified: false,
            checks: Vec::new(),
            annex_i: AnnexI {
                complete: false,
                missing: Vec::new(),
            },
        }
    }

    pub(crate) fn add(&mut self, check: &str, outcome: Outcome, reason: impl Into<String>) {
        self.checks.push(Check {
            check: check.to_owned(),
            outcome,
            reason: reason.into(),
        });
    }

    pub(crate) fn finish(mut self) -> Self {
        let failed = self.checks.iter().any(|c| c.outcome == Outcome::Failed);
        let proof_passed = self
            .checks
            .iter()
            .any(|c| c.check == checks::PROOF && c.outcome == Outcome::Passed);
        self.verified = !failed && proof_passed;
        self
    }

    pub fn outcome(&self, check: &str) -> Option<Outcome> {
        self.checks
            .iter()
            .find(|c| c.check == check)
            .map(|c| c.outcome)
    }

    /// Human-readable lines for the command line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(if self.verified {
            "VERIFIED\n"
        } else {
            "NOT VERIFIED\n"
        });
        for check in &self.checks {
            let mark = match check.outcome {
                Outcome::Passed => "passed     ",
                Outcome::Failed => "FAILED     ",
                Outcome::NotChecked => "not checked",
            };
            out.push_str(&format!("  {mark}  {:<24} {}\n", check.check, check.reason));
        }
        if self.annex_i.complete {
            out.push_str("Annex I: all mandatory elements present\n");
        } else {
            out.push_str(&format!(
                "Annex I: missing {}\n",
                self.annex_i.missing.join(", ")
            ));
        }
        out
    }
}
