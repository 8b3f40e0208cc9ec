//! A learner's journey in a real headless Chromium: signs up, confirms the address from the
//! outbox, finds the credential an issuer recorded for that address in the wallet, shares it,
//! sees the link verified in a second browser (no cookies) and dead once revoked, downloads a
//! presentation and verifies it on the verification page, exports everything and erases the
//! account. Screenshots go to the artefacts directory.

use crate::common::{LEARNER_PASSWORD, OWN, TestServer};
use crate::issuing::issued_credential;
use crate::webdriver::{Browser, available};

#[tokio::test]
async fn a_learner_signs_up_shares_presents_exports_and_erases_in_chromium() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    let (_, credential) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "lena@example.org",
    )
    .await;
    let id = credential["id"].as_str().unwrap().to_owned();
    let browser = Browser::start(&chromium, &chromedriver).await;

    // Sign up, and confirm the address from the mailed link (a page with a button).
    browser.goto(&server.url("/sign-up?lang=en")).await;
    browser
        .type_into("#f-sign-up-form-name", "Lena Janssens")
        .await;
    browser
        .type_into("#f-sign-up-form-email", "lena@example.org")
        .await;
    browser
        .type_into("#f-sign-up-form-password", LEARNER_PASSWORD)
        .await;
    browser.click("#sign-up-form button[type=submit]").await;
    assert_eq!(browser.wait_for_count("#check-mail", 1).await, 1);
    let secret = server.mailed("lena@example.org", "confirm").await;
    browser
        .goto(&server.url(&format!("/account/confirm/{secret}")))
        .await;
    browser.click("#link-form button[type=submit]").await;
    assert_eq!(browser.wait_for_count("#link-done", 1).await, 1);

    // Sign in: the wallet holds the credential recorded for the address.
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#email", "lena@example.org").await;
    browser.type_into("#password", LEARNER_PASSWORD).await;
    browser.click("#sign-in-password button[type=submit]").await;
    browser.wait_for_url("/wallet").await;
    let row = format!("#wallet-credentials tr[data-credential='{id}']");
    assert_eq!(
        browser.wait_for_count(&row, 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    browser.screenshot("40-wallet").await;
    let text = browser.text(&row).await;
    assert!(text.to_lowercase().contains("valid"), "{text}");
    browser.screenshot("40-wallet").await;

    // Give a view on the course (issue 12): the form opens, is filled in and saved.
    let enrolment = credential["enrolment_id"].as_str().unwrap().to_owned();
    browser
        .click(&format!("#feedback-{enrolment} summary"))
        .await;
    for aspect in ["overall", "content", "teaching", "assessment"] {
        browser
            .select(&format!("#fb-{enrolment}-{aspect}"), "4")
            .await;
    }
    browser
        .select(&format!("#fb-{enrolment}-workload"), "1")
        .await;
    browser
        .type_into(&format!("#fb-{enrolment}-comment"), "Clear and useful.")
        .await;
    browser.screenshot("40b-wallet-feedback").await;
    browser
        .click(&format!("#feedback-form-{enrolment} button[type=submit]"))
        .await;
    assert_eq!(
        browser.wait_for_count(".notice-ok", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    assert!(browser.page_text().await.contains("Your answer is saved"));

    // Send it to a wallet app: a QR code of the offer link and the transaction code (issue 13).
    browser.click("#offer-to-wallet button[type=submit]").await;
    assert_eq!(
        browser.wait_for_count("#wallet-offer svg", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    assert_eq!(browser.text("#wallet-offer-code").await.len(), 6);
    browser
        .script("document.querySelector('#wallet-offer').scrollIntoView()")
        .await;
    browser.screenshot("40c-wallet-offer-qr").await;

    // Share it; the address is shown once.
    browser.click(&format!("#pick-{id}")).await;
    browser
        .type_into("#f-share-name", "Application at the City of Ghent")
        .await;
    browser.click("#share-button").await;
    assert_eq!(
        browser.wait_for_count("#new-share-url", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    let url = browser
        .script("return document.querySelector('#new-share-url').value")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    assert!(url.contains("/s/"), "{url}");
    browser.screenshot("41-share-link-made").await;

    // A second browser, without the learner's cookies, sees it verified.
    let visitor = Browser::start(&chromium, &chromedriver).await;
    visitor.goto(&format!("{url}?lang=en")).await;
    assert_eq!(
        visitor
            .wait_for_count(".shared-credential .verdict-valid", 1)
            .await,
        1,
        "{}",
        visitor.page_text().await
    );
    visitor.screenshot("42-shared-link-verified").await;

    // Revoked, the link is the 404 page.
    browser.goto(&server.url("/wallet?lang=en")).await;
    browser.click("#share-links form button").await;
    assert_eq!(browser.wait_for_count("#share-links form", 0).await, 0);
    assert!(browser.text("#share-links").await.contains("Revoked"));
    visitor.goto(&format!("{url}?lang=en")).await;
    assert_eq!(visitor.count(".shared-credential").await, 0);
    assert!(
        visitor.page_text().await.contains("404"),
        "{}",
        visitor.page_text().await
    );
    visitor.screenshot("43-shared-link-revoked").await;
    visitor.quit().await;

    // A presentation for a verifier's challenge, verified on the verification page.
    browser.click("#did-form button").await;
    assert!(browser.wait_for_count("#did-form", 0).await == 0);
    assert!(browser.text("#wallet-did").await.contains("did:key:z6Mk"));
    browser.click(&format!("#pick-{id}")).await;
    browser
        .type_into("#f-challenge", "9f2c-verifier-challenge")
        .await;
    browser.type_into("#f-domain", "jobs.gent.example").await;
    let presentation = browser
        .script_async(
            "const form = document.querySelector('#wallet-form'); \
             fetch('/wallet/presentation', {method: 'POST', body: new URLSearchParams(new FormData(form))}) \
               .then(r => r.text()).then(done);",
        )
        .await
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        presentation.contains("VerifiablePresentation"),
        "{presentation}"
    );
    std::fs::write(
        crate::webdriver::artifacts_dir().join("presentation.json"),
        &presentation,
    )
    .unwrap();
    browser.goto(&server.url("/verify?lang=en")).await;
    browser.type_into("#f-credential", &presentation).await;
    browser
        .type_into("#f-verify-challenge", "9f2c-verifier-challenge")
        .await;
    browser
        .type_into("#f-verify-domain", "jobs.gent.example")
        .await;
    browser.click("#verify-form button[type=submit]").await;
    assert_eq!(
        browser
            .wait_for_count("#presentation-verdict.verdict-valid", 1)
            .await,
        1,
        "{}",
        browser.page_text().await
    );
    assert_eq!(
        browser.count(".presented-credential .verdict-valid").await,
        1
    );
    browser.screenshot("44-presentation-verified").await;
    // The same presentation for another challenge fails.
    browser.type_into("#f-credential", &presentation).await;
    browser
        .type_into("#f-verify-challenge", "another-challenge")
        .await;
    browser
        .type_into("#f-verify-domain", "jobs.gent.example")
        .await;
    browser.click("#verify-form button[type=submit]").await;
    assert_eq!(
        browser
            .wait_for_count("#presentation-verdict.verdict-invalid", 1)
            .await,
        1
    );

    // Export, then erase.
    let zip = browser
        .script_async(
            "fetch('/wallet/export.zip').then(r => r.arrayBuffer()).then(b => { let s = ''; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); done(btoa(s)); });",
        )
        .await;
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(zip.as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"PK"));
    assert!(String::from_utf8_lossy(&bytes).contains(&format!("credentials/{id}.json")));
    std::fs::write(
        crate::webdriver::artifacts_dir().join("wallet-export.zip"),
        &bytes,
    )
    .unwrap();
    browser.goto(&server.url("/wallet?lang=en")).await;
    browser.click("#erase summary").await;
    browser
        .type_into("#f-erase-password", LEARNER_PASSWORD)
        .await;
    browser.click("#erase-form button[type=submit]").await;
    browser.wait_for_url("/account/erased").await;
    assert!(browser.wait_for_count("#account-erased", 1).await == 1);
    assert!(!browser.page_text().await.contains("Lena"), "signed out");
    assert!(
        browser.page_text().await.contains("Your account is erased"),
        "{}",
        browser.page_text().await
    );
    browser.screenshot("45-account-erased").await;
    browser.goto(&server.url("/wallet")).await;
    browser.wait_for_url("/sign-in").await;
    browser.quit().await;
}
