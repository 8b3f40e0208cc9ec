//! Provider signing keys at rest: the 32-byte Ed25519 seed sealed with XChaCha20-Poly1305 under
//! the server's master key. The associated data binds a sealed key to its provider and key id,
//! so a sealed key copied to another provider's row does not open. The nonce comes from the
//! caller (this crate has no randomness).

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use crate::error::{Error, Result};
use crate::keys::KeyPair;

/// The server's key-encryption key. Never printed (Debug shows nothing of it).
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("MasterKey(…)")
    }
}

/// Bytes of a sealed key: 24-byte nonce followed by the ciphertext and its 16-byte tag.
pub const SEALED_LEN: usize = 24 + 32 + 16;

impl MasterKey {
    pub fn from_bytes(bytes: [u8; 32]) -> MasterKey {
        MasterKey(bytes)
    }

    /// Reads the master-key file format: 64 hex digits (surrounding whitespace ignored).
    pub fn from_hex(text: &str) -> Result<MasterKey> {
        let text = text.trim();
        let bytes = hex_decode(text).ok_or_else(|| {
            Error::InvalidKey(
                "the master key must be 64 hexadecimal digits (32 bytes); `microcred keys new-master-key` writes one"
                    .into(),
            )
        })?;
        Ok(MasterKey(bytes))
    }

    pub fn to_hex(&self) -> String {
        self.0.iter().map(|byte| format!("{byte:02x}")).collect()
    }

    /// Seals `key`'s seed; `binding` (e.g. "provider-id#key-2") must be given again to open it.
    pub fn seal(&self, key: &KeyPair, binding: &str, nonce: [u8; 24]) -> Result<Vec<u8>> {
        self.seal_bytes(&key.seed(), binding, nonce)
    }

    /// Opens a key sealed by [`MasterKey::seal`] with the same binding.
    pub fn open(&self, sealed: &[u8], binding: &str) -> Result<KeyPair> {
        if sealed.len() != SEALED_LEN {
            return Err(Error::InvalidKey(format!(
                "a sealed key has {SEALED_LEN} bytes, this one {}",
                sealed.len()
            )));
        }
        let seed: [u8; 32] = self
            .open_bytes(sealed, binding)?
            .try_into()
            .map_err(|_| Error::InvalidKey("a sealed key must hold a 32-byte seed".into()))?;
        Ok(KeyPair::from_seed(&seed))
    }

    /// Seals any secret (an OpenID client secret): the nonce, then the ciphertext and its tag.
    pub fn seal_bytes(&self, secret: &[u8], binding: &str, nonce: [u8; 24]) -> Result<Vec<u8>> {
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret,
                    aad: binding.as_bytes(),
                },
            )
            .map_err(|_| Error::InvalidKey(format!("sealing {binding} failed")))?;
        let mut out = Vec::with_capacity(24 + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a secret sealed by [`MasterKey::seal_bytes`] with the same binding.
    pub fn open_bytes(&self, sealed: &[u8], binding: &str) -> Result<Vec<u8>> {
        if sealed.len() < 24 + 16 {
            return Err(Error::InvalidKey(format!(
                "the sealed secret {binding} is too short ({} bytes)",
                sealed.len()
            )));
        }
        let (nonce, ciphertext) = sealed.split_at(24);
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: binding.as_bytes(),
                },
            )
            .map_err(|_| {
                Error::InvalidKey(format!(
                    "the secret {binding} does not open with this master key (wrong master key, or the stored secret was altered)"
                ))
            })
    }
}

fn hex_decode(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (index, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(index * 2..index * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn sealed_keys_open_only_with_their_master_key_and_binding() {
        let master = MasterKey::from_bytes([7; 32]);
        let key = KeyPair::from_seed(&[42; 32]);
        let sealed = master.seal(&key, "provider-a#key-1", [1; 24]).unwrap();
        assert_eq!(sealed.len(), SEALED_LEN);
        let opened = master.open(&sealed, "provider-a#key-1").unwrap();
        assert_eq!(opened.public(), key.public());
        assert!(master.open(&sealed, "provider-b#key-1").is_err());
        assert!(
            MasterKey::from_bytes([8; 32])
                .open(&sealed, "provider-a#key-1")
                .is_err()
        );
        let mut altered = sealed.clone();
        altered[30] ^= 1;
        assert!(master.open(&altered, "provider-a#key-1").is_err());
        assert!(master.open(&sealed[..40], "provider-a#key-1").is_err());
    }

    #[test]
    fn a_sealed_secret_opens_only_with_its_master_key_and_binding() {
        let master = MasterKey::from_bytes([7; 32]);
        let sealed = master
            .seal_bytes(b"client secret", "identity-provider:idp-1", [1; 24])
            .unwrap();
        assert!(!sealed.windows(6).any(|window| window == b"client"));
        assert_eq!(
            master
                .open_bytes(&sealed, "identity-provider:idp-1")
                .unwrap(),
            b"client secret"
        );
        assert!(
            master
                .open_bytes(&sealed, "identity-provider:idp-2")
                .is_err()
        );
        let other = MasterKey::from_bytes([8; 32]);
        assert!(
            other
                .open_bytes(&sealed, "identity-provider:idp-1")
                .is_err()
        );
        let mut altered = sealed.clone();
        *altered.last_mut().unwrap() ^= 1;
        assert!(
            master
                .open_bytes(&altered, "identity-provider:idp-1")
                .is_err()
        );
        assert!(
            master
                .open_bytes(&sealed[..30], "identity-provider:idp-1")
                .is_err()
        );
    }

    #[test]
    fn master_key_files_are_64_hex_digits() {
        let master = MasterKey::from_bytes([0xab; 32]);
        let again = MasterKey::from_hex(&format!("{}\n", master.to_hex())).unwrap();
        assert_eq!(again.0, master.0);
        assert!(MasterKey::from_hex("abc").is_err());
        assert!(MasterKey::from_hex(&"zz".repeat(32)).is_err());
        assert!(!format!("{master:?}").contains("ab"));
    }
}
