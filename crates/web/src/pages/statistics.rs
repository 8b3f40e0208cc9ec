//! The statistics section: `/statistics` lists the overviews the reader may see, and
//! `/statistics/{id}` shows one with its filters, a line chart of its trend, its table with
//! totals, the definition of every column, the small-numbers rule and downloads (CSV, JSON) of
//! exactly what is shown. Anyone sees the overviews about offerings; analysts, platform admins
//! and provider admins (their own provider) see those about people.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use model::vocab::{ParticipationMode, ProviderType};
use model::{UiLang, Vocabulary};

use super::context::{Chrome, PageContext, Section};
use super::i18n::statistics::{StatText, breakdown_label, text};
use super::search::Choice;
use super::{PageError, PageResult, app_error_page, render};
use crate::SharedState;
use crate::api::statistics::attachment;
use app::statistics::{Cell, StatTable, StatisticsQuery};

pub struct OverviewLink {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub answers: String,
}

#[derive(Template)]
#[template(path = "statistics_index.html")]
struct IndexPage {
    chrome: Chrome,
    s: &'static StatText,
    overviews: Vec<OverviewLink>,
    rule: String,
    signed_in: bool,
}

pub async fn index(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let lang = context.lang;
    let overviews = state
        .app
        .statistics_overviews(context.viewer.as_ref())
        .into_iter()
        .map(|overview| OverviewLink {
            id: overview.id,
            title: overview.title(lang),
            description: overview.description(lang),
            answers: overview.answers.join(", "),
        })
        .collect();
    let threshold = state.app.statistics_threshold();
    let page = IndexPage {
        chrome: context.chrome(Section::Statistics),
        s: text(lang),
        overviews,
        rule: rule(threshold, lang),
        signed_in: context.viewer.is_some(),
    };
    Ok(render(StatusCode::OK, &page))
}

fn rule(threshold: u64, lang: UiLang) -> String {
    if lang == UiLang::Nl {
        model::statistics::suppression::rule_text_nl(threshold)
    } else {
        model::statistics::suppression::rule_text(threshold)
    }
}

/// A field of the filter form.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct OverviewPage {
    chrome: Chrome,
    s: &'static StatText,
    id: &'static str,
    title: &'static str,
    description: &'static str,
    answers: String,
    from: String,
    to: String,
    fields: Vec<Field>,
    problem: Option<String>,
    chart: Option<String>,
    /// Column labels, and whether the column is numeric (aligned right).
    header: Vec<(String, bool)>,
    rows: Vec<Vec<(String, bool)>>,
    totals: Vec<Vec<(String, bool)>>,
    definitions: Vec<(String, String)>,
    rule: Option<String>,
    download: String,
}

fn choices(values: &[(String, String)], selected: Option<&str>, any: Option<&str>) -> Vec<Choice> {
    any.map(|label| Choice {
        value: String::new(),
        label: label.to_owned(),
        selected: selected.is_none_or(str::is_empty),
    })
    .into_iter()
    .chain(values.iter().map(|(value, label)| Choice {
        value: value.clone(),
        label: label.clone(),
        selected: selected == Some(value.as_str()),
    }))
    .collect()
}

pub async fn overview(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let lang = context.lang;
    let Some(overview) = app::statistics::OVERVIEWS.iter().find(|o| o.id == id) else {
        return Err(super::not_found_page(&context));
    };
    let params: Vec<(String, String)> = context
        .query()
        .iter()
        .filter(|(key, _)| key != "lang")
        .cloned()
        .collect();
    let (query, problem) = match StatisticsQuery::from_params(&params, state.app.now().date()) {
        Ok(query) => (query, None),
        Err(error) => (
            StatisticsQuery::from_params(&[], state.app.now().date())
                .map_err(|_| super::not_found_page(&context))?,
            Some(format!("{}: {}", error.element, error.message)),
        ),
    };
    let table = match state
        .app
        .statistics(context.viewer.as_ref(), overview.id, &query, lang)
        .await
    {
        Ok(table) => Some(table),
        Err(app::AppError::Validation(errors)) => {
            let problem = errors
                .0
                .iter()
                .map(|error| format!("{}: {}", error.element, error.message))
                .collect::<Vec<_>>()
                .join("; ");
            return render_overview(
                &state,
                &context,
                overview,
                &query,
                &params,
                None,
                Some(problem),
            )
            .await;
        }
        Err(error) => return Err(app_error_page(&context, error)),
    };
    render_overview(&state, &context, overview, &query, &params, table, problem).await
}

async fn render_overview(
    state: &SharedState,
    context: &PageContext,
    overview: &'static app::statistics::Overview,
    query: &StatisticsQuery,
    params: &[(String, String)],
    table: Option<StatTable>,
    problem: Option<String>,
) -> PageResult {
    let lang = context.lang;
    let asked = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let s = text(lang);
    let years = [
        ("calendar".to_owned(), s.calendar.to_owned()),
        ("academic".to_owned(), s.academic.to_owned()),
    ];
    let breakdowns: Vec<(String, String)> = overview
        .breakdowns
        .iter()
        .map(|by| ((*by).to_owned(), breakdown_label(by, lang).to_owned()))
        .collect();
    let providers: Vec<(String, String)> = state
        .app
        .providers(context.viewer.as_ref())
        .await
        .map_err(|error| app_error_page(context, error))?
        .iter()
        .map(|provider| {
            (
                provider.id.to_string(),
                provider.content.legal_name.best(lang).to_owned(),
            )
        })
        .collect();
    let vocabulary =
        |all: &[(String, String)], name: &'static str, label: &'static str, any: bool| Field {
            name,
            label,
            choices: choices(all, asked(name), any.then_some(s.any)),
        };
    let codes = |values: Vec<(&'static str, &'static str)>| -> Vec<(String, String)> {
        values
            .into_iter()
            .map(|(code, label)| (code.to_owned(), label.to_owned()))
            .collect()
    };
    let nl = lang == UiLang::Nl;
    let fields = vec![
        vocabulary(&years, "year", s.year_kind, false),
        vocabulary(&breakdowns, "by", s.by, false),
        vocabulary(
            &providers,
            "provider",
            if nl { "Aanbieder" } else { "Provider" },
            true,
        ),
        vocabulary(
            &codes(
                ProviderType::ALL
                    .iter()
                    .map(|t| (t.code(), t.label(lang)))
                    .collect(),
            ),
            "provider_type",
            if nl {
                "Soort aanbieder"
            } else {
                "Type of provider"
            },
            true,
        ),
        vocabulary(
            &(1..=8)
                .map(|level| (level.to_string(), format!("EQF {level}")))
                .collect::<Vec<_>>(),
            "eqf",
            if nl { "EQF-niveau" } else { "EQF level" },
            true,
        ),
        vocabulary(
            &codes(
                ParticipationMode::ALL
                    .iter()
                    .map(|m| (m.code(), m.label(lang)))
                    .collect(),
            ),
            "mode",
            if nl {
                "Vorm van deelname"
            } else {
                "Form of participation"
            },
            true,
        ),
        vocabulary(
            &codes(vec![
                ("true", if nl { "ja" } else { "yes" }),
                ("false", if nl { "nee" } else { "no" }),
            ]),
            "pilot",
            if nl { "Proeftuin" } else { "Pilot project" },
            true,
        ),
    ];
    let mut page = OverviewPage {
        chrome: context.chrome(Section::Statistics),
        s,
        id: overview.id,
        title: overview.title(lang),
        description: overview.description(lang),
        answers: overview.answers.join(", "),
        from: query.from.to_string(),
        to: query.to.to_string(),
        fields,
        problem,
        chart: None,
        header: Vec::new(),
        rows: Vec::new(),
        totals: Vec::new(),
        definitions: Vec::new(),
        rule: None,
        download: String::new(),
    };
    let status = if page.problem.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let Some(table) = table else {
        return Ok(render(status, &page));
    };
    let threshold = table.suppression.as_ref().map_or(0, |s| s.threshold);
    let numeric: Vec<bool> = table
        .rows
        .first()
        .or(table.totals.first())
        .map(|row| {
            row.iter()
                .map(|cell| !matches!(cell, Cell::Text(_) | Cell::Year(..)))
                .collect()
        })
        .unwrap_or_default();
    let is_numeric = |index: usize| numeric.get(index).copied().unwrap_or(false);
    page.header = table
        .columns
        .iter()
        .enumerate()
        .map(|(index, c)| (c.label(lang).to_owned(), is_numeric(index)))
        .collect();
    let show = |row: &Vec<Cell>| {
        row.iter()
            .enumerate()
            .map(|(index, cell)| (cell.text(threshold, lang), is_numeric(index)))
            .collect()
    };
    page.rows = table.rows.iter().map(show).collect();
    page.totals = table.totals.iter().map(show).collect();
    page.definitions = table
        .columns
        .iter()
        .map(|c| (c.label(lang).to_owned(), c.definition(lang).to_owned()))
        .collect();
    page.rule = table.suppression.as_ref().map(|s| s.rule(lang));
    page.chart = super::chart::trend(&table, query, lang, s.chart_of);
    let mut download: Vec<(String, String)> = table.filters.clone();
    download.push(("lang".to_owned(), lang.code().to_owned()));
    page.download = serde_urlencoded::to_string(&download).unwrap_or_default();
    Ok(render(status, &page))
}

/// `/statistics/{id}/download?format=csv|json&…`: the overview as shown, for the signed-in
/// reader too (the API takes tokens, the pages sessions).
pub async fn download(
    State(state): State<SharedState>,
    context: PageContext,
    Path(id): Path<String>,
) -> PageResult {
    let lang = context.lang;
    let format = context
        .query()
        .iter()
        .find(|(key, _)| key == "format")
        .map_or("json", |(_, value)| value.as_str());
    let csv = match format {
        "csv" => true,
        "json" => false,
        other => {
            return Err(super::error_page(
                &context,
                StatusCode::BAD_REQUEST,
                context.t.error_400_title,
                format!("format: `{other}` is not a download format; allowed: csv, json"),
            ));
        }
    };
    let query = query_of(&state, &context)?;
    let table = state
        .app
        .statistics(context.viewer.as_ref(), &id, &query, lang)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let file_name = format!(
        "microcred-{}.{}",
        table.id,
        if csv { "csv" } else { "json" }
    );
    let mut response = if csv {
        attachment(table.to_csv(), "text/csv; charset=utf-8", &file_name)
    } else {
        let json = serde_json::to_string_pretty(&table.to_json(lang)).unwrap_or_default();
        attachment(json, "application/json", &file_name)
    };
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    Ok(response)
}

/// The statistics parameters of the page's query string; a bad one is a 400 page naming it.
fn query_of(state: &SharedState, context: &PageContext) -> Result<StatisticsQuery, PageError> {
    StatisticsQuery::from_params(context.query(), state.app.now().date()).map_err(|error| {
        super::error_page(
            context,
            StatusCode::BAD_REQUEST,
            context.t.error_400_title,
            format!("{}: {}", error.element, error.message),
        )
    })
}

/// `/statistics/workbook.xlsx?…`: every overview the reader may see, one Excel workbook.
pub async fn workbook(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let query = query_of(&state, &context)?;
    let bytes = state
        .app
        .statistics_workbook(context.viewer.as_ref(), &query, context.lang)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    Ok(crate::api::statistics::xlsx_response(bytes))
}
