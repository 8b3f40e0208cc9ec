//! The register in a real headless Chromium: search the catalogue, open an offering, sign in,
//! create an offering through the form (first with a missing element), publish it and find it.
//! Screenshots are kept in the artefacts directory (`test-artifacts/` or `MICROCRED_ARTIFACTS_DIR`).

use serde_json::json;

use crate::common::{OWN, TestServer};
use crate::webdriver::{Browser, available};

#[tokio::test]
async fn a_visitor_searches_and_a_provider_admin_creates_an_offering_in_chromium() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    server
        .published_offering(&server.own_token, OWN, |d| {
            d["title"] =
                json!({"nl": "Cursus lassen voor beginners", "en": "Welding course for beginners"});
        })
        .await;
    server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let browser = Browser::start(&chromium, &chromedriver).await;

    // A visitor searches in Dutch: the plural finds the singular.
    browser.goto(&server.url("/?lang=nl")).await;
    browser.type_into("#q", "cursussen lassen").await;
    browser.click("#search-form button[type=submit]").await;
    browser.wait_for_url("q=cursussen").await;
    let found = browser.wait_for_count(".card-title a", 1).await;
    assert_eq!(
        found,
        1,
        "one offering matches: {}",
        browser.page_text().await
    );
    browser.screenshot("01-search-results").await;

    // …opens it and sees its Annex I elements labelled.
    browser.click(".card-title a").await;
    browser.wait_for_url("/offerings/of-").await;
    let page = browser.page_text().await;
    assert!(page.contains("Cursus lassen voor beginners"), "{page}");
    assert!(page.contains("EQF"), "{page}");
    browser.screenshot("02-offering-detail").await;

    // …switches to English.
    browser.click("a.lang-switch").await;
    browser.wait_for_url("lang=en").await;
    let page = browser.page_text().await;
    assert!(page.contains("Welding course for beginners"), "{page}");
    browser.screenshot("03-offering-detail-en").await;

    // A provider admin signs in with a token.
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#token", &server.own_token).await;
    browser.click("form.stack button[type=submit]").await;
    let url = browser.wait_for_url("/admin").await;
    assert!(url.ends_with("/admin"), "{url}");
    browser.screenshot("04-admin").await;

    // The form refuses an offering without a title and says so next to the field.
    browser
        .click("a.button[href^='/admin/offerings/new']")
        .await;
    browser.wait_for_url("/admin/offerings/new").await;
    assert_eq!(browser.wait_for_count("#f-title-nl", 1).await, 1);
    browser.type_into("#f-workload-ects", "4").await;
    browser.select("#f-level-eqf", "5").await;
    browser.select("#f-isced", "041").await;
    browser.click("#f-assessment-types-project").await;
    browser.select("#f-participation-mode", "online").await;
    browser
        .select("#f-participation-setting", "non_formal")
        .await;
    browser.click("#f-languages-nl").await;
    let outcome = "De deelnemer stelt een projectplan op.";
    browser.type_into("#f-lo0-nl", outcome).await;
    browser.click(".form-actions button[type=submit]").await;
    let summaries = browser.wait_for_count(".error-summary", 1).await;
    assert_eq!(
        summaries,
        1,
        "no error summary: {}",
        browser.page_text().await
    );
    browser.screenshot("05-form-missing-title").await;

    // Fixed, it is created, published and found by anyone.
    let title = "Cursus projectplanning voor kmo's";
    browser.type_into("#f-title-nl", title).await;
    browser.click(".form-actions button[type=submit]").await;
    let url = browser.wait_for_url("/offerings/of-").await;
    assert!(url.contains("/offerings/of-"), "{url}");
    assert!(browser.page_text().await.contains(title));
    browser.click("form[action$='/publish'] button").await;
    let withdraw = browser
        .wait_for_count("form[action$='/withdraw'] button", 1)
        .await;
    assert_eq!(withdraw, 1, "{}", browser.page_text().await);
    browser.screenshot("06-created-and-published").await;
    browser.goto(&server.url("/?q=projectplanning")).await;
    let found = browser.wait_for_count(".card-title a", 1).await;
    assert_eq!(found, 1, "{}", browser.page_text().await);
    browser.screenshot("07-found-in-catalogue").await;

    browser.quit().await;
}
