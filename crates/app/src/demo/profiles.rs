//! What each kind of demo provider typically offers: levels, forms of participation, title
//! patterns, prices and audience; and how a form of participation reads and is assessed.

use model::vocab::{ParticipationMode, ProviderType};

/// Fields whose skills are practised with the hands: never taught fully online.
pub(super) const HANDS_ON_FIELDS: &[&str] = &[
    "071", "072", "073", "081", "083", "091", "101", "102", "104",
];

/// What a kind of provider typically offers.
pub(super) struct Profile {
    pub eqf: (u8, u8),
    /// Whether some offerings have no EQF level (short non-formal training).
    pub not_applicable: bool,
    pub modes: &'static [ParticipationMode],
    pub patterns: &'static [usize],
    pub formal: bool,
    /// Price range in euros; (0, 0) is free.
    pub price: (u32, u32),
    /// Whether some offerings state hours only, without ECTS.
    pub hours_only: bool,
    /// Audience phrase in nl, en, fr, de.
    pub audience: [&'static str; 4],
}

pub(super) fn profile(kind: ProviderType) -> Profile {
    use ParticipationMode::{Blended, OnSite, Online, WorkBased};
    match kind {
        ProviderType::University => Profile {
            eqf: (6, 8),
            not_applicable: false,
            modes: &[Blended, Online, OnSite],
            patterns: &[1, 2, 3, 6, 7],
            formal: true,
            price: (400, 2400),
            hours_only: false,
            audience: [
                "professionals en alumni",
                "professionals and alumni",
                "professionnels et anciens étudiants",
                "Berufstätige und Alumni",
            ],
        },
        ProviderType::UniversityCollege => Profile {
            eqf: (5, 7),
            not_applicable: false,
            modes: &[Blended, OnSite, Online, WorkBased],
            patterns: &[0, 1, 2, 3, 4, 6, 7],
            formal: true,
            price: (250, 1500),
            hours_only: false,
            audience: [
                "werkenden en afgestudeerden",
                "working people and graduates",
                "actifs et diplômés",
                "Berufstätige und Absolventen",
            ],
        },
        ProviderType::AdultEducation => Profile {
            eqf: (2, 4),
            not_applicable: true,
            modes: &[OnSite, Blended, Online],
            patterns: &[0, 2, 3, 4, 5],
            formal: true,
            price: (0, 250),
            hours_only: true,
            audience: [
                "volwassenen die zich willen bijscholen",
                "adults who want to upskill",
                "adultes en formation continue",
                "Erwachsene in der Weiterbildung",
            ],
        },
        ProviderType::TrainingCompany => Profile {
            eqf: (3, 5),
            not_applicable: true,
            modes: &[OnSite, Online, Blended],
            patterns: &[0, 1, 2, 3, 4, 5],
            formal: false,
            price: (300, 1800),
            hours_only: true,
            audience: [
                "medewerkers van bedrijven",
                "company staff",
                "salariés d'entreprise",
                "Beschäftigte in Unternehmen",
            ],
        },
        ProviderType::Employer => Profile {
            eqf: (3, 5),
            not_applicable: false,
            modes: &[WorkBased, OnSite, Blended],
            patterns: &[1, 4, 6],
            formal: false,
            price: (0, 0),
            hours_only: true,
            audience: [
                "eigen medewerkers en nieuwe collega's",
                "own staff and new colleagues",
                "salariés et nouveaux collaborateurs",
                "eigene Beschäftigte und neue Teammitglieder",
            ],
        },
        ProviderType::PublicEmploymentService => Profile {
            eqf: (2, 4),
            not_applicable: true,
            modes: &[OnSite, Online, WorkBased],
            patterns: &[0, 1, 2, 5],
            formal: false,
            price: (0, 0),
            hours_only: true,
            audience: [
                "werkzoekenden",
                "job-seekers",
                "demandeurs d'emploi",
                "Arbeitsuchende",
            ],
        },
        ProviderType::SectorBody | ProviderType::Other => Profile {
            eqf: (3, 5),
            not_applicable: false,
            modes: &[OnSite, WorkBased, Blended],
            patterns: &[0, 1, 3, 4],
            formal: false,
            price: (100, 900),
            hours_only: false,
            audience: [
                "vakmensen uit de sector",
                "professionals in the sector",
                "professionnels du secteur",
                "Fachkräfte der Branche",
            ],
        },
    }
}

/// How each form of participation reads in a summary (nl, en, fr, de), and its usual assessment.
pub(super) fn mode_phrase(mode: ParticipationMode) -> ([&'static str; 4], [&'static str; 2]) {
    match mode {
        ParticipationMode::Online => (
            [
                "volledig online",
                "fully online",
                "entièrement en ligne",
                "vollständig online",
            ],
            ["online_test", "project"],
        ),
        ParticipationMode::OnSite => (
            ["op locatie", "on site", "en présentiel", "vor Ort"],
            ["practical", "written_exam"],
        ),
        ParticipationMode::Blended => (
            [
                "deels online en deels op locatie",
                "partly online and partly on site",
                "en partie en ligne et en présentiel",
                "teils online, teils vor Ort",
            ],
            ["project", "presentation"],
        ),
        ParticipationMode::WorkBased => (
            [
                "op de werkvloer",
                "in the workplace",
                "en situation de travail",
                "am Arbeitsplatz",
            ],
            ["workplace_observation", "portfolio"],
        ),
    }
}
