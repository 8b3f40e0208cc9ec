//! Credentials issued elsewhere that a learner uploads to the wallet. Each is verified first:
//! one whose signature does not verify (unreadable JSON, an unknown context, data outside the
//! signature, a wrong proof) is refused with the reason; one whose signature verifies but that
//! could not be verified fully (an issuer outside the trust list, a status list out of reach)
//! is kept with its report and the reasons, shown apart from credentials issued here.

use model::UiLang;
use serde::Serialize;
use store::{ImportedCredential, Store};
use time::OffsetDateTime;
use vc::report::{Outcome, checks};

use crate::App;
use crate::auth::LearnerRight;
use crate::error::{AppError, AppResult};
use crate::verification::MAX_CREDENTIAL_BYTES;

/// Largest file accepted for import.
pub const MAX_IMPORT_BYTES: usize = MAX_CREDENTIAL_BYTES;

/// Most credentials one wallet imports.
const MAX_IMPORTED: usize = 200;

/// An imported credential as the learner sees it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ImportedView {
    pub id: String,
    pub title: String,
    pub issuer: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String")]
    pub imported_at: OffsetDateTime,
    /// Whether every check passed at import.
    pub verified: bool,
    /// Why it is not fully verified: the checks that failed or could not run, with reasons.
    pub reasons: Vec<String>,
    /// The credential as uploaded.
    pub document: serde_json::Value,
}

fn view(credential: ImportedCredential) -> ImportedView {
    let report: vc::report::VerificationReport = serde_json::from_value(credential.report.clone())
        .unwrap_or(vc::report::VerificationReport {
            verified: false,
            checks: Vec::new(),
            annex_i: None,
            signed: None,
        });
    ImportedView {
        id: credential.id,
        title: credential.title,
        issuer: credential.issuer,
        imported_at: credential.imported_at,
        verified: credential.verified,
        reasons: reasons(&report),
        document: credential.document,
    }
}

fn reasons(report: &vc::report::VerificationReport) -> Vec<String> {
    report
        .checks
        .iter()
        .filter(|check| check.outcome != Outcome::Passed)
        .map(|check| format!("{}: {}", check.check, check.reason))
        .collect()
}

/// A PDF certificate's embedded credential, if it carries one as an attached JSON file: the
/// first `{` … `}` stream that parses as a credential. PDFs without one are refused.
fn credential_in_pdf(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(bytes);
    let mut from = 0;
    while let Some(start) = text[from..].find("stream") {
        let body = from + start + "stream".len();
        let Some(end) = text[body..].find("endstream") else {
            break;
        };
        let candidate = text[body..body + end].trim();
        if candidate.starts_with('{')
            && let Ok(value) = vc::json::parse(candidate.as_bytes())
            && value.get("@context").is_some()
        {
            return Some(candidate.as_bytes().to_vec());
        }
        from = body + end;
    }
    None
}

impl<S: Store> App<S> {
    pub(crate) async fn imported_credentials(
        &self,
        learner: &LearnerRight,
    ) -> AppResult<Vec<ImportedView>> {
        Ok(self
            .store
            .imported_credentials(learner.account())
            .await?
            .into_iter()
            .map(view)
            .collect())
    }

    /// Imports a credential file (JSON-LD, or a PDF with the credential embedded uncompressed).
    pub async fn import_credential(
        &self,
        learner: &LearnerRight,
        bytes: &[u8],
    ) -> AppResult<ImportedView> {
        if bytes.len() > MAX_IMPORT_BYTES {
            return Err(AppError::InvalidState(format!(
                "the file is {} bytes, over the limit of {MAX_IMPORT_BYTES} bytes for one credential",
                bytes.len()
            )));
        }
        let json = if bytes.starts_with(b"%PDF") {
            credential_in_pdf(bytes).ok_or_else(|| {
                AppError::InvalidState(
                    "this PDF carries no credential this register can read: import the credential's JSON file instead"
                        .to_owned(),
                )
            })?
        } else {
            bytes.to_vec()
        };
        let verification = self.verify_credential(&json).await?;
        let report = verification.report;
        if report.outcome(checks::PROOF) != Some(Outcome::Passed) {
            let reason = vc::verify::first_failure(&report)
                .map(|error| AppError::Credential {
                    code: error.code(),
                    message: format!("the credential cannot be imported: {error}"),
                })
                .unwrap_or_else(|| {
                    AppError::InvalidState(
                        "the credential cannot be imported: its signature could not be verified"
                            .to_owned(),
                    )
                });
            return Err(reason);
        }
        if self
            .store
            .imported_credentials(learner.account())
            .await?
            .len()
            >= MAX_IMPORTED
        {
            return Err(AppError::InvalidState(format!(
                "a wallet holds at most {MAX_IMPORTED} imported credentials; remove one first"
            )));
        }
        let document = vc::json::parse(&json).map_err(|error| AppError::Credential {
            code: error.code(),
            message: error.to_string(),
        })?;
        let content = report.content(UiLang::En);
        let element = |name: &str| {
            content
                .iter()
                .find(|row| row.element == name)
                .map(|row| row.value.lines().next().unwrap_or_default().to_owned())
        };
        let issuer = element("awarding_body")
            .or_else(|| {
                vc::verify::prepare(vc::contexts::processor(), &document)
                    .issuer()
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        let record = ImportedCredential {
            id: format!("imp-{}", self.random_hex(8)),
            account_id: learner.account().clone(),
            title: element("title").unwrap_or_else(|| "(untitled credential)".to_owned()),
            issuer,
            verified: report.verified && reasons(&report).is_empty(),
            report: serde_json::to_value(&report).unwrap_or_default(),
            document,
            imported_at: self.now(),
        };
        self.store.insert_imported_credential(&record).await?;
        Ok(view(record))
    }

    /// Removes an imported credential from the wallet (share links stop showing it).
    pub async fn remove_imported_credential(
        &self,
        learner: &LearnerRight,
        id: &str,
    ) -> AppResult<()> {
        self.store
            .delete_imported_credential(learner.account(), id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("imported credential {id}")))
    }
}
