//! VC-API exchanges as the Learner Credential Wallet makes them: the interaction URL names the
//! protocols, DID authentication with the register's challenge, then the credential bound to
//! that DID — once; offers protected by a transaction code have no exchange.

use app::Clock;
use reqwest::Method;
use serde_json::{Value, json};
use vc::keys::KeyPair;

use crate::common::{OWN, TestServer};

#[tokio::test]
async fn the_learner_credential_wallet_picks_up_a_credential_over_a_vc_api_exchange() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential =
        crate::issuing::credential_in(&server, &server.issuer_token, &offering, "lcw@example.org")
            .await;
    let urn = format!("urn:uuid:{}", credential["id"].as_str().unwrap());
    let learner = server.learner("An Peeters", "lcw@example.org").await;
    let offer_with = |tx_code: bool| {
        let server = &server;
        let learner = learner.clone();
        let urn = urn.clone();
        async move {
            let (status, offer) = server
                .send(
                    Method::POST,
                    "/api/v1/me/credential-offers",
                    Some(&learner),
                    Some(&json!({"credential": urn, "tx_code": tx_code})),
                )
                .await;
            assert_eq!(status, 201, "{offer}");
            offer
        }
    };
    // An offer protected by a transaction code has no VC-API exchange (no code to type there).
    let coded = offer_with(true).await;
    assert!(coded["interaction_url"].is_null(), "{coded}");
    let offer = offer_with(false).await;
    let interaction = offer["interaction_url"].as_str().unwrap();
    assert!(interaction.ends_with("?iuv=1"));
    let protocols: Value = server
        .client
        .get(interaction)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let exchange = protocols["protocols"]["vcapi"].as_str().unwrap().to_owned();
    assert!(
        protocols["protocols"]["OID4VCI"]
            .as_str()
            .unwrap()
            .starts_with("openid-credential-offer://")
    );
    let post = |body: Value| {
        let request = server.client.post(&exchange).json(&body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, started) = post(json!({})).await;
    assert_eq!(status, 200, "{started}");
    let request = &started["verifiablePresentationRequest"];
    assert_eq!(request["query"][0]["type"], "DIDAuthentication");
    let challenge = request["challenge"].as_str().unwrap().to_owned();
    let domain = request["domain"].as_str().unwrap().to_owned();
    let wallet = KeyPair::from_seed(&[61; 32]);
    let created = vc::ob3::timestamp(server.clock.now());
    let did_auth = |challenge: &str, domain: &str| {
        vc::presentation::sign_presentation(
            vc::contexts::processor(),
            &[],
            &wallet,
            challenge,
            domain,
            &created,
        )
        .unwrap()
    };
    // Another domain, or a challenge the register never gave, gets nothing.
    let (status, _) =
        post(json!({"verifiablePresentation": did_auth(&challenge, "https://elsewhere.example")}))
            .await;
    assert_eq!(status, 409);
    let (status, _) = post(json!({"verifiablePresentation": did_auth("made-up", &domain)})).await;
    assert_eq!(status, 409);
    let (status, answer) =
        post(json!({"verifiablePresentation": did_auth(&challenge, &domain)})).await;
    assert_eq!(status, 200, "{answer}");
    let delivered = &answer["verifiablePresentation"]["verifiableCredential"][0];
    assert_eq!(
        delivered["credentialSubject"]["id"],
        wallet.public().did_key().as_str()
    );
    assert_eq!(
        crate::issuing::verify(&server, delivered).await["verified"],
        true
    );
    // The exchange is done: once.
    let (status, _) = post(json!({})).await;
    assert_eq!(status, 404);
}
