//! DID resolution without IO: did:key is derived locally, did:web documents are supplied by the caller.

use crate::error::{Error, Result};
use crate::keys::PublicKey;
use serde_json::Value;

/// A verification method as found in a controller (DID) document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationMethod {
    pub id: String,
    pub controller: String,
    pub public_key: PublicKey,
}

/// What a verifier learned about a verification method: its key, and whether the controller
/// document lists it for `assertionMethod`.
#[derive(Debug, Clone)]
pub struct ResolvedMethod {
    pub method: VerificationMethod,
    pub controller_document_id: String,
    pub listed_for_assertion: bool,
}

/// Resolve a verification method URL. `did:key` is resolved locally; anything else is looked up in
/// `documents` (controller documents the caller fetched or stored — this library does no IO).
pub fn resolve_verification_method(method_id: &str, documents: &[Value]) -> Result<ResolvedMethod> {
    let did = method_id.split('#').next().unwrap_or(method_id);
    if let Some(multibase) = did.strip_prefix("did:key:") {
        let public_key = PublicKey::from_multibase(multibase)
            .map_err(|e| Error::InvalidDid(format!("{did}: {e}")))?;
        let fragment = method_id.split_once('#').map(|(_, f)| f);
        if fragment.is_some_and(|f| f != multibase) {
            return Err(Error::InvalidDid(format!(
                "{method_id}: did:key fragment must repeat the key"
            )));
        }
        return Ok(ResolvedMethod {
            method: VerificationMethod {
                id: format!("{did}#{multibase}"),
                controller: did.to_owned(),
                public_key,
            },
            controller_document_id: did.to_owned(),
            listed_for_assertion: true,
        });
    }
    for document in documents {
        if let Some(resolved) = find_in_document(method_id, did, document)? {
            return Ok(resolved);
        }
    }
    Err(Error::InvalidDid(format!(
        "no controller document supplied for {method_id} (did:web and https documents must be given)"
    )))
}

fn find_in_document(
    method_id: &str,
    did: &str,
    document: &Value,
) -> Result<Option<ResolvedMethod>> {
    let document_id = document
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    // A standalone Multikey document (as in the 1EdTech vector) is its own verification method.
    if document_id == method_id && document.get("publicKeyMultibase").is_some() {
        let method = parse_method(document)?;
        return Ok(Some(ResolvedMethod {
            controller_document_id: method.controller.clone(),
            method,
            listed_for_assertion: false,
        }));
    }
    if document_id != did {
        return Ok(None);
    }
    let methods = as_list(document.get("verificationMethod"));
    let assertion = as_list(document.get("assertionMethod"));
    let absolute = |reference: &str| -> String {
        if reference.starts_with('#') {
            format!("{document_id}{reference}")
        } else {
            reference.to_owned()
        }
    };
    let listed_for_assertion = assertion.iter().any(|entry| match entry {
        Value::String(reference) => absolute(reference) == method_id,
        Value::Object(_) => {
            entry
                .get("id")
                .and_then(Value::as_str)
                .map(absolute)
                .as_deref()
                == Some(method_id)
        }
        _ => false,
    });
    let embedded = methods
        .iter()
        .chain(assertion.iter())
        .filter(|entry| entry.is_object());
    for entry in embedded {
        let id = entry.get("id").and_then(Value::as_str).map(absolute);
        if id.as_deref() == Some(method_id) {
            let mut method = parse_method(entry)?;
            method.id = method_id.to_owned();
            return Ok(Some(ResolvedMethod {
                method,
                controller_document_id: document_id.to_owned(),
                listed_for_assertion,
            }));
        }
    }
    Ok(None)
}

fn parse_method(entry: &Value) -> Result<VerificationMethod> {
    let field = |name: &str| entry.get(name).and_then(Value::as_str).map(str::to_owned);
    let id =
        field("id").ok_or_else(|| Error::InvalidDid("verification method without id".into()))?;
    let controller =
        field("controller").ok_or_else(|| Error::InvalidDid(format!("{id}: no controller")))?;
    let multibase = field("publicKeyMultibase")
        .ok_or_else(|| Error::InvalidDid(format!("{id}: no publicKeyMultibase")))?;
    let public_key = PublicKey::from_multibase(&multibase)?;
    Ok(VerificationMethod {
        id,
        controller,
        public_key,
    })
}

fn as_list(value: Option<&Value>) -> Vec<Value> {
    match value {
        Some(Value::Array(items)) => items.clone(),
        Some(other) => vec![other.clone()],
        None => Vec::new(),
    }
}

/// The `did:web` of a path under a host: `did:web:{host}:{segments…}`, the port's colon
/// percent-encoded as the did:web method requires (`localhost:8080` → `localhost%3A8080`).
pub fn did_web(host: &str, segments: &[&str]) -> String {
    let mut did = format!("did:web:{}", host.replace(':', "%3A"));
    for segment in segments {
        did.push(':');
        did.push_str(segment);
    }
    did
}

/// A key in a DID document: its fragment (`key-1`) and public key. Retired keys stay listed so
/// that credentials signed before a rotation keep verifying.
#[derive(Debug, Clone)]
pub struct DocumentKey {
    pub fragment: String,
    pub public_key: PublicKey,
}

/// A DID document listing `keys` as Multikey verification methods, each usable for assertion.
pub fn did_document(did: &str, keys: &[DocumentKey]) -> Value {
    let methods: Vec<Value> = keys
        .iter()
        .map(|key| {
            serde_json::json!({
                "id": format!("{did}#{}", key.fragment),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.public_key.to_multibase(),
            })
        })
        .collect();
    let references: Vec<Value> = keys
        .iter()
        .map(|key| Value::String(format!("{did}#{}", key.fragment)))
        .collect();
    serde_json::json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": references,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod document_tests {
    use super::*;
    use crate::keys::KeyPair;

    #[test]
    fn did_documents_resolve_every_listed_key_for_assertion() {
        let did = did_web("localhost:8080", &["providers", "demo-school"]);
        assert_eq!(did, "did:web:localhost%3A8080:providers:demo-school");
        let old = KeyPair::from_seed(&[1; 32]).public();
        let new = KeyPair::from_seed(&[2; 32]).public();
        let document = did_document(
            &did,
            &[
                DocumentKey {
                    fragment: "key-1".into(),
                    public_key: old.clone(),
                },
                DocumentKey {
                    fragment: "key-2".into(),
                    public_key: new.clone(),
                },
            ],
        );
        let resolved =
            resolve_verification_method(&format!("{did}#key-1"), std::slice::from_ref(&document))
                .unwrap();
        assert!(resolved.listed_for_assertion);
        assert_eq!(resolved.method.public_key, old);
        let resolved =
            resolve_verification_method(&format!("{did}#key-2"), std::slice::from_ref(&document))
                .unwrap();
        assert_eq!(resolved.method.public_key, new);
        assert!(resolve_verification_method(&format!("{did}#key-3"), &[document]).is_err());
    }
}
