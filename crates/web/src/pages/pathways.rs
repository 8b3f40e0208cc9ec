//! Stacking pathways on the pages: the public list (`/pathways`) and page (`/pathways/{id}`,
//! with the signed-in learner's progress), the wallet's summary, and a provider's definitions
//! (`/admin/pathways`).

use app::pathways::{PathwayProgress, PathwayView};
use app::{AppError, Principal};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::UiLang;
use model::pathway::{PathwayRules, Requirement};
use serde::Deserialize;

use super::context::{Chrome, PageContext, Section};
use super::i18n::pathways::{PathwayText, pathway_text};
use super::learning::field;
use super::provider_scope::provider_of;
use super::{PageResult, app_error_page, check_form, not_found_page, render};
use crate::SharedState;

/// A requirement in words.
fn describe(requirement: &Requirement, view: &PathwayView, lang: UiLang) -> String {
    let pt = pathway_text(lang);
    match requirement {
        Requirement::Offerings {
            offerings,
            at_least,
            ..
        } => {
            let titles = offerings
                .iter()
                .map(|id| {
                    view.offering_titles
                        .get(id.as_str())
                        .map_or_else(|| id.to_string(), |title| title.best(lang).to_owned())
                })
                .collect::<Vec<_>>()
                .join("; ");
            match at_least {
                Some(n) => pt
                    .at_least_of
                    .replace("{n}", &n.to_string())
                    .replace("{}", &titles),
                None => pt.all_of.replace("{}", &titles),
            }
        }
        Requirement::Credentials {
            min_credentials,
            min_ects,
            min_eqf,
            fields,
            within_years,
            issuers,
            ..
        } => {
            let mut parts = vec![match min_credentials {
                Some(n) => pt.credentials_count.replace("{}", &n.to_string()),
                None => pt.any_credentials.to_owned(),
            }];
            if let Some(ects) = min_ects {
                parts.push(
                    pt.ects_at_least
                        .replace("{}", &super::format::decimal(*ects, lang)),
                );
            }
            if let Some(level) = min_eqf {
                parts.push(pt.eqf_at_least.replace("{}", &level.to_string()));
            }
            if !fields.is_empty() {
                parts.push(pt.in_fields.replace("{}", &fields.join(", ")));
            }
            if let Some(years) = within_years {
                parts.push(pt.within_years.replace("{}", &years.to_string()));
            }
            parts.push(if issuers.is_empty() {
                pt.any_trusted.to_owned()
            } else {
                pt.issued_by.replace(
                    "{}",
                    &issuers
                        .iter()
                        .map(|id| id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            });
            parts.join(", ")
        }
    }
}

/// A pathway in a list.
pub struct PathwayRow {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub awards: String,
    /// "2 of 3 requirements met" for a learner's progress.
    pub progress: String,
    pub complete: bool,
}

fn row(view: &PathwayView, lang: UiLang) -> PathwayRow {
    PathwayRow {
        id: view.id.clone(),
        name: view.rules.name.best(lang).to_owned(),
        owner: view.provider_name.best(lang).to_owned(),
        awards: view
            .offering_titles
            .get(view.rules.awards.as_str())
            .map_or_else(
                || view.rules.awards.to_string(),
                |title| title.best(lang).to_owned(),
            ),
        progress: String::new(),
        complete: false,
    }
}

/// The wallet's pathways: one row per pathway the learner's credentials count toward.
pub(super) fn wallet_rows(progress: &[PathwayProgress], lang: UiLang) -> Vec<PathwayRow> {
    let pt = pathway_text(lang);
    progress
        .iter()
        .map(|entry| {
            let met = entry
                .progress
                .requirements
                .iter()
                .filter(|requirement| requirement.met)
                .count();
            PathwayRow {
                progress: pt
                    .requirements_met
                    .replace("{met}", &met.to_string())
                    .replace("{all}", &entry.progress.requirements.len().to_string()),
                complete: entry.progress.complete,
                ..row(&entry.pathway, lang)
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "pathways.html")]
struct ListPage {
    chrome: Chrome,
    pt: &'static PathwayText,
    rows: Vec<PathwayRow>,
}

/// `GET /pathways`.
pub async fn list(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let views = state
        .app
        .pathways(None)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(render(
        StatusCode::OK,
        &ListPage {
            chrome: context.chrome(Section::Other),
            pt: pathway_text(context.lang),
            rows: views.iter().map(|view| row(view, context.lang)).collect(),
        },
    ))
}

/// A requirement on the pathway's page: in words, and the learner's progress if any.
pub struct RequirementRow {
    pub text: String,
    pub met: Option<bool>,
    pub counted: Vec<String>,
    pub missing: String,
}

#[derive(Template)]
#[template(path = "pathway.html")]
struct ShowPage {
    chrome: Chrome,
    pt: &'static PathwayText,
    row: PathwayRow,
    description: String,
    withdrawn: bool,
    requirements: Vec<RequirementRow>,
    /// Whether the page shows a learner's progress, and whether it is complete.
    progress: Option<bool>,
    rt: &'static super::i18n::recognition::RecognitionText,
    /// The learner's award: a sentence, and the credential once awarded.
    award: Option<(String, Option<String>)>,
    /// The learner may ask (false) or receive at once (true).
    claim: Option<bool>,
    /// The catalogue search of the offerings the pathway names.
    catalogue: String,
}

/// `GET /pathways/{id}`.
pub async fn show(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let lang = context.lang;
    let pt = pathway_text(lang);
    let learner = context
        .viewer
        .as_ref()
        .and_then(|viewer: &Principal| viewer.learner().ok());
    let (view, progress) = match &learner {
        Some(learner) => {
            let found = state
                .app
                .my_pathway(learner, &id)
                .await
                .map_err(|error| app_error_page(&context, error))?;
            (found.pathway.clone(), Some(found))
        }
        None => (
            state
                .app
                .pathway(&id)
                .await
                .map_err(|error| app_error_page(&context, error))?,
            None,
        ),
    };
    let requirements = view
        .rules
        .requirements
        .iter()
        .enumerate()
        .map(|(index, requirement)| {
            let text = describe(requirement, &view, lang);
            let Some(progress) = &progress else {
                return RequirementRow {
                    text,
                    met: None,
                    counted: Vec::new(),
                    missing: String::new(),
                };
            };
            let reached = &progress.progress.requirements[index];
            let mut missing = Vec::new();
            if !reached.met && reached.still_needed > 0 {
                let wanted = if reached.missing_offerings.is_empty() {
                    reached.still_needed.to_string()
                } else {
                    reached
                        .missing_offerings
                        .iter()
                        .map(|id| {
                            view.offering_titles
                                .get(id.as_str())
                                .map_or_else(|| id.to_string(), |t| t.best(lang).to_owned())
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                missing.push(pt.still_needed.replace("{}", &wanted));
            }
            if reached.ects_missing > 0.0 {
                missing.push(
                    pt.ects_missing
                        .replace("{}", &super::format::decimal(reached.ects_missing, lang)),
                );
            }
            RequirementRow {
                text,
                met: Some(reached.met),
                counted: reached
                    .counted
                    .iter()
                    .map(|id| {
                        progress
                            .credential_titles
                            .get(id)
                            .cloned()
                            .unwrap_or_else(|| id.clone())
                    })
                    .collect(),
                missing: missing.join("; "),
            }
        })
        .collect();
    let rt = super::i18n::recognition::recognition_text(lang);
    let award = progress
        .as_ref()
        .and_then(|found| found.award.as_ref())
        .map(|award| match (&award.credential_id, award.awarded_at) {
            (Some(credential), Some(at)) => (
                rt.awarded_on
                    .replace("{}", &super::format::date(at.date(), lang)),
                Some(credential.clone()),
            ),
            _ => (
                rt.asked_on
                    .replace("{}", &super::format::date(award.requested_at.date(), lang)),
                None,
            ),
        });
    let claim = progress
        .as_ref()
        .filter(|found| found.progress.complete && found.award.is_none() && !view.withdrawn)
        .map(|_| view.rules.automatic);
    Ok(render(
        StatusCode::OK,
        &ShowPage {
            chrome: context.chrome(Section::Other),
            pt,
            description: view.rules.description.best(lang).to_owned(),
            withdrawn: view.withdrawn,
            row: row(&view, lang),
            requirements,
            progress: progress.map(|found| found.progress.complete),
            rt,
            award,
            claim,
            catalogue: format!("/?pathway={}", view.id),
        },
    ))
}

#[derive(Template)]
#[template(path = "admin_pathways.html")]
struct AdminPage {
    chrome: Chrome,
    pt: &'static PathwayText,
    provider: String,
    rows: Vec<PathwayRow>,
    rules: String,
    error: Option<String>,
    notice: Option<String>,
    rt: &'static super::i18n::recognition::RecognitionText,
}

#[derive(Deserialize)]
pub struct AdminQuery {
    provider: Option<String>,
}

fn template_rules(awards: &str) -> String {
    format!(
        "{{\n  \"name\": {{\"nl\": \"…\", \"en\": \"…\"}},\n  \"awards\": \"{awards}\",\n  \"requirements\": [\n    {{\"kind\": \"offerings\", \"label\": {{\"en\": \"Core\"}}, \"offerings\": [\"…\", \"…\"]}},\n    {{\"kind\": \"credentials\", \"label\": {{\"en\": \"Electives\"}}, \"min_ects\": 6, \"fields\": [\"061\"]}}\n  ]\n}}"
    )
}

async fn admin_page(
    state: &SharedState,
    context: &PageContext,
    asked: Option<&str>,
    rules: Option<String>,
    outcome: (StatusCode, Option<String>, Option<String>),
) -> PageResult {
    let (_, provider) = provider_of(context, asked)?;
    let Some(provider) = provider else {
        return Ok(Redirect::to("/admin").into_response());
    };
    let views = state
        .app
        .pathways(Some(&provider))
        .await
        .map_err(|error| app_error_page(context, error))?;
    Ok(render(
        outcome.0,
        &AdminPage {
            chrome: context.chrome(Section::Admin),
            pt: pathway_text(context.lang),
            provider: provider.to_string(),
            rows: views.iter().map(|view| row(view, context.lang)).collect(),
            rules: rules.unwrap_or_else(|| template_rules("…")),
            error: outcome.1,
            notice: outcome.2,
            rt: super::i18n::recognition::recognition_text(context.lang),
        },
    ))
}

/// `GET /admin/pathways[?provider=]`.
pub async fn admin(
    State(state): State<SharedState>,
    context: PageContext,
    Query(query): Query<AdminQuery>,
) -> PageResult {
    admin_page(
        &state,
        &context,
        query.provider.as_deref(),
        None,
        (StatusCode::OK, None, None),
    )
    .await
}

/// `POST /admin/pathways`: defines one from its JSON rules.
pub async fn create(
    State(state): State<SharedState>,
    context: PageContext,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = super::signed_in(&context)?;
    // The provider the form names (its staff's own, as the page gives it): its admins only.
    let provider = match field(&fields, "provider") {
        "" => viewer.own_provider().cloned(),
        named => Some(model::ProviderId::parse(named).map_err(|_| not_found_page(&context))?),
    };
    let Some(provider) = provider else {
        return Err(not_found_page(&context));
    };
    let admin = viewer
        .provider_admin(&provider)
        .map_err(|error| app_error_page(&context, error))?;
    let text = field(&fields, "rules").to_owned();
    let parsed: Result<PathwayRules, AppError> = model::strict_json::parse_strict(text.as_bytes())
        .map_err(|error| AppError::InvalidState(format!("the rules are not JSON: {error}")))
        .and_then(|value| {
            serde_json::from_value(value)
                .map_err(|error| AppError::InvalidState(format!("the rules: {error}")))
        });
    let outcome = match parsed {
        Ok(rules) => state.app.create_pathway(&admin, rules).await.map(|_| ()),
        Err(error) => Err(error),
    };
    let pt = pathway_text(context.lang);
    let asked = Some(provider.as_str());
    match outcome {
        Ok(()) => {
            admin_page(
                &state,
                &context,
                asked,
                None,
                (StatusCode::OK, None, Some(pt.created.to_owned())),
            )
            .await
        }
        Err(error) => match super::fixable_message(&error) {
            Some(message) => {
                admin_page(
                    &state,
                    &context,
                    asked,
                    Some(text),
                    (StatusCode::UNPROCESSABLE_ENTITY, Some(message), None),
                )
                .await
            }
            None => Err(app_error_page(&context, error)),
        },
    }
}

/// `POST /admin/pathways/{id}/withdraw`.
pub async fn withdraw(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult {
    check_form(&context, &fields)?;
    let viewer = super::signed_in(&context)?;
    let owner = state
        .app
        .pathway(&id)
        .await
        .map_err(|error| app_error_page(&context, error))?
        .provider_id;
    let owner = model::ProviderId::parse(&owner).map_err(|_| not_found_page(&context))?;
    let admin = viewer
        .provider_admin(&owner)
        .map_err(|error| app_error_page(&context, error))?;
    state
        .app
        .change_pathway(&admin, &id, None)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(Redirect::to(&format!("/admin/pathways?provider={owner}")).into_response())
}
