//! What reaches a learner's wallet, on both databases: enrolments recorded under an address the
//! account proved (in any letter case, with spaces around it) or under a student number its
//! provider confirmed (for one account only), read at the time; addresses proven by links and
//! removed again. The learners, links and enrolments the other wallet cases build are here too.

use model::{Account, AccountId, EmailAddress, Enrolment, OfferingId, ProviderId};
use store::{
    AccountRecord, AccountStore, AuditEntry, AuditQuery, LearningBatch, LearningStore, LinkPurpose,
    NewLink, OutboxMessage, SqlStore, Store, StoreError, StudentNumberClaim, WalletStore,
};
use time::{Duration, OffsetDateTime};

use super::learning::{OFFERING, PROVIDER, enrolment, provider, with_offering};
use super::{T0, offering, on_every_backend};

pub(super) const TALLINN: &str = "tallinn-digital";
const TALLINN_OFFERING: &str = "of-tallinn";

/// When `proven_learner` redeems the confirmation link.
pub(super) fn proven_at() -> OffsetDateTime {
    T0 + Duration::minutes(1)
}

pub(super) fn account_id(number: u32) -> AccountId {
    AccountId::parse(&format!("acc-{number:04}")).unwrap()
}

pub(super) fn address(text: &str) -> EmailAddress {
    EmailAddress::parse(text).unwrap()
}

pub(super) fn audit(id: &str, minutes: i64) -> AuditEntry {
    AuditEntry {
        id: id.to_owned(),
        at: T0 + Duration::minutes(minutes),
        actor: "acc-staff".to_owned(),
        actor_label: "Staff".to_owned(),
        provider_id: None,
        action: "wallet.test".to_owned(),
        subject: id.to_owned(),
        detail: String::new(),
    }
}

pub(super) async fn audit_ids(store: &SqlStore) -> Vec<String> {
    let query = AuditQuery {
        limit: 100,
        ..AuditQuery::default()
    };
    let entries = store.audit_entries(&query).await.unwrap();
    entries.into_iter().map(|entry| entry.id).collect()
}

/// A confirmation link for account `number`, sent to `email`, live for a day.
pub(super) fn link_to(number: u32, email: &str, secret: &str) -> NewLink {
    NewLink {
        id_hash: secret.to_owned(),
        purpose: LinkPurpose::ConfirmEmail,
        account_id: account_id(number),
        email: address(email),
        created_at: T0,
        expires_at: T0 + Duration::days(1),
    }
}

pub(super) fn message_to(id: &str, email: &str) -> OutboxMessage {
    OutboxMessage {
        id: id.to_owned(),
        recipient: address(email),
        subject: "Confirm your address".to_owned(),
        body: "https://register.example/confirm/secret".to_owned(),
        created_at: T0,
        sent_at: None,
        attempts: 0,
        last_error: None,
        account_id: None,
    }
}

/// A learner signed up with `email`, its confirmation link (`confirm-{number}`) and the
/// message carrying it (`msg-confirm-{number}`) stored, the link not redeemed yet.
pub(super) async fn signed_up_learner(store: &SqlStore, number: u32, email: &str) -> AccountId {
    let record = AccountRecord {
        account: Account {
            id: account_id(number),
            email: address(email),
            name: format!("Learner {number}"),
            role: None,
            provider_id: None,
            email_confirmed_at: None,
            created_at: T0,
            disabled_at: None,
        },
        password_hash: Some(format!("$argon2id$learner-{number}")),
    };
    store
        .create_account(
            &record,
            Some(&link_to(number, email, &format!("confirm-{number}"))),
            Some(&message_to(&format!("msg-confirm-{number}"), email)),
            None,
        )
        .await
        .unwrap();
    record.account.id
}

/// A learner who signed up with `email` and redeemed the confirmation link sent to it.
pub(super) async fn proven_learner(store: &SqlStore, number: u32, email: &str) -> AccountId {
    let id = signed_up_learner(store, number, email).await;
    store
        .redeem_link(
            LinkPurpose::ConfirmEmail,
            &format!("confirm-{number}"),
            proven_at(),
            None,
        )
        .await
        .unwrap();
    id
}

/// Proves one more address for an account through a link sent to it.
pub(super) async fn prove_address(store: &SqlStore, number: u32, email: &str, minutes: i64) {
    let secret = format!("add-{number}-{email}");
    store
        .issue_link(
            &link_to(number, email, &secret),
            &message_to(&format!("msg-{secret}"), email),
        )
        .await
        .unwrap();
    let account = store
        .redeem_link(
            LinkPurpose::ConfirmEmail,
            &secret,
            T0 + Duration::minutes(minutes),
            None,
        )
        .await
        .unwrap();
    assert_eq!(account.id, account_id(number));
}

/// Both seeded providers with an offering each.
pub(super) async fn with_offerings(store: &SqlStore) {
    with_offering(store).await;
    store
        .insert_offering(&offering(TALLINN_OFFERING, TALLINN, |document| {
            document["awarding_bodies"] = serde_json::json!([TALLINN]);
        }))
        .await
        .unwrap();
}

/// Enrolment `number` at `provider`'s offering, recorded under `email` and `student_number`
/// as the provider typed them; a higher number enrolled later.
pub(super) fn recorded(
    number: usize,
    provider: &str,
    email: Option<&str>,
    student_number: Option<&str>,
) -> Enrolment {
    let mut recorded = enrolment(number);
    recorded.provider_id = ProviderId::parse(provider).unwrap();
    recorded.offering_id = OfferingId::parse(if provider == PROVIDER {
        OFFERING
    } else {
        TALLINN_OFFERING
    })
    .unwrap();
    recorded.learner.email = email.map(str::to_owned);
    recorded.learner.student_number = student_number.map(str::to_owned);
    recorded.enrolled_on = time::macros::date!(2025 - 01 - 01) + Duration::days(number as i64);
    recorded.funding = None;
    recorded
}

pub(super) async fn record(store: &SqlStore, enrolments: Vec<Enrolment>) {
    store
        .apply_learning_batch(&LearningBatch {
            enrolments,
            ..LearningBatch::default()
        })
        .await
        .unwrap();
}

/// The ids of the enrolments an account's wallet reaches, in the store's order.
pub(super) async fn wallet(store: &SqlStore, account: &AccountId) -> Vec<String> {
    let enrolments = store.wallet_enrolments(account).await.unwrap();
    enrolments
        .iter()
        .map(|enrolment| enrolment.id.to_string())
        .collect()
}

pub(super) fn claim(
    id: &str,
    account: &AccountId,
    provider: &str,
    number: &str,
) -> StudentNumberClaim {
    StudentNumberClaim {
        id: id.to_owned(),
        account_id: account.clone(),
        provider_id: ProviderId::parse(provider).unwrap(),
        student_number: number.to_owned(),
        requested_at: T0 + Duration::minutes(2),
        confirmed_at: None,
        confirmed_by: None,
    }
}

async fn claim_ids(
    store: &SqlStore,
    account: Option<&AccountId>,
    provider: Option<&ProviderId>,
    pending_only: bool,
) -> Vec<String> {
    let claims = store
        .student_numbers(account, provider, pending_only)
        .await
        .unwrap();
    claims.into_iter().map(|claim| claim.id).collect()
}

#[tokio::test]
async fn a_proven_address_brings_what_was_recorded_under_it_in_any_case() {
    on_every_backend(|store| async move {
        with_offerings(&store).await;
        record(
            &store,
            vec![
                recorded(1, PROVIDER, Some("An.Peeters@Example.ORG"), None),
                recorded(2, TALLINN, Some("  an.peeters@example.org  "), None),
                recorded(3, PROVIDER, Some("other@example.org"), None),
                recorded(4, PROVIDER, Some("an.peeters@example.com"), None),
                recorded(5, PROVIDER, Some("xan.peeters@example.org"), None),
                recorded(6, TALLINN, None, Some("an.peeters@example.org")),
            ],
        )
        .await;
        let id = signed_up_learner(&store, 1, "an.peeters@example.org").await;
        assert!(
            wallet(&store, &id).await.is_empty(),
            "an address not proven yet reaches nothing"
        );
        assert!(store.account_addresses(&id).await.unwrap().is_empty());
        store
            .redeem_link(LinkPurpose::ConfirmEmail, "confirm-1", proven_at(), None)
            .await
            .unwrap();
        assert_eq!(
            store.account_addresses(&id).await.unwrap(),
            [(address("an.peeters@example.org"), proven_at())]
        );
        assert_eq!(
            wallet(&store, &id).await,
            ["enr-000002", "enr-000001"],
            "both providers' enrolments under the address, newest first, and no other"
        );
        // Read at the time: what a provider records later appears without anything copied.
        let later = recorded(7, PROVIDER, Some(" AN.PEETERS@example.org"), Some("x-7"));
        record(&store, vec![later.clone()]).await;
        let reached = store.wallet_enrolments(&id).await.unwrap();
        assert_eq!(reached.len(), 3);
        assert_eq!(reached[0], later, "the enrolment reads back as recorded");
        // Another learner's proven address reaches only their own.
        let other = proven_learner(&store, 2, "other@example.org").await;
        assert_eq!(wallet(&store, &other).await, ["enr-000003"]);
    })
    .await;
}

#[tokio::test]
async fn a_student_number_counts_once_confirmed_for_one_account_at_its_provider() {
    on_every_backend(|store| async move {
        with_offerings(&store).await;
        record(
            &store,
            vec![
                recorded(1, PROVIDER, None, Some(" r0123 ")),
                recorded(2, TALLINN, None, Some("r0123")),
                recorded(3, PROVIDER, None, Some("r0124")),
            ],
        )
        .await;
        let first = proven_learner(&store, 1, "an@example.org").await;
        let second = proven_learner(&store, 2, "bo@example.org").await;
        let tallinn = ProviderId::parse(TALLINN).unwrap();
        store
            .request_student_number(&claim("sn-1", &first, PROVIDER, "r0123"))
            .await
            .unwrap();
        let again = store
            .request_student_number(&claim("sn-1-again", &first, PROVIDER, "r0123"))
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        // Another account's claim to the same number waits beside it without blocking it.
        store
            .request_student_number(&claim("sn-2", &second, PROVIDER, "r0123"))
            .await
            .unwrap();
        assert!(
            wallet(&store, &first).await.is_empty(),
            "a pending claim reaches nothing"
        );
        assert_eq!(
            claim_ids(&store, None, Some(&provider()), true).await,
            ["sn-1", "sn-2"]
        );
        assert_eq!(claim_ids(&store, Some(&first), None, false).await, ["sn-1"]);
        assert!(
            claim_ids(&store, None, Some(&tallinn), false)
                .await
                .is_empty()
        );

        let at = T0 + Duration::minutes(10);
        let confirmed = store
            .confirm_student_number(&provider(), "sn-1", at, "acc-staff", &audit("aud-sn-1", 10))
            .await
            .unwrap();
        assert_eq!(
            confirmed,
            StudentNumberClaim {
                confirmed_at: Some(at),
                confirmed_by: Some("acc-staff".to_owned()),
                ..claim("sn-1", &first, PROVIDER, "r0123")
            }
        );
        assert_eq!(
            wallet(&store, &first).await,
            ["enr-000001"],
            "the provider's enrolment under the number only, not another provider's"
        );
        // The number is the first account's now: the second cannot have it confirmed.
        let taken = store
            .confirm_student_number(&provider(), "sn-2", at, "acc-staff", &audit("aud-sn-2", 11))
            .await;
        assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
        assert!(wallet(&store, &second).await.is_empty());
        assert_eq!(
            claim_ids(&store, None, Some(&provider()), true).await,
            ["sn-2"]
        );
        for (provider, id) in [
            (&tallinn, "sn-2"),
            (&provider(), "sn-1"),
            (&provider(), "sn-x"),
        ] {
            let refused = store
                .confirm_student_number(provider, id, at, "acc-staff", &audit("aud-no", 12))
                .await;
            assert!(
                matches!(refused, Err(StoreError::NotFound)),
                "{id}: {refused:?}"
            );
        }
        assert_eq!(
            audit_ids(&store).await,
            ["aud-sn-1"],
            "only the confirmation that took is in the audit log"
        );

        // Removed by someone else's account or another provider: refused.
        for (account, provider) in [(Some(&first), None), (None, Some(&tallinn))] {
            let refused = store.remove_student_number(account, provider, "sn-2").await;
            assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
        }
        // Removed by its provider, the number is free for the other claim.
        store
            .remove_student_number(None, Some(&provider()), "sn-1")
            .await
            .unwrap();
        assert!(wallet(&store, &first).await.is_empty());
        store
            .confirm_student_number(&provider(), "sn-2", at, "acc-staff", &audit("aud-sn-2", 13))
            .await
            .unwrap();
        assert_eq!(wallet(&store, &second).await, ["enr-000001"]);
        store
            .remove_student_number(Some(&second), None, "sn-2")
            .await
            .unwrap();
        assert!(wallet(&store, &second).await.is_empty());
        let gone = store
            .remove_student_number(Some(&second), None, "sn-2")
            .await;
        assert!(matches!(gone, Err(StoreError::NotFound)), "{gone:?}");
    })
    .await;
}

#[tokio::test]
async fn an_address_stays_with_who_proved_it_first_and_only_a_second_one_can_be_removed() {
    on_every_backend(|store| async move {
        with_offerings(&store).await;
        record(
            &store,
            vec![
                recorded(1, PROVIDER, Some("an@example.org"), None),
                recorded(2, TALLINN, Some("An.Work@Example.org"), None),
            ],
        )
        .await;
        let first = proven_learner(&store, 1, "an@example.org").await;
        let second = proven_learner(&store, 2, "bo@example.org").await;
        prove_address(&store, 1, "an.work@example.org", 2).await;
        let account = store.account(&first).await.unwrap().account;
        assert_eq!(
            account.email,
            address("an@example.org"),
            "signs in as before"
        );
        assert_eq!(account.email_confirmed_at, Some(proven_at()));
        let both = vec![
            (address("an@example.org"), proven_at()),
            (address("an.work@example.org"), T0 + Duration::minutes(2)),
        ];
        assert_eq!(store.account_addresses(&first).await.unwrap(), both);
        assert_eq!(wallet(&store, &first).await, ["enr-000002", "enr-000001"]);

        // The second account proves the same address later: it stays the first account's.
        prove_address(&store, 2, "an.work@example.org", 3).await;
        assert_eq!(
            store.account_addresses(&second).await.unwrap(),
            [(address("bo@example.org"), proven_at())]
        );
        assert!(wallet(&store, &second).await.is_empty());
        assert_eq!(store.account_addresses(&first).await.unwrap(), both);

        // Not the sign-in address, not another account's, not one never proven.
        for (account, email) in [
            (&first, "an@example.org"),
            (&second, "an.work@example.org"),
            (&first, "never@example.org"),
        ] {
            let refused = store.remove_account_address(account, &address(email)).await;
            assert!(
                matches!(refused, Err(StoreError::NotFound)),
                "{email}: {refused:?}"
            );
        }
        assert_eq!(store.account_addresses(&first).await.unwrap(), both);
        store
            .remove_account_address(&first, &address("an.work@example.org"))
            .await
            .unwrap();
        assert_eq!(
            store.account_addresses(&first).await.unwrap(),
            both[..1].to_vec()
        );
        assert_eq!(wallet(&store, &first).await, ["enr-000001"]);
        let again = store
            .remove_account_address(&first, &address("an.work@example.org"))
            .await;
        assert!(matches!(again, Err(StoreError::NotFound)), "{again:?}");
    })
    .await;
}
