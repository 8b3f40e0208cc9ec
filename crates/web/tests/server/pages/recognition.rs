//! Recognition on the pages: a learner asks a receiving organisation from the wallet (a
//! stranger's credential refused, asking twice refused with the reason); the organisation
//! opens the request, sees the credential verified, decides with a form (a bad date named on
//! the page); the learner sees the decision in the wallet; `/recognitions` lists the published.

use super::{get, pairs, post, sign_in};
use crate::common::{OTHER, OWN, TestServer};

#[tokio::test]
async fn a_learner_asks_from_the_wallet_and_the_organisation_decides_on_its_pages() {
    let server = TestServer::start().await;
    crate::api_receiving::make_receiving(&server, &server.other_token, OTHER).await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential = crate::issuing::credential_in(
        &server,
        &server.issuer_token,
        &offering,
        "asker@example.org",
    )
    .await;
    let urn = format!("urn:uuid:{}", credential["id"].as_str().unwrap());
    let session = server.learner("Asker", "asker@example.org").await;
    let cookie = format!("mc_session={session}");
    let csrf = web::pages::csrf_token(&session);

    let wallet = get(&server, "/wallet?lang=en", Some(&cookie)).await;
    assert!(
        wallet.body.contains("id=\"ask-recognition\""),
        "{}",
        wallet.body
    );
    assert!(
        wallet.body.contains(&format!("value=\"{OTHER}\"")),
        "the receiving organisation is offered"
    );
    let ask = |credential: &str| {
        pairs(&[
            ("csrf", &csrf),
            ("credential", credential),
            ("organisation", OTHER),
            ("purpose", "further_study"),
            ("message", "For the bridging programme"),
        ])
    };
    let stranger = post(
        &server,
        "/wallet/recognition-requests?lang=en",
        Some(&cookie),
        &ask("urn:uuid:00000000-0000-4000-8000-000000000000"),
    )
    .await;
    assert_eq!(stranger.status, 404, "{}", stranger.body);
    let asked = post(
        &server,
        "/wallet/recognition-requests?lang=en",
        Some(&cookie),
        &ask(&urn),
    )
    .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(
        asked.body.contains("Your request was sent") && asked.body.contains("awaiting a decision"),
        "{}",
        asked.body
    );
    let twice = post(
        &server,
        "/wallet/recognition-requests?lang=en",
        Some(&cookie),
        &ask(&urn),
    )
    .await;
    assert_eq!(twice.status, 422, "{}", twice.body);
    assert!(twice.body.contains("already"), "{}", twice.body);

    // The organisation: the request, verified now; a decision with a bad date named, then made.
    let staff = sign_in(&server, &server.other_token).await;
    let admin = get(&server, "/admin/recognitions?lang=en", Some(&staff)).await;
    assert_eq!(admin.status, 200, "{}", admin.body);
    let start = admin.body.find("/admin/recognitions/requests/").unwrap();
    let link: String = admin.body[start..]
        .chars()
        .take_while(|c| *c != '"')
        .collect();
    let link = link.replace("&amp;", "&");
    let request = get(&server, &format!("{link}&lang=en"), Some(&staff)).await;
    assert_eq!(request.status, 200, "{}", request.body);
    assert!(
        request.body.contains("The credential verifies now") && request.body.contains("Asker"),
        "{}",
        request.body
    );
    let request_id = link
        .split('/')
        .nth(4)
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let staff_csrf = web::pages::csrf_token(staff.trim_start_matches("mc_session="));
    let mut decision = pairs(&[
        ("csrf", &staff_csrf),
        ("provider", OTHER),
        ("request", &request_id),
        ("purpose", "further_study"),
        ("scope", "partial"),
        ("recognised_as", "Exemption from Bridging Mathematics"),
        ("ects_granted", "3"),
        ("legal_basis", "institutional_policy"),
        ("valid_from", "2026-09-01"),
        ("valid_until", "2026-08-01"),
    ]);
    let refused = post(
        &server,
        "/admin/recognitions?lang=en",
        Some(&staff),
        &decision,
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("valid_until"), "{}", refused.body);
    decision.last_mut().unwrap().1 = String::new();
    let decided = post(
        &server,
        "/admin/recognitions?lang=en",
        Some(&staff),
        &decision,
    )
    .await;
    assert_eq!(decided.status, 200, "{}", decided.body);
    assert!(
        decided.body.contains("The decision is recorded"),
        "{}",
        decided.body
    );

    // The learner sees it; it is about one credential, so not on the public list.
    let wallet = get(&server, "/wallet?lang=en", Some(&cookie)).await;
    assert!(
        wallet.body.contains("Partly recognised")
            && wallet.body.contains("Exemption from Bridging Mathematics"),
        "{}",
        wallet.body
    );
    let public = get(&server, "/recognitions?lang=en", None).await;
    assert_eq!(public.status, 200);
    assert!(
        !public.body.contains("Bridging Mathematics"),
        "{}",
        public.body
    );
}

#[tokio::test]
async fn a_learner_makes_a_qr_code_for_a_wallet_and_a_strangers_credential_is_refused() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential =
        crate::issuing::credential_in(&server, &server.issuer_token, &offering, "qr@example.org")
            .await;
    let urn = format!("urn:uuid:{}", credential["id"].as_str().unwrap());
    let session = server.learner("Quinn", "qr@example.org").await;
    let cookie = format!("mc_session={session}");
    let csrf = web::pages::csrf_token(&session);
    let wallet = get(&server, "/wallet?lang=en", Some(&cookie)).await;
    assert!(
        wallet.body.contains("id=\"offer-to-wallet\""),
        "{}",
        wallet.body
    );
    let made = post(
        &server,
        "/wallet/credential-offers?lang=en",
        Some(&cookie),
        &pairs(&[("csrf", &csrf), ("credential", &urn), ("tx_code", "on")]),
    )
    .await;
    assert_eq!(made.status, 200, "{}", made.body);
    assert!(
        made.body.contains("id=\"wallet-offer\"") && made.body.contains("<svg"),
        "{}",
        made.body
    );
    assert!(
        made.body
            .contains("openid-credential-offer://?credential_offer_uri="),
        "{}",
        made.body
    );
    assert!(
        made.body.contains("id=\"wallet-offer-code\""),
        "{}",
        made.body
    );
    let other = server.learner("Other", "other-qr@example.org").await;
    let other_cookie = format!("mc_session={other}");
    let refused = post(
        &server,
        "/wallet/credential-offers?lang=en",
        Some(&other_cookie),
        &pairs(&[
            ("csrf", &web::pages::csrf_token(&other)),
            ("credential", &urn),
        ]),
    )
    .await;
    assert_eq!(refused.status, 404, "{}", refused.body);
}
