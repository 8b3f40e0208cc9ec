//! Enrolments, results, credentials, status lists, keys and imports on both backends: batches
//! are all or nothing, uniqueness is the database's, state changes are compare-and-set.

use std::sync::Arc;

use model::credential::{AssessmentOutcome, AssessmentRoute, LearnerIdentity, LearnerName};
use model::{
    Assessment, AssessmentId, CredentialId, CredentialRecord, CredentialState, EmploymentStatus,
    Enrolment, EnrolmentId, ImportJob, ImportJobId, ImportKind, ImportState, OfferingId,
    ProviderId, StatusSlot, Vocabulary,
};
use store::{
    CredentialFilter, CredentialStateChange, CredentialStore, EnrolmentFilter, ImportRowRecord,
    ImportStore, KeyStore, LearningBatch, LearningStore, ProviderKeyRecord, SqlStore, Store,
    StoreError,
};
use time::macros::date;

use super::{T0, offering, on_every_backend};

pub(super) const PROVIDER: &str = "hogeschool-scheldeland";
pub(super) const OFFERING: &str = "of-learning";

pub(super) fn provider() -> ProviderId {
    ProviderId::parse(PROVIDER).unwrap()
}

pub(super) fn enrolment(number: usize) -> Enrolment {
    Enrolment {
        id: EnrolmentId::parse(&format!("enr-{number:06}")).unwrap(),
        provider_id: provider(),
        offering_id: OfferingId::parse(OFFERING).unwrap(),
        learner: LearnerIdentity {
            name: LearnerName::Full {
                full_name: format!("Learner {number}"),
            },
            email: Some(format!("l{number}@example.org")),
            student_number: None,
            did: None,
        },
        employment_status: EmploymentStatus::ALL[number % 6],
        enrolled_on: date!(2025 - 09 - 15),
        recorded_at: T0,
        funding: number.is_multiple_of(3).then(|| model::EnrolmentFunding {
            scheme: "esf_plus".to_owned(),
            amount_cents: number.is_multiple_of(2).then_some(12_345),
        }),
    }
}

pub(super) fn assessment(number: usize, passed: bool) -> Assessment {
    Assessment {
        id: AssessmentId::parse(&format!("asm-{number:06}")).unwrap(),
        enrolment_id: EnrolmentId::parse(&format!("enr-{number:06}")).unwrap(),
        provider_id: provider(),
        offering_id: OfferingId::parse(OFFERING).unwrap(),
        offering_version: 1,
        outcome: AssessmentOutcome {
            passed,
            grade: None,
            assessed_on: date!(2026 - 01 - 20),
            supervision: None,
            route: AssessmentRoute::Regular,
        },
        recorded_at: T0,
    }
}

pub(super) fn credential(number: usize, index: u32) -> CredentialRecord {
    CredentialRecord {
        id: CredentialId::from_urn(&format!("urn:uuid:00000000-0000-4000-8000-{number:012}"))
            .unwrap(),
        provider_id: provider(),
        offering_id: OfferingId::parse(OFFERING).unwrap(),
        enrolment_id: EnrolmentId::parse(&format!("enr-{number:06}")).unwrap(),
        assessment_id: AssessmentId::parse(&format!("asm-{number:06}")).unwrap(),
        learner_name: format!("Learner {number}"),
        state: CredentialState::Active,
        issued_at: T0,
        status_slot: StatusSlot { list: 1, index },
        status_reason: None,
        status_changed_at: None,
        replaced_by: None,
        credential: serde_json::json!({"id": format!("urn:uuid:{number}"), "name": "Ünïcode ✓ \"quoted\""}),
    }
}

pub(super) async fn with_offering(store: &SqlStore) {
    store
        .insert_offering(&offering(OFFERING, PROVIDER, |_| {}))
        .await
        .unwrap();
}

/// The offering, with learner 1 enrolled, passed and given a credential on status slot `slot`.
pub(super) async fn with_issued_credential(store: &SqlStore, slot: u32) {
    with_offering(store).await;
    store
        .apply_learning_batch(&LearningBatch {
            enrolments: vec![enrolment(1)],
            assessments: vec![assessment(1, true)],
            credentials: vec![credential(1, slot)],
            ..LearningBatch::default()
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_large_batch_is_stored_whole_and_reads_back() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        let count = 130; // more than one multi-row statement
        let batch = LearningBatch {
            enrolments: (0..count).map(enrolment).collect(),
            assessments: (0..count).map(|n| assessment(n, n % 10 != 0)).collect(),
            credentials: (0..count)
                .filter(|n| n % 10 != 0 && n % 2 == 0)
                .map(|n| credential(n, u32::try_from(n).unwrap() * 7))
                .collect(),
            ..LearningBatch::default()
        };
        store.apply_learning_batch(&batch).await.unwrap();
        let page = store
            .list_enrolments(&EnrolmentFilter {
                provider: Some(provider()),
                limit: 1_000,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(page.total, count);
        assert_eq!(page.items.len(), count);
        assert_eq!(page.next, None, "everything fits on one page");
        let stored = store
            .get_credential(&batch.credentials[3].id)
            .await
            .unwrap();
        assert_eq!(
            stored, batch.credentials[3],
            "a credential reads back exactly as stored"
        );
        for funded in [0, 3, 4] {
            assert_eq!(
                store.get_enrolment(&enrolment(funded).id).await.unwrap(),
                enrolment(funded),
                "an enrolment reads back exactly as stored, with its funding or without"
            );
        }
        // Passed results without a credential, paged by id.
        let first = store
            .pending_issuance(&provider(), None, None, 20)
            .await
            .unwrap();
        assert_eq!(first.len(), 20);
        let rest = store
            .pending_issuance(&provider(), None, Some(&first.last().unwrap().1.id), 1_000)
            .await
            .unwrap();
        let expected = (0..count).filter(|n| n % 10 != 0 && n % 2 != 0).count();
        assert_eq!(first.len() + rest.len(), expected);
        assert!(
            first
                .iter()
                .chain(&rest)
                .all(|(enrolment, assessment)| assessment.outcome.passed
                    && enrolment.id == assessment.enrolment_id)
        );
        let used = store
            .used_status_indexes(&provider(), 1, &[7 * 2, 7 * 4, 3])
            .await
            .unwrap();
        assert_eq!(used.len(), 2, "{used:?}");
        assert_eq!(
            store.status_list_usage(&provider()).await.unwrap(),
            vec![(1, u32::try_from(batch.credentials.len()).unwrap())]
        );
    })
    .await;
}

#[tokio::test]
async fn listings_page_by_cursor_and_offset_alike_and_search_by_learner() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        let count = 47;
        let mut enrolments: Vec<Enrolment> = (0..count).map(enrolment).collect();
        // Ties on the date and the time of recording are broken by id; names with accents and
        // LIKE wildcards are found by what a person types.
        for (number, enrolment) in enrolments.iter_mut().enumerate() {
            enrolment.enrolled_on =
                date!(2025 - 09 - 15) + time::Duration::days((number % 5) as i64);
        }
        enrolments[7].learner.name = LearnerName::Parts {
            given_names: "Émile".into(),
            family_names: "Peeters-Ça_va 100%".into(),
        };
        enrolments[8].learner.student_number = Some("R0123456".into());
        let mut credentials: Vec<CredentialRecord> = (0..count)
            .map(|n| credential(n, u32::try_from(n).unwrap()))
            .collect();
        credentials[7].learner_name = "Émile Peeters-Ça_va 100%".into();
        for (number, credential) in credentials.iter_mut().enumerate() {
            credential.issued_at = T0 + time::Duration::seconds((number % 3) as i64);
        }
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: enrolments.clone(),
                assessments: (0..count).map(|n| assessment(n, true)).collect(),
                credentials: credentials.clone(),
                ..LearningBatch::default()
            })
            .await
            .unwrap();

        // Every enrolment exactly once, newest first, over pages of 10 by cursor; the same
        // pages by offset.
        let mut by_cursor = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .list_enrolments(&EnrolmentFilter {
                    provider: Some(provider()),
                    limit: 10,
                    after: after.clone(),
                    ..Default::default()
                })
                .await
                .unwrap();
            assert_eq!(page.total, count);
            let by_offset = store
                .list_enrolments(&EnrolmentFilter {
                    provider: Some(provider()),
                    limit: 10,
                    offset: by_cursor.len(),
                    ..Default::default()
                })
                .await
                .unwrap();
            assert_eq!(by_offset.items, page.items, "offset {}", by_cursor.len());
            by_cursor.extend(page.items);
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(by_cursor.len(), count);
        let mut expected = enrolments.clone();
        expected.sort_by(|a, b| {
            (b.enrolled_on, b.recorded_at, b.id.as_str()).cmp(&(
                a.enrolled_on,
                a.recorded_at,
                a.id.as_str(),
            ))
        });
        assert_eq!(by_cursor, expected, "newest first, ties by id, none twice");

        let mut ids = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .list_credentials(&CredentialFilter {
                    offering: Some(OfferingId::parse(OFFERING).unwrap()),
                    limit: 6,
                    after,
                    ..Default::default()
                })
                .await
                .unwrap();
            ids.extend(page.items.iter().map(|c| c.id.clone()));
            after = page.next;
            if after.is_none() {
                break;
            }
        }
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!((ids.len(), unique.len()), (count, count));

        // Learner search: case, accents and wildcards as typed; identifiers too.
        let search = |words: &str| {
            let store = store.clone();
            let words = words.to_owned();
            async move {
                let page = store
                    .list_enrolments(&EnrolmentFilter {
                        provider: Some(provider()),
                        search: Some(words),
                        limit: 100,
                        ..Default::default()
                    })
                    .await
                    .unwrap();
                (
                    page.total,
                    page.items
                        .iter()
                        .map(|e| e.id.as_str().to_owned())
                        .collect::<Vec<_>>(),
                )
            }
        };
        assert_eq!(
            search("emile PEETERS").await,
            (1, vec!["enr-000007".to_owned()])
        );
        assert_eq!(search("ça_va").await.0, 1);
        assert_eq!(
            search("100%").await.0,
            1,
            "% is a character, not a wildcard"
        );
        assert_eq!(search("_").await.0, 1, "_ is a character, not a wildcard");
        assert_eq!(search("r0123456").await, (1, vec!["enr-000008".to_owned()]));
        assert_eq!(search("l12@example.org").await.0, 1);
        assert_eq!(
            search("learner 4").await.0,
            12,
            "Learner 4, 14, 24, 34, 40…46 and Learner 8 (R0123456): every word must occur"
        );
        assert_eq!(search("nobody").await, (0, Vec::new()));
        let found = store
            .list_credentials(&CredentialFilter {
                provider: Some(provider()),
                search: Some("EMILE".into()),
                limit: 5,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(found.total, 1);
        assert_eq!(found.items[0].id, credentials[7].id);

        // A page's results and credentials in one read each.
        let page_ids: Vec<EnrolmentId> = by_cursor[..10].iter().map(|e| e.id.clone()).collect();
        let results = store.assessments_of(&page_ids).await.unwrap();
        let issued = store.credentials_of(&page_ids).await.unwrap();
        assert_eq!((results.len(), issued.len()), (10, 10));
        assert!(results.iter().all(|a| page_ids.contains(&a.enrolment_id)));
        assert!(store.assessments_of(&[]).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_cursor_walk_returns_every_record_once_while_records_are_added() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        let count = 60;
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: (0..count).map(enrolment).collect(),
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        let mut seen = Vec::new();
        let mut after = None;
        let mut added = count;
        loop {
            let page = store
                .list_enrolments(&EnrolmentFilter {
                    provider: Some(provider()),
                    limit: 7,
                    after: after.clone(),
                    ..Default::default()
                })
                .await
                .unwrap();
            seen.extend(page.items.iter().map(|e| e.id.clone()));
            // Others enrol meanwhile: newer records land before the cursor, never on a later
            // page twice.
            let newer: Vec<Enrolment> = (added..added + 3)
                .map(|n| Enrolment {
                    enrolled_on: date!(2026 - 03 - 01),
                    ..enrolment(n)
                })
                .collect();
            added += 3;
            store
                .apply_learning_batch(&LearningBatch {
                    enrolments: newer,
                    ..LearningBatch::default()
                })
                .await
                .unwrap();
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        let unique: std::collections::BTreeSet<&EnrolmentId> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "no record twice");
        for n in 0..count {
            assert!(seen.contains(&enrolment(n).id), "enrolment {n} was walked");
        }
    })
    .await;
}

#[tokio::test]
async fn a_refused_part_leaves_nothing_of_the_batch() {
    on_every_backend(|store| async move {
        with_issued_credential(&store, 42).await;
        // A new learner, their result, and a credential on a slot already taken.
        let clash = LearningBatch {
            enrolments: vec![enrolment(2)],
            assessments: vec![assessment(2, true)],
            credentials: vec![credential(2, 42)],
            ..LearningBatch::default()
        };
        assert!(matches!(
            store.apply_learning_batch(&clash).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            store.get_enrolment(&enrolment(2).id).await,
            Err(StoreError::NotFound)
        ));
        // The same learner enrolled twice in one offering.
        let mut twice = enrolment(3);
        twice.learner.email = enrolment(1).learner.email;
        let refused = store
            .apply_learning_batch(&LearningBatch {
                enrolments: vec![twice],
                ..LearningBatch::default()
            })
            .await;
        assert!(
            matches!(refused, Err(StoreError::Conflict(_))),
            "{refused:?}"
        );
        // A second credential for one assessment.
        let mut second = credential(1, 43);
        second.id =
            CredentialId::from_urn("urn:uuid:00000000-0000-4000-8000-999999999999").unwrap();
        assert!(matches!(
            store
                .apply_learning_batch(&LearningBatch {
                    credentials: vec![second],
                    ..LearningBatch::default()
                })
                .await,
            Err(StoreError::Conflict(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn state_changes_are_compare_and_set_and_bump_the_list_revision() {
    on_every_backend(|store| async move {
        with_issued_credential(&store, 5).await;
        let id = credential(1, 5).id;
        assert_eq!(store.status_list_revision(&provider(), 1).await.unwrap(), 0);
        let change = |from, to| LearningBatch {
            state_changes: vec![CredentialStateChange {
                id: id.clone(),
                from,
                to,
                reason: "test".into(),
                at: T0,
                replaced_by: None,
            }],
            ..LearningBatch::default()
        };
        store
            .apply_learning_batch(&change(CredentialState::Active, CredentialState::Suspended))
            .await
            .unwrap();
        assert_eq!(store.status_list_revision(&provider(), 1).await.unwrap(), 1);
        // Verification reads the revision with the provider's status, in one statement.
        let status = store.provider_status(&provider()).await.unwrap();
        assert_eq!(
            store
                .status_list_revision_and_provider_status(&provider(), 1)
                .await
                .unwrap(),
            (1, status)
        );
        assert!(matches!(
            store
                .status_list_revision_and_provider_status(&provider(), 2)
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            store
                .status_list_bits(&provider(), 1, CredentialState::Suspended)
                .await
                .unwrap(),
            (1, vec![5])
        );
        // A second writer that still believes the credential is active loses.
        let stale = store
            .apply_learning_batch(&change(CredentialState::Active, CredentialState::Revoked))
            .await;
        assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");
        assert_eq!(
            store.get_credential(&id).await.unwrap().state,
            CredentialState::Suspended
        );
        let suspended = store
            .list_credentials(&CredentialFilter {
                state: Some(CredentialState::Suspended),
                limit: 10,
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(suspended.total, 1);
    })
    .await;
}

#[tokio::test]
async fn concurrent_writers_never_share_a_status_slot() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        let mut tasks = Vec::new();
        for number in 0..8 {
            let store: Arc<SqlStore> = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .apply_learning_batch(&LearningBatch {
                        enrolments: vec![enrolment(number)],
                        assessments: vec![assessment(number, true)],
                        credentials: vec![credential(number, 77)],
                        ..LearningBatch::default()
                    })
                    .await
            }));
        }
        let mut stored = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => stored += 1,
                Err(StoreError::Conflict(_)) => {}
                Err(other) => panic!("{other:?}"),
            }
        }
        assert_eq!(stored, 1, "exactly one writer gets slot 77");
    })
    .await;
}

#[tokio::test]
async fn keys_rotate_and_import_rows_are_applied_once() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        let key = |number: u32| ProviderKeyRecord {
            provider_id: provider(),
            key_number: number,
            public_key: format!("z6Mk{number}"),
            sealed_key: "00".into(),
            created_at: T0,
            retired_at: None,
        };
        store.rotate_provider_key(&key(1)).await.unwrap();
        store.rotate_provider_key(&key(2)).await.unwrap();
        assert!(matches!(
            store.rotate_provider_key(&key(2)).await,
            Err(StoreError::Conflict(_))
        ));
        let keys = store.list_provider_keys(&provider()).await.unwrap();
        assert_eq!(keys.len(), 2);
        assert!(keys[0].retired_at.is_some() && keys[1].retired_at.is_none());

        let job = ImportJob {
            id: ImportJobId::parse("imp-test").unwrap(),
            provider_id: provider(),
            offering_id: OfferingId::parse(OFFERING).unwrap(),
            kind: ImportKind::Enrolments,
            file_name: "f.csv".into(),
            state: ImportState::Queued,
            total_rows: 1,
            processed_rows: 0,
            applied_rows: 0,
            skipped_rows: 0,
            failed_rows: 0,
            issued_credentials: 0,
            problems: Vec::new(),
            message: None,
            created_by: "test".into(),
            created_at: T0,
            updated_at: T0,
        };
        store.insert_import_job(&job, b"file bytes").await.unwrap();
        assert_eq!(store.import_job_file(&job.id).await.unwrap(), b"file bytes");
        let row = ImportRowRecord {
            provider_id: provider(),
            offering_id: job.offering_id.clone(),
            kind: ImportKind::Enrolments,
            row_key: "key-1".into(),
            job_id: job.id.clone(),
            row_number: 2,
            enrolment_id: Some(enrolment(1).id),
            assessment_id: None,
            credential_id: None,
        };
        let mut done = job.clone();
        done.state = ImportState::Done;
        done.applied_rows = 1;
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: vec![enrolment(1)],
                import_rows: vec![row.clone()],
                job: Some(done.clone()),
                clear_job_file: true,
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        assert_eq!(store.get_import_job(&job.id).await.unwrap(), done);
        assert_eq!(
            store.import_rows_of_job(&job.id).await.unwrap(),
            vec![row.clone()]
        );
        assert_eq!(
            store
                .applied_import_rows(
                    &provider(),
                    &job.offering_id,
                    ImportKind::Enrolments,
                    &["key-1".into(), "key-2".into()]
                )
                .await
                .unwrap(),
            vec!["key-1".to_owned()]
        );
        assert!(store.unfinished_import_jobs().await.unwrap().is_empty());
        // The same row key again (a re-run of the file) is refused with its effect.
        let again = store
            .apply_learning_batch(&LearningBatch {
                enrolments: vec![enrolment(2)],
                import_rows: vec![row],
                ..LearningBatch::default()
            })
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))));
        assert!(store.get_enrolment(&enrolment(2).id).await.is_err());
    })
    .await;
}
