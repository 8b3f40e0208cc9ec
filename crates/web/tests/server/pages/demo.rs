//! The demo register through the pages: every example under the search box is a link, in
//! Dutch and in English, and each finds offerings (issue 8: they used to find nothing).

use super::get;
use crate::common::{TestOptions, TestServer};

/// The links of the hint under the search box.
fn example_links(body: &str) -> Vec<String> {
    let start = body.find("id=\"q-hint\"").expect("no search hint");
    let hint = &body[start..];
    let hint = &hint[..hint.find("</p>").expect("hint paragraph not closed")];
    hint.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&#38;", "&"))
        .collect()
}

/// The total a search page shows (`<span class="count">12 resultaten</span>`).
fn shown_total(body: &str) -> u64 {
    let start = body.find("class=\"count\">").expect("no result count") + 14;
    body[start..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .expect("a number")
}

#[tokio::test]
async fn every_search_example_is_a_link_that_finds_demo_offerings() {
    let server = TestServer::start_with(TestOptions {
        demo: true,
        ..TestOptions::default()
    })
    .await;
    for (lang, expected) in [
        (
            "nl",
            ["/?q=cursus+data-analyse", "/?q=lassen", "/?q=verpleegkunde"],
        ),
        (
            "en",
            ["/?q=data+analysis+course", "/?q=welding", "/?q=nursing"],
        ),
    ] {
        let cookie = format!("lang={lang}");
        let home = get(&server, "/", Some(&cookie)).await;
        assert!(home.body.contains(&format!("<html lang=\"{lang}\">")));
        let links = example_links(&home.body);
        assert_eq!(links, expected, "{lang}");
        for link in links.iter().map(String::as_str).chain(["/?q=bouw"]) {
            let results = get(&server, link, Some(&cookie)).await;
            assert_eq!(results.status, 200, "{link}");
            assert!(
                shown_total(&results.body) > 0,
                "{lang} {link} finds nothing"
            );
        }
    }
}
