//! The catalogue search page: free text, every filter of the API, sorting and pagination, all in
//! one GET form so results have a URL that can be shared and bookmarked.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use model::vocab::ParticipationMode;
use model::{UiLang, Vocabulary};

use super::context::{Chrome, PageContext, Section};
use super::offering_view::{Directory, OfferingCard};
use super::{PageResult, app_error_page, render};
use crate::SharedState;

/// An option of a select, with whether the current search chose it.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A broad ISCED-F field with its narrow fields (an `<optgroup>`).
#[derive(Debug, Clone)]
pub struct FieldGroup {
    pub label: String,
    pub broad: Choice,
    pub narrow: Vec<Choice>,
}

#[derive(Debug, Clone)]
pub struct PageLink {
    pub number: u32,
    pub href: String,
    pub current: bool,
    /// An ellipsis before this link (pages were skipped).
    pub gap_before: bool,
}

/// A search example under the search box, as a link to its results.
#[derive(Debug, Clone)]
pub struct Example {
    pub label: &'static str,
    pub href: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    text: String,
    examples: Vec<Example>,
    ects_min: String,
    ects_max: String,
    error: Option<String>,
    total: u64,
    cards: Vec<OfferingCard>,
    show_provider: bool,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
    eqf: Vec<Choice>,
    fields: Vec<FieldGroup>,
    modes: Vec<Choice>,
    languages: Vec<Choice>,
    countries: Vec<Choice>,
    regions: Vec<Choice>,
    providers: Vec<Choice>,
    schemes: Vec<Choice>,
    pilot: Vec<Choice>,
    sort: Vec<Choice>,
}

/// Reads the submitted value of a parameter (the last one wins, as in the parser).
fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.trim())
}

fn choices<I: IntoIterator<Item = (String, String)>>(
    pairs: &[(String, String)],
    name: &str,
    options: I,
) -> Vec<Choice> {
    let current = value(pairs, name);
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

/// A link to the same search on another page.
fn page_href(pairs: &[(String, String)], page: u32) -> String {
    let mut kept: Vec<(&str, &str)> = pairs
        .iter()
        .filter(|(key, value)| key != "page" && key != "lang" && !value.trim().is_empty())
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    let page = page.to_string();
    if page != "1" {
        kept.push(("page", &page));
    }
    match serde_urlencoded::to_string(&kept) {
        Ok(query) if !query.is_empty() => format!("/?{query}"),
        _ => "/".to_owned(),
    }
}

fn examples(texts: &[&'static str]) -> Vec<Example> {
    texts
        .iter()
        .map(|text| Example {
            label: text,
            href: format!(
                "/?{}",
                serde_urlencoded::to_string([("q", text)]).unwrap_or_default()
            ),
        })
        .collect()
}

/// Page numbers to show: the first, the last and two either side of the current one.
fn page_links(pairs: &[(String, String)], current: u32, count: u32) -> Vec<PageLink> {
    let mut links = Vec::new();
    let mut previous = 0;
    for number in 1..=count {
        if number == 1 || number == count || number.abs_diff(current) <= 2 {
            links.push(PageLink {
                number,
                href: page_href(pairs, number),
                current: number == current,
                gap_before: number > previous + 1,
            });
            previous = number;
        }
    }
    links
}

fn field_groups(pairs: &[(String, String)], lang: UiLang, whole: &str) -> Vec<FieldGroup> {
    let current = value(pairs, "field");
    model::isced::broad_fields()
        .map(|broad| FieldGroup {
            label: format!("{} {}", broad.code, broad.label(lang)),
            broad: Choice {
                value: broad.code.to_owned(),
                label: format!("{} {} ({whole})", broad.code, broad.label(lang)),
                selected: current == broad.code,
            },
            narrow: model::isced::narrow_fields()
                .filter(|narrow| narrow.broad_code() == broad.code)
                .map(|narrow| Choice {
                    value: narrow.code.to_owned(),
                    label: format!("{} {}", narrow.code, narrow.label(lang)),
                    selected: current == narrow.code,
                })
                .collect(),
        })
        .collect()
}

/// Content languages that have a name (the others are rare enough to leave to the API).
pub fn named_languages(lang: UiLang) -> impl Iterator<Item = (String, String)> {
    model::lang::LANGUAGE_CODES.iter().filter_map(move |code| {
        let name = model::lang::language_name(code, lang);
        (name != *code).then(|| ((*code).to_owned(), name.to_owned()))
    })
}

pub async fn page(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let pairs = context.query();
    // The form sends every filter, most of them empty: send the reader to the short URL of the
    // same search, which is the one worth sharing or bookmarking.
    if pairs.iter().any(|(_, value)| value.trim().is_empty()) {
        let kept: Vec<&(String, String)> = pairs
            .iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .collect();
        let query = serde_urlencoded::to_string(&kept).unwrap_or_default();
        return Ok(Redirect::to(&if query.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{query}")
        })
        .into_response());
    }
    let (t, lang) = (context.t, context.lang);
    let directory = Directory::load(&state, None)
        .await
        .map_err(|error| app_error_page(&context, error))?;
    let (error, total, cards, pages, previous, next) =
        match app::search_params::parse_search(pairs, &["lang"]) {
            Err(error) => (
                Some(format!("{} {}", t.invalid_search, error.message)),
                0,
                Vec::new(),
                Vec::new(),
                None,
                None,
            ),
            Ok(search) => {
                let found = state
                    .app
                    .search(search.query)
                    .await
                    .map_err(|error| app_error_page(&context, error))?;
                let count = u32::try_from(found.total.div_ceil(u64::from(search.per_page)))
                    .unwrap_or(u32::MAX)
                    .clamp(1, 10_000);
                let cards = found
                    .items
                    .iter()
                    .map(|offering| OfferingCard::new(offering, &directory, t, lang))
                    .collect();
                let previous = (search.page > 1).then(|| page_href(pairs, search.page - 1));
                let next = (search.page < count).then(|| page_href(pairs, search.page + 1));
                let pages = if count > 1 {
                    page_links(pairs, search.page, count)
                } else {
                    Vec::new()
                };
                (None, found.total, cards, pages, previous, next)
            }
        };
    let mut providers: Vec<(String, String)> = directory
        .providers()
        .map(|provider| {
            (
                provider.id.to_string(),
                provider.content.legal_name.best(lang).to_owned(),
            )
        })
        .collect();
    providers.sort_by_key(|(_, name)| name.to_lowercase());
    let countries: BTreeSet<String> = directory
        .providers()
        .map(|provider| provider.content.country.clone())
        .collect();
    // A provider in BE23 also makes its NUTS 1 parent BE2 a useful filter.
    let regions: BTreeSet<String> = directory
        .providers()
        .filter_map(|provider| provider.content.region.clone())
        .flat_map(|region| [region.get(..3).unwrap_or(&region).to_owned(), region])
        .collect();
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = SearchPage {
        chrome: context.chrome(Section::Catalogue),
        text: value(pairs, "q").to_owned(),
        examples: examples(t.search_examples),
        ects_min: value(pairs, "ects_min").to_owned(),
        ects_max: value(pairs, "ects_max").to_owned(),
        error,
        total,
        cards,
        show_provider: true,
        pages,
        previous,
        next,
        eqf: choices(
            pairs,
            "eqf",
            (1..=8).map(|level| (level.to_string(), format!("EQF {level}"))),
        ),
        fields: field_groups(pairs, lang, t.filter_field_whole),
        modes: choices(
            pairs,
            "mode",
            ParticipationMode::ALL
                .iter()
                .map(|mode| (mode.code().to_owned(), mode.label(lang).to_owned())),
        ),
        languages: choices(pairs, "language", named_languages(lang)),
        countries: choices(
            pairs,
            "country",
            countries.into_iter().map(|code| {
                (
                    code.clone(),
                    model::country::country_name(&code, lang).to_owned(),
                )
            }),
        ),
        regions: choices(
            pairs,
            "region",
            regions.into_iter().map(|code| {
                (
                    code.clone(),
                    match model::country::region_name(&code, lang) {
                        name if name == code => code.clone(),
                        name => format!("{name} ({code})"),
                    },
                )
            }),
        ),
        providers: choices(pairs, "provider", providers),
        schemes: choices(
            pairs,
            "funding_scheme",
            directory
                .schemes()
                .iter()
                .map(|scheme| (scheme.code.clone(), scheme.name.best(lang).to_owned())),
        ),
        pilot: choices(
            pairs,
            "pilot",
            [
                ("true".to_owned(), t.pilot_only.to_owned()),
                ("false".to_owned(), t.pilot_none.to_owned()),
            ],
        ),
        sort: choices(
            pairs,
            "sort",
            [
                ("relevance", t.sort_relevance),
                ("newest", t.sort_newest),
                ("title", t.sort_title),
            ]
            .map(|(code, label)| (code.to_owned(), label.to_owned())),
        ),
    };
    Ok(render(status, &page))
}

/// Every value of a vocabulary as choices, `selected` marked.
pub(super) fn vocabulary_choices<V: model::Vocabulary + PartialEq>(
    lang: model::UiLang,
    selected: Option<V>,
) -> Vec<Choice> {
    V::ALL
        .iter()
        .map(|value| Choice {
            value: value.code().to_owned(),
            label: value.label(lang).to_owned(),
            selected: Some(*value) == selected,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        serde_urlencoded::from_str(query).unwrap()
    }

    #[test]
    fn search_examples_link_to_their_search() {
        let links = examples(&["cursus data-analyse", "lassen"]);
        assert_eq!(links[0].label, "cursus data-analyse");
        assert_eq!(links[0].href, "/?q=cursus+data-analyse");
        assert_eq!(links[1].href, "/?q=lassen");
    }

    #[test]
    fn page_links_keep_the_filters_and_drop_empty_values() {
        let query = pairs("q=data&eqf=&page=3&lang=en&mode=online");
        assert_eq!(page_href(&query, 4), "/?q=data&mode=online&page=4");
        assert_eq!(page_href(&query, 1), "/?q=data&mode=online");
        let numbers: Vec<(u32, bool)> = page_links(&query, 6, 20)
            .iter()
            .map(|link| (link.number, link.gap_before))
            .collect();
        assert_eq!(
            numbers,
            vec![
                (1, false),
                (4, true),
                (5, false),
                (6, false),
                (7, false),
                (8, false),
                (20, true)
            ]
        );
    }
}
