//! Bitstring Status List v1.0: encode/decode (GZIP + multibase base64url), read and set entries,
//! build status-list credentials. Decompression is bounded, so gzip bombs cannot exhaust memory.

use crate::error::{Error, Result};
use crate::graph::Graph;
use crate::terms::{cred, status};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use std::io::{Read, Write};

/// The spec's minimum list length (herd privacy): 16 KiB of bits.
pub const MIN_ENTRIES: usize = 131_072;
/// Largest decoded list accepted: 16 MiB = 134 million entries.
pub const MAX_DECODED_BYTES: usize = 16 * 1024 * 1024;
/// Largest encoded list accepted (a compressed list of random revocations stays far below).
pub const MAX_ENCODED_CHARS: usize = 4 * 1024 * 1024;

/// A decoded bitstring; index 0 is the most significant bit of the first byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitstring {
    bytes: Vec<u8>,
}

impl Bitstring {
    /// A list of `entries` zero bits (rounded up to whole bytes, at least [`MIN_ENTRIES`]).
    pub fn new(entries: usize) -> Self {
        Bitstring {
            bytes: vec![0; entries.max(MIN_ENTRIES).div_ceil(8)],
        }
    }

    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn get(&self, index: usize) -> Result<bool> {
        let byte = self
            .bytes
            .get(index / 8)
            .ok_or_else(|| out_of_range(index, self.len()))?;
        Ok(byte & (0x80 >> (index % 8)) != 0)
    }

    pub fn set(&mut self, index: usize, value: bool) -> Result<()> {
        let len = self.len();
        let byte = self
            .bytes
            .get_mut(index / 8)
            .ok_or_else(|| out_of_range(index, len))?;
        let mask = 0x80 >> (index % 8);
        if value {
            *byte |= mask
        } else {
            *byte &= !mask
        }
        Ok(())
    }

    /// Multibase base64url (`u…`) of the GZIP-compressed bits.
    pub fn encode(&self) -> Result<String> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder
            .write_all(&self.bytes)
            .map_err(|e| Error::InvalidStatusList(e.to_string()))?;
        let compressed = encoder
            .finish()
            .map_err(|e| Error::InvalidStatusList(e.to_string()))?;
        Ok(format!("u{}", URL_SAFE_NO_PAD.encode(compressed)))
    }

    /// Decode an `encodedList`, refusing lists shorter than the minimum or larger than the bound.
    pub fn decode(encoded: &str) -> Result<Self> {
        if encoded.len() > MAX_ENCODED_CHARS {
            return Err(Error::InvalidStatusList(format!(
                "encodedList longer than {MAX_ENCODED_CHARS} characters"
            )));
        }
        let body = encoded.strip_prefix('u').ok_or_else(|| {
            Error::InvalidStatusList("encodedList must be multibase base64url ('u' prefix)".into())
        })?;
        let compressed = URL_SAFE_NO_PAD
            .decode(body.trim_end_matches('='))
            .map_err(|e| Error::InvalidStatusList(format!("bad base64url: {e}")))?;
        let mut bytes = Vec::new();
        let decoder = flate2::read::GzDecoder::new(&compressed[..]);
        // Read one byte past the bound to tell "exactly at the limit" from "over it".
        decoder
            .take(MAX_DECODED_BYTES as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::InvalidStatusList(format!("bad GZIP data: {e}")))?;
        if bytes.len() > MAX_DECODED_BYTES {
            return Err(Error::InvalidStatusList(format!(
                "decoded list exceeds {MAX_DECODED_BYTES} bytes"
            )));
        }
        if bytes.len() * 8 < MIN_ENTRIES {
            return Err(Error::InvalidStatusList(format!(
                "list has {} entries, at least {MIN_ENTRIES} required",
                bytes.len() * 8
            )));
        }
        Ok(Bitstring { bytes })
    }
}

fn out_of_range(index: usize, len: usize) -> Error {
    Error::InvalidStatusList(format!("index {index} outside the list of {len} entries"))
}

/// An unsigned `BitstringStatusListCredential` (sign it with [`crate::proof::sign`]).
pub fn status_list_credential(
    id: &str,
    issuer: &str,
    purpose: &str,
    valid_from: &str,
    list: &Bitstring,
) -> Result<Value> {
    Ok(json!({
        "@context": [crate::contexts::CREDENTIALS_V2],
        "id": id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": format!("{id}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": list.encode()?,
        }
    }))
}

/// A status entry as signed in a credential's `credentialStatus` (read by
/// [`crate::signed::SignedCredential::status_entries`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusEntry {
    pub purpose: String,
    pub index: usize,
    pub list_credential: String,
}

/// What a verified status-list credential's signed graph says: its purpose and its decoded
/// bits — read once per list, then asked for any number of entries (decoding 16 KiB of gzip for
/// every credential checked against a list the register keeps was a verification's largest
/// cost after its signature).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedList {
    purpose: String,
    bits: Bitstring,
}

impl SignedList {
    /// Reads the list credential `name` (for messages) from its signed graph.
    pub fn read(list: &Graph, name: &str) -> Result<SignedList> {
        let root = list.root();
        if !list.has_type(root, status::LIST_CREDENTIAL_TYPE) {
            return Err(Error::InvalidStatusList(format!(
                "{name} is not a BitstringStatusListCredential"
            )));
        }
        let subject = match list.single(root, cred::CREDENTIAL_SUBJECT) {
            Ok(Some(subject)) => subject.node().ok_or_else(|| {
                Error::InvalidStatusList("the list's credentialSubject is not a list".into())
            })?,
            Ok(None) => {
                return Err(Error::InvalidStatusList(
                    "status list credential has no credentialSubject".into(),
                ));
            }
            Err(count) => {
                return Err(Error::InvalidStatusList(format!(
                    "status list credential has {count} subjects"
                )));
            }
        };
        let one_text = |predicate: &str, name: &str| -> Result<String> {
            match list.single(subject, predicate) {
                Ok(Some(object)) => object
                    .literal()
                    .map(|literal| literal.value.clone())
                    .ok_or_else(|| Error::InvalidStatusList(format!("{name} is not a value"))),
                Ok(None) => Err(Error::InvalidStatusList(format!("no {name}"))),
                Err(count) => Err(Error::InvalidStatusList(format!(
                    "{count} values of {name}"
                ))),
            }
        };
        let purpose = one_text(status::PURPOSE, "statusPurpose")?;
        let bits = Bitstring::decode(&one_text(status::ENCODED_LIST, "encodedList")?)?;
        Ok(SignedList { purpose, bits })
    }

    /// The bit of `entry`, whose purpose must be the list's.
    pub fn entry(&self, entry: &StatusEntry) -> Result<bool> {
        if self.purpose != entry.purpose {
            return Err(Error::InvalidStatusList(format!(
                "list purpose \"{}\" does not match the entry's \"{}\"",
                self.purpose, entry.purpose
            )));
        }
        self.bits.get(entry.index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_zero_is_the_most_significant_bit() {
        let mut list = Bitstring::new(MIN_ENTRIES);
        list.set(0, true).unwrap();
        list.set(9, true).unwrap();
        assert_eq!(list.bytes[0], 0x80);
        assert_eq!(list.bytes[1], 0x40);
        let decoded = Bitstring::decode(&list.encode().unwrap()).unwrap();
        assert!(decoded.get(0).unwrap() && decoded.get(9).unwrap() && !decoded.get(1).unwrap());
        assert!(decoded.get(MIN_ENTRIES).is_err());
    }

    #[test]
    fn gzip_bomb_is_refused_in_bounded_memory() {
        let bomb = Bitstring {
            bytes: vec![0; MAX_DECODED_BYTES + 1024],
        };
        let encoded = bomb.encode().unwrap();
        assert!(
            encoded.len() < 100_000,
            "compresses well: {}",
            encoded.len()
        );
        let error = Bitstring::decode(&encoded).unwrap_err();
        assert_eq!(error.code(), "invalid_status_list");
    }

    #[test]
    fn short_lists_are_refused() {
        let short = Bitstring {
            bytes: vec![0; 100],
        };
        assert!(Bitstring::decode(&short.encode().unwrap()).is_err());
    }
}
