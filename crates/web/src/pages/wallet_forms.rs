//! The wallet's forms: share links, import, addresses, student numbers, the DID, presentations,
//! export and erasure. Each answers with the wallet page and its notice or error.

use app::AppError;
use app::wallet::NewShare;
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::context::PageContext;
use super::i18n::wallet::wallet_text;
use super::learning::field;
use super::wallet::{Flash, answer, learner, notice};
use super::{PageResult, app_error_page, check_form, error_page};
use crate::SharedState;
use crate::auth::clear_session_cookie;

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
            ..Flash::default()
        })
    }
    .await;
    answer(&state, &context, &right, outcome).await
}

/// `POST /wallet/credential-offers`: an OpenID4VCI offer of one credential to a wallet, shown
/// once as a QR code, link and transaction code.
pub async fn offer(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let right = learner(&context)?;
    let outcome = state
        .app
        .create_credential_offer(
            &right,
            field(&fields, "credential"),
            field(&fields, "tx_code") == "on",
        )
        .await
        .map(|offer| Flash {
            offer: Some(offer),
            ..Flash::default()
        });
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
        // Signed out, on a page that no longer knows the account.
        Ok(()) => Ok((
            [(header::SET_COOKIE, clear_session_cookie())],
            axum::response::Redirect::to("/account/erased"),
        )
            .into_response()),
        Err(error) => answer(&state, &context, &right, Err(error)).await,
    }
}
