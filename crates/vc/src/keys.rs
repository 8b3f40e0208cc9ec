//! Ed25519 keys as Multikey (`z6Mk…`), the key-file formats of the W3C and 1EdTech vectors, signing.

use crate::error::{Error, Result};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// Multicodec prefix of an Ed25519 public key (0xed, varint-encoded).
const ED25519_PUB_PREFIX: [u8; 2] = [0xed, 0x01];
/// Multicodec prefix of an Ed25519 private key seed (0x1300, varint-encoded).
const ED25519_PRIV_PREFIX: [u8; 2] = [0x80, 0x26];

/// Decode a base58btc multibase string (`z…`).
pub fn decode_base58btc(multibase: &str) -> Result<Vec<u8>> {
    let body = multibase.strip_prefix('z').ok_or_else(|| {
        Error::InvalidKey(format!(
            "\"{multibase}\" is not base58btc multibase (must start with 'z')"
        ))
    })?;
    // Keys and signatures are under 100 digits; conversion is quadratic in the length.
    if body.len() > MAX_BASE58_DIGITS {
        return Err(Error::InvalidKey(format!(
            "bad base58btc: {} digits, at most {MAX_BASE58_DIGITS} accepted",
            body.len()
        )));
    }
    let mut digits = Vec::with_capacity(body.len());
    for (at, byte) in body.bytes().enumerate() {
        match BASE58_DIGITS.get(usize::from(byte)).copied().flatten() {
            Some(digit) => digits.push(digit),
            None => {
                let character = body[at..].chars().next().unwrap_or_default();
                return Err(Error::InvalidKey(format!(
                    "bad base58btc: {character:?} at byte {at} is not a base58 digit"
                )));
            }
        }
    }
    let zeros = digits.iter().take_while(|&&d| d == 0).count();
    let rest = &digits[zeros..];
    // Little-endian limbs of 32 bits, five digits per pass (58^5 < 2^30): the mirror of
    // `encode_base58btc`, a fifth of the passes of digit-by-digit conversion (bs58 measured
    // ~2 % of verifying a credential, for its proof value).
    let mut limbs: Vec<u64> = Vec::with_capacity(rest.len() * 6 / 32 + 2);
    let head = rest.len() % 5;
    let steps = std::iter::once(&rest[..head])
        .filter(|chunk| !chunk.is_empty())
        .chain(rest[head..].chunks(5));
    for chunk in steps {
        let mut carry = chunk.iter().fold(0u64, |acc, &d| acc * 58 + u64::from(d));
        let multiplier = 58u64.pow(chunk.len() as u32);
        for limb in &mut limbs {
            let value = *limb * multiplier + carry;
            *limb = value & 0xFFFF_FFFF;
            carry = value >> 32;
        }
        while carry > 0 {
            limbs.push(carry & 0xFFFF_FFFF);
            carry >>= 32;
        }
    }
    let mut out = Vec::with_capacity(zeros + limbs.len() * 4);
    out.resize(zeros, 0);
    let mut started = false;
    for limb in limbs.iter().rev() {
        for byte in (*limb as u32).to_be_bytes() {
            started |= byte != 0;
            if started {
                out.push(byte);
            }
        }
    }
    Ok(out)
}

/// Longest base58 text decoded (a 64-byte signature has at most 88 digits, or 64 of `1`).
const MAX_BASE58_DIGITS: usize = 1024;

/// Each byte's base58 digit (`None`: not in the alphabet).
static BASE58_DIGITS: [Option<u8>; 256] = {
    const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut table = [None; 256];
    let mut digit = 0;
    while digit < 58 {
        table[ALPHABET[digit] as usize] = Some(digit as u8);
        digit += 1;
    }
    table
};

/// Encode bytes as base58btc multibase (`z…`).
///
/// Hand-written because it is on the issue path of every credential: converting through limbs of
/// 58^5 takes a fifth of the divisions of digit-by-digit conversion (bs58 measured at ~4% of
/// issuing). Decoding is hand-written the same way; tests check both against `bs58`.
pub fn encode_base58btc(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    const LIMB: u64 = 58 * 58 * 58 * 58 * 58;
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    // Little-endian limbs, each < 58^5; 5 digits of base 58 hold log2(58^5) ≈ 29.3 bits.
    let mut limbs: Vec<u64> = Vec::with_capacity(bytes.len() * 8 / 29 + 2);
    // Three input bytes per pass: limb · 2^24 + carry stays below 2^54, so u64 suffices and the
    // passes over the limbs drop to a third.
    let body = &bytes[zeros..];
    let head = body.len() % 3;
    let steps = std::iter::once((&body[..head], head))
        .filter(|(_, n)| *n > 0)
        .chain(body[head..].chunks(3).map(|c| (c, 3)));
    for (chunk, width) in steps {
        let mut carry = chunk.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let shift = 8 * width as u32;
        for limb in &mut limbs {
            let value = (*limb << shift) + carry;
            *limb = value % LIMB;
            carry = value / LIMB;
        }
        while carry > 0 {
            limbs.push(carry % LIMB);
            carry /= LIMB;
        }
    }
    let mut out = String::with_capacity(limbs.len() * 5 + zeros + 1);
    out.push('z');
    for _ in 0..zeros {
        out.push('1');
    }
    // Most significant limb first, without its leading zero digits; the others in full.
    for (position, &limb) in limbs.iter().rev().enumerate() {
        let mut digits = [0u8; 5];
        let mut value = limb;
        for digit in digits.iter_mut().rev() {
            *digit = ALPHABET[(value % 58) as usize];
            value /= 58;
        }
        let skip = if position == 0 {
            digits.iter().take_while(|&&d| d == b'1').count()
        } else {
            0
        };
        for &digit in &digits[skip..] {
            out.push(digit as char);
        }
    }
    out
}

/// An Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Parse a Multikey `publicKeyMultibase` (`z6Mk…`). Keys parsed before come from a
    /// bounded cache: decoding base58 and decompressing the point cost ~5 µs, 5 % of verifying a
    /// credential, and a verifier sees the same few issuers' keys again and again. The cache
    /// holds only what this function returned for the same text (a pure function of it).
    pub fn from_multibase(multibase: &str) -> Result<Self> {
        static PARSED: std::sync::LazyLock<
            std::sync::Mutex<foldhash::HashMap<Box<str>, PublicKey>>,
        > = std::sync::LazyLock::new(Default::default);
        /// Most keys remembered; the cache starts over when full (an attacker sending new keys
        /// costs itself the parse, never the server memory).
        const REMEMBERED: usize = 1024;
        if let Some(key) = PARSED
            .lock()
            .ok()
            .and_then(|parsed| parsed.get(multibase).cloned())
        {
            return Ok(key);
        }
        let key = Self::parse_multibase(multibase)?;
        if let Ok(mut parsed) = PARSED.lock() {
            if parsed.len() >= REMEMBERED {
                parsed.clear();
            }
            parsed.insert(multibase.into(), key.clone());
        }
        Ok(key)
    }

    fn parse_multibase(multibase: &str) -> Result<Self> {
        let bytes = decode_base58btc(multibase)?;
        let raw = bytes.strip_prefix(&ED25519_PUB_PREFIX).ok_or_else(|| {
            Error::InvalidKey("public key is not an Ed25519 Multikey (0xed01 prefix)".into())
        })?;
        Self::from_bytes(raw)
    }

    pub fn from_bytes(raw: &[u8]) -> Result<Self> {
        let raw: [u8; 32] = raw.try_into().map_err(|_| {
            Error::InvalidKey(format!(
                "Ed25519 public key must be 32 bytes, got {}",
                raw.len()
            ))
        })?;
        VerifyingKey::from_bytes(&raw)
            .map(PublicKey)
            .map_err(|_| Error::InvalidKey("not a valid Ed25519 point".into()))
    }

    /// The Multikey encoding, `z6Mk…`.
    pub fn to_multibase(&self) -> String {
        let mut bytes = Vec::with_capacity(34);
        bytes.extend_from_slice(&ED25519_PUB_PREFIX);
        bytes.extend_from_slice(self.0.as_bytes());
        encode_base58btc(&bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The `did:key` DID of this key.
    pub fn did_key(&self) -> String {
        format!("did:key:{}", self.to_multibase())
    }

    /// The default verification method id for this key: `did:key:z…#z…`.
    pub fn did_key_verification_method(&self) -> String {
        let multibase = self.to_multibase();
        format!("did:key:{multibase}#{multibase}")
    }

    /// Strict verification (rejects small-order keys and non-canonical signatures; RUSTSEC-2022-0093
    /// territory), as a verifier of third-party credentials must.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        let signature = Signature::from_slice(signature).map_err(|_| Error::SignatureMismatch)?;
        self.0
            .verify_strict(message, &signature)
            .map_err(|_| Error::SignatureMismatch)
    }
}

/// An Ed25519 signing key. Debug output never shows the secret.
#[derive(Clone)]
pub struct KeyPair {
    signing: SigningKey,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyPair({})", self.public().to_multibase())
    }
}

/// The key file formats we read: W3C vectors (`publicKeyMultibase` + `privateKeyMultibase`) and the
/// 1EdTech / Digital Bazaar legacy form (`secretKeyMultibase`, seed‖public).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_multibase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key_multibase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key_multibase: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        alias = "secretKeyMultibase_legacy64"
    )]
    pub secret_key_multibase_legacy64: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed_hex: Option<String>,
}

impl KeyPair {
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        KeyPair {
            signing: SigningKey::from_bytes(seed),
        }
    }

    /// Parse a Multikey `privateKeyMultibase` (`z` + base58btc(0x8026 ‖ seed)).
    pub fn from_private_multibase(multibase: &str) -> Result<Self> {
        let bytes = decode_base58btc(multibase)?;
        let seed = bytes.strip_prefix(&ED25519_PRIV_PREFIX).ok_or_else(|| {
            Error::InvalidKey("private key is not an Ed25519 Multikey (0x8026 prefix)".into())
        })?;
        Self::from_seed_slice(seed)
    }

    /// Parse the legacy `secretKeyMultibase` (seed ‖ public key, optionally 0x8026-prefixed); the halves must agree.
    pub fn from_legacy_secret_multibase(multibase: &str) -> Result<Self> {
        let decoded = decode_base58btc(multibase)?;
        // Digital Bazaar's Ed25519VerificationKey2020 writes the 0x8026 prefix before the 64 bytes;
        // older files have none.
        let bytes = match decoded.strip_prefix(&ED25519_PRIV_PREFIX) {
            Some(rest) if decoded.len() == 66 => rest,
            _ => &decoded[..],
        };
        if bytes.len() != 64 {
            return Err(Error::InvalidKey(format!(
                "legacy secret key must be 64 bytes, got {}",
                bytes.len()
            )));
        }
        let pair = Self::from_seed_slice(&bytes[..32])?;
        if pair.public().as_bytes()[..] != bytes[32..] {
            return Err(Error::InvalidKey(
                "legacy secret key: public half does not match the seed".into(),
            ));
        }
        Ok(pair)
    }

    fn from_seed_slice(seed: &[u8]) -> Result<Self> {
        let seed: [u8; 32] = seed.try_into().map_err(|_| {
            Error::InvalidKey(format!("Ed25519 seed must be 32 bytes, got {}", seed.len()))
        })?;
        Ok(Self::from_seed(&seed))
    }

    /// Read a key file (any supported format). If a public key is given too, it must match.
    pub fn from_key_file(file: &KeyFile) -> Result<Self> {
        let pair = if let Some(private) = &file.private_key_multibase {
            Self::from_private_multibase(private)?
        } else if let Some(secret) = file
            .secret_key_multibase
            .as_ref()
            .or(file.secret_key_multibase_legacy64.as_ref())
        {
            Self::from_legacy_secret_multibase(secret)?
        } else if let Some(hex) = &file.seed_hex {
            Self::from_seed_slice(&decode_hex(hex)?)?
        } else {
            return Err(Error::InvalidKey(
                "key file has no privateKeyMultibase, secretKeyMultibase or seedHex".into(),
            ));
        };
        if let Some(public) = &file.public_key_multibase
            && PublicKey::from_multibase(public)? != pair.public()
        {
            return Err(Error::InvalidKey(
                "publicKeyMultibase does not match the private key".into(),
            ));
        }
        Ok(pair)
    }

    /// Parse a key file from JSON bytes.
    pub fn from_key_file_json(bytes: &[u8]) -> Result<Self> {
        let value = crate::json::parse(bytes)?;
        let file: KeyFile = serde_json::from_value(value)
            .map_err(|e| Error::InvalidKey(format!("key file: {e}")))?;
        Self::from_key_file(&file)
    }

    /// The 32-byte secret seed (for sealing at rest; see `keystore`).
    pub fn seed(&self) -> [u8; 32] {
        self.signing.to_bytes()
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key())
    }

    /// The W3C vector key-file form of this key.
    pub fn to_key_file(&self) -> KeyFile {
        let mut private = Vec::with_capacity(34);
        private.extend_from_slice(&ED25519_PRIV_PREFIX);
        private.extend_from_slice(self.signing.as_bytes());
        KeyFile {
            public_key_multibase: Some(self.public().to_multibase()),
            private_key_multibase: Some(encode_base58btc(&private)),
            ..KeyFile::default()
        }
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }
}

pub(crate) fn decode_hex(hex: &str) -> Result<Vec<u8>> {
    let hex = hex.trim();
    if !hex.len().is_multiple_of(2) {
        return Err(Error::InvalidKey("odd-length hex".into()));
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| Error::InvalidKey("invalid hex".into()))
        })
        .collect()
}

pub(crate) fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_keys_are_the_keys_parsed_and_refusals_stay_refusals() {
        // More distinct keys than the cache holds, each asked for twice: every answer is the
        // key itself, across the cache starting over.
        for seed in 0..1100u32 {
            let mut bytes = [0u8; 32];
            bytes[..4].copy_from_slice(&seed.to_le_bytes());
            let public = KeyPair::from_seed(&bytes).public();
            let multibase = public.to_multibase();
            assert_eq!(PublicKey::from_multibase(&multibase).unwrap(), public);
            assert_eq!(PublicKey::from_multibase(&multibase).unwrap(), public);
        }
        // A text that is not a key is refused every time (refusals are not remembered).
        let mut not_ed25519 = vec![0xec, 0x01];
        not_ed25519.extend_from_slice(&[7; 32]);
        let wrong = encode_base58btc(&not_ed25519);
        for _ in 0..2 {
            assert!(PublicKey::from_multibase(&wrong).is_err());
            assert!(PublicKey::from_multibase("z").is_err());
        }
    }

    /// Pseudo-random byte strings of many lengths, with 0, 1 and 3 leading zeros.
    fn random_bytes() -> Vec<Vec<u8>> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut all = Vec::new();
        for length in [0usize, 1, 2, 4, 5, 6, 31, 32, 34, 64, 66, 100] {
            for zeros in [0usize, 1, 3] {
                let mut bytes = vec![0u8; zeros];
                for _ in 0..length {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    bytes.push((state >> 24) as u8);
                }
                all.push(bytes);
            }
        }
        all
    }

    #[test]
    fn base58_decoding_agrees_with_bs58() {
        for bytes in random_bytes() {
            let text = bs58::encode(&bytes).into_string();
            assert_eq!(
                decode_base58btc(&format!("z{text}")).unwrap(),
                bytes,
                "{text}"
            );
            assert_eq!(decode_base58btc(&encode_base58btc(&bytes)).unwrap(), bytes);
        }
        for (text, bytes) in [
            ("z", vec![]),
            ("z1", vec![0]),
            ("z2", vec![1]),
            ("z21", vec![58]),
        ] {
            assert_eq!(decode_base58btc(text).unwrap(), bytes, "{text}");
        }
        let long = format!("z{}", "2".repeat(MAX_BASE58_DIGITS + 1));
        assert!(
            decode_base58btc(&long)
                .unwrap_err()
                .to_string()
                .contains("at most")
        );
        for bad in ["z0", "zO", "zI", "zl", "zab+", "zé", "z ", "abc"] {
            let error = decode_base58btc(bad).unwrap_err().to_string();
            assert!(error.contains("base58"), "{bad}: {error}");
            assert!(bs58::decode(&bad[1..]).into_vec().is_err() || !bad.starts_with('z'));
        }
    }

    #[test]
    fn base58_encoding_agrees_with_bs58() {
        for bytes in random_bytes() {
            let expected = format!("z{}", bs58::encode(&bytes).into_string());
            assert_eq!(encode_base58btc(&bytes), expected, "{bytes:?}");
        }
        assert_eq!(
            encode_base58btc(&[0xff; 64]).len(),
            1 + bs58::encode([0xff; 64]).into_string().len()
        );
    }
}
