//! The overviews (their ids are part of the interface) and how each is counted.

use model::{EmploymentStatus, UiLang, Vocabulary};
use store::{StatisticsScope, Store};

use super::catalogue::Overview;
use super::dimensions::{Dimensions, none_label};
use super::pivot::{Categories, Pivot};
use super::query::StatisticsQuery;
use super::sheet::Sheet;
use super::table::{Column, StatTable};
use crate::App;
use crate::error::AppResult;

/// Computes `overview` over `dimensions` and the store's facts.
#[allow(clippy::too_many_arguments)]
pub(super) async fn compute<S: Store>(
    app: &App<S>,
    overview: &'static Overview,
    scope: &StatisticsScope,
    dimensions: &Dimensions,
    query: &StatisticsQuery,
    by: &str,
    threshold: u64,
    lang: UiLang,
) -> AppResult<StatTable> {
    let (from, to) = query.date_range();
    // The store sums the terms into the years asked for.
    let range = store::FactRange {
        from,
        to,
        grain: match query.year {
            super::YearKind::Calendar => store::Grain::CalendarYear,
            super::YearKind::Academic => store::Grain::AcademicYear,
        },
    };
    let years: Vec<i32> = query.years().collect();
    // A fact's offering, if the filters admit it, and the year of its term.
    let admitted = |offering_id: &model::OfferingId, term: &str| {
        let offering = dimensions
            .offerings
            .get(offering_id)
            .filter(|offering| dimensions.admits(offering, &query.filters))?;
        Some((offering, query.year.year_of(term)?))
    };
    let mut sheet = Sheet::new(query, by, lang);
    match overview.id {
        "offerings" => {
            let titles = app.store.offering_titles(scope).await?;
            return Ok(super::list::offerings(
                overview, dimensions, query, &titles, lang,
            ));
        }
        "offering-growth" => {
            let (mut active, mut new, mut withdrawn) =
                (Pivot::default(), Pivot::default(), Pivot::default());
            for offering in dimensions.offerings.values() {
                if !dimensions.admits(offering, &query.filters) {
                    continue;
                }
                let Some((key, label)) = dimensions.category(by, offering, lang) else {
                    continue;
                };
                let published = offering.published_at.map(|at| at.date());
                let gone = (offering.status == model::PublicationStatus::Withdrawn)
                    .then_some(offering.withdrawn_at.map(|at| at.date()))
                    .flatten();
                for &year in &years {
                    let (start, end) = (query.year.start(year), query.year.start(year + 1));
                    let offered = published.is_some_and(|day| day < end)
                        && gone.is_none_or(|day| day >= start);
                    active.add(year, &key, &label, u64::from(offered));
                    new.add(
                        year,
                        &key,
                        &label,
                        u64::from(published.is_some_and(|day| day >= start && day < end)),
                    );
                    withdrawn.add(
                        year,
                        &key,
                        &label,
                        u64::from(gone.is_some_and(|day| day >= start && day < end)),
                    );
                }
            }
            sheet.measure(
                Column::new(
                    "active",
                    "Aangeboden",
                    "Offered",
                    "Microcredentials die op enig moment in het jaar gepubliceerd waren.",
                    "Micro-credentials published at any time in the year.",
                ),
                active,
            );
            sheet.measure(
                Column::new(
                    "new",
                    "Nieuw",
                    "New",
                    "Voor het eerst gepubliceerd in het jaar.",
                    "Published for the first time in the year.",
                ),
                new,
            );
            sheet.measure(
                Column::new(
                    "withdrawn",
                    "Ingetrokken",
                    "Withdrawn",
                    "Ingetrokken in het jaar (en niet opnieuw gepubliceerd).",
                    "Withdrawn in the year (and not published again).",
                ),
                withdrawn,
            );
            sheet.growth = Some(0);
            return Ok(sheet.finish(overview, None));
        }
        "enrolments" | "funding" => {
            let facts = app.store.enrolment_facts(scope, &range).await?;
            let names: std::collections::HashMap<String, String> = app
                .funding_schemes()
                .await?
                .into_iter()
                .map(|scheme| (scheme.code, scheme.name.best(lang).to_owned()))
                .collect();
            let scheme_label =
                |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_owned());
            let [mut count, mut financed, mut with_amount, mut cents]: [Pivot; 4] =
                Default::default();
            for fact in &facts {
                let Some((offering, year)) = admitted(&fact.offering_id, &fact.term) else {
                    continue;
                };
                let status = EmploymentStatus::from_code(&fact.employment_status)
                    .unwrap_or(EmploymentStatus::Unknown);
                let categories = categories_for(overview, by, |breakdown| match breakdown {
                    "employment_status" => {
                        Some((status.code().to_owned(), status.label(lang).to_owned()))
                    }
                    "employment_group" => Some(employment_group(status, lang)),
                    "funding_scheme" => Some(match &fact.funding_scheme {
                        Some(scheme) => (scheme.clone(), scheme_label(scheme)),
                        None => ("none".to_owned(), none_label(lang).to_owned()),
                    }),
                    other => dimensions.category(other, offering, lang),
                });
                let Some(Some((key, label))) = categories.first().cloned() else {
                    continue;
                };
                count.add_all(year, &categories, fact.enrolments);
                if fact.funding_scheme.is_some() {
                    financed.add(year, &key, &label, fact.enrolments);
                    with_amount.add(year, &key, &label, fact.with_amount);
                    cents.add(
                        year,
                        &key,
                        &label,
                        u64::try_from(fact.amount_cents).unwrap_or(0),
                    );
                }
            }
            if overview.id == "enrolments" {
                sheet.measure(Column::new("count", "Inschrijvingen", "Enrolments", "Inschrijvingen met een inschrijvingsdatum in het jaar; een lerende die zich voor twee microcredentials inschrijft, telt twee keer.", "Enrolments dated in the year; a learner enrolled in two micro-credentials counts twice."), count);
                return Ok(sheet.finish(overview, Some(threshold)));
            }
            // Funding: the offerings eligible per scheme, then the financed enrolments.
            let mut eligible = Pivot::default();
            for offering in dimensions.offerings.values() {
                if !dimensions.admits(offering, &query.filters) {
                    continue;
                }
                for scheme in &offering.funding_schemes {
                    let label = scheme_label(scheme);
                    for &year in &years {
                        let (start, end) = (query.year.start(year), query.year.start(year + 1));
                        let offered = offering.published_at.is_some_and(|at| at.date() < end)
                            && (offering.status != model::PublicationStatus::Withdrawn
                                || offering.withdrawn_at.is_none_or(|at| at.date() >= start));
                        eligible.add(year, scheme, &label, u64::from(offered));
                    }
                }
            }
            sheet.unsuppressed(Column::new("offerings_eligible", "Microcredentials in aanmerking", "Micro-credentials eligible", "Aangeboden microcredentials die voor de regeling in aanmerking komen (aantal programma's, niet van personen).", "Micro-credentials offered that are eligible for the scheme (programmes, not people)."), eligible);
            sheet.measure(
                Column::new(
                    "enrolments",
                    "Gefinancierde inschrijvingen",
                    "Enrolments financed",
                    "Inschrijvingen in het jaar die met de regeling gefinancierd werden.",
                    "Enrolments in the year financed by the scheme.",
                ),
                financed,
            );
            sheet.measure(
                Column::new(
                    "with_amount",
                    "Met bedrag",
                    "With amount",
                    "Van die inschrijvingen: hoeveel het betaalde bedrag registreerden.",
                    "Of those enrolments: how many recorded the amount paid.",
                ),
                with_amount,
            );
            sheet.amount = Some((
                Column::new(
                    "amount_eur",
                    "Bedrag (euro)",
                    "Amount (euro)",
                    "Som van de geregistreerde bedragen, in euro; getoond waar het aantal inschrijvingen met bedrag getoond wordt.",
                    "Sum of the recorded amounts, in euro; shown where the number of enrolments with an amount is shown.",
                ),
                cents,
                2,
                2,
            ));
            return Ok(sheet.finish(overview, Some(threshold)));
        }
        "credentials" => {
            let facts = app.store.credential_facts(scope, &range).await?;
            let [mut issued, mut suspended, mut revoked, mut ects]: [Pivot; 4] = Default::default();
            for fact in &facts {
                let Some((offering, year)) = admitted(&fact.offering_id, &fact.term) else {
                    continue;
                };
                let categories = categories_for(overview, by, |breakdown| match breakdown {
                    "route" => Some(route_category(&fact.route, lang)),
                    "state" => Some(state_category(&fact.state, lang)),
                    other => dimensions.category(other, offering, lang),
                });
                let Some(Some((key, label))) = categories.first().cloned() else {
                    continue;
                };
                issued.add_all(year, &categories, fact.credentials);
                match fact.state.as_str() {
                    "suspended" => suspended.add_all(year, &categories, fact.credentials),
                    "revoked" => revoked.add_all(year, &categories, fact.credentials),
                    _ => {}
                }
                // ECTS of the credentials issued, in hundredths.
                let hundredths = (offering.ects.unwrap_or(0.0) * 100.0).round() as u64;
                ects.add(year, &key, &label, fact.credentials * hundredths);
            }
            sheet.measure(Column::new("issued", "Uitgereikt", "Issued", "Microcredentials uitgereikt in het jaar (een correctie en het origineel tellen als één); bij een gezamenlijke toekenning geteld bij de uitreikende aanbieder.", "Credentials issued in the year (a correction and the original count once); a joint award counts under the issuing provider."), issued);
            sheet.measure(
                Column::new(
                    "suspended",
                    "Geschorst",
                    "Suspended",
                    "Van de uitgereikte: nu geschorst.",
                    "Of those issued: suspended now.",
                ),
                suspended,
            );
            sheet.measure(
                Column::new(
                    "revoked",
                    "Ingetrokken",
                    "Revoked",
                    "Van de uitgereikte: ingetrokken (niet door een correctie).",
                    "Of those issued: revoked (not by a correction).",
                ),
                revoked,
            );
            sheet.amount = Some((
                Column::new(
                    "ects_awarded",
                    "Toegekende studiepunten",
                    "ECTS awarded",
                    "Studiepunten (ECTS) van de uitgereikte microcredentials; getoond waar het aantal uitgereikte getoond wordt.",
                    "ECTS credits of the credentials issued; shown where the number issued is shown.",
                ),
                ects,
                2,
                0,
            ));
            return Ok(sheet.finish(overview, Some(threshold)));
        }
        _ => {}
    }
    // Validations and completion: how far the learners enrolled in the year got.
    let facts = app.store.completion_facts(scope, &range).await?;
    let mut pivots: [Pivot; 4] = Default::default();
    for fact in &facts {
        let Some((offering, year)) = admitted(&fact.offering_id, &fact.term) else {
            continue;
        };
        let categories = categories_for(overview, by, |breakdown| {
            dimensions.category(breakdown, offering, lang)
        });
        if !matches!(categories.first(), Some(Some(_))) {
            continue;
        }
        let values = if overview.id == "validations" {
            [
                fact.validation_requested,
                fact.validation_passed,
                fact.validation_credentialed,
                0,
            ]
        } else {
            [fact.enrolled, fact.assessed, fact.passed, fact.credentialed]
        };
        for (pivot, value) in pivots.iter_mut().zip(values) {
            pivot.add_all(year, &categories, value);
        }
    }
    let [first, second, third, fourth] = pivots;
    if overview.id == "validations" {
        sheet.measure(Column::new("requested", "Aangevraagd", "Requested", "Lerenden ingeschreven in het jaar met een EVC-beoordeling (niet-formeel of informeel leren).", "Learners enrolled in the year with a validation of prior (non-formal or informal) learning recorded."), first);
        sheet.measure(
            Column::new(
                "passed",
                "Geslaagd",
                "Passed",
                "Van hen: met een geslaagde EVC-beoordeling.",
                "Of them: with a passed validation.",
            ),
            second,
        );
        sheet.measure(
            Column::new(
                "credentialed",
                "Microcredential uitgereikt",
                "Credential issued",
                "Van hen: met een microcredential uit die EVC-beoordeling.",
                "Of them: with a credential from that validation.",
            ),
            third,
        );
        sheet.rates.push((
            Column::new(
                "pass_rate",
                "% geslaagd",
                "% passed",
                "Geslaagd op aangevraagd, in procent.",
                "Passed of requested, per cent.",
            ),
            1,
            0,
        ));
    } else {
        sheet.measure(
            Column::new(
                "enrolled",
                "Ingeschreven",
                "Enrolled",
                "Inschrijvingen met een inschrijvingsdatum in het jaar.",
                "Enrolments dated in the year.",
            ),
            first,
        );
        sheet.measure(
            Column::new(
                "assessed",
                "Beoordeeld",
                "Assessed",
                "Van hen: met een resultaat (beoordeling of EVC).",
                "Of them: with a result (assessment or validation).",
            ),
            second,
        );
        sheet.measure(
            Column::new(
                "passed",
                "Geslaagd",
                "Passed",
                "Van hen: met een geslaagd resultaat.",
                "Of them: with a passed result.",
            ),
            third,
        );
        sheet.measure(
            Column::new(
                "credentialed",
                "Microcredential",
                "Credentialed",
                "Van hen: met een microcredential (een correctie en het origineel tellen als één).",
                "Of them: with a credential (a correction and the original count once).",
            ),
            fourth,
        );
        sheet.rates.push((
            Column::new(
                "pass_rate",
                "% geslaagd",
                "% passed",
                "Geslaagd op ingeschreven, in procent.",
                "Passed of enrolled, per cent.",
            ),
            2,
            0,
        ));
        sheet.rates.push((
            Column::new(
                "credential_rate",
                "% microcredential",
                "% credentialed",
                "Met microcredential op ingeschreven, in procent.",
                "Credentialed of enrolled, per cent.",
            ),
            3,
            0,
        ));
    }
    Ok(sheet.finish(overview, Some(threshold)))
}

/// Breakdowns too fine to be suppressed with every request's family: a table per offering has
/// a column for each of thousands of offerings, and protecting it on every request made each
/// overview take seconds. It joins the family when it is the breakdown asked for.
const ASKED_ONLY: &[&str] = &["offering"];

/// A record's category in `by` (first) and in each of the overview's other breakdowns (those
/// of `ASKED_ONLY` left out).
fn categories_for(
    overview: &Overview,
    by: &str,
    mut category: impl FnMut(&str) -> Option<(String, String)>,
) -> Categories {
    std::iter::once(by)
        .chain(
            overview
                .breakdowns
                .iter()
                .copied()
                .filter(|other| *other != by && !ASKED_ONLY.contains(other)),
        )
        .map(&mut category)
        .collect()
}

fn employment_group(status: EmploymentStatus, lang: UiLang) -> (String, String) {
    let nl = lang == UiLang::Nl;
    let (key, label) = match status.is_working() {
        Some(true) => ("working", if nl { "werkend" } else { "working" }),
        Some(false) => (
            "not_working",
            if nl { "niet werkend" } else { "not working" },
        ),
        None => ("unknown", if nl { "onbekend" } else { "unknown" }),
    };
    (key.to_owned(), label.to_owned())
}

fn route_category(route: &str, lang: UiLang) -> (String, String) {
    let nl = lang == UiLang::Nl;
    let label = match route {
        "validation" if nl => "erkenning (EVC)",
        "validation" => "validation of prior learning",
        _ if nl => "beoordeling",
        _ => "assessment",
    };
    (route.to_owned(), label.to_owned())
}

fn state_category(state: &str, lang: UiLang) -> (String, String) {
    let label = model::CredentialState::from_code(state)
        .map_or_else(|| state.to_owned(), |state| state.label(lang).to_owned());
    (state.to_owned(), label)
}
