//! The demo catalogue searched as visitors do: stemming at work, every example under the
//! search box finds something, and `data` is not found through the Dutch `dat`.

use std::collections::BTreeSet;

use model::{Offering, OfferingQuery, PublicationStatus};

use super::tests::{every_offering, finish, seeded};
use crate::App;
use store::{SqlStore, Store};

#[tokio::test]
async fn searching_cursussen_finds_offerings_titled_cursus() {
    let (app, _, directory) = seeded("stemming").await;
    let public_providers: BTreeSet<String> = app
        .store
        .list_providers(true)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id.to_string())
        .collect();
    let expected: BTreeSet<String> = every_offering(&app)
        .await
        .into_iter()
        .filter(|o| {
            o.status == PublicationStatus::Published
                && public_providers.contains(o.provider_id.as_str())
        })
        // Whole words only: compounds such as "basiscursus" are not split.
        .filter(|o| {
            o.content.title.iter().any(|(_, title)| {
                title
                    .to_lowercase()
                    .split(' ')
                    .any(|word| word == "cursus" || word == "cursussen")
            })
        })
        .map(|o| o.id.to_string())
        .collect();
    assert!(
        expected.len() >= 10,
        "only {} cursus titles",
        expected.len()
    );
    let mut found = BTreeSet::new();
    let mut offset = 0;
    loop {
        let page = app
            .search(OfferingQuery {
                text: Some("cursussen".into()),
                offset,
                limit: 100,
                ..OfferingQuery::default()
            })
            .await
            .unwrap();
        found.extend(page.items.iter().map(|o| o.id.to_string()));
        offset += 100;
        if u64::from(offset) >= page.total {
            break;
        }
    }
    assert!(
        expected.is_subset(&found),
        "missing {:?}",
        expected.difference(&found).collect::<Vec<_>>()
    );
    finish(app, directory).await;
}

/// Every public offering `text` finds (all pages).
async fn found(app: &App<SqlStore>, text: &str) -> Vec<Offering> {
    let mut items = Vec::new();
    let mut offset = 0;
    loop {
        let page = app
            .search(OfferingQuery {
                text: Some(text.into()),
                offset,
                limit: 100,
                ..OfferingQuery::default()
            })
            .await
            .unwrap();
        let total = page.total;
        items.extend(page.into_offerings());
        offset += 100;
        if u64::from(offset) >= total {
            return items;
        }
    }
}

/// Every text of an offering that search indexes, lower-cased.
fn indexed_texts(offering: &Offering) -> String {
    let content = &offering.content;
    [&content.title, &content.summary]
        .into_iter()
        .chain(
            content
                .learning_outcomes
                .iter()
                .map(|outcome| &outcome.text),
        )
        .flat_map(|text| text.iter().map(|(_, text)| text.to_lowercase()))
        .collect::<Vec<_>>()
        .join(" | ")
}

#[tokio::test]
async fn every_search_example_finds_demo_offerings_and_data_is_not_found_through_dat() {
    let (app, _, directory) = seeded("examples").await;
    // The examples under the search box (web's nl and en texts), and the words of issue 8.
    for example in [
        "cursus data-analyse",
        "lassen",
        "verpleegkunde",
        "data analysis course",
        "welding",
        "nursing",
        "bouw",
    ] {
        assert!(
            !found(&app, example).await.is_empty(),
            "`{example}` finds nothing in the demo"
        );
    }
    // `bouw` finds compounds that begin with it (bouwplaats, bouwmaterialen) through the prefix.
    let construction = found(&app, "bouw").await;
    assert!(
        construction
            .iter()
            .any(|offering| indexed_texts(offering).contains("bouwplaats")),
        "bouw does not find bouwplaats"
    );

    // Offerings saying the Dutch "dat" ("that") without any data in them exist in the demo…
    let is_about_data = |offering: &Offering| {
        let texts = indexed_texts(offering);
        texts.contains("data") || texts.contains("daten") || texts.contains("donn")
    };
    let says_dat = |offering: &Offering| {
        indexed_texts(offering)
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == "dat")
    };
    let only_dat = every_offering(&app)
        .await
        .into_iter()
        .filter(|offering| says_dat(offering) && !is_about_data(offering))
        .count();
    assert!(only_dat > 0, "no demo offering says dat without data");
    // …and searching "data" finds none of them.
    let data = found(&app, "data").await;
    assert!(!data.is_empty());
    let through_dat: Vec<String> = data
        .iter()
        .filter(|offering| !is_about_data(offering))
        .map(|offering| format!("{}: {}", offering.id, indexed_texts(offering)))
        .collect();
    assert!(through_dat.is_empty(), "{through_dat:#?}");
    finish(app, directory).await;
}
