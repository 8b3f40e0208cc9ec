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

#[tokio::test]
async fn the_demo_learner_signs_in_to_a_wallet_with_a_credential_an_import_and_a_share_link() {
    let server = TestServer::start_with(TestOptions {
        demo: true,
        ..TestOptions::default()
    })
    .await;
    let learner = server
        .state
        .app
        .seed_demo_learner()
        .await
        .unwrap()
        .expect("the demo register has credentials");
    // A second start makes a fresh share link for the same account.
    let again = server.state.app.seed_demo_learner().await.unwrap().unwrap();
    assert_eq!(again.email, learner.email);
    assert_ne!(again.share_link, learner.share_link);
    let (status, session) = server
        .send(
            reqwest::Method::POST,
            "/api/v1/sessions",
            None,
            Some(&serde_json::json!({"email": learner.email, "password": learner.password})),
        )
        .await;
    assert_eq!(status, 201, "{session}");
    let token = session["token"].as_str().unwrap();
    let (_, wallet) = server
        .send(reqwest::Method::GET, "/api/v1/me/wallet", Some(token), None)
        .await;
    assert_eq!(
        wallet["records"][0]["credentials"][0]["status"], "active",
        "{wallet}"
    );
    assert_eq!(wallet["student_numbers"][0]["confirmed"], true, "{wallet}");
    assert!(wallet["did"].as_str().unwrap().starts_with("did:key:"));
    let imported = &wallet["imported"][0];
    assert_eq!(
        imported["verified"], false,
        "issued outside the trust list: {imported}"
    );
    assert!(
        imported["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("issuer_trusted"),
        "{imported}"
    );
    assert_eq!(wallet["share_links"].as_array().unwrap().len(), 2);
    // A demo pathway their credential counts toward: one of its two requirements' offerings.
    let (_, pathways) = server
        .send(
            reqwest::Method::GET,
            "/api/v1/me/pathways",
            Some(token),
            None,
        )
        .await;
    let progress = &pathways["items"][0]["progress"];
    assert_eq!(progress["complete"], false, "{pathways}");
    assert_eq!(
        progress["requirements"][0]["counted"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "{pathways}"
    );
    let path = learner.share_link.replace(&server.url(""), "");
    let page = get(&server, &path, None).await;
    assert_eq!(page.status, 200);
    // Verified now (the test's clock is before the demo's last credentials, so the validity
    // period may not have begun; the signature holds).
    assert!(
        page.body.contains("class=\"shared-credential\""),
        "{}",
        page.body
    );
    assert!(!page.body.contains("signature_mismatch"), "{}", page.body);
}
