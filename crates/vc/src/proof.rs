//! Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite: create and verify.

use crate::error::{Error, Result};
use crate::jsonld::{Options, Processor};
use crate::keys::{KeyPair, PublicKey, decode_base58btc, encode_base58btc};
use crate::rdfc::sha256;
use serde_json::{Map, Value};

pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
pub const PROOF_TYPE: &str = "DataIntegrityProof";
pub const ASSERTION_METHOD: &str = "assertionMethod";

/// The entries a Data Integrity proof may have here (each a string).
const PROOF_KEYS: [&str; 11] = [
    "id",
    "type",
    "created",
    "expires",
    "verificationMethod",
    "cryptosuite",
    "proofPurpose",
    "proofValue",
    "domain",
    "challenge",
    "nonce",
];

/// Canonical N-Quads of a JSON-LD document, in safe mode (nothing may be dropped silently).
pub fn canonicalize(processor: &Processor, document: &Value) -> Result<String> {
    canonicalize_skipping(processor, document, None)
}

/// As [`canonicalize`], ignoring one top-level key (the `proof` of a secured document).
pub fn canonicalize_skipping(
    processor: &Processor,
    document: &Value,
    skip_root_key: Option<&str>,
) -> Result<String> {
    let options = Options {
        safe: true,
        skip_root_key,
        ..Options::default()
    };
    let dataset = crate::jsonld::to_rdf(processor, document, &options)?;
    Ok(crate::rdfc::canonicalize(&dataset)?.nquads)
}

/// The intermediate values of a proof, as published in the W3C and 1EdTech test vectors.
#[derive(Debug, Clone)]
pub struct ProofIntermediates {
    pub canonical_proof_config: String,
    pub canonical_document: String,
    /// SHA-256(canonical proof config) ‖ SHA-256(canonical document): the signed bytes.
    pub combined_hash: [u8; 64],
}

/// Compute the hash data for a document (without `proof`) and a proof configuration.
pub fn hash_data(
    processor: &Processor,
    unsecured: &Value,
    proof_config: &Value,
) -> Result<ProofIntermediates> {
    hash_data_skipping(processor, unsecured, None, proof_config)
}

fn hash_data_skipping(
    processor: &Processor,
    document: &Value,
    skip_root_key: Option<&str>,
    proof_config: &Value,
) -> Result<ProofIntermediates> {
    let canonical_proof_config =
        match crate::proof_template::canonical_proof_config(processor, proof_config) {
            Some(fast) => fast,
            None => canonicalize(processor, proof_config)?,
        };
    let canonical_document = canonicalize_skipping(processor, document, skip_root_key)?;
    Ok(combine(canonical_proof_config, canonical_document))
}

/// SHA-256 of the canonical form of a document (safe mode), without joining its lines.
fn document_digest(
    processor: &Processor,
    document: &Value,
    skip_root_key: Option<&str>,
) -> Result<[u8; 32]> {
    let options = Options {
        safe: true,
        skip_root_key,
        ..Options::default()
    };
    crate::jsonld::canonical_digest(processor, document, &options)
}

/// The canonical proof configuration, from the context's template when possible.
fn canonical_config(processor: &Processor, config: &Value) -> Result<String> {
    match crate::proof_template::canonical_proof_config(processor, config) {
        Some(fast) => Ok(fast),
        None => canonicalize(processor, config),
    }
}

fn combined(canonical_proof_config: &str, document_digest: [u8; 32]) -> [u8; 64] {
    let mut combined_hash = [0u8; 64];
    combined_hash[..32].copy_from_slice(&sha256(canonical_proof_config.as_bytes()));
    combined_hash[32..].copy_from_slice(&document_digest);
    combined_hash
}

fn combine(canonical_proof_config: String, canonical_document: String) -> ProofIntermediates {
    let mut combined_hash = [0u8; 64];
    combined_hash[..32].copy_from_slice(&sha256(canonical_proof_config.as_bytes()));
    combined_hash[32..].copy_from_slice(&sha256(canonical_document.as_bytes()));
    ProofIntermediates {
        canonical_proof_config,
        canonical_document,
        combined_hash,
    }
}

/// Parameters of a new proof. `created` is an XSD dateTime chosen by the caller (no clock here).
#[derive(Debug, Clone)]
pub struct SignOptions {
    pub verification_method: String,
    pub created: String,
}

fn proof_skeleton(options: &SignOptions) -> Map<String, Value> {
    Map::from_iter([
        ("type".to_owned(), Value::from(PROOF_TYPE)),
        ("created".to_owned(), Value::from(options.created.clone())),
        (
            "verificationMethod".to_owned(),
            Value::from(options.verification_method.clone()),
        ),
        ("cryptosuite".to_owned(), Value::from(CRYPTOSUITE)),
        ("proofPurpose".to_owned(), Value::from(ASSERTION_METHOD)),
    ])
}

/// A copy of `document` (which must not carry a proof yet) with an `eddsa-rdfc-2022` proof.
pub fn sign(
    processor: &Processor,
    document: &Value,
    key: &KeyPair,
    options: &SignOptions,
) -> Result<Value> {
    let mut signed = document.clone();
    add_proof(processor, &mut signed, key, options)?;
    Ok(signed)
}

/// Compute the proof of `document` and insert it as `proof`, without copying the document.
pub fn add_proof(
    processor: &Processor,
    document: &mut Value,
    key: &KeyPair,
    options: &SignOptions,
) -> Result<()> {
    let Value::Object(map) = &*document else {
        return Err(Error::InvalidCredential(
            "a credential must be a JSON object".into(),
        ));
    };
    if map.contains_key("proof") {
        return Err(Error::InvalidCredential(
            "the document already has a proof".into(),
        ));
    }
    let context = map
        .get("@context")
        .ok_or_else(|| Error::InvalidCredential("the document has no @context".into()))?;
    let mut proof = proof_skeleton(options);
    let fast = crate::proof_template::canonical_for(
        processor,
        context,
        &options.created,
        &options.verification_method,
    );
    let canonical_proof_config = match fast {
        Some(canonical) => canonical,
        None => {
            let mut config = proof.clone();
            config.insert("@context".to_owned(), context.clone());
            canonicalize(processor, &Value::Object(config))?
        }
    };
    let combined_hash = combined(
        &canonical_proof_config,
        document_digest(processor, document, None)?,
    );
    let signature = key.sign(&combined_hash);
    proof.insert(
        "proofValue".to_owned(),
        Value::from(encode_base58btc(&signature)),
    );
    if let Value::Object(map) = document {
        map.insert("proof".to_owned(), Value::Object(proof));
    }
    Ok(())
}

/// A proof taken apart for verification; borrows the secured document instead of copying it.
#[derive(Debug, Clone)]
pub struct ParsedProof<'a> {
    pub verification_method: String,
    pub proof_purpose: String,
    pub created: Option<String>,
    pub signature: Vec<u8>,
    pub config: Value,
    pub secured: &'a Value,
}

impl ParsedProof<'_> {
    /// Why the proof no longer holds at `now` (RFC 3339): its `expires` lies at or before
    /// `now`, or is not a date-time. `None`: no `expires`, no `now`, or not expired.
    pub fn expiry_problem(&self, now: Option<&str>) -> Option<String> {
        let expires = self.config.get("expires")?.as_str()?;
        let Some(at) = crate::time::parse_rfc3339(expires) else {
            return Some(format!(
                "the proof's expires ({expires}) is not an RFC 3339 date-time"
            ));
        };
        let now = crate::time::parse_rfc3339(now?)?;
        (at <= now).then(|| format!("the proof expired at {expires}"))
    }

    /// The document without its proof (a copy; verification itself does not need one).
    pub fn unsecured(&self) -> Value {
        let mut unsecured = self.secured.clone();
        if let Value::Object(map) = &mut unsecured {
            map.remove("proof");
        }
        unsecured
    }

    /// The signed bytes: SHA-256(canonical proof config) ‖ SHA-256(canonical document).
    pub fn combined_hash(&self, processor: &Processor) -> Result<[u8; 64]> {
        let canonical_proof_config = canonical_config(processor, &self.config)?;
        Ok(combined(
            &canonical_proof_config,
            document_digest(processor, self.secured, Some("proof"))?,
        ))
    }

    /// [`Self::combined_hash`] with the document's digest already computed (verification
    /// expands the document once, for its digest and for reading its signed graph).
    pub fn combined_hash_with(&self, processor: &Processor, digest: [u8; 32]) -> Result<[u8; 64]> {
        Ok(combined(
            &canonical_config(processor, &self.config)?,
            digest,
        ))
    }

    /// Hash data of the secured document with its `proof` left out.
    pub fn hash_data(&self, processor: &Processor) -> Result<ProofIntermediates> {
        hash_data_skipping(processor, self.secured, Some("proof"), &self.config)
    }
}

/// Split a secured document into the unsecured document, the proof configuration and signature.
pub fn parse_proof(document: &Value) -> Result<ParsedProof<'_>> {
    let Value::Object(map) = document else {
        return Err(Error::InvalidCredential(
            "a credential must be a JSON object".into(),
        ));
    };
    let proof = match map.get("proof") {
        Some(Value::Object(proof)) => proof,
        Some(Value::Array(_)) => {
            return Err(Error::InvalidProof("proof sets are not supported".into()));
        }
        Some(_) => return Err(Error::InvalidProof("proof must be an object".into())),
        None => return Err(Error::InvalidProof("the document has no proof".into())),
    };
    // The proof is outside the signed document; its configuration is signed, and is read here
    // as plain strings. Anything else in it would be signed but never looked at, or (in another
    // JSON-LD spelling) read differently from what was signed: refuse it.
    if let Some((key, _)) = proof
        .iter()
        .filter(|(key, _)| key.as_str() != "@context")
        .find(|(key, value)| !PROOF_KEYS.contains(&key.as_str()) || !value.is_string())
    {
        return Err(Error::InvalidProof(format!(
            "proof entry \"{key}\" is not one of {} with a string value",
            PROOF_KEYS.join(", ")
        )));
    }
    let field = |name: &str| proof.get(name).and_then(Value::as_str);
    if field("type") != Some(PROOF_TYPE) {
        return Err(Error::InvalidProof(format!(
            "proof type must be {PROOF_TYPE}"
        )));
    }
    if field("cryptosuite") != Some(CRYPTOSUITE) {
        return Err(Error::InvalidProof(format!(
            "cryptosuite must be {CRYPTOSUITE}"
        )));
    }
    let verification_method = field("verificationMethod")
        .ok_or_else(|| Error::InvalidProof("no verificationMethod".into()))?
        .to_owned();
    let proof_purpose = field("proofPurpose")
        .ok_or_else(|| Error::InvalidProof("no proofPurpose".into()))?
        .to_owned();
    let proof_value =
        field("proofValue").ok_or_else(|| Error::InvalidProof("no proofValue".into()))?;
    let signature = decode_base58btc(proof_value)
        .map_err(|_| Error::InvalidProof("proofValue is not base58btc multibase".into()))?;
    if signature.len() != 64 {
        return Err(Error::InvalidProof(format!(
            "signature must be 64 bytes, got {}",
            signature.len()
        )));
    }
    let context = map
        .get("@context")
        .cloned()
        .ok_or_else(|| Error::InvalidCredential("no @context".into()))?;
    let mut config = proof.clone();
    config.remove("proofValue");
    if let Some(proof_context) = config.get("@context")
        && *proof_context != context
    {
        return Err(Error::InvalidProof(
            "the proof's @context differs from the document's".into(),
        ));
    }
    config.insert("@context".to_owned(), context);
    Ok(ParsedProof {
        verification_method,
        proof_purpose,
        created: field("created").map(str::to_owned),
        signature,
        config: Value::Object(config),
        secured: document,
    })
}

/// Verify the signature of a parsed proof with `key`.
pub fn verify_signature(
    processor: &Processor,
    proof: &ParsedProof<'_>,
    key: &PublicKey,
) -> Result<()> {
    key.verify(&proof.combined_hash(processor)?, &proof.signature)
}
