//! The receiving side in storage, on both databases: a pathway's award is recorded with its
//! credential once — of ten concurrent awards to one learner one is stored, with nothing of the
//! others — a request turns into the award, erasure keeps awards without the name; recognition
//! decisions mark their request decided once, are withdrawn only by their organisation and are
//! filtered as asked; a learner asks an organisation once per credential and purpose.

use model::credential::CredentialPart;
use model::recognition::RecognitionTerms;
use model::vocab::{LegalBasis, RecognitionPurpose, RecognitionScope};
use model::{LangText, OfferingId, ProviderId};
use store::{
    CredentialStore, DecisionFilter, DecisionSubject, LearningBatch, LearningStore, PathwayAward,
    PathwayStore, RecognitionDecision, RecognitionRequest, RecognitionStore, StoreError,
};
use time::Duration;

use super::learning::{
    OFFERING, PROVIDER, assessment, credential, enrolment, provider, with_offering,
};
use super::wallet::{audit, signed_up_learner};
use super::{T0, on_every_backend};

fn award(account: &model::AccountId, number: Option<usize>) -> PathwayAward {
    PathwayAward {
        pathway_id: "pw-stack".to_owned(),
        account_id: account.clone(),
        provider_id: provider(),
        learner_name: "Learner 1".to_owned(),
        requested_at: T0,
        credential_id: number.map(|number| credential(number, number as u32).id),
        awarded_at: number.map(|_| T0 + Duration::hours(1)),
        parts: vec![CredentialPart {
            credential_id: "urn:uuid:00000000-0000-4000-8000-000000000001".to_owned(),
            achievement_id: Some("https://register.example.eu/offerings/of-learning/v1".to_owned()),
            title: "Learning".to_owned(),
            ects: Some(2.5),
        }],
    }
}

/// The batch of an award: an enrolment, a passed assessment, the credential and the award.
fn batch(account: &model::AccountId, number: usize) -> LearningBatch {
    LearningBatch {
        enrolments: vec![enrolment(number)],
        assessments: vec![assessment(number, true)],
        credentials: vec![credential(number, number as u32)],
        award: Some(award(account, Some(number))),
        ..LearningBatch::default()
    }
}

async fn with_pathway(store: &store::SqlStore) {
    with_offering(store).await;
    let rules = model::pathway::PathwayRules {
        name: LangText::one("en", "Stack"),
        description: LangText::default(),
        awards: OfferingId::parse(OFFERING).unwrap(),
        requirements: vec![model::pathway::Requirement::Offerings {
            label: LangText::one("en", "All"),
            offerings: vec![OfferingId::parse(OFFERING).unwrap()],
            at_least: None,
        }],
        automatic: false,
    };
    store
        .insert_pathway(
            &store::StoredPathway {
                id: "pw-stack".to_owned(),
                provider_id: provider(),
                rules,
                created_at: T0,
                updated_at: T0,
                withdrawn_at: None,
            },
            &audit("aud-pw", 0),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn a_pathway_is_awarded_to_a_learner_once_even_when_ten_servers_try() {
    on_every_backend(|store| async move {
        with_pathway(&store).await;
        let account = signed_up_learner(&store, 1, "l1@example.org").await;
        // Asked for first; asking again is a conflict.
        store
            .request_award(&award(&account, None), &audit("aud-ask", 1))
            .await
            .unwrap();
        assert!(matches!(
            store
                .request_award(&award(&account, None), &audit("aud-ask-2", 2))
                .await,
            Err(StoreError::Conflict(_))
        ));
        let asked = store
            .pathway_award("pw-stack", &account)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((asked.credential_id, asked.parts.len()), (None, 0));

        // Ten concurrent awards, each its own credential: one is stored, whole.
        let mut attempts = tokio::task::JoinSet::new();
        for n in 0..10 {
            let store = store.clone();
            let account = account.clone();
            attempts.spawn(async move {
                (
                    n,
                    store.apply_learning_batch(&batch(&account, 100 + n)).await,
                )
            });
        }
        let mut results: Vec<(usize, Result<(), StoreError>)> = attempts.join_all().await;
        results.sort_by_key(|(n, _)| *n);
        let results: Vec<Result<(), StoreError>> =
            results.into_iter().map(|(_, result)| result).collect();
        let stored: Vec<usize> = results
            .iter()
            .enumerate()
            .filter(|(_, result)| result.is_ok())
            .map(|(n, _)| 100 + n)
            .collect();
        assert_eq!(stored.len(), 1, "{results:?}");
        assert!(
            results.iter().all(|result| matches!(
                result,
                Ok(()) | Err(StoreError::Conflict(_)) | Err(StoreError::Busy(_))
            )),
            "{results:?}"
        );
        let awarded = store
            .pathway_award("pw-stack", &account)
            .await
            .unwrap()
            .unwrap();
        let winner = credential(stored[0], stored[0] as u32).id;
        assert_eq!(awarded.credential_id.as_ref(), Some(&winner));
        assert_eq!(awarded.requested_at, T0, "the request's time stays");
        assert_eq!(awarded.parts[0].ects, Some(2.5));
        assert_eq!(
            store.award_of_credential(&winner).await.unwrap(),
            Some(awarded.clone())
        );
        // The losers left no enrolment, assessment or credential behind.
        for n in (100..110).filter(|n| *n != stored[0]) {
            assert!(
                store
                    .get_credential(&credential(n, n as u32).id)
                    .await
                    .is_err(),
                "credential {n}"
            );
            assert!(
                store.get_enrolment(&enrolment(n).id).await.is_err(),
                "enrolment {n}"
            );
        }
        assert_eq!(store.pathway_awards("pw-stack").await.unwrap().len(), 1);
        assert_eq!(store.all_pathway_awards().await.unwrap().len(), 1);
    })
    .await;
}

fn terms(scope: RecognitionScope) -> RecognitionTerms {
    RecognitionTerms {
        purpose: RecognitionPurpose::Employment,
        scope,
        recognised_as: LangText::one("en", "Meets the data requirement"),
        ects_granted: None,
        conditions: LangText::default(),
        legal_basis: LegalBasis::CollectiveAgreement,
        policy: LangText::default(),
        valid_from: "2026-01-01".to_owned(),
        valid_until: Some("2027-12-31".to_owned()),
    }
}

pub(super) fn decision(id: &str, subject: DecisionSubject, minutes: i64) -> RecognitionDecision {
    RecognitionDecision {
        id: id.to_owned(),
        provider_id: provider(),
        subject,
        terms: terms(RecognitionScope::Full),
        decided_at: T0 + Duration::minutes(minutes),
        withdrawn_at: None,
    }
}

#[tokio::test]
async fn decisions_and_requests_are_kept_as_given_and_decided_once() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        let account = signed_up_learner(&store, 2, "l2@example.org").await;
        let urn = "urn:uuid:00000000-0000-4000-8000-000000000002";
        let request = RecognitionRequest {
            id: "rr-1".to_owned(),
            provider_id: provider(),
            account_id: account.clone(),
            credential_id: urn.to_owned(),
            credential:
                r#"{"id": "urn:uuid:00000000-0000-4000-8000-000000000002", "name": "Ünïcode ✓"}"#
                    .to_owned(),
            purpose: RecognitionPurpose::Employment,
            message: "For the job".to_owned(),
            created_at: T0,
            decision_id: None,
            decided_at: None,
        };
        store
            .insert_request(&request, &audit("aud-rr", 1))
            .await
            .unwrap();
        let again = RecognitionRequest {
            id: "rr-2".to_owned(),
            ..request.clone()
        };
        assert!(matches!(
            store.insert_request(&again, &audit("aud-rr-2", 2)).await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(store.request("rr-1").await.unwrap(), request);

        // Decided once: the second decision on the same request stores nothing.
        let first = decision("rd-1", DecisionSubject::Credential(urn.to_owned()), 3);
        store
            .insert_decision(&first, Some("rr-1"), &audit("aud-rd-1", 3))
            .await
            .unwrap();
        let second = decision("rd-2", DecisionSubject::Credential(urn.to_owned()), 4);
        assert!(matches!(
            store
                .insert_decision(&second, Some("rr-1"), &audit("aud-rd-2", 4))
                .await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            store.decision("rd-2").await,
            Err(StoreError::NotFound)
        ));
        let decided = store.request("rr-1").await.unwrap();
        assert_eq!(decided.decision_id.as_deref(), Some("rd-1"));
        // A decided request is not withdrawn by the learner.
        assert!(matches!(
            store
                .delete_request("rr-1", &account, &audit("aud-del", 5))
                .await,
            Err(StoreError::NotFound)
        ));

        // About an offering; filters by organisation, offering and credential; withdrawal by
        // the organisation only.
        let offering = OfferingId::parse(OFFERING).unwrap();
        store
            .insert_decision(
                &decision("rd-3", DecisionSubject::Offering(offering.clone()), 6),
                None,
                &audit("aud-rd-3", 6),
            )
            .await
            .unwrap();
        let about = |filter: DecisionFilter| {
            let store = store.clone();
            async move {
                store
                    .decisions(&filter)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|d| d.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(
            about(DecisionFilter::default()).await,
            ["rd-3", "rd-1"],
            "newest first"
        );
        assert_eq!(
            about(DecisionFilter {
                offering: Some(offering.clone()),
                ..DecisionFilter::default()
            })
            .await,
            ["rd-3"]
        );
        assert_eq!(
            about(DecisionFilter {
                credentials: vec![urn.to_owned()],
                ..DecisionFilter::default()
            })
            .await,
            ["rd-1"]
        );
        // A verification's findings: about the credential or about its offering, in one read.
        assert_eq!(
            about(DecisionFilter {
                credentials: vec![urn.to_owned()],
                or_offering: Some(offering.clone()),
                ..DecisionFilter::default()
            })
            .await,
            ["rd-3", "rd-1"]
        );
        assert_eq!(
            about(DecisionFilter {
                credentials: vec!["urn:uuid:00000000-0000-4000-8000-000000000000".to_owned()],
                or_offering: Some(offering.clone()),
                ..DecisionFilter::default()
            })
            .await,
            ["rd-3"],
            "another credential of the offering: the offering's decisions only"
        );
        assert_eq!(
            about(DecisionFilter {
                or_offering: Some(offering.clone()),
                ..DecisionFilter::default()
            })
            .await,
            ["rd-3"]
        );
        assert!(matches!(
            store
                .withdraw_decision(
                    "rd-3",
                    &ProviderId::parse("another-provider").unwrap(),
                    T0,
                    &audit("aud-w-x", 7)
                )
                .await,
            Err(StoreError::NotFound)
        ));
        store
            .withdraw_decision(
                "rd-3",
                &provider(),
                T0 + Duration::hours(2),
                &audit("aud-w", 8),
            )
            .await
            .unwrap();
        assert!(matches!(
            store
                .withdraw_decision("rd-3", &provider(), T0, &audit("aud-w-2", 9))
                .await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            about(DecisionFilter {
                live_only: true,
                ..DecisionFilter::default()
            })
            .await,
            ["rd-1"]
        );
        let read = store.decision("rd-3").await.unwrap();
        assert_eq!(
            read.terms,
            terms(RecognitionScope::Full),
            "the terms as given"
        );
        assert_eq!(read.withdrawn_at, Some(T0 + Duration::hours(2)));
        assert_eq!(store.requests(Some(&account), None).await.unwrap().len(), 1);
        assert_eq!(
            store
                .requests(None, Some(&ProviderId::parse(PROVIDER).unwrap()))
                .await
                .unwrap()
                .len(),
            1
        );
    })
    .await;
}
