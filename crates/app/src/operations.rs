//! What operators watch (issue 14): counters of the work this process did — credentials
//! issued, verifications by outcome — for `/metrics`, and whether the register is ready to
//! serve (its database answers and its schema is the one this program knows).

use std::sync::atomic::{AtomicU64, Ordering};

use store::{LearningBatch, Store, StoreResult};

use crate::error::AppResult;
use crate::{App, SqlStore};

/// Counts since the process started (Prometheus counters).
#[derive(Debug, Default)]
pub struct Counters {
    issued: AtomicU64,
    verified: AtomicU64,
    not_verified: AtomicU64,
}

impl Counters {
    /// Credentials stored (issued, corrected, awarded, imported with results).
    pub fn issued(&self) -> u64 {
        self.issued.load(Ordering::Relaxed)
    }

    /// Credential verifications that verified, and that did not.
    pub fn verifications(&self) -> (u64, u64) {
        (
            self.verified.load(Ordering::Relaxed),
            self.not_verified.load(Ordering::Relaxed),
        )
    }

    pub(crate) fn count_verification(&self, verified: bool) {
        let counter = if verified {
            &self.verified
        } else {
            &self.not_verified
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// Whether the register can serve.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Readiness {
    pub ready: bool,
    /// The newest migration the database has, and the newest this program knows.
    pub schema_version: i64,
    pub expected_schema_version: i64,
    /// Why not, when not.
    pub problem: Option<String>,
}

/// How long a lease lasts unless renewed; a dead server's work is taken over after it.
pub const LEASE: time::Duration = time::Duration::seconds(15);

impl<S: Store> App<S> {
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// This process's name among the register's servers (random, made once).
    pub fn instance_id(&self) -> &str {
        self.instance
            .get_or_init(|| format!("srv-{}", self.random_hex(8)))
    }

    /// Takes or renews this process's lease on (`kind`, `id`) for [`LEASE`].
    pub async fn claim_lease(&self, kind: &str, id: &str) -> AppResult<bool> {
        let now = self.now();
        Ok(self
            .store
            .claim_lease(kind, id, self.instance_id(), now + LEASE, now)
            .await?)
    }

    /// Lets this process's lease on (`kind`, `id`) go.
    pub async fn release_lease(&self, kind: &str, id: &str) -> AppResult<()> {
        Ok(self
            .store
            .release_lease(kind, id, self.instance_id())
            .await?)
    }

    /// Stores a batch of learning records and counts the credentials in it.
    pub(crate) async fn apply_batch(&self, batch: &LearningBatch) -> StoreResult<()> {
        self.store.apply_learning_batch(batch).await?;
        self.counters
            .issued
            .fetch_add(batch.credentials.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

impl App<SqlStore> {
    /// The database answers and has every migration this program knows (and none newer).
    pub async fn readiness(&self) -> AppResult<Readiness> {
        let expected = self.store.known_schema_version();
        Ok(match self.store.schema_version().await {
            Ok(found) => Readiness {
                ready: found == expected,
                schema_version: found,
                expected_schema_version: expected,
                problem: (found != expected).then(|| {
                    format!(
                        "the database is at schema version {found}; this program needs {expected}"
                    )
                }),
            },
            Err(error) => Readiness {
                ready: false,
                schema_version: 0,
                expected_schema_version: expected,
                problem: Some(format!("the database does not answer: {error}")),
            },
        })
    }

    /// A consistent copy of the embedded register at `path` (see `SqlStore::backup_to`).
    pub async fn backup_to(&self, path: &std::path::Path) -> AppResult<()> {
        Ok(self.store.backup_to(path).await?)
    }

    /// The database pool: open connections and idle ones.
    pub fn database_pool(&self) -> (u32, usize) {
        self.store.pool_status()
    }
}

/// Every credential of the register verified again (after a restore, say).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RegisterCheck {
    pub credentials: usize,
    /// Active credentials that verify fully.
    pub active_verified: usize,
    /// Revoked or suspended ones whose signature holds (their status check fails, as it must).
    pub withdrawn_signed: usize,
    /// Anything else: the credential and why (empty for a sound register).
    pub problems: Vec<(String, String)>,
}

impl<S: Store> App<S> {
    /// Verifies every stored credential as anyone would (signature, status, validity, trust):
    /// an active one must verify, a revoked or suspended one must still carry a valid proof.
    pub async fn check_every_credential(
        &self,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> AppResult<RegisterCheck> {
        let mut check = RegisterCheck::default();
        let mut after = None;
        loop {
            let page = self
                .store
                .list_credentials(&store::CredentialFilter {
                    limit: 500,
                    after: after.take(),
                    ..store::CredentialFilter::default()
                })
                .await?;
            for record in &page.items {
                check.credentials += 1;
                let verification = self.verify_stored_credential(&record.id).await?;
                let report = &verification.report;
                let proof_holds = report.checks.iter().any(|line| {
                    line.check == "proof" && line.outcome == vc::report::Outcome::Passed
                });
                let failed: Vec<String> = report
                    .checks
                    .iter()
                    .filter(|line| line.outcome == vc::report::Outcome::Failed)
                    .map(|line| format!("{}: {}", line.check, line.reason))
                    .collect();
                match record.state {
                    model::CredentialState::Active if report.verified => {
                        check.active_verified += 1;
                    }
                    model::CredentialState::Revoked | model::CredentialState::Suspended
                        if proof_holds =>
                    {
                        check.withdrawn_signed += 1;
                    }
                    _ => check.problems.push((record.id.urn(), failed.join("; "))),
                }
                progress(check.credentials, page.total);
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        Ok(check)
    }
}
