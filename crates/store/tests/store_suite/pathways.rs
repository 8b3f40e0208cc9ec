//! Pathways in storage, on both databases: stored with their rules as given, changed and
//! withdrawn only as their owner's, listed per provider in order.

use model::pathway::{PathwayRules, Requirement};
use model::{LangText, OfferingId, ProviderId};
use store::{PathwayStore, StoreError, StoredPathway};
use time::Duration;

use super::learning::{OFFERING, PROVIDER, with_offering};
use super::wallet::audit;
use super::{T0, on_every_backend};

fn pathway(id: &str, minutes: i64) -> StoredPathway {
    StoredPathway {
        id: id.to_owned(),
        provider_id: ProviderId::parse(PROVIDER).unwrap(),
        rules: PathwayRules {
            name: LangText::one("en", "Stack"),
            description: LangText::default(),
            awards: OfferingId::parse(OFFERING).unwrap(),
            requirements: vec![Requirement::Credentials {
                label: LangText::one("en", "Any"),
                min_credentials: Some(2),
                min_ects: Some(7.5),
                min_eqf: Some(5),
                fields: vec!["061".to_owned()],
                within_years: Some(3),
                issuers: vec![],
            }],
            automatic: true,
        },
        created_at: T0 + Duration::minutes(minutes),
        updated_at: T0 + Duration::minutes(minutes),
        withdrawn_at: None,
    }
}

#[tokio::test]
async fn pathways_keep_their_rules_and_change_only_as_their_owners() {
    on_every_backend(|store| async move {
        with_offering(&store).await;
        store
            .insert_pathway(&pathway("pw-2", 2), &audit("aud-pw-2", 2))
            .await
            .unwrap();
        store
            .insert_pathway(&pathway("pw-1", 1), &audit("aud-pw-1", 1))
            .await
            .unwrap();
        let duplicate = store
            .insert_pathway(&pathway("pw-1", 3), &audit("aud-pw-dup", 3))
            .await;
        assert!(matches!(duplicate, Err(StoreError::Conflict(_))));
        let read = store.pathway("pw-1").await.unwrap();
        assert_eq!(
            read,
            pathway("pw-1", 1),
            "the rules as given, ECTS fraction included"
        );
        let listed = store
            .pathways(Some(&ProviderId::parse(PROVIDER).unwrap()))
            .await
            .unwrap();
        assert_eq!(
            listed.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
            ["pw-1", "pw-2"]
        );
        // Withdrawn by its owner; another provider's id changes nothing.
        let mut withdrawn = read.clone();
        withdrawn.withdrawn_at = Some(T0 + Duration::hours(1));
        let mut impostor = withdrawn.clone();
        impostor.provider_id = ProviderId::parse("another-provider").unwrap();
        assert!(matches!(
            store.update_pathway(&impostor, &audit("aud-pw-x", 4)).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.pathway("pw-1").await.unwrap().withdrawn_at, None);
        store
            .update_pathway(&withdrawn, &audit("aud-pw-w", 5))
            .await
            .unwrap();
        assert!(store.pathway("pw-1").await.unwrap().withdrawn_at.is_some());
        assert!(matches!(
            store.pathway("pw-none").await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}
