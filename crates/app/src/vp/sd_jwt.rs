//! Verifying an SD-JWT VC presentation (`dc+sd-jwt`) for OpenID4VP: the issuer's signature by
//! the key its DID document lists, the disclosures against the signed digests, the key-binding
//! JWT by the `cnf` key with this request's nonce and audience and the presented SD-JWT's
//! `sd_hash`, validity, the Token Status List entry, and the register's trust list.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use store::Store;
use vc::report::Check;
use vc::sd_jwt::{Jws, Presentation};

use super::answer::check;
use crate::App;
use crate::vci::VciError;

/// How far a key-binding JWT's `iat` may lie from the register's clock, in seconds.
const KB_LEEWAY: i64 = 300;

fn number(payload: &Map<String, Value>, name: &str) -> Option<i64> {
    payload.get(name).and_then(Value::as_i64)
}

/// Checks the key-binding JWT with the holder's `cnf.jwk`.
fn key_binding(
    presentation: &Presentation<'_>,
    cnf: Option<&Value>,
    nonce: &str,
    client_id: &str,
    now: i64,
) -> Vec<Check> {
    let Some(kb) = presentation.key_binding else {
        return vec![check(
            "holder_binding",
            false,
            "no key-binding JWT: the presentation does not prove the holder's key",
        )];
    };
    let Some(jwk) = cnf
        .and_then(|cnf| cnf.get("jwk"))
        .and_then(|jwk| serde_json::from_value::<jsonwebtoken::jwk::Jwk>(jwk.clone()).ok())
    else {
        return vec![check(
            "holder_binding",
            false,
            "the credential names no holder key (`cnf.jwk`)",
        )];
    };
    let header = match jsonwebtoken::decode_header(kb) {
        Ok(header) => header,
        Err(error) => {
            return vec![check(
                "holder_binding",
                false,
                format!("the key-binding JWT: {error}"),
            )];
        }
    };
    if header.typ.as_deref() != Some("kb+jwt")
        || !matches!(
            header.alg,
            jsonwebtoken::Algorithm::EdDSA | jsonwebtoken::Algorithm::ES256
        )
    {
        return vec![check(
            "holder_binding",
            false,
            format!(
                "the key-binding JWT is typ {:?}, alg {:?}; kb+jwt with EdDSA or ES256 is expected",
                header.typ, header.alg
            ),
        )];
    }
    let claims = jsonwebtoken::DecodingKey::from_jwk(&jwk).and_then(|key| {
        let mut validation = jsonwebtoken::Validation::new(header.alg);
        validation.validate_aud = false;
        validation.validate_exp = false;
        validation.set_required_spec_claims::<&str>(&[]);
        jsonwebtoken::decode::<Map<String, Value>>(kb, &key, &validation)
    });
    let claims = match claims {
        Ok(data) => data.claims,
        Err(error) => {
            return vec![check(
                "holder_binding",
                false,
                format!(
                    "the key-binding JWT is not signed by the credential's holder key: {error}"
                ),
            )];
        }
    };
    let text = |name: &str| claims.get(name).and_then(Value::as_str).unwrap_or_default();
    let iat = number(&claims, "iat").unwrap_or_default();
    let sd_hash = vc::sd_jwt::digest(presentation.without_key_binding);
    vec![
        check(
            "holder_binding",
            true,
            "the key-binding JWT is signed by the holder's key",
        ),
        check(
            "nonce",
            text("nonce") == nonce,
            if text("nonce") == nonce {
                "the nonce is this request's".to_owned()
            } else {
                "the nonce is not this request's: a presentation made for another request (replayed?)".to_owned()
            },
        ),
        check(
            "audience",
            text("aud") == client_id,
            format!("made for `{}`; this verifier is `{client_id}`", text("aud")),
        ),
        check(
            "presented_at",
            (iat - now).abs() <= KB_LEEWAY,
            format!("made at {iat} (Unix time); now {now}"),
        ),
        check(
            "sd_hash",
            text("sd_hash") == sd_hash,
            "the key-binding JWT covers the presented SD-JWT and disclosures",
        ),
    ]
}

impl<S: Store> App<S> {
    /// The checks of an SD-JWT VC presentation, and its disclosed claims when the issuer's
    /// signature and the disclosures hold.
    pub(super) async fn verify_sd_jwt_presentation(
        &self,
        text: &str,
        nonce: &str,
        client_id: &str,
    ) -> Result<(Vec<Check>, Option<Value>), VciError> {
        let now = self.now().unix_timestamp();
        let read = vc::sd_jwt::split(text).and_then(|presentation| {
            let jws = Jws::parse(presentation.jwt)?;
            Ok((presentation, jws))
        });
        let (presentation, jws) = match read {
            Ok(read) => read,
            Err(error) => return Ok((vec![check("format", false, error.to_string())], None)),
        };
        let typ = jws.header_text("typ").unwrap_or_default();
        if typ != "dc+sd-jwt" && typ != "vc+sd-jwt" {
            let reason = format!("the JWT's typ is {typ:?}; dc+sd-jwt is expected");
            return Ok((vec![check("format", false, reason)], None));
        }
        let mut checks = vec![check("format", true, "an SD-JWT VC")];
        let issuer = jws
            .payload
            .get("iss")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let kid = jws.header_text("kid").unwrap_or_default().to_owned();
        let mut notes = Vec::new();
        let documents = self
            .did_documents_for(std::slice::from_ref(&issuer), Some(&kid), &mut notes)
            .await;
        let signature =
            vc::did::resolve_verification_method(&kid, &documents).and_then(|resolved| {
                if resolved.method.controller != issuer || !resolved.listed_for_assertion {
                    return Err(vc::error::Error::InvalidDid(format!(
                        "{kid} is not a key {issuer} lists for issuing"
                    )));
                }
                jws.verify_ed25519(&resolved.method.public_key)
            });
        let signed = signature.is_ok();
        checks.push(check(
            "proof",
            signed,
            match &signature {
                Ok(()) => format!("signed by {kid}"),
                Err(error) => format!("{error} {}", notes.join("; ")),
            },
        ));
        if !signed {
            return Ok((checks, None));
        }
        let (mut claims, _) = match vc::sd_jwt::disclose(&jws.payload, &presentation.disclosures) {
            Ok(disclosed) => disclosed,
            Err(error) => {
                checks.push(check("disclosures", false, error.to_string()));
                return Ok((checks, None));
            }
        };
        checks.push(check(
            "disclosures",
            true,
            format!(
                "{} disclosure(s), each signed for",
                presentation.disclosures.len()
            ),
        ));
        let vct = claims
            .get("vct")
            .and_then(Value::as_str)
            .unwrap_or_default();
        checks.push(check("type", vct == self.vct(), format!("vct `{vct}`")));
        checks.extend(key_binding(
            &presentation,
            claims.get("cnf"),
            nonce,
            client_id,
            now,
        ));
        let not_before = number(&claims, "nbf").is_none_or(|nbf| nbf <= now);
        let not_after = number(&claims, "exp").is_none_or(|exp| exp > now);
        checks.push(check(
            "validity",
            not_before && not_after,
            match (not_before, not_after) {
                (true, true) => "within its validity",
                (false, _) => "not valid yet",
                (_, false) => "expired",
            },
        ));
        checks.push(self.token_status(&claims).await);
        let trusted = self.trusted_among(std::slice::from_ref(&issuer)).await?;
        checks.push(check(
            "issuer_trusted",
            trusted.contains(&issuer),
            format!("{issuer} in the register's trust list"),
        ));
        claims.remove("cnf");
        Ok((checks, Some(Value::Object(claims))))
    }

    /// The credential's entry in its Token Status List (this register's lists only).
    async fn token_status(&self, claims: &Map<String, Value>) -> Check {
        let entry = claims
            .get("status")
            .and_then(|status| status.get("status_list"));
        let index = entry
            .and_then(|entry| entry.get("idx"))
            .and_then(Value::as_u64);
        let uri = entry
            .and_then(|entry| entry.get("uri"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let prefix = format!("{}/status/tokens/", self.vci_issuer());
        let list = uri.strip_prefix(&prefix).and_then(|rest| {
            let (provider, list) = rest.split_once('/')?;
            Some((
                model::ProviderId::parse(provider).ok()?,
                list.parse::<u32>().ok()?,
            ))
        });
        let (Some(index), Some((provider, list))) = (index, list) else {
            return check(
                "status",
                false,
                format!(
                    "no status list of this register (`{uri}`): revocation cannot be ruled out"
                ),
            );
        };
        let status = async {
            let jwt = self.token_status_list(&provider, list).await.ok()?;
            let payload = jwt.split('.').nth(1)?;
            let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
            let payload: Value = serde_json::from_slice(&bytes).ok()?;
            let statuses =
                vc::token_status_list::TokenStatusList::from_claim(&payload["status_list"]).ok()?;
            statuses.get(usize::try_from(index).ok()?).ok()
        }
        .await;
        match status {
            Some(vc::token_status_list::VALID) => check("status", true, "not revoked or suspended"),
            Some(vc::token_status_list::INVALID) => check("status", false, "revoked by its issuer"),
            Some(vc::token_status_list::SUSPENDED) => {
                check("status", false, "suspended by its issuer")
            }
            _ => check(
                "status",
                false,
                format!("the status list `{uri}` could not be read"),
            ),
        }
    }
}
