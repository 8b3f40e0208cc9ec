//! The overviews the register answers (their ids are part of the interface): titles,
//! descriptions, the parliamentary questions each answers, and how each can be broken down.

use model::UiLang;

use super::dimensions::OFFERING_BREAKDOWNS;

/// An overview: its id, title, what it answers and how it can be broken down.
#[derive(Debug, PartialEq)]
pub struct Overview {
    pub id: &'static str,
    pub title: [&'static str; 2],
    pub description: [&'static str; 2],
    /// The parliamentary questions it answers (`001 Q1`: seed document 001, question 1).
    pub answers: &'static [&'static str],
    /// Whether it counts people (then suppressed, and not public).
    pub people: bool,
    pub breakdowns: &'static [&'static str],
    pub default_by: &'static str,
}

impl Overview {
    pub fn title(&self, lang: UiLang) -> &'static str {
        self.title[usize::from(lang != UiLang::Nl)]
    }

    pub fn description(&self, lang: UiLang) -> &'static str {
        self.description[usize::from(lang != UiLang::Nl)]
    }
}

const ENROLMENT_BREAKDOWNS: &[&str] = &[
    "employment_status",
    "employment_group",
    "funding_scheme",
    "total",
    "provider",
    "provider_type",
    "country",
    "offering",
    "field",
    "eqf",
    "mode",
    "setting",
];

const CREDENTIAL_BREAKDOWNS: &[&str] = &[
    "provider",
    "route",
    "state",
    "total",
    "provider_type",
    "country",
    "offering",
    "field",
    "eqf",
    "mode",
    "setting",
];

/// Every overview, in the order the pages list them.
pub const OVERVIEWS: &[Overview] = &[
    Overview {
        id: "offerings",
        title: ["Aanbod", "Offerings"],
        description: [
            "Elke microcredential die in de gekozen jaren werd aangeboden, met aanbieder, studiepunten, niveau, studiegebied, vorm, talen, proeftuin en financiering.",
            "Every micro-credential offered in the chosen years, with provider, ECTS, level, field, mode, languages, pilot project and funding.",
        ],
        answers: &["001 Q1", "000 Q7c"],
        people: false,
        breakdowns: &["offering"],
        default_by: "offering",
    },
    Overview {
        id: "offering-growth",
        title: ["Groei van het aanbod", "Growth of the offer"],
        description: [
            "Microcredentials aangeboden per jaar, nieuw en ingetrokken, met de groei tegenover het jaar ervoor.",
            "Micro-credentials offered per year, new and withdrawn, with the growth on the year before.",
        ],
        answers: &["001 Q1", "001 Q3"],
        people: false,
        breakdowns: OFFERING_BREAKDOWNS,
        default_by: "provider_type",
    },
    Overview {
        id: "enrolments",
        title: ["Inschrijvingen", "Enrolments"],
        description: [
            "Inschrijvingen per jaar, naar de arbeidssituatie van de lerende bij inschrijving (werkend, niet werkend, onbekend).",
            "Enrolments per year, by the learner's employment status at enrolment (working, not working, unknown).",
        ],
        answers: &["001 Q2", "001 Q3"],
        people: true,
        breakdowns: ENROLMENT_BREAKDOWNS,
        default_by: "employment_status",
    },
    Overview {
        id: "credentials",
        title: ["Uitgereikte microcredentials", "Credentials issued"],
        description: [
            "Uitgereikte microcredentials per jaar, met de toegekende studiepunten; geschorste en ingetrokken apart.",
            "Credentials issued per year, with the ECTS awarded; suspended and revoked ones apart.",
        ],
        answers: &["001 Q3"],
        people: true,
        breakdowns: CREDENTIAL_BREAKDOWNS,
        default_by: "provider",
    },
    Overview {
        id: "validations",
        title: [
            "Erkenning van eerder verworven competenties (EVC)",
            "Validation of prior learning",
        ],
        description: [
            "Lerenden die via een EVC-procedure werden beoordeeld, per jaar van inschrijving: aangevraagd, geslaagd, microcredential uitgereikt.",
            "Learners assessed by validation of prior learning, per year of enrolment: requested, passed, credential issued.",
        ],
        answers: &["000 Q6"],
        people: true,
        breakdowns: OFFERING_BREAKDOWNS,
        default_by: "provider",
    },
    Overview {
        id: "funding",
        title: ["Financiering", "Funding"],
        description: [
            "Per financieringsregeling en jaar: de microcredentials die ervoor in aanmerking komen, en de inschrijvingen die ermee gefinancierd werden, met de bedragen waar die geregistreerd zijn.",
            "Per funding scheme and year: the micro-credentials eligible, and the enrolments it financed, with the amounts where recorded.",
        ],
        answers: &["000 Q6a", "000 Q7a", "000 Q7b"],
        people: true,
        breakdowns: &["funding_scheme"],
        default_by: "funding_scheme",
    },
    Overview {
        id: "completion",
        title: [
            "Van inschrijving tot microcredential",
            "From enrolment to credential",
        ],
        description: [
            "Per jaar van inschrijving: ingeschreven, beoordeeld, geslaagd en microcredential ontvangen, met de percentages.",
            "Per year of enrolment: enrolled, assessed, passed and credentialed, with the rates.",
        ],
        answers: &["001 Q3"],
        people: true,
        breakdowns: OFFERING_BREAKDOWNS,
        default_by: "provider",
    },
    Overview {
        id: "feedback",
        title: ["Feedback van lerenden", "Learners' feedback"],
        description: [
            "Antwoorden van lerenden die beoordeeld werden, per jaar van het antwoord: tevreden (4 of 5 op 5) en de werklast tegenover de vermelde studiepunten en uren.",
            "Answers of learners who were assessed, per year of the answer: satisfied (4 or 5 out of 5) and the workload against the stated ECTS and hours.",
        ],
        answers: &[],
        people: true,
        breakdowns: OFFERING_BREAKDOWNS,
        default_by: "provider",
    },
    Overview {
        id: "pathways",
        title: [
            "Leertrajecten en gestapelde bewijzen",
            "Pathways and stacked credentials",
        ],
        description: [
            "Gestapelde bewijzen van voltooide leertrajecten, per jaar: aangevraagd door lerenden en toegekend, geteld bij de opleiding die het leertraject toekent.",
            "Stacked credentials of completed pathways, per year: asked for by learners and awarded, counted under the offering the pathway awards.",
        ],
        answers: &[],
        people: true,
        breakdowns: OFFERING_BREAKDOWNS,
        default_by: "provider",
    },
    Overview {
        id: "recognitions",
        title: ["Erkenningen", "Recognitions"],
        description: [
            "Erkenningsbeslissingen van ontvangende organisaties per jaar: per organisatie, doel (verdere studie of tewerkstelling), omvang en waarover (een opleiding of één bewijs).",
            "Recognition decisions of receiving organisations per year: per organisation, purpose (further study or employment), scope and subject (an offering or one credential).",
        ],
        answers: &[],
        people: true,
        breakdowns: &["receiving_organisation", "purpose", "scope", "subject"],
        default_by: "receiving_organisation",
    },
];
