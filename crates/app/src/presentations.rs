//! Verifying a Verifiable Presentation for anyone (the verification page, `POST
//! /api/v1/verify`): the holder's proof with the verifier's challenge and domain first, then —
//! only when that holds — every credential inside, with every check a credential gets alone.

use store::Store;
use vc::presentation::{PresentationExpectations, PresentationReport};

use crate::App;
use crate::error::AppResult;
use crate::verification::Verification;

/// A presentation's report and the report of each credential it carries.
#[derive(Debug, Clone)]
pub struct PresentationVerification {
    pub report: PresentationReport,
    pub credentials: Vec<Verification>,
}

impl PresentationVerification {
    /// The holder's proof holds and every credential verifies.
    pub fn verified(&self) -> bool {
        self.report.verified
            && !self.credentials.is_empty()
            && self
                .credentials
                .iter()
                .all(|credential| credential.report.verified)
    }
}

/// Whether submitted JSON, as the strict reader read it, is a presentation (by its `type`)
/// rather than a credential.
pub fn is_presentation(value: &serde_json::Value) -> bool {
    match value.get("type") {
        Some(serde_json::Value::String(kind)) => kind == vc::presentation::PRESENTATION_TYPE,
        Some(serde_json::Value::Array(kinds)) => kinds
            .iter()
            .any(|kind| kind.as_str() == Some(vc::presentation::PRESENTATION_TYPE)),
        _ => false,
    }
}

impl<S: Store> App<S> {
    /// Verifies a presentation against the challenge and domain the verifier expects (a
    /// challenge not given is reported, not checked), then each credential it carries.
    pub async fn verify_presentation(
        &self,
        bytes: &[u8],
        challenge: Option<&str>,
        domain: Option<&str>,
    ) -> AppResult<PresentationVerification> {
        self.verify_parsed_presentation(vc::json::parse(bytes), challenge, domain)
            .await
    }

    /// As [`App::verify_presentation`], for bytes the strict JSON reader has read already
    /// (`parsed` is its answer).
    pub async fn verify_parsed_presentation(
        &self,
        parsed: vc::Result<serde_json::Value>,
        challenge: Option<&str>,
        domain: Option<&str>,
    ) -> AppResult<PresentationVerification> {
        let presentation = match parsed {
            Ok(presentation) => presentation,
            Err(error) => {
                return Ok(PresentationVerification {
                    report: vc::presentation::unreadable_presentation(&error),
                    credentials: Vec::new(),
                });
            }
        };
        let now = vc::ob3::timestamp(self.now());
        let report = vc::presentation::verify_presentation(
            vc::contexts::processor(),
            &presentation,
            &PresentationExpectations {
                challenge: challenge.filter(|value| !value.trim().is_empty()),
                domain: domain.filter(|value| !value.trim().is_empty()),
                now: Some(&now),
            },
        );
        let mut credentials = Vec::with_capacity(report.credentials.len());
        for credential in &report.credentials {
            credentials.push(self.verify_parsed(Ok(credential.clone())).await?);
        }
        Ok(PresentationVerification {
            report,
            credentials,
        })
    }
}
