//! The response endpoint of OpenID4VP (`direct_post`): the wallet's `vp_token`, verified.

use serde_json::Value;
use store::Store;
use vc::report::{Check, Outcome};

use super::{LDP_VC_QUERY, SD_JWT_QUERY, StoredQuery, VpResult};
use crate::App;
use crate::error::AppError;
use crate::vci::VciError;

/// Largest `vp_token` read.
const MAX_VP_TOKEN: usize = 512 * 1024;

fn invalid(description: impl Into<String>) -> VciError {
    VciError {
        status: 400,
        error: "invalid_request",
        description: description.into(),
    }
}

pub(super) fn check(name: &str, passed: bool, reason: impl Into<String>) -> Check {
    Check {
        check: name.to_owned(),
        outcome: if passed {
            Outcome::Passed
        } else {
            Outcome::Failed
        },
        reason: reason.into(),
        code: None,
    }
}

/// The labels and values a verifier reads, from a credential's (verified or disclosed) JSON in
/// Open Badges 3.0 names, which both formats use.
pub(super) fn claims_of(credential: &Value) -> Vec<(String, String)> {
    let text = |pointer: &str| {
        credential.pointer(pointer).and_then(|value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        })
    };
    let learner = text("/credentialSubject/name").or_else(|| {
        credential
            .pointer("/credentialSubject/identifier")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|identity| identity["identityType"] == "name")
            .and_then(|identity| identity["identityHash"].as_str().map(str::to_owned))
    });
    let eqf = text("/credentialSubject/achievement/eqfLevel")
        .and_then(|iri| iri.rsplit('/').next().map(str::to_owned))
        .filter(|level| level.chars().all(|c| c.is_ascii_digit()));
    [
        ("title", text("/name")),
        ("issuer", text("/issuer/name")),
        ("achievement", text("/credentialSubject/achievement/name")),
        ("ects", text("/credentialSubject/creditsEarned")),
        ("eqf_level", eqf),
        ("assessment_date", text("/credentialSubject/assessmentDate")),
        ("learner", learner),
        ("grade", text("/credentialSubject/result/0/value")),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|value| (label.to_owned(), value)))
    .collect()
}

impl<S: Store> App<S> {
    /// `POST /oid4vp/responses/{id}`: checks the wallet's answer, records the outcome for the
    /// verifier and answers the wallet (`{}`, or OAuth's `invalid_request` saying why).
    pub async fn vp_response(
        &self,
        id: &str,
        form: &[(String, String)],
    ) -> Result<Value, VciError> {
        let field = |name: &str| crate::vci::single_field(form, name).map_err(invalid);
        let now = self.now();
        let request = self
            .store
            .vp_request(id)
            .await
            .map_err(AppError::from)?
            .ok_or_else(|| VciError {
                status: 404,
                ..invalid("no such presentation request")
            })?;
        if request.responded_at.is_some() {
            return Err(invalid(
                "this presentation request was answered already: a presentation is accepted once",
            ));
        }
        if request.expires_at <= now {
            return Err(invalid("this presentation request has expired"));
        }
        if field("state")? != Some(request.state.as_str()) {
            return Err(invalid("`state` does not match the request"));
        }
        if let Some(error) = field("error")? {
            return Err(invalid(format!(
                "the wallet answered with the error `{error}`; nothing to verify"
            )));
        }
        let stored: StoredQuery = serde_json::from_str(&request.query)
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        let token = field("vp_token")?.ok_or_else(|| invalid("`vp_token` is missing"))?;
        if token.len() > MAX_VP_TOKEN {
            return Err(invalid(format!(
                "`vp_token` is larger than {} KiB",
                MAX_VP_TOKEN / 1024
            )));
        }
        let token = vc::json::parse(token.as_bytes())
            .map_err(|error| invalid(format!("`vp_token` is not JSON: {error}")))?;
        let object = token
            .as_object()
            .ok_or_else(|| invalid("`vp_token` is not a JSON object of credential query ids"))?;
        if let Some(unknown) = object
            .keys()
            .find(|key| *key != SD_JWT_QUERY && *key != LDP_VC_QUERY)
        {
            return Err(invalid(format!(
                "`vp_token` answers `{unknown}`, which was not asked"
            )));
        }
        let presentation = |key: &str| {
            object.get(key).map(|value| match value {
                Value::Array(items) if items.len() == 1 => Ok(&items[0]),
                _ => Err(invalid(format!(
                    "`vp_token.{key}` must be an array of one presentation"
                ))),
            })
        };
        let (format, mut checks, credential) =
            match (presentation(SD_JWT_QUERY), presentation(LDP_VC_QUERY)) {
                (Some(sd_jwt), None) => {
                    let text = sd_jwt?
                        .as_str()
                        .ok_or_else(|| invalid("an SD-JWT presentation is a string"))?;
                    let (checks, claims) = self
                        .verify_sd_jwt_presentation(text, &request.nonce, &stored.client_id)
                        .await?;
                    ("dc+sd-jwt", checks, claims)
                }
                (None, Some(ldp)) => {
                    let (checks, credential) = self
                        .verify_ldp_presentation(ldp?, &request.nonce, &stored.client_id)
                        .await?;
                    ("ldp_vc", checks, credential)
                }
                _ => {
                    return Err(invalid(
                        "`vp_token` must answer exactly one of the request's credential queries",
                    ));
                }
            };
        if let Some(credential) = &credential {
            checks.extend(self.asked_for(&stored.query, credential));
        }
        let verified =
            credential.is_some() && checks.iter().all(|check| check.outcome != Outcome::Failed);
        let result = VpResult {
            verified,
            format: format.to_owned(),
            claims: credential.as_ref().map(claims_of).unwrap_or_default(),
            checks,
            answered_at: now,
        };
        let text = serde_json::to_string(&result)
            .map_err(|error| AppError::InvalidState(error.to_string()))?;
        let recorded = self
            .store
            .answer_vp_request(id, now, &text, verified)
            .await
            .map_err(AppError::from)?;
        if !recorded {
            return Err(invalid(
                "this presentation request was answered meanwhile or has expired",
            ));
        }
        if verified {
            Ok(serde_json::json!({}))
        } else {
            let failed: Vec<String> = result
                .checks
                .iter()
                .filter(|check| check.outcome == Outcome::Failed)
                .map(|check| format!("{}: {}", check.check, check.reason))
                .collect();
            Err(invalid(format!(
                "the presentation does not verify — {}",
                failed.join("; ")
            )))
        }
    }

    /// An `ldp_vc` answer: a Verifiable Presentation whose `authentication` proof carries this
    /// request's nonce as challenge and the client identifier as domain, holding one credential
    /// that verifies. The checks, and the credential's JSON when the holder's proof held.
    async fn verify_ldp_presentation(
        &self,
        presentation: &Value,
        nonce: &str,
        client_id: &str,
    ) -> Result<(Vec<Check>, Option<Value>), VciError> {
        let bytes = serde_json::to_vec(presentation).unwrap_or_default();
        let verification = self
            .verify_presentation(&bytes, Some(nonce), Some(client_id))
            .await?;
        let mut checks: Vec<Check> = verification.report.checks.clone();
        if !verification.report.verified {
            return Ok((checks, None));
        }
        let [credential] = verification.credentials.as_slice() else {
            checks.push(check(
                "credential",
                false,
                format!(
                    "the presentation holds {} credentials; one is asked for",
                    verification.credentials.len()
                ),
            ));
            return Ok((checks, None));
        };
        checks.extend(credential.report.checks.iter().cloned());
        let json = verification.report.credentials.first().cloned();
        Ok((checks, json.filter(|_| credential.report.verified)))
    }

    /// The checks of what the verifier asked for, on a verified credential's JSON.
    fn asked_for(&self, query: &super::VpQuery, credential: &Value) -> Vec<Check> {
        let mut checks = Vec::new();
        let issuer = credential
            .get("iss")
            .or_else(|| credential.pointer("/issuer/id"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(provider) = &query.provider {
            let matches = self.issuing().provider_of_did(issuer).as_ref() == Some(provider);
            checks.push(check(
                "asked_provider",
                matches,
                format!("issued by {issuer}; asked: provider `{provider}`"),
            ));
        }
        let achievement = credential
            .pointer("/credentialSubject/achievement/id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(offering) = &query.offering {
            let matches = self.offering_of_achievement(achievement).as_ref() == Some(offering);
            checks.push(check(
                "asked_offering",
                matches,
                format!("achievement {achievement}; asked: offering `{offering}`"),
            ));
        }
        if let Some(level) = query.eqf_level {
            let found = credential
                .pointer("/credentialSubject/achievement/eqfLevel")
                .and_then(Value::as_str)
                .unwrap_or("none");
            checks.push(check(
                "asked_eqf_level",
                found == model::vocab::eqf_iri(level),
                format!("EQF level {found}; asked: level {level}"),
            ));
        }
        // A name or grade not disclosed is shown to the verifier, not failed: the learner
        // chooses what to disclose, and a pass/fail credential has no grade.
        for (asked, name, pointer) in [
            (query.ask_name, "asked_name", "/credentialSubject/name"),
            (query.ask_grade, "asked_grade", "/credentialSubject/result"),
        ] {
            if asked {
                let shown = credential.pointer(pointer).is_some()
                    || (name == "asked_name"
                        && credential
                            .pointer("/credentialSubject/identifier")
                            .is_some());
                checks.push(Check {
                    outcome: if shown {
                        Outcome::Passed
                    } else {
                        Outcome::NotChecked
                    },
                    ..check(
                        name,
                        shown,
                        if shown {
                            "disclosed"
                        } else {
                            "asked for, not disclosed"
                        },
                    )
                });
            }
        }
        checks
    }
}
