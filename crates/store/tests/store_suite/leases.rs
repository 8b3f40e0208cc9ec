//! Leases between servers, on both databases: of servers racing for one lease one gets it; it
//! is renewed only by its holder, taken over only once it expired, let go only by its holder;
//! and servers opening a fresh register together migrate it once.

use store::{LeaseStore, MigrationLock, SqlStore, StoreOptions};
use time::Duration;

use super::{T0, on_every_database, unique_name};

#[tokio::test]
async fn a_lease_has_one_holder_until_it_expires() {
    on_every_database(|store, database| async move {
        let second = database.open().await;
        let until = T0 + Duration::seconds(15);
        // Eight servers (two stores, four tasks each) race: one wins.
        let mut racing = tokio::task::JoinSet::new();
        for n in 0..8 {
            let store = if n % 2 == 0 {
                store.clone()
            } else {
                std::sync::Arc::new(second.clone())
            };
            racing.spawn(async move {
                let owner = format!("srv-{n}");
                store
                    .claim_lease("import", "job-1", &owner, until, T0)
                    .await
                    .unwrap()
                    .then_some(owner)
            });
        }
        let mut winners = Vec::new();
        while let Some(result) = racing.join_next().await {
            winners.extend(result.unwrap());
        }
        assert_eq!(winners.len(), 1, "{winners:?}");
        let holder = winners.remove(0);
        let later = T0 + Duration::seconds(10);
        // Renewed by its holder, not taken by another while live.
        assert!(
            store
                .claim_lease(
                    "import",
                    "job-1",
                    &holder,
                    later + Duration::seconds(15),
                    later
                )
                .await
                .unwrap()
        );
        assert!(
            !second
                .claim_lease(
                    "import",
                    "job-1",
                    "srv-other",
                    later + Duration::seconds(15),
                    later
                )
                .await
                .unwrap()
        );
        // Another kind or id is another lease.
        assert!(
            second
                .claim_lease("mail", "job-1", "srv-other", until, T0)
                .await
                .unwrap()
        );
        // Expired (the holder died): taken over.
        let expired = later + Duration::seconds(16);
        assert!(
            second
                .claim_lease(
                    "import",
                    "job-1",
                    "srv-other",
                    expired + Duration::seconds(15),
                    expired
                )
                .await
                .unwrap()
        );
        assert!(
            !store
                .claim_lease(
                    "import",
                    "job-1",
                    &holder,
                    expired + Duration::seconds(15),
                    expired
                )
                .await
                .unwrap()
        );
        // Let go only by its holder.
        store
            .release_lease("import", "job-1", &holder)
            .await
            .unwrap();
        assert!(
            !store
                .claim_lease(
                    "import",
                    "job-1",
                    &holder,
                    expired + Duration::seconds(15),
                    expired
                )
                .await
                .unwrap()
        );
        second
            .release_lease("import", "job-1", "srv-other")
            .await
            .unwrap();
        assert!(
            store
                .claim_lease(
                    "import",
                    "job-1",
                    &holder,
                    expired + Duration::seconds(15),
                    expired
                )
                .await
                .unwrap()
        );
        second.close().await;
    })
    .await;
}

#[tokio::test]
async fn servers_opening_a_fresh_postgresql_register_together_migrate_it_once() {
    let Ok(url) = std::env::var("MICROCRED_TEST_POSTGRES_URL") else {
        if std::env::var("MICROCRED_REQUIRE_POSTGRES").as_deref() == Ok("1") {
            panic!("MICROCRED_REQUIRE_POSTGRES=1 but MICROCRED_TEST_POSTGRES_URL is not set");
        }
        eprintln!("SKIPPED concurrent migration test: MICROCRED_TEST_POSTGRES_URL is not set");
        return;
    };
    for lock in [MigrationLock::Advisory, MigrationLock::Lease] {
        let schema = unique_name("migrate");
        let options = StoreOptions {
            postgres_schema: Some(schema.clone()),
            max_connections: Some(2),
            migration_lock: lock,
        };
        if lock == MigrationLock::Lease {
            // A leader that died mid-migration left its lease, live for two more seconds: the
            // servers wait for it to expire, then one of them takes over.
            let admin = super::Database {
                url: url.clone(),
                options: StoreOptions::default(),
            };
            admin
                .execute(&format!(
                    "CREATE SCHEMA \"{schema}\"; \
                     CREATE TABLE \"{schema}\".schema_migration_leader (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL); \
                     INSERT INTO \"{schema}\".schema_migration_leader VALUES ('migrations', 'dead-server', now() + interval '2 seconds')"
                ))
                .await;
        }
        #[allow(
            clippy::disallowed_methods,
            reason = "a test measuring the wait for a lease"
        )]
        let started = std::time::Instant::now();
        let mut opening = tokio::task::JoinSet::new();
        for _ in 0..4 {
            let (url, options) = (url.clone(), options.clone());
            opening.spawn(async move { SqlStore::open(&url, options).await });
        }
        let mut stores = Vec::new();
        while let Some(result) = opening.join_next().await {
            stores.push(result.unwrap().expect("every server opens the register"));
        }
        if lock == MigrationLock::Lease {
            assert!(started.elapsed() >= std::time::Duration::from_millis(1500));
        }
        for store in &stores {
            assert_eq!(
                store.schema_version().await.unwrap(),
                store.known_schema_version(),
                "{lock:?}"
            );
        }
        for store in stores {
            store.close().await;
        }
        SqlStore::drop_postgres_schema(&url, &schema).await.unwrap();
    }
}
