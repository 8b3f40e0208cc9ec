//! eddsa-rdfc-2022 reproduced byte for byte: W3C vc-di-eddsa, 1EdTech OB3, reference-generated.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use serde_json::Value;
use vc::keys::{KeyFile, KeyPair};
use vc::proof::{SignOptions, hash_data, parse_proof, sign, verify_signature};

fn check_w3c(dir: &str, unsigned: &str) {
    let processor = common::vectors_processor();
    let key_file: KeyFile =
        serde_json::from_value(common::read_json("vc-di-eddsa/TestVectors/keyPair.json")).unwrap();
    let key = KeyPair::from_key_file(&key_file).unwrap();
    let unsigned = common::read_json(unsigned);
    let config = common::read_json(&format!("{dir}/proofConfigDataInt.json"));
    let data = hash_data(processor, &unsigned, &config).unwrap();
    assert_eq!(
        data.canonical_document,
        common::read_string(&format!("{dir}/canonDocDataInt.txt"))
    );
    assert_eq!(
        data.canonical_proof_config,
        common::read_string(&format!("{dir}/proofCanonDataInt.txt"))
    );
    assert_eq!(
        common::hex(&data.combined_hash),
        common::read_string(&format!("{dir}/combinedHashDataInt.txt")).trim()
    );
    let signature = key.sign(&data.combined_hash);
    assert_eq!(
        common::hex(&signature),
        common::read_string(&format!("{dir}/sigHexDataInt.txt")).trim()
    );
    let signed_vector = common::read_json(&format!("{dir}/signedDataInt.json"));
    let options = SignOptions {
        verification_method: config["verificationMethod"].as_str().unwrap().to_owned(),
        created: config["created"].as_str().unwrap().to_owned(),
    };
    let signed = sign(processor, &unsigned, &key, &options).unwrap();
    assert_eq!(
        signed["proof"]["proofValue"],
        signed_vector["proof"]["proofValue"]
    );
    let parsed = parse_proof(&signed_vector).unwrap();
    verify_signature(processor, &parsed, &key.public()).unwrap();
}

#[test]
fn w3c_eddsa_rdfc_2022_alumni_vector_is_reproduced() {
    check_w3c(
        "vc-di-eddsa/TestVectors/eddsa-rdfc-2022",
        "vc-di-eddsa/TestVectors/unsigned.json",
    );
}

#[test]
fn w3c_eddsa_rdfc_2022_employment_vector_is_reproduced() {
    check_w3c(
        "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ",
        "vc-di-eddsa/TestVectors/employmentAuth.json",
    );
}

#[test]
fn one_edtech_ob3_vector_is_reproduced_with_the_legacy_key() {
    let dir = "openbadges/test-vector-ob3";
    let processor = vc::contexts::processor();
    let key_json = common::read_json(&format!("{dir}/keyPair.json"));
    let key = KeyPair::from_legacy_secret_multibase(
        key_json["secretKeyMultibase_legacy64"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(
        key.public().to_multibase(),
        key_json["publicKeyMultibase"].as_str().unwrap()
    );
    let unsigned = common::read_json(&format!("{dir}/unsigned.json"));
    let proof = common::read_json(&format!("{dir}/proof.json"));
    let options = SignOptions {
        verification_method: proof["verificationMethod"].as_str().unwrap().to_owned(),
        created: proof["created"].as_str().unwrap().to_owned(),
    };
    let signed = sign(processor, &unsigned, &key, &options).unwrap();
    assert_eq!(
        signed["proof"]["proofValue"].as_str().unwrap(),
        common::read_string(&format!("{dir}/proofValue.txt")).trim()
    );
    let parsed = parse_proof(&signed).unwrap();
    let data = hash_data(processor, &parsed.unsecured(), &parsed.config).unwrap();
    assert_eq!(
        data.canonical_document,
        common::read_string(&format!("{dir}/document-canon.txt"))
    );
    assert_eq!(
        data.canonical_proof_config,
        common::read_string(&format!("{dir}/proof-canon.txt"))
    );
    let vector = common::read_json(&format!("{dir}/signed.json"));
    verify_signature(processor, &parse_proof(&vector).unwrap(), &key.public()).unwrap();
}

fn reference_key() -> KeyPair {
    let secret = common::read("reference-generated/sample-key-secret.TEST-ONLY.json");
    KeyPair::from_key_file_json(&secret).unwrap()
}

#[test]
fn reference_generated_sample_is_reproduced_from_its_unsigned_form() {
    let dir = "reference-generated/sample-signed-intermediates";
    let processor = vc::contexts::processor();
    let key = reference_key();
    let unsigned = common::read_json("reference-generated/sample-unsigned.json");
    let expected = common::read_json("reference-generated/sample-signed.json");
    let options = SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: expected["proof"]["created"].as_str().unwrap().to_owned(),
    };
    let signed = sign(processor, &unsigned, &key, &options).unwrap();
    assert_eq!(
        signed, expected,
        "whole signed credential equals the reference"
    );
    let parsed = parse_proof(&signed).unwrap();
    let data = hash_data(processor, &parsed.unsecured(), &parsed.config).unwrap();
    assert_eq!(
        data.canonical_document,
        common::read_string(&format!("{dir}/canonDoc.nq"))
    );
    assert_eq!(
        data.canonical_proof_config,
        common::read_string(&format!("{dir}/canonProof.nq"))
    );
    assert_eq!(
        common::hex(&data.combined_hash),
        common::read_string(&format!("{dir}/combinedHash.txt")).trim()
    );
}

#[test]
fn reference_generated_status_list_and_revoked_sample_verify() {
    let processor = vc::contexts::processor();
    let key = reference_key();
    for file in [
        "sample-status-list.json",
        "sample-revoked-signed.json",
        "sample-signed.json",
    ] {
        let document = common::read_json(&format!("reference-generated/{file}"));
        let parsed = parse_proof(&document).unwrap();
        verify_signature(processor, &parsed, &key.public())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

#[test]
fn one_character_change_to_a_signed_field_fails() {
    let processor = vc::contexts::processor();
    let key = reference_key();
    let signed = common::read_json("reference-generated/sample-signed.json");
    for path in [
        &["name"][..],
        &["credentialSubject", "achievement", "name"],
        &["validFrom"],
        &["issuer", "id"],
    ] {
        let mut tampered = signed.clone();
        let mut slot = &mut tampered;
        for segment in path {
            slot = &mut slot[*segment];
        }
        let original = slot.as_str().unwrap().to_owned();
        let mut changed: Vec<char> = original.chars().collect();
        let last = changed.len() - 1;
        changed[last] = if changed[last] == 'x' { 'y' } else { 'x' };
        *slot = Value::from(changed.into_iter().collect::<String>());
        let parsed = parse_proof(&tampered).unwrap();
        assert!(
            verify_signature(processor, &parsed, &key.public()).is_err(),
            "tampered {path:?} still verifies"
        );
    }
    let mut tampered = signed.clone();
    tampered["credentialSubject"]["creditsEarned"] = Value::from(6);
    assert!(verify_signature(processor, &parse_proof(&tampered).unwrap(), &key.public()).is_err());
    let mut tampered = signed.clone();
    let proof_value = tampered["proof"]["proofValue"]
        .as_str()
        .unwrap()
        .replacen('G', "H", 1);
    tampered["proof"]["proofValue"] = Value::from(proof_value);
    assert!(verify_signature(processor, &parse_proof(&tampered).unwrap(), &key.public()).is_err());
}

#[test]
fn reordered_keys_still_verify() {
    let processor = vc::contexts::processor();
    let key = reference_key();
    let signed = common::read_json("reference-generated/sample-signed.json");
    let Value::Object(map) = &signed else {
        panic!()
    };
    let mut reversed = serde_json::Map::new();
    for (k, v) in map.iter().rev() {
        let v = match v {
            Value::Object(inner) => Value::Object(
                inner
                    .iter()
                    .rev()
                    .map(|(a, b)| (a.clone(), b.clone()))
                    .collect(),
            ),
            other => other.clone(),
        };
        reversed.insert(k.clone(), v);
    }
    let reordered = Value::Object(reversed);
    assert_ne!(
        serde_json::to_string(&reordered).unwrap(),
        serde_json::to_string(&signed).unwrap()
    );
    verify_signature(processor, &parse_proof(&reordered).unwrap(), &key.public()).unwrap();
}

/// Every string leaf outside `@context` and `proof`, as a path of keys and indexes.
fn string_leaves(value: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::String(_) => out.push(path.clone()),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(index.to_string());
                string_leaves(item, path, out);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                if path.is_empty() && (key == "@context" || key == "proof") {
                    continue;
                }
                path.push(key.clone());
                string_leaves(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn leaf<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |slot, segment| match slot {
        Value::Array(items) => &mut items[segment.parse::<usize>().unwrap()],
        other => &mut other[segment.as_str()],
    })
}

#[test]
fn any_one_character_change_to_any_signed_string_fails() {
    let processor = common::vectors_processor();
    for (file, public) in [
        (
            "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json",
            "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        ),
        (
            "openbadges/test-vector-ob3/signed.json",
            "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
        ),
        (
            "reference-generated/sample-signed.json",
            "z6MkoQkQim6VHbgCTV5Yf8xg4WU6iXmGRmUyvRCH5brwmgJi",
        ),
    ] {
        let key = vc::keys::PublicKey::from_multibase(public).unwrap();
        let signed = common::read_json(file);
        verify_signature(processor, &parse_proof(&signed).unwrap(), &key).unwrap();
        let mut leaves = Vec::new();
        string_leaves(&signed, &mut Vec::new(), &mut leaves);
        assert!(leaves.len() > 5, "{file}");
        for path in leaves {
            let mut tampered = signed.clone();
            let slot = leaf(&mut tampered, &path);
            let mut text: Vec<char> = slot.as_str().unwrap().chars().collect();
            let last = text.len().saturating_sub(1);
            match text.get_mut(last) {
                Some(c) => *c = if *c == 'q' { 'r' } else { 'q' },
                None => text.push('q'),
            }
            *slot = Value::from(text.into_iter().collect::<String>());
            let outcome = parse_proof(&tampered)
                .and_then(|parsed| verify_signature(processor, &parsed, &key));
            assert!(outcome.is_err(), "{file}: changing {path:?} still verifies");
        }
    }
}
