//! Bulk imports of enrolments and results as jobs: the uploaded file is checked as a whole and
//! stored with a queued job; the job then applies the rows in chunks, each chunk in one
//! transaction together with the job's counts and problems, so that after a crash the job
//! says exactly which rows were applied and a restart resumes after the last chunk.
//!
//! Every applied row is recorded under its row key (what the row is about, not where it sits),
//! and a key recorded before is skipped: re-uploading a file, or resuming a job, applies and
//! issues nothing twice. A bad row becomes a problem with its row number, column and reason and
//! never stops the others.

mod file;
mod plan;

use std::collections::{HashMap, HashSet};

use model::learning::learner_key;
use model::{
    Assessment, Enrolment, ImportJob, ImportJobId, ImportKind, ImportState, OfferingId,
    PublicationStatus,
};
use store::{ImportRowRecord, LearningBatch, Store, StoreError};

use crate::App;
use crate::auth::IssuerRight;
use crate::error::{AppError, AppResult};
use file::{
    Entry, Parsed, clean_file_name, in_file_order, parse, problem, push_problems, row_problem,
};
use plan::ImportRow;

/// Rows applied per transaction.
pub const CHUNK_ROWS: usize = 500;
/// Problems kept with a job (the counts stay exact beyond it).
pub const MAX_PROBLEMS: usize = 10_000;

/// What one row will store, if its chunk commits.
struct Planned {
    row_number: usize,
    row_key: String,
    enrolment: Option<Enrolment>,
    assessment: Option<Assessment>,
    /// The enrolment the assessment belongs to (new or existing), when a credential is asked.
    issue_for: Option<Enrolment>,
}

impl<S: Store> App<S> {
    /// Checks an uploaded file as a whole (size, format, header, row limit) and queues a job
    /// for it. Nothing of the file is applied yet: `run_import` does that.
    pub async fn start_import(
        &self,
        right: &IssuerRight,
        offering: &OfferingId,
        kind: ImportKind,
        file_name: &str,
        bytes: &[u8],
        created_by: &str,
    ) -> AppResult<ImportJob> {
        let offering = self.offering_for_issuer(right, offering).await?;
        if offering.status != PublicationStatus::Published {
            return Err(AppError::InvalidState(format!(
                "offering `{}` is {}; enrolments and results are recorded for published offerings only",
                offering.id, offering.status
            )));
        }
        let total_rows = match parse(kind, file_name, bytes)? {
            Parsed::Enrolments(file) => file.total_rows,
            Parsed::Results(file) => file.total_rows,
        };
        let now = self.now();
        let job = ImportJob {
            id: ImportJobId::parse(&format!("imp-{}", self.random_hex(8)))
                .map_err(AppError::InvalidState)?,
            provider_id: right.provider().clone(),
            offering_id: offering.id.clone(),
            kind,
            file_name: clean_file_name(file_name),
            state: ImportState::Queued,
            total_rows,
            processed_rows: 0,
            applied_rows: 0,
            skipped_rows: 0,
            failed_rows: 0,
            issued_credentials: 0,
            problems: Vec::new(),
            message: None,
            created_by: created_by.to_owned(),
            created_at: now,
            updated_at: now,
        };
        self.store.insert_import_job(&job, bytes).await?;
        Ok(job)
    }

    /// A job of the issuer's provider.
    /// The import job `id` and the caller's issuing right over it, in one read.
    pub async fn import_job_as(
        &self,
        caller: &crate::Principal,
        id: &ImportJobId,
    ) -> AppResult<(IssuerRight, ImportJob)> {
        let job = self
            .store
            .get_import_job(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("import job `{id}`")))?;
        Ok((caller.issuer(&job.provider_id)?, job))
    }

    pub async fn import_job(&self, right: &IssuerRight, id: &ImportJobId) -> AppResult<ImportJob> {
        let job = self
            .store
            .get_import_job(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("import job `{id}`")))?;
        if &job.provider_id != right.provider() {
            return Err(AppError::Forbidden(format!(
                "import job `{id}` belongs to another provider"
            )));
        }
        Ok(job)
    }

    /// The provider's jobs, newest first, a page at a time (`after`: the `next` of the page
    /// before).
    pub async fn import_job_page(
        &self,
        right: &IssuerRight,
        limit: usize,
        after: Option<&store::PageCursor>,
    ) -> AppResult<store::Listing<ImportJob>> {
        Ok(self
            .store
            .import_job_listing(right.provider(), limit.clamp(1, 1_000), after)
            .await?)
    }

    /// The rows a job applied, in row order (what to check after a crash).
    pub async fn import_job_rows(
        &self,
        right: &IssuerRight,
        id: &ImportJobId,
    ) -> AppResult<Vec<ImportRowRecord>> {
        self.import_job(right, id).await?;
        Ok(self.store.import_rows_of_job(id).await?)
    }

    /// Jobs a stopped server left unfinished; the caller runs each again with `run_import`.
    pub async fn unfinished_imports(&self) -> AppResult<Vec<ImportJobId>> {
        Ok(self
            .store
            .unfinished_import_jobs()
            .await?
            .into_iter()
            .map(|job| job.id)
            .collect())
    }

    /// Applies a job's rows, from where it stopped, to the end. `progress` sees the job after
    /// every committed chunk. Safe to call again for the same job after a crash.
    pub async fn run_import(
        &self,
        id: &ImportJobId,
        progress: &(dyn Fn(&ImportJob) + Send + Sync),
    ) -> AppResult<ImportJob> {
        let mut job = self
            .store
            .get_import_job(id)
            .await
            .map_err(|error| AppError::from_store(error, || format!("import job `{id}`")))?;
        if job.state.is_finished() {
            return Ok(job);
        }
        let right = IssuerRight::for_job(&job.provider_id, job.id.as_str());
        if job.state == ImportState::Running {
            job.message = Some(format!(
                "resumed after an interruption at row {} of {}",
                job.processed_rows, job.total_rows
            ));
        }
        job.state = ImportState::Running;
        job.updated_at = self.now();
        self.commit_job(&job, false).await?;
        progress(&job);
        let bytes = self.store.import_job_file(id).await?;
        let outcome = match parse(job.kind, &job.file_name, &bytes) {
            Ok(Parsed::Enrolments(file)) => {
                self.apply_entries(&right, &mut job, in_file_order(file), progress)
                    .await
            }
            Ok(Parsed::Results(file)) => {
                self.apply_entries(&right, &mut job, in_file_order(file), progress)
                    .await
            }
            Err(error) => Err(error),
        };
        match outcome {
            Ok(()) => {
                job.state = ImportState::Done;
            }
            Err(error @ (AppError::Store(_) | AppError::NotConfigured(_))) => {
                // The job stays running: a restart (or a second call) resumes it.
                return Err(error);
            }
            Err(error) => {
                job.state = ImportState::Failed;
                job.message = Some(error.to_string());
            }
        }
        job.updated_at = self.now();
        self.commit_job(&job, true).await?;
        progress(&job);
        Ok(job)
    }

    async fn commit_job(&self, job: &ImportJob, finished: bool) -> AppResult<()> {
        let batch = LearningBatch {
            job: Some(job.clone()),
            clear_job_file: finished,
            ..LearningBatch::default()
        };
        Ok(self.apply_batch(&batch).await?)
    }

    async fn apply_entries<T: ImportRow>(
        &self,
        right: &IssuerRight,
        job: &mut ImportJob,
        entries: Vec<Entry<T>>,
        progress: &(dyn Fn(&ImportJob) + Send + Sync),
    ) -> AppResult<()> {
        let offering = self.offering_for_issuer(right, &job.offering_id).await?;
        let start = job.processed_rows.min(entries.len());
        for chunk in entries[start..].chunks(CHUNK_ROWS) {
            let keys: Vec<String> = chunk
                .iter()
                .filter_map(|entry| match entry {
                    Entry::Good(row) => Some(row.row_key.clone()),
                    Entry::Bad(_) => None,
                })
                .collect();
            let applied: HashSet<String> = self
                .store
                .applied_import_rows(&job.provider_id, &job.offering_id, job.kind, &keys)
                .await?
                .into_iter()
                .collect();
            let mut fresh = Vec::new();
            for entry in chunk {
                match entry {
                    Entry::Bad(errors) => {
                        job.failed_rows += 1;
                        push_problems(job, errors.iter().cloned().map(problem));
                    }
                    Entry::Good(row) if applied.contains(&row.row_key) => job.skipped_rows += 1,
                    Entry::Good(row) => fresh.push(row),
                }
            }
            let learner_keys: Vec<String> = fresh
                .iter()
                .map(|row| learner_key(row.value.learner()))
                .collect();
            let enrolled: HashMap<String, Enrolment> = self
                .store
                .find_enrolments(&offering.id, &learner_keys)
                .await?
                .into_iter()
                .map(|enrolment| (enrolment.learner_key(), enrolment))
                .collect();
            let schemes = self.funding_scheme_codes().await?;
            let mut planned = Vec::new();
            for row in fresh {
                match row
                    .value
                    .plan(self, &offering, &enrolled, &schemes, row.row_number)
                {
                    Ok(Some(mut plan)) => {
                        plan.row_key = row.row_key.clone();
                        planned.push(plan);
                    }
                    // Already so (e.g. enrolled through the API): nothing to apply.
                    Ok(None) => job.skipped_rows += 1,
                    Err(problems) => {
                        job.failed_rows += 1;
                        push_problems(job, problems);
                    }
                }
            }
            job.processed_rows += chunk.len();
            self.apply_planned(right, job, planned).await?;
            progress(job);
        }
        Ok(())
    }

    /// Stores a chunk's rows with the job's progress in one transaction; if the database
    /// refuses it (a learner enrolled meanwhile by someone else), row by row, so that one
    /// refused row never costs the others.
    async fn apply_planned(
        &self,
        right: &IssuerRight,
        job: &mut ImportJob,
        planned: Vec<Planned>,
    ) -> AppResult<()> {
        let before = job.clone();
        match self.apply_rows(right, job, &planned).await {
            Ok(()) => return Ok(()),
            Err(AppError::Conflict(_) | AppError::Validation(_) | AppError::Credential { .. }) => {}
            Err(other) => return Err(other),
        }
        *job = before;
        let last = planned.len();
        let mut pending_counts = job.clone();
        for (position, row) in planned.into_iter().enumerate() {
            let mut attempt = pending_counts.clone();
            let rows = [row];
            match self.apply_rows(right, &mut attempt, &rows).await {
                Ok(()) => pending_counts = attempt,
                Err(
                    error @ (AppError::Conflict(_)
                    | AppError::Validation(_)
                    | AppError::Credential { .. }
                    | AppError::InvalidState(_)),
                ) => {
                    pending_counts.failed_rows += 1;
                    push_problems(
                        &mut pending_counts,
                        [row_problem(
                            rows[0].row_number,
                            None,
                            "row_refused",
                            error.to_string(),
                        )],
                    );
                    if position + 1 == last {
                        self.commit_job(&pending_counts, false).await?;
                    }
                }
                Err(other) => return Err(other),
            }
        }
        *job = pending_counts;
        Ok(())
    }

    /// One transaction: the rows' enrolments, results and credentials, their row keys, and
    /// the job's counts including them.
    async fn apply_rows(
        &self,
        right: &IssuerRight,
        job: &mut ImportJob,
        planned: &[Planned],
    ) -> AppResult<()> {
        let mut batch = LearningBatch::default();
        let mut to_issue = Vec::new();
        for row in planned {
            batch.enrolments.extend(row.enrolment.clone());
            batch.assessments.extend(row.assessment.clone());
            if let (Some(enrolment), Some(assessment)) = (&row.issue_for, &row.assessment) {
                to_issue.push((enrolment.clone(), assessment.clone()));
            }
        }
        let mut counted = job.clone();
        counted.applied_rows += planned.len();
        counted.issued_credentials += to_issue.len();
        counted.updated_at = self.now();
        batch.job = Some(counted.clone());
        if to_issue.is_empty() {
            batch.import_rows = import_rows(job, planned, &HashMap::new());
            self.apply_batch(&batch)
                .await
                .map_err(|error| match error {
                    StoreError::Conflict(message) => AppError::Conflict(message),
                    other => other.into(),
                })?;
        } else {
            self.store_rows_with_credentials(right, job, planned, &mut batch, &to_issue)
                .await?;
        }
        *job = counted;
        Ok(())
    }

    async fn store_rows_with_credentials(
        &self,
        right: &IssuerRight,
        job: &ImportJob,
        planned: &[Planned],
        batch: &mut LearningBatch,
        to_issue: &[(Enrolment, Assessment)],
    ) -> AppResult<()> {
        let mut last = String::new();
        for _ in 0..4 {
            let credentials = self.prepare_credentials(right, to_issue).await?;
            let by_assessment: HashMap<String, model::CredentialId> = credentials
                .iter()
                .map(|credential| {
                    (
                        credential.assessment_id.as_str().to_owned(),
                        credential.id.clone(),
                    )
                })
                .collect();
            batch.import_rows = import_rows(job, planned, &by_assessment);
            batch.audit = self.issuance_audit(right, &credentials);
            batch.credentials = credentials;
            match self.apply_batch(batch).await {
                Ok(()) => return Ok(()),
                Err(StoreError::Conflict(message)) => {
                    if message.contains("import_rows") || message.contains("enrolments") {
                        return Err(AppError::Conflict(message));
                    }
                    last = message;
                }
                Err(other) => return Err(other.into()),
            }
        }
        Err(AppError::Conflict(format!(
            "the credentials could not be stored: {last}"
        )))
    }
}

fn import_rows(
    job: &ImportJob,
    planned: &[Planned],
    credentials: &HashMap<String, model::CredentialId>,
) -> Vec<ImportRowRecord> {
    planned
        .iter()
        .map(|row| ImportRowRecord {
            provider_id: job.provider_id.clone(),
            offering_id: job.offering_id.clone(),
            kind: job.kind,
            row_key: row.row_key.clone(),
            job_id: job.id.clone(),
            row_number: row.row_number,
            enrolment_id: row
                .enrolment
                .as_ref()
                .map(|enrolment| enrolment.id.clone())
                .or_else(|| row.assessment.as_ref().map(|a| a.enrolment_id.clone())),
            assessment_id: row.assessment.as_ref().map(|a| a.id.clone()),
            credential_id: row
                .assessment
                .as_ref()
                .and_then(|a| credentials.get(a.id.as_str()).cloned()),
        })
        .collect()
}
