//! The words of the statistics pages, in Dutch and English.

use model::UiLang;

/// The words of the statistics pages.
pub struct StatText {
    pub title: &'static str,
    pub intro: &'static str,
    pub answers: &'static str,
    pub sign_in_for_more: &'static str,
    pub filters: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub year_kind: &'static str,
    pub calendar: &'static str,
    pub academic: &'static str,
    pub by: &'static str,
    pub any: &'static str,
    pub apply: &'static str,
    pub definitions: &'static str,
    pub download: &'static str,
    pub chart_of: &'static str,
    pub nothing: &'static str,
    pub totals: &'static str,
    pub workbook: &'static str,
    pub parliament: &'static str,
}

const NL: StatText = StatText {
    title: "Statistieken",
    intro: "Overzichten uit het register: het aanbod van microcredentials, de inschrijvingen, de uitgereikte microcredentials, erkenning van eerder verworven competenties, financiering en slaagcijfers. Elk getal komt rechtstreeks uit de registraties.",
    answers: "Beantwoordt",
    sign_in_for_more: "Overzichten over personen (inschrijvingen, microcredentials, EVC, financiering) zijn er voor analisten en beheerders van aanbieders: meld u aan.",
    filters: "Filters",
    from: "Van jaar",
    to: "Tot en met jaar",
    year_kind: "Soort jaar",
    calendar: "Kalenderjaar",
    academic: "Academiejaar (vanaf 1 september)",
    by: "Uitsplitsen naar",
    any: "alle",
    apply: "Toon",
    definitions: "Wat de getallen betekenen",
    download: "Downloaden",
    chart_of: "Verloop van",
    nothing: "Geen gegevens voor deze filters.",
    totals: "Totalen",
    workbook: "Alle overzichten in één Excel-bestand",
    parliament: "Vragen uit het parlement, beantwoord door het register",
};

const EN: StatText = StatText {
    title: "Statistics",
    intro: "Overviews from the register: the micro-credentials offered, enrolments, credentials issued, validation of prior learning, funding and completion. Every number comes straight from the records.",
    answers: "Answers",
    sign_in_for_more: "Overviews about people (enrolments, credentials, validation, funding) are for analysts and providers' admins: sign in.",
    filters: "Filters",
    from: "From year",
    to: "To year",
    year_kind: "Kind of year",
    calendar: "Calendar year",
    academic: "Academic year (from 1 September)",
    by: "Break down by",
    any: "any",
    apply: "Show",
    definitions: "What the numbers mean",
    download: "Download",
    chart_of: "Trend of",
    nothing: "No data for these filters.",
    totals: "Totals",
    workbook: "Every overview in one Excel workbook",
    parliament: "Parliament's questions, answered by the register",
};

pub fn text(lang: UiLang) -> &'static StatText {
    if lang == UiLang::Nl { &NL } else { &EN }
}

/// How a breakdown is named in the filter form.
pub fn breakdown_label(by: &str, lang: UiLang) -> &'static str {
    let nl = lang == UiLang::Nl;
    match by {
        "employment_status" => {
            if nl {
                "arbeidssituatie"
            } else {
                "employment status"
            }
        }
        "employment_group" => {
            if nl {
                "werkend / niet werkend"
            } else {
                "working / not working"
            }
        }
        "funding_scheme" => {
            if nl {
                "financieringsregeling"
            } else {
                "funding scheme"
            }
        }
        "total" => {
            if nl {
                "geen (totaal)"
            } else {
                "nothing (total)"
            }
        }
        "provider" => {
            if nl {
                "aanbieder"
            } else {
                "provider"
            }
        }
        "provider_type" => {
            if nl {
                "soort aanbieder"
            } else {
                "type of provider"
            }
        }
        "country" => {
            if nl {
                "land"
            } else {
                "country"
            }
        }
        "offering" => {
            if nl {
                "microcredential"
            } else {
                "micro-credential"
            }
        }
        "field" => {
            if nl {
                "studiegebied"
            } else {
                "field"
            }
        }
        "eqf" => {
            if nl {
                "EQF-niveau"
            } else {
                "EQF level"
            }
        }
        "mode" => {
            if nl {
                "vorm van deelname"
            } else {
                "form of participation"
            }
        }
        "setting" => {
            if nl {
                "leeromgeving"
            } else {
                "learning setting"
            }
        }
        "route" => {
            if nl {
                "beoordeling of EVC"
            } else {
                "assessment or validation"
            }
        }
        "state" => {
            if nl {
                "status"
            } else {
                "state"
            }
        }
        "receiving_organisation" => {
            if nl {
                "ontvangende organisatie"
            } else {
                "receiving organisation"
            }
        }
        "purpose" => {
            if nl {
                "doel"
            } else {
                "purpose"
            }
        }
        "scope" => {
            if nl {
                "omvang"
            } else {
                "scope"
            }
        }
        "subject" => {
            if nl {
                "waarover"
            } else {
                "about"
            }
        }
        _ => "",
    }
}
