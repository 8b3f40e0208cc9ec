//! The `jwt` proof of possession of OpenID4VCI 1.0 (§8.2.1.1): a JWT of type
//! `openid4vci-proof+jwt`, signed by the holder's key — named by a `did:key` (Ed25519) or
//! `did:jwk` in `kid`, or given as `jwk` —, for this issuer (`aud`), with a nonce this issuer
//! gave and a recent `iat`. Asymmetric algorithms only (EdDSA, ES256); the credential is then
//! bound to the proven key's DID.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

/// What a valid proof proves: the holder's DID and public key (as a JWK, for SD-JWT VC's
/// `cnf`) and the nonce it was made with.
#[derive(Debug, Clone, PartialEq)]
pub struct Proven {
    pub holder: String,
    pub jwk: serde_json::Value,
    pub nonce: String,
}

/// How far `iat` may lie from the issuer's clock, in seconds.
const IAT_LEEWAY: i64 = 300;

#[derive(Deserialize)]
struct Claims {
    iat: i64,
    #[serde(default)]
    nonce: Option<String>,
}

/// The key named by the header, the DID the credential is bound to, and the key as a JWK.
fn key_of(
    header: &jsonwebtoken::Header,
) -> Result<(DecodingKey, String, serde_json::Value), String> {
    if let Some(jwk) = &header.jwk {
        let key =
            DecodingKey::from_jwk(jwk).map_err(|error| format!("the proof's jwk: {error}"))?;
        let json = serde_json::to_string(jwk).map_err(|error| error.to_string())?;
        let value = public_jwk(jwk)?;
        return Ok((
            key,
            format!("did:jwk:{}", URL_SAFE_NO_PAD.encode(json)),
            value,
        ));
    }
    let kid = header
        .kid
        .as_deref()
        .ok_or("the proof names no key: give `kid` (did:key or did:jwk) or `jwk`")?;
    let did = kid.split('#').next().unwrap_or(kid);
    if let Some(multibase) = did.strip_prefix("did:key:") {
        let public = vc::keys::PublicKey::from_multibase(multibase)
            .map_err(|error| format!("{did}: {error} (did:key holders use Ed25519 here)"))?;
        let x = URL_SAFE_NO_PAD.encode(public.as_bytes());
        let key = DecodingKey::from_ed_components(&x).map_err(|error| error.to_string())?;
        let jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": x});
        return Ok((key, did.to_owned(), jwk));
    }
    if let Some(encoded) = did.strip_prefix("did:jwk:") {
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| format!("{did} is not a did:jwk (base64url JSON)"))?;
        let jwk: Jwk = serde_json::from_slice(&bytes)
            .map_err(|error| format!("{did} does not hold a JWK: {error}"))?;
        let key = DecodingKey::from_jwk(&jwk).map_err(|error| format!("{did}: {error}"))?;
        return Ok((key, did.to_owned(), public_jwk(&jwk)?));
    }
    Err(format!(
        "`{kid}` is neither a did:key nor a did:jwk; give the key as `jwk` otherwise"
    ))
}

/// A JWK's public members only (a wallet that sent a private member does not get it signed
/// into a credential).
fn public_jwk(jwk: &Jwk) -> Result<serde_json::Value, String> {
    let mut value = serde_json::to_value(jwk).map_err(|error| error.to_string())?;
    if let Some(object) = value.as_object_mut() {
        object.retain(|name, _| matches!(name.as_str(), "kty" | "crv" | "x" | "y" | "n" | "e"));
    }
    Ok(value)
}

/// Checks a `jwt` proof for `audience` (the credential issuer identifier) at `now` (Unix
/// seconds). The error is a sentence for `invalid_proof`.
pub fn verify(jwt: &str, audience: &str, now: i64) -> Result<Proven, String> {
    if jwt.len() > 16 * 1024 {
        return Err("the proof is larger than 16 KiB".to_owned());
    }
    let header = jsonwebtoken::decode_header(jwt).map_err(|error| format!("not a JWT: {error}"))?;
    if header.typ.as_deref() != Some("openid4vci-proof+jwt") {
        return Err(format!(
            "the proof's typ is {:?}; it must be \"openid4vci-proof+jwt\"",
            header.typ.as_deref().unwrap_or("absent")
        ));
    }
    if !matches!(header.alg, Algorithm::EdDSA | Algorithm::ES256) {
        return Err(format!(
            "the proof is signed with {:?}; EdDSA and ES256 are accepted",
            header.alg
        ));
    }
    let (key, holder, jwk) = key_of(&header)?;
    let mut validation = Validation::new(header.alg);
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["aud"]);
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<Claims>(jwt, &key, &validation)
        .map_err(|error| format!("the proof does not hold: {error}"))?
        .claims;
    if (claims.iat - now).abs() > IAT_LEEWAY {
        return Err(format!(
            "the proof was made at {} (Unix time), too far from now ({now})",
            claims.iat
        ));
    }
    let nonce = claims
        .nonce
        .filter(|nonce| !nonce.is_empty())
        .ok_or("the proof carries no nonce: ask the nonce endpoint for one")?;
    Ok(Proven { holder, jwk, nonce })
}
