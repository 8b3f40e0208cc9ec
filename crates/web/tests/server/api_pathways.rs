//! Stacking pathways over the API and pages: a provider's admins define one (bad rules refused
//! with every problem named at its requirement; others' admins, issuers and the anonymous
//! refused), anyone reads it, a learner sees progress as credentials come — and go, when one
//! is revoked — and a withdrawn pathway is no longer listed or counted.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{OTHER, OWN, TestServer};

/// The id (UUID) of the credential of `offering` issued to `email`.
async fn credential_for(server: &TestServer, offering: &str, email: &str) -> String {
    let credential =
        crate::issuing::credential_in(server, &server.issuer_token, offering, email).await;
    credential["id"].as_str().unwrap().to_owned()
}

fn rules(awards: &str, offerings: &[&str]) -> Value {
    json!({
        "name": {"en": "Data stack", "nl": "Datastapel"},
        "description": {"en": "Two courses make a certificate."},
        "awards": awards,
        "requirements": [
            {"kind": "offerings", "label": {"en": "Core"}, "offerings": offerings},
        ],
    })
}

#[tokio::test]
async fn a_pathway_is_defined_read_and_followed_as_credentials_come_and_go() {
    let server = TestServer::start().await;
    let first = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let second = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let awards = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let theirs = server
        .published_offering(&server.other_token, OTHER, |_| {})
        .await;
    let create = format!("/api/v1/providers/{OWN}/pathways");

    // Bad rules: every problem named at its element; nothing stored.
    for (body, element) in [
        (rules(&theirs, &[&first]), "awards"),
        (rules("of-none", &[&first]), "awards"),
        (rules(&awards, &[&first, &first]), "requirements[0]"),
        (rules(&awards, &["of-none"]), "requirements[0]"),
        (
            json!({"name": {"en": "X"}, "awards": awards, "requirements": []}),
            "requirements",
        ),
        (
            json!({"name": {"en": "X"}, "awards": awards, "requirements": [{"kind": "credentials", "label": {"en": "Any"}}]}),
            "requirements[0]",
        ),
    ] {
        let (status, answer) = server
            .send(Method::POST, &create, Some(&server.own_token), Some(&body))
            .await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["element"], element, "{body}: {answer}");
    }
    let (status, answer) = server
        .send(Method::POST, &create, Some(&server.own_token), Some(&json!({"name": {"en": "X"}, "awards": awards, "requirements": [{"kind": "guess"}]})))
        .await;
    assert_eq!(status, 422, "{answer}");
    for token in [
        Some(server.other_token.as_str()),
        Some(server.issuer_token.as_str()),
        None,
    ] {
        let (status, _) = server
            .send(
                Method::POST,
                &create,
                token,
                Some(&rules(&awards, &[&first, &second])),
            )
            .await;
        assert!(matches!(status, 401 | 403), "{token:?}: {status}");
    }
    let (status, listed) = server.get("/api/v1/pathways").await;
    assert_eq!(
        (status, listed["items"].as_array().unwrap().len()),
        (200, 0)
    );

    // Defined; anyone reads it with the titles it names.
    let (status, pathway) = server
        .send(
            Method::POST,
            &create,
            Some(&server.own_token),
            Some(&rules(&awards, &[&first, &second])),
        )
        .await;
    assert_eq!(status, 201, "{pathway}");
    let id = pathway["id"].as_str().unwrap().to_owned();
    assert!(pathway["offering_titles"][&first].is_object(), "{pathway}");
    // The offerings' pages and the API say which pathways they count toward or complete.
    let (_, counting) = server
        .get(&format!("/api/v1/pathways?offering={first}"))
        .await;
    assert_eq!(counting["items"][0]["id"], id.as_str(), "{counting}");
    let (_, none) = server
        .get(&format!("/api/v1/pathways?offering={theirs}"))
        .await;
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
    let page = server
        .client
        .get(server.url(&format!("/offerings/{first}?lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Counts toward the pathway") && page.contains(&format!("/pathways/{id}")),
        "{page}"
    );
    let page = server
        .client
        .get(server.url(&format!("/offerings/{awards}?lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Awarded on completing the pathway"), "{page}");
    let (status, read) = server.get(&format!("/api/v1/pathways/{id}")).await;
    assert_eq!((status, &read["rules"]["awards"]), (200, &json!(awards)));

    // A learner with one of the two: progress, the other missing; with both: complete.
    let learner = server.learner("Ada Stack", "ada@example.org").await;
    let (_, mine) = server
        .send(Method::GET, "/api/v1/me/pathways", Some(&learner), None)
        .await;
    assert_eq!(
        mine["items"].as_array().unwrap().len(),
        0,
        "nothing counts yet: {mine}"
    );
    let one = credential_for(&server, &first, "ada@example.org").await;
    let (_, mine) = server
        .send(Method::GET, "/api/v1/me/pathways", Some(&learner), None)
        .await;
    let progress = &mine["items"][0]["progress"];
    assert_eq!(progress["complete"], false, "{mine}");
    assert_eq!(
        progress["requirements"][0]["counted"],
        json!([format!("urn:uuid:{one}")])
    );
    assert_eq!(
        progress["requirements"][0]["missing_offerings"],
        json!([second])
    );
    let page = server
        .client
        .get(server.url(&format!("/pathways/{id}?lang=en")))
        .header("cookie", format!("mc_session={learner}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("still needed"), "{page}");
    credential_for(&server, &second, "ada@example.org").await;
    let (_, mine) = server
        .send(
            Method::GET,
            &format!("/api/v1/me/pathways/{id}"),
            Some(&learner),
            None,
        )
        .await;
    assert_eq!(mine["progress"]["complete"], true, "{mine}");
    let page = server
        .client
        .get(server.url(&format!("/pathways/{id}?lang=en")))
        .header("cookie", format!("mc_session={learner}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("pathway-complete"), "{page}");
    let wallet = server
        .client
        .get(server.url("/wallet?lang=en"))
        .header("cookie", format!("mc_session={learner}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wallet.contains("1 of 1 requirements met"), "{wallet}");

    // A revoked credential no longer counts.
    let (status, revoked) = server
        .send(
            Method::POST,
            &format!("/api/v1/credentials/{one}/revoke"),
            Some(&server.issuer_token),
            Some(&json!({"reason": "issued in error"})),
        )
        .await;
    assert_eq!(status, 200, "{revoked}");
    let (_, mine) = server
        .send(
            Method::GET,
            &format!("/api/v1/me/pathways/{id}"),
            Some(&learner),
            None,
        )
        .await;
    assert_eq!(mine["progress"]["complete"], false, "{mine}");

    // New rules (one of the two is enough), then withdrawn: not listed, not counted.
    let mut one_of_two = rules(&awards, &[&first, &second]);
    one_of_two["requirements"][0]["at_least"] = json!(1);
    let (status, changed) = server
        .send(
            Method::PUT,
            &format!("/api/v1/pathways/{id}"),
            Some(&server.own_token),
            Some(&one_of_two),
        )
        .await;
    assert_eq!(status, 200, "{changed}");
    let (status, _) = server
        .send(
            Method::PUT,
            &format!("/api/v1/pathways/{id}"),
            Some(&server.other_token),
            Some(&one_of_two),
        )
        .await;
    assert_eq!(status, 403);
    let (_, mine) = server
        .send(
            Method::GET,
            &format!("/api/v1/me/pathways/{id}"),
            Some(&learner),
            None,
        )
        .await;
    assert_eq!(mine["progress"]["complete"], true, "{mine}");
    let (status, withdrawn) = server
        .send(
            Method::POST,
            &format!("/api/v1/pathways/{id}/withdraw"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(
        (status, &withdrawn["withdrawn"]),
        (200, &json!(true)),
        "{withdrawn}"
    );
    let (_, listed) = server.get("/api/v1/pathways").await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 0);
    let (_, mine) = server
        .send(Method::GET, "/api/v1/me/pathways", Some(&learner), None)
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 0);
}
