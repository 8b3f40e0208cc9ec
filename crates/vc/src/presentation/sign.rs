//! Building a presentation and signing it with the holder's `authentication` proof.

use super::{AUTHENTICATION, PRESENTATION_TYPE, embedded_credentials};
use crate::contexts::CREDENTIALS_V2;
use crate::error::{Error, Result};
use crate::jsonld::Processor;
use crate::keys::{KeyPair, encode_base58btc};
use crate::proof::{CRYPTOSUITE, PROOF_TYPE};
use serde_json::{Map, Value};

/// A presentation by `holder` (a DID) of `credentials`, each embedded as given (with its own
/// `@context` and proof), ready for [`add_authentication_proof`]. With no credentials the
/// presentation has no `verifiableCredential` (it then only authenticates the holder).
pub fn unsigned_presentation(credentials: &[Value], holder: &str) -> Result<Value> {
    let mut map = Map::new();
    map.insert(
        "@context".to_owned(),
        Value::Array(vec![Value::from(CREDENTIALS_V2)]),
    );
    map.insert(
        "type".to_owned(),
        Value::Array(vec![Value::from(PRESENTATION_TYPE)]),
    );
    map.insert("holder".to_owned(), Value::from(holder));
    if !credentials.is_empty() {
        map.insert(
            "verifiableCredential".to_owned(),
            Value::Array(credentials.to_vec()),
        );
    }
    // Checked on the built document, so that signing refuses what verifying would.
    embedded_credentials(&map)?;
    Ok(Value::Object(map))
}

/// Sign `presentation` (which must not carry a proof yet) as its holder: an `eddsa-rdfc-2022`
/// proof with `proofPurpose` `authentication`, the verifier's `challenge` and `domain`, and
/// `created` (an XSD dateTime the caller chooses: no clock here), by `key`'s did:key
/// verification method. The signature covers the whole presentation, embedded credentials and
/// their proofs included.
pub fn add_authentication_proof(
    processor: &Processor,
    presentation: &mut Value,
    key: &KeyPair,
    challenge: &str,
    domain: &str,
    created: &str,
) -> Result<()> {
    let Value::Object(map) = &*presentation else {
        return Err(Error::InvalidCredential(
            "a presentation must be a JSON object".into(),
        ));
    };
    if map.contains_key("proof") {
        return Err(Error::InvalidCredential(
            "the presentation already has a proof".into(),
        ));
    }
    for (name, value) in [("challenge", challenge), ("domain", domain)] {
        if value.is_empty() {
            return Err(Error::InvalidProof(format!(
                "the {name} of a presentation proof must not be empty"
            )));
        }
    }
    let context = map
        .get("@context")
        .cloned()
        .ok_or_else(|| Error::InvalidCredential("the presentation has no @context".into()))?;
    let mut proof = Map::from_iter([
        ("type".to_owned(), Value::from(PROOF_TYPE)),
        ("created".to_owned(), Value::from(created)),
        (
            "verificationMethod".to_owned(),
            Value::from(key.public().did_key_verification_method()),
        ),
        ("cryptosuite".to_owned(), Value::from(CRYPTOSUITE)),
        ("proofPurpose".to_owned(), Value::from(AUTHENTICATION)),
        ("challenge".to_owned(), Value::from(challenge)),
        ("domain".to_owned(), Value::from(domain)),
    ]);
    let mut config = proof.clone();
    config.insert("@context".to_owned(), context);
    // The generic path: the proof-config templates cover only plain assertion proofs.
    let hash = crate::proof::hash_data(processor, presentation, &Value::Object(config))?;
    let signature = key.sign(&hash.combined_hash);
    proof.insert(
        "proofValue".to_owned(),
        Value::from(encode_base58btc(&signature)),
    );
    if let Value::Object(map) = presentation {
        map.insert("proof".to_owned(), Value::Object(proof));
    }
    Ok(())
}

/// A presentation by `holder` (its did:key) of `credentials`, signed for the verifier's
/// `challenge` and `domain` at `created` ([`unsigned_presentation`], then
/// [`add_authentication_proof`]).
pub fn sign_presentation(
    processor: &Processor,
    credentials: &[Value],
    holder: &KeyPair,
    challenge: &str,
    domain: &str,
    created: &str,
) -> Result<Value> {
    let mut presentation = unsigned_presentation(credentials, &holder.public().did_key())?;
    add_authentication_proof(
        processor,
        &mut presentation,
        holder,
        challenge,
        domain,
        created,
    )?;
    Ok(presentation)
}
