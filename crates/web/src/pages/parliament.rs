//! `/statistics/parliament`: the data questions members of the Flemish Parliament asked about
//! micro-credentials (written questions 514 of 2023 and 223 of 2024, `shared/seeds/000` and
//! `001`), each quoted in Dutch with an English rendering, and under it the register's answer:
//! the figures per year, the chart, and a one-line reading of the trend computed from them.
//! `/statistics/parliament.xlsx` downloads every answer as one workbook.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use model::UiLang;

use super::context::{Chrome, PageContext, Section};
use super::{PageResult, app_error_page, render};
use crate::SharedState;
use app::statistics::{Cell, StatTable, StatisticsQuery};

/// How an answer's trend is read.
#[derive(Clone, Copy)]
enum Reading {
    /// The first measure's year totals, first year against last.
    Growth,
    /// Growth, and the share of the `working` category.
    GrowthAndWorking,
    /// The sum of the first measure over the years.
    Total,
    /// The number of rows (offerings listed).
    Listed,
}

/// An answer: an overview with its parameters, and how its trend is read.
type Answer = (
    &'static str,
    &'static [(&'static str, &'static str)],
    Reading,
);

struct Question {
    /// The written question's number and the part of it asked here.
    number: (&'static str, &'static str),
    asked: &'static str,
    dutch: &'static str,
    english: &'static str,
    answers: &'static [Answer],
}

const HIGHER_EDUCATION: (&str, &str) = ("provider_type", "university,university_college");

const QUESTIONS: &[Question] = &[
    Question {
        number: ("223", "1"),
        asked: "Tom Seurs, 20-12-2024",
        dutch: "Kan de minister een overzicht bieden van alle opleidingen in de vorm van microcredentials die aan Vlaamse universiteiten en hogescholen worden georganiseerd, met aanduiding van het aantal studiepunten die kunnen worden opgenomen? Kan de minister ook aangeven hoe het aantal opleidingen gegroeid is de laatste vijf jaar?",
        english: "Can the minister give an overview of all programmes in the form of micro-credentials organised at Flemish universities and university colleges, with the number of study points (ECTS) that can be taken? Can the minister also say how the number of programmes has grown over the last five years?",
        answers: &[
            (
                "offering-growth",
                &[HIGHER_EDUCATION, ("by", "provider_type")],
                Reading::Growth,
            ),
            ("offerings", &[HIGHER_EDUCATION], Reading::Listed),
        ],
    },
    Question {
        number: ("223", "2"),
        asked: "Tom Seurs, 20-12-2024",
        dutch: "Kan de minister een overzicht bieden van het aantal studenten dat zich voor deze opleidingen in de laatste vijf jaar heeft ingeschreven? Kan ze daarbij aangeven of het over studenten gaat die werken of niet werken?",
        english: "Can the minister give an overview of the number of students who enrolled in these programmes over the last five years? Can she say whether they are students who work or do not work?",
        answers: &[(
            "enrolments",
            &[HIGHER_EDUCATION, ("by", "employment_group")],
            Reading::GrowthAndWorking,
        )],
    },
    Question {
        number: ("223", "3"),
        asked: "Tom Seurs, 20-12-2024",
        dutch: "Wat leidt de minister af uit deze cijfers? Hoe is het met de populariteit en de groei van microcredentials gesteld?",
        english: "What does the minister conclude from these figures? How are the popularity and the growth of micro-credentials faring?",
        answers: &[
            ("offering-growth", &[("by", "total")], Reading::Growth),
            (
                "enrolments",
                &[("by", "employment_group")],
                Reading::GrowthAndWorking,
            ),
            ("credentials", &[("by", "total")], Reading::Growth),
        ],
    },
    Question {
        number: ("514", "6"),
        asked: "27-04-2023",
        dutch: "Welke vooruitgang is er geboekt rond de opname van competentiebewijzen, uitgereikt in EVC-trajecten, open modules en inclusieve trajecten in een nationaal digitaal register voor opleidingen die in aanmerking komen voor bijkomende financiering, zoals de Europese aanbeveling adviseert (EVC: elders verworven competenties)?",
        english: "What progress has been made on recording the certificates of competence issued through validation of prior learning (EVC), open modules and inclusive pathways in a national digital register of programmes eligible for additional funding, as the European recommendation advises?",
        answers: &[("validations", &[("by", "total")], Reading::Total)],
    },
    Question {
        number: ("514", "6a, 7b"),
        asked: "27-04-2023",
        dutch: "Hoeveel extra financiering heeft de minister daar, per jaar, de laatste 5 jaar voor uitgetrokken? … Hoeveel geld trok de minister daar, per jaar, de laatste 5 jaar voor uit?",
        english: "How much additional funding has the minister set aside for this, per year, over the last five years? … How much money did the minister allocate to it, per year, over the last five years?",
        answers: &[("funding", &[], Reading::Total)],
    },
    Question {
        number: ("514", "7c"),
        asked: "27-04-2023",
        dutch: "Graag per instelling een overzicht van de bij de minister bekende microdegrees, met de vermelding of ze al dan niet op Vlaams niveau in een proefproject zitten.",
        english: "Please give, per institution, an overview of the micro-degrees known to the minister, stating whether or not they are part of a pilot project at Flemish level.",
        answers: &[("offerings", &[], Reading::Listed)],
    },
];

/// One answer as shown.
pub struct AnswerView {
    pub title: String,
    pub reading: String,
    pub chart: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub more: usize,
    pub href: String,
    /// The overview counts people and the reader may not see it.
    pub locked: bool,
}

pub struct QuestionView {
    pub reference: String,
    pub dutch: &'static str,
    pub english: &'static str,
    pub answers: Vec<AnswerView>,
}

#[derive(Template)]
#[template(path = "parliament.html")]
struct ParliamentPage {
    chrome: Chrome,
    nl: bool,
    questions: Vec<QuestionView>,
    rule: String,
}

/// The answers of every question, for this reader (`None`: not allowed to see it).
async fn answers(
    state: &SharedState,
    context: &PageContext,
) -> Result<Vec<Vec<Option<(StatTable, StatisticsQuery)>>>, super::PageError> {
    let today = state.app.now().date();
    let mut requests = Vec::new();
    for question in QUESTIONS {
        for (id, params, _) in question.answers {
            let pairs: Vec<(String, String)> = params
                .iter()
                .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
                .collect();
            let query = StatisticsQuery::from_params(&pairs, today)
                .map_err(|_| super::not_found_page(context))?;
            requests.push((*id, query));
        }
    }
    // One read of the register's offerings for every answer.
    let mut answers = state
        .app
        .statistics_many(context.viewer.as_ref(), &requests, context.lang)
        .await
        .map_err(|error| app_error_page(context, error))?
        .into_iter()
        .zip(requests.iter().map(|(_, query)| query.clone()));
    let mut all = Vec::new();
    for question in QUESTIONS {
        let mut made = Vec::new();
        for (answer, query) in answers.by_ref().take(question.answers.len()) {
            match answer {
                Ok(table) => made.push(Some((table, query))),
                Err(app::AppError::Unauthenticated(_) | app::AppError::Forbidden(_)) => {
                    made.push(None)
                }
                Err(error) => return Err(app_error_page(context, error)),
            }
        }
        all.push(made);
    }
    Ok(all)
}

pub async fn page(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let lang = context.lang;
    let nl = lang == UiLang::Nl;
    let made = answers(&state, &context).await?;
    let mut questions = Vec::new();
    for (question, answers) in QUESTIONS.iter().zip(made) {
        let mut views = Vec::new();
        for ((id, params, reading), answer) in question.answers.iter().zip(answers) {
            let href = format!(
                "/statistics/{id}?{}",
                serde_urlencoded::to_string(params).unwrap_or_default()
            );
            let Some((table, query)) = answer else {
                views.push(AnswerView {
                    title: app::statistics::OVERVIEWS
                        .iter()
                        .find(|overview| overview.id == *id)
                        .map_or_else(String::new, |overview| overview.title(lang).to_owned()),
                    reading: String::new(),
                    chart: None,
                    header: Vec::new(),
                    rows: Vec::new(),
                    more: 0,
                    href,
                    locked: true,
                });
                continue;
            };
            views.push(view(&table, &query, *reading, href, lang));
        }
        questions.push(QuestionView {
            reference: if nl {
                format!(
                    "Schriftelijke vraag {}, vraag {} ({})",
                    question.number.0, question.number.1, question.asked
                )
            } else {
                format!(
                    "Written question {}, question {} ({})",
                    question.number.0, question.number.1, question.asked
                )
            },
            dutch: question.dutch,
            english: question.english,
            answers: views,
        });
    }
    let threshold = state.app.statistics_threshold();
    let page = ParliamentPage {
        chrome: context.chrome(Section::Statistics),
        nl,
        questions,
        rule: if nl {
            model::statistics::suppression::rule_text_nl(threshold)
        } else {
            model::statistics::suppression::rule_text(threshold)
        },
    };
    Ok(render(StatusCode::OK, &page))
}

/// Every answer the reader may see, as one workbook.
pub async fn workbook(State(state): State<SharedState>, context: PageContext) -> PageResult {
    let tables: Vec<StatTable> = answers(&state, &context)
        .await?
        .into_iter()
        .flatten()
        .flatten()
        .map(|(table, _)| table)
        .collect();
    let filters = vec![(
        "questions".to_owned(),
        "Vlaams Parlement, schriftelijke vragen 514 (2023) en 223 (2024)".to_owned(),
    )];
    let bytes = state
        .app
        .statistics_workbook_of(&tables, &filters, context.lang)
        .map_err(|error| app_error_page(&context, error))?;
    Ok(crate::api::statistics::xlsx_response(bytes))
}

/// The column of the first measure (the first count in the totals).
fn first_measure(table: &StatTable) -> Option<usize> {
    table.totals.first().and_then(|cells| {
        cells.iter().position(|cell| {
            matches!(
                cell,
                Cell::Count(_) | Cell::Number(_) | Cell::Suppressed { .. }
            )
        })
    })
}

/// The year totals of the first measure: `(year label, value)`, `None` where hidden.
fn year_totals(table: &StatTable, query: &StatisticsQuery) -> Vec<(String, Option<f64>)> {
    let Some(measure) = first_measure(table) else {
        return Vec::new();
    };
    table
        .totals
        .iter()
        .filter_map(|cells| match cells.first() {
            Some(Cell::Year(year, _)) => Some((
                query.year.label(*year),
                match cells.get(measure) {
                    Some(Cell::Count(count)) => Some(*count as f64),
                    Some(Cell::Number(number)) => Some(*number),
                    _ => None,
                },
            )),
            _ => None,
        })
        .collect()
}

fn percent(value: f64, lang: UiLang) -> String {
    let sign = if value >= 0.0 { "+" } else { "−" };
    format!(
        "{sign}{} %",
        model::display::decimal(value.abs().round(), lang)
    )
}

fn view(
    table: &StatTable,
    query: &StatisticsQuery,
    reading: Reading,
    href: String,
    lang: UiLang,
) -> AnswerView {
    let nl = lang == UiLang::Nl;
    let totals = year_totals(table, query);
    // From the first year with any to the last year (a register that started later has
    // nothing before).
    let first = totals
        .iter()
        .find(|(_, value)| value.is_some_and(|value| value > 0.0));
    let last = totals.last();
    let growth = match (first, last) {
        (Some((from, Some(first))), Some((to, Some(last)))) if from != to => {
            Some(((last - first) * 100.0 / first, format!("{from}–{to}")))
        }
        _ => None,
    };
    let span = format!(
        "{}–{}",
        query.year.label(query.from),
        query.year.label(query.to)
    );
    let what = table.title(lang).to_lowercase();
    let reading = match reading {
        Reading::Growth | Reading::GrowthAndWorking => {
            let mut text = match &growth {
                Some((growth, years)) => {
                    format!(
                        "{}: {} ({years})",
                        table.title(lang),
                        percent(*growth, lang)
                    )
                }
                None => format!(
                    "{}: {}",
                    table.title(lang),
                    if nl {
                        "geen groei te berekenen (te weinig of verborgen aantallen)"
                    } else {
                        "no growth to compute (too few or hidden counts)"
                    }
                ),
            };
            if matches!(reading, Reading::GrowthAndWorking) {
                let category_total = |key: &str| {
                    table.totals.iter().find_map(|cells| {
                        match (cells.first(), cells.get(1), cells.get(3)) {
                            (
                                Some(Cell::Text(all)),
                                Some(Cell::Text(k)),
                                Some(Cell::Count(count)),
                            ) if all == "all" && k == key => Some(*count as f64),
                            _ => None,
                        }
                    })
                };
                let all = category_total("all").unwrap_or(0.0);
                if let (Some(working), true) = (category_total("working"), all > 0.0) {
                    text.push_str(&format!(
                        "; {} {}",
                        percent(working * 100.0 / all, lang).trim_start_matches('+'),
                        if nl {
                            "van de ingeschreven lerenden werkte"
                        } else {
                            "of enrolled learners were working"
                        }
                    ));
                }
            }
            text
        }
        Reading::Total => {
            let sum: f64 = totals.iter().filter_map(|(_, value)| *value).sum();
            format!(
                "{}: {} {} ({span}){}",
                table.title(lang),
                model::display::decimal(sum, lang),
                if nl { "in totaal" } else { "in all" },
                growth.map_or_else(String::new, |(growth, years)| format!(
                    ", {} ({years})",
                    percent(growth, lang)
                ))
            )
        }
        Reading::Listed => format!(
            "{} {what} {} ({span})",
            table.rows.len(),
            if nl {
                "in het register"
            } else {
                "in the register"
            }
        ),
    };
    let threshold = table.suppression.as_ref().map_or(0, |s| s.threshold);
    let (header, rows, more) = if table.id == "offerings" {
        // Provider, title, ECTS, pilot project: the first 25, the rest in the workbook.
        let keep = [1usize, 3, 4, 11];
        (
            keep.iter()
                .map(|index| table.columns[*index].label(lang).to_owned())
                .collect(),
            table
                .rows
                .iter()
                .take(25)
                .map(|cells| {
                    keep.iter()
                        .map(|index| cells[*index].text(threshold, lang))
                        .collect()
                })
                .collect(),
            table.rows.len().saturating_sub(25),
        )
    } else {
        let measure = first_measure(table)
            .and_then(|index| table.columns.get(index))
            .map_or_else(String::new, |column| column.label(lang).to_owned());
        let hidden = Cell::Suppressed { below: false }.text(threshold, lang);
        (
            vec![table.columns[0].label(lang).to_owned(), measure],
            totals
                .iter()
                .map(|(year, value)| {
                    vec![
                        year.clone(),
                        value.map_or_else(
                            || hidden.clone(),
                            |value| model::display::decimal(value, lang),
                        ),
                    ]
                })
                .collect(),
            0,
        )
    };
    let chart = (table.id != "offerings" && totals.len() > 1).then(|| {
        super::chart::lines(
            table.title(lang),
            &reading,
            &totals
                .iter()
                .map(|(year, _)| year.clone())
                .collect::<Vec<_>>(),
            &[super::chart::Series {
                name: table.title(lang).to_owned(),
                values: totals.iter().map(|(_, value)| *value).collect(),
            }],
        )
    });
    AnswerView {
        title: table.title(lang).to_owned(),
        reading,
        chart,
        header,
        rows,
        more,
        href,
        locked: false,
    }
}
