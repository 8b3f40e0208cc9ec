//! The wallet protocols in storage, on both databases: an offer is redeemed once and each of
//! its formats delivered once however many requests race; an authorization (code flow) keeps
//! the client, redirect URI and PKCE challenge it was given for; a presentation request takes
//! failed answers while open, is closed by one verified answer only, and expired requests go.

use store::{StoreError, VciOffer, VciStore, VciToken, VpRequest, VpStore, WalletAuthorization};
use time::Duration;

use super::learning::{credential, with_issued_credential};
use super::wallet::audit;
use super::{T0, on_every_backend};

fn offer(id: &str, code: &str, authorization: Option<WalletAuthorization>) -> VciOffer {
    VciOffer {
        id: id.to_owned(),
        credential_id: credential(1, 1).id,
        account_id: None,
        code_hash: code.to_owned(),
        document: "{}".to_owned(),
        tx_code_hash: None,
        tx_attempts: 0,
        created_at: T0,
        expires_at: T0 + Duration::minutes(10),
        used_at: None,
        authorization,
    }
}

fn token(hash: &str, offer: &str) -> VciToken {
    VciToken {
        token_hash: hash.to_owned(),
        offer_id: offer.to_owned(),
        credential_id: credential(1, 1).id,
        expires_at: T0 + Duration::minutes(5),
    }
}

#[tokio::test]
async fn an_offer_is_redeemed_once_and_delivers_each_format_once_under_a_race() {
    on_every_backend(|store| async move {
        with_issued_credential(&store, 1).await;
        store
            .insert_offer(&offer("vo-1", "code-1", None), &audit("aud-o1", 0))
            .await
            .unwrap();
        let at = T0 + Duration::minutes(1);
        store
            .redeem_offer("vo-1", at, &token("t-1", "vo-1"))
            .await
            .unwrap();
        assert!(matches!(
            store.redeem_offer("vo-1", at, &token("t-2", "vo-1")).await,
            Err(StoreError::Conflict(_))
        ));
        // Ten concurrent deliveries per format: one each.
        let mut attempts = tokio::task::JoinSet::new();
        for n in 0..20 {
            let store = store.clone();
            let format = if n % 2 == 0 { "sd_jwt" } else { "ldp_vc" };
            attempts.spawn(async move {
                (
                    format,
                    store.spend_access_token("t-1", format, at).await.unwrap(),
                )
            });
        }
        let mut delivered = Vec::new();
        while let Some(result) = attempts.join_next().await {
            let (format, spent) = result.unwrap();
            if spent {
                delivered.push(format);
            }
        }
        delivered.sort_unstable();
        assert_eq!(delivered, vec!["ldp_vc", "sd_jwt"]);
        // An expired or unknown token delivers nothing.
        assert!(
            !store
                .spend_access_token("t-1", "other", T0 + Duration::minutes(6))
                .await
                .unwrap()
        );
        assert!(!store.spend_access_token("t-x", "other", at).await.unwrap());

        // A learner's consent keeps what it was given for.
        let binding = WalletAuthorization {
            client_id: "wallet".to_owned(),
            redirect_uri: "https://wallet.example/cb".to_owned(),
            code_challenge: "challenge".to_owned(),
        };
        store
            .insert_offer(
                &offer("va-1", "code-2", Some(binding.clone())),
                &audit("aud-o2", 1),
            )
            .await
            .unwrap();
        let read = store.offer_by_code("code-2").await.unwrap().unwrap();
        assert_eq!(read.authorization, Some(binding));
        assert_eq!(
            store.offer("vo-1").await.unwrap().unwrap().authorization,
            None
        );
    })
    .await;
}

fn vp_request(id: &str, minutes: i64) -> VpRequest {
    VpRequest {
        id: id.to_owned(),
        view_hash: format!("view-{id}"),
        nonce: "n".to_owned(),
        state: "s".to_owned(),
        query: "{}".to_owned(),
        created_at: T0 + Duration::minutes(minutes),
        expires_at: T0 + Duration::minutes(minutes + 15),
        responded_at: None,
        result: None,
    }
}

#[tokio::test]
async fn a_presentation_request_is_closed_by_one_verified_answer_and_purged_later() {
    on_every_backend(|store| async move {
        store
            .insert_vp_request(&vp_request("vp-1", 0), T0)
            .await
            .unwrap();
        let at = T0 + Duration::minutes(1);
        // Failed answers are kept while the request stays open.
        assert!(
            store
                .answer_vp_request("vp-1", at, "failed-1", false)
                .await
                .unwrap()
        );
        assert!(
            store
                .answer_vp_request("vp-1", at, "failed-2", false)
                .await
                .unwrap()
        );
        let open = store
            .vp_request_by_view("view-vp-1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (open.responded_at, open.result.as_deref()),
            (None, Some("failed-2"))
        );
        // Of concurrent verified answers one closes it.
        let mut attempts = tokio::task::JoinSet::new();
        for n in 0..8 {
            let store = store.clone();
            attempts.spawn(async move {
                store
                    .answer_vp_request("vp-1", at, &format!("verified-{n}"), true)
                    .await
                    .unwrap()
            });
        }
        let mut closed = 0;
        while let Some(result) = attempts.join_next().await {
            closed += usize::from(result.unwrap());
        }
        assert_eq!(closed, 1);
        let done = store.vp_request("vp-1").await.unwrap().unwrap();
        assert_eq!(done.responded_at, Some(at));
        assert!(done.result.unwrap().starts_with("verified-"));
        assert!(
            !store
                .answer_vp_request("vp-1", at, "late", false)
                .await
                .unwrap()
        );
        // An expired request takes no answer; a day later it is gone with its result.
        store
            .insert_vp_request(&vp_request("vp-2", 0), T0)
            .await
            .unwrap();
        assert!(
            !store
                .answer_vp_request("vp-2", T0 + Duration::minutes(16), "x", true)
                .await
                .unwrap()
        );
        store
            .insert_vp_request(&vp_request("vp-3", 3000), T0 + Duration::days(2))
            .await
            .unwrap();
        assert!(store.vp_request("vp-1").await.unwrap().is_none());
        assert!(store.vp_request("vp-3").await.unwrap().is_some());
    })
    .await;
}
