//! A wallet's start and end, on both databases: a register from before the wallet has its
//! enrolments matched to learners when it opens, and an erased account keeps its id and nothing
//! that identifies anyone while the providers' records stay.

use model::Account;
use store::{AccountStore, LearningStore, LinkPurpose, NewLink, ShareStore, WalletStore};
use time::Duration;

use super::learning::{PROVIDER, provider, with_offering};
use super::wallet::{
    TALLINN, account_id, address, audit, audit_ids, claim, link_to, message_to, prove_address,
    proven_at, proven_learner, record, recorded, signed_up_learner, wallet, with_offerings,
};
use super::wallet_sharing::{imported, learner_did, not_found, share};
use super::{T0, on_every_database};

/// Migration 13 back to 12: the wallet's tables and the enrolments' matching columns gone.
const BACK_TO_MIGRATION_12: &str = "DROP TABLE share_link_views; DROP TABLE share_link_items; \
     DROP TABLE share_links; DROP TABLE imported_credentials; DROP TABLE learner_keys; \
     DROP TABLE account_student_numbers; DROP TABLE account_addresses; \
     DROP INDEX enrolments_learner_email; DROP INDEX enrolments_learner_student; \
     ALTER TABLE enrolments DROP COLUMN learner_email; \
     ALTER TABLE enrolments DROP COLUMN learner_student; \
     ALTER TABLE accounts DROP COLUMN erased_at; \
     DELETE FROM schema_migrations WHERE version = 13;";

/// A register left at migration 12 by the previous program gets the enrolments' address
/// (lower case, trimmed) and student number (trimmed) filled in, and its confirmed sign-in
/// addresses proven, when it opens.
#[tokio::test]
async fn a_register_from_before_the_wallet_has_its_enrolments_matched_when_it_opens() {
    on_every_database(|store, database| async move {
        with_offering(&store).await;
        let first = proven_learner(&store, 1, "an.peeters@example.org").await;
        let second = proven_learner(&store, 2, "bo@example.org").await;
        let mut anonymous = recorded(2, PROVIDER, None, None);
        anonymous.learner.did = Some("did:example:learner-2".to_owned());
        record(
            &store,
            vec![
                recorded(
                    1,
                    PROVIDER,
                    Some("An.Peeters@Example.org "),
                    Some(" r0123 "),
                ),
                anonymous,
            ],
        )
        .await;
        database.execute(BACK_TO_MIGRATION_12).await;
        let reopened = database.open().await;
        let filled = database
            .texts("SELECT id, learner_email, learner_student FROM enrolments ORDER BY id")
            .await;
        let text = |value: &str| Some(value.to_owned());
        assert_eq!(
            filled,
            [
                vec![
                    text("enr-000001"),
                    text("an.peeters@example.org"),
                    text("r0123")
                ],
                vec![text("enr-000002"), None, None],
            ]
        );
        assert_eq!(
            reopened.account_addresses(&first).await.unwrap(),
            [(address("an.peeters@example.org"), proven_at())]
        );
        assert_eq!(wallet(&reopened, &first).await, ["enr-000001"]);
        reopened
            .request_student_number(&claim("sn-2", &second, PROVIDER, "r0123"))
            .await
            .unwrap();
        reopened
            .confirm_student_number(&provider(), "sn-2", T0, "operator", &audit("aud-sn", 5))
            .await
            .unwrap();
        assert_eq!(wallet(&reopened, &second).await, ["enr-000001"]);
        reopened.close().await;
    })
    .await;
}

#[tokio::test]
async fn an_erased_account_keeps_its_id_and_nothing_else_while_providers_keep_their_records() {
    on_every_database(|store, database| async move {
        with_offerings(&store).await;
        let enrolments = vec![
            recorded(1, PROVIDER, Some("an@example.org"), None),
            recorded(2, TALLINN, Some("an.work@example.org"), None),
            recorded(3, PROVIDER, None, Some("r0123")),
            recorded(4, PROVIDER, Some("bo@example.org"), None),
        ];
        record(&store, enrolments.clone()).await;
        // Everything a wallet keeps, for the account to erase and for another.
        for (number, email) in [(1, "an@example.org"), (2, "bo@example.org")] {
            let id = proven_learner(&store, number, email).await;
            let link = share(&format!("shr-{number}"), &id, 0, None);
            let hash = format!("hash-{number}");
            let entry = audit(&format!("aud-share-{number}"), 0);
            store.insert_share_link(&link, &hash, &entry).await.unwrap();
            store.open_share_link(&hash, T0).await.unwrap();
            let credential = imported(&format!("imp-{number}"), &id, 0);
            store.insert_imported_credential(&credential).await.unwrap();
            let did = learner_did(&id, &format!("did:key:z{number}"), Some(vec![1]));
            store.put_learner_key(&did).await.unwrap();
            let session = format!("session-{number}");
            let expires = T0 + Duration::days(1);
            store
                .insert_account_session(&session, &id, T0, expires)
                .await
                .unwrap();
        }
        let (erased, kept) = (account_id(1), account_id(2));
        prove_address(&store, 1, "an.work@example.org", 2).await;
        let claim = claim("sn-1", &erased, PROVIDER, "r0123");
        store.request_student_number(&claim).await.unwrap();
        let entry = audit("aud-sn", 3);
        store
            .confirm_student_number(&provider(), "sn-1", T0, "operator", &entry)
            .await
            .unwrap();
        // A reset link and a link to an address not proven yet, with their messages.
        let reset = NewLink {
            purpose: LinkPurpose::ResetPassword,
            ..link_to(1, "an@example.org", "reset-1")
        };
        store
            .issue_link(&reset, &message_to("msg-reset-1", "an@example.org"))
            .await
            .unwrap();
        let pending = link_to(1, "an.new@example.org", "pending-1");
        let message = message_to("msg-pending-1", "an.new@example.org");
        store.issue_link(&pending, &message).await.unwrap();
        // The other account's reset link, not sent yet, and a link the account to erase asked
        // for to the other account's address (any address can be asked for).
        let others_reset = NewLink {
            purpose: LinkPurpose::ResetPassword,
            ..link_to(2, "bo@example.org", "reset-2")
        };
        let others_message = message_to("msg-reset-2", "bo@example.org");
        store
            .issue_link(&others_reset, &others_message)
            .await
            .unwrap();
        let to_other = link_to(1, "bo@example.org", "asked-1");
        // What it asked to send to another's address carries its name: written for it.
        let message = message_to("msg-asked-1", "bo@example.org").for_account(&erased);
        store.issue_link(&to_other, &message).await.unwrap();
        assert_eq!(
            wallet(&store, &erased).await,
            ["enr-000003", "enr-000002", "enr-000001"]
        );

        let at = T0 + Duration::hours(1);
        store
            .erase_account(&erased, at, &audit("aud-erase", 60))
            .await
            .unwrap();
        let record = store.account(&erased).await.unwrap();
        assert_eq!(
            record.account,
            Account {
                id: erased.clone(),
                email: address("erased-acc-0001@erased.invalid"),
                name: String::new(),
                role: None,
                provider_id: None,
                email_confirmed_at: None,
                created_at: T0,
                disabled_at: Some(at),
            }
        );
        assert_eq!(record.password_hash, None);
        assert!(store.account_addresses(&erased).await.unwrap().is_empty());
        assert!(wallet(&store, &erased).await.is_empty());
        assert!(store.share_links(&erased).await.unwrap().is_empty());
        not_found(
            store.open_share_link("hash-1", T0).await,
            "an erased account's link",
        );
        not_found(
            store.share_link_views(&erased, "shr-1").await,
            "its openings",
        );
        assert!(
            store
                .imported_credentials(&erased)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.learner_key(&erased).await.unwrap(), None);
        assert!(
            store
                .student_numbers(None, None, false)
                .await
                .unwrap()
                .is_empty()
        );
        not_found(
            store.find_account_session("session-1", T0).await,
            "its session",
        );
        for (purpose, secret) in [
            (LinkPurpose::ResetPassword, "reset-1"),
            (LinkPurpose::ConfirmEmail, "pending-1"),
        ] {
            not_found(store.redeem_link(purpose, secret, T0, None).await, secret);
        }
        let messages = store.outbox(false, 100).await.unwrap();
        let mut outbox: Vec<(String, String)> = messages
            .into_iter()
            .map(|message| (message.id, message.recipient.to_string()))
            .collect();
        outbox.sort();
        let to_other = |id: &str| (id.to_owned(), "bo@example.org".to_owned());
        assert_eq!(
            outbox,
            [to_other("msg-confirm-2"), to_other("msg-reset-2")],
            "none to its addresses nor written for it; the other account's own mail stays"
        );
        // Nothing of it is left in the tables behind the reads either.
        for (table, column, left) in [
            ("account_sessions", "id_hash", vec!["session-2"]),
            ("account_links", "id_hash", vec!["confirm-2", "reset-2"]),
            ("share_links", "id", vec!["shr-2"]),
            ("share_link_items", "share_id", vec!["shr-2"]),
            ("share_link_views", "share_id", vec!["shr-2"]),
            ("account_addresses", "email", vec!["bo@example.org"]),
        ] {
            let rows = database
                .texts(&format!("SELECT {column} FROM {table} ORDER BY {column}"))
                .await;
            let left: Vec<Vec<Option<String>>> = left
                .iter()
                .map(|value| vec![Some((*value).to_owned())])
                .collect();
            assert_eq!(rows, left, "{table}");
        }
        let audit_log = audit_ids(&store).await;
        assert_eq!(audit_log[0], "aud-erase");
        let twice = store
            .erase_account(&erased, at, &audit("aud-erase-again", 61))
            .await;
        not_found(twice, "erased twice");
        assert_eq!(
            audit_ids(&store).await,
            audit_log,
            "the refusal is not logged"
        );

        // The other account keeps everything.
        assert_eq!(
            store.account(&kept).await.unwrap().account.email,
            address("bo@example.org")
        );
        assert_eq!(
            store.account_addresses(&kept).await.unwrap(),
            [(address("bo@example.org"), proven_at())]
        );
        assert_eq!(wallet(&store, &kept).await, ["enr-000004"]);
        assert_eq!(store.share_links(&kept).await.unwrap()[0].views, 1);
        store.open_share_link("hash-2", T0).await.unwrap();
        assert_eq!(store.imported_credentials(&kept).await.unwrap().len(), 1);
        assert!(store.learner_key(&kept).await.unwrap().is_some());
        assert_eq!(
            store
                .find_account_session("session-2", T0)
                .await
                .unwrap()
                .id,
            kept
        );

        // The providers' records stay as they were recorded.
        assert_eq!(database.texts("SELECT id FROM enrolments").await.len(), 4);
        for enrolment in &enrolments {
            assert_eq!(
                &store.get_enrolment(&enrolment.id).await.unwrap(),
                enrolment
            );
        }
        // The address is free again: its owner can sign up anew.
        not_found(
            store.account_by_email(&address("an@example.org")).await,
            "the old address",
        );
        signed_up_learner(&store, 3, "an@example.org").await;
    })
    .await;
}
