//! The one runner of background jobs — imports today; exports and statistics refreshes are
//! meant to join it. A job's state and progress live in the database (`ImportJob`), so a job
//! started here survives nothing but is never lost: `resume_unfinished` starts, at start-up,
//! every job a stopped process left behind, from where its last committed chunk ended. The web
//! server and the CLI both run jobs through it: in the background on the runtime (`start`), or
//! here and now with progress reports (`run`).

use std::sync::Arc;

use model::{ImportJob, ImportJobId};

use crate::error::AppResult;
use crate::{App, SqlStore};

/// Runs the register's jobs; cheap to clone.
#[derive(Clone)]
pub struct Jobs {
    app: Arc<App<SqlStore>>,
}

impl Jobs {
    pub fn new(app: Arc<App<SqlStore>>) -> Jobs {
        Jobs { app }
    }

    /// Runs import job `id` to its end in the background (on the current Tokio runtime). A
    /// failure is logged; the job stays unfinished in the database and the next start resumes it.
    pub fn start(&self, id: ImportJobId) {
        let app = self.app.clone();
        tokio::spawn(async move {
            if let Err(error) = app.run_import(&id, &|_| {}).await {
                tracing::error!(%error, job = %id, "import job stopped; the next start resumes it");
            }
        });
    }

    /// Runs import job `id` here to its end, calling `progress` after each committed chunk.
    pub async fn run(
        &self,
        id: &ImportJobId,
        progress: &(dyn Fn(&ImportJob) + Send + Sync),
    ) -> AppResult<ImportJob> {
        self.app.run_import(id, progress).await
    }

    /// Starts every job a stopped process left unfinished, in the background; their ids.
    pub async fn resume_unfinished(&self) -> AppResult<Vec<ImportJobId>> {
        let unfinished = self.app.unfinished_imports().await?;
        for id in &unfinished {
            tracing::info!(job = %id, "resuming an import job");
            self.start(id.clone());
        }
        Ok(unfinished)
    }
}
