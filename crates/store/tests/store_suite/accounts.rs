//! Accounts, sessions, single-use links, failed sign-ins, the outbox and the audit log, on both
//! databases: what belongs together is stored together or not at all, a link works once, a
//! password change or a disabled account ends every session.

use std::sync::Arc;

use model::{Account, AccountId, EmailAddress, ProviderId, Role};
use store::{
    AccountRecord, AccountStore, AuditEntry, AuditQuery, LinkPurpose, NewLink, OutboxMessage,
    SqlStore, StoreError,
};
use time::Duration;

use super::{T0, on_every_backend};

fn account(number: u32, role: Option<Role>) -> AccountRecord {
    AccountRecord {
        account: Account {
            id: AccountId::parse(&format!("acc-{number:04}")).unwrap(),
            email: EmailAddress::parse(&format!("person{number}@example.be")).unwrap(),
            name: format!("Person {number}"),
            role,
            provider_id: matches!(role, Some(Role::Issuer | Role::ProviderAdmin))
                .then(|| ProviderId::parse("hogeschool-scheldeland").unwrap()),
            email_confirmed_at: None,
            created_at: T0,
            disabled_at: None,
        },
        password_hash: Some(format!("$argon2id$hash-{number}")),
    }
}

fn link(number: u32, purpose: LinkPurpose, secret: &str) -> NewLink {
    NewLink {
        id_hash: secret.to_owned(),
        purpose,
        account_id: AccountId::parse(&format!("acc-{number:04}")).unwrap(),
        email: EmailAddress::parse(&format!("person{number}@example.be")).unwrap(),
        created_at: T0,
        expires_at: T0 + Duration::hours(1),
    }
}

fn message(id: &str, number: u32) -> OutboxMessage {
    OutboxMessage {
        id: id.to_owned(),
        recipient: EmailAddress::parse(&format!("person{number}@example.be")).unwrap(),
        subject: "Confirm your address".to_owned(),
        body: "https://register.example/confirm/secret".to_owned(),
        created_at: T0,
        sent_at: None,
        attempts: 0,
        last_error: None,
        account_id: None,
    }
}

fn audit(id: &str, provider: Option<&str>, minutes: i64) -> AuditEntry {
    AuditEntry {
        id: id.to_owned(),
        at: T0 + Duration::minutes(minutes),
        actor: "acc-0001".to_owned(),
        actor_label: "Person 1".to_owned(),
        provider_id: provider.map(|id| ProviderId::parse(id).unwrap()),
        action: "staff.invite".to_owned(),
        subject: id.to_owned(),
        detail: String::new(),
    }
}

#[tokio::test]
async fn an_account_its_link_and_message_are_stored_together_or_not_at_all() {
    on_every_backend(|store| async move {
        let first = account(1, None);
        store
            .create_account(
                &first,
                Some(&link(1, LinkPurpose::ConfirmEmail, "link-1")),
                Some(&message("msg-1", 1)),
                Some(&audit("aud-1", None, 0)),
            )
            .await
            .unwrap();
        assert_eq!(
            store.account_by_email(&first.account.email).await.unwrap(),
            first
        );
        // The same address again: refused, and its link and message are not stored either.
        let mut again = account(2, None);
        again.account.email = first.account.email.clone();
        let refused = store
            .create_account(
                &again,
                Some(&link(2, LinkPurpose::ConfirmEmail, "link-2")),
                Some(&message("msg-2", 2)),
                None,
            )
            .await;
        assert!(
            matches!(refused, Err(StoreError::Conflict(_))),
            "{refused:?}"
        );
        assert!(matches!(
            store.account(&again.account.id).await,
            Err(StoreError::NotFound)
        ));
        let outbox = store.outbox(true, 10).await.unwrap();
        assert_eq!(
            outbox.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["msg-1"]
        );
        assert!(matches!(
            store
                .redeem_link(LinkPurpose::ConfirmEmail, "link-2", T0, None)
                .await,
            Err(StoreError::NotFound)
        ));
        // Sent: no longer unsent, still listed.
        store.mark_message("msg-1", Some(T0), None).await.unwrap();
        assert!(store.outbox(true, 10).await.unwrap().is_empty());
        let all = store.outbox(false, 10).await.unwrap();
        assert_eq!((all[0].attempts, all[0].sent_at), (1, Some(T0)));
    })
    .await;
}

#[tokio::test]
async fn a_link_works_once_before_it_expires_and_for_its_purpose_only() {
    on_every_backend(|store| async move {
        store
            .create_account(
                &account(1, None),
                Some(&link(1, LinkPurpose::ConfirmEmail, "confirm")),
                None,
                None,
            )
            .await
            .unwrap();
        let later = T0 + Duration::minutes(5);
        // Another purpose does not take it.
        assert!(matches!(
            store
                .redeem_link(LinkPurpose::ResetPassword, "confirm", later, Some("x"))
                .await,
            Err(StoreError::NotFound)
        ));
        let confirmed = store
            .redeem_link(LinkPurpose::ConfirmEmail, "confirm", later, None)
            .await
            .unwrap();
        assert_eq!(confirmed.email_confirmed_at, Some(later));
        assert!(matches!(
            store
                .redeem_link(LinkPurpose::ConfirmEmail, "confirm", later, None)
                .await,
            Err(StoreError::NotFound)
        ));
        // Expired.
        store
            .issue_link(
                &link(1, LinkPurpose::ResetPassword, "reset"),
                &message("msg-reset", 1),
            )
            .await
            .unwrap();
        assert!(matches!(
            store
                .redeem_link(
                    LinkPurpose::ResetPassword,
                    "reset",
                    T0 + Duration::hours(2),
                    Some("new")
                )
                .await,
            Err(StoreError::NotFound)
        ));
        // Eight redeemers at once: one succeeds.
        store
            .issue_link(
                &link(1, LinkPurpose::ResetPassword, "raced"),
                &message("msg-raced", 1),
            )
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for attempt in 0..8 {
            let store: Arc<SqlStore> = store.clone();
            tasks.push(tokio::spawn(async move {
                let hash = format!("$argon2id$raced-{attempt}");
                store
                    .redeem_link(LinkPurpose::ResetPassword, "raced", later, Some(&hash))
                    .await
            }));
        }
        let mut succeeded = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => succeeded += 1,
                Err(StoreError::NotFound | StoreError::Busy(_)) => {}
                Err(other) => panic!("{other:?}"),
            }
        }
        assert_eq!(succeeded, 1);
    })
    .await;
}

#[tokio::test]
async fn a_new_password_or_a_disabled_account_ends_every_session() {
    on_every_backend(|store| async move {
        let staff = account(3, Some(Role::Issuer));
        let id = staff.account.id.clone();
        store
            .create_account(&staff, None, None, None)
            .await
            .unwrap();
        let expires = T0 + Duration::hours(12);
        for session in ["s1", "s2"] {
            store
                .insert_account_session(session, &id, T0, expires)
                .await
                .unwrap();
        }
        assert_eq!(store.find_account_session("s1", T0).await.unwrap().id, id);
        assert!(matches!(
            store.find_account_session("s1", expires).await,
            Err(StoreError::NotFound)
        ));
        store.delete_account_session("s1").await.unwrap();
        assert!(store.find_account_session("s1", T0).await.is_err());
        store
            .set_password(&id, "$argon2id$new", Some(&audit("aud-pw", None, 1)))
            .await
            .unwrap();
        assert!(store.find_account_session("s2", T0).await.is_err());
        assert_eq!(
            store.account(&id).await.unwrap().password_hash.as_deref(),
            Some("$argon2id$new")
        );
        store
            .insert_account_session("s3", &id, T0, expires)
            .await
            .unwrap();
        store
            .disable_account(
                &id,
                T0,
                Some(&audit("aud-off", Some("hogeschool-scheldeland"), 2)),
            )
            .await
            .unwrap();
        assert!(store.find_account_session("s3", T0).await.is_err());
        // A disabled account cannot be disabled twice, nor get a password.
        assert!(matches!(
            store.disable_account(&id, T0, None).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.set_password(&id, "x", None).await,
            Err(StoreError::NotFound)
        ));
        let staff_of = store
            .accounts(Some(&ProviderId::parse("hogeschool-scheldeland").unwrap()))
            .await
            .unwrap();
        assert_eq!(staff_of.len(), 1);
        assert!(staff_of[0].disabled_at.is_some());
    })
    .await;
}

#[tokio::test]
async fn failed_sign_ins_are_counted_in_a_window_and_lock() {
    on_every_backend(|store| async move {
        fn lock(failures: u64) -> Option<Duration> {
            (failures >= 3).then(|| Duration::seconds(30))
        }
        let window = Duration::minutes(15);
        for (minute, expected) in [(0, 1), (1, 2)] {
            let at = T0 + Duration::minutes(minute);
            let failures = store
                .record_sign_in_failure("account:acc-1", at, window, lock)
                .await
                .unwrap();
            assert_eq!(failures, expected);
            assert_eq!(
                store
                    .sign_in_locked_until("account:acc-1", at)
                    .await
                    .unwrap(),
                None
            );
        }
        let third = T0 + Duration::minutes(2);
        store
            .record_sign_in_failure("account:acc-1", third, window, lock)
            .await
            .unwrap();
        assert_eq!(
            store
                .sign_in_locked_until("account:acc-1", third)
                .await
                .unwrap(),
            Some(third + Duration::seconds(30))
        );
        // Another subject is not locked; after the wait the lock is gone.
        assert_eq!(
            store
                .sign_in_locked_until("address:10.0.0.1", third)
                .await
                .unwrap(),
            None
        );
        let after = third + Duration::seconds(31);
        assert_eq!(
            store
                .sign_in_locked_until("account:acc-1", after)
                .await
                .unwrap(),
            None
        );
        // Failures older than the window are forgotten.
        let much_later = T0 + Duration::hours(1);
        assert_eq!(
            store
                .record_sign_in_failure("account:acc-1", much_later, window, lock)
                .await
                .unwrap(),
            1
        );
        store.clear_sign_in_failures("account:acc-1").await.unwrap();
        assert_eq!(
            store
                .record_sign_in_failure("account:acc-1", much_later, window, lock)
                .await
                .unwrap(),
            1
        );
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_pages_newest_first_per_provider_or_for_all() {
    on_every_backend(|store| async move {
        for (number, provider) in [
            (1, Some("hogeschool-scheldeland")),
            (2, None),
            (3, Some("tallinn-digital")),
            (4, Some("hogeschool-scheldeland")),
            (5, Some("hogeschool-scheldeland")),
        ] {
            store
                .append_audit(&audit(&format!("aud-{number}"), provider, number))
                .await
                .unwrap();
        }
        let ids = |entries: Vec<AuditEntry>| -> Vec<String> {
            entries.into_iter().map(|entry| entry.id).collect()
        };
        let all = store
            .audit_entries(&AuditQuery {
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(ids(all), ["aud-5", "aud-4", "aud-3", "aud-2", "aud-1"]);
        let provider = Some(ProviderId::parse("hogeschool-scheldeland").unwrap());
        let first = store
            .audit_entries(&AuditQuery {
                provider: provider.clone(),
                before: None,
                limit: 2,
            })
            .await
            .unwrap();
        let last = first.last().map(|entry| (entry.at, entry.id.clone()));
        assert_eq!(ids(first), ["aud-5", "aud-4"]);
        let next = store
            .audit_entries(&AuditQuery {
                provider,
                before: last,
                limit: 2,
            })
            .await
            .unwrap();
        assert_eq!(ids(next), ["aud-1"]);
    })
    .await;
}
