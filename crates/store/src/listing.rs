//! Pages of a listing: the total, the page's items and where the next page starts.
//!
//! Listings page by key (the sort key of the last row shown, `after`), so page 800 costs what
//! page 1 costs; `offset` is kept for callers that jump, and reads only the index to skip.

/// Which listing a cursor belongs to: a cursor of one is refused by the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListingKind {
    Credentials,
    Enrolments,
    ImportJobs,
}

impl ListingKind {
    fn tag(self) -> &'static str {
        match self {
            ListingKind::Credentials => "c",
            ListingKind::Enrolments => "e",
            ListingKind::ImportJobs => "i",
        }
    }

    /// The sort-key columns, all descending (newest first), the last one unique.
    pub(crate) fn key_columns(self) -> &'static [&'static str] {
        match self {
            ListingKind::Credentials => &["issued_at", "id"],
            ListingKind::Enrolments => &["enrolled_on", "recorded_at", "id"],
            ListingKind::ImportJobs => &["created_at", "id"],
        }
    }
}

/// Where the next page starts: the sort key of the last row of the previous page. Opaque to
/// callers: `to_param` writes it for a URL, `parse` reads it back and says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    kind: ListingKind,
    key: Vec<String>,
}

/// The longest cursor accepted (a sort key is a timestamp, a date and an id).
const MAX_CURSOR_CHARS: usize = 600;

impl PageCursor {
    pub(crate) fn new(kind: ListingKind, key: Vec<String>) -> PageCursor {
        PageCursor { kind, key }
    }

    pub fn kind(&self) -> ListingKind {
        self.kind
    }

    pub(crate) fn key(&self) -> &[String] {
        &self.key
    }

    /// Hex of `tag \x1f field \x1f field …`: safe in a URL as it is.
    pub fn to_param(&self) -> String {
        let mut text = self.kind.tag().to_owned();
        for field in &self.key {
            text.push('\u{1f}');
            text.push_str(field);
        }
        text.bytes().map(|byte| format!("{byte:02x}")).collect()
    }

    /// Reads a cursor made by `to_param` for a listing of `kind`.
    pub fn parse(text: &str, kind: ListingKind) -> Result<PageCursor, String> {
        const INVALID: &str =
            "is not a page cursor of this listing (use the `next` value of the previous page)";
        if text.len() > MAX_CURSOR_CHARS || !text.len().is_multiple_of(2) {
            return Err(format!("`{}` {INVALID}", shorten(text)));
        }
        let bytes = (0..text.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(text.get(at..at + 2).unwrap_or("zz"), 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| format!("`{}` {INVALID}", shorten(text)))?;
        let decoded =
            String::from_utf8(bytes).map_err(|_| format!("`{}` {INVALID}", shorten(text)))?;
        let mut fields = decoded.split('\u{1f}');
        let tag = fields.next().unwrap_or_default();
        let key: Vec<String> = fields.map(str::to_owned).collect();
        if tag != kind.tag()
            || key.len() != kind.key_columns().len()
            || key
                .iter()
                .any(|field| field.is_empty() || field.chars().any(char::is_control))
        {
            return Err(format!("`{}` {INVALID}", shorten(text)));
        }
        Ok(PageCursor { kind, key })
    }
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    /// Every item the filter matches, on all pages.
    pub total: usize,
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<PageCursor>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_refuses_what_it_did_not_write() {
        let cursor = PageCursor::new(
            ListingKind::Credentials,
            vec!["2026-05-01T10:00:00.5Z".into(), "0b1c".into()],
        );
        let param = cursor.to_param();
        assert!(param.bytes().all(|byte| byte.is_ascii_hexdigit()));
        assert_eq!(
            PageCursor::parse(&param, ListingKind::Credentials),
            Ok(cursor)
        );
        // Another listing's cursor, hostile text, truncation, oversize: each a clear refusal.
        for bad in [
            PageCursor::parse(&param, ListingKind::Enrolments),
            PageCursor::parse("zz", ListingKind::Credentials),
            PageCursor::parse(&param[..param.len() - 1], ListingKind::Credentials),
            PageCursor::parse(&"ab".repeat(400), ListingKind::Credentials),
            PageCursor::parse("", ListingKind::Credentials),
            PageCursor::parse("é1", ListingKind::Credentials),
        ] {
            let message = bad.unwrap_err();
            assert!(message.contains("not a page cursor"), "{message}");
        }
    }
}
