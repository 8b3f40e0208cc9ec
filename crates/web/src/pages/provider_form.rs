//! The provider register on the web: a provider admin edits their own provider's registration
//! (`/admin/provider`), a platform admin edits any (`/admin/providers/{id}/edit`), registers a
//! new one (`/admin/providers/new`) and publishes or withdraws it. A posted form becomes the
//! providers API's JSON document and goes through the same use case; validation errors come back
//! next to each element, with the user's input kept.

use app::{AppError, PlatformAdmin, ProviderAdmin};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::{ProviderId, PublicationStatus, Role, ValidationErrors};

use super::context::{Chrome, PageContext, Section};
use super::form_document::Fields;
use super::form_errors::{FieldError, FormErrors, Rows};
use super::i18n::Text;
use super::provider_form_data::{IDENTIFIER_ROW, provider_document, provider_values};
use super::provider_form_view::ProviderFormView;
use super::{
    PageError, PageResult, app_error_page, check_form, forbidden_page, not_found_page, redirect,
    render, signed_in,
};
use crate::SharedState;

#[derive(Template)]
#[template(path = "provider_form.html")]
struct ProviderFormPage {
    chrome: Chrome,
    heading: &'static str,
    creating: bool,
    action: String,
    cancel_href: String,
    /// The name of the provider being edited (none while registering a new one).
    provider_name: Option<String>,
    form: ProviderFormView,
    errors: FormErrors,
}

impl ProviderFormPage {
    fn errors_of(&self, key: &str) -> &[FieldError] {
        self.errors.of(key)
    }
}

/// What the form registers or edits, and where it posts to.
enum Target {
    New,
    Edit { id: ProviderId, action: String },
}

/// Why the form is shown again: the validator's errors, or a slug already taken.
enum Failure<'a> {
    Invalid(&'a ValidationErrors, &'a [usize]),
    SlugTaken(String),
}

/// What the provider form calls a group in the error summary.
fn group_label(group: &str, t: &Text) -> String {
    let label = match group {
        "slug" => t.el_slug,
        "legal_name" => t.el_legal_name,
        "country" => t.el_country,
        "region" => t.el_region,
        "legal_identifiers" => t.el_legal_identifiers,
        "provider_type" => t.el_provider_type,
        "receiving_organisation" => t.rct_receiving,
        "quality_assurance" => t.el_quality_assurance,
        "recognition_policy" => t.el_recognition_policy,
        "funding_schemes" => t.el_funding_schemes,
        "website" => t.el_website,
        "contact_email" => t.el_contact,
        other => other,
    };
    label.to_owned()
}

async fn form_page(
    state: &SharedState,
    context: &PageContext,
    target: &Target,
    values: &[(String, String)],
    failure: Option<Failure<'_>>,
) -> PageResult {
    let (t, lang) = (context.t, context.lang);
    let schemes = state
        .app
        .funding_schemes()
        .await
        .map_err(|error| app_error_page(context, error))?;
    let (errors, status) = match failure {
        None => (FormErrors::default(), StatusCode::OK),
        Some(Failure::Invalid(errors, rows)) => {
            let rows = Rows {
                list: "legal_identifiers",
                prefix: IDENTIFIER_ROW,
                label: t.identifier_n,
                rows,
            };
            let errors = FormErrors::grouped(errors, &rows, |group| group_label(group, t), t);
            (errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Some(Failure::SlugTaken(message)) => {
            let mut errors = FormErrors::default();
            errors.push(
                "slug".to_owned(),
                t.el_slug.to_owned(),
                t.slug_taken,
                message,
            );
            (errors, StatusCode::CONFLICT)
        }
    };
    let page = match target {
        Target::New => ProviderFormPage {
            chrome: context.chrome(Section::Admin),
            heading: t.provider_form_new_title,
            creating: true,
            action: "/admin/providers/new".to_owned(),
            cancel_href: "/admin".to_owned(),
            provider_name: None,
            form: ProviderFormView::new(&Fields(values), &schemes, lang),
            errors,
        },
        Target::Edit { id, action } => {
            let provider = state
                .app
                .provider(id, context.viewer.as_ref())
                .await
                .map_err(|error| app_error_page(context, error))?;
            ProviderFormPage {
                chrome: context.chrome(Section::Admin),
                heading: t.provider_form_edit_title,
                creating: false,
                action: action.clone(),
                cancel_href: format!("/providers/{id}"),
                provider_name: Some(provider.content.legal_name.best(lang).to_owned()),
                form: ProviderFormView::new(&Fields(values), &schemes, lang),
                errors,
            }
        }
    };
    Ok(render(status, &page))
}

/// The provider a signed-in provider admin administers: a platform admin has none and is sent to
/// the overview, an issuer gets the 403 page.
fn own_provider(context: &PageContext) -> Result<(ProviderAdmin, Target), PageError> {
    let principal = signed_in(context)?;
    if principal.role() == Some(Role::PlatformAdmin) {
        return Err(redirect("/admin"));
    }
    let id = principal
        .own_provider()
        .ok_or_else(|| forbidden_page(context))?;
    let admin = principal
        .provider_admin(id)
        .map_err(|_| forbidden_page(context))?;
    let target = Target::Edit {
        id: id.clone(),
        action: "/admin/provider".to_owned(),
    };
    Ok((admin, target))
}

/// Admin rights over the provider named in the URL: 403 for another provider's admin or an
/// issuer, 404 for a name that cannot be a provider.
fn named_provider(context: &PageContext, id: &str) -> Result<(ProviderAdmin, Target), PageError> {
    let principal = signed_in(context)?;
    let id = ProviderId::parse(id).map_err(|_| not_found_page(context))?;
    let admin = principal
        .provider_admin(&id)
        .map_err(|_| forbidden_page(context))?;
    let action = format!("/admin/providers/{id}/edit");
    Ok((admin, Target::Edit { id, action }))
}

async fn show_edit(
    state: &SharedState,
    context: &PageContext,
    admin: &ProviderAdmin,
    target: &Target,
) -> PageResult {
    let provider = state
        .app
        .provider(admin.provider(), context.viewer.as_ref())
        .await
        .map_err(|error| app_error_page(context, error))?;
    let values = provider_values(&provider.content);
    form_page(state, context, target, &values, None).await
}

async fn save_edit(
    state: &SharedState,
    context: &PageContext,
    admin: &ProviderAdmin,
    target: &Target,
    fields: &[(String, String)],
) -> PageResult {
    let (document, rows) = provider_document(&Fields(fields), None);
    match state.app.update_provider(admin, &document).await {
        Ok(provider) => Ok(Redirect::to(&format!("/providers/{}", provider.id)).into_response()),
        Err(AppError::Validation(errors)) => {
            let failure = Failure::Invalid(&errors, &rows);
            form_page(state, context, target, fields, Some(failure)).await
        }
        Err(error) => Err(app_error_page(context, error)),
    }
}

pub async fn own_form(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let (admin, target) = own_provider(&context)?;
    show_edit(&state, &context, &admin, &target).await
}

pub async fn own_save(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    signed_in(&context)?;
    check_form(&context, &fields)?;
    let (admin, target) = own_provider(&context)?;
    save_edit(&state, &context, &admin, &target, &fields).await
}

pub async fn edit_form(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let (admin, target) = named_provider(&context, &id)?;
    show_edit(&state, &context, &admin, &target).await
}

pub async fn update(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    signed_in(&context)?;
    check_form(&context, &fields)?;
    let (admin, target) = named_provider(&context, &id)?;
    save_edit(&state, &context, &admin, &target, &fields).await
}

/// Platform-admin rights, or the 403 page (or sign-in when signed out).
fn platform_admin(context: &PageContext) -> Result<PlatformAdmin, PageError> {
    signed_in(context)?
        .platform_admin()
        .map_err(|_| forbidden_page(context))
}

pub async fn new_form(State(state): State<SharedState>, context: PageContext) -> PageResult {
    platform_admin(&context)?;
    // Most providers of this register are Belgian.
    let defaults = [("country".to_owned(), "BE".to_owned())];
    form_page(&state, &context, &Target::New, &defaults, None).await
}

pub async fn create(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    signed_in(&context)?;
    check_form(&context, &fields)?;
    let admin = platform_admin(&context)?;
    let posted = Fields(&fields);
    let slug = Some(posted.text("slug")).filter(|slug| !slug.is_empty());
    let (document, rows) = provider_document(&posted, slug);
    match state.app.create_provider(&admin, &document).await {
        Ok(provider) => Ok(Redirect::to(&format!("/providers/{}", provider.id)).into_response()),
        Err(AppError::Validation(mut errors)) => {
            // The slug is checked before the rest: show the rest's errors in the same round.
            if errors.0.iter().all(|error| error.element == "slug") {
                let codes = state
                    .app
                    .funding_scheme_codes()
                    .await
                    .map_err(|error| app_error_page(&context, error))?;
                if let Err(more) = model::ProviderContent::from_json(&document, &codes) {
                    errors.0.extend(more.0);
                }
            }
            let failure = Failure::Invalid(&errors, &rows);
            form_page(&state, &context, &Target::New, &fields, Some(failure)).await
        }
        Err(AppError::Conflict(message)) => {
            let failure = Failure::SlugTaken(message);
            form_page(&state, &context, &Target::New, &fields, Some(failure)).await
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}

/// Publishes or withdraws a provider (platform admin), then returns to the overview.
async fn change_status(
    state: &SharedState,
    context: &PageContext,
    id: &str,
    fields: &[(String, String)],
    status: PublicationStatus,
) -> PageResult {
    signed_in(context)?;
    check_form(context, fields)?;
    let admin = platform_admin(context)?;
    let id = ProviderId::parse(id).map_err(|_| not_found_page(context))?;
    state
        .app
        .set_provider_status(&admin, &id, status)
        .await
        .map_err(|error| app_error_page(context, error))?;
    // Back to where the button was: the provider page, the provider's overview, or the list.
    let back = match Fields(fields).text("back") {
        "page" => format!("/providers/{id}"),
        "provider" => format!("/admin?provider={id}"),
        _ => "/admin".to_owned(),
    };
    Ok(Redirect::to(&back).into_response())
}

pub async fn publish(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    change_status(&state, &context, &id, &fields, PublicationStatus::Published).await
}

pub async fn withdraw(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    change_status(&state, &context, &id, &fields, PublicationStatus::Withdrawn).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_of_a_provider_has_a_label() {
        let t = super::super::i18n::text(model::UiLang::Nl);
        for element in model::sample::provider_json()
            .as_object()
            .into_iter()
            .flat_map(|object| object.keys())
        {
            assert_ne!(group_label(element, t), *element, "{element}");
        }
        assert_eq!(group_label("slug", t), t.el_slug);
    }
}
