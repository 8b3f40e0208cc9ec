//! A staff member's API tokens (`/account/tokens`): made for their integrations in their own
//! role, expiring, with their last use, revocable; a provider's admins see every token of their
//! provider with its owner (`/admin/tokens`).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use model::{ApiToken, TokenId, UiLang};

use super::context::{Chrome, PageContext, Section};
use super::format;
use super::provider_scope::provider_of;
use super::{PageResult, app_error_page, check_form, not_found_page, render, signed_in};
use crate::SharedState;

pub struct TokenText {
    pub title: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub label: &'static str,
    pub label_hint: &'static str,
    pub owner: &'static str,
    pub created: &'static str,
    pub expires: &'static str,
    pub last_used: &'static str,
    pub never: &'static str,
    pub days: &'static str,
    pub make: &'static str,
    pub made: &'static str,
    pub shown_once: &'static str,
    pub revoke: &'static str,
    pub revoked: &'static str,
    pub expired: &'static str,
}

const NL: TokenText = TokenText {
    title: "API-sleutels",
    intro: "Een API-sleutel laat een toepassing het register gebruiken met jouw rol, tot hij verloopt of je hem intrekt. Wordt je account verwijderd, dan vervallen ook je sleutels.",
    none: "Geen API-sleutels.",
    label: "Waarvoor",
    label_hint: "Bijvoorbeeld ‘koppeling studentenadministratie’.",
    owner: "Van",
    created: "Gemaakt",
    expires: "Verloopt",
    last_used: "Laatst gebruikt",
    never: "nooit",
    days: "Geldig (dagen, hoogstens 366)",
    make: "Sleutel maken",
    made: "De sleutel is gemaakt.",
    shown_once: "Kopieer hem nu: hij wordt niet opnieuw getoond.",
    revoke: "Intrekken",
    revoked: "ingetrokken",
    expired: "verlopen",
};

const EN: TokenText = TokenText {
    title: "API tokens",
    intro: "An API token lets an application use the register in your role, until it expires or you revoke it. If your account is removed, your tokens go with it.",
    none: "No API tokens.",
    label: "What for",
    label_hint: "For example ‘student administration link’.",
    owner: "Owner",
    created: "Made",
    expires: "Expires",
    last_used: "Last used",
    never: "never",
    days: "Valid for (days, at most 366)",
    make: "Make a token",
    made: "The token is made.",
    shown_once: "Copy it now: it is not shown again.",
    revoke: "Revoke",
    revoked: "revoked",
    expired: "expired",
};

fn token_text(lang: UiLang) -> &'static TokenText {
    if lang == UiLang::Nl { &NL } else { &EN }
}

pub struct TokenRow {
    pub id: String,
    pub label: String,
    pub role: &'static str,
    pub owner: String,
    pub created: String,
    pub expires: String,
    pub last_used: String,
    pub live: bool,
    pub state: &'static str,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage {
    chrome: Chrome,
    tt: &'static TokenText,
    tokens: Vec<TokenRow>,
    with_owner: bool,
    secret: Option<String>,
    error: Option<String>,
}

fn rows(tokens: Vec<ApiToken>, context: &PageContext, now: time::OffsetDateTime) -> Vec<TokenRow> {
    let tt = token_text(context.lang);
    let day = |at: Option<time::OffsetDateTime>| {
        at.map_or_else(
            || tt.never.to_owned(),
            |at| format::timestamp(at, context.lang),
        )
    };
    tokens
        .into_iter()
        .map(|token| {
            let expired = token.expires_at.is_some_and(|at| at <= now);
            TokenRow {
                id: token.id.to_string(),
                role: token.role.code(),
                owner: token
                    .account_id
                    .map_or_else(|| "operator".to_owned(), |id| id.to_string()),
                created: format::timestamp(token.created_at, context.lang),
                expires: day(token.expires_at),
                last_used: day(token.last_used_at),
                live: token.revoked_at.is_none() && !expired,
                state: if token.revoked_at.is_some() {
                    tt.revoked
                } else if expired {
                    tt.expired
                } else {
                    ""
                },
                label: token.label,
            }
        })
        .collect()
}

async fn show(
    state: &SharedState,
    context: &PageContext,
    secret: Option<String>,
    error: Option<String>,
) -> PageResult {
    let viewer = signed_in(context)?;
    if viewer
        .account()
        .is_none_or(|account| account.role.is_none())
    {
        return Err(not_found_page(context));
    }
    let tokens = state
        .app
        .own_tokens(viewer)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(
        status,
        &TokensPage {
            chrome: context.chrome(Section::Other),
            tt: token_text(context.lang),
            tokens: rows(tokens, context, state.app.now()),
            with_owner: false,
            secret,
            error,
        },
    ))
}

pub async fn page(State(state): State<SharedState>, context: PageContext) -> PageResult {
    show(&state, &context, None, None).await
}

pub async fn create(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let value = |name: &str| super::learning::field(&fields, name);
    let days = match value("days") {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("days: `{text}` is not a whole number")),
    };
    let outcome = match days {
        Ok(days) => {
            state
                .app
                .create_own_token(&viewer, value("label"), days)
                .await
        }
        Err(message) => Err(app::AppError::InvalidState(message)),
    };
    match outcome {
        Ok((_, secret)) => show(&state, &context, Some(secret), None).await,
        Err(app::AppError::InvalidState(message)) => {
            show(&state, &context, None, Some(message)).await
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}

pub async fn revoke(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = signed_in(&context)?.clone();
    let id = TokenId::parse(&id).map_err(|_| not_found_page(&context))?;
    state
        .app
        .revoke_own_token(&viewer, &id)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    show(&state, &context, None, None).await
}

/// `/admin/tokens`: every token of the provider, with its owner (its admins, platform admins).
pub async fn provider(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let asked = query
        .iter()
        .find(|(key, _)| key == "provider")
        .map(|(_, value)| value.as_str());
    let (viewer, provider) = provider_of(&context, asked)?;
    let Some(provider) = provider else {
        return Err(not_found_page(&context));
    };
    let admin = viewer
        .provider_admin(&provider)
        .map_err(|error| app_error_page(&context, error))?;
    let tokens = state
        .app
        .provider_tokens(&admin)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(render(
        StatusCode::OK,
        &TokensPage {
            chrome: context.chrome(Section::Admin),
            tt: token_text(context.lang),
            tokens: rows(tokens, &context, state.app.now()),
            with_owner: true,
            secret: None,
            error: None,
        },
    ))
}
