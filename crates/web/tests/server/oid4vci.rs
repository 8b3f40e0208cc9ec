//! OpenID4VCI over HTTP, this test acting as the wallet: a learner offers a credential (with a
//! transaction code), the wallet fetches the offer (no personal data in it), trades the code
//! (a wrong transaction code counted, a replayed code refused), gets a nonce, proves its key with
//! a `jwt` proof and receives the credential bound to its did:key, which verifies. Every
//! refusal carries the specification's error code.

use app::Clock;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;
use serde_json::{Value, json};
use vc::keys::KeyPair;

use crate::common::{OWN, TestServer};

/// A `jwt` proof signed with `key` (EdDSA), as a wallet makes it.
pub fn proof(key: &KeyPair, header: Value, claims: Value) -> String {
    let mut header = header;
    header["alg"] = json!("EdDSA");
    if header.get("kid").is_none() && header.get("jwk").is_none() {
        header["kid"] = json!(key.public().did_key_verification_method());
    }
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = key.sign(signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

pub async fn post_form(server: &TestServer, path: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = server
        .client
        .post(server.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(form).unwrap())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn ask_credential(
    server: &TestServer,
    token: Option<&str>,
    body: &Value,
) -> (u16, Value) {
    let mut request = server
        .client
        .post(server.url("/oid4vci/credential"))
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn nonce(server: &TestServer) -> String {
    let (status, answer) = post_form(server, "/oid4vci/nonce", &[]).await;
    assert_eq!(status, 200, "{answer}");
    answer["c_nonce"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_wallet_picks_up_a_credential_bound_to_its_key_with_the_pre_authorized_flow() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential = crate::issuing::credential_in(
        &server,
        &server.issuer_token,
        &offering,
        "wallet@example.org",
    )
    .await;
    let urn = format!("urn:uuid:{}", credential["id"].as_str().unwrap());
    let learner = server.learner("Wanda Wallet", "wallet@example.org").await;
    let issuer = server.url("").trim_end_matches('/').to_owned();

    // Metadata.
    let (status, metadata) = server.get("/.well-known/openid-credential-issuer").await;
    assert_eq!(status, 200);
    assert_eq!(metadata["credential_issuer"], issuer.as_str());
    assert_eq!(
        metadata["credential_configurations_supported"]["MicroCredential_ldp_vc"]["format"],
        "ldp_vc"
    );
    let (_, authorization) = server.get("/.well-known/oauth-authorization-server").await;
    assert_eq!(
        authorization["token_endpoint"],
        format!("{issuer}/oid4vci/token")
    );

    // Only the learner's own credential is offered.
    let stranger = server.learner("Stranger", "stranger@example.org").await;
    let (status, _) = server
        .send(
            Method::POST,
            "/api/v1/me/credential-offers",
            Some(&stranger),
            Some(&json!({"credential": urn})),
        )
        .await;
    assert_eq!(status, 404);
    let (status, offer) = server
        .send(
            Method::POST,
            "/api/v1/me/credential-offers",
            Some(&learner),
            Some(&json!({"credential": urn, "tx_code": true})),
        )
        .await;
    assert_eq!(status, 201, "{offer}");
    let offer_uri = offer["offer_uri"].as_str().unwrap().to_owned();
    assert!(
        offer["deep_link"]
            .as_str()
            .unwrap()
            .starts_with("openid-credential-offer://?credential_offer_uri=http")
    );
    let tx_code = offer["tx_code"].as_str().unwrap().to_owned();
    assert_eq!(tx_code.len(), 6);

    // The offer by reference: the code, no personal data.
    let document: Value = server
        .client
        .get(&offer_uri)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = document.to_string();
    assert!(
        !text.contains("wallet@example.org")
            && !text.contains("Wanda")
            && !text.contains(credential["id"].as_str().unwrap()),
        "{document}"
    );
    let grant = &document["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"];
    let code = grant["pre-authorized_code"].as_str().unwrap().to_owned();
    assert_eq!(grant["tx_code"]["length"], 6);

    // The token: a wrong transaction code is counted; the right one gives a token once.
    let grant_type = "urn:ietf:params:oauth:grant-type:pre-authorized_code";
    let (status, wrong) = post_form(
        &server,
        "/oid4vci/token",
        &[
            ("grant_type", grant_type),
            ("pre-authorized_code", &code),
            ("tx_code", "000000x"),
        ],
    )
    .await;
    assert_eq!(
        (status, wrong["error"].clone()),
        (400, json!("invalid_grant")),
        "{wrong}"
    );
    assert!(
        wrong["error_description"]
            .as_str()
            .unwrap()
            .contains("4 attempt"),
        "{wrong}"
    );
    let (status, missing) = post_form(
        &server,
        "/oid4vci/token",
        &[("grant_type", grant_type), ("pre-authorized_code", &code)],
    )
    .await;
    assert_eq!(
        (status, missing["error"].clone()),
        (400, json!("invalid_request"))
    );
    let (status, unsupported) =
        post_form(&server, "/oid4vci/token", &[("grant_type", "password")]).await;
    assert_eq!(
        (status, unsupported["error"].clone()),
        (400, json!("unsupported_grant_type"))
    );
    let (status, token) = post_form(
        &server,
        "/oid4vci/token",
        &[
            ("grant_type", grant_type),
            ("pre-authorized_code", &code),
            ("tx_code", &tx_code),
        ],
    )
    .await;
    assert_eq!(status, 200, "{token}");
    let access = token["access_token"].as_str().unwrap().to_owned();
    let (status, replay) = post_form(
        &server,
        "/oid4vci/token",
        &[
            ("grant_type", grant_type),
            ("pre-authorized_code", &code),
            ("tx_code", &tx_code),
        ],
    )
    .await;
    assert_eq!(
        (status, replay["error"].clone()),
        (400, json!("invalid_grant")),
        "single use"
    );
    let (status, _) = server
        .client
        .get(&offer_uri)
        .send()
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(status, 404, "a redeemed offer is gone");

    // The credential: every bad proof refused with its error, then bound to the wallet's key.
    let wallet = KeyPair::from_seed(&[42; 32]);
    let typ = json!({"typ": "openid4vci-proof+jwt"});
    let now = server.clock.now().unix_timestamp();
    let request = |jwt: String| json!({"credential_configuration_id": "MicroCredential_ldp_vc", "proofs": {"jwt": [jwt]}});
    let good_claims = |nonce: &str| json!({"aud": issuer, "iat": now, "nonce": nonce});
    let (status, answer) = ask_credential(
        &server,
        None,
        &request(proof(&wallet, typ.clone(), good_claims("x"))),
    )
    .await;
    assert_eq!(
        (status, answer["error"].clone()),
        (401, json!("invalid_token"))
    );
    for (jwt, error) in [
        (
            proof(
                &wallet,
                typ.clone(),
                json!({"aud": "https://other.example", "iat": now, "nonce": nonce(&server).await}),
            ),
            "invalid_proof",
        ),
        (
            proof(
                &wallet,
                json!({"typ": "JWT"}),
                good_claims(&nonce(&server).await),
            ),
            "invalid_proof",
        ),
        (
            proof(
                &wallet,
                typ.clone(),
                json!({"aud": issuer, "iat": now - 3600, "nonce": nonce(&server).await}),
            ),
            "invalid_proof",
        ),
        (
            proof(&wallet, typ.clone(), good_claims("a-nonce-never-given")),
            "invalid_nonce",
        ),
        (
            proof(
                &wallet,
                json!({"typ": "openid4vci-proof+jwt", "kid": "did:web:evil.example#key"}),
                good_claims(&nonce(&server).await),
            ),
            "invalid_proof",
        ),
    ] {
        let (status, answer) = ask_credential(&server, Some(&access), &request(jwt)).await;
        assert_eq!(
            (status, answer["error"].clone()),
            (400, json!(error)),
            "{answer}"
        );
    }
    // A proof signed by another key than its kid names.
    let forged = {
        let other = KeyPair::from_seed(&[43; 32]);
        proof(
            &other,
            json!({"typ": "openid4vci-proof+jwt", "kid": wallet.public().did_key_verification_method()}),
            good_claims(&nonce(&server).await),
        )
    };
    let (status, answer) = ask_credential(&server, Some(&access), &request(forged)).await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_proof")),
        "{answer}"
    );
    let (status, answer) = ask_credential(
        &server,
        Some(&access),
        &json!({"credential_configuration_id": "other", "proofs": {"jwt": ["x"]}}),
    )
    .await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("unknown_credential_configuration"))
    );

    let fresh = nonce(&server).await;
    let jwt = proof(&wallet, typ.clone(), good_claims(&fresh));
    let (status, answer) = ask_credential(&server, Some(&access), &request(jwt.clone())).await;
    assert_eq!(status, 200, "{answer}");
    let delivered = &answer["credentials"][0]["credential"];
    assert_eq!(
        delivered["credentialSubject"]["id"],
        wallet.public().did_key().as_str(),
        "{delivered}"
    );
    assert_eq!(delivered["id"], urn.as_str());
    let report = crate::issuing::verify(&server, delivered).await;
    assert_eq!(report["verified"], true, "{report}");
    // The access token delivers this format once, whatever comes after (even with a fresh
    // nonce); a reused nonce is refused as such.
    let (status, answer) = ask_credential(&server, Some(&access), &request(jwt.clone())).await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_nonce")),
        "{answer}"
    );
    let again = proof(&wallet, typ.clone(), good_claims(&nonce(&server).await));
    let (status, answer) = ask_credential(&server, Some(&access), &request(again)).await;
    assert_eq!(
        (status, answer["error"].clone()),
        (401, json!("invalid_token")),
        "one delivery per offer and format: {answer}"
    );
    // A nonce is used once: another offer's token with the spent nonce is refused.
    let (_, again) = server
        .send(
            Method::POST,
            "/api/v1/me/credential-offers",
            Some(&learner),
            Some(&json!({"credential": urn})),
        )
        .await;
    let document: Value = server
        .client
        .get(again["offer_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = document["grants"][grant_type]["pre-authorized_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, token) = post_form(
        &server,
        "/oid4vci/token",
        &[("grant_type", grant_type), ("pre-authorized_code", &code)],
    )
    .await;
    let second_access = token["access_token"].as_str().unwrap().to_owned();
    let (status, answer) = ask_credential(&server, Some(&second_access), &request(jwt)).await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_nonce")),
        "a nonce is used once: {answer}"
    );
    // The same credential through VC-API's verification: verified; altered: 400 naming the proof.
    let (status, answer) = server
        .send(
            Method::POST,
            "/credentials/verify",
            None,
            Some(&json!({"verifiableCredential": delivered})),
        )
        .await;
    assert_eq!(
        (status, answer["verified"].clone()),
        (200, json!(true)),
        "{answer}"
    );
    assert!(
        answer["checks"]
            .as_array()
            .unwrap()
            .contains(&json!("proof")),
        "{answer}"
    );
    let mut altered = delivered.clone();
    altered["name"] = json!("Something else");
    let (status, answer) = server
        .send(
            Method::POST,
            "/credentials/verify",
            None,
            Some(&json!({"verifiableCredential": altered})),
        )
        .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["errors"][0]["check"], "proof", "{answer}");
    let (status, _) = server
        .send(
            Method::POST,
            "/credentials/verify",
            None,
            Some(&json!({"credential": delivered})),
        )
        .await;
    assert_eq!(status, 422, "the member is named verifiableCredential");
    // The wallet presents it to a verifier, through VC-API's presentation verification.
    let presentation = vc::presentation::sign_presentation(
        vc::contexts::processor(),
        std::slice::from_ref(delivered),
        &wallet,
        "verifier-nonce-1",
        "https://verifier.example",
        &vc::ob3::timestamp(server.clock.now()),
    )
    .unwrap();
    let verify_presentation = |challenge: &'static str| json!({"verifiablePresentation": presentation, "options": {"challenge": challenge, "domain": "https://verifier.example"}});
    let (status, answer) = server
        .send(
            Method::POST,
            "/presentations/verify",
            None,
            Some(&verify_presentation("verifier-nonce-1")),
        )
        .await;
    assert_eq!(
        (status, answer["verified"].clone()),
        (200, json!(true)),
        "{answer}"
    );
    let (status, answer) = server
        .send(
            Method::POST,
            "/presentations/verify",
            None,
            Some(&verify_presentation("another-request")),
        )
        .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["errors"][0]["code"], "challenge_mismatch",
        "{answer}"
    );

    // The access token expires; so does an offer nobody redeemed.
    let (_, late) = server
        .send(
            Method::POST,
            "/api/v1/me/credential-offers",
            Some(&learner),
            Some(&json!({"credential": urn})),
        )
        .await;
    server
        .clock
        .set(server.clock.now() + time::Duration::minutes(11));
    let jwt = proof(
        &wallet,
        typ,
        json!({"aud": issuer, "iat": server.clock.now().unix_timestamp(), "nonce": nonce(&server).await}),
    );
    let (status, answer) = ask_credential(&server, Some(&access), &request(jwt)).await;
    assert_eq!(
        (status, answer["error"].clone()),
        (401, json!("invalid_token"))
    );
    let status = server
        .client
        .get(late["offer_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(status, 404, "an expired offer is gone");
}

#[tokio::test]
async fn an_issuer_offers_a_credential_and_the_transaction_code_goes_to_the_learner_only() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential = crate::issuing::credential_in(
        &server,
        &server.issuer_token,
        &offering,
        "mailed@example.org",
    )
    .await;
    let id = credential["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/credentials/{id}/offer");
    let (status, _) = server
        .send(Method::POST, &path, Some(&server.other_issuer_token), None)
        .await;
    assert!(
        matches!(status, 403 | 404),
        "another provider's issuer: {status}"
    );
    let (status, offer) = server
        .send(Method::POST, &path, Some(&server.issuer_token), None)
        .await;
    assert_eq!(status, 201, "{offer}");
    assert!(
        offer["tx_code"].is_null(),
        "the issuer never sees the code: {offer}"
    );
    let messages = server.state.app.outbox_messages(200).await.unwrap();
    let message = messages
        .iter()
        .find(|message| {
            message.recipient.as_str() == "mailed@example.org" && message.body.contains("wallet")
        })
        .expect("the code is mailed to the learner");
    let code: String = message
        .body
        .split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 6)
        .unwrap()
        .to_owned();
    // The wallet redeems the offer with the mailed code.
    let document: Value = server
        .client
        .get(offer["offer_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pre = document["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]["pre-authorized_code"].as_str().unwrap().to_owned();
    let (status, token) = post_form(
        &server,
        "/oid4vci/token",
        &[
            (
                "grant_type",
                "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            ),
            ("pre-authorized_code", &pre),
            ("tx_code", &code),
        ],
    )
    .await;
    assert_eq!(status, 200, "{token}");
    // Five wrong codes use an offer up.
    let (_, second) = server
        .send(Method::POST, &path, Some(&server.issuer_token), None)
        .await;
    let document: Value = server
        .client
        .get(second["offer_uri"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let pre = document["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"]["pre-authorized_code"].as_str().unwrap().to_owned();
    for _ in 0..5 {
        let (status, _) = post_form(
            &server,
            "/oid4vci/token",
            &[
                (
                    "grant_type",
                    "urn:ietf:params:oauth:grant-type:pre-authorized_code",
                ),
                ("pre-authorized_code", &pre),
                ("tx_code", "999999x"),
            ],
        )
        .await;
        assert_eq!(status, 400);
    }
    let newest = server.state.app.outbox_messages(200).await.unwrap();
    let right_code: String = newest
        .iter()
        .filter(|message| {
            message.recipient.as_str() == "mailed@example.org" && message.body.contains("wallet")
        })
        .map(|message| {
            message
                .body
                .split(|c: char| !c.is_ascii_digit())
                .find(|word| word.len() == 6)
                .unwrap()
                .to_owned()
        })
        .find(|found| *found != code)
        .unwrap_or(code);
    let (status, used_up) = post_form(
        &server,
        "/oid4vci/token",
        &[
            (
                "grant_type",
                "urn:ietf:params:oauth:grant-type:pre-authorized_code",
            ),
            ("pre-authorized_code", &pre),
            ("tx_code", &right_code),
        ],
    )
    .await;
    assert_eq!(
        (status, used_up["error"].clone()),
        (400, json!("invalid_grant")),
        "{used_up}"
    );
}
