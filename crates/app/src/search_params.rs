//! Catalogue search parameters, shared by the API, the search page and the CLI: every filter of
//! the catalogue as a query parameter, each checked with an error that names it.

use model::vocab::ParticipationMode;
use model::{OfferingQuery, ProviderId, SortOrder, Vocabulary};

/// A search parameter that cannot be used: which, and why (the API answers it as a 400
/// `invalid_query_parameter` naming `element`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ParamError {
    pub element: String,
    pub message: String,
}

/// The search parameters the API documents.
pub const SEARCH_PARAMETERS: &[(&str, &str)] = &[
    (
        "q",
        "Free text (Dutch, English, French, German; stemmed, accents ignored)",
    ),
    ("eqf", "EQF level 1–8"),
    ("ects_min", "Minimum ECTS credits"),
    ("ects_max", "Maximum ECTS credits"),
    (
        "field",
        "ISCED-F field: broad (2 digits) or narrow (3 digits)",
    ),
    (
        "mode",
        "Form of participation: online, on_site, blended, work_based",
    ),
    ("language", "Language of instruction (ISO 639-1)"),
    ("country", "Provider country (ISO 3166-1 alpha-2)"),
    (
        "region",
        "Provider region (NUTS code; includes the regions inside it)",
    ),
    ("provider", "Provider id"),
    ("funding_scheme", "Funding scheme code"),
    ("pilot", "Pilot project: true or false"),
    ("sort", "relevance (default), newest or title"),
    ("page", "Page number, from 1"),
    ("per_page", "Results per page, 1–100 (default 20)"),
    (
        "limit",
        "Results per page, 1–100 (default 20); the same as per_page, as every list names it",
    ),
    (
        "after",
        "The `next` of the previous page: the page after it (with the same filters)",
    ),
];

/// The deepest result a search pages to (page 10,000 of 100).
const MAX_OFFSET: u32 = 1_000_000;

/// The `next` of a search page: where the next page starts, opaque to callers (hex of `o` and
/// the position; a ranked search continues by position).
pub fn search_cursor(offset: u32) -> String {
    format!("o{offset}")
        .bytes()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn parse_search_cursor(text: &str) -> Option<u32> {
    if text.len() > 32 || !text.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Vec<u8> = (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect::<Option<_>>()?;
    let text = String::from_utf8(bytes).ok()?;
    let offset: u32 = text.strip_prefix('o')?.parse().ok()?;
    (offset <= MAX_OFFSET).then_some(offset)
}

/// A parsed search: the store query plus the page asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    pub query: OfferingQuery,
    pub page: u32,
    pub per_page: u32,
    /// Set by `after`: the position the page starts at (instead of `page`).
    pub after: Option<u32>,
}

impl Search {
    /// The `next` of a page that showed `shown` of `total` results.
    pub fn next(&self, shown: usize, total: u64) -> Option<String> {
        let next = self.query.offset.saturating_add(u32::try_from(shown).ok()?);
        (shown > 0 && u64::from(next) < total && next <= MAX_OFFSET).then(|| search_cursor(next))
    }
}

fn invalid(parameter: &str, message: String) -> ParamError {
    ParamError {
        element: parameter.to_owned(),
        message,
    }
}

fn number<T: std::str::FromStr>(parameter: &str, value: &str, what: &str) -> Result<T, ParamError> {
    value.trim().parse().map_err(|_| {
        invalid(
            parameter,
            format!("`{parameter}` must be {what}, found `{value}`"),
        )
    })
}

/// Parses the query string pairs; `extra` names further parameters the caller handles itself
/// (e.g. `lang` on pages). Empty values count as absent (HTML forms send them).
pub fn parse_search(pairs: &[(String, String)], extra: &[&str]) -> Result<Search, ParamError> {
    let mut search = Search {
        page: 1,
        per_page: crate::catalogue::DEFAULT_PAGE_SIZE,
        ..Search::default()
    };
    let query = &mut search.query;
    for (key, value) in pairs {
        let value = value.trim();
        if value.is_empty() || extra.contains(&key.as_str()) {
            continue;
        }
        match key.as_str() {
            "q" => query.text = Some(value.chars().take(200).collect()),
            "eqf" => match number::<u8>(key, value, "an EQF level 1–8")? {
                level @ 1..=8 => query.eqf = Some(level),
                _ => {
                    return Err(invalid(
                        key,
                        format!("`eqf` must be an EQF level 1–8, found `{value}`"),
                    ));
                }
            },
            "ects_min" | "ects_max" => {
                let ects: f64 = number(key, value, "a number of ECTS credits")?;
                if !ects.is_finite() || ects < 0.0 {
                    return Err(invalid(
                        key,
                        format!("`{key}` must be zero or more, found `{value}`"),
                    ));
                }
                if key == "ects_min" {
                    query.ects_min = Some(ects)
                } else {
                    query.ects_max = Some(ects)
                }
            }
            "field" => {
                if model::isced::isced_field(value).is_none() {
                    return Err(invalid(
                        key,
                        format!("`{value}` is not an ISCED-F broad or narrow field code"),
                    ));
                }
                query.isced_field = Some(value.to_owned());
            }
            "mode" => {
                query.mode = Some(ParticipationMode::from_code(value).ok_or_else(|| {
                    invalid(
                        key,
                        format!(
                            "`{value}` is not a form of participation; allowed: {}",
                            ParticipationMode::allowed_codes().join(", ")
                        ),
                    )
                })?)
            }
            "language" => {
                if !model::lang::is_language_code(value) {
                    return Err(invalid(
                        key,
                        format!("`{value}` is not an ISO 639-1 language code"),
                    ));
                }
                query.language = Some(value.to_owned());
            }
            "country" => {
                if !model::country::is_country_code(value) {
                    return Err(invalid(
                        key,
                        format!("`{value}` is not an ISO 3166-1 alpha-2 country code"),
                    ));
                }
                query.country = Some(value.to_owned());
            }
            "region" => {
                if value.len() < 3
                    || value.len() > 5
                    || !value
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                {
                    return Err(invalid(
                        key,
                        format!("`{value}` is not a NUTS region code (e.g. BE2, BE21)"),
                    ));
                }
                query.region = Some(value.to_owned());
            }
            "provider" => {
                query.provider =
                    Some(ProviderId::parse(value).map_err(|message| invalid(key, message))?)
            }
            "pathway" => {
                if value.len() > 64
                    || !value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    return Err(invalid(key, format!("`{value}` is not a pathway id")));
                }
                query.pathway = Some(value.to_owned());
            }
            "recognised_by" => {
                query.recognised_by =
                    Some(ProviderId::parse(value).map_err(|message| invalid(key, message))?)
            }
            "funding_scheme" => query.funding_scheme = Some(value.chars().take(64).collect()),
            "pilot" => {
                query.pilot = Some(match value {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" => false,
                    _ => {
                        return Err(invalid(
                            key,
                            format!("`pilot` must be true or false, found `{value}`"),
                        ));
                    }
                })
            }
            "sort" => {
                query.sort = match value {
                    "relevance" => SortOrder::Relevance,
                    "newest" => SortOrder::Newest,
                    "title" => SortOrder::Title,
                    _ => {
                        return Err(invalid(
                            key,
                            format!("`sort` must be relevance, newest or title, found `{value}`"),
                        ));
                    }
                }
            }
            "page" => match number::<u32>(key, value, "a page number from 1")? {
                page @ 1..=10_000 => search.page = page,
                _ => {
                    return Err(invalid(
                        key,
                        format!("`page` must be from 1 to 10000, found `{value}`"),
                    ));
                }
            },
            "per_page" | "limit" => match number::<u32>(key, value, "a number from 1 to 100")? {
                size @ 1..=100 => search.per_page = size,
                _ => {
                    return Err(invalid(
                        key,
                        format!("`{key}` must be from 1 to 100, found `{value}`"),
                    ));
                }
            },
            "after" => match parse_search_cursor(value) {
                Some(offset) => search.after = Some(offset),
                None => {
                    return Err(invalid(
                        key,
                        format!(
                            "`{value}` is not a cursor of this search (use the `next` of the previous page)"
                        ),
                    ));
                }
            },
            other => {
                let allowed: Vec<&str> = SEARCH_PARAMETERS
                    .iter()
                    .map(|(name, _)| *name)
                    .chain(extra.iter().copied())
                    .collect();
                return Err(invalid(
                    other,
                    format!(
                        "unknown parameter `{other}`; allowed: {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
    }
    if let (Some(min), Some(max)) = (search.query.ects_min, search.query.ects_max)
        && min > max
    {
        return Err(invalid(
            "ects_min",
            format!("`ects_min` ({min}) is more than `ects_max` ({max})"),
        ));
    }
    search.query.limit = search.per_page;
    search.query.offset = match search.after {
        Some(offset) => {
            search.page = offset / search.per_page + 1;
            offset
        }
        None => (search.page - 1) * search.per_page,
    };
    Ok(search)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        serde_urlencoded::from_str(query).unwrap()
    }

    #[test]
    fn every_filter_is_parsed() {
        let search = parse_search(&pairs("q=cursus&eqf=5&ects_min=1&ects_max=6&field=061&mode=online&language=nl&country=BE&region=BE2&provider=hogeschool-scheldeland&funding_scheme=kmo_portefeuille&pilot=true&sort=title&page=3&per_page=10"), &[]).unwrap();
        let query = &search.query;
        assert_eq!(query.text.as_deref(), Some("cursus"));
        assert_eq!(query.eqf, Some(5));
        assert_eq!((query.ects_min, query.ects_max), (Some(1.0), Some(6.0)));
        assert_eq!(query.mode, Some(ParticipationMode::Online));
        assert_eq!(query.pilot, Some(true));
        assert_eq!((query.offset, query.limit), (20, 10));
        assert_eq!(query.sort, SortOrder::Title);
    }

    #[test]
    fn bad_values_name_the_parameter() {
        for (query, parameter) in [
            ("eqf=9", "eqf"),
            ("eqf=x", "eqf"),
            ("mode=telepathy", "mode"),
            ("pilot=maybe", "pilot"),
            ("page=0", "page"),
            ("per_page=1000", "per_page"),
            ("field=99", "field"),
            ("country=XX", "country"),
            ("ects_min=5&ects_max=1", "ects_min"),
            ("colour=red", "colour"),
            ("region=be2", "region"),
        ] {
            let error = parse_search(&pairs(query), &[]).unwrap_err();
            assert_eq!(error.element, parameter, "{query}");
        }
    }

    #[test]
    fn empty_values_and_extra_parameters_are_ignored() {
        let search = parse_search(&pairs("q=&eqf=&lang=en"), &["lang"]).unwrap();
        assert_eq!(search.query.text, None);
        assert_eq!(search.page, 1);
    }

    #[test]
    fn limit_and_after_page_a_search_as_every_list_pages() {
        let search = parse_search(&pairs("q=cursus"), &[]).unwrap();
        assert_eq!(search.after, None);
        let paged =
            parse_search(&pairs(&format!("limit=7&after={}", search_cursor(21))), &[]).unwrap();
        assert_eq!(
            (paged.query.offset, paged.query.limit, paged.page),
            (21, 7, 4)
        );
        assert_eq!(paged.next(7, 100), Some(search_cursor(28)));
        assert_eq!(paged.next(7, 28), None, "the last page has no next");
        for bad in ["zz", "6f", "7a31", "6f2d31", &search_cursor(MAX_OFFSET + 1)] {
            let error = parse_search(&pairs(&format!("after={bad}")), &[]).unwrap_err();
            assert_eq!(error.element, "after", "{bad}");
        }
    }
}
