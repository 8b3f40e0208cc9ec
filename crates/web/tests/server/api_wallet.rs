//! The learner's wallet over the API: a credential recorded under the learner's address is in
//! the wallet; share links open within their limit and die when revoked; presentations verify
//! for their challenge only; import verifies first; export holds everything; erasure ends it
//! all. And one learner never reaches another's records.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{LEARNER_PASSWORD, OTHER, OWN, TestServer};
use crate::issuing::issued_credential;

async fn send(
    server: &TestServer,
    method: Method,
    path: &str,
    token: &str,
    body: Value,
) -> (u16, Value) {
    let body = (!body.is_null()).then_some(body);
    server.send(method, path, Some(token), body.as_ref()).await
}

async fn raw(server: &TestServer, path: &str, token: Option<&str>, body: Vec<u8>) -> (u16, Value) {
    let mut request = server
        .client
        .post(server.url(path))
        .header("content-type", "application/json")
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn token_of(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_learner_owns_shares_presents_imports_exports_and_erases_their_credentials() {
    let server = TestServer::start().await;
    let learner = server.learner("An Peeters", "an@example.org").await;
    // Recorded under the address in other letters: still the learner's.
    let (_, credential) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        " An@Example.ORG",
    )
    .await;
    let (_, someone_else) = issued_credential(
        &server,
        &server.other_token,
        &server.other_issuer_token,
        OTHER,
        "bo@example.org",
    )
    .await;
    let urn = format!("urn:uuid:{}", credential["id"].as_str().unwrap());

    let (status, wallet) = send(
        &server,
        Method::GET,
        "/api/v1/me/wallet",
        &learner,
        Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{wallet}");
    let records = wallet["records"].as_array().unwrap();
    assert_eq!(records.len(), 1, "only the learner's own records: {wallet}");
    assert_eq!(records[0]["credentials"][0]["id"], credential["id"]);
    assert_eq!(records[0]["credentials"][0]["status"], "active");
    assert!(!wallet.to_string().contains("bo@example.org"));

    // Share with a limit of two openings.
    let (status, made) = send(&server, Method::POST, "/api/v1/me/share-links", &learner,
        json!({"name": "application", "credentials": [urn], "expires_on": "2026-03-31", "view_limit": 2})).await;
    assert_eq!(status, 201, "{made}");
    let url = made["url"].as_str().unwrap();
    let token = token_of(url);
    assert_eq!(token.len(), 64, "256 random bits: {url}");
    // A HEAD (a link checker, a chat app's preview) uses up nothing.
    for _ in 0..3 {
        let head = server
            .client
            .head(server.url(&format!("/s/{token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(head.status(), 200);
    }
    for _ in 0..2 {
        let (status, shared) = server.get(&format!("/api/v1/shared/{token}")).await;
        assert_eq!(status, 200, "{shared}");
        assert_eq!(
            shared["credentials"][0]["verification"]["verified"], true,
            "{shared}"
        );
    }
    let (status, _) = server.get(&format!("/api/v1/shared/{token}")).await;
    assert_eq!(status, 404, "used up");
    let id = made["link"]["id"].as_str().unwrap();
    let (_, openings) = send(
        &server,
        Method::GET,
        &format!("/api/v1/me/share-links/{id}/openings"),
        &learner,
        Value::Null,
    )
    .await;
    assert_eq!(openings["items"].as_array().unwrap().len(), 2, "{openings}");
    // Revoked, unknown and malformed links are one 404.
    let (_, second) = send(
        &server,
        Method::POST,
        "/api/v1/me/share-links",
        &learner,
        json!({"name": "second", "credentials": [urn], "expires_on": "2026-03-31"}),
    )
    .await;
    let second_token = token_of(second["url"].as_str().unwrap());
    assert_eq!(
        server
            .get(&format!("/api/v1/shared/{second_token}"))
            .await
            .0,
        200
    );
    let (status, _) = send(
        &server,
        Method::POST,
        &format!(
            "/api/v1/me/share-links/{}/revoke",
            second["link"]["id"].as_str().unwrap()
        ),
        &learner,
        Value::Null,
    )
    .await;
    assert_eq!(status, 204);
    for dead in [second_token.as_str(), &"ab".repeat(32), "short"] {
        assert_eq!(
            server.get(&format!("/api/v1/shared/{dead}")).await.0,
            404,
            "{dead}"
        );
        let head = server
            .client
            .head(server.url(&format!("/s/{dead}")))
            .send()
            .await
            .unwrap();
        assert_eq!(head.status(), 404, "HEAD {dead}");
    }
    // Bad share requests say what is wrong.
    for (body, expected) in [
        (
            json!({"name": "x", "credentials": [urn], "expires_on": "2026-02-01"}),
            "expires_on",
        ),
        (
            json!({"name": "x", "credentials": [urn], "expires_on": "2028-01-01"}),
            "expires_on",
        ),
        (
            json!({"name": "x", "credentials": [urn, urn], "expires_on": "2026-03-31"}),
            "twice",
        ),
        (
            json!({"name": "x", "credentials": [], "expires_on": "2026-03-31"}),
            "credentials",
        ),
        (
            json!({"name": "x", "credentials": [urn], "expires_on": "2026-03-31", "view_limit": 0}),
            "view_limit",
        ),
        (
            json!({"name": " ", "credentials": [urn], "expires_on": "2026-03-31"}),
            "name",
        ),
    ] {
        let (status, error) = send(
            &server,
            Method::POST,
            "/api/v1/me/share-links",
            &learner,
            body,
        )
        .await;
        assert_eq!(status, 409, "{error}");
        assert!(
            error["message"].as_str().unwrap().contains(expected),
            "{error}"
        );
    }
    let foreign = format!("urn:uuid:{}", someone_else["id"].as_str().unwrap());
    let (status, _) = send(
        &server,
        Method::POST,
        "/api/v1/me/share-links",
        &learner,
        json!({"name": "x", "credentials": [foreign], "expires_on": "2026-03-31"}),
    )
    .await;
    assert_eq!(status, 404, "a credential outside the wallet");

    // A presentation for a verifier's challenge and domain.
    let request =
        json!({"credentials": [urn], "challenge": "n-0S6_WzA2Mj", "domain": "verifier.example"});
    let (status, _) = send(
        &server,
        Method::POST,
        "/api/v1/me/presentations",
        &learner,
        request.clone(),
    )
    .await;
    assert_eq!(status, 409, "no DID yet");
    let (_, did) = send(
        &server,
        Method::POST,
        "/api/v1/me/did",
        &learner,
        Value::Null,
    )
    .await;
    let did = did["did"].as_str().unwrap().to_owned();
    assert!(did.starts_with("did:key:z6Mk"), "{did}");
    let (status, presentation) = send(
        &server,
        Method::POST,
        "/api/v1/me/presentations",
        &learner,
        request,
    )
    .await;
    assert_eq!(status, 200, "{presentation}");
    assert_eq!(presentation["holder"], did.as_str());
    assert_eq!(presentation["proof"]["proofPurpose"], "authentication");
    let bytes = serde_json::to_vec(&presentation).unwrap();
    let (_, report) = raw(
        &server,
        "/api/v1/verify?challenge=n-0S6_WzA2Mj&domain=verifier.example",
        None,
        bytes.clone(),
    )
    .await;
    assert_eq!(report["verified"], true, "{report}");
    assert_eq!(report["presentation"]["holder"], did.as_str());
    assert_eq!(report["credentials"][0]["verified"], true, "{report}");
    // Replayed to another verifier's challenge, it fails.
    let (_, replayed) = raw(
        &server,
        "/api/v1/verify?challenge=another&domain=verifier.example",
        None,
        bytes,
    )
    .await;
    assert_eq!(replayed["verified"], false, "{replayed}");
    assert!(
        replayed["checks"]
            .to_string()
            .contains("challenge_mismatch"),
        "{replayed}"
    );
    let mut tampered = presentation.clone();
    tampered["verifiableCredential"][0]["credentialSubject"]["name"] = json!("Someone Else");
    let (_, forged) = raw(
        &server,
        "/api/v1/verify?challenge=n-0S6_WzA2Mj&domain=verifier.example",
        None,
        serde_json::to_vec(&tampered).unwrap(),
    )
    .await;
    assert_eq!(forged["verified"], false, "{forged}");

    // Import verifies first.
    let (status, imported) = raw(
        &server,
        "/api/v1/me/imported",
        Some(&learner),
        serde_json::to_vec(&someone_else["credential"]).unwrap(),
    )
    .await;
    assert_eq!(status, 201, "{imported}");
    assert_eq!(imported["verified"], true, "{imported}");
    let mut forged_credential = someone_else["credential"].clone();
    forged_credential["validFrom"] = json!("2020-01-01T00:00:00Z");
    let (status, refused) = raw(
        &server,
        "/api/v1/me/imported",
        Some(&learner),
        serde_json::to_vec(&forged_credential).unwrap(),
    )
    .await;
    assert!((400..500).contains(&status), "{status} {refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("cannot be imported"),
        "{refused}"
    );
    let mut unknown_context = someone_else["credential"].clone();
    unknown_context["@context"][1] = json!("https://example.org/unknown/v1");
    let (status, refused) = raw(
        &server,
        "/api/v1/me/imported",
        Some(&learner),
        serde_json::to_vec(&unknown_context).unwrap(),
    )
    .await;
    assert!((400..500).contains(&status), "{status} {refused}");
    assert!(refused.to_string().contains("context"), "{refused}");
    let (status, _) = raw(
        &server,
        "/api/v1/me/imported",
        Some(&learner),
        vec![b' '; 5 * 1024 * 1024],
    )
    .await;
    assert_eq!(status, 413);

    // Export holds everything, erasure ends everything.
    let response = server
        .client
        .get(server.url("/api/v1/me/export"))
        .bearer_auth(&learner)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let zip = response.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&zip);
    assert!(zip.starts_with(b"PK"));
    assert!(
        text.contains("wallet.json") && text.contains("an@example.org"),
        "the account"
    );
    assert!(text.contains(&format!(
        "credentials/{}.json",
        credential["id"].as_str().unwrap()
    )));
    assert!(text.contains(&format!(
        "imported/{}.json",
        imported["id"].as_str().unwrap()
    )));
    assert!(text.contains("share_link_openings"));
    let (status, _) = send(
        &server,
        Method::POST,
        "/api/v1/me/erase",
        &learner,
        json!({"password": "not my password"}),
    )
    .await;
    assert_eq!(status, 409);
    let (_, third) = send(
        &server,
        Method::POST,
        "/api/v1/me/share-links",
        &learner,
        json!({"name": "third", "credentials": [urn], "expires_on": "2026-03-31"}),
    )
    .await;
    // A link asked for to someone else's address carries the learner's name: it goes too.
    let (status, _) = send(
        &server,
        Method::POST,
        "/api/v1/me/addresses",
        &learner,
        json!({"email": "not.mine@example.org"}),
    )
    .await;
    assert_eq!(status, 202);
    let (status, _) = send(
        &server,
        Method::POST,
        "/api/v1/me/erase",
        &learner,
        json!({"password": LEARNER_PASSWORD}),
    )
    .await;
    assert_eq!(status, 204);
    let outbox = server.state.app.outbox_messages(200).await.unwrap();
    assert!(
        !outbox.iter().any(
            |message| message.recipient.as_str() == "not.mine@example.org"
                || message.recipient.as_str() == "an@example.org"
        ),
        "the erased learner's messages are gone"
    );
    let (status, _) = send(
        &server,
        Method::GET,
        "/api/v1/me/wallet",
        &learner,
        Value::Null,
    )
    .await;
    assert_eq!(status, 401, "the session ended");
    assert_eq!(
        server
            .get(&format!(
                "/api/v1/shared/{}",
                token_of(third["url"].as_str().unwrap())
            ))
            .await
            .0,
        404
    );
    // The issued credential still verifies, unchanged.
    let (_, report) = raw(
        &server,
        "/api/v1/verify",
        None,
        serde_json::to_vec(&credential["credential"]).unwrap(),
    )
    .await;
    assert_eq!(report["verified"], true, "{report}");
    // The address can sign up again: the account is gone, not blocking it.
    let (status, _) = server
        .send(
            Method::POST,
            "/api/v1/sessions",
            None,
            Some(&json!({"email": "an@example.org", "password": LEARNER_PASSWORD})),
        )
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn a_learner_reaches_no_other_learners_records() {
    let server = TestServer::start().await;
    let an = server.learner("An", "an@example.org").await;
    let bo = server.learner("Bo", "bo@example.org").await;
    let (_, credential) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "an@example.org",
    )
    .await;
    let urn = format!("urn:uuid:{}", credential["id"].as_str().unwrap());
    let (_, link) = send(
        &server,
        Method::POST,
        "/api/v1/me/share-links",
        &an,
        json!({"name": "an's", "credentials": [urn], "expires_on": "2026-03-31"}),
    )
    .await;
    let link_id = link["link"]["id"].as_str().unwrap().to_owned();
    let (_, imported) = raw(
        &server,
        "/api/v1/me/imported",
        Some(&an),
        serde_json::to_vec(&credential["credential"]).unwrap(),
    )
    .await;
    let (_, claim) = send(
        &server,
        Method::POST,
        "/api/v1/me/student-numbers",
        &an,
        json!({"provider_id": OWN, "student_number": "r0123"}),
    )
    .await;

    let (_, wallet) = send(&server, Method::GET, "/api/v1/me/wallet", &bo, Value::Null).await;
    assert!(wallet["records"].as_array().unwrap().is_empty(), "{wallet}");
    assert!(
        !wallet
            .to_string()
            .contains(credential["id"].as_str().unwrap())
    );
    for (method, path, body) in [
        (
            Method::POST,
            format!("/api/v1/me/share-links/{link_id}/revoke"),
            Value::Null,
        ),
        (
            Method::GET,
            format!("/api/v1/me/share-links/{link_id}/openings"),
            Value::Null,
        ),
        (
            Method::DELETE,
            format!("/api/v1/me/imported/{}", imported["id"].as_str().unwrap()),
            Value::Null,
        ),
        (
            Method::DELETE,
            format!(
                "/api/v1/me/student-numbers/{}",
                claim["id"].as_str().unwrap()
            ),
            Value::Null,
        ),
        (
            Method::POST,
            "/api/v1/me/share-links".to_owned(),
            json!({"name": "x", "credentials": [urn], "expires_on": "2026-03-31"}),
        ),
        (
            Method::POST,
            "/api/v1/me/share-links".to_owned(),
            json!({"name": "x", "credentials": [imported["id"]], "expires_on": "2026-03-31"}),
        ),
    ] {
        let (status, body) = send(&server, method.clone(), &path, &bo, body).await;
        assert_eq!(status, 404, "{method} {path}: {body}");
    }
    let (_, did) = send(&server, Method::POST, "/api/v1/me/did", &bo, Value::Null).await;
    assert!(did["did"].is_string());
    let (status, _) = send(
        &server,
        Method::POST,
        "/api/v1/me/presentations",
        &bo,
        json!({"credentials": [urn], "challenge": "c", "domain": "d"}),
    )
    .await;
    assert_eq!(status, 404);
    // An's link, import and claim are untouched.
    let (_, wallet) = send(&server, Method::GET, "/api/v1/me/wallet", &an, Value::Null).await;
    assert_eq!(wallet["share_links"][0]["live"], true, "{wallet}");
    assert_eq!(wallet["imported"].as_array().unwrap().len(), 1);
    assert_eq!(wallet["student_numbers"].as_array().unwrap().len(), 1);
    // Staff have no wallet.
    let (status, _) = send(
        &server,
        Method::GET,
        "/api/v1/me/wallet",
        &server.issuer_token,
        Value::Null,
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_student_number_brings_records_once_the_provider_confirms_it() {
    let server = TestServer::start().await;
    let learner = server.learner("Cas", "cas@example.org").await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let (status, enrolment) = server
        .send(
            Method::POST,
            "/api/v1/enrolments",
            Some(&server.issuer_token),
            Some(&json!({
        "offering_id": offering, "learner": {"full_name": "Cas", "student_number": "r0123"},
        "employment_status": "student", "enrolled_on": "2026-01-10"})),
        )
        .await;
    assert_eq!(status, 201, "{enrolment}");
    let (status, claim) = send(
        &server,
        Method::POST,
        "/api/v1/me/student-numbers",
        &learner,
        json!({"provider_id": OWN, "student_number": " r0123 "}),
    )
    .await;
    assert_eq!(status, 201, "{claim}");
    assert_eq!(claim["confirmed"], false);
    let (status, again) = send(
        &server,
        Method::POST,
        "/api/v1/me/student-numbers",
        &learner,
        json!({"provider_id": OWN, "student_number": "r0123"}),
    )
    .await;
    assert_eq!(status, 409, "{again}");
    let (_, wallet) = send(
        &server,
        Method::GET,
        "/api/v1/me/wallet",
        &learner,
        Value::Null,
    )
    .await;
    assert!(
        wallet["records"].as_array().unwrap().is_empty(),
        "not before the provider confirms"
    );
    let claim_id = claim["id"].as_str().unwrap();
    // Another provider's staff cannot confirm it.
    let (status, _) = send(
        &server,
        Method::POST,
        &format!("/api/v1/providers/{OWN}/student-numbers/{claim_id}/confirm"),
        &server.other_issuer_token,
        Value::Null,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = send(
        &server,
        Method::POST,
        &format!("/api/v1/providers/{OTHER}/student-numbers/{claim_id}/confirm"),
        &server.other_issuer_token,
        Value::Null,
    )
    .await;
    assert_eq!(status, 404, "not a claim at that provider");
    let (_, waiting) = send(
        &server,
        Method::GET,
        &format!("/api/v1/providers/{OWN}/student-numbers"),
        &server.issuer_token,
        Value::Null,
    )
    .await;
    assert_eq!(waiting["items"][0]["email"], "cas@example.org", "{waiting}");
    let (status, _) = send(
        &server,
        Method::POST,
        &format!("/api/v1/providers/{OWN}/student-numbers/{claim_id}/confirm"),
        &server.issuer_token,
        Value::Null,
    )
    .await;
    assert_eq!(status, 204);
    let (_, wallet) = send(
        &server,
        Method::GET,
        "/api/v1/me/wallet",
        &learner,
        Value::Null,
    )
    .await;
    assert_eq!(
        wallet["records"][0]["enrolment"]["id"], enrolment["id"],
        "{wallet}"
    );
    // Confirmed for one account, the number cannot be confirmed for another.
    let other = server.learner("Not Cas", "notcas@example.org").await;
    let (_, second) = send(
        &server,
        Method::POST,
        "/api/v1/me/student-numbers",
        &other,
        json!({"provider_id": OWN, "student_number": "r0123"}),
    )
    .await;
    let (status, error) = send(
        &server,
        Method::POST,
        &format!(
            "/api/v1/providers/{OWN}/student-numbers/{}/confirm",
            second["id"].as_str().unwrap()
        ),
        &server.issuer_token,
        Value::Null,
    )
    .await;
    assert_eq!(status, 409, "{error}");
    let (status, _) = send(
        &server,
        Method::POST,
        &format!(
            "/api/v1/providers/{OWN}/student-numbers/{}/refuse",
            second["id"].as_str().unwrap()
        ),
        &server.issuer_token,
        Value::Null,
    )
    .await;
    assert_eq!(status, 204);
    let (_, wallet) = send(
        &server,
        Method::GET,
        "/api/v1/me/wallet",
        &other,
        Value::Null,
    )
    .await;
    assert!(
        wallet["student_numbers"].as_array().unwrap().is_empty(),
        "{wallet}"
    );
}

#[tokio::test]
async fn a_credential_issued_after_the_learner_made_a_did_is_bound_to_it() {
    let server = TestServer::start().await;
    let learner = server.learner("Dina", "dina@example.org").await;
    let (_, before) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "dina@example.org",
    )
    .await;
    assert!(
        before["credential"]["credentialSubject"]["id"].is_null(),
        "no DID yet: {}",
        before["credential"]["credentialSubject"]
    );
    let (_, did) = send(
        &server,
        Method::POST,
        "/api/v1/me/did",
        &learner,
        Value::Null,
    )
    .await;
    let (_, after) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "DINA@example.org",
    )
    .await;
    assert_eq!(
        after["credential"]["credentialSubject"]["id"], did["did"],
        "{}",
        after["credential"]["credentialSubject"]
    );
    // It verifies, and someone else's credential is not bound to the learner's DID.
    let (_, report) = raw(
        &server,
        "/api/v1/verify",
        None,
        serde_json::to_vec(&after["credential"]).unwrap(),
    )
    .await;
    assert_eq!(report["verified"], true, "{report}");
    let (_, other) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "someone@example.org",
    )
    .await;
    assert!(other["credential"]["credentialSubject"]["id"].is_null());
    // A DID of the learner's own wallet instead: bound to the next credential; the register
    // cannot present with it.
    for bad in ["not a did", "did:key:zNotAKey", "did::x", "did:Web:x"] {
        let (status, error) = send(
            &server,
            Method::PUT,
            "/api/v1/me/did",
            &learner,
            json!({"did": bad}),
        )
        .await;
        assert_eq!(status, 409, "{bad}: {error}");
    }
    let own = "did:web:wallet.example:dina";
    let (status, _) = send(
        &server,
        Method::PUT,
        "/api/v1/me/did",
        &learner,
        json!({"did": own}),
    )
    .await;
    assert_eq!(status, 200);
    let (_, third) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "dina@example.org",
    )
    .await;
    assert_eq!(third["credential"]["credentialSubject"]["id"], own);
    let urn = format!("urn:uuid:{}", third["id"].as_str().unwrap());
    let (status, error) = send(
        &server,
        Method::POST,
        "/api/v1/me/presentations",
        &learner,
        json!({"credentials": [urn], "challenge": "c", "domain": "d"}),
    )
    .await;
    assert_eq!(status, 409, "{error}");
}
