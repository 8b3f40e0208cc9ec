//! OpenID Connect sign-in's storage, on both databases: a login is taken once (of concurrent
//! callbacks with the same state, one gets it) and not after it expired; a provider's subject
//! belongs to one account and an account has one subject per provider; making an account with
//! an identity is all or nothing; erasing an account removes its identities.

use model::{Account, AccountId};
use store::{
    AccountIdentity, AccountRecord, AccountStore, IdentityProvider, IdentityStore, OidcLogin,
    StoreError, WalletStore,
};
use time::Duration;

use super::wallet::{account_id, address, audit, signed_up_learner};
use super::{T0, on_every_backend};

fn provider(id: &str, issuer: &str) -> IdentityProvider {
    IdentityProvider {
        id: id.to_owned(),
        name: format!("Provider {id}"),
        issuer: issuer.to_owned(),
        client_id: "client".to_owned(),
        sealed_secret: "00".to_owned(),
        scopes: "email profile".to_owned(),
        creates_accounts: true,
        created_at: T0,
        disabled_at: None,
    }
}

fn login(state: &str, minutes: i64) -> OidcLogin {
    OidcLogin {
        state_hash: state.to_owned(),
        idp_id: "idp-1".to_owned(),
        nonce: format!("nonce-{state}"),
        code_verifier: format!("verifier-{state}"),
        link_account_id: None,
        created_at: T0,
        expires_at: T0 + Duration::minutes(minutes),
        client: "192.0.2.7".to_owned(),
    }
}

fn identity(subject: &str, account: &AccountId) -> AccountIdentity {
    AccountIdentity {
        idp_id: "idp-1".to_owned(),
        idp_name: "Provider idp-1".to_owned(),
        subject: subject.to_owned(),
        account_id: account.clone(),
        linked_at: T0,
    }
}

#[tokio::test]
async fn a_login_is_taken_once_and_not_after_it_expired() {
    on_every_backend(|store| async move {
        store
            .insert_identity_provider(
                &provider("idp-1", "https://idp.example"),
                &audit("aud-idp", 1),
            )
            .await
            .unwrap();
        let duplicate = store
            .insert_identity_provider(
                &provider("idp-2", "https://idp.example"),
                &audit("aud-idp-2", 2),
            )
            .await;
        assert!(
            matches!(duplicate, Err(StoreError::Conflict(_))),
            "one issuer, one provider"
        );
        store
            .insert_oidc_login(&login("state-a", 10))
            .await
            .unwrap();
        store
            .insert_oidc_login(&login("state-b", 10))
            .await
            .unwrap();
        // Ten callbacks with the same state at once: one gets the login.
        let takers: Vec<_> = (0..10)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { store.take_oidc_login("state-a", T0).await })
            })
            .collect();
        let mut taken = 0;
        for taker in takers {
            if let Some(found) = taker.await.unwrap().unwrap() {
                assert_eq!(found.nonce, "nonce-state-a");
                assert_eq!(found.code_verifier, "verifier-state-a");
                taken += 1;
            }
        }
        assert_eq!(taken, 1);
        // Expired: gone.
        let late = T0 + Duration::minutes(11);
        assert_eq!(store.take_oidc_login("state-b", late).await.unwrap(), None);
        assert_eq!(store.take_oidc_login("state-b", T0).await.unwrap(), None);
        // Disabling a provider ends its logins under way.
        store
            .insert_oidc_login(&login("state-c", 10))
            .await
            .unwrap();
        store
            .set_identity_provider_disabled("idp-1", Some(T0), &audit("aud-off", 3))
            .await
            .unwrap();
        assert_eq!(store.take_oidc_login("state-c", T0).await.unwrap(), None);
        assert!(
            store
                .identity_provider("idp-1")
                .await
                .unwrap()
                .disabled_at
                .is_some()
        );
        let missing = store
            .set_identity_provider_disabled("idp-none", None, &audit("aud-none", 4))
            .await;
        assert!(matches!(missing, Err(StoreError::NotFound)));
    })
    .await;
}

#[tokio::test]
async fn a_subject_belongs_to_one_account_and_erasure_removes_it() {
    on_every_backend(|store| async move {
        store
            .insert_identity_provider(
                &provider("idp-1", "https://idp.example"),
                &audit("aud-idp", 1),
            )
            .await
            .unwrap();
        let first = signed_up_learner(&store, 1, "first@example.org").await;
        let second = signed_up_learner(&store, 2, "second@example.org").await;
        store
            .link_identity(&identity("subject-1", &first), &audit("aud-link", 2))
            .await
            .unwrap();
        for (subject, account, id) in [
            ("subject-1", &second, "aud-taken"),
            ("subject-2", &first, "aud-second-subject"),
        ] {
            let refused = store
                .link_identity(&identity(subject, account), &audit(id, 3))
                .await;
            assert!(matches!(refused, Err(StoreError::Conflict(_))), "{subject}");
        }
        let found = store.identity_account("idp-1", "subject-1").await.unwrap();
        assert_eq!(found.unwrap().account.id, first);
        assert!(
            store
                .identity_account("idp-1", "subject-9")
                .await
                .unwrap()
                .is_none()
        );
        // A new account whose identity is taken is not made at all.
        let record = AccountRecord {
            account: Account {
                id: account_id(3),
                email: address("third@example.org"),
                name: "Third".to_owned(),
                role: None,
                provider_id: None,
                email_confirmed_at: Some(T0),
                created_at: T0,
                disabled_at: None,
            },
            password_hash: None,
        };
        let refused = store
            .create_account_with_identity(
                &record,
                &identity("subject-1", &account_id(3)),
                &audit("aud-new", 4),
            )
            .await;
        assert!(matches!(refused, Err(StoreError::Conflict(_))));
        assert!(matches!(
            store.account(&account_id(3)).await,
            Err(StoreError::NotFound)
        ));
        store
            .create_account_with_identity(
                &record,
                &identity("subject-3", &account_id(3)),
                &audit("aud-new-2", 5),
            )
            .await
            .unwrap();
        assert_eq!(
            store
                .account_identities(&account_id(3))
                .await
                .unwrap()
                .len(),
            1
        );
        // Unlinking, and erasure.
        store
            .unlink_identity(&account_id(3), "idp-1", &audit("aud-unlink", 6))
            .await
            .unwrap();
        assert!(matches!(
            store
                .unlink_identity(&account_id(3), "idp-1", &audit("aud-unlink-2", 7))
                .await,
            Err(StoreError::NotFound)
        ));
        store
            .erase_account(&first, T0 + Duration::hours(1), &audit("aud-erase", 8))
            .await
            .unwrap();
        assert!(store.account_identities(&first).await.unwrap().is_empty());
        assert!(
            store
                .identity_account("idp-1", "subject-1")
                .await
                .unwrap()
                .is_none()
        );
    })
    .await;
}
