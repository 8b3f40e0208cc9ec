//! Open Badges 3.0 rendering of a micro-credential: the domain model's offering, learner and
//! outcome become an unsigned `OpenBadgeCredential` (VC 2.0 + OB 3.0.3 + microcred v1 contexts)
//! with `achievementType: MicroCredential`. OB 3.0 terms carry what OB 3.0 has; every other
//! Annex I element is a microcred v1 term. `docs/annex-i-mapping.md` lists term by term.

mod achievement;
pub(crate) mod text;

use model::credential::{IssuedMicroCredential, LearnerIdentity, StatusEntry};
use model::records::Provider;
use model::vocab::Vocabulary;
use serde_json::{Map, Value, json};

use crate::contexts::{CREDENTIALS_V2, MICROCRED_CONTEXT_V1, OB_V3P0_3_0_3};
pub use text::{number, primary_language, timestamp};

/// The `@context` of every credential we issue, in this order (VC 2.0 must come first).
pub const CONTEXTS: [&str; 3] = [CREDENTIALS_V2, OB_V3P0_3_0_3, MICROCRED_CONTEXT_V1];

/// Render the unsigned credential. `issuer_id` is the DID the issuer signs with (did:web of
/// the provider on a server, did:key offline); the bundle should have passed
/// [`IssuedMicroCredential::validate`] — rendering itself cannot fail.
pub fn render_micro_credential(issued: &IssuedMicroCredential, issuer_id: &str) -> Value {
    let offering = &issued.offering;
    let language = primary_language(offering);
    let achievement = achievement::render(issued, issuer_id, language);
    let mut credential = Map::new();
    credential.insert("@context".into(), json!(CONTEXTS));
    credential.insert("id".into(), json!(issued.id));
    credential.insert(
        "type".into(),
        json!(["VerifiableCredential", "OpenBadgeCredential"]),
    );
    credential.insert(
        "name".into(),
        json!(text::in_language(&offering.content.title, language)),
    );
    credential.insert(
        "issuer".into(),
        profile(&issued.issuer, issuer_id, language),
    );
    // Annex I "date of issuing": validFrom defaults to it; awardedDate keeps it when a
    // credential is issued to become valid later.
    let issued_at = text::timestamp(issued.issued_at);
    credential.insert("awardedDate".into(), json!(issued_at));
    let valid_from = issued.valid_from.map_or(issued_at, text::timestamp);
    credential.insert("validFrom".into(), json!(valid_from));
    if let Some(valid_until) = issued.valid_until {
        credential.insert("validUntil".into(), json!(text::timestamp(valid_until)));
    }
    credential.insert(
        "credentialSubject".into(),
        subject(issued, achievement, issued.offering.content.workload.ects),
    );
    if !issued.parts.is_empty() {
        credential.insert("evidence".into(), evidence(issued));
    }
    match issued.status.as_slice() {
        [] => {}
        [single] => {
            credential.insert("credentialStatus".into(), status_entry(single));
        }
        entries => {
            let entries: Vec<Value> = entries.iter().map(status_entry).collect();
            credential.insert("credentialStatus".into(), Value::Array(entries));
        }
    }
    Value::Object(credential)
}

/// An OB3 `Profile` of a provider: name, web site, country and region (Annex I). OB3 names are
/// one string: the name in the credential's language (as its title), else the best there is.
pub(crate) fn profile(provider: &Provider, id: &str, language: &str) -> Value {
    let content = &provider.content;
    let mut profile = Map::new();
    profile.insert("id".into(), json!(id));
    profile.insert("type".into(), json!(["Profile"]));
    profile.insert(
        "name".into(),
        json!(text::in_language(&content.legal_name, language)),
    );
    if let Some(website) = &content.website {
        profile.insert("url".into(), json!(website));
    }
    let mut address = Map::new();
    address.insert("type".into(), json!(["Address"]));
    address.insert("addressCountryCode".into(), json!(content.country));
    if let Some(region) = &content.region {
        address.insert("addressRegion".into(), json!(region));
    }
    profile.insert("address".into(), Value::Object(address));
    Value::Object(profile)
}

fn subject(issued: &IssuedMicroCredential, achievement: Value, ects: Option<f64>) -> Value {
    let learner = &issued.learner;
    let outcome = &issued.outcome;
    let mut subject = Map::new();
    if let Some(did) = &learner.did {
        subject.insert("id".into(), json!(did));
    }
    subject.insert("type".into(), json!(["AchievementSubject"]));
    subject.insert("identifier".into(), identifiers(learner, &issued.id));
    subject.insert("achievement".into(), achievement);
    // A micro-credential is issued for the whole offering, so the credits earned are the
    // credits available.
    if let Some(ects) = ects {
        subject.insert("creditsEarned".into(), number(ects));
    }
    if let Some(grade) = &outcome.grade {
        subject.insert(
            "result".into(),
            json!([{
                "type": ["Result"],
                "resultDescription": achievement::grade_description_id(issued),
                "value": grade.value,
            }]),
        );
    }
    subject.insert(
        "assessmentDate".into(),
        json!(text::date(outcome.assessed_on)),
    );
    subject.insert("assessmentRoute".into(), json!(outcome.route.iri()));
    if let model::AssessmentRoute::Validation { prior_learning } = outcome.route {
        subject.insert("learningSetting".into(), json!(prior_learning.iri()));
    }
    if let Some(supervision) = outcome.supervision {
        subject.insert("supervisionVerification".into(), json!(supervision.iri()));
    }
    Value::Object(subject)
}

/// The learner as OB3 `IdentityObject`s. The name is plain: Annex I wants the learner
/// identified on the credential itself. E-mail and student number are salted SHA-256 hashes,
/// as OB3 recommends for identifiers with an expectation of privacy: a verifier can confirm a
/// value the learner states without the credential handing it to everyone it is shared with.
/// The salt is the credential's random UUID, so equal values hash differently per credential.
fn identifiers(learner: &LearnerIdentity, credential_id: &str) -> Value {
    let salt = credential_id.trim_start_matches("urn:uuid:");
    let mut identifiers = vec![json!({
        "type": "IdentityObject",
        "identityHash": learner.name.display(),
        "identityType": "name",
        "hashed": false,
    })];
    // E-mail addresses are case-insensitive in practice: hash the lower-case form.
    let email = learner.email.as_deref().map(str::to_lowercase);
    let hashed = [
        (email.as_deref(), "emailAddress"),
        // The student number identifies the learner in the provider's student information
        // system, which is what OB3's `sisSourcedId` names.
        (learner.student_number.as_deref(), "sisSourcedId"),
    ];
    for (value, identity_type) in hashed {
        if let Some(value) = value {
            identifiers.push(json!({
                "type": "IdentityObject",
                "identityHash": identity_hash(value, salt),
                "identityType": identity_type,
                "hashed": true,
                "salt": salt,
            }));
        }
    }
    Value::Array(identifiers)
}

/// OB3 `IdentityHash`: `sha256$` + hex SHA-256 of the value followed by the salt.
pub fn identity_hash(value: &str, salt: &str) -> String {
    let digest = crate::rdfc::sha256(format!("{value}{salt}").as_bytes());
    format!("sha256${}", crate::keys::encode_hex(&digest))
}

/// The parts of a stacked credential as VC `evidence` of OB3 type `Evidence`: each names the
/// part credential by its id, so a verifier can ask for it and check its status.
fn evidence(issued: &IssuedMicroCredential) -> Value {
    issued
        .parts
        .iter()
        .map(|part| {
            let mut evidence = Map::new();
            evidence.insert("id".into(), json!(part.credential_id));
            evidence.insert("type".into(), json!(["Evidence"]));
            evidence.insert("name".into(), json!(part.title));
            evidence.insert("genre".into(), json!(PART_GENRE));
            if let Some(ects) = part.ects {
                evidence.insert(
                    "description".into(),
                    json!(format!("{} ECTS", text::number(ects))),
                );
            }
            Value::Object(evidence)
        })
        .collect()
}

/// The `genre` of a stacked credential's evidence: a credential it is made of.
pub const PART_GENRE: &str = "part credential";

fn status_entry(entry: &StatusEntry) -> Value {
    json!({
        "id": format!("{}#{}", entry.list_url, entry.index),
        "type": "BitstringStatusListEntry",
        "statusPurpose": entry.purpose.code(),
        "statusListIndex": entry.index.to_string(),
        "statusListCredential": entry.list_url,
    })
}
