//! How values read on a page: dates with month names, decimals with the reader's separator,
//! prices, workloads and multilingual text marked with its language.

use model::offering::{EqfLevel, Price, Workload};
use model::{LangText, UiLang};
use time::OffsetDateTime;

use super::i18n::Text;

pub use model::display::{date, decimal};

pub fn timestamp(at: OffsetDateTime, lang: UiLang) -> String {
    date(at.date(), lang)
}

pub fn price(price: &Price, lang: UiLang) -> String {
    let amount = format!("{:.2}", price.amount);
    let symbol = if price.currency == "EUR" {
        "€"
    } else {
        price.currency.as_str()
    };
    if lang == UiLang::Nl {
        format!("{symbol} {}", amount.replace('.', ","))
    } else {
        format!("{symbol} {amount}")
    }
}

/// `3 ECTS · 75 uur`.
pub fn workload(workload: &Workload, t: &Text, lang: UiLang) -> String {
    let mut parts = Vec::new();
    if let Some(ects) = workload.ects {
        parts.push(format!("{} {}", decimal(ects, lang), t.ects_unit));
    }
    if let Some(hours) = workload.hours {
        parts.push(format!("{hours} {}", t.hours_unit));
    }
    parts.join(" · ")
}

pub fn eqf(level: EqfLevel, t: &Text) -> String {
    match level {
        EqfLevel::Level(number) => format!("EQF {number}"),
        EqfLevel::NotApplicable => t.eqf_not_applicable.to_owned(),
    }
}

/// Multilingual text in the reader's language (or the best fallback), with the language it is in
/// so the page can mark it (`lang` attribute) for screen readers.
#[derive(Debug, Clone, Default)]
pub struct Localised {
    pub text: String,
    pub lang: String,
}

impl Localised {
    pub fn of(text: &LangText, lang: UiLang) -> Localised {
        Localised {
            text: text.best(lang).to_owned(),
            lang: text.best_lang(lang).to_owned(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A link on a page.
#[derive(Debug, Clone)]
pub struct Link {
    pub href: String,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn numbers_and_dates_read_naturally() {
        assert_eq!(decimal(3.0, UiLang::Nl), "3");
        assert_eq!(decimal(2.5, UiLang::Nl), "2,5");
        assert_eq!(decimal(2.5, UiLang::En), "2.5");
        assert_eq!(date(date!(2026 - 02 - 02), UiLang::Nl), "2 februari 2026");
        assert_eq!(
            price(
                &Price {
                    amount: 450.0,
                    currency: "EUR".into()
                },
                UiLang::Nl
            ),
            "€ 450,00"
        );
        assert_eq!(
            price(
                &Price {
                    amount: 12.5,
                    currency: "SEK".into()
                },
                UiLang::En
            ),
            "SEK 12.50"
        );
    }
}
