//! Stacking pathways in a real headless Chromium: a provider admin defines a pathway on its
//! page; a learner with one of its two credentials sees the progress in the wallet and on the
//! pathway's page, then completes it. Screenshots go to the artefacts directory.

use serde_json::json;

use crate::common::{LEARNER_PASSWORD, OWN, TestServer};
use crate::webdriver::{Browser, available};

#[tokio::test]
async fn a_provider_defines_a_pathway_and_a_learner_follows_it_in_chromium() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    let first = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let second = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let awards = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    server.learner("Mira Stack", "mira@example.org").await;
    crate::issuing::credential_in(&server, &server.issuer_token, &first, "mira@example.org").await;

    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#token", &server.own_token).await;
    browser.click("#sign-in-token button[type=submit]").await;
    browser.wait_for_url("/admin").await;
    browser.click("#pathways-link").await;
    browser.wait_for_url("/admin/pathways").await;
    let rules = json!({
        "name": {"en": "Data foundations", "nl": "Basis data"},
        "description": {"en": "Two courses stack into the foundations certificate."},
        "awards": awards,
        "requirements": [{"kind": "offerings", "label": {"en": "Both courses"}, "offerings": [first, second]}],
    });
    browser.type_into("#f-rules", &rules.to_string()).await;
    browser.click("#define-pathway button[type=submit]").await;
    assert_eq!(
        browser.wait_for_count("#admin-pathways li", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    browser.screenshot("49-admin-pathways").await;
    browser.quit().await;

    // The learner: one of two, then both.
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#email", "mira@example.org").await;
    browser.type_into("#password", LEARNER_PASSWORD).await;
    browser.click("#sign-in-password button[type=submit]").await;
    browser.wait_for_url("/wallet").await;
    assert_eq!(browser.wait_for_count("#wallet-pathways li", 1).await, 1);
    assert!(browser.text("#wallet-pathways").await.contains("0 of 1"));
    browser.click("#wallet-pathways a").await;
    browser.wait_for_url("/pathways/").await;
    assert!(
        browser
            .text("#pathway-requirements")
            .await
            .contains("still needed")
    );
    browser.screenshot("50-pathway-progress").await;
    crate::issuing::credential_in(&server, &server.issuer_token, &second, "mira@example.org").await;
    browser.goto(&browser.current_url().await).await;
    assert_eq!(browser.wait_for_count("#pathway-complete", 1).await, 1);
    browser.screenshot("51-pathway-complete").await;
    browser.quit().await;
}
