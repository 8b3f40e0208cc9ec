//! The ID token of an OpenID Connect sign-in (OpenID Connect Core 1.0 §3.1.3.7): its JWS
//! signature checked with the provider's published key (`jsonwebtoken` over aws-lc-rs), then
//! every claim against what this login expects, with the register's clock.

use jsonwebtoken::jwk::{Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use time::OffsetDateTime;

/// Clock difference tolerated between the provider and the register.
const LEEWAY_SECONDS: i64 = 60;
/// Longer tokens are refused unread.
const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// What an ID token must match.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub now: OffsetDateTime,
}

/// The claims the register uses, once the token was found valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Flag {
    Bool(bool),
    /// Some providers send `"true"`.
    Text(String),
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: Audience,
    exp: i64,
    iat: i64,
    nonce: Option<String>,
    azp: Option<String>,
    email: Option<String>,
    email_verified: Option<Flag>,
    name: Option<String>,
}

/// Asymmetric algorithms only: `none` and the HMAC family (whose key would be the client
/// secret) are refused.
fn allowed(algorithm: Algorithm) -> bool {
    matches!(
        algorithm,
        Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512
            | Algorithm::ES256
            | Algorithm::ES384
            | Algorithm::EdDSA
    )
}

/// The key of `kid` (or the one signing key there is when the token names none) that may
/// verify `algorithm`.
fn key_for<'a>(
    keys: &'a JwkSet,
    kid: Option<&str>,
    algorithm: Algorithm,
) -> Result<&'a Jwk, String> {
    let usable = |jwk: &&Jwk| {
        !matches!(jwk.common.public_key_use, Some(PublicKeyUse::Encryption))
            && jwk
                .common
                .key_algorithm
                .is_none_or(|stated| same_algorithm(stated, algorithm))
    };
    let candidates: Vec<&Jwk> = match kid {
        Some(kid) => keys
            .keys
            .iter()
            .filter(|jwk| jwk.common.key_id.as_deref() == Some(kid))
            .filter(usable)
            .collect(),
        None => keys.keys.iter().filter(usable).collect(),
    };
    match (candidates.as_slice(), kid) {
        ([one], _) => Ok(one),
        ([], Some(kid)) => Err(format!(
            "the provider publishes no {algorithm:?} signing key `{kid}`"
        )),
        ([], None) => Err(format!(
            "the provider publishes no {algorithm:?} signing key"
        )),
        (_, _) => Err("the token names no key (`kid`) and the provider publishes several".into()),
    }
}

fn same_algorithm(stated: KeyAlgorithm, algorithm: Algorithm) -> bool {
    format!("{stated:?}") == format!("{algorithm:?}")
}

/// Checks `token` and returns who it says signed in; the error is a sentence for the person
/// signing in and the log.
pub fn verify(token: &str, keys: &JwkSet, expected: &Expected<'_>) -> Result<Identity, String> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(format!(
            "the ID token is longer than {MAX_TOKEN_BYTES} bytes"
        ));
    }
    let header = jsonwebtoken::decode_header(token)
        .map_err(|error| format!("the ID token is not a signed JWT ({error})"))?;
    if !allowed(header.alg) {
        return Err(format!(
            "the ID token is signed with {:?}, which is not accepted (an asymmetric algorithm such as RS256, ES256 or EdDSA is)",
            header.alg
        ));
    }
    let jwk = key_for(keys, header.kid.as_deref(), header.alg)?;
    let key = DecodingKey::from_jwk(jwk)
        .map_err(|error| format!("the provider's key cannot be used ({error})"))?;
    // Only the signature here: the claims are checked below with the register's clock.
    let mut validation = Validation::new(header.alg);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|error| format!("the ID token's signature or claims are not valid ({error})"))?
        .claims;
    check_claims(claims, expected)
}

fn check_claims(claims: Claims, expected: &Expected<'_>) -> Result<Identity, String> {
    if claims.iss != expected.issuer {
        return Err(format!(
            "the ID token was issued by `{}`, not by `{}`",
            claims.iss, expected.issuer
        ));
    }
    let audiences = match claims.aud {
        Audience::One(one) => vec![one],
        Audience::Many(many) => many,
    };
    if !audiences
        .iter()
        .any(|audience| audience == expected.client_id)
    {
        return Err(format!(
            "the ID token is meant for {audiences:?}, not for this register (`{}`)",
            expected.client_id
        ));
    }
    match claims.azp.as_deref() {
        Some(party) if party != expected.client_id => {
            return Err(format!(
                "the ID token was given to `{party}`, not to this register"
            ));
        }
        None if audiences.len() > 1 => {
            return Err(
                "the ID token has several audiences and does not say which party it was given to (`azp`)".into(),
            );
        }
        _ => {}
    }
    let now = expected.now.unix_timestamp();
    if claims.exp + LEEWAY_SECONDS <= now {
        return Err("the ID token has expired".into());
    }
    if claims.iat - LEEWAY_SECONDS > now {
        return Err("the ID token is dated in the future".into());
    }
    if claims.nonce.as_deref() != Some(expected.nonce) {
        return Err(
            "the ID token's nonce is not the one this sign-in sent (a replayed or swapped token)"
                .into(),
        );
    }
    let subject = claims.sub;
    if subject.is_empty() || subject.len() > 255 || subject.chars().any(char::is_control) {
        return Err(
            "the ID token's subject (`sub`) is empty, too long or has control characters".into(),
        );
    }
    let email_verified = match claims.email_verified {
        Some(Flag::Bool(verified)) => verified,
        Some(Flag::Text(text)) => text == "true",
        None => false,
    };
    Ok(Identity {
        subject,
        email: claims.email,
        email_verified,
        name: claims.name,
    })
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use serde_json::{Value, json};
    use vc::keys::KeyPair;

    use super::*;

    const ISSUER: &str = "https://idp.example";
    const CLIENT: &str = "microcred";
    const NOW: i64 = 1_800_000_000;

    fn pair(seed: u8) -> KeyPair {
        KeyPair::from_seed(&[seed; 32])
    }

    fn jwks(pair: &KeyPair, kid: &str) -> JwkSet {
        serde_json::from_value(json!({ "keys": [{
            "kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA", "kid": kid,
            "x": B64.encode(pair.public().as_bytes()),
        }]}))
        .unwrap()
    }

    /// A compact JWS of `claims`, signed with `pair` under `header`.
    fn sign(pair: &KeyPair, header: Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            B64.encode(header.to_string()),
            B64.encode(claims.to_string())
        );
        format!("{input}.{}", B64.encode(pair.sign(input.as_bytes())))
    }

    fn claims() -> Value {
        json!({
            "iss": ISSUER, "sub": "person-1", "aud": CLIENT, "exp": NOW + 300, "iat": NOW,
            "nonce": "n-1", "email": "Person@Example.org", "email_verified": true, "name": "A Person",
        })
    }

    fn expected() -> Expected<'static> {
        Expected {
            issuer: ISSUER,
            client_id: CLIENT,
            nonce: "n-1",
            now: OffsetDateTime::from_unix_timestamp(NOW).unwrap(),
        }
    }

    fn check(claims: &Value) -> Result<Identity, String> {
        let key = pair(7);
        let token = sign(&key, json!({"alg": "EdDSA", "kid": "k1"}), claims);
        verify(&token, &jwks(&key, "k1"), &expected())
    }

    fn with(change: impl FnOnce(&mut Value)) -> Value {
        let mut value = claims();
        change(&mut value);
        value
    }

    #[test]
    fn a_valid_token_gives_the_subject_and_verified_address() {
        let identity = check(&claims()).unwrap();
        assert_eq!(identity.subject, "person-1");
        assert_eq!(identity.email.as_deref(), Some("Person@Example.org"));
        assert!(identity.email_verified);
        let text = check(&with(|c| c["email_verified"] = json!("true"))).unwrap();
        assert!(text.email_verified);
        let absent = check(&with(|c| c["email_verified"] = Value::Null)).unwrap();
        assert!(!absent.email_verified);
    }

    #[test]
    fn every_claim_that_does_not_match_is_refused_with_its_reason() {
        let cases: Vec<(Value, &str)> = vec![
            (
                with(|c| c["iss"] = json!("https://other.example")),
                "issued by",
            ),
            (with(|c| c["aud"] = json!("another-client")), "meant for"),
            (with(|c| c["aud"] = json!([CLIENT, "another"])), "azp"),
            (
                with(|c| {
                    c["aud"] = json!([CLIENT, "another"]);
                    c["azp"] = json!("another")
                }),
                "given to",
            ),
            (with(|c| c["exp"] = json!(NOW - 61)), "expired"),
            (with(|c| c["iat"] = json!(NOW + 3600)), "future"),
            (with(|c| c["nonce"] = json!("n-2")), "nonce"),
            (
                with(|c| {
                    c.as_object_mut().unwrap().remove("nonce");
                }),
                "nonce",
            ),
            (with(|c| c["sub"] = json!("")), "subject"),
        ];
        for (claims, reason) in cases {
            let error = check(&claims).unwrap_err();
            assert!(error.contains(reason), "{claims}: {error}");
        }
        // Within the leeway: a token expired 30 s ago still counts (clocks differ).
        assert!(check(&with(|c| c["exp"] = json!(NOW - 30))).is_ok());
    }

    #[test]
    fn a_forged_or_unsigned_token_is_refused() {
        let key = pair(7);
        let keys = jwks(&key, "k1");
        // Signed by another key under the provider's key id.
        let forged = sign(&pair(8), json!({"alg": "EdDSA", "kid": "k1"}), &claims());
        assert!(
            verify(&forged, &keys, &expected())
                .unwrap_err()
                .contains("signature")
        );
        // A claim changed after signing.
        let token = sign(&key, json!({"alg": "EdDSA", "kid": "k1"}), &claims());
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = B64.encode(with(|c| c["sub"] = json!("admin")).to_string());
        assert!(verify(&parts.join("."), &keys, &expected()).is_err());
        // `alg: none` and HMAC (keyed with something public) are not accepted.
        let none = format!(
            "{}.{}.",
            B64.encode(r#"{"alg":"none"}"#),
            B64.encode(claims().to_string())
        );
        assert!(verify(&none, &keys, &expected()).is_err());
        let hmac = format!(
            "{}.{}.AAAA",
            B64.encode(r#"{"alg":"HS256","kid":"k1"}"#),
            B64.encode(claims().to_string())
        );
        assert!(
            verify(&hmac, &keys, &expected())
                .unwrap_err()
                .contains("not accepted")
        );
        // An unknown key id.
        let unknown = sign(&key, json!({"alg": "EdDSA", "kid": "k9"}), &claims());
        assert!(
            verify(&unknown, &keys, &expected())
                .unwrap_err()
                .contains("k9")
        );
        // A key published for another algorithm is not used for this one.
        let rsa_claimed = sign(&key, json!({"alg": "RS256", "kid": "k1"}), &claims());
        assert!(verify(&rsa_claimed, &keys, &expected()).is_err());
        // Oversized and garbage input.
        assert!(
            verify(&"a".repeat(MAX_TOKEN_BYTES + 1), &keys, &expected())
                .unwrap_err()
                .contains("longer")
        );
        assert!(verify("not.a.jwt", &keys, &expected()).is_err());
    }
}
