//! What a micro-credential is issued from: the learner, the assessment outcome and the bundle of
//! offering, providers and status entries that the credential engine renders and signs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ValidationErrors, ViolationCode};
use crate::reader::{Errors, MAX_SHORT_TEXT, Object};

/// Annex I "identification of the learner": a name and at least one identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LearnerIdentity {
    pub name: LearnerName,
    #[serde(default)]
    pub email: Option<String>,
    /// The learner's number in the provider's student administration.
    #[serde(default)]
    pub student_number: Option<String>,
    /// A DID the learner controls (`did:method:…`), e.g. of their wallet.
    #[serde(default)]
    pub did: Option<String>,
}

/// Given and family names, or one full name for people whose names do not split that way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum LearnerName {
    Parts {
        given_names: String,
        family_names: String,
    },
    Full {
        full_name: String,
    },
}

impl LearnerName {
    /// The name as printed on the credential.
    pub fn display(&self) -> String {
        match self {
            LearnerName::Parts {
                given_names,
                family_names,
            } => format!("{given_names} {family_names}"),
            LearnerName::Full { full_name } => full_name.clone(),
        }
    }
}

/// Keys that would carry a national identification number: refused by name, so a client that
/// sends one learns why instead of seeing a generic "unknown element" (data minimisation).
const NATIONAL_ID_KEYS: &[&str] = &[
    "national_id",
    "national_id_number",
    "national_identity_number",
    "national_register_number",
    "rijksregisternummer",
];

impl LearnerIdentity {
    /// Reads and validates the `learner` element of an issuance request.
    pub fn from_json(value: &Value) -> Result<LearnerIdentity, ValidationErrors> {
        let mut errors = Errors::default();
        let learner = read_learner("learner", value, &mut errors);
        match learner {
            Some(learner) => {
                learner.check_at("learner", &mut errors);
                errors.into_result(learner)
            }
            None => Err(ValidationErrors(errors.0)),
        }
    }

    /// Checks the rules on a learner built in code.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Errors::default();
        self.check_at("learner", &mut errors);
        errors.into_result(())
    }

    pub(crate) fn check_at(&self, path: &str, errors: &mut Errors) {
        let mut parts: Vec<(&str, &str)> = match &self.name {
            LearnerName::Parts {
                given_names,
                family_names,
            } => vec![("given_names", given_names), ("family_names", family_names)],
            LearnerName::Full { full_name } => vec![("full_name", full_name)],
        };
        if let Some(number) = &self.student_number {
            parts.push(("student_number", number));
        }
        for (key, text) in parts {
            let element = format!("{path}.{key}");
            if text.trim().is_empty() {
                errors.missing(&element);
            } else if text.chars().count() > MAX_SHORT_TEXT || text.chars().any(char::is_control) {
                errors.push(
                    &element,
                    ViolationCode::InvalidValue,
                    format!("at most {MAX_SHORT_TEXT} characters, no control characters"),
                );
            }
        }
        if self.email.is_none() && self.student_number.is_none() && self.did.is_none() {
            errors.push(
                path,
                ViolationCode::MissingElement,
                "the learner needs at least one identifier: `email`, `student_number` or `did`",
            );
        }
        if let Some(email) = &self.email
            && !is_email(email)
        {
            let element = format!("{path}.email");
            errors.push(
                &element,
                ViolationCode::InvalidValue,
                format!("`{email}` is not an e-mail address"),
            );
        }
        if let Some(did) = &self.did
            && !is_did(did)
        {
            let element = format!("{path}.did");
            errors.push(
                &element,
                ViolationCode::InvalidValue,
                format!("`{did}` is not a DID (did:method:identifier, e.g. did:key:z6Mk…)"),
            );
        }
    }
}

fn read_learner(path: &str, value: &Value, errors: &mut Errors) -> Option<LearnerIdentity> {
    let object = Object::new(path, value, errors)?;
    for key in NATIONAL_ID_KEYS {
        if object.get(key).is_some() {
            errors.push(&object.path_of(key), ViolationCode::UnknownElement, "a national identification number is not recorded: identify the learner by e-mail, student number or DID");
        }
    }
    let known = [
        "given_names",
        "family_names",
        "full_name",
        "email",
        "student_number",
        "did",
    ];
    let mut allowed = known.to_vec();
    allowed.extend_from_slice(NATIONAL_ID_KEYS);
    object.deny_unknown(&allowed, errors);
    let given = object.text("given_names", MAX_SHORT_TEXT, errors);
    let family = object.text("family_names", MAX_SHORT_TEXT, errors);
    let full = object.text("full_name", MAX_SHORT_TEXT, errors);
    let name = match (given, family, full) {
        (None, None, Some(full_name)) => LearnerName::Full { full_name },
        (Some(given_names), Some(family_names), None) => LearnerName::Parts {
            given_names,
            family_names,
        },
        (None, None, None) => {
            errors.push(
                &object.path_of("name"),
                ViolationCode::MissingElement,
                "the learner's name is mandatory: `given_names` and `family_names`, or `full_name`",
            );
            return None;
        }
        (_, _, Some(_)) => {
            errors.push(
                &object.path_of("full_name"),
                ViolationCode::InvalidValue,
                "give either `full_name` or `given_names` + `family_names`, not both",
            );
            return None;
        }
        (given, _, None) => {
            let missing = if given.is_none() {
                "given_names"
            } else {
                "family_names"
            };
            errors.push(
                &object.path_of(missing),
                ViolationCode::MissingElement,
                format!("`{missing}` is mandatory with the other name part (or use `full_name`)"),
            );
            return None;
        }
    };
    Some(LearnerIdentity {
        name,
        email: object.text("email", 254, errors),
        student_number: object.text("student_number", 64, errors),
        did: object.text("did", 2_000, errors),
    })
}

fn is_email(email: &str) -> bool {
    email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !email.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

fn is_did(did: &str) -> bool {
    let mut parts = did.splitn(3, ':');
    parts.next() == Some("did")
        && parts.next().is_some_and(|method| {
            !method.is_empty()
                && method
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && parts.next().is_some_and(|rest| {
            !rest.is_empty() && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
        })
}

mod issued;
mod outcome;
pub mod sample;
#[cfg(test)]
mod tests;

pub use issued::{
    CredentialPart, IssuedMicroCredential, StatusEntry, StatusPurpose, is_absolute_iri, is_urn_uuid,
};
pub use outcome::{AssessmentOutcome, AssessmentRoute, Grade};
