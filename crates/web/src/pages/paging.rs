//! Paging of the admin lists: 50 rows a page, "Showing 51–100 of 4,321", a link to the next
//! page (by cursor, so every page costs the same) and back to the first.

use app::Listing;
use model::UiLang;
use model::display::count;

use super::i18n::issuing::IssuingText;

/// Rows on one page of an admin list.
pub const PAGE_SIZE: usize = 50;

/// What a list page asked for: the page after a cursor (one that does not read — an old
/// bookmark, a hand-edited link — starts at the top), how many rows came before it (only shown),
/// and the learner search (at most 200 characters; blank is none).
pub struct PageRequest {
    pub after: Option<app::PageCursor>,
    pub before: usize,
    pub search: Option<String>,
}

impl PageRequest {
    pub fn new(
        kind: app::ListingKind,
        after: Option<&str>,
        from: Option<usize>,
        search: &str,
    ) -> PageRequest {
        let after = after.and_then(|text| app::PageCursor::parse(text, kind).ok());
        let before = if after.is_some() {
            from.unwrap_or(0)
        } else {
            0
        };
        let search = search.trim();
        PageRequest {
            after,
            before,
            search: (!search.is_empty()).then(|| search.chars().take(200).collect()),
        }
    }
}

/// What a list page shows about its paging.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    /// "Showing 51–100 of 4,321" (empty when nothing matches).
    pub summary: String,
    pub next_href: Option<String>,
    /// Set when this is not the first page.
    pub first_href: Option<String>,
}

impl Pager {
    /// `path` with `params` (the page's filters, empty values left out) is the first page;
    /// `before` is how many rows came before this page (carried in the next link as `from`).
    pub fn new<T>(
        it: &IssuingText,
        lang: UiLang,
        path: &str,
        params: &[(&str, &str)],
        before: usize,
        listing: &Listing<T>,
    ) -> Pager {
        let kept: Vec<(&str, &str)> = params
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .copied()
            .collect();
        let href = |extra: &[(&str, &str)]| {
            let all: Vec<(&str, &str)> = kept.iter().chain(extra).copied().collect();
            let query = serde_urlencoded::to_string(&all).unwrap_or_default();
            if query.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{query}")
            }
        };
        // `from` is only shown, never trusted: it cannot make the summary exceed the total.
        let before = before.min(listing.total.saturating_sub(listing.items.len()));
        let summary = if listing.items.is_empty() {
            String::new()
        } else {
            format!(
                "{} {}–{} {} {}",
                it.showing,
                count(before + 1, lang),
                count(before + listing.items.len(), lang),
                it.of,
                count(listing.total, lang)
            )
        };
        let next_from = (before + listing.items.len()).to_string();
        Pager {
            summary,
            next_href: listing
                .next
                .as_ref()
                .map(|cursor| href(&[("after", &cursor.to_param()), ("from", &next_from)])),
            first_href: (before > 0).then(|| href(&[])),
        }
    }
}
