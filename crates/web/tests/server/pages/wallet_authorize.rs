//! OpenID4VCI's authorization code flow with PKCE through the pages: a wallet sends the
//! learner to `/oid4vci/authorize`; they sign in (and come back), pick a credential and allow
//! it; the wallet trades the code — only with its PKCE verifier, at its redirect URI, once —
//! and receives the credential bound to its key. A denial goes back as `access_denied`; an
//! unsafe redirect URI is answered on the page, never followed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use sha2::Digest;

use super::{get, pairs, post};
use crate::common::{LEARNER_PASSWORD, OWN, TestServer};
use crate::oid4vci::post_form;

const VERIFIER: &str = "a-wallets-pkce-verifier-of-at-least-43-characters-0123456789";

fn authorize_query(redirect_uri: &str) -> Vec<(String, String)> {
    let challenge = URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(VERIFIER.as_bytes()));
    pairs(&[
        ("response_type", "code"),
        ("client_id", "test-wallet"),
        ("redirect_uri", redirect_uri),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
        ("scope", "MicroCredential_dc_sd_jwt"),
        ("state", "wallet-state-1"),
    ])
}

/// Where an onward page sends the browser (its continue link, unescaped).
fn onward(page: &super::Page) -> String {
    assert_eq!(page.status, 200, "{}", page.body);
    let end = page
        .body
        .find("\" id=\"continue\"")
        .expect("an onward page");
    let start = page.body[..end].rfind("href=\"").unwrap() + 6;
    page.body[start..end]
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#61;", "=")
        .replace("&#47;", "/")
}

fn query_of(location: &str) -> std::collections::HashMap<String, String> {
    serde_urlencoded::from_str(location.split_once('?').unwrap().1).unwrap()
}

#[tokio::test]
async fn a_wallet_starts_at_the_register_and_the_learner_allows_one_credential() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential =
        crate::issuing::credential_in(&server, &server.issuer_token, &offering, "ac@example.org")
            .await;
    let urn = format!("urn:uuid:{}", credential["id"].as_str().unwrap());
    server.learner("An Peeters", "ac@example.org").await;
    let query = authorize_query("https://wallet.example/cb");
    let path = format!(
        "/oid4vci/authorize?{}",
        serde_urlencoded::to_string(&query).unwrap()
    );

    // Not signed in: to the sign-in page, which brings the learner back.
    let page = get(&server, &path, None).await;
    assert_eq!(page.status, 303);
    let next = query_of(page.location())["next"].clone();
    assert_eq!(next, path);
    let signed_in = post(
        &server,
        "/sign-in",
        None,
        &pairs(&[
            ("email", "ac@example.org"),
            ("password", LEARNER_PASSWORD),
            ("next", &next),
        ]),
    )
    .await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    assert_eq!(signed_in.location(), path);
    let cookie = signed_in.headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    // Another origin is never a place to return to.
    let elsewhere = post(
        &server,
        "/sign-in",
        None,
        &pairs(&[
            ("email", "ac@example.org"),
            ("password", LEARNER_PASSWORD),
            ("next", "//evil.example/"),
        ]),
    )
    .await;
    assert_eq!(elsewhere.location(), "/wallet");

    // The consent page names the client and where the credential goes.
    let consent = get(&server, &format!("{path}&lang=en"), Some(&cookie)).await;
    assert_eq!(consent.status, 200, "{}", consent.body);
    assert!(consent.body.contains("test-wallet") && consent.body.contains("wallet.example"));
    assert!(
        consent.body.contains(&urn),
        "the learner's credential is offered"
    );
    let csrf = consent.csrf();
    let mut form = query.clone();
    form.extend(pairs(&[
        ("csrf", &csrf),
        ("credential", &urn),
        ("decision", "allow"),
    ]));
    let allowed = post(&server, "/oid4vci/authorize", Some(&cookie), &form).await;
    let back = onward(&allowed);
    assert!(
        back.starts_with("https://wallet.example/cb?code="),
        "{back}"
    );
    let returned = query_of(&back);
    assert_eq!(returned["state"], "wallet-state-1");
    let code = returned["code"].clone();

    // The code is the wallet's only with its verifier, at its redirect URI, for its client.
    let grant = |verifier: &'static str, redirect: &'static str, client: &'static str| {
        let code = code.clone();
        let server = &server;
        async move {
            post_form(
                server,
                "/oid4vci/token",
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("code_verifier", verifier),
                    ("redirect_uri", redirect),
                    ("client_id", client),
                ],
            )
            .await
        }
    };
    let (status, answer) = grant(
        "another-verifier-another-verifier-another-verifier",
        "https://wallet.example/cb",
        "test-wallet",
    )
    .await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_grant")),
        "{answer}"
    );
    let (status, answer) = grant(VERIFIER, "https://attacker.example/cb", "test-wallet").await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_grant")),
        "{answer}"
    );
    let (status, answer) = grant(VERIFIER, "https://wallet.example/cb", "other-wallet").await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_grant")),
        "{answer}"
    );
    let (status, token) = grant(VERIFIER, "https://wallet.example/cb", "test-wallet").await;
    assert_eq!(status, 200, "{token}");
    let (status, again) = grant(VERIFIER, "https://wallet.example/cb", "test-wallet").await;
    assert_eq!(
        (status, again["error"].clone()),
        (400, json!("invalid_grant")),
        "used once"
    );
    // The code is not a pre-authorized code, and its offer is not served by reference.
    let (status, _) = post_form(
        &server,
        "/oid4vci/token",
        &[
            (
                "grant_type",
                "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            ),
            ("pre-authorized_code", &code),
        ],
    )
    .await;
    assert_eq!(status, 400);

    // The access token gets the credential as in the pre-authorized flow.
    let wallet = vc::keys::KeyPair::from_seed(&[51; 32]);
    let access = token["access_token"].as_str().unwrap();
    let issuer = server.url("").trim_end_matches('/').to_owned();
    let jwt = crate::oid4vci::proof(
        &wallet,
        json!({"typ": "openid4vci-proof+jwt"}),
        json!({"aud": issuer, "iat": app::Clock::now(&*server.clock).unix_timestamp(), "nonce": crate::oid4vci::nonce(&server).await}),
    );
    let (status, answer) = crate::oid4vci::ask_credential(
        &server,
        Some(access),
        &json!({"credential_configuration_id": "MicroCredential_dc_sd_jwt", "proofs": {"jwt": [jwt]}}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer["credentials"][0]["credential"]
            .as_str()
            .unwrap()
            .contains('~')
    );

    // A denial goes back to the wallet as access_denied.
    let consent = get(&server, &path, Some(&cookie)).await;
    let mut form = query.clone();
    form.extend(pairs(&[("csrf", &consent.csrf()), ("decision", "deny")]));
    let denied = post(&server, "/oid4vci/authorize", Some(&cookie), &form).await;
    let returned = query_of(&onward(&denied));
    assert_eq!(returned["error"], "access_denied");
    assert_eq!(returned["state"], "wallet-state-1");

    // An unsafe redirect URI is refused on the page, not followed.
    for unsafe_uri in ["javascript:alert(1)", "http://wallet.example/cb"] {
        let query = authorize_query(unsafe_uri);
        let page = get(
            &server,
            &format!(
                "/oid4vci/authorize?{}",
                serde_urlencoded::to_string(&query).unwrap()
            ),
            Some(&cookie),
        )
        .await;
        assert_eq!(page.status, 400, "{unsafe_uri}");
        assert!(page.location().is_empty());
    }
}

#[tokio::test]
async fn an_issuer_sends_a_credential_to_the_learners_wallet_from_the_credentials_page() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential =
        crate::issuing::credential_in(&server, &server.issuer_token, &offering, "io@example.org")
            .await;
    let cookie = super::sign_in(&server, &server.issuer_token).await;
    let list = get(
        &server,
        &format!("/admin/credentials?provider={OWN}&lang=en"),
        Some(&cookie),
    )
    .await;
    let action = format!(
        "/admin/credentials/{}/offer",
        credential["id"].as_str().unwrap()
    );
    assert!(list.body.contains(&action), "{}", list.body);
    let csrf = list.csrf();
    let page = post(&server, &action, Some(&cookie), &pairs(&[("csrf", &csrf)])).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("openid-credential-offer://"));
    assert!(page.body.contains("<svg"), "the QR code");
    let mailed = server.state.app.outbox_messages(10).await.unwrap();
    assert!(
        mailed
            .iter()
            .any(|message| message.recipient.as_str() == "io@example.org"
                && message.subject.contains("wallet")),
        "the code goes to the learner"
    );
    // Another provider's issuer cannot.
    let other = super::sign_in(&server, &server.other_issuer_token).await;
    let other_csrf = get(&server, "/admin/credentials", Some(&other))
        .await
        .csrf();
    let refused = post(
        &server,
        &action,
        Some(&other),
        &pairs(&[("csrf", &other_csrf)]),
    )
    .await;
    assert!(matches!(refused.status, 403 | 404), "{}", refused.status);
}
