//! Presentation requests over OpenID4VP, this test acting as the wallet (and its helpers, shared
//! with the SD-JWT VC and browser tests): a verifier asks for a micro-credential, the wallet answers with chosen disclosures and a key-binding JWT, and
//! the verifier sees it verified — while a replay, a stale nonce, another audience, another
//! key, no key binding and a revoked credential each fail with OAuth's `invalid_request`.

use app::Clock;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::Method;
use serde_json::{Value, json};
use vc::keys::KeyPair;

use crate::common::{OWN, TestServer};
use crate::oid4vci::{ask_credential, nonce, post_form, proof};

const PRE_AUTHORIZED: &str = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

/// A credential of a learner with an account, and an access token for its offer.
pub async fn offered(server: &TestServer) -> (String, String) {
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential =
        crate::issuing::credential_in(server, &server.issuer_token, &offering, "sd@example.org")
            .await;
    let id = credential["id"].as_str().unwrap().to_owned();
    let learner = server.learner("An Peeters", "sd@example.org").await;
    let access = access_token(server, &learner, &format!("urn:uuid:{id}")).await;
    (id, access)
}

async fn access_token(server: &TestServer, learner: &str, urn: &str) -> String {
    let (status, offer) = server
        .send(
            Method::POST,
            "/api/v1/me/credential-offers",
            Some(learner),
            Some(&json!({"credential": urn})),
        )
        .await;
    assert_eq!(status, 201, "{offer}");
    redeem(server, offer["offer_uri"].as_str().unwrap()).await
}

/// Fetches an offer by reference (no transaction code) and trades its code for an access token.
pub async fn redeem(server: &TestServer, offer_uri: &str) -> String {
    let document: Value = server
        .client
        .get(offer_uri)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        document["credential_configuration_ids"],
        json!(["MicroCredential_dc_sd_jwt", "MicroCredential_ldp_vc"])
    );
    let code = document["grants"][PRE_AUTHORIZED]["pre-authorized_code"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, token) = post_form(
        server,
        "/oid4vci/token",
        &[
            ("grant_type", PRE_AUTHORIZED),
            ("pre-authorized_code", &code),
        ],
    )
    .await;
    assert_eq!(status, 200, "{token}");
    token["access_token"].as_str().unwrap().to_owned()
}

/// Asks the credential endpoint for `configuration` with a fresh proof of `wallet`.
pub async fn receive(
    server: &TestServer,
    access: &str,
    wallet: &KeyPair,
    configuration: &str,
) -> (u16, Value) {
    let issuer = server.url("").trim_end_matches('/').to_owned();
    let jwt = proof(
        wallet,
        json!({"typ": "openid4vci-proof+jwt"}),
        json!({"aud": issuer, "iat": server.clock.now().unix_timestamp(), "nonce": nonce(server).await}),
    );
    ask_credential(
        server,
        Some(access),
        &json!({"credential_configuration_id": configuration, "proofs": {"jwt": [jwt]}}),
    )
    .await
}

pub fn decode(part: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

/// A JWT signed by `key` (EdDSA).
fn jwt(key: &KeyPair, header: Value, claims: Value) -> String {
    let mut header = header;
    header["alg"] = json!("EdDSA");
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(key.sign(input.as_bytes()))
    )
}

/// The parameters of an `openid4vp://` link.
pub fn link_parameters(link: &str) -> std::collections::HashMap<String, String> {
    let query = link.strip_prefix("openid4vp://?").unwrap();
    serde_urlencoded::from_str(query).unwrap()
}

/// An SD-JWT presentation of `sd_jwt` with the disclosures whose claim name is in `keep`, and
/// a key-binding JWT by `holder` for `audience` and `nonce` (none when `holder` is `None`).
pub fn present(
    sd_jwt: &str,
    keep: &[&str],
    holder: Option<&KeyPair>,
    audience: &str,
    nonce: &str,
    iat: i64,
) -> String {
    let mut parts = sd_jwt.trim_end_matches('~').split('~');
    let mut text = format!("{}~", parts.next().unwrap());
    for disclosure in parts {
        let name = decode(disclosure)[1].as_str().unwrap().to_owned();
        if keep.contains(&name.as_str()) {
            text.push_str(disclosure);
            text.push('~');
        }
    }
    if let Some(holder) = holder {
        let sd_hash = vc::sd_jwt::digest(&text);
        text.push_str(&jwt_kb(holder, audience, nonce, iat, &sd_hash));
    }
    text
}

/// Makes a presentation request; its link's parameters and view key.
async fn request(
    server: &TestServer,
    query: Value,
) -> (std::collections::HashMap<String, String>, String) {
    let (status, created) = server
        .send(
            Method::POST,
            "/api/v1/presentation-requests",
            None,
            Some(&query),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    (
        link_parameters(created["link"].as_str().unwrap()),
        created["view"].as_str().unwrap().to_owned(),
    )
}

/// Posts a wallet's answer to the request's response URI.
pub async fn respond(
    server: &TestServer,
    parameters: &std::collections::HashMap<String, String>,
    token: &Value,
) -> (u16, Value) {
    let response = server
        .client
        .post(&parameters["response_uri"])
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_urlencoded::to_string([
                ("vp_token", token.to_string()),
                ("state", parameters["state"].clone()),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn result(server: &TestServer, view: &str) -> Value {
    let (status, view) = server
        .get(&format!("/api/v1/presentation-requests/{view}"))
        .await;
    assert_eq!(status, 200, "{view}");
    view
}

fn failed_checks(view: &Value) -> Vec<String> {
    view["result"]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|check| check["outcome"] == "failed")
        .map(|check| check["check"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_verifier_asks_a_wallet_and_sees_only_what_the_learner_disclosed() {
    let server = TestServer::start().await;
    let (id, access) = offered(&server).await;
    let wallet = KeyPair::from_seed(&[42; 32]);
    let (_, answer) = receive(&server, &access, &wallet, "MicroCredential_dc_sd_jwt").await;
    let sd_jwt = answer["credentials"][0]["credential"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, answer) = receive(&server, &access, &wallet, "MicroCredential_ldp_vc").await;
    let ldp = answer["credentials"][0]["credential"].clone();
    let now = server.clock.now().unix_timestamp();

    // Bad requests are named.
    for (query, expected) in [
        (json!({"eqf_level": 9}), 422),
        (json!({"provider": "no-such-provider"}), 404),
        (json!({"colour": "blue"}), 422),
    ] {
        let (status, body) = server
            .send(
                Method::POST,
                "/api/v1/presentation-requests",
                None,
                Some(&query),
            )
            .await;
        assert_eq!(status, expected, "{query}: {body}");
    }

    let (parameters, view) = request(
        &server,
        json!({"provider": OWN, "ask_name": true, "purpose": "Admission"}),
    )
    .await;
    let client_id = parameters["client_id"].clone();
    assert_eq!(
        client_id,
        format!("redirect_uri:{}", parameters["response_uri"])
    );
    assert_eq!(parameters["response_mode"], "direct_post");
    let dcql: Value = serde_json::from_str(&parameters["dcql_query"]).unwrap();
    assert_eq!(dcql["credentials"][0]["format"], "dc+sd-jwt");
    assert_eq!(dcql["credentials"][1]["format"], "ldp_vc");
    assert_eq!(result(&server, &view).await["status"], "pending");
    let nonce = parameters["nonce"].clone();

    // A wrong state, an unknown query id, and a presentation without key binding.
    let token = |text: String| json!({"micro_credential_sd_jwt": [text]});
    let mut wrong_state = parameters.clone();
    wrong_state.insert("state".into(), "other".into());
    let good = present(&sd_jwt, &["name"], Some(&wallet), &client_id, &nonce, now);
    let (status, body) = respond(&server, &wrong_state, &token(good.clone())).await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_request")),
        "{body}"
    );
    let (status, _) = respond(&server, &parameters, &json!({"other": [good.clone()]})).await;
    assert_eq!(status, 400);
    let cases = [
        (
            "no key binding",
            present(&sd_jwt, &["name"], None, &client_id, &nonce, now),
            "holder_binding",
        ),
        (
            "another key",
            present(
                &sd_jwt,
                &["name"],
                Some(&KeyPair::from_seed(&[43; 32])),
                &client_id,
                &nonce,
                now,
            ),
            "holder_binding",
        ),
        (
            "a stale nonce",
            present(
                &sd_jwt,
                &["name"],
                Some(&wallet),
                &client_id,
                "old-nonce",
                now,
            ),
            "nonce",
        ),
        (
            "another audience",
            present(
                &sd_jwt,
                &["name"],
                Some(&wallet),
                "redirect_uri:https://elsewhere.example/cb",
                &nonce,
                now,
            ),
            "audience",
        ),
        (
            "made long ago",
            present(
                &sd_jwt,
                &["name"],
                Some(&wallet),
                &client_id,
                &nonce,
                now - 3600,
            ),
            "presented_at",
        ),
    ];
    for (what, presentation, check) in cases {
        let (status, body) = respond(&server, &parameters, &token(presentation)).await;
        assert_eq!(
            (status, body["error"].clone()),
            (400, json!("invalid_request")),
            "{what}: {body}"
        );
        let seen = result(&server, &view).await;
        assert_eq!(seen["status"], "failed", "{what}");
        assert!(
            failed_checks(&seen).contains(&check.to_owned()),
            "{what}: {seen}"
        );
    }
    // A disclosure altered after signing is refused (its digest is not signed for).
    let forged = {
        let (encoded, _) = vc::sd_jwt::disclosure("salt", "name", &json!("Someone Else"));
        let jwt = sd_jwt.split('~').next().unwrap();
        let text = format!("{jwt}~{encoded}~");
        let sd_hash = vc::sd_jwt::digest(&text);
        format!(
            "{text}{}",
            jwt_kb(&wallet, &client_id, &nonce, now, &sd_hash)
        )
    };
    let (status, _) = respond(&server, &parameters, &token(forged)).await;
    assert_eq!(status, 400);
    assert!(failed_checks(&result(&server, &view).await).contains(&"disclosures".to_owned()));

    // The right answer, with the name disclosed and the grade kept back.
    let (status, body) = respond(&server, &parameters, &token(good.clone())).await;
    assert_eq!(status, 200, "{body}");
    let seen = result(&server, &view).await;
    assert_eq!(seen["status"], "verified", "{seen}");
    assert_eq!(seen["result"]["format"], "dc+sd-jwt");
    let claims: Vec<(String, String)> =
        serde_json::from_value(seen["result"]["claims"].clone()).unwrap();
    assert!(
        claims.contains(&("learner".to_owned(), "An Peeters".to_owned())),
        "{claims:?}"
    );
    assert!(
        !claims.iter().any(|(label, _)| label == "grade"),
        "{claims:?}"
    );
    // A replay of the same answer is refused: the request was answered.
    let (status, body) = respond(&server, &parameters, &token(good)).await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_request"))
    );
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("answered already")
    );
    let page = server
        .client
        .get(server.url(&format!("/verifier/requests/{view}?lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("An Peeters") && page.contains("Verified"),
        "{page}"
    );

    // The ldp_vc form through OpenID4VP: a presentation bound to the nonce and client id.
    let (parameters, view) = request(&server, json!({"ask_grade": true})).await;
    let presentation = vc::presentation::sign_presentation(
        vc::contexts::processor(),
        std::slice::from_ref(&ldp),
        &wallet,
        &parameters["nonce"],
        &parameters["client_id"],
        &vc::ob3::timestamp(server.clock.now()),
    )
    .unwrap();
    let (status, body) = respond(
        &server,
        &parameters,
        &json!({"micro_credential_ldp_vc": [presentation]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let seen = result(&server, &view).await;
    assert_eq!(seen["status"], "verified", "{seen}");
    let claims: Vec<(String, String)> =
        serde_json::from_value(seen["result"]["claims"].clone()).unwrap();
    assert!(
        claims.contains(&("grade".to_owned(), "16".to_owned())),
        "{claims:?}"
    );

    // Once revoked, neither form verifies; the token status list says so.
    let (status, _) = server
        .send(
            Method::POST,
            &format!("/api/v1/credentials/{id}/revoke"),
            Some(&server.issuer_token),
            Some(&json!({"reason": "fraud"})),
        )
        .await;
    assert_eq!(status, 200);
    let (parameters, view) = request(&server, json!({})).await;
    let presentation = present(
        &sd_jwt,
        &[],
        Some(&wallet),
        &parameters["client_id"],
        &parameters["nonce"],
        now,
    );
    let (status, _) = respond(&server, &parameters, &token(presentation)).await;
    assert_eq!(status, 400);
    assert_eq!(failed_checks(&result(&server, &view).await), vec!["status"]);

    // A request expires; its page says so.
    server
        .clock
        .set(server.clock.now() + time::Duration::minutes(16));
    assert_eq!(result(&server, &view).await["status"], "expired");
    let (status, body) = respond(&server, &parameters, &token("x~".to_owned())).await;
    assert_eq!(status, 400, "{body}");
}

fn jwt_kb(holder: &KeyPair, audience: &str, nonce: &str, iat: i64, sd_hash: &str) -> String {
    jwt(
        holder,
        json!({"typ": "kb+jwt"}),
        json!({"aud": audience, "nonce": nonce, "iat": iat, "sd_hash": sd_hash}),
    )
}
