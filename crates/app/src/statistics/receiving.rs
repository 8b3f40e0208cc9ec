//! The receiving side's overviews (issue 12): `pathways` (stacked credentials asked for and
//! awarded per year, by the awarded offering) and `recognitions` (decisions per receiving
//! organisation and year, by purpose, scope and what they are about).

use model::{UiLang, Vocabulary};
use store::{DecisionFilter, DecisionSubject, Store};

use super::catalogue::Overview;
use super::dimensions::Dimensions;
use super::query::StatisticsQuery;
use super::sheet::Sheet;
use super::table::{Column, StatTable};
use super::tally::Tally;
use crate::App;
use crate::error::AppResult;

/// The year of `at` as the query counts years, if the query covers it.
fn year_in(query: &StatisticsQuery, at: time::OffsetDateTime) -> Option<i32> {
    let month = format!("{:04}-{:02}", at.year(), u8::from(at.month()));
    let year = query.year.year_of(&month)?;
    query.years().any(|asked| asked == year).then_some(year)
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn pathways<S: Store>(
    app: &App<S>,
    overview: &'static Overview,
    dimensions: &Dimensions,
    query: &StatisticsQuery,
    breakdowns: &[&str],
    threshold: u64,
    lang: UiLang,
    mut sheet: Sheet<'_>,
) -> AppResult<StatTable> {
    let awards = app.store.all_pathway_awards().await?;
    let awarded_offering: std::collections::HashMap<String, model::OfferingId> = app
        .store
        .pathways(None)
        .await?
        .into_iter()
        .map(|pathway| (pathway.id, pathway.rules.awards))
        .collect();
    let mut tally = Tally::<2>::default();
    for award in &awards {
        // Counted under the offering the pathway awards (its owner's), as the filters admit.
        let Some(offering) = awarded_offering
            .get(&award.pathway_id)
            .and_then(|awards| dimensions.offerings.get(awards))
            .filter(|offering| dimensions.admits(offering, &query.filters))
        else {
            continue;
        };
        if let Some(year) = year_in(query, award.requested_at) {
            tally.offering(offering, year, [1, 0]);
        }
        if let Some(year) = award.awarded_at.and_then(|at| year_in(query, at)) {
            tally.offering(offering, year, [0, 1]);
        }
    }
    let [asked, awarded] = tally.pivots(breakdowns, dimensions, lang);
    sheet.measure(
        Column::new(
            "asked",
            "Aangevraagd",
            "Asked for",
            "Lerenden die in het jaar het gestapelde bewijs van een voltooid leertraject aanvroegen (een automatisch toegekend bewijs telt ook als aangevraagd).",
            "Learners who asked in the year for a completed pathway's stacked credential (one awarded automatically counts as asked for too).",
        ),
        asked,
    );
    sheet.measure(
        Column::new(
            "awarded",
            "Toegekend",
            "Awarded",
            "Gestapelde bewijzen die in het jaar werden toegekend.",
            "Stacked credentials awarded in the year.",
        ),
        awarded,
    );
    Ok(sheet.finish(overview, Some(threshold)))
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn recognitions<S: Store>(
    app: &App<S>,
    overview: &'static Overview,
    scope: &store::StatisticsScope,
    query: &StatisticsQuery,
    breakdowns: &[&str],
    dimensions: &Dimensions,
    threshold: u64,
    lang: UiLang,
    mut sheet: Sheet<'_>,
) -> AppResult<StatTable> {
    // A provider's admins count their own organisation's decisions.
    let provider = match scope {
        store::StatisticsScope::Register => None,
        store::StatisticsScope::Provider(own) => Some(own.clone()),
    };
    let decisions = app
        .store
        .decisions(&DecisionFilter {
            provider,
            ..DecisionFilter::default()
        })
        .await?;
    let names: std::collections::HashMap<model::ProviderId, String> = app
        .store
        .list_providers(false)
        .await?
        .into_iter()
        .map(|provider| {
            (
                provider.id,
                provider.content.legal_name.best(lang).to_owned(),
            )
        })
        .collect();
    let nl = lang == UiLang::Nl;
    let mut tally = Tally::<3>::default();
    for decision in &decisions {
        let Some(year) = year_in(query, decision.decided_at) else {
            continue;
        };
        let offering_wide = matches!(decision.subject, DecisionSubject::Offering(_));
        let values = [
            1,
            u64::from(offering_wide),
            u64::from(decision.terms.scope != model::vocab::RecognitionScope::Refused),
        ];
        let organisation = decision.provider_id.as_str();
        let name = names
            .get(&decision.provider_id)
            .cloned()
            .unwrap_or_else(|| organisation.to_owned());
        tally.record(
            "receiving_organisation",
            organisation,
            || name,
            year,
            values,
        );
        let purpose = decision.terms.purpose;
        tally.record(
            "purpose",
            purpose.code(),
            || purpose.label(lang).to_owned(),
            year,
            values,
        );
        let scope = decision.terms.scope;
        tally.record(
            "scope",
            scope.code(),
            || scope.label(lang).to_owned(),
            year,
            values,
        );
        let (key, label) = match (offering_wide, nl) {
            (true, true) => ("offering", "alle bewijzen van een opleiding"),
            (true, false) => ("offering", "every credential of an offering"),
            (false, true) => ("credential", "één bewijs"),
            (false, false) => ("credential", "one credential"),
        };
        tally.record("subject", key, || label.to_owned(), year, values);
    }
    let [count, published, recognised] = tally.pivots(breakdowns, dimensions, lang);
    sheet.measure(
        Column::new(
            "decisions",
            "Beslissingen",
            "Decisions",
            "Erkenningsbeslissingen genomen in het jaar (ook later ingetrokken).",
            "Recognition decisions taken in the year (also those withdrawn later).",
        ),
        count,
    );
    sheet.measure(
        Column::new(
            "about_offerings",
            "Over een opleiding",
            "About an offering",
            "Van hen: over alle bewijzen van een opleiding (gepubliceerd in de catalogus).",
            "Of them: about every credential of an offering (published in the catalogue).",
        ),
        published,
    );
    sheet.measure(
        Column::new(
            "recognised",
            "Erkend",
            "Recognised",
            "Van hen: volledig of gedeeltelijk erkend (niet geweigerd).",
            "Of them: fully or partly recognised (not refused).",
        ),
        recognised,
    );
    Ok(sheet.finish(overview, Some(threshold)))
}
