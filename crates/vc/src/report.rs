//! The verification report: one line per check, plus Annex I completeness apart from authenticity.

use crate::annex_i::AnnexI;
use crate::graph::Graph;
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
    /// The stable code of the error behind a failed check (e.g. `unsigned_data`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationReport {
    /// Authenticity: no check failed and the proof check passed.
    pub verified: bool,
    pub checks: Vec<Check>,
    /// Annex I completeness of the signed data; `None` when the signature did not verify
    /// (nothing in the document can then be vouched for).
    pub annex_i: Option<AnnexI>,
    /// The signed graph, when the signature verified: the only source of what the credential
    /// says ([`crate::content::rows`]). Not serialized.
    #[serde(skip)]
    pub signed: Option<Graph>,
}

impl VerificationReport {
    pub(crate) fn new() -> Self {
        VerificationReport {
            verified: false,
            checks: Vec::new(),
            annex_i: None,
            signed: None,
        }
    }

    pub(crate) fn add(&mut self, check: &str, outcome: Outcome, reason: impl Into<String>) {
        self.checks.push(Check {
            check: check.to_owned(),
            outcome,
            reason: reason.into(),
            code: None,
        });
    }

    /// A failed check caused by `error`: its message and its stable code.
    pub(crate) fn fail(&mut self, check: &str, error: &crate::Error) {
        self.failed(check, error.code(), error.to_string());
    }

    pub(crate) fn fail_with(
        &mut self,
        check: &str,
        failure: CheckFailure,
        reason: impl Into<String>,
    ) {
        self.failed(check, failure.code(), reason);
    }

    fn failed(&mut self, check: &str, code: &str, reason: impl Into<String>) {
        self.checks.push(Check {
            check: check.to_owned(),
            outcome: Outcome::Failed,
            reason: reason.into(),
            code: Some(code.to_owned()),
        });
    }

    /// What the credential says, labelled for people — only from signed data that verified.
    pub fn content(&self, lang: model::UiLang) -> Vec<crate::content::ContentRow> {
        self.signed
            .as_ref()
            .map(|graph| crate::content::rows(graph, lang))
            .unwrap_or_default()
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

    /// The report as JSON with what the credential says (`content`, from signed data only).
    pub fn to_json(&self, lang: model::UiLang) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        if let serde_json::Value::Object(map) = &mut value {
            map.insert(
                "content".to_owned(),
                serde_json::to_value(self.content(lang)).unwrap_or_default(),
            );
        }
        value
    }

    /// Human-readable lines for the command line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        out.push_str(if self.verified {
            "VERIFIED\n"
        } else {
            "NOT VERIFIED\n"
        });
        if self.verified && self.outcome(checks::ISSUER_TRUSTED) == Some(Outcome::NotChecked) {
            out.push_str(
                "  note: the issuer was not checked against a trust list: anyone can sign with a \
                 key of their own, so the issuer's name below is only its own claim \
                 (--trust-list FILE or --online)\n",
            );
        }
        for check in &self.checks {
            let mark = match check.outcome {
                Outcome::Passed => "passed     ",
                Outcome::Failed => "FAILED     ",
                Outcome::NotChecked => "not checked",
            };
            let code = check
                .code
                .as_ref()
                .map(|code| format!(" [{code}]"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {mark}  {:<24} {}{code}\n",
                check.check, check.reason
            ));
        }
        match &self.annex_i {
            Some(annex_i) if annex_i.complete => {
                out.push_str("Annex I: all mandatory elements present\n")
            }
            Some(annex_i) => out.push_str(&format!(
                "Annex I: missing {}\n",
                annex_i.missing.join(", ")
            )),
            None => out.push_str("Annex I: not read (the signature did not verify)\n"),
        }
        let content = self.content(model::UiLang::En);
        if !content.is_empty() {
            out.push_str(if self.verified {
                "What it proves (signed):\n"
            } else {
                "What it says (signed, but NOT valid):\n"
            });
            for row in content {
                let value = row.value.replace('\n', "; ");
                out.push_str(&format!("  {}: {value}\n", row.label));
            }
        }
        out
    }
}

/// Why a check failed when the credential is well formed but not valid: the codes of failed
/// checks besides the engine's [`crate::Error`] codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFailure {
    KeyNotIssuers,
    KeyNotForAssertion,
    IssuerNotTrusted,
    Revoked,
    Suspended,
    NotYetValid,
    Expired,
    InvalidDate,
}

impl CheckFailure {
    pub const ALL: &'static [CheckFailure] = &[
        CheckFailure::KeyNotIssuers,
        CheckFailure::KeyNotForAssertion,
        CheckFailure::IssuerNotTrusted,
        CheckFailure::Revoked,
        CheckFailure::Suspended,
        CheckFailure::NotYetValid,
        CheckFailure::Expired,
        CheckFailure::InvalidDate,
    ];

    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            CheckFailure::KeyNotIssuers => "key_not_issuers",
            CheckFailure::KeyNotForAssertion => "key_not_for_assertion",
            CheckFailure::IssuerNotTrusted => "issuer_not_trusted",
            CheckFailure::Revoked => "revoked",
            CheckFailure::Suspended => "suspended",
            CheckFailure::NotYetValid => "not_yet_valid",
            CheckFailure::Expired => "expired",
            CheckFailure::InvalidDate => "invalid_date",
        }
    }
}
