//! The demo register's providers: fictional organisations, mostly Flemish, a few from elsewhere
//! in the EU. Names are invented; quality-assurance bodies are the real kinds of bodies.

use model::vocab::ProviderType;
use time::Date;
use time::macros::date;

use super::flanders::FLANDERS;

/// Quality-assurance type code, body and (for higher education) a DEQAR-style reference.
pub(super) struct Qa {
    pub kind: &'static str,
    pub body: &'static str,
    pub deqar: Option<&'static str>,
}

pub(super) struct DemoProvider {
    pub slug: &'static str,
    pub names: &'static [(&'static str, &'static str)],
    pub country: &'static str,
    pub region: &'static str,
    /// Eight digits a Belgian enterprise number is made from; 0 for providers outside Belgium.
    pub enterprise: u32,
    /// Further identifiers as (scheme code, value).
    pub identifiers: &'static [(&'static str, &'static str)],
    pub kind: ProviderType,
    pub qa: Qa,
    pub funding: &'static [&'static str],
    /// ISCED-F narrow fields its offerings are in.
    pub fields: &'static [&'static str],
    /// Languages its texts are written in (of nl, en, fr, de); the first is its own.
    pub languages: &'static [&'static str],
    pub offerings: usize,
    /// When it joined the register: its offerings are published after this.
    pub joined: Date,
    /// A provider it sometimes awards jointly with.
    pub partner: Option<&'static str>,
    pub published: bool,
}

pub(super) const NVAO: Qa = Qa {
    kind: "institutional_qa",
    body: "NVAO (Accreditatieorganisatie Nederland-Vlaanderen)",
    deqar: None,
};
pub(super) const FLEMISH_RECOGNITION: Qa = Qa {
    kind: "institutional_licence",
    body: "Vlaamse overheid – erkenning door het departement Onderwijs en Vorming",
    deqar: None,
};
pub(super) const ISO_9001: Qa = Qa {
    kind: "institutional_licence",
    body: "ISO 9001:2015 – gecertificeerd door een geaccrediteerde certificatie-instelling",
    deqar: None,
};
pub(super) const ISO_29993: Qa = Qa {
    kind: "programme_qa",
    body: "ISO 29993:2017 – leerdiensten buiten het formeel onderwijs",
    deqar: None,
};
pub(super) const FLEMISH_LEAVE: &[&str] = &[
    "vlaams_opleidingsverlof",
    "opleidingscheques",
    "individuele_leerrekening",
];
pub(super) const SME: &[&str] = &[
    "kmo_portefeuille",
    "opleidingscheques",
    "vlaamse_opleidingsincentives",
];

/// Every demo provider, Flemish ones first.
pub(super) fn all() -> impl Iterator<Item = &'static DemoProvider> {
    FLANDERS.iter().chain(ABROAD)
}

/// Providers from elsewhere in the EU, joining the register from 2022 on.
const ABROAD: &[DemoProvider] = &[
    DemoProvider {
        slug: "hogeschool-de-biesbosch",
        names: &[
            ("nl", "Hogeschool De Biesbosch"),
            ("en", "De Biesbosch University of Applied Sciences"),
        ],
        country: "NL",
        region: "NL41",
        enterprise: 0,
        identifiers: &[("erasmus", "NL BIESBOS01"), ("pic", "998877012")],
        kind: ProviderType::UniversityCollege,
        qa: Qa {
            deqar: Some("DEQARINST9105"),
            ..NVAO
        },
        funding: &["esf_plus"],
        fields: &["061", "041", "081", "052"],
        languages: &["nl", "en"],
        offerings: 8,
        joined: date!(2022 - 03 - 01),
        partner: None,
        published: true,
    },
    DemoProvider {
        slug: "hochschule-rheinauen",
        names: &[
            ("de", "Hochschule Rheinauen"),
            ("en", "Rheinauen University of Applied Sciences"),
        ],
        country: "DE",
        region: "DEA",
        enterprise: 0,
        identifiers: &[("vat", "DE298765431"), ("erasmus", "D RHEINAU01")],
        kind: ProviderType::UniversityCollege,
        qa: Qa {
            kind: "programme_qa",
            body: "Akkreditierungsrat (Programmakkreditierung)",
            deqar: Some("DEQARINST9106"),
        },
        funding: &["esf_plus"],
        fields: &["071", "072", "061", "052"],
        languages: &["de", "en"],
        offerings: 9,
        joined: date!(2022 - 09 - 05),
        partner: None,
        published: true,
    },
    DemoProvider {
        slug: "institut-seine-amont",
        names: &[
            ("fr", "Institut de formation Seine-Amont"),
            ("en", "Seine-Amont Training Institute"),
        ],
        country: "FR",
        region: "FR1",
        enterprise: 0,
        identifiers: &[("vat", "FR47812345678")],
        kind: ProviderType::TrainingCompany,
        qa: Qa {
            kind: "institutional_licence",
            body: "Qualiopi – certification qualité des prestataires de formation",
            deqar: None,
        },
        funding: &["esf_plus"],
        fields: &["041", "091", "023", "101"],
        languages: &["fr", "en"],
        offerings: 8,
        joined: date!(2023 - 01 - 09),
        partner: None,
        published: true,
    },
    DemoProvider {
        slug: "jarvilaakso-uas",
        names: &[("en", "Järvilaakso University of Applied Sciences")],
        country: "FI",
        region: "FI1B",
        enterprise: 0,
        identifiers: &[("erasmus", "SF JARVILA01"), ("vat", "FI29871234")],
        kind: ProviderType::UniversityCollege,
        qa: Qa {
            kind: "institutional_qa",
            body: "FINEEC – Finnish Education Evaluation Centre",
            deqar: Some("DEQARINST9107"),
        },
        funding: &["esf_plus"],
        fields: &["061", "091", "052"],
        languages: &["en"],
        offerings: 7,
        joined: date!(2023 - 04 - 03),
        partner: None,
        published: true,
    },
    DemoProvider {
        slug: "laanemere-digital-academy",
        names: &[("en", "Läänemere Digital Academy")],
        country: "EE",
        region: "EE00",
        enterprise: 0,
        identifiers: &[("pic", "998812345"), ("vat", "EE101234567")],
        kind: ProviderType::TrainingCompany,
        qa: Qa {
            kind: "institutional_qa",
            body: "HAKA – Estonian Quality Agency for Education",
            deqar: None,
        },
        funding: &["esf_plus"],
        fields: &["061", "068"],
        languages: &["en"],
        offerings: 7,
        joined: date!(2023 - 10 - 02),
        partner: None,
        published: true,
    },
    DemoProvider {
        slug: "politecnico-alto-tejo",
        names: &[("en", "Alto Tejo Polytechnic Institute")],
        country: "PT",
        region: "PT17",
        enterprise: 0,
        identifiers: &[("erasmus", "P ALTOTEJ01"), ("vat", "PT509876543")],
        kind: ProviderType::UniversityCollege,
        qa: Qa {
            kind: "institutional_qa",
            body: "A3ES – Agência de Avaliação e Acreditação do Ensino Superior",
            deqar: Some("DEQARINST9108"),
        },
        funding: &["esf_plus"],
        fields: &["061", "101", "052"],
        languages: &["en"],
        offerings: 6,
        joined: date!(2024 - 02 - 05),
        partner: None,
        published: true,
    },
];
