//! The learner's wallet page (`/wallet`) and its forms: share links, import, addresses,
//! student numbers, the DID, presentations, export and erasure. Every handler asks `app` with
//! the signed-in learner's right, which reaches their own records only.

use app::wallet::Wallet;
use app::{AppError, LearnerRight};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use model::{UiLang, Vocabulary};

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::i18n::wallet::{WalletText, wallet_text};
use super::{PageError, PageResult, app_error_page, render};
use crate::SharedState;

pub struct CredentialRow {
    pub id: String,
    pub urn: String,
    pub title: String,
    pub provider: String,
    pub issued: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub reason: String,
}

pub struct ImportedRow {
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub imported: String,
    pub verified: bool,
    pub reasons: Vec<String>,
}

pub struct LinkRow {
    pub id: String,
    pub name: String,
    pub created: String,
    pub expires: String,
    pub views: String,
    pub openings: Vec<String>,
    pub state: &'static str,
    pub live: bool,
}

#[derive(Template)]
#[template(path = "wallet.html")]
struct WalletPage {
    chrome: Chrome,
    wt: &'static WalletText,
    error: Option<String>,
    notice: Option<String>,
    new_link: Option<String>,
    credentials: Vec<CredentialRow>,
    imported: Vec<ImportedRow>,
    links: Vec<LinkRow>,
    /// (offering, provider, what happened so far)
    progress: Vec<(String, String, String)>,
    /// (address, is the sign-in address)
    addresses: Vec<(String, bool)>,
    /// (claim id, provider, number, confirmed)
    numbers: Vec<(String, String, String, bool)>,
    /// (provider id, name) for the student-number form
    providers: Vec<(String, String)>,
    did: Option<String>,
    did_key_held: bool,
    share_name: String,
    default_expiry: String,
    ft: &'static super::i18n::feedback::FeedbackText,
    pt: &'static super::i18n::pathways::PathwayText,
    /// The pathways the learner's credentials count toward.
    pathways: Vec<super::pathways::PathwayRow>,
    /// Rating forms for what was assessed.
    feedback: Vec<super::feedback::FeedbackRow>,
    rt: &'static super::i18n::recognition::RecognitionText,
    recognition: super::recognition::WalletRecognition,
    /// (credential urn, title) of the active credentials a wallet can receive.
    offerable: Vec<(String, String)>,
    offer: Option<app::vci::OfferCreated>,
    /// Until when the offer can be picked up, as read.
    offer_until: String,
}

/// What a form's answer adds to the page.
#[derive(Default)]
pub(super) struct Flash {
    pub(super) error: Option<String>,
    pub(super) notice: Option<String>,
    pub(super) new_link: Option<String>,
    /// A credential offer just made for a wallet (shown once: its QR code and code).
    pub(super) offer: Option<app::vci::OfferCreated>,
}

pub(super) fn learner(context: &PageContext) -> Result<LearnerRight, PageError> {
    let Some(viewer) = context.viewer.as_ref() else {
        return Err(super::redirect("/sign-in"));
    };
    viewer
        .learner()
        .map_err(|error| app_error_page(context, error))
}

fn progress_line(record: &app::wallet::WalletRecord, wt: &WalletText, lang: UiLang) -> String {
    let enrolled = format!("{} {}", wt.enrolled, record.enrolment.enrolled_on);
    match record.assessments.last() {
        Some(assessment) => format!(
            "{enrolled}; {} {}",
            if assessment.outcome.passed {
                wt.passed
            } else {
                wt.not_passed
            },
            format::date(assessment.outcome.assessed_on, lang)
        ),
        None => format!("{enrolled}; {}", wt.no_result),
    }
}

async fn rows(
    state: &SharedState,
    context: &PageContext,
    right: &LearnerRight,
    wallet: &Wallet,
) -> Result<Vec<LinkRow>, PageError> {
    let wt = wallet_text(context.lang);
    let mut links = Vec::with_capacity(wallet.share_links.len());
    for link in &wallet.share_links {
        let openings = state
            .app
            .share_link_openings(right, &link.id)
            .await
            .map_err(|error| app_error_page(context, error))?;
        let now = state.app.now();
        links.push(LinkRow {
            id: link.id.clone(),
            name: link.name.clone(),
            created: format::timestamp(link.created_at, context.lang),
            expires: format::timestamp(link.expires_at, context.lang),
            views: match link.view_limit {
                Some(limit) => format!("{} / {limit}", link.views),
                None => link.views.to_string(),
            },
            openings: openings
                .into_iter()
                .map(|at| {
                    format!(
                        "{} {:02}:{:02} UTC",
                        format::date(at.date(), context.lang),
                        at.hour(),
                        at.minute()
                    )
                })
                .collect(),
            state: if link.live {
                wt.live
            } else if link.revoked_at.is_some() {
                wt.revoked
            } else if link.expires_at <= now {
                wt.expired
            } else {
                wt.used_up
            },
            live: link.live,
        });
    }
    Ok(links)
}

async fn show(
    state: &SharedState,
    context: &PageContext,
    right: &LearnerRight,
    flash: Flash,
    status: StatusCode,
) -> PageResult {
    let lang = context.lang;
    let wt = wallet_text(lang);
    let wallet = state
        .app
        .wallet(right)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let answers = state
        .app
        .my_feedback(right)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let pathways = state
        .app
        .my_pathways(right)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let mut credentials = Vec::new();
    let mut progress = Vec::new();
    for record in &wallet.records {
        let title = record.offering_title.best(lang).to_owned();
        let provider = record.provider_name.best(lang).to_owned();
        if record.credentials.is_empty() {
            progress.push((
                title.clone(),
                provider.clone(),
                progress_line(record, wt, lang),
            ));
        }
        for credential in &record.credentials {
            credentials.push(CredentialRow {
                id: credential.id.as_str().to_owned(),
                urn: credential.id.urn(),
                title: title.clone(),
                provider: provider.clone(),
                issued: format::timestamp(credential.issued_at, lang),
                state: credential.state.code(),
                state_label: credential.state.label(lang),
                reason: credential.status_reason.clone().unwrap_or_default(),
            });
        }
    }
    let providers = state
        .app
        .providers(None)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let provider_name = |id: &model::ProviderId| {
        providers
            .iter()
            .find(|provider| &provider.id == id)
            .map_or_else(
                || id.to_string(),
                |provider| provider.content.legal_name.best(lang).to_owned(),
            )
    };
    let sendable: Vec<(String, String)> = credentials
        .iter()
        .filter(|row| row.state == "active")
        .map(|row| (row.urn.clone(), row.title.clone()))
        .chain(
            wallet
                .imported
                .iter()
                .filter(|imported| imported.verified)
                .map(|imported| (imported.id.clone(), imported.title.clone())),
        )
        .collect();
    let offerable: Vec<(String, String)> = credentials
        .iter()
        .filter(|row| row.state == "active")
        .map(|row| (row.urn.clone(), row.title.clone()))
        .collect();
    let recognition = super::recognition::wallet_section(state, context, right, sendable).await?;
    let page = WalletPage {
        chrome: context.chrome(Section::Wallet),
        wt,
        error: flash.error,
        notice: flash.notice,
        new_link: flash.new_link,
        links: rows(state, context, right, &wallet).await?,
        credentials,
        imported: wallet
            .imported
            .iter()
            .map(|imported| ImportedRow {
                id: imported.id.clone(),
                title: imported.title.clone(),
                issuer: imported.issuer.clone(),
                imported: format::timestamp(imported.imported_at, lang),
                verified: imported.verified,
                reasons: imported.reasons.clone(),
            })
            .collect(),
        progress,
        addresses: wallet
            .addresses
            .iter()
            .map(|address| (address.email.clone(), address.primary))
            .collect(),
        numbers: wallet
            .student_numbers
            .iter()
            .map(|number| {
                (
                    number.id.clone(),
                    provider_name(&number.provider_id),
                    number.student_number.clone(),
                    number.confirmed,
                )
            })
            .collect(),
        providers: providers
            .iter()
            .map(|provider| {
                (
                    provider.id.to_string(),
                    provider.content.legal_name.best(lang).to_owned(),
                )
            })
            .collect(),
        did: wallet.did.clone(),
        did_key_held: wallet.did_key_held,
        share_name: String::new(),
        default_expiry: (state.app.now().date() + time::Duration::days(30)).to_string(),
        ft: super::i18n::feedback::feedback_text(lang),
        pt: super::i18n::pathways::pathway_text(lang),
        pathways: super::pathways::wallet_rows(&pathways, lang),
        feedback: super::feedback::rows(&wallet.records, &answers, lang, state.app.now()),
        rt: super::i18n::recognition::recognition_text(lang),
        recognition,
        offerable,
        offer_until: flash.offer.as_ref().map_or_else(String::new, |offer| {
            format!(
                "{} {:02}:{:02} UTC",
                format::date(offer.expires_at.date(), lang),
                offer.expires_at.hour(),
                offer.expires_at.minute()
            )
        }),
        offer: flash.offer,
    };
    Ok(render(status, &page))
}

/// Shows the page after a form: its notice, or its error (422 for what the learner can fix).
pub(super) async fn answer(
    state: &SharedState,
    context: &PageContext,
    right: &LearnerRight,
    outcome: Result<Flash, AppError>,
) -> PageResult {
    match outcome {
        Ok(flash) => show(state, context, right, flash, StatusCode::OK).await,
        Err(
            AppError::InvalidState(message)
            | AppError::Conflict(message)
            | AppError::Credential { message, .. },
        ) => {
            let flash = Flash {
                error: Some(message),
                ..Flash::default()
            };
            show(
                state,
                context,
                right,
                flash,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::NotFound(what)) => {
            let flash = Flash {
                error: Some(format!("{what}: not found")),
                ..Flash::default()
            };
            show(state, context, right, flash, StatusCode::NOT_FOUND).await
        }
        Err(error) => Err(app_error_page(context, error)),
    }
}

pub(super) fn notice(text: &str) -> Flash {
    Flash {
        notice: Some(text.to_owned()),
        ..Flash::default()
    }
}

pub async fn page(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let right = learner(&context)?;
    show(&state, &context, &right, Flash::default(), StatusCode::OK).await
}
