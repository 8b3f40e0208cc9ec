//! The verification page, for anyone: drop a file or paste JSON (or follow a certificate's QR
//! code to `/verify/{id}`), and see each check of the report and then every Annex I element the
//! credential carries, labelled in Dutch or English. Works without JavaScript.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use model::{CredentialId, UiLang, Vocabulary};

use super::context::{Chrome, PageContext, Section};
use super::i18n::checks::{check_label, check_summary};
use super::i18n::issuing::{IssuingText, issuing_text};
use super::i18n::wallet::{WalletText, wallet_text};
use super::{PageResult, app_error_page, not_found_page, render};
use crate::SharedState;
use vc::content::ContentRow;

/// One line of the report as shown.
#[derive(Debug, Clone)]
pub struct CheckLine {
    pub label: &'static str,
    /// `passed`, `failed` or `not_checked` (also the CSS class).
    pub outcome: &'static str,
    pub outcome_label: &'static str,
    /// What the outcome means, in the reader's language.
    pub summary: String,
    /// The engine's precise reason (English), when the summary does not already say it.
    pub detail: Option<String>,
}

/// A finished verification as shown.
#[derive(Debug, Clone)]
pub struct ReportView {
    pub verified: bool,
    pub checks: Vec<CheckLine>,
    /// Annex I completeness, when the signed data could be read (the signature verified).
    pub annex: Option<AnnexView>,
    /// What the credential says, from signed data only (empty when the signature failed).
    pub content: Vec<ContentRow>,
    /// The report of a presentation's own proof (holder, challenge, domain), not a credential's.
    pub holder_proof: bool,
    pub rt: &'static super::i18n::recognition::RecognitionText,
    /// A stacked credential's parts: (name, id, state code, state label).
    pub parts: Vec<(String, String, String, String)>,
    pub part_withdrawn: bool,
    /// The recognition decisions that apply to the credential today.
    pub recognitions: Vec<super::recognition::DecisionRow>,
}

#[derive(Debug, Clone)]
pub struct AnnexView {
    pub complete: bool,
    pub missing: Vec<String>,
}

/// A verified presentation as shown: the holder's proof, then each credential inside.
pub struct PresentationView {
    /// The holder's proof holds and every credential verifies.
    pub verified: bool,
    pub holder: String,
    pub challenge: String,
    pub domain: String,
    /// The holder's proof, challenge and domain.
    pub proof: ReportView,
    pub credentials: Vec<ReportView>,
}

fn presentation_view(
    verification: &app::presentations::PresentationVerification,
    lang: UiLang,
) -> PresentationView {
    let report = &verification.report;
    PresentationView {
        verified: verification.verified(),
        holder: report.holder.clone().unwrap_or_default(),
        challenge: report.challenge.clone().unwrap_or_default(),
        domain: report.domain.clone().unwrap_or_default(),
        proof: ReportView {
            verified: report.verified,
            checks: check_lines(&report.checks, lang),
            annex: None,
            content: Vec::new(),
            holder_proof: true,
            rt: super::i18n::recognition::recognition_text(lang),
            parts: Vec::new(),
            part_withdrawn: false,
            recognitions: Vec::new(),
        },
        credentials: verification
            .credentials
            .iter()
            .map(|credential| report_view(credential, lang))
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage {
    chrome: Chrome,
    it: &'static IssuingText,
    wt: &'static WalletText,
    vt: &'static super::i18n::verifier::VerifierText,
    presentation: Option<PresentationView>,
    report: Option<ReportView>,
    /// For a stored credential: its id, for the download links.
    stored: Option<String>,
    pasted: String,
    lang: &'static str,
}

/// The lines of a list of checks.
pub(crate) fn check_lines(checks: &[vc::report::Check], lang: UiLang) -> Vec<CheckLine> {
    let it = issuing_text(lang);
    checks
        .iter()
        .map(|check| {
            let (outcome, outcome_label) = match check.outcome {
                vc::report::Outcome::Passed => ("passed", it.check_passed),
                vc::report::Outcome::Failed => ("failed", it.check_failed),
                vc::report::Outcome::NotChecked => ("not_checked", it.check_not_checked),
            };
            let summary = check_summary(&check.check, check.outcome, check.code.as_deref(), lang);
            CheckLine {
                label: check_label(&check.check, lang),
                outcome,
                outcome_label,
                summary: summary.map_or_else(|| check.reason.clone(), str::to_owned),
                detail: summary.map(|_| match &check.code {
                    Some(code) => format!("{} [{code}]", check.reason),
                    None => check.reason.clone(),
                }),
            }
        })
        .collect()
}

pub(crate) fn report_view(
    verification: &app::verification::Verification,
    lang: UiLang,
) -> ReportView {
    let report = &verification.report;
    ReportView {
        verified: report.verified,
        checks: check_lines(&report.checks, lang),
        annex: report.annex_i.as_ref().map(|annex_i| AnnexView {
            complete: annex_i.complete,
            missing: annex_i
                .missing
                .iter()
                .map(|element| vc::content::element_label(element, lang).to_owned())
                .collect(),
        }),
        content: report.content(lang),
        holder_proof: false,
        rt: super::i18n::recognition::recognition_text(lang),
        parts: verification
            .register
            .parts
            .iter()
            .map(|part| {
                let label = model::CredentialState::from_code(&part.state).map_or_else(
                    || issuing_text(lang).check_not_checked.to_owned(),
                    |state| state.label(lang).to_owned(),
                );
                (
                    part.name.clone(),
                    part.credential_id.clone(),
                    part.state.clone(),
                    label,
                )
            })
            .collect(),
        part_withdrawn: verification.register.part_withdrawn(),
        recognitions: verification
            .register
            .recognitions
            .iter()
            .map(|view| super::recognition::decision_row(view, lang))
            .collect(),
    }
}

fn page(
    context: &PageContext,
    report: Option<ReportView>,
    stored: Option<String>,
    pasted: String,
) -> PageResult {
    Ok(render(
        StatusCode::OK,
        &VerifyPage {
            chrome: context.chrome(Section::Verify),
            it: issuing_text(context.lang),
            wt: wallet_text(context.lang),
            vt: super::i18n::verifier::verifier_text(context.lang),
            presentation: None,
            report,
            stored,
            pasted,
            lang: context.lang.code(),
        },
    ))
}

pub async fn form(context: PageContext) -> PageResult {
    page(&context, None, None, String::new())
}

/// The form's POST: `multipart/form-data` with a `file` and/or a `credential` text.
pub async fn submit(
    State(state): State<SharedState>,
    context: PageContext,
    mut multipart: Multipart,
) -> PageResult {
    let mut file: Vec<u8> = Vec::new();
    let mut pasted = String::new();
    let mut challenge = String::new();
    let mut domain = String::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                return Err(super::error_page(
                    &context,
                    StatusCode::BAD_REQUEST,
                    context.t.error_400_title,
                    format!("the form could not be read: {error}"),
                ));
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        let bytes = field.bytes().await.map_err(|error| {
            super::error_page(
                &context,
                StatusCode::PAYLOAD_TOO_LARGE,
                context.t.error_400_title,
                format!("the upload could not be read: {error}"),
            )
        })?;
        match name.as_str() {
            "file" => file = bytes.to_vec(),
            "credential" => pasted = String::from_utf8_lossy(&bytes).into_owned(),
            "challenge" => challenge = String::from_utf8_lossy(&bytes).trim().to_owned(),
            "domain" => domain = String::from_utf8_lossy(&bytes).trim().to_owned(),
            _ => {}
        }
    }
    let input: &[u8] = if file.iter().any(|byte| !byte.is_ascii_whitespace()) {
        &file
    } else {
        pasted.as_bytes()
    };
    if input.iter().all(u8::is_ascii_whitespace) {
        return page(&context, None, None, pasted);
    }
    // Only a small paste is echoed back into the form.
    let echo = if pasted.len() <= 64 * 1024 {
        pasted.clone()
    } else {
        String::new()
    };
    let parsed = vc::json::parse(input);
    if parsed
        .as_ref()
        .is_ok_and(app::presentations::is_presentation)
    {
        let verification = state
            .app
            .verify_parsed_presentation(parsed, Some(&challenge), Some(&domain))
            .await
            .map_err(|error| app_error_page(&context, error))?;
        return Ok(render(
            StatusCode::OK,
            &VerifyPage {
                chrome: context.chrome(Section::Verify),
                it: issuing_text(context.lang),
                wt: wallet_text(context.lang),
                vt: super::i18n::verifier::verifier_text(context.lang),
                presentation: Some(presentation_view(&verification, context.lang)),
                report: None,
                stored: None,
                pasted: echo,
                lang: context.lang.code(),
            },
        ));
    }
    let verification = state
        .app
        .verify_parsed(parsed)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let report = report_view(&verification, context.lang);
    page(&context, Some(report), None, echo)
}

/// `/verify/{id}`: a credential stored here, as a certificate's QR code opens it.
pub async fn stored(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let id = CredentialId::from_urn(&id).map_err(|_| not_found_page(&context))?;
    let verification = state
        .app
        .verify_stored_credential(&id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let report = report_view(&verification, context.lang);
    page(
        &context,
        Some(report),
        Some(id.as_str().to_owned()),
        String::new(),
    )
}
