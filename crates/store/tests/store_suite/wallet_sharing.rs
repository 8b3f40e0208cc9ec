//! What a learner keeps in the wallet, on both databases: share links (newest first, each
//! opening counted and logged, within their view limit even when opened at once, refused once
//! expired or revoked, another account's refused), imported credentials and the learner's DID.

use std::sync::Arc;

use model::{AccountId, CredentialId};
use store::{
    ImportedCredential, LearnerKeyRecord, ShareLink, ShareStore, SharedItem, SqlStore, StoreError,
    WalletStore,
};
use time::Duration;

use super::wallet::{audit, audit_ids, proven_learner};
use super::{T0, on_every_backend, on_every_database};

fn issued(number: usize) -> SharedItem {
    SharedItem::Issued(
        CredentialId::from_urn(&format!("urn:uuid:00000000-0000-4000-8000-{number:012}")).unwrap(),
    )
}

pub(super) fn share(
    id: &str,
    account: &AccountId,
    minutes: i64,
    view_limit: Option<u32>,
) -> ShareLink {
    ShareLink {
        id: id.to_owned(),
        account_id: account.clone(),
        name: format!("For the employer ({id})"),
        created_at: T0 + Duration::minutes(minutes),
        expires_at: T0 + Duration::days(7),
        view_limit,
        views: 0,
        revoked_at: None,
        items: vec![issued(1)],
    }
}

pub(super) fn imported(id: &str, account: &AccountId, minutes: i64) -> ImportedCredential {
    ImportedCredential {
        id: id.to_owned(),
        account_id: account.clone(),
        document: serde_json::json!({"id": id, "name": "Ünïcode ✓ \"quoted\""}),
        report: serde_json::json!({"verified": minutes == 0, "checks": ["proof", "status"]}),
        verified: minutes == 0,
        title: format!("Course {id}"),
        issuer: "did:web:elsewhere.example".to_owned(),
        imported_at: T0 + Duration::minutes(minutes),
    }
}

pub(super) fn learner_did(
    account: &AccountId,
    did: &str,
    sealed_key: Option<Vec<u8>>,
) -> LearnerKeyRecord {
    LearnerKeyRecord {
        account_id: account.clone(),
        did: did.to_owned(),
        sealed_key,
        created_at: T0,
    }
}

pub(super) fn not_found<T: std::fmt::Debug>(result: Result<T, StoreError>, what: &str) {
    assert!(
        matches!(result, Err(StoreError::NotFound)),
        "{what}: {result:?}"
    );
}

#[tokio::test]
async fn a_share_link_opens_while_live_within_its_limit_and_logs_each_opening() {
    on_every_backend(|store| async move {
        let owner = proven_learner(&store, 1, "an@example.org").await;
        let other = proven_learner(&store, 2, "bo@example.org").await;
        let mut open_ended = share("shr-a", &owner, 0, None);
        open_ended.items = vec![
            issued(1),
            SharedItem::Imported("imp-1".to_owned()),
            issued(2),
        ];
        let mut limited = share("shr-b", &owner, 60, Some(2));
        limited.items = vec![SharedItem::Imported("imp-1".to_owned())];
        store
            .insert_share_link(&open_ended, "hash-a", &audit("aud-a", 0))
            .await
            .unwrap();
        store
            .insert_share_link(&limited, "hash-b", &audit("aud-b", 60))
            .await
            .unwrap();
        // The same id or the same secret again: refused whole, audit entry included.
        for (link, hash) in [
            (&open_ended, "hash-z"),
            (&share("shr-c", &owner, 61, None), "hash-a"),
        ] {
            let refused = store
                .insert_share_link(link, hash, &audit("aud-c", 61))
                .await;
            assert!(
                matches!(refused, Err(StoreError::Conflict(_))),
                "{refused:?}"
            );
        }
        assert_eq!(
            store.share_links(&owner).await.unwrap(),
            [limited.clone(), open_ended.clone()],
            "newest first, items in their order"
        );
        assert!(store.share_links(&other).await.unwrap().is_empty());
        assert_eq!(audit_ids(&store).await, ["aud-b", "aud-a"]);

        let minute = |minutes: i64| T0 + Duration::minutes(minutes);
        for views in 1..=3 {
            let opened = store
                .open_share_link("hash-a", minute(views.into()))
                .await
                .unwrap();
            assert_eq!(
                opened,
                ShareLink {
                    views,
                    ..open_ended.clone()
                }
            );
        }
        assert_eq!(
            store.share_link_views(&owner, "shr-a").await.unwrap(),
            [minute(3), minute(2), minute(1)]
        );
        not_found(
            store.share_link_views(&other, "shr-a").await,
            "another's openings",
        );
        not_found(
            store.share_link_views(&owner, "shr-x").await,
            "an unknown link's openings",
        );
        not_found(
            store.open_share_link("hash-x", minute(4)).await,
            "an unknown secret",
        );

        // Two views: opened twice, then no more, and the refusal is not counted.
        for _ in 0..2 {
            store.open_share_link("hash-b", minute(70)).await.unwrap();
        }
        not_found(
            store.open_share_link("hash-b", minute(71)).await,
            "a used-up link",
        );
        assert_eq!(store.share_links(&owner).await.unwrap()[0].views, 2);
        assert_eq!(
            store.share_link_views(&owner, "shr-b").await.unwrap().len(),
            2
        );

        // Expired at its expiry.
        for at in [
            open_ended.expires_at,
            open_ended.expires_at + Duration::days(1),
        ] {
            not_found(store.open_share_link("hash-a", at).await, "an expired link");
        }
        // Revoked by its owner only; then it opens no more.
        not_found(
            store
                .revoke_share_link(&other, "shr-a", minute(5), &audit("aud-other", 5))
                .await,
            "another's revocation",
        );
        store.open_share_link("hash-a", minute(6)).await.unwrap();
        store
            .revoke_share_link(&owner, "shr-a", minute(7), &audit("aud-revoke", 7))
            .await
            .unwrap();
        not_found(
            store.open_share_link("hash-a", minute(8)).await,
            "a revoked link",
        );
        not_found(
            store
                .revoke_share_link(&owner, "shr-a", minute(9), &audit("aud-again", 9))
                .await,
            "a second revocation",
        );
        let revoked = &store.share_links(&owner).await.unwrap()[1];
        assert_eq!((revoked.views, revoked.revoked_at), (4, Some(minute(7))));
        assert_eq!(
            store.share_link_views(&owner, "shr-a").await.unwrap().len(),
            4
        );
        assert_eq!(audit_ids(&store).await, ["aud-b", "aud-revoke", "aud-a"]);
    })
    .await;
}

#[tokio::test]
async fn ten_openings_at_once_of_a_link_for_three_views_open_it_three_times() {
    on_every_backend(|store| async move {
        let owner = proven_learner(&store, 1, "an@example.org").await;
        let link = share("shr-race", &owner, 0, Some(3));
        store
            .insert_share_link(&link, "hash-race", &audit("aud-race", 0))
            .await
            .unwrap();
        let mut tasks = Vec::new();
        for attempt in 0..10 {
            let store: Arc<SqlStore> = store.clone();
            tasks.push(tokio::spawn(async move {
                let at = T0 + Duration::seconds(attempt);
                store.open_share_link("hash-race", at).await
            }));
        }
        let mut opened = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => opened += 1,
                Err(StoreError::NotFound) => {}
                Err(other) => panic!("{other:?}"),
            }
        }
        assert_eq!(opened, 3);
        assert_eq!(store.share_links(&owner).await.unwrap()[0].views, 3);
        assert_eq!(
            store
                .share_link_views(&owner, "shr-race")
                .await
                .unwrap()
                .len(),
            3
        );
    })
    .await;
}

#[tokio::test]
async fn imported_credentials_list_newest_first_and_go_only_by_their_owner() {
    on_every_backend(|store| async move {
        let owner = proven_learner(&store, 1, "an@example.org").await;
        let other = proven_learner(&store, 2, "bo@example.org").await;
        let (first, second) = (imported("imp-1", &owner, 0), imported("imp-2", &owner, 30));
        let others = imported("imp-3", &other, 10);
        for credential in [&first, &second, &others] {
            store.insert_imported_credential(credential).await.unwrap();
        }
        let again = store.insert_imported_credential(&first).await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        assert_eq!(
            store.imported_credentials(&owner).await.unwrap(),
            [second.clone(), first.clone()]
        );
        not_found(
            store.delete_imported_credential(&other, "imp-1").await,
            "another's",
        );
        assert_eq!(store.imported_credentials(&owner).await.unwrap().len(), 2);
        store
            .delete_imported_credential(&owner, "imp-1")
            .await
            .unwrap();
        assert_eq!(store.imported_credentials(&owner).await.unwrap(), [second]);
        not_found(
            store.delete_imported_credential(&owner, "imp-1").await,
            "deleted twice",
        );
        assert_eq!(store.imported_credentials(&other).await.unwrap(), [others]);
    })
    .await;
}

#[tokio::test]
async fn a_learner_did_put_again_replaces_the_one_before() {
    on_every_database(|store, database| async move {
        let owner = proven_learner(&store, 1, "an@example.org").await;
        let other = proven_learner(&store, 2, "bo@example.org").await;
        assert_eq!(store.learner_key(&owner).await.unwrap(), None);
        let made = learner_did(&owner, "did:key:z6MkMade", Some(vec![0, 1, 2, 255]));
        store.put_learner_key(&made).await.unwrap();
        assert_eq!(store.learner_key(&owner).await.unwrap(), Some(made));
        let mut brought = learner_did(&owner, "did:example:brought", None);
        brought.created_at = T0 + Duration::hours(1);
        store.put_learner_key(&brought).await.unwrap();
        assert_eq!(store.learner_key(&owner).await.unwrap(), Some(brought));
        assert_eq!(store.learner_key(&other).await.unwrap(), None);
        let rows = "SELECT did FROM learner_keys ORDER BY did";
        assert_eq!(
            database.texts(rows).await,
            [[Some("did:example:brought".to_owned())]]
        );

        // Made at once from two pages: each put replaces, none fails.
        let mut tasks = Vec::new();
        for attempt in 0u8..8 {
            let store: Arc<SqlStore> = store.clone();
            let record = learner_did(&other, &format!("did:key:z{attempt}"), Some(vec![attempt]));
            tasks.push(tokio::spawn(
                async move { store.put_learner_key(&record).await },
            ));
        }
        for task in tasks {
            task.await.unwrap().unwrap();
        }
        assert_eq!(database.texts(rows).await.len(), 2, "one DID per account");
    })
    .await;
}
