//! The IRIs that verification and the content reader look for in a credential's signed graph:
//! what the pinned contexts (VC 2.0, Open Badges 3.0, microcred v1) expand their terms to.

/// W3C Verifiable Credentials 2.0.
pub mod cred {
    pub const VERIFIABLE_CREDENTIAL: &str =
        "https://www.w3.org/2018/credentials#VerifiableCredential";
    pub const ISSUER: &str = "https://www.w3.org/2018/credentials#issuer";
    pub const CREDENTIAL_SUBJECT: &str = "https://www.w3.org/2018/credentials#credentialSubject";
    pub const CREDENTIAL_STATUS: &str = "https://www.w3.org/2018/credentials#credentialStatus";
    pub const VALID_FROM: &str = "https://www.w3.org/2018/credentials#validFrom";
    pub const VALID_UNTIL: &str = "https://www.w3.org/2018/credentials#validUntil";
    /// VC 1.1's issuance date, still found in older badges.
    pub const ISSUANCE_DATE: &str = "https://www.w3.org/2018/credentials#issuanceDate";
}

/// Bitstring Status List v1.0.
pub mod status {
    pub const ENTRY: &str = "https://www.w3.org/ns/credentials/status#BitstringStatusListEntry";
    pub const LIST_CREDENTIAL_TYPE: &str =
        "https://www.w3.org/ns/credentials/status#BitstringStatusListCredential";
    pub const LIST_TYPE: &str = "https://www.w3.org/ns/credentials/status#BitstringStatusList";
    pub const PURPOSE: &str = "https://www.w3.org/ns/credentials/status#statusPurpose";
    pub const INDEX: &str = "https://www.w3.org/ns/credentials/status#statusListIndex";
    pub const LIST_CREDENTIAL: &str =
        "https://www.w3.org/ns/credentials/status#statusListCredential";
    pub const ENCODED_LIST: &str = "https://www.w3.org/ns/credentials/status#encodedList";
}

/// schema.org terms used by VC 2.0 and Open Badges 3.0.
pub mod schema {
    pub const NAME: &str = "https://schema.org/name";
    pub const DESCRIPTION: &str = "https://schema.org/description";
    pub const URL: &str = "https://schema.org/url";
    pub const VALUE: &str = "https://schema.org/value";
    pub const ADDRESS_COUNTRY: &str = "https://schema.org/addressCountry";
    pub const ADDRESS_REGION: &str = "https://schema.org/addressRegion";
    pub const IN_LANGUAGE: &str = "https://schema.org/inLanguage";
    pub const TARGET_NAME: &str = "https://schema.org/targetName";
    pub const TARGET_URL: &str = "https://schema.org/targetUrl";
}

/// Open Badges 3.0.
pub mod ob {
    pub const ACHIEVEMENT: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement";
    pub const ACHIEVEMENT_TYPE: &str =
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievementType";
    pub const ADDRESS: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#address";
    pub const COUNTRY_CODE: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#CountryCode";
    pub const AWARDED_DATE: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#awardedDate";
    pub const IDENTIFIER: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identifier";
    pub const IDENTITY_TYPE: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityType";
    pub const IDENTITY_HASH: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash";
    pub const HASHED: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#hashed";
    pub const CREDITS_AVAILABLE: &str =
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsAvailable";
    pub const CREDITS_EARNED: &str =
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsEarned";
    pub const FIELD_OF_STUDY: &str =
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#fieldOfStudy";
    pub const RESULT: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#result";
    pub const RESULT_DESCRIPTION: &str =
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#resultDescription";
    pub const CRITERIA: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Criteria";
    pub const NARRATIVE: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#narrative";
    pub const ALIGNMENT: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#alignment";
}

/// ELM terms that microcred v1 maps Annex I elements to.
pub mod elm {
    pub const EQF_LEVEL: &str = "http://data.europa.eu/snb/model/elm/EQFLevel";
    pub const NQF_LEVEL: &str = "http://data.europa.eu/snb/model/elm/NQFLevel";
    pub const LEARNING_OUTCOME: &str = "http://data.europa.eu/snb/model/elm/learningOutcome";
    pub const MODE: &str = "http://data.europa.eu/snb/model/elm/mode";
    pub const LEARNING_SETTING: &str = "http://data.europa.eu/snb/model/elm/learningSetting";
    pub const ID_VERIFICATION: &str = "http://data.europa.eu/snb/model/elm/idVerification";
    pub const ACCREDITATION: &str = "http://data.europa.eu/snb/model/elm/accreditation";
    pub const ACCREDITING_AGENT: &str = "http://data.europa.eu/snb/model/elm/accreditingAgent";
    pub const ENTRY_REQUIREMENT: &str = "http://data.europa.eu/snb/model/elm/entryRequirement";
    pub const ADDITIONAL_NOTE: &str = "http://data.europa.eu/snb/model/elm/additionalNote";
    pub const ISCED_F_CODE: &str = "http://data.europa.eu/snb/model/elm/ISCEDFCode";
    pub const AWARDING_BODY: &str = "http://data.europa.eu/snb/model/elm/awardingBody";
    /// `qualityAssuranceType` (Dublin Core `type`).
    pub const DC_TYPE: &str = "http://purl.org/dc/terms/type";
}

/// microcred's own terms (`https://microcred.eu/vocab#`).
pub mod microcred {
    pub const QF_EHEA_CYCLE: &str = "https://microcred.eu/vocab#qfEheaCycle";
    pub const WORKLOAD_HOURS: &str = "https://microcred.eu/vocab#workloadHours";
    pub const RELATED_SKILL: &str = "https://microcred.eu/vocab#relatedSkill";
    pub const ASSESSMENT_TYPE: &str = "https://microcred.eu/vocab#assessmentType";
    pub const ASSESSMENT_DESCRIPTION: &str = "https://microcred.eu/vocab#assessmentDescription";
    pub const STACKABILITY: &str = "https://microcred.eu/vocab#stackability";
    pub const STACKABLE_TOWARDS: &str = "https://microcred.eu/vocab#stackableTowards";
    pub const FURTHER_INFORMATION_URL: &str = "https://microcred.eu/vocab#furtherInformationUrl";
    pub const ASSESSMENT_DATE: &str = "https://microcred.eu/vocab#assessmentDate";
    pub const ASSESSMENT_ROUTE: &str = "https://microcred.eu/vocab#assessmentRoute";
}

/// XML Schema datatypes.
pub mod xsd {
    pub const DATE_TIME: &str = "http://www.w3.org/2001/XMLSchema#dateTime";
    pub const BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
}
