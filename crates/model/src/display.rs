//! How dates and decimals read for people, in Dutch or English: shared by the web pages, the
//! credential content reader (`vc::content`) and the certificate.

use crate::UiLang;
use time::Date;

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2 februari 2026` / `2 February 2026` (other interface languages read English).
pub fn date(date: Date, lang: UiLang) -> String {
    let month = usize::from(u8::from(date.month())) - 1;
    let name = if lang == UiLang::Nl {
        MONTHS_NL[month]
    } else {
        MONTHS_EN[month]
    };
    format!("{} {name} {}", date.day(), date.year())
}

/// `2026-10-13T11:00:00Z` or `2026-10-13` as a readable date; `None` if it is neither.
pub fn date_text(text: &str, lang: UiLang) -> Option<String> {
    let day = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with('T')) {
        return None;
    }
    Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
    .map(|day| date(day, lang))
}

/// A decimal with at most two places, without trailing zeros, in the reader's notation.
pub fn decimal(value: f64, lang: UiLang) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_owned();
    if lang == UiLang::Nl {
        text.replace('.', ",")
    } else {
        text
    }
}

/// A count with its thousands grouped: `1.234.567` (Dutch), `1,234,567` (English).
pub fn count(number: usize, lang: UiLang) -> String {
    let separator = if lang == UiLang::Nl { '.' } else { ',' };
    let digits = number.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            text.push(separator);
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(count(0, UiLang::En), "0");
        assert_eq!(count(999, UiLang::Nl), "999");
        assert_eq!(count(1_000, UiLang::Nl), "1.000");
        assert_eq!(count(1_234_567, UiLang::En), "1,234,567");
    }

    #[test]
    fn dates_and_decimals_read_in_the_reader_language() {
        assert_eq!(
            date_text("2026-10-13T11:00:00Z", UiLang::Nl).as_deref(),
            Some("13 oktober 2026")
        );
        assert_eq!(
            date_text("2026-10-13", UiLang::En).as_deref(),
            Some("13 October 2026")
        );
        assert_eq!(date_text("2026-10-13x", UiLang::En), None);
        assert_eq!(date_text("13/10/2026", UiLang::En), None);
        assert_eq!(decimal(2.5, UiLang::Nl), "2,5");
        assert_eq!(decimal(12.0, UiLang::En), "12");
    }
}
