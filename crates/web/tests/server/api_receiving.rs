//! The receiving side over the API: a completed pathway's stacked credential is asked for and
//! awarded once (its parts named, their ECTS summed, ELM `hasPart`), a part revoked afterwards
//! is reported on the stacked credential's verification; a receiving organisation records
//! recognition decisions (published on the offering, in the catalogue's "recognised by" and in
//! the verification report) and decides on a learner's request, which the learner then sees.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{OTHER, OWN, TestServer};
use crate::issuing::verify;

fn rules(awards: &str, offerings: &[&str]) -> Value {
    json!({
        "name": {"en": "Data stack"},
        "awards": awards,
        "requirements": [{"kind": "offerings", "label": {"en": "Core"}, "offerings": offerings}],
    })
}

fn terms(purpose: &str, scope: &str) -> Value {
    json!({
        "purpose": purpose,
        "scope": scope,
        "recognised_as": {"en": "Exemption from Data Literacy I"},
        "ects_granted": 3,
        "conditions": {"en": "Within five years of issue"},
        "legal_basis": "institutional_policy",
        "policy": {"en": "Examination regulations, art. 12"},
        "valid_from": "2026-01-01",
    })
}

/// Makes `provider` a receiving organisation through its record.
pub async fn make_receiving(server: &TestServer, token: &str, provider: &str) {
    let (status, mut record) = server
        .send(
            Method::GET,
            &format!("/api/v1/providers/{provider}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{record}");
    record["receiving_organisation"] = json!("higher_education");
    let content = record;
    let (status, updated) = server
        .send(
            Method::PUT,
            &format!("/api/v1/providers/{provider}"),
            Some(token),
            Some(&content),
        )
        .await;
    assert_eq!(status, 200, "{updated}");
}

#[tokio::test]
async fn a_completed_pathway_is_awarded_once_and_its_parts_are_followed() {
    let server = TestServer::start().await;
    let first = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let second = server
        .published_offering(&server.own_token, OWN, |document| {
            document["workload"]["ects"] = json!(4.5);
        })
        .await;
    let awards = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let (status, pathway) = server
        .send(
            Method::POST,
            &format!("/api/v1/providers/{OWN}/pathways"),
            Some(&server.own_token),
            Some(&rules(&awards, &[&first, &second])),
        )
        .await;
    assert_eq!(status, 201, "{pathway}");
    let id = pathway["id"].as_str().unwrap().to_owned();
    let claim = format!("/api/v1/me/pathways/{id}/award");

    // Not complete: refused, saying what is missing; nothing recorded.
    let learner = server.learner("Ada Stack", "ada@example.org").await;
    let one =
        crate::issuing::credential_in(&server, &server.issuer_token, &first, "ada@example.org")
            .await;
    let (status, refused) = server
        .send(Method::POST, &claim, Some(&learner), None)
        .await;
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("1 more credential"),
        "{refused}"
    );
    // Staff cannot ask on a learner's behalf.
    let (status, _) = server
        .send(Method::POST, &claim, Some(&server.issuer_token), None)
        .await;
    assert_eq!(status, 403);

    // Complete: asked once (not automatic: no credential yet), a second ask is a conflict.
    let two =
        crate::issuing::credential_in(&server, &server.issuer_token, &second, "ada@example.org")
            .await;
    let (status, asked) = server
        .send(Method::POST, &claim, Some(&learner), None)
        .await;
    assert_eq!(status, 201, "{asked}");
    assert_eq!(asked["credential_id"], Value::Null, "{asked}");
    let (status, again) = server
        .send(Method::POST, &claim, Some(&learner), None)
        .await;
    assert_eq!(status, 409, "{again}");

    // The owner's staff see the request; another provider's do not.
    let listing = format!("/api/v1/pathways/{id}/awards");
    let (status, _) = server
        .send(Method::GET, &listing, Some(&server.other_token), None)
        .await;
    assert_eq!(status, 403);
    let (status, requests) = server
        .send(Method::GET, &listing, Some(&server.issuer_token), None)
        .await;
    assert_eq!(status, 200, "{requests}");
    let request = &requests["items"][0];
    assert_eq!(
        (request["complete"].clone(), request["learner_name"].clone()),
        (json!(true), json!("Ada Stack"))
    );
    let account = request["account_id"].as_str().unwrap().to_owned();
    let award = format!("/api/v1/pathways/{id}/awards/{account}");
    let (status, _) = server
        .send(Method::POST, &award, Some(&server.other_token), None)
        .await;
    assert_eq!(status, 403);
    let (status, stacked) = server
        .send(Method::POST, &award, Some(&server.issuer_token), None)
        .await;
    assert_eq!(status, 201, "{stacked}");
    let (status, twice) = server
        .send(Method::POST, &award, Some(&server.issuer_token), None)
        .await;
    assert_eq!(status, 409, "awarded once only: {twice}");

    // The credential names its parts (VC evidence, ELM hasPart) and sums their ECTS.
    let document = &stacked["credential"];
    let evidence: Vec<&str> = document["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap())
        .collect();
    let (one_id, two_id) = (one["id"].as_str().unwrap(), two["id"].as_str().unwrap());
    assert_eq!(
        evidence,
        [format!("urn:uuid:{one_id}"), format!("urn:uuid:{two_id}")]
    );
    assert_eq!(document["evidence"][0]["genre"], "part credential");
    let parts = document["credentialSubject"]["achievement"]["hasPart"]
        .as_array()
        .unwrap();
    assert_eq!(parts.len(), 2, "{document}");
    assert!(
        parts[0]
            .as_str()
            .unwrap()
            .contains(&format!("/offerings/{first}/v")),
        "{document}"
    );
    assert_eq!(
        document["credentialSubject"]["creditsEarned"],
        json!(7.5),
        "{document}"
    );
    assert_eq!(
        document["credentialSubject"]["assessmentRoute"],
        json!("https://w3id.org/microcred/vocab/assessment-route/pathway")
    );
    let stacked_id = stacked["id"].as_str().unwrap().to_owned();
    let (status, elm) = server
        .get(&format!("/credentials/{stacked_id}/elm.json"))
        .await;
    assert_eq!(status, 200);
    let text = elm.to_string();
    assert!(
        text.contains("\"hasPart\"") && text.contains(&format!("urn:uuid:{one_id}")),
        "{elm}"
    );

    // It verifies, with both parts active; the learner's progress shows the award.
    let report = verify(&server, document).await;
    assert_eq!(report["verified"], true, "{report}");
    let states: Vec<&str> = report["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|part| part["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["active", "active"], "{report}");
    let (_, mine) = server
        .send(
            Method::GET,
            &format!("/api/v1/me/pathways/{id}"),
            Some(&learner),
            None,
        )
        .await;
    assert_eq!(
        mine["award"]["credential_id"],
        json!(format!("urn:uuid:{stacked_id}")),
        "{mine}"
    );
    assert_eq!(
        mine["progress"]["complete"], true,
        "its own credential does not count toward it: {mine}"
    );

    // An automatic pathway awards as soon as the learner's progress is read complete.
    let extra = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let mut automatic = rules(&extra, &[&first]);
    automatic["automatic"] = json!(true);
    let (status, auto) = server
        .send(
            Method::POST,
            &format!("/api/v1/providers/{OWN}/pathways"),
            Some(&server.own_token),
            Some(&automatic),
        )
        .await;
    assert_eq!(status, 201, "{auto}");
    let auto_id = auto["id"].as_str().unwrap();
    let (_, read) = server
        .send(
            Method::GET,
            &format!("/api/v1/me/pathways/{auto_id}"),
            Some(&learner),
            None,
        )
        .await;
    let awarded = read["award"]["credential_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(awarded.starts_with("urn:uuid:"), "{read}");
    let (_, again) = server
        .send(
            Method::GET,
            &format!("/api/v1/me/pathways/{auto_id}"),
            Some(&learner),
            None,
        )
        .await;
    assert_eq!(
        again["award"]["credential_id"],
        awarded.as_str(),
        "awarded once: {again}"
    );

    // A part revoked afterwards: the stacked credential still verifies, and says so.
    let (status, _) = server
        .send(
            Method::POST,
            &format!("/api/v1/credentials/{one_id}/revoke"),
            Some(&server.issuer_token),
            Some(&json!({"reason": "issued in error"})),
        )
        .await;
    assert_eq!(status, 200);
    let report = verify(&server, document).await;
    assert_eq!(report["verified"], true, "{report}");
    assert_eq!(report["parts"][0]["state"], "revoked", "{report}");
    let page = server
        .client
        .get(server.url(&format!("/verify/{stacked_id}?lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"part-withdrawn\""), "{page}");

    // The catalogue filtered by the pathway finds the offerings it names.
    let (status, found) = server.get(&format!("/api/v1/offerings?pathway={id}")).await;
    assert_eq!(status, 200, "{found}");
    let mut ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let mut expected = [first.as_str(), second.as_str()];
    expected.sort_unstable();
    assert_eq!(ids, expected, "{found}");
}

#[tokio::test]
async fn recognition_decisions_are_published_and_requests_are_decided() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let other_offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let learner = server.learner("Ben Claes", "ben@example.org").await;
    let credential =
        crate::issuing::credential_in(&server, &server.issuer_token, &offering, "ben@example.org")
            .await;
    let urn = format!("urn:uuid:{}", credential["id"].as_str().unwrap());
    let decide = format!("/api/v1/providers/{OTHER}/recognitions");
    let about_offering = |terms: Value| json!({"about": {"offering": offering}, "terms": terms});

    // Not a receiving organisation yet: refused, saying how to become one.
    let (status, refused) = server
        .send(
            Method::POST,
            &decide,
            Some(&server.other_token),
            Some(&about_offering(terms("further_study", "partial"))),
        )
        .await;
    assert_eq!(status, 409, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("receiving_organisation"),
        "{refused}"
    );
    make_receiving(&server, &server.other_token, OTHER).await;

    // Bad decisions: the element named; another organisation's staff refused.
    let mut bad = terms("further_study", "partial");
    bad["valid_until"] = json!("2025-01-01");
    for (body, element) in [
        (about_offering(bad), "valid_until"),
        (
            about_offering(
                json!({"purpose": "further_study", "scope": "full", "recognised_as": {"en": " "}, "legal_basis": "other", "valid_from": "2026-01-01"}),
            ),
            "recognised_as",
        ),
        (
            json!({"about": {"credential": "not an iri"}, "terms": terms("employment", "full")}),
            "about.credential",
        ),
    ] {
        let (status, answer) = server
            .send(
                Method::POST,
                &decide,
                Some(&server.other_token),
                Some(&body),
            )
            .await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(answer["element"], element, "{answer}");
    }
    let (status, _) = server
        .send(
            Method::POST,
            &decide,
            Some(&server.own_token),
            Some(&about_offering(terms("further_study", "full"))),
        )
        .await;
    assert_eq!(
        status, 403,
        "the offering's provider is not the organisation"
    );
    let (status, nothing) = server.get("/api/v1/recognitions").await;
    assert_eq!(
        (status, nothing["items"].as_array().unwrap().len()),
        (200, 0),
        "nothing half-stored"
    );

    // Recorded: published on the offering, in the catalogue and in the verification report.
    let (status, decision) = server
        .send(
            Method::POST,
            &decide,
            Some(&server.other_token),
            Some(&about_offering(terms("further_study", "partial"))),
        )
        .await;
    assert_eq!(status, 201, "{decision}");
    let decision_id = decision["id"].as_str().unwrap().to_owned();
    let (_, listed) = server
        .get(&format!("/api/v1/recognitions?offering={offering}"))
        .await;
    assert_eq!(listed["items"][0]["id"], decision_id.as_str(), "{listed}");
    let page = server
        .client
        .get(server.url(&format!("/offerings/{offering}?lang=en")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("offering-recognitions") && page.contains("Exemption from Data Literacy I"),
        "{page}"
    );
    let (_, found) = server
        .get(&format!("/api/v1/offerings?recognised_by={OTHER}"))
        .await;
    let ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [offering.as_str()], "{found}");
    let report = verify(&server, &credential["credential"]).await;
    assert_eq!(
        report["recognitions"][0]["id"],
        decision_id.as_str(),
        "{report}"
    );

    // A learner's request, with the credential attached; duplicates and strangers refused.
    let ask = |organisation: &str, credential: &str, purpose: &str| json!({"organisation": organisation, "credential": credential, "purpose": purpose, "message": "For the bachelor's programme"});
    let requests = "/api/v1/me/recognition-requests";
    let (status, request) = server
        .send(
            Method::POST,
            requests,
            Some(&learner),
            Some(&ask(OTHER, &urn, "employment")),
        )
        .await;
    assert_eq!(status, 201, "{request}");
    let (status, _) = server
        .send(
            Method::POST,
            requests,
            Some(&learner),
            Some(&ask(OTHER, &urn, "employment")),
        )
        .await;
    assert_eq!(status, 409, "asked once per purpose");
    let (status, _) = server
        .send(
            Method::POST,
            requests,
            Some(&learner),
            Some(&ask(OWN, &urn, "employment")),
        )
        .await;
    assert_eq!(status, 409, "not a receiving organisation");
    let (status, _) = server
        .send(
            Method::POST,
            requests,
            Some(&learner),
            Some(&ask(
                OTHER,
                "urn:uuid:00000000-0000-4000-8000-000000000000",
                "employment",
            )),
        )
        .await;
    assert_eq!(status, 404, "not a credential of the wallet");
    let stranger = server.learner("Cas Stranger", "cas@example.org").await;
    let (status, _) = server
        .send(
            Method::POST,
            requests,
            Some(&stranger),
            Some(&ask(OTHER, &urn, "employment")),
        )
        .await;
    assert_eq!(status, 404, "another learner's credential");

    // The organisation sees it, verified now, and decides once.
    let request_id = request["id"].as_str().unwrap().to_owned();
    let (status, detail) = server
        .send(
            Method::GET,
            &format!("/api/v1/providers/{OTHER}/recognition-requests/{request_id}"),
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{detail}");
    assert_eq!(
        (detail["verified"].clone(), detail["learner_name"].clone()),
        (json!(true), json!("Ben Claes"))
    );
    let (status, _) = server
        .send(
            Method::GET,
            &format!("/api/v1/providers/{OWN}/recognition-requests/{request_id}"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(status, 404, "not a request to them");
    let on_request =
        json!({"about": {"request": request_id}, "terms": terms("further_study", "full")});
    let (status, wrong) = server
        .send(
            Method::POST,
            &decide,
            Some(&server.other_token),
            Some(&on_request),
        )
        .await;
    assert_eq!(
        (status, wrong["element"].clone()),
        (422, json!("purpose")),
        "{wrong}"
    );
    let on_request =
        json!({"about": {"request": request_id}, "terms": terms("employment", "full")});
    let (status, decided) = server
        .send(
            Method::POST,
            &decide,
            Some(&server.other_token),
            Some(&on_request),
        )
        .await;
    assert_eq!(status, 201, "{decided}");
    assert_eq!(decided["credential_id"], urn.as_str());
    let (status, _) = server
        .send(
            Method::POST,
            &decide,
            Some(&server.other_token),
            Some(&on_request),
        )
        .await;
    assert_eq!(status, 409, "decided once");

    // The learner sees the decision; it is not published, but the credential's report shows it.
    let (_, mine) = server
        .send(Method::GET, requests, Some(&learner), None)
        .await;
    assert_eq!(
        mine["items"][0]["decision"]["terms"]["scope"], "full",
        "{mine}"
    );
    let (status, _) = server
        .send(
            Method::DELETE,
            &format!("{requests}/{request_id}"),
            Some(&learner),
            None,
        )
        .await;
    assert_eq!(status, 404, "a decided request stays");
    let (_, public) = server
        .get(&format!("/api/v1/recognitions?provider={OTHER}"))
        .await;
    assert_eq!(public["items"].as_array().unwrap().len(), 1, "{public}");
    let (status, _) = server
        .get(&format!(
            "/api/v1/recognitions/{}",
            decided["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(status, 404, "a decision about one credential is not public");
    let report = verify(&server, &credential["credential"]).await;
    assert_eq!(
        report["recognitions"].as_array().unwrap().len(),
        2,
        "{report}"
    );
    // A refusal is between the learner and the organisation: not in anyone's report.
    let mut refusal = terms("further_study", "refused");
    refusal["ects_granted"] = Value::Null;
    refusal["recognised_as"] = json!({"en": "The learning outcomes do not match"});
    let (status, refused) = server
        .send(
            Method::POST,
            &decide,
            Some(&server.other_token),
            Some(&json!({"about": {"credential": urn}, "terms": refusal})),
        )
        .await;
    assert_eq!(status, 201, "{refused}");
    let report = verify(&server, &credential["credential"]).await;
    assert_eq!(
        report["recognitions"].as_array().unwrap().len(),
        2,
        "{report}"
    );

    // Withdrawn: no longer published, nor in the catalogue's filter.
    let (status, _) = server
        .send(
            Method::POST,
            &format!("{decide}/{decision_id}/withdraw"),
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (_, listed) = server
        .get(&format!("/api/v1/recognitions?offering={offering}"))
        .await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 0);
    let (_, found) = server
        .get(&format!("/api/v1/offerings?recognised_by={OTHER}"))
        .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 0, "{found}");
    let _ = other_offering;

    // The statistics count the decisions by organisation, purpose and scope (people: analysts
    // only, small numbers hidden).
    let (status, _) = server.get("/api/v1/statistics/recognitions").await;
    assert!(matches!(status, 401 | 403), "not open data: {status}");
    for by in ["receiving_organisation", "purpose", "scope", "subject"] {
        let (status, table) = server
            .send(
                Method::GET,
                &format!("/api/v1/statistics/recognitions?from=2024&to=2026&by={by}"),
                Some(&server.analyst_token),
                None,
            )
            .await;
        assert_eq!(status, 200, "{by}: {table}");
        let text = table.to_string();
        assert!(
            text.contains("\"decisions\"") && text.contains("\"recognised\""),
            "{by}: {table}"
        );
        assert!(
            !table["suppression"].is_null(),
            "{by}: people are counted: {table}"
        );
    }
    let (status, table) = server
        .send(
            Method::GET,
            "/api/v1/statistics/pathways?from=2024&to=2026",
            Some(&server.analyst_token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{table}");
    assert!(table.to_string().contains("\"awarded\""), "{table}");
}
