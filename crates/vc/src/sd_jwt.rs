//! Selective Disclosure for JWTs (SD-JWT, RFC 9901), the parts the register needs for SD-JWT VC
//! (`dc+sd-jwt`): making salted disclosures of object properties, signing the issuer-signed JWT
//! with the provider's Ed25519 key (`EdDSA`), and, on the verifier's side, splitting a
//! presentation, checking the issuer's signature and replacing each disclosed digest by its
//! claim (RFC 9901 §7.1). The key-binding JWT is checked by the caller, which knows the holder's
//! key algorithms (`app::vp`).
//!
//! Written here rather than taken from a crate: the issuer side is disclosures, SHA-256 digests
//! and one Ed25519 JWS over keys this crate already holds, and the SD-JWT crates of the field
//! (`sd-jwt-payload`) bring their own crypto stack. It is tested against an independent
//! implementation (`@sd-jwt/core`, npm) in the web tests.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::keys::{KeyPair, PublicKey};

/// The digest algorithm of every SD-JWT this register makes (`_sd_alg`).
pub const SD_ALG: &str = "sha-256";
/// Largest SD-JWT (with disclosures and key binding) read.
pub const MAX_LENGTH: usize = 256 * 1024;
/// Most disclosures read in one SD-JWT.
pub const MAX_DISCLOSURES: usize = 256;

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidSdJwt(message.into())
}

/// base64url (no padding) of SHA-256 over the ASCII of `text`: a disclosure's digest and the
/// key-binding JWT's `sd_hash`.
pub fn digest(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(crate::rdfc::sha256(text.as_bytes()))
}

/// A disclosure of the object property `name` with `value`, salted with `salt` (at least 128
/// bits of randomness from the caller): the encoded disclosure and its digest.
pub fn disclosure(salt: &str, name: &str, value: &Value) -> (String, String) {
    let encoded = URL_SAFE_NO_PAD.encode(json!([salt, name, value]).to_string());
    let digest = digest(&encoded);
    (encoded, digest)
}

/// Moves the properties `names` of `object` into disclosures (salts from `salt`), leaving
/// their digests, sorted, in `_sd`. Returns the encoded disclosures.
pub fn conceal(
    object: &mut Map<String, Value>,
    names: &[&str],
    salt: &mut dyn FnMut() -> String,
) -> Vec<String> {
    let mut disclosures = Vec::new();
    let mut digests = Vec::new();
    for name in names {
        if let Some(value) = object.remove(*name) {
            let (encoded, digest) = disclosure(&salt(), name, &value);
            disclosures.push(encoded);
            digests.push(digest);
        }
    }
    if !digests.is_empty() {
        // Sorted, so the order says nothing about which claim a digest hides.
        digests.sort();
        object.insert("_sd".into(), json!(digests));
    }
    disclosures
}

/// A compact JWS signed with Ed25519 (`alg` `EdDSA` is set in `header`).
pub fn sign_jws(header: &Value, payload: &Value, key: &KeyPair) -> String {
    let mut header = header.clone();
    header["alg"] = json!("EdDSA");
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    );
    let signature = key.sign(signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// The issuer-signed JWT and its disclosures joined as an SD-JWT (`jwt~d1~…~dn~`).
pub fn join(jwt: &str, disclosures: &[String]) -> String {
    let mut text = String::from(jwt);
    text.push('~');
    for disclosure in disclosures {
        text.push_str(disclosure);
        text.push('~');
    }
    text
}

/// A JWS split into its decoded header and payload, with what its signature covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Jws {
    pub header: Map<String, Value>,
    pub payload: Map<String, Value>,
    signing_input: String,
    signature: Vec<u8>,
}

impl Jws {
    /// Splits and decodes a compact JWS (nothing is verified yet).
    pub fn parse(compact: &str) -> Result<Jws> {
        let mut parts = compact.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(invalid("a JWT has three dot-separated parts"));
        };
        let object = |part: &str, what: &str| -> Result<Map<String, Value>> {
            let bytes = URL_SAFE_NO_PAD
                .decode(part)
                .map_err(|_| invalid(format!("the JWT's {what} is not base64url")))?;
            match crate::json::parse(&bytes)
                .map_err(|error| invalid(format!("the JWT's {what}: {error}")))?
            {
                Value::Object(map) => Ok(map),
                _ => Err(invalid(format!("the JWT's {what} is not a JSON object"))),
            }
        };
        Ok(Jws {
            header: object(header, "header")?,
            payload: object(payload, "payload")?,
            signing_input: format!("{header}.{payload}"),
            signature: URL_SAFE_NO_PAD
                .decode(signature)
                .map_err(|_| invalid("the JWT's signature is not base64url"))?,
        })
    }

    /// A header member as text.
    pub fn header_text(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// Checks an `EdDSA` (Ed25519) signature with `key`.
    pub fn verify_ed25519(&self, key: &PublicKey) -> Result<()> {
        if self.header_text("alg") != Some("EdDSA") {
            return Err(invalid(format!(
                "the JWT is signed with {:?}; EdDSA is expected",
                self.header.get("alg").unwrap_or(&Value::Null)
            )));
        }
        key.verify(self.signing_input.as_bytes(), &self.signature)
    }
}

/// An SD-JWT as presented: the issuer-signed JWT, the disclosures, and the key-binding JWT
/// when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presentation<'a> {
    pub jwt: &'a str,
    pub disclosures: Vec<&'a str>,
    pub key_binding: Option<&'a str>,
    /// Everything before the key-binding JWT (what `sd_hash` covers).
    pub without_key_binding: &'a str,
}

/// Splits `jwt~d1~…~dn~[kb-jwt]`.
pub fn split(text: &str) -> Result<Presentation<'_>> {
    if text.len() > MAX_LENGTH {
        return Err(Error::InputTooLarge {
            size: text.len(),
            limit: MAX_LENGTH,
        });
    }
    let cut = text
        .rfind('~')
        .ok_or_else(|| invalid("an SD-JWT is `<issuer-signed JWT>~<disclosures>~…`: no `~`"))?;
    let (head, key_binding) = text.split_at(cut + 1);
    let mut parts: Vec<&str> = head.trim_end_matches('~').split('~').collect();
    let jwt = parts.remove(0);
    if parts.len() > MAX_DISCLOSURES {
        return Err(invalid(format!(
            "{} disclosures; at most {MAX_DISCLOSURES} are read",
            parts.len()
        )));
    }
    if parts.iter().any(|part| part.is_empty()) {
        return Err(invalid("an empty disclosure (`~~`)"));
    }
    Ok(Presentation {
        jwt,
        disclosures: parts,
        key_binding: (!key_binding.is_empty()).then_some(key_binding),
        without_key_binding: head,
    })
}

/// A disclosed claim: where it was (the JSON path of its object) and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosed {
    pub path: String,
    pub name: String,
}

struct Decoded {
    digest: String,
    name: Option<String>,
    value: Value,
    used: bool,
}

/// Replaces every digest in `payload` whose disclosure is given by the disclosed claim (RFC
/// 9901 §7.1), removes `_sd`, `_sd_alg` and undisclosed digests, and refuses disclosures that
/// no digest names, digests named twice, and claims that would overwrite one in clear.
pub fn disclose(
    payload: &Map<String, Value>,
    disclosures: &[&str],
) -> Result<(Map<String, Value>, Vec<Disclosed>)> {
    match payload.get("_sd_alg") {
        None => {}
        Some(Value::String(alg)) if alg == SD_ALG => {}
        Some(other) => {
            return Err(invalid(format!(
                "`_sd_alg` is {other}; only sha-256 is accepted"
            )));
        }
    }
    let mut decoded = Vec::with_capacity(disclosures.len());
    for encoded in disclosures {
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| invalid(format!("disclosure `{encoded}` is not base64url")))?;
        let array = match crate::json::parse(&bytes)
            .map_err(|error| invalid(format!("disclosure `{encoded}`: {error}")))?
        {
            Value::Array(array) => array,
            _ => {
                return Err(invalid(format!(
                    "disclosure `{encoded}` is not a JSON array"
                )));
            }
        };
        let (name, value) = match array.as_slice() {
            [Value::String(_), Value::String(name), value] => (Some(name.clone()), value.clone()),
            [Value::String(_), value] => (None, value.clone()),
            _ => {
                return Err(invalid(format!(
                    "disclosure `{encoded}` is not [salt, name, value] or [salt, value]"
                )));
            }
        };
        if matches!(name.as_deref(), Some("_sd" | "...")) {
            return Err(invalid(format!(
                "disclosure `{encoded}` names the reserved claim {name:?}"
            )));
        }
        let digest = digest(encoded);
        if decoded.iter().any(|seen: &Decoded| seen.digest == digest) {
            return Err(invalid(format!("disclosure `{encoded}` is given twice")));
        }
        decoded.push(Decoded {
            digest,
            name,
            value,
            used: false,
        });
    }
    let mut disclosed = Vec::new();
    let mut seen_digests = std::collections::HashSet::new();
    let mut result = payload.clone();
    result.remove("_sd_alg");
    let mut walker = Walker {
        decoded: &mut decoded,
        disclosed: &mut disclosed,
        seen: &mut seen_digests,
    };
    walker.object(&mut result, "$", 0)?;
    if let Some(unused) = decoded.iter().find(|item| !item.used) {
        return Err(invalid(format!(
            "a disclosure (digest {}) is not referenced by the signed JWT",
            unused.digest
        )));
    }
    Ok((result, disclosed))
}

struct Walker<'a> {
    decoded: &'a mut Vec<Decoded>,
    disclosed: &'a mut Vec<Disclosed>,
    seen: &'a mut std::collections::HashSet<String>,
}

const MAX_DEPTH: usize = 32;

impl Walker<'_> {
    fn take(&mut self, digest: &str) -> Result<Option<(Option<String>, Value)>> {
        if !self.seen.insert(digest.to_owned()) {
            return Err(invalid(format!("digest {digest} appears twice")));
        }
        Ok(self
            .decoded
            .iter_mut()
            .find(|item| item.digest == digest)
            .map(|item| {
                item.used = true;
                (item.name.clone(), item.value.clone())
            }))
    }

    fn object(&mut self, object: &mut Map<String, Value>, path: &str, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(invalid("claims nested too deeply"));
        }
        if let Some(digests) = object.remove("_sd") {
            let Value::Array(digests) = digests else {
                return Err(invalid(format!("`_sd` at {path} is not an array")));
            };
            for digest in digests {
                let Value::String(digest) = digest else {
                    return Err(invalid(format!("`_sd` at {path} holds a non-string")));
                };
                match self.take(&digest)? {
                    None => {}
                    Some((Some(name), value)) => {
                        if object.contains_key(&name) {
                            return Err(invalid(format!(
                                "disclosed claim `{name}` at {path} is also given in clear"
                            )));
                        }
                        self.disclosed.push(Disclosed {
                            path: path.to_owned(),
                            name: name.clone(),
                        });
                        object.insert(name, value);
                    }
                    Some((None, _)) => {
                        return Err(invalid(format!(
                            "an array element's disclosure is referenced from `_sd` at {path}"
                        )));
                    }
                }
            }
        }
        for (name, value) in object.iter_mut() {
            self.value(value, &format!("{path}.{name}"), depth + 1)?;
        }
        Ok(())
    }

    fn value(&mut self, value: &mut Value, path: &str, depth: usize) -> Result<()> {
        match value {
            Value::Object(object) => self.object(object, path, depth),
            Value::Array(items) => {
                let mut kept = Vec::with_capacity(items.len());
                for (index, mut item) in std::mem::take(items).into_iter().enumerate() {
                    let digest = match &item {
                        Value::Object(map) if map.len() == 1 => {
                            map.get("...").and_then(Value::as_str).map(str::to_owned)
                        }
                        _ => None,
                    };
                    if let Some(digest) = digest {
                        match self.take(&digest)? {
                            None => continue,
                            Some((None, disclosed)) => item = disclosed,
                            Some((Some(_), _)) => {
                                return Err(invalid(format!(
                                    "an object property's disclosure is referenced as an array element at {path}"
                                )));
                            }
                        }
                    }
                    self.value(&mut item, &format!("{path}[{index}]"), depth + 1)?;
                    kept.push(item);
                }
                *items = kept;
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn salts() -> impl FnMut() -> String {
        let mut counter = 0;
        move || {
            counter += 1;
            format!("salt-{counter}")
        }
    }

    #[test]
    fn the_rfc_example_disclosure_has_the_rfc_digest() {
        // RFC 9901 §4.2.1: ["_26bc4LT-ac6q2KI6cBW5es", "family_name", "Möbius"].
        let encoded = "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0";
        assert_eq!(
            digest(encoded),
            "X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0"
        );
    }

    #[test]
    fn concealed_claims_come_back_only_when_disclosed() {
        let key = KeyPair::from_seed(&[7; 32]);
        let mut subject = Map::new();
        subject.insert("name".into(), json!("Ada Peeters"));
        subject.insert("grade".into(), json!("16/20"));
        subject.insert("ects".into(), json!(3));
        let disclosures = conceal(&mut subject, &["name", "grade"], &mut salts());
        assert_eq!(disclosures.len(), 2);
        assert!(!subject.contains_key("name"));
        let payload = json!({"_sd_alg": "sha-256", "credentialSubject": subject});
        let jwt = sign_jws(&json!({"typ": "dc+sd-jwt"}), &payload, &key);
        let text = join(&jwt, &disclosures[..1]);
        let presentation = split(&text).unwrap();
        assert_eq!(presentation.key_binding, None);
        let jws = Jws::parse(presentation.jwt).unwrap();
        jws.verify_ed25519(&key.public()).unwrap();
        let (claims, disclosed) = disclose(&jws.payload, &presentation.disclosures).unwrap();
        assert_eq!(claims["credentialSubject"]["name"], "Ada Peeters");
        assert!(claims["credentialSubject"].get("grade").is_none());
        assert!(claims["credentialSubject"].get("_sd").is_none());
        assert_eq!(disclosed[0].name, "name");
        assert_eq!(disclosed[0].path, "$.credentialSubject");
        // Another key does not verify; a disclosure that no digest names is refused.
        assert!(
            jws.verify_ed25519(&KeyPair::from_seed(&[8; 32]).public())
                .is_err()
        );
        let (stranger, _) = disclosure("salt-x", "name", &json!("Eve"));
        let error = disclose(&jws.payload, &[stranger.as_str()]).unwrap_err();
        assert!(error.to_string().contains("not referenced"), "{error}");
        // The same disclosure twice is refused.
        let twice = [disclosures[0].as_str(), disclosures[0].as_str()];
        assert!(disclose(&jws.payload, &twice).is_err());
    }

    #[test]
    fn a_disclosure_cannot_overwrite_a_claim_in_clear() {
        let (encoded, digest) = disclosure("s", "ects", &json!(60));
        let payload = json!({"_sd": [digest], "ects": 3});
        let error = disclose(payload.as_object().unwrap(), &[encoded.as_str()]).unwrap_err();
        assert!(error.to_string().contains("also given in clear"), "{error}");
    }

    #[test]
    fn array_elements_can_be_disclosed() {
        let encoded = URL_SAFE_NO_PAD.encode(json!(["s", "NL"]).to_string());
        let payload =
            json!({"nationalities": [{"...": digest(&encoded)}, {"...": "undisclosed"}, "BE"]});
        let (claims, _) = disclose(payload.as_object().unwrap(), &[encoded.as_str()]).unwrap();
        assert_eq!(claims["nationalities"], json!(["NL", "BE"]));
    }

    #[test]
    fn malformed_sd_jwts_are_named() {
        assert!(split("no-tilde").is_err());
        assert!(split("a.b.c~~x~").is_err());
        assert!(Jws::parse("a.b").is_err());
        let payload = json!({"_sd_alg": "md5"});
        assert!(disclose(payload.as_object().unwrap(), &[]).is_err());
        let big = "x".repeat(MAX_LENGTH + 1);
        assert!(matches!(split(&big), Err(Error::InputTooLarge { .. })));
        let presentation = split("h.p.s~d1~kb.jwt.sig").unwrap();
        assert_eq!(presentation.disclosures, vec!["d1"]);
        assert_eq!(presentation.key_binding, Some("kb.jwt.sig"));
        assert_eq!(presentation.without_key_binding, "h.p.s~d1~");
    }
}
