//! A complete, valid issuance bundle built from the model's sample provider and offering: the
//! starting point of tests; `microcred bench vc` measures a leaner, single-language variant of it.

use serde_json::{Value, json};
use time::macros::datetime;

use super::{
    AssessmentOutcome, IssuedMicroCredential, LearnerIdentity, StatusEntry, StatusPurpose,
};
use crate::records::{Offering, Provider};

pub const PROVIDER_ID: &str = "hogeschool-scheldeland";
pub const REGISTER_URL: &str = "https://register.example.eu";

/// A learner with a name and every kind of identifier.
pub fn learner_json() -> Value {
    json!({
        "given_names": "Jan",
        "family_names": "Peeters",
        "email": "jan.peeters@example.org",
        "student_number": "r0123456",
        "did": "did:key:z6MkoQkQim6VHbgCTV5Yf8xg4WU6iXmGRmUyvRCH5brwmgJi"
    })
}

/// A passed regular assessment with a grade.
pub fn outcome_json() -> Value {
    json!({
        "passed": true,
        "grade": {"value": "B", "scheme": "ECTS grading scale"},
        "assessed_on": "2026-06-19",
        "supervision": "on_site_id_check",
        "route": "regular"
    })
}

/// The sample provider as stored (published).
pub fn provider() -> Result<Provider, String> {
    let mut document = crate::sample::provider_json();
    extend(
        &mut document,
        json!({"id": PROVIDER_ID, "status": "published",
               "created_at": "2026-01-05T09:00:00Z", "updated_at": "2026-01-05T09:00:00Z"}),
    );
    serde_json::from_value(document).map_err(|e| format!("sample provider: {e}"))
}

/// The sample offering as stored (published, version 3).
pub fn offering() -> Result<Offering, String> {
    let mut document = crate::sample::offering_json(PROVIDER_ID);
    extend(
        &mut document,
        json!({"id": "data-analyse-python", "provider_id": PROVIDER_ID, "status": "published",
               "version": 3, "created_at": "2026-01-10T09:00:00Z",
               "updated_at": "2026-03-01T09:00:00Z", "published_at": "2026-01-12T09:00:00Z"}),
    );
    serde_json::from_value(document).map_err(|e| format!("sample offering: {e}"))
}

/// The whole bundle, with a revocation entry in a status list.
pub fn issued() -> Result<IssuedMicroCredential, String> {
    let provider = provider()?;
    Ok(IssuedMicroCredential {
        id: "urn:uuid:2f1d3b8e-5c7a-4e0b-9d62-1a8f3e4c7b90".into(),
        issued_at: datetime!(2026-06-30 12:00:00 UTC),
        valid_from: None,
        valid_until: None,
        register_url: REGISTER_URL.into(),
        issuer: provider.clone(),
        awarding_bodies: vec![provider],
        offering: offering()?,
        learner: LearnerIdentity::from_json(&learner_json()).map_err(|e| e.to_string())?,
        outcome: AssessmentOutcome::from_json(&outcome_json()).map_err(|e| e.to_string())?,
        status: vec![StatusEntry {
            list_url: format!("{REGISTER_URL}/status/{PROVIDER_ID}/1"),
            index: 48_213,
            purpose: StatusPurpose::Revocation,
        }],
        parts: Vec::new(),
    })
}

fn extend(document: &mut Value, fields: Value) {
    if let (Some(target), Value::Object(fields)) = (document.as_object_mut(), fields) {
        target.extend(fields);
    }
}
