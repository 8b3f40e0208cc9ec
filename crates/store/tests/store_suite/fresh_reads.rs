//! The reads every verification runs — a status list's revision with its provider's status, and
//! the recognition decisions about a credential or its offering — see each acknowledged write at
//! once, also one made through another store on the same database (another server), while writes
//! go on. On SQLite they are read without sqlx (`sql_store/direct.rs`); this holds that path to
//! the same answers as sqlx's on PostgreSQL.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use model::{CredentialState, OfferingId};
use store::{
    CredentialStateChange, CredentialStore, DecisionFilter, DecisionSubject, LearningBatch,
    LearningStore, RecognitionStore, Store,
};

use super::learning::{OFFERING, credential, provider, with_issued_credential};
use super::receiving::decision;
use super::wallet::audit;
use super::{T0, on_every_database};

/// Changes made while another store reads.
const CHANGES: u64 = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hot_reads_see_every_acknowledged_write_of_another_store_at_once() {
    on_every_database(|store, database| async move {
        with_issued_credential(&store, 5).await;
        let other = Arc::new(database.open().await);
        let (_, status) = other
            .status_list_revision_and_provider_status(&provider(), 1)
            .await
            .unwrap();
        assert_eq!(status, store.provider_status(&provider()).await.unwrap());

        // A reader on the other store all along: a revision never goes back.
        let stop = Arc::new(AtomicBool::new(false));
        let reader = tokio::spawn({
            let (other, stop) = (other.clone(), stop.clone());
            async move {
                let (mut last, mut reads) = (0, 0u64);
                while !stop.load(Ordering::Relaxed) {
                    let (revision, _) = other
                        .status_list_revision_and_provider_status(&provider(), 1)
                        .await
                        .unwrap();
                    assert!(revision >= last, "revision {revision} after {last}");
                    (last, reads) = (revision, reads + 1);
                    tokio::task::yield_now().await;
                }
                reads
            }
        });
        let id = credential(1, 5).id;
        let mut state = CredentialState::Active;
        for change in 1..=CHANGES {
            let to = match state {
                CredentialState::Active => CredentialState::Suspended,
                _ => CredentialState::Active,
            };
            store
                .apply_learning_batch(&LearningBatch {
                    state_changes: vec![CredentialStateChange {
                        id: id.clone(),
                        from: state,
                        to,
                        reason: "test".into(),
                        at: T0,
                        replaced_by: None,
                    }],
                    ..LearningBatch::default()
                })
                .await
                .unwrap();
            state = to;
            // Acknowledged on one store, read on the other: there at once.
            let (revision, _) = other
                .status_list_revision_and_provider_status(&provider(), 1)
                .await
                .unwrap();
            assert_eq!(revision, change);
        }
        stop.store(true, Ordering::Relaxed);
        assert!(reader.await.unwrap() > 0);

        // Decisions about the credential or its offering, written on one store, read on the
        // other: each there at once, a withdrawn one gone from the live ones.
        let offering = OfferingId::parse(OFFERING).unwrap();
        let filter = DecisionFilter {
            credentials: vec![id.as_str().to_owned()],
            or_offering: Some(offering.clone()),
            live_only: true,
            ..DecisionFilter::default()
        };
        for number in 0..4 {
            let subject = if number % 2 == 0 {
                DecisionSubject::Credential(id.as_str().to_owned())
            } else {
                DecisionSubject::Offering(offering.clone())
            };
            let made = decision(&format!("rd-fresh-{number}"), subject, number);
            store
                .insert_decision(&made, None, &audit(&format!("aud-fresh-{number}"), number))
                .await
                .unwrap();
            let read = other.decisions(&filter).await.unwrap();
            assert_eq!(read.len(), usize::try_from(number + 1).unwrap());
            // Newest first, each as written.
            assert_eq!(read[0], made);
        }
        store
            .withdraw_decision("rd-fresh-3", &provider(), T0, &audit("aud-fresh-w", 9))
            .await
            .unwrap();
        let live: Vec<String> = other
            .decisions(&filter)
            .await
            .unwrap()
            .into_iter()
            .map(|decision| decision.id)
            .collect();
        assert_eq!(live, ["rd-fresh-2", "rd-fresh-1", "rd-fresh-0"]);
        other.close().await;
    })
    .await;
}
