//! The one runner of background jobs — imports today; exports and statistics refreshes are
//! meant to join it. A job's state and progress live in the database (`ImportJob`), so a job
//! is never lost: any server may run it, one at a time, holding a lease (issue 14) that it
//! renews while it works; a server that dies holds it until the lease expires, and then
//! another — or this one, restarted — takes the job over from where its last committed chunk
//! ended (`keep_taking_over` looks for such jobs every few seconds). The web server and the CLI
//! both run jobs through it: in the background on the runtime (`start`), or here and now with
//! progress reports (`run`).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use model::{ImportJob, ImportJobId};

use crate::error::{AppError, AppResult};
use crate::{App, SqlStore};

/// The lease kind of import jobs.
const IMPORT: &str = "import";
/// How often a running job's lease is renewed (well inside `operations::LEASE`).
const RENEW_EVERY: Duration = Duration::from_secs(5);
/// How often unfinished jobs of dead servers are looked for.
const TAKE_OVER_EVERY: Duration = Duration::from_secs(5);

/// Runs the register's jobs; cheap to clone.
#[derive(Clone)]
pub struct Jobs {
    app: Arc<App<SqlStore>>,
    /// The jobs this process runs now (a lease is this process's, not a task's).
    running: Arc<Mutex<HashSet<ImportJobId>>>,
}

impl Jobs {
    pub fn new(app: Arc<App<SqlStore>>) -> Jobs {
        Jobs {
            app,
            running: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    /// Marks `id` running here; `false` if it already is.
    fn mark_running(&self, id: &ImportJobId) -> bool {
        match self.running.lock() {
            Ok(mut running) => running.insert(id.clone()),
            Err(poisoned) => poisoned.into_inner().insert(id.clone()),
        }
    }

    fn mark_stopped(&self, id: &ImportJobId) {
        match self.running.lock() {
            Ok(mut running) => running.remove(id),
            Err(poisoned) => poisoned.into_inner().remove(id),
        };
    }

    /// Runs import job `id` to its end in the background (on the current Tokio runtime), if
    /// this process can take its lease. A failure is logged; the job stays unfinished in the
    /// database and is taken over again.
    pub fn start(&self, id: ImportJobId) {
        if !self.mark_running(&id) {
            return;
        }
        let jobs = self.clone();
        tokio::spawn(async move {
            match jobs.app.claim_lease(IMPORT, id.as_str()).await {
                Ok(true) => {
                    if let Err(error) = jobs.run_leased(&id, &|_| {}).await {
                        tracing::error!(%error, job = %id, "import job stopped; it is taken over again");
                    }
                }
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!(%error, job = %id, "the job's lease could not be read")
                }
            }
            jobs.mark_stopped(&id);
        });
    }

    /// Runs import job `id` here to its end, calling `progress` after each committed chunk;
    /// refused while another server holds the job.
    pub async fn run(
        &self,
        id: &ImportJobId,
        progress: &(dyn Fn(&ImportJob) + Send + Sync),
    ) -> AppResult<ImportJob> {
        if !self.mark_running(id) {
            return Err(AppError::Conflict(format!(
                "import job {id} runs here already"
            )));
        }
        let outcome = async {
            if !self.app.claim_lease(IMPORT, id.as_str()).await? {
                return Err(AppError::Conflict(format!(
                    "another server runs import job {id}; it finishes it (or takes it over when that server stops)"
                )));
            }
            self.run_leased(id, progress).await
        }
        .await;
        self.mark_stopped(id);
        outcome
    }

    /// Runs a job whose lease this process holds, renewing the lease meanwhile; if the lease
    /// is lost (this process stalled past its expiry and another took over), the run stops.
    async fn run_leased(
        &self,
        id: &ImportJobId,
        progress: &(dyn Fn(&ImportJob) + Send + Sync),
    ) -> AppResult<ImportJob> {
        let renewing = {
            let app = self.app.clone();
            let id = id.clone();
            async move {
                loop {
                    tokio::time::sleep(RENEW_EVERY).await;
                    match app.claim_lease(IMPORT, id.as_str()).await {
                        Ok(true) => {}
                        Ok(false) => return,
                        Err(error) => {
                            tracing::warn!(%error, job = %id, "the job's lease could not be renewed")
                        }
                    }
                }
            }
        };
        let outcome = tokio::select! {
            outcome = self.app.run_import(id, progress) => outcome,
            () = renewing => Err(AppError::Conflict(format!(
                "import job {id} was taken over by another server"
            ))),
        };
        if outcome.is_ok() {
            self.app.release_lease(IMPORT, id.as_str()).await?;
        }
        outcome
    }

    /// Starts every unfinished job whose lease is free — at start-up, those a stopped process
    /// left; later, those of a server that died. Their ids.
    pub async fn resume_unfinished(&self) -> AppResult<Vec<ImportJobId>> {
        let unfinished = self.app.unfinished_imports().await?;
        for id in &unfinished {
            self.start(id.clone());
        }
        Ok(unfinished)
    }

    /// Looks for unfinished jobs every few seconds, for as long as the server runs.
    pub fn keep_taking_over(&self) {
        let jobs = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(error) = jobs.resume_unfinished().await {
                    tracing::warn!(%error, "unfinished jobs could not be read");
                }
                tokio::time::sleep(TAKE_OVER_EVERY).await;
            }
        });
    }
}
