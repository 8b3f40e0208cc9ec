//! What an overview is asked for: the years (calendar, or academic from 1 September), the
//! filters on offerings and providers, and the breakdown. Read from query parameters (the API,
//! the pages, the CLI's `--filter`), each checked with an error naming it.

use model::Vocabulary;
use model::vocab::{LearningSetting, ParticipationMode, ProviderType};
use time::{Date, Month};

use crate::search_params::ParamError;

/// How years are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YearKind {
    /// 1 January – 31 December.
    #[default]
    Calendar,
    /// 1 September – 31 August, as Flemish higher education counts; named by the year it starts.
    Academic,
}

impl YearKind {
    pub fn code(self) -> &'static str {
        match self {
            YearKind::Calendar => "calendar",
            YearKind::Academic => "academic",
        }
    }

    /// The year a `YYYY-MM` month falls in.
    pub fn year_of(self, month: &str) -> Option<i32> {
        let year: i32 = month.get(0..4)?.parse().ok()?;
        let number: u8 = month.get(5..7)?.parse().ok()?;
        Some(match self {
            YearKind::Calendar => year,
            YearKind::Academic if number >= 9 => year,
            YearKind::Academic => year - 1,
        })
    }

    /// The first day of `year`.
    pub fn start(self, year: i32) -> Date {
        let month = match self {
            YearKind::Calendar => Month::January,
            YearKind::Academic => Month::September,
        };
        Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN)
    }

    /// How a year is written: `2024`, or `2024–25` for an academic year.
    pub fn label(self, year: i32) -> String {
        match self {
            YearKind::Calendar => year.to_string(),
            YearKind::Academic => format!("{year}–{:02}", (year + 1).rem_euclid(100)),
        }
    }

    /// The last five complete years before `today`.
    pub fn default_range(self, today: Date) -> (i32, i32) {
        let last = match self {
            YearKind::Calendar => today.year() - 1,
            YearKind::Academic if u8::from(today.month()) >= 9 => today.year() - 1,
            YearKind::Academic => today.year() - 2,
        };
        (last - 4, last)
    }
}

/// The filters of an overview: on the offerings (and their providers) the counted records
/// belong to. Empty means all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filters {
    pub provider: Option<String>,
    /// One or more types (`university,university_college`: either).
    pub provider_type: Vec<ProviderType>,
    pub country: Option<String>,
    /// NUTS region code; includes the regions inside it (a prefix).
    pub region: Option<String>,
    /// ISCED-F field: broad (2 digits), narrow (3) or detailed (4); a prefix.
    pub field: Option<String>,
    pub eqf: Option<u8>,
    pub mode: Option<ParticipationMode>,
    pub setting: Option<LearningSetting>,
    pub funding_scheme: Option<String>,
    pub pilot: Option<bool>,
}

/// One overview request.
#[derive(Debug, Clone, PartialEq)]
pub struct StatisticsQuery {
    pub from: i32,
    pub to: i32,
    pub year: YearKind,
    pub filters: Filters,
    /// The breakdown asked for (`None`: the overview's default).
    pub by: Option<String>,
}

/// The query parameters an overview reads, with what they mean.
pub const STATISTICS_PARAMETERS: &[(&str, &str)] = &[
    ("from", "First year (default: five complete years back)"),
    ("to", "Last year (default: the last complete year)"),
    (
        "year",
        "calendar (default) or academic (1 September – 31 August, named by the year it starts)",
    ),
    ("by", "The breakdown (each overview lists its own)"),
    ("provider", "Provider id"),
    (
        "provider_type",
        "Type of provider; several separated by commas",
    ),
    ("country", "Provider country (ISO 3166-1 alpha-2)"),
    (
        "region",
        "Provider region (NUTS code; includes the regions inside it)",
    ),
    (
        "field",
        "ISCED-F field: broad (2 digits), narrow (3) or detailed (4)",
    ),
    ("eqf", "EQF level 1–8"),
    ("mode", "Form of participation"),
    ("setting", "Learning setting"),
    ("funding_scheme", "Funding scheme code"),
    ("pilot", "Pilot project: true or false"),
];

/// The widest range an overview covers.
const MAX_YEARS: i32 = 30;

fn invalid(element: &str, message: impl Into<String>) -> ParamError {
    ParamError {
        element: element.to_owned(),
        message: message.into(),
    }
}

fn vocabulary<V: Vocabulary>(element: &str, value: &str) -> Result<V, ParamError> {
    V::from_code(value).ok_or_else(|| {
        invalid(
            element,
            format!(
                "`{value}` is not a {element} code; allowed: {}",
                V::allowed_codes().join(", ")
            ),
        )
    })
}

fn text(element: &str, value: &str, max: usize) -> Result<String, ParamError> {
    let value = value.trim();
    if value.is_empty()
        || value.chars().count() > max
        || !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(
            element,
            format!("`{value}` is not a {element} code (letters, digits, - and _, at most {max})"),
        ));
    }
    Ok(value.to_owned())
}

impl StatisticsQuery {
    /// Reads the parameters (`format` and `lang` are the caller's and skipped); `today` sets
    /// the default years. Unknown parameters are refused by name.
    pub fn from_params(params: &[(String, String)], today: Date) -> Result<Self, ParamError> {
        let mut year = YearKind::Calendar;
        let (mut from, mut to) = (None, None);
        let mut filters = Filters::default();
        let mut by = None;
        let number = |element: &str, value: &str| -> Result<i32, ParamError> {
            value
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|year| (1900..=2200).contains(year))
                .ok_or_else(|| invalid(element, format!("`{value}` is not a year")))
        };
        for (key, value) in params {
            if value.trim().is_empty() {
                continue;
            }
            match key.as_str() {
                "from" => from = Some(number("from", value)?),
                "to" => to = Some(number("to", value)?),
                "year" => {
                    year = match value.as_str() {
                        "calendar" => YearKind::Calendar,
                        "academic" => YearKind::Academic,
                        other => {
                            return Err(invalid(
                                "year",
                                format!(
                                    "`{other}` is not a kind of year; allowed: calendar, academic"
                                ),
                            ));
                        }
                    }
                }
                "by" => by = Some(text("by", value, 32)?),
                "provider" => filters.provider = Some(text("provider", value, 64)?),
                "provider_type" => {
                    filters.provider_type = value
                        .split(',')
                        .map(|code| vocabulary("provider_type", code.trim()))
                        .collect::<Result<_, _>>()?
                }
                "country" => filters.country = Some(text("country", value, 2)?.to_uppercase()),
                "region" => filters.region = Some(text("region", value, 8)?.to_uppercase()),
                "field" => {
                    let field = text("field", value, 4)?;
                    if !field.chars().all(|c| c.is_ascii_digit()) || field.len() < 2 {
                        return Err(invalid(
                            "field",
                            format!("`{field}` is not an ISCED-F code (2 to 4 digits)"),
                        ));
                    }
                    filters.field = Some(field);
                }
                "eqf" => {
                    filters.eqf = Some(
                        value
                            .trim()
                            .parse::<u8>()
                            .ok()
                            .filter(|level| (1..=8).contains(level))
                            .ok_or_else(|| {
                                invalid("eqf", format!("`{value}` is not an EQF level 1–8"))
                            })?,
                    )
                }
                "mode" => filters.mode = Some(vocabulary("mode", value)?),
                "setting" => filters.setting = Some(vocabulary("setting", value)?),
                "funding_scheme" => {
                    filters.funding_scheme = Some(text("funding_scheme", value, 64)?)
                }
                "pilot" => {
                    filters.pilot = Some(match value.as_str() {
                        "true" => true,
                        "false" => false,
                        other => {
                            return Err(invalid(
                                "pilot",
                                format!("`{other}` is not true or false"),
                            ));
                        }
                    })
                }
                "format" | "lang" => {}
                other => {
                    return Err(invalid(
                        other,
                        format!(
                            "`{other}` is not a parameter of the statistics; known: {}",
                            STATISTICS_PARAMETERS
                                .iter()
                                .map(|(name, _)| *name)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ));
                }
            }
        }
        let (default_from, default_to) = year.default_range(today);
        let to = to.unwrap_or(default_to);
        let from = from.unwrap_or(if to < default_to {
            to - 4
        } else {
            default_from
        });
        if from > to {
            return Err(invalid("from", format!("{from} comes after `to` ({to})")));
        }
        if to - from >= MAX_YEARS {
            return Err(invalid(
                "from",
                format!("{from}–{to} is more than {MAX_YEARS} years"),
            ));
        }
        Ok(StatisticsQuery {
            from,
            to,
            year,
            filters,
            by,
        })
    }

    /// The years asked for, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + use<> {
        self.from..=self.to
    }

    /// The dates the years cover, `[first day, day after the last)`, as `YYYY-MM-DD`.
    pub fn date_range(&self) -> (String, String) {
        (
            self.year.start(self.from).to_string(),
            self.year.start(self.to + 1).to_string(),
        )
    }

    /// The filters as given, for the answer and the workbook (`from`, `to`, `year` first).
    pub fn applied(&self) -> Vec<(String, String)> {
        let filters = &self.filters;
        let mut applied = vec![
            ("from".to_owned(), self.from.to_string()),
            ("to".to_owned(), self.to.to_string()),
            ("year".to_owned(), self.year.code().to_owned()),
        ];
        let mut push = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                applied.push((key.to_owned(), value));
            }
        };
        push("provider", filters.provider.clone());
        push(
            "provider_type",
            (!filters.provider_type.is_empty()).then(|| {
                filters
                    .provider_type
                    .iter()
                    .map(|kind| kind.code())
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        );
        push("country", filters.country.clone());
        push("region", filters.region.clone());
        push("field", filters.field.clone());
        push("eqf", filters.eqf.map(|level| level.to_string()));
        push("mode", filters.mode.map(|mode| mode.code().to_owned()));
        push(
            "setting",
            filters.setting.map(|setting| setting.code().to_owned()),
        );
        push("funding_scheme", filters.funding_scheme.clone());
        push("pilot", filters.pilot.map(|pilot| pilot.to_string()));
        push("by", self.by.clone());
        applied
    }
}
