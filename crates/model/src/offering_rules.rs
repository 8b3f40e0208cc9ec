//! The rules a submitted offering must satisfy: `OfferingContent::from_json` reads every Annex I
//! element and reports each wrong one by its path.

use serde_json::Value;

use crate::error::{ValidationErrors, ViolationCode};
use crate::ids::ProviderId;
use crate::isced::isced_field;
use crate::lang::is_language_code;
use crate::offering::{
    Assessment, EqfLevel, FurtherInformation, LearningOutcome, Level, MAX_ECTS, MAX_HOURS,
    OfferingContent, Participation, Price, QualityAssurance, StackabilityInfo, Workload,
};
use crate::reader::{
    Errors, MAX_LONG_TEXT, MAX_SHORT_TEXT, Object, check_distinct, check_url, text_item,
    vocabulary_value,
};
use crate::vocab::{
    AssessmentType, LearningSetting, ParticipationMode, QfEheaCycle, QualityAssuranceType,
    Stackability, Supervision,
};

/// What validation needs to know beyond the document itself.
#[derive(Debug, Clone, Default)]
pub struct OfferingRules<'a> {
    /// Codes of the funding schemes configured in this register.
    pub funding_schemes: &'a [String],
}

const OFFERING_ELEMENTS: &[&str] = &[
    "title",
    "summary",
    "awarding_bodies",
    "learning_outcomes",
    "workload",
    "level",
    "assessment",
    "participation",
    "quality_assurance",
    "prerequisites",
    "supervision",
    "stackability",
    "further_information",
    "isced_field",
    "languages",
    "start_date",
    "end_date",
    "price",
    "pilot_project",
    "funding_schemes",
];

/// Read-only keys an API client may send back unchanged from a GET; they are ignored.
pub const OFFERING_READ_ONLY: &[&str] = &[
    "id",
    "provider_id",
    "status",
    "version",
    "created_at",
    "updated_at",
    "published_at",
    "withdrawn_at",
    "provider",
];

impl OfferingContent {
    /// Validates a submitted offering, reporting every wrong element.
    pub fn from_json(
        document: &Value,
        rules: &OfferingRules<'_>,
    ) -> Result<OfferingContent, ValidationErrors> {
        let mut errors = Errors::default();
        let Some(root) = Object::new("", document, &mut errors) else {
            return Err(ValidationErrors(errors.0));
        };
        let mut allowed: Vec<&str> = OFFERING_ELEMENTS.to_vec();
        allowed.extend_from_slice(OFFERING_READ_ONLY);
        root.deny_unknown(&allowed, &mut errors);

        let title = root.required_lang_text("title", MAX_SHORT_TEXT, &mut errors);
        let summary = root.lang_text("summary", MAX_LONG_TEXT, &mut errors);
        let awarding_bodies =
            root.required_list("awarding_bodies", &mut errors, |path, value, errors| {
                let text = text_item(path, value, 64, errors)?;
                ProviderId::parse(&text)
                    .map_err(|message| errors.push(path, ViolationCode::InvalidValue, message))
                    .ok()
            });
        check_distinct("awarding_bodies", &awarding_bodies, &mut errors);
        let learning_outcomes =
            root.required_list("learning_outcomes", &mut errors, read_learning_outcome);
        let workload = read_workload(&root, &mut errors);
        let level = read_level(&root, &mut errors);
        let assessment = read_assessment(&root, &mut errors);
        let participation = read_participation(&root, &mut errors);
        let quality_assurance = root
            .required_object("quality_assurance", &mut errors)
            .and_then(|qa| read_quality_assurance(&qa, &mut errors));
        let prerequisites = root.lang_text("prerequisites", MAX_LONG_TEXT, &mut errors);
        let supervision = root.vocabulary::<Supervision>("supervision", &mut errors);
        let stackability = read_stackability(&root, &mut errors);
        let further_information = read_further_information(&root, &mut errors);
        let isced = root.required_text("isced_field", 64, &mut errors).and_then(|code| match isced_field(&code) {
            Some(field) if field.code.len() == 3 => Some(code),
            _ => {
                errors.push("isced_field", ViolationCode::UnknownVocabularyValue, format!("`{code}` is not an ISCED-F 2013 narrow field (three digits, e.g. 061 for ICT)"));
                None
            }
        });
        let languages = root.required_list("languages", &mut errors, |path, value, errors| {
            let code = text_item(path, value, 64, errors)?;
            if is_language_code(&code) {
                Some(code)
            } else {
                errors.push(
                    path,
                    ViolationCode::UnknownVocabularyValue,
                    format!("`{code}` is not an ISO 639-1 language code (lower case, e.g. nl)"),
                );
                None
            }
        });
        check_distinct("languages", &languages, &mut errors);
        let start_date = root.date("start_date", &mut errors);
        let end_date = root.date("end_date", &mut errors);
        if let (Some(start), Some(end)) = (start_date, end_date)
            && end < start
        {
            errors.push(
                "end_date",
                ViolationCode::InvalidValue,
                format!("end date {end} is before start date {start}"),
            );
        }
        let price = root
            .object("price", &mut errors)
            .and_then(|price| read_price(&price, &mut errors));
        let pilot_project = root.bool("pilot_project", &mut errors).unwrap_or(false);
        let funding_schemes = root.funding_schemes(rules.funding_schemes, &mut errors);

        let (
            Some(workload),
            Some(level),
            Some(assessment),
            Some(participation),
            Some(quality_assurance),
            Some(stackability),
            Some(isced_field),
        ) = (
            workload,
            level,
            assessment,
            participation,
            quality_assurance,
            stackability,
            isced,
        )
        else {
            return Err(ValidationErrors(errors.0));
        };
        errors.into_result(OfferingContent {
            title,
            summary,
            awarding_bodies,
            learning_outcomes,
            workload,
            level,
            assessment,
            participation,
            quality_assurance,
            prerequisites,
            supervision,
            stackability,
            further_information,
            isced_field,
            languages,
            start_date,
            end_date,
            price,
            pilot_project,
            funding_schemes,
        })
    }

    /// The same document as submitted JSON (what `from_json` reads back unchanged).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

fn read_learning_outcome(
    path: &str,
    value: &Value,
    errors: &mut Errors,
) -> Option<LearningOutcome> {
    let object = Object::new(path, value, errors)?;
    object.deny_unknown(&["text", "esco_skills"], errors);
    let text = object.required_lang_text("text", MAX_LONG_TEXT, errors);
    let esco_skills = object.list("esco_skills", errors, |path, value, errors| {
        let iri = text_item(path, value, 300, errors)?;
        let valid = iri
            .strip_prefix("http://data.europa.eu/esco/skill/")
            .is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if valid {
            Some(iri)
        } else {
            errors.push(
                path,
                ViolationCode::InvalidValue,
                format!("`{iri}` is not an ESCO skill IRI (http://data.europa.eu/esco/skill/…)"),
            );
            None
        }
    });
    check_distinct(&object.path_of("esco_skills"), &esco_skills, errors);
    (!text.is_empty()).then_some(LearningOutcome { text, esco_skills })
}

fn read_workload(root: &Object<'_>, errors: &mut Errors) -> Option<Workload> {
    let object = root.required_object("workload", errors)?;
    object.deny_unknown(&["ects", "hours"], errors);
    let before = errors.0.len();
    let ects = object.number("ects", errors);
    let hours = object.number("hours", errors);
    if errors.0.len() > before {
        return None;
    }
    if let Some(ects) = ects {
        if !(ects > 0.0 && ects <= MAX_ECTS) {
            errors.push(
                "workload.ects",
                ViolationCode::InvalidValue,
                format!("ECTS must be more than 0 and at most {MAX_ECTS}, found {ects}"),
            );
        } else if ((ects * 100.0).round() - ects * 100.0).abs() > 1e-9 {
            errors.push(
                "workload.ects",
                ViolationCode::InvalidValue,
                format!("ECTS has at most two decimals, found {ects}"),
            );
        }
    }
    let hours = match hours {
        Some(hours) if hours.fract() == 0.0 && hours >= 1.0 && hours <= f64::from(MAX_HOURS) => {
            Some(hours as u32)
        }
        Some(hours) => {
            errors.push(
                "workload.hours",
                ViolationCode::InvalidValue,
                format!("hours must be a whole number from 1 to {MAX_HOURS}, found {hours}"),
            );
            None
        }
        None => None,
    };
    if ects.is_none() && hours.is_none() {
        errors.push(
            "workload",
            ViolationCode::MissingElement,
            "notional workload needs ECTS credits (`ects`) or hours (`hours`), or both",
        );
    }
    Some(Workload { ects, hours })
}

fn read_level(root: &Object<'_>, errors: &mut Errors) -> Option<Level> {
    let object = root.required_object("level", errors)?;
    object.deny_unknown(&["eqf", "qf_ehea_cycle", "national_level"], errors);
    let eqf = match object.get("eqf") {
        None => {
            errors.push(
                "level.eqf",
                ViolationCode::MissingElement,
                "`level.eqf` is mandatory: an EQF level 1–8 or \"not_applicable\"",
            );
            None
        }
        Some(Value::String(text)) if text == "not_applicable" => Some(EqfLevel::NotApplicable),
        Some(Value::Number(number)) => match number.as_u64() {
            Some(level @ 1..=8) => Some(EqfLevel::Level(level as u8)),
            _ => {
                errors.push(
                    "level.eqf",
                    ViolationCode::UnknownVocabularyValue,
                    format!("`{number}` is not an EQF level; allowed: 1–8 or \"not_applicable\""),
                );
                None
            }
        },
        Some(other) => {
            errors.push(
                "level.eqf",
                ViolationCode::UnknownVocabularyValue,
                format!("`{other}` is not an EQF level; allowed: 1–8 or \"not_applicable\""),
            );
            None
        }
    };
    let qf_ehea_cycle = object.vocabulary::<QfEheaCycle>("qf_ehea_cycle", errors);
    let national_level = object.text("national_level", 100, errors);
    Some(Level {
        eqf: eqf?,
        qf_ehea_cycle,
        national_level,
    })
}

fn read_assessment(root: &Object<'_>, errors: &mut Errors) -> Option<Assessment> {
    let object = root.required_object("assessment", errors)?;
    object.deny_unknown(&["types", "description"], errors);
    let types = object.required_list("types", errors, |path, value, errors| {
        vocabulary_value::<AssessmentType>(path, value, errors)
    });
    check_distinct("assessment.types", &types, errors);
    let description = object.lang_text("description", MAX_LONG_TEXT, errors);
    (!types.is_empty()).then_some(Assessment { types, description })
}

fn read_participation(root: &Object<'_>, errors: &mut Errors) -> Option<Participation> {
    let object = root.required_object("participation", errors)?;
    object.deny_unknown(&["mode", "setting"], errors);
    let mode = object.required_vocabulary::<ParticipationMode>("mode", errors);
    let setting = object.required_vocabulary::<LearningSetting>("setting", errors);
    if setting == Some(LearningSetting::Informal) {
        errors.push("participation.setting", ViolationCode::InvalidValue, "an offering cannot be informal learning: informal learning leads to a credential only through validation of prior learning");
    }
    Some(Participation {
        mode: mode?,
        setting: setting?,
    })
}

/// Reads a quality-assurance object (shared by offerings and providers).
pub fn read_quality_assurance(
    object: &Object<'_>,
    errors: &mut Errors,
) -> Option<QualityAssurance> {
    object.deny_unknown(&["type", "body", "deqar_id", "report_url"], errors);
    let qa_type = object.required_vocabulary::<QualityAssuranceType>("type", errors);
    let body = object.required_text("body", MAX_SHORT_TEXT, errors);
    let deqar_id = object.text("deqar_id", 64, errors);
    let report_url = object.url("report_url", errors);
    Some(QualityAssurance {
        qa_type: qa_type?,
        body: body?,
        deqar_id,
        report_url,
    })
}

fn read_stackability(root: &Object<'_>, errors: &mut Errors) -> Option<StackabilityInfo> {
    let Some(object) = root.object("stackability", errors) else {
        return root
            .get("stackability")
            .is_none()
            .then_some(StackabilityInfo {
                kind: Stackability::StandAlone,
                towards: Vec::new(),
            });
    };
    object.deny_unknown(&["kind", "towards"], errors);
    let kind = object.required_vocabulary::<Stackability>("kind", errors);
    let towards = object.list("towards", errors, |path, value, errors| {
        text_item(path, value, MAX_SHORT_TEXT, errors)
    });
    if kind == Some(Stackability::Stackable) && towards.is_empty() {
        errors.push(
            "stackability.towards",
            ViolationCode::MissingElement,
            "a stackable offering names at least one credential or pathway it stacks towards",
        );
    }
    Some(StackabilityInfo {
        kind: kind?,
        towards,
    })
}

fn read_further_information(root: &Object<'_>, errors: &mut Errors) -> FurtherInformation {
    let Some(object) = root.object("further_information", errors) else {
        return FurtherInformation::default();
    };
    object.deny_unknown(&["text", "links"], errors);
    let text = object.lang_text("text", MAX_LONG_TEXT, errors);
    let links = object.list("links", errors, |path, value, errors| {
        let url = text_item(path, value, crate::reader::MAX_URL, errors)?;
        check_url(path, &url, errors).then_some(url)
    });
    FurtherInformation { text, links }
}

fn read_price(object: &Object<'_>, errors: &mut Errors) -> Option<Price> {
    object.deny_unknown(&["amount", "currency"], errors);
    let amount = object.number("amount", errors);
    if amount.is_none() && object.get("amount").is_none() {
        errors.missing("price.amount");
    }
    let currency = object.required_text("currency", 64, errors);
    if let Some(amount) = amount
        && !(0.0..=1_000_000.0).contains(&amount)
    {
        errors.push(
            "price.amount",
            ViolationCode::InvalidValue,
            format!("price must be from 0 to 1,000,000, found {amount}"),
        );
        return None;
    }
    if let Some(currency) = &currency
        && (currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()))
    {
        errors.push(
            "price.currency",
            ViolationCode::InvalidValue,
            format!("`{currency}` is not an ISO 4217 currency code (e.g. EUR)"),
        );
        return None;
    }
    Some(Price {
        amount: amount?,
        currency: currency?,
    })
}
