//! Controlled vocabularies of Annex I and the register: stable codes, EU Vocabularies IRIs where
//! known, and human labels in Dutch, English, French and German.

use crate::lang::UiLang;

/// A value of a controlled vocabulary: every vocabulary enum implements this through `vocabulary!`.
pub trait Vocabulary: Sized + Copy + 'static {
    /// Name of the vocabulary as it appears in error messages and the API.
    const NAME: &'static str;
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The stable code used in the API, the database and URLs.
    fn code(self) -> &'static str;
    /// The IRI that identifies the value in linked data (EU Vocabularies where one exists).
    fn iri(self) -> String;
    /// Whether `iri` is this value's IRI (compared without building it).
    fn has_iri(self, iri: &str) -> bool;
    /// A human label in the given interface language.
    fn label(self, lang: UiLang) -> &'static str;

    /// The value whose IRI is `iri`.
    fn from_iri(iri: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.has_iri(iri))
    }

    /// Parses a stable code.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.code() == code)
    }

    /// Every allowed code, for error messages.
    fn allowed_codes() -> Vec<String> {
        Self::ALL
            .iter()
            .map(|value| value.code().to_owned())
            .collect()
    }
}

/// Base of the IRIs we mint for values EU Vocabularies has no entry for (yet).
pub const MICROCRED_VOCAB_BASE: &str = "https://w3id.org/microcred/vocab/";

macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident, $vocab_name:literal, $iri_base:literal {
            $( $variant:ident = $code:literal, $iri:expr, [$nl:literal, $en:literal, $fr:literal, $de:literal] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
        pub enum $name {
            $( #[serde(rename = $code)] $variant, )+
        }

        impl Vocabulary for $name {
            const NAME: &'static str = $vocab_name;
            const ALL: &'static [Self] = &[$(Self::$variant),+];

            fn code(self) -> &'static str {
                match self { $(Self::$variant => $code,)+ }
            }

            fn iri(self) -> String {
                let known: Option<&'static str> = match self { $(Self::$variant => $iri,)+ };
                match known {
                    Some(iri) => iri.to_owned(),
                    None => format!("{}{}/{}", MICROCRED_VOCAB_BASE, $iri_base, self.code()),
                }
            }

            fn has_iri(self, iri: &str) -> bool {
                let known: Option<&'static str> = match self { $(Self::$variant => $iri,)+ };
                match known {
                    Some(known) => known == iri,
                    None => iri
                        .strip_prefix(MICROCRED_VOCAB_BASE)
                        .and_then(|rest| rest.strip_prefix($iri_base))
                        .and_then(|rest| rest.strip_prefix('/'))
                        == Some(self.code()),
                }
            }

            fn label(self, lang: UiLang) -> &'static str {
                match (self, lang) {
                    $(
                        (Self::$variant, UiLang::Nl) => $nl,
                        (Self::$variant, UiLang::En) => $en,
                        (Self::$variant, UiLang::Fr) => $fr,
                        (Self::$variant, UiLang::De) => $de,
                    )+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.code())
            }
        }
    };
}

vocabulary! {
    /// The kind of organisation that provides learning.
    ProviderType, "provider_type", "provider-type" {
        University = "university", None, ["Universiteit", "University", "Université", "Universität"],
        UniversityCollege = "university_college", None, ["Hogeschool", "University of applied sciences", "Haute école", "Hochschule"],
        AdultEducation = "adult_education", None, ["Centrum voor volwassenenonderwijs", "Adult-education centre", "Centre d'éducation des adultes", "Erwachsenenbildungszentrum"],
        TrainingCompany = "training_company", None, ["Opleidingsverstrekker", "Training company", "Organisme de formation", "Weiterbildungsanbieter"],
        Employer = "employer", None, ["Werkgever", "Employer", "Employeur", "Arbeitgeber"],
        PublicEmploymentService = "public_employment_service", None, ["Openbare dienst voor arbeidsbemiddeling", "Public employment service", "Service public de l'emploi", "Öffentliche Arbeitsverwaltung"],
        SectorBody = "sector_body", None, ["Sectorfonds of -organisatie", "Sector body", "Fonds ou organisation sectoriel", "Branchenorganisation"],
        Other = "other", None, ["Andere", "Other", "Autre", "Andere"],
    }
}

vocabulary! {
    /// The kind of a receiving organisation (issue 12): who admits learners or recognises
    /// credentials — a participant of its own, or a provider that also receives.
    ReceivingKind, "receiving_kind", "receiving-kind" {
        HigherEducation = "higher_education", None, ["Universiteit of hogeschool", "University or college", "Université ou haute école", "Hochschule"],
        Employer = "employer", None, ["Werkgever", "Employer", "Employeur", "Arbeitgeber"],
        SectorBody = "sector_body", None, ["Sectororganisatie", "Sector body", "Organisation sectorielle", "Branchenorganisation"],
        RecognitionCentre = "recognition_centre", None, ["Erkenningscentrum (ENIC-NARIC)", "Recognition centre (ENIC-NARIC)", "Centre de reconnaissance (ENIC-NARIC)", "Anerkennungsstelle (ENIC-NARIC)"],
        PublicEmploymentService = "public_employment_service", None, ["Openbare dienst voor arbeidsbemiddeling", "Public employment service", "Service public de l'emploi", "Öffentliche Arbeitsverwaltung"],
        Other = "other", None, ["Andere", "Other", "Autre", "Andere"],
    }
}

vocabulary! {
    /// What a recognition decision recognises a credential for.
    RecognitionPurpose, "recognition_purpose", "recognition-purpose" {
        FurtherStudy = "further_study", None, ["Verdere studie", "Further study", "Poursuite d'études", "Weiterstudium"],
        Employment = "employment", None, ["Tewerkstelling", "Employment", "Emploi", "Beschäftigung"],
    }
}

vocabulary! {
    /// How far a recognition decision recognises: fully, partly, or not (a request refused).
    RecognitionScope, "recognition_scope", "recognition-scope" {
        Full = "full", None, ["Volledig erkend", "Fully recognised", "Reconnu entièrement", "Vollständig anerkannt"],
        Partial = "partial", None, ["Gedeeltelijk erkend", "Partly recognised", "Reconnu partiellement", "Teilweise anerkannt"],
        Refused = "refused", None, ["Niet erkend", "Not recognised", "Non reconnu", "Nicht anerkannt"],
    }
}

vocabulary! {
    /// The legal basis or policy a recognition decision rests on.
    LegalBasis, "legal_basis", "legal-basis" {
        LisbonRecognitionConvention = "lisbon_recognition_convention", None, ["Lissabon-erkenningsverdrag", "Lisbon Recognition Convention", "Convention de Lisbonne sur la reconnaissance", "Lissabonner Anerkennungskonvention"],
        NationalLaw = "national_law", None, ["Nationale of regionale regelgeving", "National or regional law", "Législation nationale ou régionale", "Nationales oder regionales Recht"],
        InstitutionalPolicy = "institutional_policy", None, ["Reglement van de instelling", "Institutional policy", "Règlement de l'établissement", "Ordnung der Einrichtung"],
        CollectiveAgreement = "collective_agreement", None, ["Collectieve arbeidsovereenkomst", "Collective agreement", "Convention collective", "Tarifvertrag"],
        SectorAgreement = "sector_agreement", None, ["Sectorafspraak", "Sector agreement", "Accord sectoriel", "Branchenvereinbarung"],
        Other = "other", None, ["Andere", "Other", "Autre", "Andere"],
    }
}

vocabulary! {
    /// Type of quality assurance (EU Vocabularies `accreditation` types).
    QualityAssuranceType, "quality_assurance_type", "accreditation" {
        InstitutionalQa = "institutional_qa", None, ["Instellingsreview / instellingsaccreditatie", "Institutional quality assurance", "Assurance qualité institutionnelle", "Institutionelle Qualitätssicherung"],
        ProgrammeQa = "programme_qa", None, ["Opleidingsaccreditatie", "Programme quality assurance", "Assurance qualité du programme", "Programmakkreditierung"],
        InstitutionalLicence = "institutional_licence", None, ["Erkenning van de instelling", "Institutional licence", "Licence institutionnelle", "Institutionelle Zulassung"],
        ProgrammeLicence = "programme_licence", None, ["Erkenning van de opleiding", "Programme licence", "Licence du programme", "Programmzulassung"],
    }
}

vocabulary! {
    /// Type of assessment (EU Vocabularies `assessment` list, simplified).
    AssessmentType, "assessment_type", "assessment" {
        WrittenExam = "written_exam", None, ["Schriftelijk examen", "Written exam", "Examen écrit", "Schriftliche Prüfung"],
        OralExam = "oral_exam", None, ["Mondeling examen", "Oral exam", "Examen oral", "Mündliche Prüfung"],
        Practical = "practical", None, ["Praktijkproef", "Practical assessment", "Épreuve pratique", "Praktische Prüfung"],
        Project = "project", None, ["Project", "Project", "Projet", "Projektarbeit"],
        Portfolio = "portfolio", None, ["Portfolio", "Portfolio", "Portfolio", "Portfolio"],
        OnlineTest = "online_test", None, ["Online test", "Online test", "Test en ligne", "Online-Test"],
        Presentation = "presentation", None, ["Presentatie", "Presentation", "Présentation", "Präsentation"],
        WorkplaceObservation = "workplace_observation", None, ["Observatie op de werkplek", "Workplace observation", "Observation en milieu de travail", "Beobachtung am Arbeitsplatz"],
        PeerAssessment = "peer_assessment", None, ["Peerbeoordeling", "Peer assessment", "Évaluation par les pairs", "Peer-Bewertung"],
    }
}

vocabulary! {
    /// Form of participation in the learning activity.
    ParticipationMode, "participation_mode", "learning-assessment" {
        Online = "online", Some("http://data.europa.eu/snb/learning-assessment/920fbb3cbe"), ["Online", "Online", "En ligne", "Online"],
        OnSite = "on_site", None, ["Op locatie", "On site", "En présentiel", "Vor Ort"],
        Blended = "blended", Some("http://data.europa.eu/snb/learning-assessment/e92d221e4d"), ["Gemengd (blended)", "Blended", "Hybride", "Hybrid"],
        WorkBased = "work_based", None, ["Werkplekleren", "Work-based", "En milieu de travail", "Arbeitsplatzbasiert"],
    }
}

vocabulary! {
    /// Learning setting. Informal learning only leads to a credential through validation of prior learning.
    LearningSetting, "learning_setting", "learning-setting" {
        Formal = "formal", None, ["Formeel leren", "Formal learning", "Apprentissage formel", "Formales Lernen"],
        NonFormal = "non_formal", Some("http://data.europa.eu/snb/learning-setting/e207a81fc7"), ["Niet-formeel leren", "Non-formal learning", "Apprentissage non formel", "Nicht-formales Lernen"],
        Informal = "informal", None, ["Informeel leren", "Informal learning", "Apprentissage informel", "Informelles Lernen"],
    }
}

vocabulary! {
    /// Supervision and identity verification during assessment.
    Supervision, "supervision", "supervision-verification" {
        UnsupervisedNoIdCheck = "unsupervised_no_id_check", Some("http://data.europa.eu/snb/supervision-verification/c598449d64"), ["Zonder toezicht, zonder identiteitscontrole", "Unsupervised, without identity verification", "Sans surveillance, sans vérification d'identité", "Unbeaufsichtigt, ohne Identitätsprüfung"],
        SupervisedNoIdCheck = "supervised_no_id_check", None, ["Met toezicht, zonder identiteitscontrole", "Supervised, without identity verification", "Surveillé, sans vérification d'identité", "Beaufsichtigt, ohne Identitätsprüfung"],
        SupervisedOnline = "supervised_online", None, ["Online toezicht met identiteitscontrole", "Supervised online with identity verification", "Surveillé en ligne avec vérification d'identité", "Online beaufsichtigt mit Identitätsprüfung"],
        OnSiteIdCheck = "on_site_id_check", None, ["Op locatie met identiteitscontrole", "On site with identity verification", "Sur place avec vérification d'identité", "Vor Ort mit Identitätsprüfung"],
    }
}

vocabulary! {
    /// Cycle of the Qualifications Framework of the European Higher Education Area.
    QfEheaCycle, "qf_ehea_cycle", "qf-ehea" {
        Short = "short", None, ["Korte cyclus", "Short cycle", "Cycle court", "Kurzstudiengang"],
        First = "first", None, ["Eerste cyclus (bachelor)", "First cycle (bachelor)", "Premier cycle (licence)", "Erster Zyklus (Bachelor)"],
        Second = "second", None, ["Tweede cyclus (master)", "Second cycle (master)", "Deuxième cycle (master)", "Zweiter Zyklus (Master)"],
        Third = "third", None, ["Derde cyclus (doctoraat)", "Third cycle (doctorate)", "Troisième cycle (doctorat)", "Dritter Zyklus (Doktorat)"],
    }
}

vocabulary! {
    /// How an offering relates to larger credentials.
    Stackability, "stackability", "stackability" {
        StandAlone = "stand_alone", None, ["Op zichzelf staand", "Stand-alone", "Autonome", "Eigenständig"],
        Stackable = "stackable", None, ["Stapelbaar", "Stackable", "Cumulable", "Kombinierbar"],
    }
}

vocabulary! {
    /// Scheme of a provider's legal identifier.
    LegalIdentifierScheme, "legal_identifier_scheme", "legal-identifier" {
        EnterpriseNumber = "enterprise_number", None, ["Ondernemingsnummer (KBO)", "Enterprise number (KBO/BCE)", "Numéro d'entreprise (BCE)", "Unternehmensnummer (ZDU)"],
        Vat = "vat", None, ["Btw-nummer", "VAT number", "Numéro de TVA", "USt-IdNr."],
        Erasmus = "erasmus", None, ["Erasmuscode", "Erasmus code", "Code Erasmus", "Erasmus-Code"],
        Pic = "pic", None, ["PIC (EU-deelnemerscode)", "PIC (EU participant code)", "PIC (code participant UE)", "PIC (EU-Teilnehmercode)"],
        Other = "other", None, ["Ander nummer", "Other identifier", "Autre identifiant", "Andere Kennung"],
    }
}

vocabulary! {
    /// State of a provider or an offering in the register.
    PublicationStatus, "status", "status" {
        Draft = "draft", None, ["Ontwerp", "Draft", "Brouillon", "Entwurf"],
        Published = "published", None, ["Gepubliceerd", "Published", "Publié", "Veröffentlicht"],
        Withdrawn = "withdrawn", None, ["Ingetrokken", "Withdrawn", "Retiré", "Zurückgezogen"],
    }
}

impl PublicationStatus {
    /// Whether publishing changes anything (a published provider or offering is published
    /// already; a draft and a withdrawn one can be published).
    pub fn can_publish(self) -> bool {
        self != PublicationStatus::Published
    }

    /// Whether withdrawing applies: only what is published is withdrawn (a draft was never
    /// public).
    pub fn can_withdraw(self) -> bool {
        self == PublicationStatus::Published
    }
}

vocabulary! {
    /// A learner's employment status when enrolling (the register's statistics split by it).
    EmploymentStatus, "employment_status", "employment-status" {
        Employed = "employed", None, ["Werknemer", "Employed", "Salarié", "Angestellt"],
        SelfEmployed = "self_employed", None, ["Zelfstandige", "Self-employed", "Indépendant", "Selbstständig"],
        JobSeeker = "job_seeker", None, ["Werkzoekende", "Job-seeker", "Demandeur d'emploi", "Arbeitsuchend"],
        Student = "student", None, ["Student", "Student", "Étudiant", "Studierend"],
        Inactive = "inactive", None, ["Niet-beroepsactief", "Inactive", "Inactif", "Nicht erwerbstätig"],
        Unknown = "unknown", None, ["Onbekend", "Unknown", "Inconnu", "Unbekannt"],
    }
}

impl EmploymentStatus {
    /// The three groups of the register's statistics: working, not working, unknown.
    pub fn is_working(self) -> Option<bool> {
        match self {
            EmploymentStatus::Employed | EmploymentStatus::SelfEmployed => Some(true),
            EmploymentStatus::JobSeeker
            | EmploymentStatus::Student
            | EmploymentStatus::Inactive => Some(false),
            EmploymentStatus::Unknown => None,
        }
    }
}

vocabulary! {
    /// Where an issued credential stands. Revoked is final; suspended can be reinstated.
    CredentialState, "credential_state", "credential-state" {
        Active = "active", None, ["Geldig", "Valid", "Valide", "Gültig"],
        Suspended = "suspended", None, ["Geschorst", "Suspended", "Suspendu", "Ausgesetzt"],
        Revoked = "revoked", None, ["Ingetrokken", "Revoked", "Révoqué", "Widerrufen"],
    }
}

/// EQF levels run from 1 to 8; `None` in an offering's level means "not applicable".
pub fn eqf_iri(level: u8) -> String {
    format!("http://data.europa.eu/snb/eqf/{level}")
}

/// IRI of the ECTS credit system in EU Vocabularies.
pub const ECTS_IRI: &str = "http://data.europa.eu/snb/education-credit/6fcec5c5af";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        fn check<V: Vocabulary + PartialEq + std::fmt::Debug>() {
            let codes = V::allowed_codes();
            let mut sorted = codes.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), codes.len(), "duplicate code in {}", V::NAME);
            for value in V::ALL {
                assert_eq!(V::from_code(value.code()), Some(*value));
                // IRIs compared without building them: each its own value's, and only whole.
                let iri = value.iri();
                assert_eq!(V::from_iri(&iri), Some(*value), "{iri}");
                assert!(!value.has_iri(&format!("{iri}x")), "{iri}x");
                assert!(!value.has_iri(&iri[..iri.len() - 1]), "{iri} shortened");
                assert!(!value.has_iri(value.code()), "{iri}: the bare code");
                for lang in UiLang::ALL {
                    assert!(!value.label(*lang).is_empty());
                }
            }
            assert_eq!(V::from_code("no-such-code"), None);
            assert_eq!(V::from_iri(""), None);
            assert_eq!(V::from_iri(MICROCRED_VOCAB_BASE), None);
        }
        check::<ProviderType>();
        check::<ReceivingKind>();
        check::<RecognitionPurpose>();
        check::<RecognitionScope>();
        check::<LegalBasis>();
        check::<QualityAssuranceType>();
        check::<AssessmentType>();
        check::<ParticipationMode>();
        check::<LearningSetting>();
        check::<Supervision>();
        check::<QfEheaCycle>();
        check::<Stackability>();
        check::<LegalIdentifierScheme>();
        check::<PublicationStatus>();
        check::<EmploymentStatus>();
        check::<CredentialState>();
    }

    #[test]
    fn known_values_use_eu_vocabulary_iris_and_others_ours() {
        assert_eq!(
            ParticipationMode::Online.iri(),
            "http://data.europa.eu/snb/learning-assessment/920fbb3cbe"
        );
        assert_eq!(
            ParticipationMode::OnSite.iri(),
            "https://w3id.org/microcred/vocab/learning-assessment/on_site"
        );
        assert_eq!(eqf_iri(6), "http://data.europa.eu/snb/eqf/6");
    }

    #[test]
    fn serde_uses_the_stable_codes() {
        assert_eq!(
            serde_json::to_string(&Supervision::OnSiteIdCheck)
                .ok()
                .as_deref(),
            Some("\"on_site_id_check\"")
        );
    }
}
