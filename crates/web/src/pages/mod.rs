//! Server-rendered pages: the public catalogue, offering and provider pages, sign-in and the
//! admin forms for offerings and the provider register. Askama templates (checked at compile
//! time, HTML-escaped by default), in Dutch and English, working without JavaScript.

mod accounts;
mod admin;
mod admin_form;
mod assets;
mod awards;
mod bars;
mod chart;
mod context;
mod credentials;
mod enrolment;
mod feedback;
mod form_document;
mod form_errors;
mod form_values;
mod form_view;
pub(crate) mod format;
mod i18n;
mod imports;
mod learning;
mod offering;
mod offering_view;
mod oidc;
mod origin;
mod own_tokens;
mod paging;
mod parliament;
mod pathways;
mod provider;
mod provider_form;
mod provider_form_data;
mod provider_form_view;
mod provider_scope;
mod recognition;
mod search;
mod session;
mod sharing;
mod staff;
mod statistics;
mod student_numbers;
mod verifier;
mod verify;
mod wallet;
mod wallet_authorize;
mod wallet_forms;

use app::AppError;
use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

pub use context::{CSRF_FIELD, LANG_COOKIE, csrf_token};
use context::{Chrome, PageContext, Section};

use crate::{Endpoint, SharedState, endpoint};

/// Every page endpoint (see `crate::Endpoint`).
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        endpoint("/", &["GET"], get(search::page)),
        endpoint("/offerings/{id}", &["GET"], get(offering::show)),
        endpoint(
            "/offerings/{id}/versions/{version}",
            &["GET"],
            get(offering::version),
        ),
        endpoint("/providers", &["GET"], get(provider::list)),
        endpoint("/providers/{id}", &["GET"], get(provider::show)),
        endpoint("/pathways", &["GET"], get(pathways::list)),
        endpoint("/pathways/{id}", &["GET"], get(pathways::show)),
        endpoint("/pathways/{id}/award", &["POST"], post(awards::claim)),
        endpoint("/recognitions", &["GET"], get(recognition::list)),
        endpoint(
            "/admin/recognitions",
            &["GET", "POST"],
            get(recognition::admin).post(recognition::decide),
        ),
        endpoint(
            "/admin/recognitions/{id}/withdraw",
            &["POST"],
            post(recognition::withdraw),
        ),
        endpoint(
            "/admin/recognitions/requests/{id}",
            &["GET"],
            get(recognition::request),
        ),
        endpoint(
            "/wallet/credential-offers",
            &["POST"],
            post(wallet_forms::offer),
        ),
        endpoint(
            "/wallet/recognition-requests",
            &["POST"],
            post(recognition::ask),
        ),
        endpoint(
            "/wallet/recognition-requests/{id}/withdraw",
            &["POST"],
            post(recognition::withdraw_mine),
        ),
        endpoint(
            "/admin/pathways/{id}/awards",
            &["GET"],
            get(awards::requests),
        ),
        endpoint(
            "/admin/pathways/{id}/awards/{account}",
            &["POST"],
            post(awards::award),
        ),
        endpoint(
            "/admin/pathways",
            &["GET", "POST"],
            get(pathways::admin).post(pathways::create),
        ),
        endpoint(
            "/admin/pathways/{id}/withdraw",
            &["POST"],
            post(pathways::withdraw),
        ),
        endpoint(
            "/sign-in",
            &["GET", "POST"],
            get(session::form).post(session::sign_in),
        ),
        endpoint("/sign-out", &["POST"], post(session::sign_out)),
        endpoint("/sign-in/oidc/{id}", &["POST"], post(oidc::start)),
        endpoint("/auth/oidc/callback", &["GET"], get(oidc::callback)),
        endpoint("/account/identities/{id}/link", &["POST"], post(oidc::link)),
        endpoint(
            "/account/identities/{id}/unlink",
            &["POST"],
            post(oidc::unlink),
        ),
        endpoint(
            "/admin/identity-providers",
            &["GET", "POST"],
            get(oidc::list).post(oidc::add),
        ),
        endpoint(
            "/admin/identity-providers/{id}/{action}",
            &["POST"],
            post(oidc::switch),
        ),
        endpoint(
            "/sign-up",
            &["GET", "POST"],
            get(accounts::sign_up_form).post(accounts::sign_up),
        ),
        endpoint("/account", &["GET"], get(accounts::account)),
        endpoint("/account/erased", &["GET"], get(accounts::erased)),
        endpoint(
            "/account/password",
            &["POST"],
            post(accounts::change_password),
        ),
        endpoint(
            "/account/reset",
            &["GET", "POST"],
            get(accounts::reset_request_form).post(accounts::reset_request),
        ),
        endpoint(
            "/account/{path}/{secret}",
            &["GET", "POST"],
            get(accounts::link_form).post(accounts::link_use),
        ),
        endpoint("/demo/outbox", &["GET"], get(accounts::demo_outbox)),
        endpoint("/admin/staff", &["GET"], get(staff::list)),
        endpoint("/admin/staff/invite", &["POST"], post(staff::invite)),
        endpoint("/admin/staff/{id}/remove", &["POST"], post(staff::remove)),
        endpoint("/admin/audit", &["GET"], get(staff::audit)),
        endpoint(
            "/account/tokens",
            &["GET", "POST"],
            get(own_tokens::page).post(own_tokens::create),
        ),
        endpoint(
            "/account/tokens/{id}/revoke",
            &["POST"],
            post(own_tokens::revoke),
        ),
        endpoint("/admin/tokens", &["GET"], get(own_tokens::provider)),
        endpoint("/wallet", &["GET"], get(wallet::page)),
        endpoint("/wallet/share", &["POST"], post(wallet_forms::share)),
        endpoint(
            "/wallet/share/{id}/revoke",
            &["POST"],
            post(wallet_forms::revoke_share),
        ),
        endpoint(
            "/wallet/import",
            &["POST"],
            post(wallet_forms::import).layer(axum::extract::DefaultBodyLimit::max(
                app::wallet::MAX_IMPORT_BYTES + 64 * 1024,
            )),
        ),
        endpoint(
            "/wallet/imported/{id}/remove",
            &["POST"],
            post(wallet_forms::remove_imported),
        ),
        endpoint(
            "/wallet/addresses",
            &["POST"],
            post(wallet_forms::add_address),
        ),
        endpoint(
            "/wallet/addresses/remove",
            &["POST"],
            post(wallet_forms::remove_address),
        ),
        endpoint(
            "/wallet/student-numbers",
            &["POST"],
            post(wallet_forms::claim_student_number),
        ),
        endpoint(
            "/wallet/student-numbers/{id}/withdraw",
            &["POST"],
            post(wallet_forms::withdraw_student_number),
        ),
        endpoint("/wallet/did", &["POST"], post(wallet_forms::make_did)),
        endpoint(
            "/wallet/feedback/{enrolment}",
            &["POST"],
            post(feedback::give),
        ),
        endpoint(
            "/admin/offerings/{id}/feedback",
            &["GET"],
            get(feedback::summary),
        ),
        endpoint("/wallet/did/own", &["POST"], post(wallet_forms::own_did)),
        endpoint(
            "/wallet/presentation",
            &["POST"],
            post(wallet_forms::presentation),
        ),
        endpoint("/wallet/export.zip", &["GET"], get(wallet_forms::export)),
        endpoint("/wallet/erase", &["POST"], post(wallet_forms::erase)),
        endpoint("/s/{token}", &["GET"], get(sharing::shared)),
        endpoint("/privacy", &["GET"], get(sharing::privacy)),
        endpoint(
            "/admin/student-numbers",
            &["GET"],
            get(student_numbers::list),
        ),
        endpoint(
            "/admin/student-numbers/{id}/{decision}",
            &["POST"],
            post(student_numbers::decide),
        ),
        endpoint("/admin", &["GET"], get(admin::dashboard)),
        endpoint(
            "/admin/offerings/new",
            &["GET", "POST"],
            get(admin_form::new_form).post(admin_form::create),
        ),
        endpoint(
            "/admin/offerings/{id}/edit",
            &["GET", "POST"],
            get(admin_form::edit_form).post(admin_form::update),
        ),
        endpoint(
            "/admin/offerings/{id}/publish",
            &["POST"],
            post(admin::publish),
        ),
        endpoint(
            "/admin/offerings/{id}/withdraw",
            &["POST"],
            post(admin::withdraw),
        ),
        endpoint(
            "/admin/provider",
            &["GET", "POST"],
            get(provider_form::own_form).post(provider_form::own_save),
        ),
        endpoint(
            "/admin/providers/new",
            &["GET", "POST"],
            get(provider_form::new_form).post(provider_form::create),
        ),
        endpoint(
            "/admin/providers/{id}/edit",
            &["GET", "POST"],
            get(provider_form::edit_form).post(provider_form::update),
        ),
        endpoint(
            "/admin/providers/{id}/publish",
            &["POST"],
            post(provider_form::publish),
        ),
        endpoint(
            "/admin/providers/{id}/withdraw",
            &["POST"],
            post(provider_form::withdraw),
        ),
        endpoint(
            "/verify",
            &["GET", "POST"],
            get(verify::form)
                .post(verify::submit)
                .layer(axum::extract::DefaultBodyLimit::max(
                    app::verification::MAX_CREDENTIAL_BYTES + 64 * 1024,
                )),
        ),
        endpoint("/verify/{id}", &["GET"], get(verify::stored)),
        endpoint(
            "/oid4vci/authorize",
            &["GET", "POST"],
            get(wallet_authorize::form).post(wallet_authorize::decide),
        ),
        endpoint(
            "/verifier",
            &["GET", "POST"],
            get(verifier::form).post(verifier::create),
        ),
        endpoint(
            "/verifier/requests/{view}",
            &["GET"],
            get(verifier::request),
        ),
        endpoint("/statistics", &["GET"], get(statistics::index)),
        endpoint("/statistics/parliament", &["GET"], get(parliament::page)),
        endpoint(
            "/statistics/parliament.xlsx",
            &["GET"],
            get(parliament::workbook),
        ),
        endpoint(
            "/statistics/workbook.xlsx",
            &["GET"],
            get(statistics::workbook),
        ),
        endpoint("/statistics/{id}", &["GET"], get(statistics::overview)),
        endpoint(
            "/statistics/{id}/download",
            &["GET"],
            get(statistics::download),
        ),
        endpoint("/admin/learners", &["GET"], get(learning::learners)),
        endpoint("/admin/learners/enrol", &["POST"], post(learning::enrol)),
        endpoint(
            "/admin/learners/upload",
            &["POST"],
            post(learning::upload).layer(axum::extract::DefaultBodyLimit::max(
                app::import_file::MAX_FILE_BYTES + 64 * 1024,
            )),
        ),
        endpoint(
            "/admin/learners/issue",
            &["POST"],
            post(learning::issue_pending),
        ),
        endpoint(
            "/admin/enrolments/{id}",
            &["GET"],
            get(enrolment::enrolment),
        ),
        endpoint(
            "/admin/enrolments/{id}/results",
            &["POST"],
            post(enrolment::record_result),
        ),
        endpoint(
            "/admin/assessments/{id}/issue",
            &["POST"],
            post(enrolment::issue),
        ),
        endpoint("/admin/imports", &["GET"], get(imports::list)),
        endpoint("/admin/imports/{id}", &["GET"], get(enrolment::import_job)),
        endpoint("/admin/credentials", &["GET"], get(credentials::list)),
        endpoint(
            "/admin/credentials/{id}/correct",
            &["POST"],
            post(enrolment::correct),
        ),
        endpoint(
            "/admin/credentials/{id}/{action}",
            &["POST"],
            post(credentials::change),
        ),
        endpoint(
            "/admin/providers/{id}/keys/rotate",
            &["POST"],
            post(credentials::rotate_key),
        ),
        endpoint("/static/{file}", &["GET"], get(assets::file)),
    ]
}

/// (path, methods) of every page endpoint, for tests.
pub fn endpoint_table() -> Vec<(&'static str, &'static [&'static str])> {
    crate::table_of(endpoints())
}

pub fn router(state: &SharedState) -> Router<SharedState> {
    crate::router_of(endpoints())
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            origin::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::form_cookie,
        ))
        .layer(axum::middleware::from_fn(context::remember_language))
}

/// An error page (or a redirect to sign in), already rendered. Boxed: a `Response` is large and
/// travels through every `?` of a handler.
pub struct PageError(Box<Response>);

impl From<Response> for PageError {
    fn from(response: Response) -> PageError {
        PageError(Box::new(response))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        *self.0
    }
}

/// What a page handler returns: the page, or an error page.
pub type PageResult = Result<Response, PageError>;

fn redirect(to: &str) -> PageError {
    Redirect::to(to).into_response().into()
}

/// Renders a template as an HTML response with `status`.
fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                // The same URL differs by session and language cookie: never share it between readers.
                (header::CACHE_CONTROL, "private, no-cache"),
                (header::VARY, "Cookie, Accept-Language"),
            ],
            body,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "page template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// A page with a status and message: 404, 403, 400, 409, 500.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    title: String,
    message: String,
}

pub(crate) fn error_page(
    context: &PageContext,
    status: StatusCode,
    title: &str,
    message: String,
) -> PageError {
    let page = ErrorPage {
        chrome: context.chrome(Section::Other),
        status: status.as_u16(),
        title: title.to_owned(),
        message,
    };
    render(status, &page).into()
}

pub(crate) fn not_found_page(context: &PageContext) -> PageError {
    error_page(
        context,
        StatusCode::NOT_FOUND,
        context.t.error_404_title,
        context.t.error_404_text.to_owned(),
    )
}

fn forbidden_page(context: &PageContext) -> PageError {
    error_page(
        context,
        StatusCode::FORBIDDEN,
        context.t.error_403_title,
        context.t.error_403_text.to_owned(),
    )
}

/// The page for a use-case error. Signed-out visitors of admin pages are sent to sign in.
fn app_error_page(context: &PageContext, error: AppError) -> PageError {
    let t = context.t;
    match error {
        AppError::NotFound(_) => not_found_page(context),
        AppError::Forbidden(_) => forbidden_page(context),
        AppError::Unauthenticated(_) => redirect("/sign-in"),
        error @ AppError::TooManyAttempts { .. } => error_page(
            context,
            StatusCode::TOO_MANY_REQUESTS,
            t.error_400_title,
            error.to_string(),
        ),
        AppError::Conflict(message) | AppError::InvalidState(message) => {
            error_page(context, StatusCode::CONFLICT, t.error_409_title, message)
        }
        AppError::Credential { message, .. } => error_page(
            context,
            StatusCode::UNPROCESSABLE_ENTITY,
            t.error_400_title,
            message,
        ),
        AppError::ImportFile(error) => error_page(
            context,
            StatusCode::UNPROCESSABLE_ENTITY,
            t.error_400_title,
            error.to_string(),
        ),
        AppError::NotConfigured(message) => error_page(
            context,
            StatusCode::SERVICE_UNAVAILABLE,
            t.error_500_title,
            message,
        ),
        AppError::SignInRefused(message) => error_page(
            context,
            StatusCode::UNAUTHORIZED,
            t.error_400_title,
            message,
        ),
        AppError::IdentityProviderUnavailable(message) => {
            error_page(context, StatusCode::BAD_GATEWAY, t.error_500_title, message)
        }
        AppError::Certificate(message) => error_page(
            context,
            StatusCode::INTERNAL_SERVER_ERROR,
            t.error_500_title,
            message,
        ),
        // Forms handle validation themselves; elsewhere it means the request itself was wrong.
        AppError::Validation(errors) => error_page(
            context,
            StatusCode::UNPROCESSABLE_ENTITY,
            t.error_400_title,
            errors.to_string(),
        ),
        AppError::Store(app::StoreError::Unavailable(reason)) => {
            tracing::error!(%reason, "database unreachable on a page");
            error_page(
                context,
                StatusCode::SERVICE_UNAVAILABLE,
                t.error_500_title,
                t.error_500_text.to_owned(),
            )
        }
        AppError::Store(error) => {
            tracing::error!(%error, "storage failure on a page");
            error_page(
                context,
                StatusCode::INTERNAL_SERVER_ERROR,
                t.error_500_title,
                t.error_500_text.to_owned(),
            )
        }
    }
}

async fn not_found(context: PageContext) -> PageError {
    not_found_page(&context)
}

/// The signed-in principal, or a redirect to the sign-in page.
fn signed_in(context: &PageContext) -> Result<&app::Principal, PageError> {
    context.viewer.as_ref().ok_or_else(|| redirect("/sign-in"))
}

/// Rejects a POST of a form anyone may send (sign-in, sign-up, forgotten password) that lacks
/// the token of the browser's session or form secret.
fn check_any_form(context: &PageContext, form: &[(String, String)]) -> Result<(), PageError> {
    csrf_checked(context, context.any_csrf_ok(form))
}

/// Rejects a POST whose form lacks this session's CSRF token.
/// What a form's author can fix, in one line: every element of a validation error, or the
/// sentence of a refusal the record's state explains (`None`: an error page answers).
fn fixable_message(error: &AppError) -> Option<String> {
    match error {
        AppError::Validation(errors) => Some(
            errors
                .0
                .iter()
                .map(|error| format!("{}: {}", error.element, error.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        AppError::InvalidState(message)
        | AppError::Conflict(message)
        | AppError::NotFound(message) => Some(message.clone()),
        _ => None,
    }
}

fn check_form(context: &PageContext, form: &[(String, String)]) -> Result<(), PageError> {
    csrf_checked(context, context.csrf_ok(form))
}

/// The answer to a form whose token was (`ok`) or was not found.
fn csrf_checked(context: &PageContext, ok: bool) -> Result<(), PageError> {
    if ok {
        Ok(())
    } else {
        Err(error_page(
            context,
            StatusCode::FORBIDDEN,
            context.t.error_403_title,
            context.t.csrf_failed.to_owned(),
        ))
    }
}
