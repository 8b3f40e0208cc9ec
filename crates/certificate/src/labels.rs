//! The few fixed phrases a certificate prints itself, in each supported language.

/// Language of the certificate's fixed phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Dutch,
    English,
}

impl Language {
    /// Accepts a BCP 47 tag whose primary subtag is `nl` or `en`, in any case: `"nl"`, `"en-GB"`.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("nl") {
            Some(Self::Dutch)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Self::English)
        } else {
            None
        }
    }

    /// The tag written into the PDF's metadata, so screen readers pick the right voice.
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Self::Dutch => "nl",
            Self::English => "en",
        }
    }

    pub(crate) fn awarded_to(self) -> &'static str {
        match self {
            Self::Dutch => "toegekend aan",
            Self::English => "awarded to",
        }
    }

    /// "Issued by X on D", leaving out whichever part is blank.
    pub(crate) fn issued_line(self, issuer: &str, date: &str) -> String {
        let (by, on) = match self {
            Self::Dutch => ("Uitgegeven door", "op"),
            Self::English => ("Issued by", "on"),
        };
        match (issuer.trim().is_empty(), date.trim().is_empty()) {
            (false, false) => format!("{by} {issuer} {on} {date}"),
            (false, true) => format!("{by} {issuer}"),
            (true, false) => match self {
                Self::Dutch => format!("Uitgegeven op {date}"),
                Self::English => format!("Issued on {date}"),
            },
            (true, true) => String::new(),
        }
    }

    pub(crate) fn details(self) -> &'static str {
        match self {
            Self::Dutch => "Gegevens van het microcredential",
            Self::English => "Credential details",
        }
    }

    /// Added to a row's label where its value continues on a new page.
    pub(crate) fn continued(self) -> &'static str {
        match self {
            Self::Dutch => "vervolg",
            Self::English => "continued",
        }
    }

    pub(crate) fn verify_heading(self) -> &'static str {
        match self {
            Self::Dutch => "Controleer dit microcredential",
            Self::English => "Verify this credential",
        }
    }

    pub(crate) fn verify_hint(self) -> &'static str {
        match self {
            Self::Dutch => {
                "Scan de code of open het adres om de echtheid en de actuele status te controleren."
            }
            Self::English => {
                "Scan the code or open the address to check its authenticity and current status."
            }
        }
    }

    pub(crate) fn credential_id(self) -> &'static str {
        match self {
            Self::Dutch => "Credential-ID",
            Self::English => "Credential ID",
        }
    }

    pub(crate) fn page_of(self, page: usize, pages: usize) -> String {
        match self {
            Self::Dutch => format!("Pagina {page} van {pages}"),
            Self::English => format!("Page {page} of {pages}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Language;

    #[test]
    fn parses_primary_subtag_in_any_case() {
        assert_eq!(Language::parse("nl"), Some(Language::Dutch));
        assert_eq!(Language::parse("EN-gb"), Some(Language::English));
        assert_eq!(Language::parse("nl_BE"), Some(Language::Dutch));
        assert_eq!(Language::parse("de"), None);
        assert_eq!(Language::parse(""), None);
        assert_eq!(Language::parse("english"), None);
    }

    #[test]
    fn issued_line_leaves_out_blank_parts() {
        let english = Language::English;
        assert_eq!(
            english.issued_line("UvA", "1 May 2026"),
            "Issued by UvA on 1 May 2026"
        );
        assert_eq!(english.issued_line("UvA", " "), "Issued by UvA");
        assert_eq!(
            Language::Dutch.issued_line("", "1 mei 2026"),
            "Uitgegeven op 1 mei 2026"
        );
        assert_eq!(english.issued_line("", ""), "");
    }
}
