//! The store test suite. Every case runs against SQLite and, when `MICROCRED_TEST_POSTGRES_URL`
//! is set, against PostgreSQL (each test in its own schema). With `MICROCRED_REQUIRE_POSTGRES=1`
//! (CI) a missing PostgreSQL URL fails instead of skipping.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::future::Future;
use std::sync::Arc;

use model::sample::{offering_json, provider_json};
use model::{
    ApiToken, Offering, OfferingContent, OfferingId, OfferingQuery, OfferingRules, Provider,
    ProviderContent, ProviderId, PublicationStatus, Role, SortOrder, TokenId,
};
use store::{SqlStore, Store, StoreError, StoreOptions};
use time::OffsetDateTime;
use time::macros::datetime;

#[path = "store_suite/accounts.rs"]
mod accounts;
#[path = "store_suite/catalogue_search.rs"]
mod catalogue_search;
#[path = "store_suite/feedback.rs"]
mod feedback;
#[path = "store_suite/fresh_reads.rs"]
mod fresh_reads;
#[path = "store_suite/identities.rs"]
mod identities;
#[path = "store_suite/learning.rs"]
mod learning;
#[path = "store_suite/leases.rs"]
mod leases;
#[path = "store_suite/pathways.rs"]
mod pathways;
#[path = "store_suite/portable_subset.rs"]
mod portable_subset;
#[path = "store_suite/receiving.rs"]
mod receiving;
#[path = "store_suite/serializable.rs"]
mod serializable;
#[path = "store_suite/statistics_counts.rs"]
mod statistics_counts;
#[path = "store_suite/wallet.rs"]
mod wallet;
#[path = "store_suite/wallet_lifecycle.rs"]
mod wallet_lifecycle;
#[path = "store_suite/wallet_protocols.rs"]
mod wallet_protocols;
#[path = "store_suite/wallet_sharing.rs"]
mod wallet_sharing;

const T0: OffsetDateTime = datetime!(2024-03-01 09:00 UTC);

fn schemes() -> Vec<String> {
    model::default_funding_schemes()
        .into_iter()
        .map(|scheme| scheme.code)
        .collect()
}

fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{:016x}", rand::random::<u64>())
}

/// Runs `case` on a fresh SQLite store and, if configured, a fresh PostgreSQL schema.
async fn on_every_backend<F, Fut>(case: F)
where
    F: Fn(Arc<SqlStore>) -> Fut,
    Fut: Future<Output = ()>,
{
    on_every_database(|store, _| case(store)).await;
}

/// Like `on_every_backend`, also handing the case a way to open more stores on the same
/// database (another process or server).
async fn on_every_database<F, Fut>(case: F)
where
    F: Fn(Arc<SqlStore>, Database) -> Fut,
    Fut: Future<Output = ()>,
{
    let directory = std::env::temp_dir().join(unique_name("microcred_store"));
    std::fs::create_dir_all(&directory).unwrap();
    let url = format!("sqlite://{}", directory.join("test.db").display());
    let sqlite = Arc::new(SqlStore::open(&url, StoreOptions::default()).await.unwrap());
    seed(&sqlite).await;
    let database = Database {
        url,
        options: StoreOptions::default(),
    };
    case(sqlite.clone(), database).await;
    sqlite.close().await;
    let _ = std::fs::remove_dir_all(&directory);

    match std::env::var("MICROCRED_TEST_POSTGRES_URL") {
        Ok(url) => {
            let schema = unique_name("test");
            let options = StoreOptions {
                postgres_schema: Some(schema.clone()),
                max_connections: Some(4),
                ..StoreOptions::default()
            };
            let postgres = Arc::new(SqlStore::open(&url, options.clone()).await.unwrap());
            seed(&postgres).await;
            let database = Database {
                url: url.clone(),
                options,
            };
            case(postgres.clone(), database).await;
            postgres.close().await;
            SqlStore::drop_postgres_schema(&url, &schema).await.unwrap();
        }
        Err(_) if std::env::var("MICROCRED_REQUIRE_POSTGRES").is_ok_and(|value| value == "1") => {
            panic!("MICROCRED_REQUIRE_POSTGRES=1 but MICROCRED_TEST_POSTGRES_URL is not set")
        }
        Err(_) => eprintln!("SKIPPED PostgreSQL half: MICROCRED_TEST_POSTGRES_URL is not set"),
    }
}

/// Where a test's store lives, to open a second one on it.
struct Database {
    url: String,
    options: StoreOptions,
}

impl Database {
    async fn open(&self) -> SqlStore {
        SqlStore::open(&self.url, self.options.clone())
            .await
            .unwrap()
    }

    /// A connection of its own, in the test's schema.
    async fn connect(&self) -> sqlx::AnyConnection {
        use sqlx::{AssertSqlSafe, Connection};
        sqlx::any::install_default_drivers();
        let mut connection = sqlx::AnyConnection::connect(&self.url).await.unwrap();
        if let Some(schema) = &self.options.postgres_schema {
            sqlx::raw_sql(AssertSqlSafe(format!("SET search_path TO \"{schema}\"")))
                .execute(&mut connection)
                .await
                .unwrap();
        }
        connection
    }

    /// Runs `sql` on the database directly, as an older program or an operator would.
    async fn execute(&self, sql: &str) {
        use sqlx::{AssertSqlSafe, Connection};
        let mut connection = self.connect().await;
        sqlx::raw_sql(AssertSqlSafe(sql.to_owned()))
            .execute(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
    }

    /// The rows `sql` selects, every column read as text (or NULL), straight from the
    /// database: what a store's reads would not show.
    async fn texts(&self, sql: &str) -> Vec<Vec<Option<String>>> {
        use sqlx::{AssertSqlSafe, Connection, Row};
        let mut connection = self.connect().await;
        let rows = sqlx::query(AssertSqlSafe(sql.to_owned()))
            .fetch_all(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
        rows.iter()
            .map(|row| {
                (0..row.columns().len())
                    .map(|column| row.try_get::<Option<String>, _>(column).unwrap())
                    .collect()
            })
            .collect()
    }
}

async fn seed(store: &SqlStore) {
    for scheme in model::default_funding_schemes() {
        store.upsert_funding_scheme(&scheme).await.unwrap();
    }
    for (id, name, country, region) in [
        (
            "hogeschool-scheldeland",
            "Hogeschool Scheldeland",
            "BE",
            "BE23",
        ),
        ("tallinn-digital", "Tallinn Digital Academy", "EE", "EE00"),
    ] {
        let mut document = provider_json();
        document["legal_name"] = serde_json::json!({"en": name});
        document["country"] = country.into();
        document["region"] = region.into();
        if country != "BE" {
            document["legal_identifiers"] =
                serde_json::json!([{"scheme": "vat", "value": "EE100000000"}]);
        }
        let content = ProviderContent::from_json(&document, &schemes()).unwrap();
        let provider = Provider {
            id: ProviderId::parse(id).unwrap(),
            status: PublicationStatus::Published,
            created_at: T0,
            updated_at: T0,
            content,
        };
        store.insert_provider(&provider).await.unwrap();
    }
}

fn offering(id: &str, provider: &str, edit: impl FnOnce(&mut serde_json::Value)) -> Offering {
    let mut document = offering_json(provider);
    edit(&mut document);
    let content = OfferingContent::from_json(
        &document,
        &OfferingRules {
            funding_schemes: &schemes(),
        },
    )
    .unwrap();
    Offering {
        id: OfferingId::parse(id).unwrap(),
        provider_id: ProviderId::parse(provider).unwrap(),
        status: PublicationStatus::Published,
        version: 1,
        created_at: T0,
        updated_at: T0,
        published_at: Some(T0),
        withdrawn_at: None,
        content,
    }
}

fn query() -> OfferingQuery {
    OfferingQuery {
        public_only: true,
        limit: 50,
        ..OfferingQuery::default()
    }
}

async fn ids(store: &SqlStore, query: OfferingQuery) -> Vec<String> {
    let page = store.search_offerings(&query).await.unwrap();
    let mut ids: Vec<String> = page
        .items
        .iter()
        .map(|offering| offering.id.to_string())
        .collect();
    assert!(page.total as usize >= ids.len());
    ids.sort();
    ids
}

/// The ids of one page, in the order search returned them.
async fn ordered_ids(store: &SqlStore, query: OfferingQuery) -> Vec<String> {
    let page = store.search_offerings(&query).await.unwrap();
    page.items
        .iter()
        .map(|offering| offering.id.to_string())
        .collect()
}

#[tokio::test]
async fn migrations_are_idempotent_and_the_register_starts_empty() {
    let directory = std::env::temp_dir().join(unique_name("microcred_migrate"));
    std::fs::create_dir_all(&directory).unwrap();
    let url = format!("sqlite://{}", directory.join("test.db").display());
    let store = SqlStore::open(&url, StoreOptions::default()).await.unwrap();
    assert!(store.is_empty().await.unwrap());
    store.close().await;
    let again = SqlStore::open(&url, StoreOptions::default()).await.unwrap();
    assert!(again.is_empty().await.unwrap());
    again.close().await;
    let _ = std::fs::remove_dir_all(&directory);
}

#[tokio::test]
async fn a_database_newer_than_the_program_is_refused() {
    let directory = std::env::temp_dir().join(unique_name("microcred_newer"));
    std::fs::create_dir_all(&directory).unwrap();
    let url = format!("sqlite://{}", directory.join("test.db").display());
    let store = SqlStore::open(&url, StoreOptions::default()).await.unwrap();
    store.close().await;
    {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    match SqlStore::open(&url, StoreOptions::default()).await {
        Err(StoreError::SchemaTooNew { found: 999, .. }) => {}
        other => panic!("expected SchemaTooNew, got {:?}", other.map(|_| ())),
    }
    let _ = std::fs::remove_dir_all(&directory);
}

#[tokio::test]
async fn both_backends_end_at_the_same_schema() {
    let Ok(url) = std::env::var("MICROCRED_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("MICROCRED_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "PostgreSQL required"
        );
        eprintln!("SKIPPED: MICROCRED_TEST_POSTGRES_URL is not set");
        return;
    };
    let directory = std::env::temp_dir().join(unique_name("microcred_schema"));
    std::fs::create_dir_all(&directory).unwrap();
    let sqlite = SqlStore::open(
        &format!("sqlite://{}", directory.join("test.db").display()),
        StoreOptions::default(),
    )
    .await
    .unwrap();
    let schema = unique_name("schema");
    let postgres = SqlStore::open(
        &url,
        StoreOptions {
            postgres_schema: Some(schema.clone()),
            max_connections: Some(2),
            ..StoreOptions::default()
        },
    )
    .await
    .unwrap();
    let sqlite_columns = sqlite.schema_columns().await.unwrap();
    let postgres_columns = postgres.schema_columns().await.unwrap();
    assert!(sqlite_columns.len() > 40);
    assert_eq!(sqlite_columns, postgres_columns);
    postgres.close().await;
    SqlStore::drop_postgres_schema(&url, &schema).await.unwrap();
    let _ = std::fs::remove_dir_all(&directory);
}

#[tokio::test]
async fn providers_are_stored_listed_and_unique() {
    on_every_backend(|store| async move {
        let id = ProviderId::parse("hogeschool-scheldeland").unwrap();
        let mut provider = store.get_provider(&id).await.unwrap();
        assert_eq!(provider.content.country, "BE");
        assert!(matches!(
            store.insert_provider(&provider).await,
            Err(StoreError::Conflict(_))
        ));
        provider.status = PublicationStatus::Withdrawn;
        provider.content.region = Some("BE21".into());
        store.update_provider(&provider).await.unwrap();
        assert_eq!(store.get_provider(&id).await.unwrap(), provider);
        let public: Vec<String> = store
            .list_providers(true)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id.to_string())
            .collect();
        assert_eq!(public, ["tallinn-digital"]);
        assert_eq!(store.list_providers(false).await.unwrap().len(), 2);
        assert!(matches!(
            store
                .get_provider(&ProviderId::parse("nobody").unwrap())
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(!store.is_empty().await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn offerings_keep_every_version() {
    on_every_backend(|store| async move {
        let first = offering("o-data", "hogeschool-scheldeland", |_| {});
        store.insert_offering(&first).await.unwrap();
        assert_eq!(store.get_offering(&first.id).await.unwrap(), first);
        assert!(matches!(
            store.insert_offering(&first).await,
            Err(StoreError::Conflict(_))
        ));

        let mut second = offering("o-data", "hogeschool-scheldeland", |d| {
            d["title"] = serde_json::json!({"nl": "Tweede versie"})
        });
        second.version = 2;
        store.add_offering_version(&second).await.unwrap();
        let current = store.get_offering(&first.id).await.unwrap();
        assert_eq!(current.version, 2);
        assert_eq!(
            current.content.title.best(model::UiLang::Nl),
            "Tweede versie"
        );
        let versions = store.list_offering_versions(&first.id).await.unwrap();
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[0].content, first.content);
        assert_eq!(
            store
                .get_offering_version(&first.id, 1)
                .await
                .unwrap()
                .content,
            first.content
        );
        assert!(matches!(
            store.get_offering_version(&first.id, 3).await,
            Err(StoreError::NotFound)
        ));

        // An edit based on version 1 after version 2 exists loses.
        assert!(matches!(
            store.add_offering_version(&second).await,
            Err(StoreError::Conflict(_))
        ));
        let mut withdrawn = current.clone();
        withdrawn.status = PublicationStatus::Withdrawn;
        withdrawn.withdrawn_at = Some(T0);
        store.set_offering_status(&withdrawn).await.unwrap();
        assert_eq!(
            store.get_offering(&first.id).await.unwrap().status,
            PublicationStatus::Withdrawn
        );
        assert!(matches!(
            store
                .get_offering(&OfferingId::parse("o-none").unwrap())
                .await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn concurrent_edits_of_one_version_cannot_both_win() {
    on_every_backend(|store| async move {
        let first = offering("o-race", "hogeschool-scheldeland", |_| {});
        store.insert_offering(&first).await.unwrap();
        let mut tasks = Vec::new();
        for writer in 0..6 {
            let store = store.clone();
            let mut next = offering("o-race", "hogeschool-scheldeland", move |d| {
                d["title"] = serde_json::json!({"en": format!("writer {writer}")})
            });
            next.version = 2;
            tasks.push(tokio::spawn(async move {
                store.add_offering_version(&next).await
            }));
        }
        let mut wins = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => wins += 1,
                Err(StoreError::Conflict(_)) => {}
                Err(other) => panic!("unexpected {other}"),
            }
        }
        assert_eq!(wins, 1);
        assert_eq!(
            store.list_offering_versions(&first.id).await.unwrap().len(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn a_failed_write_leaves_nothing_half_written() {
    on_every_backend(|store| async move {
        let mut bad = offering("o-half", "hogeschool-scheldeland", |_| {});
        // Not a configured scheme: the foreign key refuses it after the offering row was written.
        bad.content.funding_schemes =
            vec!["vlaams_opleidingsverlof".into(), "unknown_scheme".into()];
        assert!(store.insert_offering(&bad).await.is_err());
        assert!(matches!(
            store.get_offering(&bad.id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.list_offering_versions(&bad.id).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.search_offerings(&query()).await.unwrap().total, 0);
    })
    .await;
}

#[tokio::test]
async fn a_bulk_insert_is_all_or_nothing() {
    on_every_backend(|store| async move {
        let batch: Vec<Offering> = (0..50)
            .map(|index| offering(&format!("o-bulk-{index}"), "hogeschool-scheldeland", |_| {}))
            .collect();
        let mut spoiled = batch.clone();
        // One bad row in the middle: the rows before it were already written inside the transaction.
        spoiled[30].content.funding_schemes = vec!["unknown_scheme".into()];
        assert!(store.insert_offerings(&spoiled).await.is_err());
        assert_eq!(store.search_offerings(&query()).await.unwrap().total, 0);
        assert!(matches!(
            store.get_offering(&batch[0].id).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.list_offering_versions(&batch[0].id).await,
            Err(StoreError::NotFound)
        ));

        store.insert_offerings(&batch).await.unwrap();
        store.optimize().await.unwrap();
        let found = store
            .search_offerings(&OfferingQuery {
                text: Some("cursussen".into()),
                ..query()
            })
            .await
            .unwrap();
        assert_eq!(found.total, 50);
        assert_eq!(store.get_offering(&batch[49].id).await.unwrap(), batch[49]);
        // A duplicate id anywhere refuses the whole batch.
        let again = vec![
            offering("o-bulk-new", "hogeschool-scheldeland", |_| {}),
            batch[0].clone(),
        ];
        assert!(matches!(
            store.insert_offerings(&again).await,
            Err(StoreError::Conflict(_))
        ));
        assert!(matches!(
            store.get_offering(&again[0].id).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn search_stems_filters_and_pages() {
    on_every_backend(|store| async move {
        let items = [
            offering("o-cursus", "hogeschool-scheldeland", |d| {
                d["title"] = serde_json::json!({"nl": "Cursus lassen voor beginners"});
                d["summary"] = serde_json::json!({});
                d["learning_outcomes"] = serde_json::json!([{"text": {"nl": "Veilig lassen"}}]);
                d["level"]["eqf"] = 3.into();
                d["workload"] = serde_json::json!({"ects": 2});
                d["isced_field"] = "071".into();
                d["participation"]["mode"] = "on_site".into();
                d["languages"] = serde_json::json!(["nl"]);
                d["funding_schemes"] = serde_json::json!(["opleidingscheques"]);
                d["pilot_project"] = false.into();
            }),
            offering("o-python", "hogeschool-scheldeland", |_| {}),
            offering("o-estonia", "tallinn-digital", |d| {
                d["title"] = serde_json::json!({"en": "Cyber security essentials", "fr": "Formations en sécurité"});
                d["summary"] = serde_json::json!({});
                d["learning_outcomes"] = serde_json::json!([{"text": {"en": "Secure a network"}}]);
                d["awarding_bodies"] = serde_json::json!(["tallinn-digital"]);
                d["level"]["eqf"] = 6.into();
                d["workload"] = serde_json::json!({"ects": 6});
                d["participation"]["mode"] = "online".into();
                d["languages"] = serde_json::json!(["en", "fr"]);
                d["funding_schemes"] = serde_json::json!([]);
                d["pilot_project"] = false.into();
            }),
        ];
        for item in &items {
            store.insert_offering(item).await.unwrap();
        }
        let mut draft = offering("o-draft", "hogeschool-scheldeland", |_| {});
        draft.status = PublicationStatus::Draft;
        draft.published_at = None;
        store.insert_offering(&draft).await.unwrap();

        assert_eq!(ids(&store, query()).await, ["o-cursus", "o-estonia", "o-python"]);
        assert_eq!(ids(&store, OfferingQuery { public_only: false, ..query() }).await.len(), 4);
        assert_eq!(ids(&store, OfferingQuery { text: Some("cursussen".into()), ..query() }).await, ["o-cursus", "o-python"]);
        assert_eq!(ids(&store, OfferingQuery { text: Some("LASSEN cursus".into()), ..query() }).await, ["o-cursus"]);
        assert_eq!(ids(&store, OfferingQuery { text: Some("formation securite".into()), ..query() }).await, ["o-estonia"]);
        assert_eq!(ids(&store, OfferingQuery { text: Some("python".into()), ..query() }).await, ["o-python"]);
        assert!(ids(&store, OfferingQuery { text: Some("\" OR 1=1 --".into()), ..query() }).await.is_empty());
        assert!(ids(&store, OfferingQuery { text: Some("nothingmatches".into()), ..query() }).await.is_empty());
        assert_eq!(ids(&store, OfferingQuery { eqf: Some(6), ..query() }).await, ["o-estonia"]);
        assert_eq!(ids(&store, OfferingQuery { ects_min: Some(2.5), ects_max: Some(5.0), ..query() }).await, ["o-python"]);
        assert_eq!(ids(&store, OfferingQuery { isced_field: Some("07".into()), ..query() }).await, ["o-cursus"]);
        assert_eq!(ids(&store, OfferingQuery { isced_field: Some("061".into()), ..query() }).await, ["o-estonia", "o-python"]);
        assert_eq!(ids(&store, OfferingQuery { mode: Some(model::vocab::ParticipationMode::Online), ..query() }).await, ["o-estonia"]);
        assert_eq!(ids(&store, OfferingQuery { language: Some("fr".into()), ..query() }).await, ["o-estonia"]);
        assert_eq!(ids(&store, OfferingQuery { country: Some("EE".into()), ..query() }).await, ["o-estonia"]);
        assert_eq!(ids(&store, OfferingQuery { region: Some("BE2".into()), ..query() }).await, ["o-cursus", "o-python"]);
        assert_eq!(ids(&store, OfferingQuery { provider: Some(ProviderId::parse("tallinn-digital").unwrap()), ..query() }).await, ["o-estonia"]);
        assert_eq!(ids(&store, OfferingQuery { funding_scheme: Some("opleidingscheques".into()), ..query() }).await, ["o-cursus"]);
        assert_eq!(ids(&store, OfferingQuery { pilot: Some(true), ..query() }).await, ["o-python"]);

        let page = store.search_offerings(&OfferingQuery { sort: SortOrder::Title, limit: 2, offset: 2, ..query() }).await.unwrap();
        assert_eq!(page.total, 3);
        assert_eq!(page.items.len(), 1);
        assert_eq!(page.items[0].id.as_str(), "o-estonia");

        // Withdrawing a provider hides its offerings from the public catalogue.
        let mut provider = store.get_provider(&ProviderId::parse("tallinn-digital").unwrap()).await.unwrap();
        provider.status = PublicationStatus::Withdrawn;
        store.update_provider(&provider).await.unwrap();
        assert_eq!(ids(&store, query()).await, ["o-cursus", "o-python"]);

        // A new version is what search sees.
        let mut renamed = store.get_offering(&OfferingId::parse("o-cursus").unwrap()).await.unwrap();
        renamed.version = 2;
        renamed.content.title = model::LangText::one("nl", "Workshop solderen");
        renamed.content.learning_outcomes[0].text = model::LangText::one("nl", "Solderen");
        store.add_offering_version(&renamed).await.unwrap();
        assert!(ids(&store, OfferingQuery { text: Some("lassen".into()), ..query() }).await.is_empty());
        assert_eq!(ids(&store, OfferingQuery { text: Some("solderen".into()), ..query() }).await, ["o-cursus"]);
    })
    .await;
}

#[tokio::test]
async fn tokens_and_sessions_expire_and_revoke() {
    on_every_backend(|store| async move {
        let token = ApiToken {
            id: TokenId::parse("tok-admin").unwrap(),
            role: Role::ProviderAdmin,
            provider_id: Some(ProviderId::parse("hogeschool-scheldeland").unwrap()),
            label: "test".into(),
            created_at: T0,
            revoked_at: None,
            account_id: None,
            expires_at: None,
            last_used_at: None,
        };
        store.insert_token(&token, "hash-1").await.unwrap();
        assert!(matches!(
            store.insert_token(&token, "hash-2").await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(store.find_token("hash-1", T0).await.unwrap(), token);
        assert!(matches!(
            store.find_token("hash-x", T0).await,
            Err(StoreError::NotFound)
        ));

        store
            .insert_session("session-1", &token.id, T0, datetime!(2024-03-02 09:00 UTC))
            .await
            .unwrap();
        assert_eq!(
            store.find_session("session-1", T0).await.unwrap().token,
            token
        );
        assert!(matches!(
            store
                .find_session("session-1", datetime!(2024-03-03 09:00 UTC))
                .await,
            Err(StoreError::NotFound)
        ));
        store.revoke_token(&token.id, T0).await.unwrap();
        assert!(matches!(
            store.find_token("hash-1", T0).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.find_session("session-1", T0).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.revoke_token(&token.id, T0).await,
            Err(StoreError::NotFound)
        ));
        store.delete_session("session-1").await.unwrap();
        assert_eq!(store.list_tokens(None, None).await.unwrap().len(), 1);

        // A token that expires: found before, not at or after; its sessions end with it;
        // its last use is kept.
        let expiring = ApiToken {
            id: TokenId::parse("tok-expiring").unwrap(),
            expires_at: Some(datetime!(2024-03-05 09:00 UTC)),
            ..token.clone()
        };
        store.insert_token(&expiring, "hash-3").await.unwrap();
        assert!(store.find_token("hash-3", T0).await.is_ok());
        store
            .insert_session(
                "session-3",
                &expiring.id,
                T0,
                datetime!(2024-03-09 09:00 UTC),
            )
            .await
            .unwrap();
        for late in [
            datetime!(2024-03-05 09:00 UTC),
            datetime!(2024-03-06 09:00 UTC),
        ] {
            assert!(matches!(
                store.find_token("hash-3", late).await,
                Err(StoreError::NotFound)
            ));
            assert!(matches!(
                store.find_session("session-3", late).await,
                Err(StoreError::NotFound)
            ));
        }
        store.touch_token(&expiring.id, T0).await.unwrap();
        let found = store.find_token("hash-3", T0).await.unwrap();
        assert_eq!(found.last_used_at, Some(T0));
        assert_eq!(found.expires_at, expiring.expires_at);
        assert_eq!(store.list_tokens(None, None).await.unwrap().len(), 2);
    })
    .await;
}
