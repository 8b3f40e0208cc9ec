//! SD-JWT VC over OpenID4VCI, this test acting as the wallet: one offer delivers the
//! micro-credential both as SD-JWT VC and as `ldp_vc` (each once); the SD-JWT hides the
//! learner's name, address, student number and grade behind disclosures, binds the wallet's key
//! and names its Token Status List; the notification endpoint takes the wallet's word.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use vc::keys::KeyPair;

use crate::common::TestServer;
use crate::oid4vp::{decode, offered, receive};

#[tokio::test]
async fn one_offer_delivers_an_sd_jwt_vc_and_an_ldp_vc_each_once() {
    let server = TestServer::start().await;
    let (id, access) = offered(&server).await;
    let wallet = KeyPair::from_seed(&[41; 32]);
    let (_, metadata) = server.get("/.well-known/openid-credential-issuer").await;
    let configuration =
        &metadata["credential_configurations_supported"]["MicroCredential_dc_sd_jwt"];
    assert_eq!(configuration["format"], "dc+sd-jwt");
    let vct = configuration["vct"].as_str().unwrap().to_owned();

    let (status, answer) = receive(&server, &access, &wallet, "MicroCredential_dc_sd_jwt").await;
    assert_eq!(status, 200, "{answer}");
    let sd_jwt = answer["credentials"][0]["credential"].as_str().unwrap();
    let notification = answer["notification_id"].as_str().unwrap().to_owned();
    let mut parts = sd_jwt.trim_end_matches('~').split('~');
    let issuer_jwt = parts.next().unwrap();
    let disclosures: Vec<Value> = parts.map(decode).collect();
    let mut pieces = issuer_jwt.split('.');
    let header = decode(pieces.next().unwrap());
    let payload = decode(pieces.next().unwrap());
    assert_eq!(header["typ"], "dc+sd-jwt");
    assert_eq!(header["alg"], "EdDSA");
    assert!(header["kid"].as_str().unwrap().starts_with("did:web:"));
    assert_eq!(payload["vct"], vct.as_str());
    assert_eq!(payload["_sd_alg"], "sha-256");
    assert_eq!(payload["id"], format!("urn:uuid:{id}"));
    assert_eq!(
        payload["cnf"]["jwk"],
        json!({"kty": "OKP", "crv": "Ed25519", "x": URL_SAFE_NO_PAD.encode(wallet.public().as_bytes())})
    );
    // The learner and the grade only as disclosures; the achievement in clear.
    let clear = payload.to_string();
    assert!(
        !clear.contains("Peeters")
            && !clear.contains("sd@example.org")
            && !clear.contains("\"16\""),
        "{payload}"
    );
    assert!(payload["credentialSubject"]["achievement"]["name"].is_string());
    let names: Vec<&str> = disclosures.iter().map(|d| d[1].as_str().unwrap()).collect();
    for name in ["name", "given_name", "family_name", "email", "result"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    // The status list token names the same index, signed by the same key.
    let uri = payload["status"]["status_list"]["uri"].as_str().unwrap();
    let response = server.client.get(uri).send().await.unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "application/statuslist+jwt"
    );
    let list = response.text().await.unwrap();
    let list_payload = decode(list.split('.').nth(1).unwrap());
    assert_eq!(
        decode(list.split('.').next().unwrap())["typ"],
        "statuslist+jwt"
    );
    assert_eq!(list_payload["sub"], uri);
    let statuses =
        vc::token_status_list::TokenStatusList::from_claim(&list_payload["status_list"]).unwrap();
    let index = payload["status"]["status_list"]["idx"].as_u64().unwrap() as usize;
    assert_eq!(statuses.get(index).unwrap(), 0);

    // The same offer: ldp_vc once more, but neither format twice.
    let (status, answer) = receive(&server, &access, &wallet, "MicroCredential_ldp_vc").await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["credentials"][0]["credential"]["credentialSubject"]["id"],
        wallet.public().did_key().as_str()
    );
    for configuration in ["MicroCredential_dc_sd_jwt", "MicroCredential_ldp_vc"] {
        let (status, answer) = receive(&server, &access, &wallet, configuration).await;
        assert_eq!(
            (status, answer["error"].clone()),
            (401, json!("invalid_token")),
            "{configuration}: {answer}"
        );
    }

    // The notification endpoint.
    let notify = |token: &str, body: Value| {
        let request = server
            .client
            .post(server.url("/oid4vci/notification"))
            .bearer_auth(token)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, _) = notify(
        &access,
        json!({"notification_id": notification, "event": "credential_accepted"}),
    )
    .await;
    assert_eq!(status, 204);
    let (status, answer) = notify(
        &access,
        json!({"notification_id": notification, "event": "credential_eaten"}),
    )
    .await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_notification_request"))
    );
    let (status, answer) = notify(
        &access,
        json!({"notification_id": "vo-other", "event": "credential_deleted"}),
    )
    .await;
    assert_eq!(
        (status, answer["error"].clone()),
        (400, json!("invalid_notification_id"))
    );
    let (status, _) = notify(
        "not-a-token",
        json!({"notification_id": notification, "event": "credential_accepted"}),
    )
    .await;
    assert_eq!(status, 401);

    // The type metadata is served at the vct.
    let metadata: Value = server
        .client
        .get(&vct)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(metadata["vct"], vct.as_str());
}
