//! The provider admin's form to create and edit an offering with every Annex I element. A
//! posted form becomes the API's JSON document and goes through the same use case; validation
//! errors come back next to each element, with the user's input kept.

use app::{AppError, Principal, ProviderAdmin};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::{OfferingId, ProviderId, ValidationErrors};

use super::context::{Chrome, PageContext, Section};
use super::form_document::{Fields, document};
use super::form_errors::{FieldError, FormErrors};
use super::form_values::values;
use super::form_view::OfferingFormView;
use super::{
    PageError, PageResult, app_error_page, check_form, forbidden_page, not_found_page, redirect,
    render, signed_in,
};
use crate::SharedState;

#[derive(Template)]
#[template(path = "offering_form.html")]
struct OfferingFormPage {
    chrome: Chrome,
    heading: &'static str,
    editing: bool,
    action: String,
    cancel_href: String,
    /// Sent back on a new offering so a platform admin's choice of provider survives the POST.
    provider_field: Option<String>,
    provider_name: String,
    form: OfferingFormView,
    errors: FormErrors,
}

impl OfferingFormPage {
    fn errors_of(&self, key: &str) -> &[FieldError] {
        self.errors.of(key)
    }
}

/// Where the form posts to and what it edits.
enum Target {
    New(ProviderId),
    Edit(OfferingId, ProviderId),
}

impl Target {
    fn provider(&self) -> &ProviderId {
        match self {
            Target::New(provider) | Target::Edit(_, provider) => provider,
        }
    }
}

async fn form_page(
    state: &SharedState,
    context: &PageContext,
    target: &Target,
    values: &[(String, String)],
    errors: Option<(&ValidationErrors, &[usize])>,
) -> PageResult {
    let (t, lang) = (context.t, context.lang);
    let viewer = context.viewer.as_ref();
    let provider = state
        .app
        .provider(target.provider(), viewer)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let providers = state
        .app
        .providers(None)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let schemes = state
        .app
        .funding_schemes()
        .await
        .map_err(|error| app_error_page(context, error))?;
    let form = OfferingFormView::new(
        &Fields(values),
        target.provider(),
        &providers,
        &schemes,
        t,
        lang,
    );
    let errors = match errors {
        Some((errors, rows)) => FormErrors::new(errors, rows, t),
        None => FormErrors::default(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (heading, action, cancel_href, provider_field) = match target {
        Target::New(id) => (
            t.form_new_title,
            "/admin/offerings/new".to_owned(),
            "/admin".to_owned(),
            Some(id.to_string()),
        ),
        Target::Edit(id, _) => (
            t.form_edit_title,
            format!("/admin/offerings/{id}/edit"),
            format!("/offerings/{id}"),
            None,
        ),
    };
    let page = OfferingFormPage {
        chrome: context.chrome(Section::Admin),
        heading,
        editing: matches!(target, Target::Edit(..)),
        action,
        cancel_href,
        provider_field,
        provider_name: provider.content.legal_name.best(lang).to_owned(),
        form,
        errors,
    };
    Ok(render(status, &page))
}

/// Admin rights over `provider` for the signed-in principal, or the 403 page.
fn admin_of(
    context: &PageContext,
    principal: &Principal,
    provider: &ProviderId,
) -> Result<ProviderAdmin, PageError> {
    principal
        .provider_admin(provider)
        .map_err(|_| forbidden_page(context))
}

/// The provider a new offering is for: the one named in the request, else the principal's own.
fn new_target(
    context: &PageContext,
    principal: &Principal,
    named: Option<&str>,
) -> Result<ProviderId, PageError> {
    match named.filter(|name| !name.is_empty()) {
        Some(name) => ProviderId::parse(name).map_err(|_| not_found_page(context)),
        None => principal
            .own_provider()
            .cloned()
            .ok_or_else(|| redirect("/admin")),
    }
}

#[derive(serde::Deserialize)]
pub struct NewQuery {
    provider: Option<String>,
}

pub async fn new_form(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<NewQuery>,
) -> PageResult {
    let principal = signed_in(&context)?;
    let provider_id = new_target(&context, principal, query.provider.as_deref())?;
    admin_of(&context, principal, &provider_id)?;
    // The provider's own quality assurance is the default for its offerings (Annex I).
    let provider = state
        .app
        .provider(&provider_id, Some(principal))
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let qa = &provider.content.quality_assurance;
    let defaults: Vec<(String, String)> = [
        (
            "quality_assurance.type",
            model::Vocabulary::code(qa.qa_type).to_owned(),
        ),
        ("quality_assurance.body", qa.body.clone()),
        (
            "quality_assurance.deqar_id",
            qa.deqar_id.clone().unwrap_or_default(),
        ),
        (
            "quality_assurance.report_url",
            qa.report_url.clone().unwrap_or_default(),
        ),
        ("price.currency", "EUR".to_owned()),
        ("stackability.kind", "stand_alone".to_owned()),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), value))
    .collect();
    form_page(&state, &context, &Target::New(provider_id), &defaults, None).await
}

pub async fn create(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    let principal = signed_in(&context)?;
    check_form(&context, &fields)?;
    let provider_id = new_target(&context, principal, Some(Fields(&fields).text("provider")))?;
    let admin = admin_of(&context, principal, &provider_id)?;
    let (document, rows) = document(&Fields(&fields), provider_id.as_str());
    match state.app.create_offering(&admin, &document).await {
        Ok(offering) => Ok(Redirect::to(&format!("/offerings/{}", offering.id)).into_response()),
        Err(AppError::Validation(errors)) => {
            form_page(
                &state,
                &context,
                &Target::New(provider_id),
                &fields,
                Some((&errors, &rows)),
            )
            .await
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}

/// The offering to edit and the capability to edit it: 404 if unknown, 403 if another provider's.
async fn editable(
    state: &SharedState,
    context: &PageContext,
    id: &str,
) -> Result<(OfferingId, ProviderAdmin), PageError> {
    let principal = signed_in(context)?;
    let id = OfferingId::parse(id).map_err(|_| not_found_page(context))?;
    let owner = state
        .app
        .offering_owner(&id)
        .await
        .map_err(|error| app_error_page(context, error))?;
    let admin = admin_of(context, principal, &owner)?;
    Ok((id, admin))
}

pub async fn edit_form(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let (id, admin) = editable(&state, &context, &id).await?;
    let offering = state
        .app
        .offering(&id, context.viewer.as_ref())
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let target = Target::Edit(id, admin.provider().clone());
    form_page(&state, &context, &target, &values(&offering.content), None).await
}

pub async fn update(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    signed_in(&context)?;
    check_form(&context, &fields)?;
    let (id, admin) = editable(&state, &context, &id).await?;
    let (document, rows) = document(&Fields(&fields), admin.provider().as_str());
    match state.app.update_offering(&admin, &id, &document).await {
        Ok(offering) => Ok(Redirect::to(&format!("/offerings/{}", offering.id)).into_response()),
        Err(AppError::Validation(errors)) => {
            let target = Target::Edit(id, admin.provider().clone());
            form_page(&state, &context, &target, &fields, Some((&errors, &rows))).await
        }
        Err(error) => Err(app_error_page(&context, error)),
    }
}
