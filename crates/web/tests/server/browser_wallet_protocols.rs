//! The wallet protocols in a real headless Chromium (issue 13): a learner sends a credential
//! to a wallet without a transaction code (the OpenID4VCI and the Learner Credential Wallet QR
//! codes), the wallet — this test — picks up the SD-JWT VC from the link on the page; a verifier
//! asks for a micro-credential on `/verifier`, the wallet answers the request link on the page
//! with the learner's name disclosed, and the verifier's page turns to verified by itself; then a
//! wallet starting from the register gets the learner's consent on `/oid4vci/authorize`.
//! Screenshots 56–59 go to the artefacts directory.

use serde_json::json;

use crate::common::{LEARNER_PASSWORD, OWN, TestServer};
use crate::oid4vp::{link_parameters, present, receive, redeem, respond};
use crate::webdriver::{Browser, available};

#[tokio::test]
async fn a_learner_sends_to_a_wallet_and_a_verifier_asks_it_in_chromium() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    crate::issuing::credential_in(&server, &server.issuer_token, &offering, "vera@example.org")
        .await;
    server.learner("Vera Wallet", "vera@example.org").await;

    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.set_window(1100, 1400).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#email", "vera@example.org").await;
    browser.type_into("#password", LEARNER_PASSWORD).await;
    browser.click("#sign-in-password button[type=submit]").await;
    browser.wait_for_url("/wallet").await;
    // Without a transaction code: the OpenID4VCI link and the VC-API interaction, two QR codes.
    browser
        .script("document.querySelector('#offer-to-wallet input[name=tx_code]').checked = false")
        .await;
    browser.click("#offer-to-wallet button[type=submit]").await;
    assert_eq!(
        browser.wait_for_count("#wallet-offer svg", 2).await,
        2,
        "{}",
        browser.page_text().await
    );
    browser
        .script("document.querySelector('#wallet-offer').scrollIntoView()")
        .await;
    browser.screenshot("56-wallet-offer-two-wallets").await;
    let deep_link = browser
        .script("return document.querySelector('#wallet-offer-link').href")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    let offer_uri: std::collections::HashMap<String, String> =
        serde_urlencoded::from_str(deep_link.split_once('?').unwrap().1).unwrap();
    let access = redeem(&server, &offer_uri["credential_offer_uri"]).await;
    let wallet = vc::keys::KeyPair::from_seed(&[71; 32]);
    let (status, answer) = receive(&server, &access, &wallet, "MicroCredential_dc_sd_jwt").await;
    assert_eq!(status, 200, "{answer}");
    let sd_jwt = answer["credentials"][0]["credential"]
        .as_str()
        .unwrap()
        .to_owned();

    // A verifier asks for a micro-credential of the provider, with the learner's name.
    browser.goto(&server.url("/verifier?lang=en")).await;
    browser.select("#v-provider", OWN).await;
    browser
        .type_into("#v-purpose", "Admission to the bridging programme")
        .await;
    browser.click("#verifier-form button[type=submit]").await;
    browser.wait_for_url("/verifier/requests/").await;
    assert_eq!(browser.wait_for_count("#verifier-qr svg", 1).await, 1);
    assert!(browser.page_text().await.contains("Waiting for a wallet"));
    browser.screenshot("57-verifier-request-qr").await;
    let link = browser
        .script("return document.querySelector('#verifier-link').href")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    let parameters = link_parameters(&link);
    let now = app::Clock::now(&*server.clock).unix_timestamp();
    let presentation = present(
        &sd_jwt,
        &["name", "given_name", "family_name"],
        Some(&wallet),
        &parameters["client_id"],
        &parameters["nonce"],
        now,
    );
    let (status, body) = respond(
        &server,
        &parameters,
        &json!({"micro_credential_sd_jwt": [presentation]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The page refreshes itself to the verified result.
    assert_eq!(
        browser.wait_for_count("#verifier-claims", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    let text = browser.page_text().await;
    assert!(
        text.contains("Verified") && text.contains("An Peeters"),
        "{text}"
    );
    assert!(
        !text.contains("Grade"),
        "the grade was not disclosed: {text}"
    );
    browser.screenshot("58-verifier-verified").await;

    // A wallet that starts from the register: the learner's consent.
    let query = serde_urlencoded::to_string([
        ("response_type", "code"),
        ("client_id", "Example Wallet"),
        ("redirect_uri", "https://wallet.example/callback"),
        (
            "code_challenge",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        ),
        ("code_challenge_method", "S256"),
        ("scope", "MicroCredential_dc_sd_jwt"),
        ("state", "s"),
        ("lang", "en"),
    ])
    .unwrap();
    browser
        .goto(&server.url(&format!("/oid4vci/authorize?{query}")))
        .await;
    assert_eq!(browser.wait_for_count("#authorize-form", 1).await, 1);
    let text = browser.page_text().await;
    assert!(
        text.contains("Example Wallet") && text.contains("wallet.example"),
        "{text}"
    );
    browser.screenshot("59-wallet-authorize-consent").await;
    browser.click("#authorize-form button[value=allow]").await;
    let back = browser.wait_for_url("wallet.example/callback").await;
    assert!(back.contains("code=") && back.contains("state=s"), "{back}");
    browser.quit().await;
}
