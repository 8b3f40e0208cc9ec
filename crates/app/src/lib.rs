//! Use cases of the register and who may perform them. The only place business rules live:
//! handlers and the CLI parse input, call one use case here, and render what it returns.

pub mod auth;
pub mod catalogue;
pub mod clock;
pub mod demo;
pub mod error;
pub mod providers;
pub mod tokens;

use std::sync::{Arc, Mutex};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub use auth::{PlatformAdmin, Principal, ProviderAdmin};
pub use clock::{Clock, FixedClock};
pub use error::{AppError, AppResult};
pub use store::{Backend, SqlStore, Store, StoreOptions};

/// The register: its store, its clock and its source of randomness.
pub struct App<S: Store = SqlStore> {
    pub store: S,
    clock: Arc<dyn Clock>,
    rng: Mutex<StdRng>,
}

impl<S: Store> App<S> {
    /// `rng_seed` comes from the OS at the binary's edge (tokens are secrets) and is fixed in tests.
    pub fn new(store: S, clock: Arc<dyn Clock>, rng_seed: [u8; 32]) -> App<S> {
        App {
            store,
            clock,
            rng: Mutex::new(StdRng::from_seed(rng_seed)),
        }
    }

    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// `bytes` random bytes, hex-encoded.
    pub(crate) fn random_hex(&self, bytes: usize) -> String {
        let mut buffer = vec![0u8; bytes];
        match self.rng.lock() {
            Ok(mut rng) => rng.fill_bytes(&mut buffer),
            Err(poisoned) => poisoned.into_inner().fill_bytes(&mut buffer),
        }
        hex::encode(buffer)
    }
}

/// SHA-256 of a secret, hex-encoded: what the store keeps instead of the secret.
pub fn secret_hash(secret: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(secret.as_bytes()))
}
