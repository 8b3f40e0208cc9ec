//! The statistics' counts kept by every learning write equal a recount from the learning
//! tables after every kind of batch: enrolments in several months, results (a retake, a
//! validation), credentials, suspension, revocation, a correction, a batch that fails, and
//! concurrent results for one enrolment.

use std::sync::Arc;

use model::credential::AssessmentRoute;
use model::{AssessmentId, CredentialId, CredentialState};
use store::{
    CredentialStateChange, FactRange, Grain, LearningBatch, LearningStore, SqlStore,
    StatisticsScope, StatisticsStore, StoreError,
};
use time::Month;

use super::learning::{assessment, credential, enrolment, with_offering};
use super::{T0, on_every_backend, on_every_database};

pub(super) fn every_term() -> FactRange {
    FactRange {
        from: "2000-01-01".to_owned(),
        to: "2100-01-01".to_owned(),
        grain: Grain::Term,
    }
}

/// Every count the statistics read, as sorted lines (the reads have no order).
async fn counts(store: &SqlStore) -> Vec<String> {
    let scope = StatisticsScope::Register;
    let range = every_term();
    let mut lines: Vec<String> = Vec::new();
    for fact in store.enrolment_facts(&scope, &range).await.unwrap() {
        lines.push(format!("{fact:?}"));
    }
    for fact in store.funding_facts(&scope, &range).await.unwrap() {
        lines.push(format!("{fact:?}"));
    }
    for fact in store.credential_facts(&scope, &range).await.unwrap() {
        lines.push(format!("{fact:?}"));
    }
    for fact in store.completion_facts(&scope, &range).await.unwrap() {
        lines.push(format!("{fact:?}"));
    }
    lines.sort();
    lines
}

/// The kept counts equal the recount (which replaces them with the same values).
async fn assert_recount_agrees(store: &SqlStore, after: &str) -> Vec<String> {
    let kept = counts(store).await;
    store.recount_statistics().await.unwrap();
    let recounted = counts(store).await;
    assert_eq!(kept, recounted, "after {after}");
    kept
}

fn enrolled_in_month(number: usize) -> model::Enrolment {
    let mut enrolment = enrolment(number);
    let month = Month::try_from(1 + (number % 12) as u8).unwrap();
    enrolment.enrolled_on =
        time::Date::from_calendar_date(2024 + (number % 3) as i32, month, 3).unwrap();
    enrolment
}

fn retake(number: usize, passed: bool) -> model::Assessment {
    let mut result = assessment(number, passed);
    result.id = AssessmentId::parse(&format!("asm-{number:06}-retake")).unwrap();
    result
}

fn validation(number: usize) -> model::Assessment {
    let mut result = assessment(number, true);
    result.outcome.route = AssessmentRoute::Validation {
        prior_learning: model::vocab::LearningSetting::Informal,
    };
    result
}

fn change(id: &CredentialId, from: CredentialState, to: CredentialState) -> CredentialStateChange {
    CredentialStateChange {
        id: id.clone(),
        from,
        to,
        reason: "test".into(),
        at: T0,
        replaced_by: None,
    }
}

#[tokio::test]
async fn the_counts_every_write_keeps_equal_a_recount() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        assert!(counts(&store).await.is_empty());
        // Forty enrolments over three years and twelve months; some funded, some with amounts.
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: (0..40).map(enrolled_in_month).collect(),
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        let enrolled = assert_recount_agrees(&store, "enrolments").await;
        assert!(enrolled.len() > 10, "{enrolled:?}");
        // Results: passes, fails, validations (even numbers), and a retake that passes after a
        // failed first try (the enrolment is assessed and passed once).
        let mut results: Vec<_> = (0..30)
            .map(|number| {
                if number % 2 == 0 {
                    validation(number)
                } else {
                    assessment(number, number % 3 != 0)
                }
            })
            .collect();
        results.push(retake(3, true));
        store
            .apply_learning_batch(&LearningBatch {
                assessments: results,
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        assert_recount_agrees(&store, "results").await;
        // Credentials for twenty of them, then new enrolments with results and credentials in
        // one batch.
        store
            .apply_learning_batch(&LearningBatch {
                credentials: (0..20).map(|n| credential(n, n as u32)).collect(),
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        assert_recount_agrees(&store, "credentials").await;
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: (40..45).map(enrolled_in_month).collect(),
                assessments: (40..45)
                    .map(|n| {
                        if n % 2 == 0 {
                            validation(n)
                        } else {
                            assessment(n, true)
                        }
                    })
                    .collect(),
                credentials: (40..45).map(|n| credential(n, n as u32)).collect(),
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        assert_recount_agrees(&store, "a whole batch").await;
        // Suspension, revocation, and a correction: the old credential replaced by a new one
        // from a new result, in one batch.
        let id = |number: usize| credential(number, 0).id;
        let mut corrected = credential(7, 100);
        corrected.id =
            CredentialId::from_urn("urn:uuid:00000000-0000-4000-8000-999999999999").unwrap();
        corrected.assessment_id = retake(7, true).id;
        corrected.issued_at = T0 + time::Duration::days(200);
        let mut replace = change(&id(7), CredentialState::Active, CredentialState::Revoked);
        replace.replaced_by = Some(corrected.id.clone());
        store
            .apply_learning_batch(&LearningBatch {
                assessments: vec![retake(7, true)],
                credentials: vec![corrected],
                state_changes: vec![
                    change(&id(1), CredentialState::Active, CredentialState::Suspended),
                    change(&id(2), CredentialState::Active, CredentialState::Revoked),
                    replace,
                ],
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        let changed = assert_recount_agrees(&store, "state changes and a correction").await;
        // A batch refused halfway (a stale state change) changes no count.
        let refused = store
            .apply_learning_batch(&LearningBatch {
                enrolments: (50..55).map(enrolled_in_month).collect(),
                assessments: vec![retake(9, true)],
                state_changes: vec![change(
                    &id(1),
                    CredentialState::Active,
                    CredentialState::Revoked,
                )],
                ..LearningBatch::default()
            })
            .await;
        assert!(
            matches!(refused, Err(StoreError::Conflict(_))),
            "{refused:?}"
        );
        assert_eq!(
            counts(&store).await,
            changed,
            "a refused batch changed the counts"
        );
        // A suspended credential reinstated, and the suspended one revoked later.
        store
            .apply_learning_batch(&LearningBatch {
                state_changes: vec![change(
                    &id(1),
                    CredentialState::Suspended,
                    CredentialState::Active,
                )],
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        assert_recount_agrees(&store, "a reinstatement").await;
    })
    .await;
}

#[tokio::test]
async fn concurrent_results_for_one_enrolment_count_it_once() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: vec![enrolled_in_month(1)],
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for attempt in 0..8 {
            let store: Arc<SqlStore> = store.clone();
            tasks.push(tokio::spawn(async move {
                let mut result = assessment(1, attempt % 2 == 0);
                result.id = AssessmentId::parse(&format!("asm-concurrent-{attempt}")).unwrap();
                store
                    .apply_learning_batch(&LearningBatch {
                        assessments: vec![result],
                        ..LearningBatch::default()
                    })
                    .await
            }));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        let progress = store
            .completion_facts(&StatisticsScope::Register, &every_term())
            .await
            .unwrap();
        assert_eq!(progress.len(), 1, "{progress:?}");
        assert_eq!(
            (
                progress[0].enrolled,
                progress[0].assessed,
                progress[0].passed
            ),
            (1, 1, 1),
            "eight results for one enrolment: assessed and passed once"
        );
        assert_recount_agrees(&store, "concurrent results").await;
    })
    .await;
}

#[tokio::test]
async fn the_database_sums_terms_into_calendar_and_academic_years() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: (0..60).map(enrolled_in_month).collect(),
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        let scope = StatisticsScope::Register;
        let read = |grain| {
            let store = store.clone();
            let scope = scope.clone();
            async move {
                let range = FactRange {
                    from: "2023-09-01".to_owned(),
                    to: "2026-09-01".to_owned(),
                    grain,
                };
                let mut sums = std::collections::BTreeMap::<String, u64>::new();
                for fact in store.completion_facts(&scope, &range).await.unwrap() {
                    *sums.entry(fact.term).or_default() += fact.enrolled;
                }
                sums
            }
        };
        let terms = read(Grain::Term).await;
        let year = |term: &str| term[..4].parse::<i32>().unwrap();
        let mut calendar = std::collections::BTreeMap::<String, u64>::new();
        let mut academic = std::collections::BTreeMap::<String, u64>::new();
        for (term, count) in &terms {
            *calendar.entry(format!("{}-01", year(term))).or_default() += count;
            let start = if term.ends_with("-09") {
                year(term)
            } else {
                year(term) - 1
            };
            *academic.entry(format!("{start}-09")).or_default() += count;
        }
        assert!(terms.keys().any(|term| term.ends_with("-09")), "{terms:?}");
        assert_eq!(read(Grain::CalendarYear).await, calendar);
        assert_eq!(read(Grain::AcademicYear).await, academic);
        assert_eq!(
            academic.keys().cloned().collect::<Vec<_>>(),
            ["2023-09", "2024-09", "2025-09"],
            "the range's terms, summed into three academic years"
        );
    })
    .await;
}

/// A register made before migration 11 (one enrolment count table of status and scheme
/// together) has the two tables that replaced it filled from its learners when it opens.
#[tokio::test]
async fn a_register_from_before_migration_eleven_has_its_enrolments_counted_again() {
    on_every_database(|store, database| async move {
        with_offering(&store).await;
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: (0..40).map(enrolled_in_month).collect(),
                assessments: (0..20).map(|n| assessment(n, true)).collect(),
                credentials: (0..10).map(|n| credential(n, n as u32)).collect(),
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        let kept = counts(&store).await;
        assert!(
            kept.iter().any(|line| line.starts_with("FundingFacts")),
            "{kept:?}"
        );
        // Back to the schema of migration 10, as the previous program left it.
        database
            .execute(
                "DROP TABLE stat_enrolment_status; DROP TABLE stat_enrolment_funding; \
                 CREATE TABLE stat_enrolments (provider_id TEXT NOT NULL, offering_id TEXT NOT NULL, \
                 term TEXT NOT NULL, employment_status TEXT NOT NULL, funding_scheme TEXT NOT NULL, \
                 enrolments BIGINT NOT NULL, with_amount BIGINT NOT NULL, amount_cents BIGINT NOT NULL, \
                 PRIMARY KEY (provider_id, offering_id, term, employment_status, funding_scheme)); \
                 DELETE FROM schema_migrations WHERE version = 11;",
            )
            .await;
        let reopened = database.open().await;
        assert_eq!(counts(&reopened).await, kept);
        reopened.close().await;
    })
    .await;
}

/// The totals per category summed by the database equal the per-offering counts added up, over
/// every offering or only those listed (an offering not listed adds nothing).
#[tokio::test]
async fn totals_per_category_add_up_the_offerings_counts() {
    use store::EnrolmentCategory;
    on_every_backend(|store| async move {
        with_offering(&store).await;
        store
            .apply_learning_batch(&LearningBatch {
                enrolments: (0..40).map(enrolled_in_month).collect(),
                ..LearningBatch::default()
            })
            .await
            .unwrap();
        let scope = StatisticsScope::Register;
        let range = every_term();
        let mut by_status = std::collections::BTreeMap::<(String, String), u64>::new();
        let mut offering = None;
        for fact in store.enrolment_facts(&scope, &range).await.unwrap() {
            *by_status
                .entry((fact.term, fact.employment_status))
                .or_default() += fact.enrolments;
            offering = Some(fact.offering_id);
        }
        let mut by_scheme = std::collections::BTreeMap::<(String, String), (u64, u64, i64)>::new();
        for fact in store.funding_facts(&scope, &range).await.unwrap() {
            let sum = by_scheme
                .entry((fact.term, fact.funding_scheme.unwrap_or_default()))
                .or_default();
            sum.0 += fact.enrolments;
            sum.1 += fact.with_amount;
            sum.2 += fact.amount_cents;
        }
        let offering = offering.unwrap();
        let other = model::OfferingId::parse("not-an-offering").unwrap();
        for listed in [None, Some(vec![offering.clone(), other.clone()])] {
            let statuses = store
                .enrolment_totals(
                    &scope,
                    &range,
                    EnrolmentCategory::EmploymentStatus,
                    listed.as_deref(),
                )
                .await
                .unwrap();
            let read: std::collections::BTreeMap<_, _> = statuses
                .into_iter()
                .map(|total| ((total.term, total.category), total.enrolments))
                .collect();
            assert_eq!(read, by_status);
            let schemes = store
                .enrolment_totals(
                    &scope,
                    &range,
                    EnrolmentCategory::FundingScheme,
                    listed.as_deref(),
                )
                .await
                .unwrap();
            let read: std::collections::BTreeMap<_, _> = schemes
                .into_iter()
                .map(|total| {
                    (
                        (total.term, total.category),
                        (total.enrolments, total.with_amount, total.amount_cents),
                    )
                })
                .collect();
            assert_eq!(read, by_scheme);
        }
        assert!(
            store
                .enrolment_totals(
                    &scope,
                    &range,
                    EnrolmentCategory::EmploymentStatus,
                    Some(&[other])
                )
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}
