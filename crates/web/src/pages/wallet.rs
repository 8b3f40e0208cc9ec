//! The learner's wallet page (`/wallet`) and its forms: share links, import, addresses,
//! student numbers, the DID, presentations, export and erasure. Every handler asks `app` with
//! the signed-in learner's right, which reaches their own records only.

use app::wallet::{NewShare, Wallet};
use app::{AppError, LearnerRight};
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use model::{UiLang, Vocabulary};

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::i18n::wallet::{WalletText, wallet_text};
use super::{PageError, PageResult, app_error_page, check_form, error_page, render};
use crate::SharedState;
use crate::auth::clear_session_cookie;

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
}

/// What a form's answer adds to the page.
#[derive(Default)]
struct Flash {
    error: Option<String>,
    notice: Option<String>,
    new_link: Option<String>,
}

fn learner(context: &PageContext) -> Result<LearnerRight, PageError> {
    let Some(viewer) = context.viewer.as_ref() else {
        return Err(super::redirect("/sign-in"));
    };
    viewer
        .learner()
        .map_err(|error| app_error_page(context, error))
}

fn field<'f>(fields: &'f [(String, String)], name: &str) -> &'f str {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.trim())
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
    };
    Ok(render(status, &page))
}

/// Shows the page after a form: its notice, or its error (422 for what the learner can fix).
async fn answer(
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

fn notice(text: &str) -> Flash {
    Flash {
        notice: Some(text.to_owned()),
        ..Flash::default()
    }
}

pub async fn page(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let right = learner(&context)?;
    show(&state, &context, &right, Flash::default(), StatusCode::OK).await
}

/// Reads a share or presentation form's chosen credentials.
fn chosen(fields: &[(String, String)]) -> Vec<String> {
    fields
        .iter()
        .filter(|(key, _)| key == "credential")
        .map(|(_, value)| value.clone())
        .collect()
}

pub async fn share(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let wt = wallet_text(context.lang);
    let outcome = async {
        let expires_on = time::Date::parse(
            field(&fields, "expires_on"),
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map_err(|_| {
            AppError::InvalidState(format!(
                "expires_on: `{}` is not a date (YYYY-MM-DD)",
                field(&fields, "expires_on")
            ))
        })?;
        let view_limit = match field(&fields, "view_limit") {
            "" => None,
            text => Some(text.parse::<u32>().map_err(|_| {
                AppError::InvalidState(format!("view_limit: `{text}` is not a whole number"))
            })?),
        };
        let share = NewShare {
            name: field(&fields, "name").to_owned(),
            credentials: chosen(&fields),
            expires_on,
            view_limit,
        };
        let (_, url) = state.app.create_share_link(&right, &share).await?;
        Ok(Flash {
            notice: Some(wt.shared_done.to_owned()),
            new_link: Some(url),
            error: None,
        })
    }
    .await;
    answer(&state, &context, &right, outcome).await
}

pub async fn revoke_share(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = state.app.revoke_share_link(&right, &id).await;
    let done = notice(wallet_text(context.lang).revoked_done);
    answer(&state, &context, &right, outcome.map(|()| done)).await
}

pub async fn import(
    State(state): State<SharedState>,
    context: PageContext,
    mut multipart: Multipart,
) -> PageResult {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut file: Vec<u8> = Vec::new();
    while let Some(part) = multipart.next_field().await.map_err(|error| {
        error_page(
            &context,
            StatusCode::BAD_REQUEST,
            context.t.error_400_title,
            format!("the upload could not be read: {error}"),
        )
    })? {
        let name = part.name().unwrap_or_default().to_owned();
        let bytes = part.bytes().await.map_err(|error| {
            error_page(
                &context,
                StatusCode::PAYLOAD_TOO_LARGE,
                context.t.error_400_title,
                format!("the upload could not be read: {error}"),
            )
        })?;
        if name == "file" {
            file = bytes.to_vec();
        } else {
            fields.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = if file.is_empty() {
        Err(AppError::InvalidState(
            "file: choose a credential file to import".to_owned(),
        ))
    } else {
        state.app.import_credential(&right, &file).await
    };
    let done = notice(wallet_text(context.lang).imported_done);
    answer(&state, &context, &right, outcome.map(|_| done)).await
}

pub async fn remove_imported(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = state.app.remove_imported_credential(&right, &id).await;
    let done = notice(wallet_text(context.lang).removed_done);
    answer(&state, &context, &right, outcome.map(|()| done)).await
}

pub async fn add_address(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = state.app.add_address(&right, field(&fields, "email")).await;
    let done = notice(wallet_text(context.lang).address_sent);
    answer(&state, &context, &right, outcome.map(|()| done)).await
}

pub async fn remove_address(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = state
        .app
        .remove_address(&right, field(&fields, "email"))
        .await;
    let done = notice(wallet_text(context.lang).removed_done);
    answer(&state, &context, &right, outcome.map(|()| done)).await
}

pub async fn claim_student_number(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = match model::ProviderId::parse(field(&fields, "provider")) {
        Ok(provider) => {
            state
                .app
                .claim_student_number(&right, &provider, field(&fields, "student_number"))
                .await
        }
        Err(reason) => Err(AppError::InvalidState(format!("provider: {reason}"))),
    };
    let done = notice(wallet_text(context.lang).claimed);
    answer(&state, &context, &right, outcome.map(|_| done)).await
}

pub async fn withdraw_student_number(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = state.app.withdraw_student_number(&right, &id).await;
    let done = notice(wallet_text(context.lang).removed_done);
    answer(&state, &context, &right, outcome.map(|()| done)).await
}

pub async fn make_did(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = state.app.make_learner_did(&right).await;
    let done = notice(wallet_text(context.lang).did_made);
    answer(&state, &context, &right, outcome.map(|_| done)).await
}

pub async fn own_did(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = state.app.use_own_did(&right, field(&fields, "did")).await;
    let done = notice(wallet_text(context.lang).did_made);
    answer(&state, &context, &right, outcome.map(|_| done)).await
}

fn download(content_type: &'static str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

pub async fn presentation(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    match state
        .app
        .present(
            &right,
            &chosen(&fields),
            field(&fields, "challenge"),
            field(&fields, "domain"),
        )
        .await
    {
        Ok(presentation) => Ok(download(
            "application/ld+json",
            "presentation.json",
            serde_json::to_vec_pretty(&presentation).unwrap_or_default(),
        )),
        Err(error) => answer(&state, &context, &right, Err(error)).await,
    }
}

pub async fn export(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let right = learner(&context)?;
    let zip = state
        .app
        .export_wallet(&right)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(download("application/zip", "microcred-wallet.zip", zip))
}

pub async fn erase(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    match state
        .app
        .erase_account(
            &right,
            fields
                .iter()
                .find(|(key, _)| key == "password")
                .map_or("", |(_, value)| value),
        )
        .await
    {
        Ok(()) => {
            let wt = wallet_text(context.lang);
            let mut response = error_page(&context, StatusCode::OK, wt.erase, wt.erased.to_owned())
                .into_response();
            if let Ok(value) = header::HeaderValue::from_str(&clear_session_cookie()) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            Ok(response)
        }
        Err(error) => answer(&state, &context, &right, Err(error)).await,
    }
}
