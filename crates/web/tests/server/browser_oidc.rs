//! OpenID Connect in a real headless Chromium: a platform admin adds the test's OpenID
//! provider on the identity providers page; a person presses "Sign in with …", signs in on the
//! provider's own pages and lands in a new wallet. Screenshots go to the artefacts directory.

use crate::common::TestServer;
use crate::oidc::{CLIENT_ID, CLIENT_SECRET, Provider, real_time};
use crate::webdriver::{Browser, available};

#[tokio::test]
async fn a_platform_admin_adds_a_provider_and_a_person_signs_in_with_it_in_chromium() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    let Some(provider) = Provider::start(&server.url("/auth/oidc/callback")) else {
        return;
    };
    real_time(&server);

    // The platform admin's page: the redirect URI to register, and the form.
    let admin = Browser::start(&chromium, &chromedriver).await;
    admin.goto(&server.url("/sign-in?lang=en")).await;
    admin.type_into("#token", &server.platform_token).await;
    admin.click("#sign-in-token button[type=submit]").await;
    admin.wait_for_url("/admin").await;
    admin
        .goto(&server.url("/admin/identity-providers?lang=en"))
        .await;
    assert_eq!(
        admin.text("#redirect-uri").await,
        server.url("/auth/oidc/callback")
    );
    admin.type_into("#f-name", "Universiteit Test").await;
    admin.type_into("#f-issuer", &provider.issuer).await;
    admin.type_into("#f-client-id", CLIENT_ID).await;
    admin.type_into("#f-client-secret", CLIENT_SECRET).await;
    admin.click("input[name=creates_accounts]").await;
    admin
        .click("#add-identity-provider button[type=submit]")
        .await;
    assert_eq!(
        admin
            .wait_for_count("#identity-providers tr[data-provider]", 1)
            .await,
        1,
        "{}",
        admin.page_text().await
    );
    admin.screenshot("46-identity-providers").await;
    let id = admin
        .script("return document.querySelector('#identity-providers tr[data-provider]').dataset.provider")
        .await;
    let id = id.as_str().unwrap().to_owned();
    admin.quit().await;

    // Someone else signs in with it, on the provider's own login and consent pages.
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.screenshot("47-sign-in-with-provider").await;
    browser
        .click(&format!("#sign-in-{id} button[type=submit]"))
        .await;
    browser.wait_for_url(&provider.issuer).await;
    assert_eq!(browser.wait_for_count("input[name=login]", 1).await, 1);
    browser
        .type_into("input[name=login]", "lena@uni.example")
        .await;
    browser.type_into("input[name=password]", "any").await;
    browser.click("button[type=submit]").await;
    // The consent page (a form with one button), then back to the register.
    assert_eq!(
        browser
            .wait_for_count("input[name=prompt][value=consent]", 1)
            .await,
        1
    );
    browser.click("button[type=submit]").await;
    let url = browser.wait_for_url("/wallet").await;
    assert!(
        url.contains("/wallet"),
        "{url}: {}",
        browser.page_text().await
    );
    browser.screenshot("48-wallet-after-openid").await;
    let (_, accounts) = server
        .send(
            reqwest::Method::GET,
            "/api/v1/accounts",
            Some(&server.platform_token),
            None,
        )
        .await;
    assert!(
        accounts.to_string().contains("lena@uni.example"),
        "{accounts}"
    );
    browser.quit().await;
}
