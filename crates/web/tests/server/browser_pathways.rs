//! Stacking pathways in a real headless Chromium: a provider admin defines a pathway on its
//! page; a learner with one of its two credentials sees the progress in the wallet and on the
//! pathway's page, then completes it and asks for the stacked credential; the owner awards it;
//! it verifies here (with its parts) and offline with the engine `microcred vc verify` runs; a
//! receiving organisation records a recognition decision on its page, which then shows on the
//! offering's page and in the stacked credential's verification report. Screenshots go to the
//! artefacts directory.

use serde_json::json;

use crate::common::{LEARNER_PASSWORD, OTHER, OWN, TestServer};
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
    // Complete: the learner asks for the stacked credential.
    let pathway_page = browser.current_url().await;
    browser.click("#claim-award button[type=submit]").await;
    assert_eq!(browser.wait_for_count("#pathway-award", 1).await, 1);
    assert_eq!(browser.count("#claim-award").await, 0, "asked once");
    browser.quit().await;

    // The owner sees the request and awards.
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#token", &server.own_token).await;
    browser.click("#sign-in-token button[type=submit]").await;
    browser.wait_for_url("/admin").await;
    browser.click("#pathways-link").await;
    browser.wait_for_url("/admin/pathways").await;
    browser.click("#admin-pathways a[href$='/awards']").await;
    browser.wait_for_url("/awards").await;
    assert!(browser.text("#award-requests").await.contains("Mira Stack"));
    browser.click("#award-requests button[type=submit]").await;
    assert_eq!(
        browser
            .wait_for_count("#award-requests a[href^='/verify/']", 1)
            .await,
        1
    );
    browser.screenshot("52-award-requests").await;
    browser.quit().await;

    // A receiving organisation recognises the awarded offering on its page.
    crate::api_receiving::make_receiving(&server, &server.other_token, OTHER).await;
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#token", &server.other_token).await;
    browser.click("#sign-in-token button[type=submit]").await;
    browser.wait_for_url("/admin").await;
    browser.click("#recognitions-link").await;
    browser.wait_for_url("/admin/recognitions").await;
    browser.type_into("#f-offering", &awards).await;
    browser.select("#f-purpose", "further_study").await;
    browser.select("#f-scope", "partial").await;
    browser
        .type_into("#f-recognised-as", "Exemption from Foundations of Data")
        .await;
    browser.type_into("#f-ects", "6").await;
    browser
        .select("#f-basis", "lisbon_recognition_convention")
        .await;
    browser
        .click("#decide-recognition button[type=submit]")
        .await;
    assert_eq!(
        browser
            .wait_for_count("#admin-recognitions .recognition", 1)
            .await,
        1,
        "{}",
        browser.page_text().await
    );
    browser
        .script("document.querySelector('#own-decisions').scrollIntoView()")
        .await;
    browser.screenshot("53-admin-recognitions").await;
    browser
        .goto(&server.url(&format!("/offerings/{awards}?lang=en")))
        .await;
    assert!(
        browser
            .text("#offering-recognitions")
            .await
            .contains("Exemption from Foundations of Data")
    );
    browser
        .script("document.querySelector('#s-recognitions').scrollIntoView()")
        .await;
    browser.screenshot("54-offering-recognised").await;
    browser.quit().await;

    // The learner finds the stacked credential; it verifies, with its parts and the decision.
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#email", "mira@example.org").await;
    browser.type_into("#password", LEARNER_PASSWORD).await;
    browser.click("#sign-in-password button[type=submit]").await;
    browser.wait_for_url("/wallet").await;
    browser.goto(&pathway_page).await;
    assert_eq!(browser.wait_for_count("#stacked-credential", 1).await, 1);
    browser.click("#stacked-credential").await;
    browser.wait_for_url("/verify/").await;
    assert_eq!(
        browser.wait_for_count(".verdict-valid", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    assert_eq!(
        browser
            .count("#stacked-parts li[data-state='active']")
            .await,
        2
    );
    assert!(
        browser
            .text("#report-recognitions")
            .await
            .contains("Exemption from Foundations of Data")
    );
    browser
        .script("document.querySelector('#parts-heading').scrollIntoView()")
        .await;
    browser.screenshot("55-stacked-credential-verified").await;
    let id = browser
        .current_url()
        .await
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    browser.quit().await;

    // Offline, as `microcred vc verify` does: the signed file, the issuer's DID document and
    // the status lists, no register.
    let fetch = |path: String| {
        let client = server.client.clone();
        async move {
            client
                .get(path)
                .send()
                .await
                .unwrap()
                .json::<serde_json::Value>()
                .await
                .unwrap()
        }
    };
    let credential = fetch(server.url(&format!("/credentials/{id}/credential.json"))).await;
    let did_document = fetch(server.url(&format!("/providers/{OWN}/did.json"))).await;
    let mut lists = Vec::new();
    for entry in credential["credentialStatus"].as_array().unwrap() {
        lists.push(fetch(entry["statusListCredential"].as_str().unwrap().to_owned()).await);
    }
    let report = vc::verify::verify(
        vc::contexts::processor(),
        &credential,
        &vc::verify::VerifyInputs {
            did_documents: &[did_document],
            status_lists: &lists,
            trusted_issuers: None,
            now: None,
        },
    );
    assert_eq!(
        report.outcome(vc::report::checks::PROOF),
        Some(vc::report::Outcome::Passed),
        "{}",
        report.to_text()
    );
    assert_eq!(
        report.outcome(vc::report::checks::STATUS),
        Some(vc::report::Outcome::Passed)
    );
}
