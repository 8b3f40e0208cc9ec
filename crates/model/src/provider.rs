//! Providers: the organisations that publish offerings and award credentials.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::country::{is_country_code, is_region_of};
use crate::error::{ValidationErrors, ViolationCode};
use crate::lang::LangText;
use crate::offering::{QualityAssurance, read_quality_assurance};
use crate::reader::{Errors, MAX_LONG_TEXT, MAX_SHORT_TEXT, Object};
use crate::vocab::{LegalIdentifierScheme, ProviderType, ReceivingKind};

/// A provider's registered identity. Validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProviderContent {
    /// Legal name in one or more languages.
    pub legal_name: LangText,
    /// ISO 3166-1 alpha-2 country code (Annex I: country of the issuer).
    pub country: String,
    /// NUTS code of the region (e.g. BE21), optional.
    #[serde(default)]
    pub region: Option<String>,
    pub legal_identifiers: Vec<LegalIdentifier>,
    pub provider_type: ProviderType,
    /// Default quality assurance for the provider's offerings.
    pub quality_assurance: QualityAssurance,
    /// How the provider recognises credentials from elsewhere.
    #[serde(default)]
    pub recognition_policy: LangText,
    /// Funding schemes the provider takes part in.
    #[serde(default)]
    pub funding_schemes: Vec<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub contact_email: Option<String>,
    /// Whether (and as what) the organisation receives credentials: admits learners,
    /// employs them, recognises credentials (issue 12). A participant may only receive, only
    /// provide, or both.
    #[serde(default)]
    pub receiving_organisation: Option<ReceivingKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LegalIdentifier {
    pub scheme: LegalIdentifierScheme,
    pub value: String,
}

const PROVIDER_ELEMENTS: &[&str] = &[
    "legal_name",
    "country",
    "region",
    "legal_identifiers",
    "provider_type",
    "quality_assurance",
    "recognition_policy",
    "funding_schemes",
    "website",
    "contact_email",
    "receiving_organisation",
];

/// Read-only keys a client may send back unchanged from a GET; they are ignored.
pub const PROVIDER_READ_ONLY: &[&str] =
    &["id", "status", "created_at", "updated_at", "published_at"];

impl ProviderContent {
    /// Validates a submitted provider, reporting every wrong element. `funding_schemes` lists the
    /// scheme codes configured in this register.
    pub fn from_json(
        document: &Value,
        funding_schemes: &[String],
    ) -> Result<ProviderContent, ValidationErrors> {
        let mut errors = Errors::default();
        let Some(root) = Object::new("", document, &mut errors) else {
            return Err(ValidationErrors(errors.0));
        };
        let mut allowed: Vec<&str> = PROVIDER_ELEMENTS.to_vec();
        allowed.extend_from_slice(PROVIDER_READ_ONLY);
        allowed.push("slug");
        root.deny_unknown(&allowed, &mut errors);

        let legal_name = root.required_lang_text("legal_name", MAX_SHORT_TEXT, &mut errors);
        let country = root.required_text("country", 64, &mut errors).and_then(|code| {
            if is_country_code(&code) { Some(code) } else {
                errors.push("country", ViolationCode::UnknownVocabularyValue, format!("`{code}` is not an ISO 3166-1 alpha-2 country code (upper case, e.g. BE)"));
                None
            }
        });
        let region = root.text("region", 64, &mut errors);
        if let (Some(region), Some(country)) = (&region, &country)
            && !is_region_of(region, country)
        {
            errors.push(
                "region",
                ViolationCode::InvalidValue,
                format!("`{region}` is not a NUTS region code inside {country} (e.g. BE21)"),
            );
        }
        let legal_identifiers =
            root.required_list("legal_identifiers", &mut errors, read_legal_identifier);
        let provider_type = root.required_vocabulary::<ProviderType>("provider_type", &mut errors);
        let quality_assurance = root
            .required_object("quality_assurance", &mut errors)
            .and_then(|qa| read_quality_assurance(&qa, &mut errors));
        let recognition_policy = root.lang_text("recognition_policy", MAX_LONG_TEXT, &mut errors);
        let schemes = root.funding_schemes(funding_schemes, &mut errors);
        let website = root.url("website", &mut errors);
        let contact_email = root
            .text("contact_email", 254, &mut errors)
            .and_then(|email| {
                let valid = email.split_once('@').is_some_and(|(local, domain)| {
                    !local.is_empty()
                        && domain.contains('.')
                        && !email.chars().any(char::is_whitespace)
                });
                if valid {
                    Some(email)
                } else {
                    errors.push(
                        "contact_email",
                        ViolationCode::InvalidValue,
                        format!("`{email}` is not an e-mail address"),
                    );
                    None
                }
            });

        let receiving_organisation =
            root.vocabulary::<ReceivingKind>("receiving_organisation", &mut errors);
        let (Some(country), Some(provider_type), Some(quality_assurance)) =
            (country, provider_type, quality_assurance)
        else {
            return Err(ValidationErrors(errors.0));
        };
        errors.into_result(ProviderContent {
            legal_name,
            country,
            region,
            legal_identifiers,
            provider_type,
            quality_assurance,
            recognition_policy,
            funding_schemes: schemes,
            website,
            contact_email,
            receiving_organisation,
        })
    }
}

fn read_legal_identifier(
    path: &str,
    value: &Value,
    errors: &mut Errors,
) -> Option<LegalIdentifier> {
    let object = Object::new(path, value, errors)?;
    object.deny_unknown(&["scheme", "value"], errors);
    let scheme = object.required_vocabulary::<LegalIdentifierScheme>("scheme", errors)?;
    let value = object.required_text("value", 64, errors)?;
    if scheme == LegalIdentifierScheme::EnterpriseNumber
        && let Err(message) = check_belgian_enterprise_number(&value)
    {
        errors.push(
            &object.path_of("value"),
            ViolationCode::InvalidValue,
            message,
        );
        return None;
    }
    Some(LegalIdentifier { scheme, value })
}

/// Checks a Belgian enterprise number (KBO/BCE): ten digits, starting with 0 or 1, whose last two
/// are 97 minus the first eight modulo 97. Dots, spaces and a `BE` prefix are allowed.
pub fn check_belgian_enterprise_number(text: &str) -> Result<(), String> {
    let digits: String = text
        .trim_start_matches("BE")
        .chars()
        .filter(|c| *c != '.' && *c != ' ')
        .collect();
    let well_formed = digits.len() == 10
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with('0') || digits.starts_with('1'));
    let checks = well_formed
        && match (digits[..8].parse::<u64>(), digits[8..].parse::<u64>()) {
            (Ok(base), Ok(check)) => 97 - base % 97 == check,
            _ => false,
        };
    if checks {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not a valid Belgian enterprise number (0xxx.xxx.xxx with a modulo-97 check)"
        ))
    }
}

/// Makes a valid Belgian enterprise number from eight digits (used by the demo register).
pub fn belgian_enterprise_number(base: u32) -> String {
    let base = u64::from(base % 20_000_000);
    let digits = format!("{:08}{:02}", base, 97 - base % 97);
    format!("{}.{}.{}", &digits[..4], &digits[4..7], &digits[7..])
}
