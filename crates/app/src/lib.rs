//! Use cases of the register and who may perform them. The only place business rules live:
//! handlers and the CLI parse input, call one use case here, and render what it returns.

pub mod accounts;
pub mod auth;
pub mod awards;
pub mod catalogue;
pub mod clock;
pub mod demo;
pub mod error;
pub mod feedback;
pub mod import_file;
pub mod imports;
pub mod issuance;
pub mod jobs;
pub mod learning;
pub mod mail;
pub mod oidc;
pub mod operations;
pub mod own_tokens;
pub mod pathways;
mod pathways_read;
pub mod presentations;
pub mod providers;
pub mod recognition;
mod recognition_views;
pub mod search_params;
pub mod signing;
pub mod statistics;
pub mod status;
pub mod tokens;
pub mod trust;
pub mod vci;
pub mod verification;
pub mod vp;
pub mod wallet;

use std::sync::{Arc, Mutex, OnceLock};

use rand::rngs::StdRng;
use rand::{Rng, RngExt, SeedableRng};

pub use auth::{IssuerRight, LearnerRight, PlatformAdmin, Principal, ProviderAdmin, SignedInWith};
pub use clock::{Clock, FixedClock};
pub use error::{AppError, AppResult};
pub use jobs::Jobs;
pub use signing::IssuingConfig;
pub use store::{
    Backend, CredentialFilter, EnrolmentFilter, Listing, ListingKind, MigrationLock, PageCursor,
    SqlStore, Store, StoreError, StoreOptions,
};

/// The register: its store, its clock and its source of randomness.
pub struct App<S: Store = SqlStore> {
    /// Private: the web server and the CLI reach the register through use cases only.
    store: S,
    clock: Arc<dyn Clock>,
    rng: Mutex<StdRng>,
    issuing: IssuingConfig,
    resolver: Option<Arc<dyn verification::Resolver>>,
    /// Counts of people below it are not published (statistics).
    statistics_threshold: u64,
    /// What OpenID Connect sign-in may fetch, and the client made for it on first use.
    identity_fetch_policy: fetch::FetchPolicy,
    identity_fetcher: OnceLock<Arc<fetch::SafeFetcher>>,
    /// What this process did, for `/metrics`.
    counters: operations::Counters,
    /// This process among the register's servers: the holder's name on its leases.
    instance: OnceLock<String>,
    /// This register's status lists as verified, by URL, with the revision verified.
    checked_lists: verification::CheckedLists,
    /// This register's providers' DID documents as last read (they only grow).
    kept_did_documents: verification::KeptDidDocuments,
}

impl<S: Store> App<S> {
    /// `rng_seed` comes from the OS at the binary's edge (tokens are secrets) and is fixed in tests.
    pub fn new(store: S, clock: Arc<dyn Clock>, rng_seed: [u8; 32]) -> App<S> {
        App {
            store,
            clock,
            rng: Mutex::new(StdRng::from_seed(rng_seed)),
            issuing: IssuingConfig::default(),
            resolver: None,
            statistics_threshold: statistics::DEFAULT_THRESHOLD,
            identity_fetch_policy: fetch::FetchPolicy::default(),
            identity_fetcher: OnceLock::new(),
            counters: operations::Counters::default(),
            instance: OnceLock::new(),
            checked_lists: verification::CheckedLists::default(),
            kept_did_documents: verification::KeptDidDocuments::default(),
        }
    }

    /// Sets the threshold below which the statistics do not show counts of people (at least 1;
    /// 1 shows everything).
    pub fn with_statistics_threshold(mut self, threshold: u64) -> App<S> {
        self.statistics_threshold = threshold.max(1);
        self
    }

    /// Whether the register holds nothing yet (the demo seeds only an empty one).
    pub async fn is_empty(&self) -> AppResult<bool> {
        Ok(self.store.is_empty().await?)
    }

    /// Sets where the register is reachable and the master key that seals signing keys.
    pub fn with_issuing(mut self, issuing: IssuingConfig) -> App<S> {
        self.issuing = issuing;
        self
    }

    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// `bytes` random bytes, hex-encoded.
    pub(crate) fn random_hex(&self, bytes: usize) -> String {
        let mut buffer = vec![0u8; bytes];
        self.fill_random(&mut buffer);
        hex::encode(buffer)
    }

    pub(crate) fn fill_random(&self, buffer: &mut [u8]) {
        match self.rng.lock() {
            Ok(mut rng) => rng.fill_bytes(buffer),
            Err(poisoned) => poisoned.into_inner().fill_bytes(buffer),
        }
    }

    /// A random number below `bound` (status-list indexes).
    pub(crate) fn random_below(&self, bound: u32) -> u32 {
        match self.rng.lock() {
            Ok(mut rng) => rng.random_range(0..bound),
            Err(poisoned) => poisoned.into_inner().random_range(0..bound),
        }
    }

    /// A random (version 4) UUID in lower case.
    pub(crate) fn random_uuid(&self) -> String {
        let mut bytes = [0u8; 16];
        self.fill_random(&mut bytes);
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let hex = hex::encode(bytes);
        format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        )
    }
}

/// `text` encoded as an `application/x-www-form-urlencoded` value (a query or form value).
pub(crate) fn form_encoded(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .map(|encoded| encoded.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

/// SHA-256 of a secret, hex-encoded: what the store keeps instead of the secret.
pub fn secret_hash(secret: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(secret.as_bytes()))
}

impl App<SqlStore> {
    /// Closes the database connections (at shutdown; a test also uses it to take the database
    /// away).
    pub async fn close(&self) {
        self.store.close().await;
    }
}
