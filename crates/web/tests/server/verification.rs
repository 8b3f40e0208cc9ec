//! Verification tells the truth (issue 8) through the API and the verification page: what is
//! shown comes from the signed data only; unsigned data, inline contexts and re-spelled status
//! entries never pass; a credential that fails shows nothing of what it claims as if it were
//! true.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{OWN, TestServer};
use crate::issuing::issued_credential;

async fn verify(server: &TestServer, credential: &Value) -> Value {
    let response = server
        .client
        .post(server.url("/api/v1/verify?lang=en"))
        .body(serde_json::to_vec(credential).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|check| check["check"] == name)
        .unwrap()
}

/// The verification page's answer for a pasted credential.
async fn verify_page(server: &TestServer, credential: &Value, lang: &str) -> String {
    let boundary = "verifyboundary51c2";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"credential\"\r\n\r\n{credential}\r\n--{boundary}--\r\n"
    );
    let response = server
        .client
        .post(server.url(&format!("/verify?lang={lang}")))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    response.text().await.unwrap()
}

const FORGED: &str = "Master of Science in Forgery";

#[tokio::test]
async fn forged_display_values_and_inline_contexts_are_refused_and_nothing_is_shown() {
    let server = TestServer::start().await;
    let (_, record) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "forgery@example.org",
    )
    .await;
    let genuine = record["credential"].clone();
    let title = genuine["credentialSubject"]["achievement"]["name"].clone();

    let mut forged = genuine.clone();
    forged["credentialSubject"]["achievement"]["name"] =
        json!({"@index": FORGED, "@value": title.clone()});
    let report = verify(&server, &forged).await;
    assert_eq!(report["verified"], false, "{report:#}");
    let expansion = check(&report, "jsonld_safe_expansion");
    assert_eq!(expansion["outcome"], "failed");
    assert_eq!(expansion["code"], "unsigned_data");
    assert_eq!(report["content"], json!([]));
    assert_eq!(report["annex_i"], Value::Null);

    for lang in ["en", "nl"] {
        let page = verify_page(&server, &forged, lang).await;
        assert!(page.contains("content-withheld"), "{lang}: {page}");
        assert!(!page.contains("annex-complete"), "{lang}");
        assert!(!page.contains("<dl class=\"credential-content"), "{lang}");
    }

    let mut inline = genuine.clone();
    inline["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "https://schema.org/name"}));
    let report = verify(&server, &inline).await;
    assert_eq!(report["verified"], false);
    assert_eq!(
        check(&report, "syntax_and_limits")["code"],
        "inline_context"
    );

    // The genuine credential: every element, labelled, and Annex I complete.
    let report = verify(&server, &genuine).await;
    assert_eq!(report["verified"], true, "{report:#}");
    assert_eq!(report["annex_i"]["complete"], true);
    let page = verify_page(&server, &genuine, "nl").await;
    assert!(page.contains("annex-complete"));
    assert!(page.contains("Wat het credential aantoont"));
    // The checks read in Dutch; the engine's English reason is a detail.
    assert!(page.contains("De handtekening klopt"), "{page}");
    assert!(page.contains("Het credential is niet ingetrokken en niet geschorst."));
    assert!(page.contains("Technische details"));
}

#[tokio::test]
async fn a_revoked_credential_stays_revoked_in_every_spelling_and_is_shown_as_not_valid() {
    let server = TestServer::start().await;
    let (_, record) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "revoked@example.org",
    )
    .await;
    let id = record["id"].as_str().unwrap();
    let (status, _) = server
        .send(
            Method::POST,
            &format!("/api/v1/credentials/{id}/revoke"),
            Some(&server.issuer_token),
            Some(&json!({"reason": "fraud"})),
        )
        .await;
    assert_eq!(status, 200);
    let original = record["credential"].clone();
    let entries = original["credentialStatus"].as_array().unwrap().clone();
    let respelled = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        let mut credential = original.clone();
        credential["credentialStatus"] = Value::Array(
            entries
                .iter()
                .map(|entry| {
                    let mut entry = entry.as_object().unwrap().clone();
                    f(&mut entry);
                    Value::Object(entry)
                })
                .collect(),
        );
        credential
    };
    let mut full_iri_key = original.clone();
    let status_entries = full_iri_key
        .as_object_mut()
        .unwrap()
        .remove("credentialStatus")
        .unwrap();
    full_iri_key["https://www.w3.org/2018/credentials#credentialStatus"] = status_entries;
    for (what, credential) in [
        ("as issued", original.clone()),
        (
            "type as an array",
            respelled(&|entry| entry["type"] = json!([entry["type"].clone()])),
        ),
        (
            "@type",
            respelled(&|entry| {
                let types = entry.remove("type").unwrap();
                entry.insert("@type".into(), types);
            }),
        ),
        ("credentialStatus by its IRI", full_iri_key),
    ] {
        let report = verify(&server, &credential).await;
        assert_eq!(report["verified"], false, "{what}: {report:#}");
        let status = check(&report, "status");
        assert_eq!(status["outcome"], "failed", "{what}");
        assert_eq!(status["code"], "revoked", "{what}: {report:#}");
    }
    // The page says what the credential is, under a heading that says it is not valid, and
    // never that the credential is complete or proves anything.
    let page = verify_page(&server, &original, "en").await;
    assert!(page.contains("it is NOT valid"), "{page}");
    assert!(page.contains("credential-content-invalid"));
    assert!(!page.contains("annex-complete"));
    assert!(!page.contains("What the credential proves"));
}

#[tokio::test]
async fn the_xss_credential_of_the_reproducers_is_escaped_on_the_verification_page() {
    let server = TestServer::start().await;
    let credential: Value =
        serde_json::from_str(include_str!("../../../vc/tests/repro/xss_credential.json")).unwrap();
    let page = verify_page(&server, &credential, "en").await;
    assert!(!page.contains("<script>alert"), "unescaped script");
    assert!(!page.contains("<img src=x"), "unescaped img");
    // A foreign register's credential: this one does not fetch, so the proof is not checked
    // and nothing it claims is shown.
    assert!(page.contains("content-withheld"));
}
