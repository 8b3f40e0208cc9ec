//! The `offerings` overview: every offering offered in the chosen years, one row each (counts
//! of programmes, not of people: nothing is suppressed).

use model::vocab::{LearningSetting, ParticipationMode};
use model::{LangText, OfferingId, UiLang, Vocabulary};

use super::catalogue::Overview;
use super::dimensions::Dimensions;
use super::query::StatisticsQuery;
use super::table::{Cell, Column, StatTable};

pub(super) fn offerings(
    overview: &'static Overview,
    dimensions: &Dimensions,
    query: &StatisticsQuery,
    titles: &[(OfferingId, LangText)],
    lang: UiLang,
) -> StatTable {
    let column = |key: &str, nl: &str, en: &str, def_nl: &str, def_en: &str| {
        Column::new(key, nl, en, def_nl, def_en)
    };
    let columns = vec![
        column(
            "offering",
            "Code",
            "Id",
            "De code van de microcredential in het register.",
            "The micro-credential's id in the register.",
        ),
        column(
            "provider",
            "Aanbieder",
            "Provider",
            "De aanbieder (wettelijke naam).",
            "The provider (legal name).",
        ),
        column(
            "provider_type",
            "Soort aanbieder",
            "Type of provider",
            "Het soort aanbieder.",
            "The type of provider.",
        ),
        column(
            "title",
            "Titel",
            "Title",
            "De titel van de microcredential.",
            "The micro-credential's title.",
        ),
        column(
            "ects",
            "Studiepunten (ECTS)",
            "ECTS credits",
            "De studiebelasting in ECTS-studiepunten, waar die is opgegeven.",
            "The workload in ECTS credits, where given.",
        ),
        column(
            "hours",
            "Uren",
            "Hours",
            "De studiebelasting in uren, waar die is opgegeven.",
            "The workload in hours, where given.",
        ),
        column(
            "eqf",
            "EQF-niveau",
            "EQF level",
            "Het niveau in het Europees kwalificatiekader.",
            "The European Qualifications Framework level.",
        ),
        column(
            "field",
            "Studiegebied (ISCED-F)",
            "Field (ISCED-F)",
            "Het studiegebied, ISCED-F 2013.",
            "The field of education, ISCED-F 2013.",
        ),
        column(
            "mode",
            "Vorm van deelname",
            "Form of participation",
            "Online, op locatie, gemengd of werkplekleren.",
            "Online, on site, blended or work-based.",
        ),
        column(
            "setting",
            "Leeromgeving",
            "Learning setting",
            "Formeel, niet-formeel of informeel.",
            "Formal, non-formal or informal.",
        ),
        column(
            "languages",
            "Talen",
            "Languages",
            "De onderwijstalen (ISO 639-1).",
            "The languages of instruction (ISO 639-1).",
        ),
        column(
            "pilot",
            "Proeftuin",
            "Pilot project",
            "Of de microcredential deel is van een proeftuin.",
            "Whether the micro-credential is part of a pilot project.",
        ),
        column(
            "funding_schemes",
            "Financiering",
            "Funding schemes",
            "De financieringsregelingen waarvoor ze in aanmerking komt.",
            "The funding schemes it is eligible for.",
        ),
        column(
            "published",
            "Gepubliceerd",
            "Published",
            "Datum van de eerste publicatie.",
            "Date of first publication.",
        ),
        column(
            "withdrawn",
            "Ingetrokken",
            "Withdrawn",
            "Datum van intrekking, als ze ingetrokken is.",
            "Date of withdrawal, if withdrawn.",
        ),
    ];
    let start = query.year.start(query.from);
    let end = query.year.start(query.to + 1);
    let mut rows = Vec::new();
    let mut ects_total = 0.0;
    let (yes, no) = if lang == UiLang::Nl {
        ("ja", "nee")
    } else {
        ("yes", "no")
    };
    for (id, title) in titles {
        let Some(offering) = dimensions.offerings.get(id) else {
            continue;
        };
        if !dimensions.admits(offering, &query.filters) {
            continue;
        }
        let published = offering.published_at.map(|at| at.date());
        let withdrawn = (offering.status == model::PublicationStatus::Withdrawn)
            .then_some(offering.withdrawn_at.map(|at| at.date()))
            .flatten();
        if !(published.is_some_and(|day| day < end) && withdrawn.is_none_or(|day| day >= start)) {
            continue;
        }
        let provider = dimensions.provider_of(offering);
        ects_total += offering.ects.unwrap_or(0.0);
        rows.push(vec![
            Cell::Text(id.to_string()),
            Cell::Text(provider.map_or_else(
                || offering.provider_id.to_string(),
                |p| p.name.best(lang).to_owned(),
            )),
            Cell::Text(
                provider.map_or_else(String::new, |p| p.provider_type.label(lang).to_owned()),
            ),
            Cell::Text(title.best(lang).to_owned()),
            offering.ects.map_or(Cell::Empty, Cell::Number),
            offering
                .hours
                .map_or(Cell::Empty, |hours| Cell::Count(u64::from(hours))),
            offering
                .eqf
                .map_or(Cell::Empty, |level| Cell::Count(u64::from(level))),
            Cell::Text(offering.isced_field.clone()),
            Cell::Text(
                ParticipationMode::from_code(&offering.mode)
                    .map_or_else(|| offering.mode.clone(), |mode| mode.label(lang).to_owned()),
            ),
            Cell::Text(LearningSetting::from_code(&offering.setting).map_or_else(
                || offering.setting.clone(),
                |setting| setting.label(lang).to_owned(),
            )),
            Cell::Text(offering.languages.join(", ")),
            Cell::Text(if offering.pilot { yes } else { no }.to_owned()),
            Cell::Text(offering.funding_schemes.join(", ")),
            published.map_or(Cell::Empty, |day| Cell::Text(day.to_string())),
            withdrawn.map_or(Cell::Empty, |day| Cell::Text(day.to_string())),
        ]);
    }
    let mut total = vec![Cell::Empty; columns.len()];
    total[0] = Cell::Text(super::dimensions::all_label(lang).to_owned());
    total[3] = Cell::Count(rows.len() as u64);
    total[4] = Cell::Number(ects_total);
    StatTable {
        id: overview.id,
        title: overview.title,
        filters: Vec::new(),
        columns,
        rows,
        totals: vec![total],
        generated_at: time::OffsetDateTime::UNIX_EPOCH,
        suppression: None,
    }
}
