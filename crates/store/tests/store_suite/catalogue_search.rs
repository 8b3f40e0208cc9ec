//! Catalogue search through the in-memory index: orders, paging, region prefixes, prefix
//! matches ranked below whole words, staying consistent with writes made by another store
//! (process or server) on the same database, and re-deriving terms made by older rules.

use super::*;

fn published_at(offering: &mut Offering, at: OffsetDateTime) {
    offering.published_at = Some(at);
    offering.created_at = at;
    offering.updated_at = at;
}

fn titled(id: &str, title: &str) -> Offering {
    let title = title.to_owned();
    offering(id, "hogeschool-scheldeland", move |d| {
        d["title"] = serde_json::json!({ "nl": title });
        d["summary"] = serde_json::json!({});
        d["learning_outcomes"] = serde_json::json!([{"text": {"nl": "Veilig werken"}}]);
    })
}

#[tokio::test]
async fn a_write_through_another_store_is_seen_by_search() {
    on_every_database(|store, database| async move {
        // Index built now, before the other store writes anything.
        assert_eq!(store.search_offerings(&query()).await.unwrap().total, 0);
        let other = database.open().await;

        other
            .insert_offering(&titled("o-elsewhere", "Lassen voor gevorderden"))
            .await
            .unwrap();
        let text = || OfferingQuery {
            text: Some("lassen".into()),
            ..query()
        };
        assert_eq!(ids(&store, text()).await, ["o-elsewhere"]);

        let batch: Vec<Offering> = (0..30)
            .map(|index| titled(&format!("o-batch-{index:02}"), "Solderen"))
            .collect();
        other.insert_offerings(&batch).await.unwrap();
        assert_eq!(store.search_offerings(&query()).await.unwrap().total, 31);

        let mut renamed = other
            .get_offering(&OfferingId::parse("o-elsewhere").unwrap())
            .await
            .unwrap();
        renamed.version = 2;
        renamed.content.title = model::LangText::one("nl", "Workshop metselen");
        other.add_offering_version(&renamed).await.unwrap();
        assert!(ids(&store, text()).await.is_empty());
        let masonry = OfferingQuery {
            text: Some("metselen".into()),
            ..query()
        };
        assert_eq!(ids(&store, masonry.clone()).await, ["o-elsewhere"]);

        renamed.status = PublicationStatus::Withdrawn;
        renamed.withdrawn_at = Some(T0);
        other.set_offering_status(&renamed).await.unwrap();
        assert!(ids(&store, masonry).await.is_empty());
        assert_eq!(store.search_offerings(&query()).await.unwrap().total, 30);

        let mut provider = other
            .get_provider(&ProviderId::parse("hogeschool-scheldeland").unwrap())
            .await
            .unwrap();
        provider.status = PublicationStatus::Withdrawn;
        other.update_provider(&provider).await.unwrap();
        assert_eq!(store.search_offerings(&query()).await.unwrap().total, 0);
        other.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_page_shows_each_document_as_it_is_now_whoever_wrote_it() {
    // Result pages come from a cache beside the index: every kind of write, by this store or
    // another on the same database, must show on the next page — even an edit in place that
    // keeps the version and the time (no key but the change log tells it apart).
    on_every_database(|store, database| async move {
        let id = OfferingId::parse("o-cached").unwrap();
        store
            .insert_offering(&titled("o-cached", "Lassen"))
            .await
            .unwrap();
        let all = || OfferingQuery {
            public_only: false,
            ..query()
        };
        let page = |store: Arc<SqlStore>| {
            let query = all();
            async move {
                let page = store.search_offerings(&query).await.unwrap();
                assert_eq!(page.items.len(), 1);
                page.into_offerings().into_iter().next().unwrap()
            }
        };
        assert_eq!(
            page(store.clone()).await,
            store.get_offering(&id).await.unwrap()
        );
        let other = database.open().await;
        for step in 0..3 {
            let mut edited = other.get_offering(&id).await.unwrap();
            edited.content.title = model::LangText::one("nl", format!("Lassen, stap {step}"));
            other.replace_offering(&edited).await.unwrap();
            // Twice: the first page reads the edit from SQL, the second from the cache.
            for _ in 0..2 {
                assert_eq!(page(store.clone()).await, edited, "after edit {step}");
            }
        }
        let mut next = other.get_offering(&id).await.unwrap();
        next.version += 1;
        next.content.title = model::LangText::one("nl", "Metselen");
        other.add_offering_version(&next).await.unwrap();
        assert_eq!(page(store.clone()).await, next);
        next.status = PublicationStatus::Withdrawn;
        next.withdrawn_at = Some(T0);
        other.set_offering_status(&next).await.unwrap();
        assert_eq!(page(store.clone()).await, next);
        // And a write by this store itself.
        next.content.title = model::LangText::one("nl", "Metselen, herzien");
        store.replace_offering(&next).await.unwrap();
        assert_eq!(page(store.clone()).await, next);
        other.close().await;
    })
    .await;
}

#[tokio::test]
async fn withdrawing_a_provider_hides_its_offerings_and_republishing_shows_them() {
    on_every_backend(|store| async move {
        store
            .insert_offering(&offering("o-be", "hogeschool-scheldeland", |_| {}))
            .await
            .unwrap();
        store
            .insert_offering(&offering("o-ee", "tallinn-digital", |d| {
                d["awarding_bodies"] = serde_json::json!(["tallinn-digital"]);
            }))
            .await
            .unwrap();
        let id = ProviderId::parse("hogeschool-scheldeland").unwrap();
        let mut provider = store.get_provider(&id).await.unwrap();
        provider.status = PublicationStatus::Withdrawn;
        store.update_provider(&provider).await.unwrap();
        assert_eq!(ids(&store, query()).await, ["o-ee"]);
        // The status alone, as a verification's trust check reads it.
        assert_eq!(
            store.provider_status(&id).await.unwrap(),
            PublicationStatus::Withdrawn
        );
        assert!(matches!(
            store
                .provider_status(&ProviderId::parse("no-such-provider").unwrap())
                .await,
            Err(store::StoreError::NotFound)
        ));
        // Not public, but still found by its own staff (any status).
        let own = OfferingQuery {
            public_only: false,
            provider: Some(id.clone()),
            ..query()
        };
        assert_eq!(ids(&store, own).await, ["o-be"]);

        provider.status = PublicationStatus::Published;
        provider.content.country = "NL".into();
        provider.content.region = Some("NL32".into());
        store.update_provider(&provider).await.unwrap();
        assert_eq!(ids(&store, query()).await, ["o-be", "o-ee"]);
        assert_eq!(
            store.provider_status(&id).await.unwrap(),
            PublicationStatus::Published
        );
        let dutch = OfferingQuery {
            region: Some("NL3".into()),
            ..query()
        };
        assert_eq!(ids(&store, dutch).await, ["o-be"]);
    })
    .await;
}

#[tokio::test]
async fn a_region_filter_matches_every_region_inside_it() {
    on_every_backend(|store| async move {
        store
            .insert_offering(&offering("o-be", "hogeschool-scheldeland", |_| {}))
            .await
            .unwrap();
        store
            .insert_offering(&offering("o-ee", "tallinn-digital", |d| {
                d["awarding_bodies"] = serde_json::json!(["tallinn-digital"]);
            }))
            .await
            .unwrap();
        let region = |code: &str| OfferingQuery {
            region: Some(code.into()),
            ..query()
        };
        // The Belgian provider is in BE23.
        for code in ["BE", "BE2", "BE23"] {
            assert_eq!(ids(&store, region(code)).await, ["o-be"], "{code}");
        }
        for code in ["BE21", "BE231", "NL"] {
            assert!(ids(&store, region(code)).await.is_empty(), "{code}");
        }
        assert_eq!(ids(&store, region("EE00")).await, ["o-ee"]);
    })
    .await;
}

#[tokio::test]
async fn newest_title_and_relevance_orders_page_stably() {
    on_every_backend(|store| async move {
        let day = |n: i64| T0 + time::Duration::days(n);
        // (id, title, published on day): two share a day, two share a title.
        let rows = [
            ("o-a", "Zagen en lassen", 3),
            ("o-b", "Lassen lassen lassen", 1),
            ("o-c", "Boren", 3),
            ("o-d", "Boren", 2),
            ("o-e", "Metselen met lassen", 5),
        ];
        for (id, title, published) in rows {
            let mut item = titled(id, title);
            published_at(&mut item, day(published));
            store.insert_offering(&item).await.unwrap();
        }
        let mut draft = titled("o-draft", "Aaa eerst");
        draft.status = PublicationStatus::Draft;
        draft.published_at = None;
        store.insert_offering(&draft).await.unwrap();

        let sorted = |sort| OfferingQuery { sort, ..query() };
        let newest = ordered_ids(&store, sorted(SortOrder::Newest)).await;
        assert_eq!(newest, ["o-e", "o-a", "o-c", "o-d", "o-b"]);
        // Without text, relevance is newest first.
        assert_eq!(
            ordered_ids(&store, sorted(SortOrder::Relevance)).await,
            newest
        );
        let by_title = ordered_ids(&store, sorted(SortOrder::Title)).await;
        assert_eq!(by_title, ["o-c", "o-d", "o-b", "o-e", "o-a"]);
        // Drafts have no publication date: they come after every published offering.
        let everything = OfferingQuery {
            public_only: false,
            ..sorted(SortOrder::Newest)
        };
        assert_eq!(
            ordered_ids(&store, everything).await.last().unwrap(),
            "o-draft"
        );

        let welding = OfferingQuery {
            text: Some("lassen".into()),
            ..query()
        };
        let relevance = ordered_ids(&store, welding.clone()).await;
        assert_eq!(relevance.len(), 3);
        assert_eq!(
            relevance[0], "o-b",
            "three times 'lassen' in a short title ranks first"
        );

        for (order, expected) in [
            (welding.clone(), relevance),
            (sorted(SortOrder::Newest), newest),
            (sorted(SortOrder::Title), by_title),
        ] {
            let mut paged = Vec::new();
            for offset in (0..6).step_by(2) {
                let page = store
                    .search_offerings(&OfferingQuery {
                        offset,
                        limit: 2,
                        ..order.clone()
                    })
                    .await
                    .unwrap();
                assert_eq!(page.total as usize, expected.len());
                paged.extend(page.items.iter().map(|item| item.id.to_string()));
            }
            assert_eq!(paged, expected);
        }
        let counted = store
            .search_offerings(&OfferingQuery {
                limit: 0,
                ..welding
            })
            .await
            .unwrap();
        assert_eq!((counted.total, counted.items.len()), (3, 0));
    })
    .await;
}

#[tokio::test]
async fn a_fresh_open_rebuilds_the_index_and_finds_everything() {
    on_every_database(|store, database| async move {
        let batch: Vec<Offering> = (0..40)
            .map(|index| titled(&format!("o-{index:02}"), "Lassen"))
            .collect();
        store.insert_offerings(&batch).await.unwrap();
        let mut withdrawn = batch[7].clone();
        withdrawn.status = PublicationStatus::Withdrawn;
        store.set_offering_status(&withdrawn).await.unwrap();

        let fresh = database.open().await;
        let found = fresh
            .search_offerings(&OfferingQuery {
                text: Some("lassen".into()),
                limit: 100,
                ..query()
            })
            .await
            .unwrap();
        assert_eq!(found.total, 39);
        assert!(found.items.iter().all(|item| item.id != withdrawn.id));
        assert_eq!(
            *found.items[0],
            store.get_offering(&found.items[0].id).await.unwrap()
        );
        fresh.close().await;
    })
    .await;
}

#[tokio::test]
async fn terms_made_by_older_rules_are_re_derived_when_a_store_opens() {
    on_every_database(|store, database| async move {
        // More than one re-derivation batch (500).
        let mut batch: Vec<Offering> = (0..510)
            .map(|index| titled(&format!("o-{index:03}"), "Lassen voor gevorderden"))
            .collect();
        batch.push(titled("o-future", "Solderen"));
        store.insert_offerings(&batch).await.unwrap();
        let text = |words: &str| OfferingQuery {
            text: Some(words.into()),
            limit: 1_000,
            ..query()
        };
        // As an older program left them: terms by its rules (marked here by a word no
        // document contains), logged for the indexes; and one row by a newer program.
        database
            .execute(
                "UPDATE offerings SET search_terms = 'verouderd', terms_version = 1 WHERE id <> 'o-future'; \
                 INSERT INTO catalogue_changes (seq, offering_id) \
                 SELECT (SELECT last_seq FROM catalogue_feed) + ROW_NUMBER() OVER (ORDER BY id), id FROM offerings; \
                 UPDATE catalogue_feed SET last_seq = last_seq + (SELECT COUNT(*) FROM offerings);",
            )
            .await;
        let newer = model::search::TERMS_VERSION + 1;
        database
            .execute(&format!(
                "UPDATE offerings SET search_terms = 'toekomst', terms_version = {newer} WHERE id = 'o-future'"
            ))
            .await;
        assert_eq!(ids(&store, text("verouderd")).await.len(), 510);

        let fresh = database.open().await;
        assert!(ids(&fresh, text("verouderd")).await.is_empty());
        assert_eq!(ids(&fresh, text("lassen gevorderden")).await.len(), 510);
        assert_eq!(ids(&fresh, text("toekomst")).await, ["o-future"]);
        // The store opened before sees the re-derived terms through the change log.
        assert!(ids(&store, text("verouderd")).await.is_empty());
        assert_eq!(ids(&store, text("lassen")).await.len(), 510);
        fresh.close().await;
        // Nothing left to re-derive: a third open finds the same.
        let again = database.open().await;
        assert_eq!(ids(&again, text("lassen")).await.len(), 510);
        again.close().await;
    })
    .await;
}

#[tokio::test]
async fn a_prefix_finds_compounds_and_ranks_below_whole_words() {
    on_every_backend(|store| async move {
        for (id, title) in [
            ("o-compound", "Veilig werken op de bouwplaats"),
            ("o-word", "Bouw en renovatie"),
            ("o-prefix", "Cursussenaanbod"),
            ("o-short", "Datum"),
        ] {
            store.insert_offering(&titled(id, title)).await.unwrap();
        }
        // `cursus` in nearly every offering: its BM25 weight is close to zero.
        let courses: Vec<Offering> = (0..20)
            .map(|index| titled(&format!("o-cursus-{index:02}"), "Cursus"))
            .collect();
        store.insert_offerings(&courses).await.unwrap();
        let text = |words: &str| OfferingQuery {
            text: Some(words.into()),
            ..query()
        };
        assert_eq!(
            ordered_ids(&store, text("bouw")).await,
            ["o-word", "o-compound"],
            "the whole word first, then the compound it begins"
        );
        // A match through the stem (`cursus`) is a whole-term match, however common the term:
        // it ranks above the prefix-only match.
        let found = ordered_ids(&store, text("cursussen")).await;
        assert_eq!(found.len(), 21);
        assert_eq!(found.last().unwrap(), "o-prefix");
        assert_eq!(ids(&store, text("bouwpl")).await, ["o-compound"]);
        // Under four characters, no prefix: `dat` does not find `datum`.
        assert!(ids(&store, text("dat")).await.is_empty());
    })
    .await;
}
