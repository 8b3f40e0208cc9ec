//! The overviews (their ids are part of the interface) and how each is counted.

use model::{EmploymentStatus, UiLang, Vocabulary};
use store::{StatisticsScope, Store};

use super::catalogue::Overview;
use super::dimensions::{Dimensions, none_label};
use super::pivot::Pivot;
use super::query::StatisticsQuery;
use super::sheet::Sheet;
use super::table::{Column, StatTable};
use super::tally::Tally;
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
            let names: std::collections::HashMap<String, String> = app
                .funding_schemes()
                .await?
                .into_iter()
                .map(|scheme| (scheme.code, scheme.name.best(lang).to_owned()))
                .collect();
            let scheme_label =
                |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_owned());
            // The database sums the categories over the offerings the filters admit (listed
            // only when a filter leaves some out), so no row per offering and category is read.
            let listed: Option<Vec<model::OfferingId>> =
                (query.filters != super::query::Filters::default()).then(|| {
                    dimensions
                        .offerings
                        .values()
                        .filter(|offering| dimensions.admits(offering, &query.filters))
                        .map(|offering| offering.id.clone())
                        .collect()
                });
            let totals = |by| {
                app.store
                    .enrolment_totals(scope, &range, by, listed.as_deref())
            };
            let funding = totals(store::EnrolmentCategory::FundingScheme).await?;
            if overview.id == "enrolments" {
                // Per offering, the enrolled of the completion counts: the same enrolments.
                let enrolled = app.store.completion_facts(scope, &range).await?;
                let statuses = totals(store::EnrolmentCategory::EmploymentStatus).await?;
                let mut tally = Tally::<1>::default();
                for fact in &enrolled {
                    if let Some((offering, year)) = admitted(&fact.offering_id, &fact.term) {
                        tally.offering(offering, year, [fact.enrolled]);
                    }
                }
                for total in &statuses {
                    let Some(year) = query.year.year_of(&total.term) else {
                        continue;
                    };
                    let status = EmploymentStatus::from_code(&total.category)
                        .unwrap_or(EmploymentStatus::Unknown);
                    let values = [total.enrolments];
                    let label = || status.label(lang).to_owned();
                    tally.record("employment_status", status.code(), label, year, values);
                    let (key, label) = employment_group(status, lang);
                    tally.record("employment_group", key, || label.to_owned(), year, values);
                }
                for total in &funding {
                    let Some(year) = query.year.year_of(&total.term) else {
                        continue;
                    };
                    let (key, label) = match total.category.as_str() {
                        "" => ("none", none_label(lang).to_owned()),
                        scheme => (scheme, scheme_label(scheme)),
                    };
                    tally.record("funding_scheme", key, || label, year, [total.enrolments]);
                }
                let [count] = tally.pivots(&breakdowns_for(overview, by), dimensions, lang);
                sheet.measure(Column::new("count", "Inschrijvingen", "Enrolments", "Inschrijvingen met een inschrijvingsdatum in het jaar; een lerende die zich voor twee microcredentials inschrijft, telt twee keer.", "Enrolments dated in the year; a learner enrolled in two micro-credentials counts twice."), count);
                return Ok(sheet.finish(overview, Some(threshold)));
            }
            // Funding: the enrolments each scheme financed, then the offerings eligible.
            let mut tally = Tally::<3>::default();
            for total in &funding {
                let (false, Some(year)) =
                    (total.category.is_empty(), query.year.year_of(&total.term))
                else {
                    continue;
                };
                let scheme = total.category.as_str();
                let cents = u64::try_from(total.amount_cents).unwrap_or(0);
                let values = [total.enrolments, total.with_amount, cents];
                tally.record(
                    "funding_scheme",
                    scheme,
                    || scheme_label(scheme),
                    year,
                    values,
                );
            }
            let [financed, with_amount, mut cents] =
                tally.pivots(&breakdowns_for(overview, by), dimensions, lang);
            cents.family.clear();
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
            let mut tally = Tally::<4>::default();
            for fact in &facts {
                let Some((offering, year)) = admitted(&fact.offering_id, &fact.term) else {
                    continue;
                };
                let n = fact.credentials;
                // ECTS of the credentials issued, in hundredths.
                let hundredths = (offering.ects.unwrap_or(0.0) * 100.0).round() as u64;
                let values = match fact.state.as_str() {
                    "suspended" => [n, n, 0, n * hundredths],
                    "revoked" => [n, 0, n, n * hundredths],
                    _ => [n, 0, 0, n * hundredths],
                };
                tally.offering(offering, year, values);
                let label = || route_label(&fact.route, lang).to_owned();
                tally.record("route", &fact.route, label, year, values);
                let label = || state_label(&fact.state, lang);
                tally.record("state", &fact.state, label, year, values);
            }
            let [issued, suspended, revoked, mut ects] =
                tally.pivots(&breakdowns_for(overview, by), dimensions, lang);
            ects.family.clear();
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
    if overview.id == "pathways" {
        let breakdowns = breakdowns_for(overview, by);
        return super::receiving::pathways(
            app,
            overview,
            dimensions,
            query,
            &breakdowns,
            threshold,
            lang,
            sheet,
        )
        .await;
    }
    if overview.id == "recognitions" {
        let breakdowns = breakdowns_for(overview, by);
        return super::receiving::recognitions(
            app,
            overview,
            scope,
            query,
            &breakdowns,
            dimensions,
            threshold,
            lang,
            sheet,
        )
        .await;
    }
    if overview.id == "feedback" {
        let facts = app.store.feedback_facts(scope, &range).await?;
        let mut tally = Tally::<4>::default();
        for fact in &facts {
            let Some((offering, year)) = admitted(&fact.offering_id, &fact.term) else {
                continue;
            };
            tally.offering(
                offering,
                year,
                [
                    fact.responses,
                    fact.satisfied,
                    fact.workload_more,
                    fact.workload_less,
                ],
            );
        }
        let [responses, satisfied, more, less] =
            tally.pivots(&breakdowns_for(overview, by), dimensions, lang);
        sheet.measure(
            Column::new(
                "responses",
                "Antwoorden",
                "Answers",
                "Antwoorden van lerenden die beoordeeld werden, naar het jaar van het eerste antwoord.",
                "Answers of learners who were assessed, by the year of the first answer.",
            ),
            responses,
        );
        sheet.measure(
            Column::new(
                "satisfied",
                "Tevreden",
                "Satisfied",
                "Van hen: 4 of 5 op 5 in het algemeen.",
                "Of them: 4 or 5 out of 5 overall.",
            ),
            satisfied,
        );
        sheet.measure(
            Column::new(
                "workload_more",
                "Meer werk dan vermeld",
                "More work than stated",
                "Van hen: meer (of veel meer) werk dan de vermelde studiepunten en uren.",
                "Of them: more (or much more) work than the stated ECTS and hours.",
            ),
            more,
        );
        sheet.measure(
            Column::new(
                "workload_less",
                "Minder werk dan vermeld",
                "Less work than stated",
                "Van hen: minder (of veel minder) werk dan vermeld.",
                "Of them: less (or much less) work than stated.",
            ),
            less,
        );
        sheet.rates.push((
            Column::new(
                "satisfied_rate",
                "% tevreden",
                "% satisfied",
                "Tevreden op antwoorden, in procent.",
                "Satisfied of answers, per cent.",
            ),
            1,
            0,
        ));
        return Ok(sheet.finish(overview, Some(threshold)));
    }
    // Validations and completion: how far the learners enrolled in the year got.
    let facts = app.store.completion_facts(scope, &range).await?;
    let mut tally = Tally::<4>::default();
    for fact in &facts {
        let Some((offering, year)) = admitted(&fact.offering_id, &fact.term) else {
            continue;
        };
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
        tally.offering(offering, year, values);
    }
    let pivots = tally.pivots(&breakdowns_for(overview, by), dimensions, lang);
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

/// The breakdowns a table is counted in: `by` first, then the overview's others, suppressed
/// together (those of `ASKED_ONLY` left out).
fn breakdowns_for<'o>(overview: &'o Overview, by: &'o str) -> Vec<&'o str> {
    std::iter::once(by)
        .chain(
            overview
                .breakdowns
                .iter()
                .copied()
                .filter(|other| *other != by && !ASKED_ONLY.contains(other)),
        )
        .collect()
}

fn employment_group(status: EmploymentStatus, lang: UiLang) -> (&'static str, &'static str) {
    let nl = lang == UiLang::Nl;
    match status.is_working() {
        Some(true) => ("working", if nl { "werkend" } else { "working" }),
        Some(false) => (
            "not_working",
            if nl { "niet werkend" } else { "not working" },
        ),
        None => ("unknown", if nl { "onbekend" } else { "unknown" }),
    }
}

fn route_label(route: &str, lang: UiLang) -> &'static str {
    let nl = lang == UiLang::Nl;
    match route {
        "validation" if nl => "erkenning (EVC)",
        "validation" => "validation of prior learning",
        "pathway" if nl => "stapeling (leertraject voltooid)",
        "pathway" => "stacking (pathway completed)",
        _ if nl => "beoordeling",
        _ => "assessment",
    }
}

fn state_label(state: &str, lang: UiLang) -> String {
    model::CredentialState::from_code(state)
        .map_or_else(|| state.to_owned(), |state| state.label(lang).to_owned())
}
