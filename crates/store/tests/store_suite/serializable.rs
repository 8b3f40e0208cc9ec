//! Every write is retried when the database aborts it for a serialization failure or deadlock
//! (SQLSTATE 40001 / 40P01), as CockroachDB and YugabyteDB — SERIALIZABLE by default — and
//! PostgreSQL under SERIALIZABLE abort conflicting transactions. PostgreSQL only: the store is
//! opened with `default_transaction_isolation = serializable`, and writers race on one row (the
//! catalogue feed's counter, one token's last use). Without the retries some of them answer
//! `Busy` (a 503) instead of being stored.

use std::sync::Arc;

use model::{ApiToken, OfferingQuery, ProviderId, Role, TokenId};
use store::{SqlStore, Store, StoreOptions};
use time::Duration;

use super::{Database, T0, ids, offering, query, seed, unique_name};

/// The PostgreSQL URL with every transaction SERIALIZABLE, or `None` (skipped) without one.
fn serializable_url() -> Option<String> {
    match std::env::var("MICROCRED_TEST_POSTGRES_URL") {
        Ok(url) => {
            let separator = if url.contains('?') { '&' } else { '?' };
            Some(format!(
                "{url}{separator}options=-c%20default_transaction_isolation%3Dserializable"
            ))
        }
        Err(_) if std::env::var("MICROCRED_REQUIRE_POSTGRES").is_ok_and(|value| value == "1") => {
            panic!("MICROCRED_REQUIRE_POSTGRES=1 but MICROCRED_TEST_POSTGRES_URL is not set")
        }
        Err(_) => {
            eprintln!("SKIPPED: MICROCRED_TEST_POSTGRES_URL is not set");
            None
        }
    }
}

#[tokio::test]
async fn racing_writers_under_serializable_are_all_stored() {
    let Some(url) = serializable_url() else {
        return;
    };
    let schema = unique_name("serializable");
    let options = StoreOptions {
        postgres_schema: Some(schema.clone()),
        max_connections: Some(12),
        ..StoreOptions::default()
    };
    let database = Database {
        url: url.clone(),
        options,
    };
    let store = Arc::new(database.open().await);
    seed(&store).await;
    let token = ApiToken {
        id: TokenId::parse("tok-race").unwrap(),
        role: Role::ProviderAdmin,
        provider_id: Some(ProviderId::parse("hogeschool-scheldeland").unwrap()),
        label: "race".into(),
        created_at: T0,
        revoked_at: None,
        account_id: None,
        expires_at: None,
        last_used_at: None,
    };
    store.insert_token(&token, "hash-race").await.unwrap();

    // 24 catalogue writes (each draws its seq from the feed's one counter row) and 24 updates
    // of one token, all at once on 12 connections.
    let mut writers = tokio::task::JoinSet::new();
    for n in 0..24 {
        let catalogue = store.clone();
        writers.spawn(async move {
            let id = format!("o-race-{n:02}");
            catalogue
                .insert_offering(&offering(&id, "hogeschool-scheldeland", |_| {}))
                .await
                .map_err(|error| format!("offering {id}: {error}"))
        });
        let tokens = store.clone();
        let token = token.id.clone();
        writers.spawn(async move {
            tokens
                .touch_token(&token, T0 + Duration::seconds(n))
                .await
                .map_err(|error| format!("token use {n}: {error}"))
        });
    }
    let mut failures = Vec::new();
    while let Some(result) = writers.join_next().await {
        if let Err(error) = result.unwrap() {
            failures.push(error);
        }
    }
    assert!(
        failures.is_empty(),
        "writes lost to conflicts: {failures:?}"
    );

    // Every offering is found, and the feed's seqs are one per write with no gap or repeat.
    let found = ids(
        &store,
        OfferingQuery {
            limit: 100,
            ..query()
        },
    )
    .await;
    assert_eq!(
        found.iter().filter(|id| id.starts_with("o-race-")).count(),
        24
    );
    let counts = database
        .texts(
        "SELECT current_setting('transaction_isolation'), COUNT(*)::text, COUNT(DISTINCT seq)::text, \
         (MAX(seq) - MIN(seq) + 1)::text FROM catalogue_changes WHERE offering_id LIKE 'o-race-%'",
    )
    .await;
    let text = |value: &str| Some(value.to_owned());
    assert_eq!(
        counts,
        [[text("serializable"), text("24"), text("24"), text("24")]]
    );
    // Another server on the same database finds them all.
    let fresh = database.open().await;
    assert_eq!(
        ids(
            &fresh,
            OfferingQuery {
                limit: 100,
                ..query()
            }
        )
        .await,
        found
    );
    fresh.close().await;
    store.close().await;
    SqlStore::drop_postgres_schema(&url, &schema).await.unwrap();
}
