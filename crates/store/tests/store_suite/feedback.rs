//! Learners' feedback in storage, on both databases: one answer per enrolment, changed in place
//! only by its own account within the window; the `feedback` overview's counts follow; erasure
//! keeps the answer in the counts without who gave it or their words.

use model::{EnrolmentId, OfferingId};
use store::{Feedback, FeedbackStore, StatisticsScope, StatisticsStore, StoreError, WalletStore};
use time::Duration;

use super::learning::{OFFERING, provider, with_offering};
use super::statistics_counts::every_term;
use super::wallet::{audit, record, recorded, signed_up_learner};
use super::{T0, on_every_backend};

fn answer(number: usize, account: &model::AccountId, overall: u8, workload: i8) -> Feedback {
    Feedback {
        enrolment_id: EnrolmentId::parse(&format!("enr-{number:06}")).unwrap(),
        provider_id: provider(),
        offering_id: OfferingId::parse(OFFERING).unwrap(),
        account_id: Some(account.clone()),
        overall,
        content: 4,
        teaching: 4,
        assessment: 4,
        workload,
        comment: format!("comment {number}"),
        submitted_at: T0,
        updated_at: T0,
    }
}

#[tokio::test]
async fn an_answer_is_changed_only_by_its_learner_within_the_window_and_counted() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        record(
            &store,
            (1..=3)
                .map(|n| {
                    let email = format!("l{n}@example.org");
                    recorded(n, super::learning::PROVIDER, Some(&email), None)
                })
                .collect(),
        )
        .await;
        let first = signed_up_learner(&store, 1, "first@example.org").await;
        let second = signed_up_learner(&store, 2, "second@example.org").await;
        let window = T0 - Duration::days(30);
        store
            .save_feedback(&answer(1, &first, 5, 0), window)
            .await
            .unwrap();
        store
            .save_feedback(&answer(2, &second, 2, 1), window)
            .await
            .unwrap();
        // Changed by its own account within the window: in place, first date kept.
        let mut changed = answer(1, &first, 3, -1);
        changed.updated_at = T0 + Duration::days(2);
        store.save_feedback(&changed, window).await.unwrap();
        // Another account, or after the window: refused, nothing changed.
        let refused = store.save_feedback(&answer(1, &second, 1, 0), window).await;
        assert!(matches!(refused, Err(StoreError::Conflict(_))));
        let late = store
            .save_feedback(&answer(1, &first, 1, 0), T0 + Duration::days(1))
            .await;
        assert!(matches!(late, Err(StoreError::Conflict(_))));
        let stored = store
            .feedback_of(&[EnrolmentId::parse("enr-000001").unwrap()])
            .await
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!((stored[0].overall, stored[0].workload), (3, -1));
        assert_eq!(stored[0].submitted_at, T0);
        let all = store
            .offering_feedback(&OfferingId::parse(OFFERING).unwrap())
            .await
            .unwrap();
        assert_eq!(all.len(), 2);

        // The overview's counts: two answers, none 4+ overall, one more and one less work.
        let facts = store
            .feedback_facts(&StatisticsScope::Register, &every_term())
            .await
            .unwrap();
        let sum = |pick: fn(&store::FeedbackFacts) -> u64| facts.iter().map(pick).sum::<u64>();
        assert_eq!(sum(|f| f.responses), 2);
        assert_eq!(sum(|f| f.satisfied), 0);
        assert_eq!(sum(|f| f.workload_more), 1);
        assert_eq!(sum(|f| f.workload_less), 1);

        // Erasure: counted still, anonymous and without words.
        store
            .erase_account(&first, T0 + Duration::days(3), &audit("aud-erase-fb", 9))
            .await
            .unwrap();
        let after = store
            .feedback_of(&[EnrolmentId::parse("enr-000001").unwrap()])
            .await
            .unwrap();
        assert_eq!(after[0].account_id, None);
        assert_eq!(after[0].comment, "");
        let facts = store
            .feedback_facts(&StatisticsScope::Register, &every_term())
            .await
            .unwrap();
        assert_eq!(facts.iter().map(|f| f.responses).sum::<u64>(), 2);
    })
    .await;
}
