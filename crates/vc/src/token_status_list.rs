//! Token Status List (IETF draft-ietf-oauth-status-list): the status of SD-JWT VCs. A list is
//! a byte array of `bits`-wide statuses — entry `i` in byte `i * bits / 8`, the least
//! significant bits first —, ZLIB-compressed and base64url-encoded in a JWT of type
//! `statuslist+jwt`. The register publishes 2-bit lists: 0 valid, 1 invalid (revoked),
//! 2 suspended — one list per Bitstring Status List slot list, at the same indexes.

use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::error::{Error, Result};

/// The status values of the draft's registry that the register uses.
pub const VALID: u8 = 0;
pub const INVALID: u8 = 1;
pub const SUSPENDED: u8 = 2;
/// The JWT type of a status list token.
pub const TYP: &str = "statuslist+jwt";

/// Statuses of `bits` (1, 2, 4 or 8) each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenStatusList {
    bits: u8,
    bytes: Vec<u8>,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::InvalidStatusList(message.into())
}

impl TokenStatusList {
    /// `entries` statuses, all 0 (valid).
    pub fn new(bits: u8, entries: usize) -> Result<Self> {
        if !matches!(bits, 1 | 2 | 4 | 8) {
            return Err(invalid(format!("bits is {bits}; 1, 2, 4 or 8")));
        }
        Ok(TokenStatusList {
            bits,
            bytes: vec![0; (entries * usize::from(bits)).div_ceil(8)],
        })
    }

    pub fn bits(&self) -> u8 {
        self.bits
    }

    pub fn len(&self) -> usize {
        self.bytes.len() * 8 / usize::from(self.bits)
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn place(&self, index: usize) -> Result<(usize, u32, u8)> {
        let bits = usize::from(self.bits);
        let byte = index * bits / 8;
        if byte >= self.bytes.len() {
            return Err(invalid(format!(
                "index {index} outside the list of {} entries",
                self.len()
            )));
        }
        let shift = u32::try_from((index * bits) % 8).unwrap_or(0);
        let mask = u8::try_from((1u16 << self.bits) - 1).unwrap_or(u8::MAX);
        Ok((byte, shift, mask))
    }

    pub fn get(&self, index: usize) -> Result<u8> {
        let (byte, shift, mask) = self.place(index)?;
        Ok((self.bytes[byte] >> shift) & mask)
    }

    pub fn set(&mut self, index: usize, status: u8) -> Result<()> {
        let (byte, shift, mask) = self.place(index)?;
        if status > mask {
            return Err(invalid(format!(
                "status {status} does not fit in {} bits",
                self.bits
            )));
        }
        self.bytes[byte] = (self.bytes[byte] & !(mask << shift)) | (status << shift);
        Ok(())
    }

    /// The `status_list` claim: `{bits, lst}` with `lst` the ZLIB-compressed bytes, base64url.
    pub fn to_claim(&self) -> Result<Value> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder
            .write_all(&self.bytes)
            .map_err(|error| invalid(error.to_string()))?;
        let compressed = encoder
            .finish()
            .map_err(|error| invalid(error.to_string()))?;
        Ok(json!({"bits": self.bits, "lst": URL_SAFE_NO_PAD.encode(compressed)}))
    }

    /// Reads a `status_list` claim, its decompressed size bounded (ZLIB bombs).
    pub fn from_claim(claim: &Value) -> Result<Self> {
        let bits = claim
            .get("bits")
            .and_then(Value::as_u64)
            .and_then(|bits| u8::try_from(bits).ok())
            .ok_or_else(|| invalid("`status_list.bits` is missing or not a small number"))?;
        let lst = claim
            .get("lst")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("`status_list.lst` is missing"))?;
        if lst.len() > crate::status_list::MAX_ENCODED_CHARS {
            return Err(invalid("`status_list.lst` is too long"));
        }
        let compressed = URL_SAFE_NO_PAD
            .decode(lst)
            .map_err(|_| invalid("`status_list.lst` is not base64url"))?;
        let limit = crate::status_list::MAX_DECODED_BYTES;
        let mut bytes = Vec::new();
        flate2::read::ZlibDecoder::new(&compressed[..])
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| invalid(format!("`status_list.lst` is not ZLIB data: {error}")))?;
        if bytes.len() > limit {
            return Err(invalid(format!("the list exceeds {limit} bytes")));
        }
        let mut list = TokenStatusList::new(bits, 0)?;
        list.bytes = bytes;
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drafts_example_encodes_as_published() {
        // draft-ietf-oauth-status-list §4.1: 1-bit statuses 1,0,0,1,1,1,0,1, 1,1,0,0,0,1,0,1
        // are the bytes 0xB9 0xA3, "eNrbuRgAAhcBXQ" compressed (any DEFLATE level decodes).
        let mut list = TokenStatusList::new(1, 16).unwrap();
        for (index, status) in [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
            .into_iter()
            .enumerate()
        {
            list.set(index, status).unwrap();
        }
        assert_eq!(list.bytes, vec![0xB9, 0xA3]);
        let read =
            TokenStatusList::from_claim(&json!({"bits": 1, "lst": "eNrbuRgAAhcBXQ"})).unwrap();
        assert_eq!(read.bytes, vec![0xB9, 0xA3]);
        assert_eq!(read.get(0).unwrap(), 1);
        assert_eq!(read.get(1).unwrap(), 0);
    }

    #[test]
    fn two_bit_statuses_round_trip() {
        let mut list = TokenStatusList::new(2, 131_072).unwrap();
        list.set(0, INVALID).unwrap();
        list.set(5, SUSPENDED).unwrap();
        list.set(131_071, INVALID).unwrap();
        let read = TokenStatusList::from_claim(&list.to_claim().unwrap()).unwrap();
        assert_eq!(read.get(0).unwrap(), INVALID);
        assert_eq!(read.get(4).unwrap(), VALID);
        assert_eq!(read.get(5).unwrap(), SUSPENDED);
        assert_eq!(read.get(131_071).unwrap(), INVALID);
        assert!(read.get(131_072).is_err());
        assert!(list.set(1, 4).is_err());
        assert!(TokenStatusList::new(3, 8).is_err());
    }

    #[test]
    fn hostile_lists_are_refused() {
        assert!(TokenStatusList::from_claim(&json!({"bits": 2})).is_err());
        assert!(TokenStatusList::from_claim(&json!({"bits": 2, "lst": "!!"})).is_err());
        assert!(TokenStatusList::from_claim(&json!({"bits": 2, "lst": "AAAA"})).is_err());
        // A ZLIB bomb: 17 MiB of zeros compress to a few KiB.
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![0; 17 * 1024 * 1024]).unwrap();
        let bomb = URL_SAFE_NO_PAD.encode(encoder.finish().unwrap());
        let error = TokenStatusList::from_claim(&json!({"bits": 1, "lst": bomb})).unwrap_err();
        assert!(error.to_string().contains("exceeds"), "{error}");
    }
}
