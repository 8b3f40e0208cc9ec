//! Issuing every pending credential in bulk, pipelined: while one batch is written (the
//! database's own thread), the next is signed on other threads.

use std::collections::HashSet;

use model::{Assessment, AssessmentId, CredentialRecord, Enrolment, OfferingId};
use store::{LearningBatch, Store, StoreError};

use super::sign_all;
use crate::App;
use crate::auth::IssuerRight;
use crate::error::{AppError, AppResult};

/// Signed credentials waiting to be stored, with the results they are for.
type SignedBatch = (Vec<CredentialRecord>, Vec<(Enrolment, Assessment)>);

impl<S: Store> App<S> {
    /// Issues credentials for up to `limit` passed results of the provider (of one offering,
    /// if given) whose learner has none yet, in batches of `batch` per transaction. Returns
    /// how many were issued.
    ///
    /// Pipelined: while one batch is being written (the database's own thread), the next is
    /// signed on other threads, so throughput is that of the slower of the two, not their sum.
    pub async fn issue_pending(
        &self,
        right: &IssuerRight,
        offering: Option<&OfferingId>,
        limit: usize,
        batch: usize,
    ) -> AppResult<usize> {
        if let Some(offering) = offering {
            self.offering_for_issuer(right, offering).await?;
        }
        let batch = batch.clamp(1, 5_000);
        let mut issued = 0;
        let mut cursor: Option<AssessmentId> = None;
        let mut in_flight_enrolments: HashSet<model::EnrolmentId> = HashSet::new();
        // The signed batch waiting to be written, with its items (to redo it on a clash).
        let mut waiting: Option<SignedBatch> = None;
        let mut planned = 0;
        loop {
            let mut next = Vec::new();
            if planned < limit {
                let size = batch.min(limit - planned);
                let page = self
                    .store
                    .pending_issuance(right.provider(), offering, cursor.as_ref(), size)
                    .await?;
                cursor = page.last().map(|(_, assessment)| assessment.id.clone());
                next = page
                    .into_iter()
                    .filter(|(enrolment, _)| in_flight_enrolments.insert(enrolment.id.clone()))
                    .collect();
                planned += next.len();
            }
            if next.is_empty() && waiting.is_none() {
                break;
            }
            let reserved: HashSet<model::StatusSlot> = waiting
                .as_ref()
                .map(|(credentials, _)| credentials.iter().map(|c| c.status_slot).collect())
                .unwrap_or_default();
            let signing = if next.is_empty() {
                None
            } else {
                let now = self.now();
                let (signer, pending) = self
                    .plan_credentials(right, &next, &reserved, &|_| now)
                    .await?;
                Some(std::thread::spawn(move || sign_all(&signer, pending)))
            };
            if let Some((credentials, items)) = waiting.take() {
                issued += self.store_signed(right, credentials, &items).await?;
            }
            if let Some(signing) = signing {
                let credentials = signing.join().unwrap_or_else(|_| {
                    Err(AppError::InvalidState("a signing thread failed".to_owned()))
                })?;
                waiting = Some((credentials, next));
            }
        }
        Ok(issued)
    }

    /// Stores signed credentials; if a concurrent issuance took one of their status slots
    /// meanwhile, draws new slots and signs again.
    async fn store_signed(
        &self,
        right: &IssuerRight,
        credentials: Vec<CredentialRecord>,
        items: &[(Enrolment, Assessment)],
    ) -> AppResult<usize> {
        let mut batch = LearningBatch {
            audit: self.issuance_audit(right, &credentials),
            credentials,
            ..LearningBatch::default()
        };
        match self.apply_batch(&batch).await {
            Ok(()) => Ok(batch.credentials.len()),
            Err(StoreError::Conflict(_)) => {
                batch.credentials.clear();
                Ok(self
                    .store_with_credentials(right, &mut batch, items)
                    .await?
                    .len())
            }
            Err(other) => Err(other.into()),
        }
    }
}
