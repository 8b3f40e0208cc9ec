//! Issuing over the API end to end: enrol, record a result and issue, verify, fetch the DID
//! document and the status lists (with caching headers), suspend and revoke, bulk imports
//! (inline, idempotent, with row errors), templates, downloads — and bad input.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{OTHER, OWN, TestServer};

/// A published offering of OWN, an enrolled learner, and a credential issued to them.
pub async fn issued_credential(
    server: &TestServer,
    admin: &str,
    token: &str,
    provider: &str,
    email: &str,
) -> (String, Value) {
    let offering = server.published_offering(admin, provider, |_| {}).await;
    let credential = credential_in(server, token, &offering, email).await;
    (offering, credential)
}

/// Enrols `email` in `offering`, records a pass and issues its credential (as `token`, an
/// issuer of the offering's provider); the credential's record.
pub async fn credential_in(server: &TestServer, token: &str, offering: &str, email: &str) -> Value {
    let (status, enrolment) = server
        .send(
            Method::POST,
            "/api/v1/enrolments",
            Some(token),
            Some(&json!({
                "offering_id": offering,
                "learner": {"given_names": "An", "family_names": "Peeters", "email": email},
                "employment_status": "employed",
                "enrolled_on": "2026-01-10",
            })),
        )
        .await;
    assert_eq!(status, 201, "{enrolment}");
    let (status, recorded) = server
        .send(
            Method::POST,
            "/api/v1/assessments",
            Some(token),
            Some(&json!({
                "enrolment_id": enrolment["id"],
                "outcome": {"passed": true, "assessed_on": "2026-02-20", "route": "regular",
                            "grade": {"value": "16", "scheme": "0-20"}},
                "issue": true,
            })),
        )
        .await;
    assert_eq!(status, 201, "{recorded}");
    recorded["credential"].clone()
}

pub async fn verify(server: &TestServer, credential: &Value) -> Value {
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

fn outcome<'a>(report: &'a Value, check: &str) -> &'a str {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["check"] == check)
        .and_then(|line| line["outcome"].as_str())
        .unwrap_or("missing")
}

#[tokio::test]
async fn an_issuer_issues_and_anyone_verifies_until_it_is_revoked() {
    let server = TestServer::start().await;
    let (_, record) = issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "an@example.org",
    )
    .await;
    assert_eq!(record["status"], "active");
    let credential = &record["credential"];
    let id = record["id"].as_str().unwrap();

    let report = verify(&server, credential).await;
    assert_eq!(report["verified"], true, "{report:#}");
    for check in [
        "syntax_and_limits",
        "jsonld_safe_expansion",
        "proof",
        "verification_method",
        "issuer_trusted",
        "status",
        "validity_period",
    ] {
        assert_eq!(outcome(&report, check), "passed", "{check}: {report:#}");
    }
    assert_eq!(report["annex_i"]["complete"], true);
    let title = report["content"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["element"] == "title")
        .unwrap();
    assert_eq!(title["label"], "Title");

    // The issuer's DID document and the status list, with caching headers.
    let issuer = credential["issuer"]["id"].as_str().unwrap();
    assert!(issuer.starts_with("did:web:127.0.0.1%3A"), "{issuer}");
    let (status, document) = server.get(&format!("/providers/{OWN}/did.json")).await;
    assert_eq!(status, 200);
    assert_eq!(document["id"], issuer);
    let list_url = credential["credentialStatus"][0]["statusListCredential"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = list_url.strip_prefix(&server.base).unwrap().to_owned();
    let first = server.client.get(server.url(&path)).send().await.unwrap();
    assert_eq!(first.status().as_u16(), 200);
    assert_eq!(first.headers()["cache-control"], "public, no-cache");
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let list: Value = first.json().await.unwrap();
    assert_eq!(list["type"][1], "BitstringStatusListCredential");
    let again = server
        .client
        .get(server.url(&path))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 304);

    // Suspend: the next verification says so; reinstate; revoke for good.
    let change = |action: &'static str, reason: &'static str| {
        let server = &server;
        async move {
            server
                .send(
                    Method::POST,
                    &format!("/api/v1/credentials/{id}/{action}"),
                    Some(&server.issuer_token),
                    Some(&json!({"reason": reason})),
                )
                .await
        }
    };
    let (status, suspended) = change("suspend", "complaint under review").await;
    assert_eq!(status, 200, "{suspended}");
    assert_eq!(suspended["status"], "suspended");
    let report = verify(&server, credential).await;
    assert_eq!(report["verified"], false);
    assert_eq!(outcome(&report, "status"), "failed");
    let changed = server
        .client
        .get(server.url(&path))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        changed.status().as_u16(),
        200,
        "a new revision after a state change"
    );
    assert_eq!(change("reinstate", "complaint rejected").await.0, 200);
    assert_eq!(verify(&server, credential).await["verified"], true);
    assert_eq!(change("revoke", "fraud").await.0, 200);
    let report = verify(&server, credential).await;
    assert!(report.to_string().contains("revoked"), "{report:#}");
    let (status, refused) = change("reinstate", "undo").await;
    assert_eq!(status, 409, "{refused}");
    assert_eq!(refused["code"], "invalid_state");
    let (status, missing_reason) = server
        .send(
            Method::POST,
            &format!("/api/v1/credentials/{id}/suspend"),
            Some(&server.issuer_token),
            Some(&json!({})),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(missing_reason["element"], "reason");

    // Downloads, by the credential's id.
    let pdf = server
        .client
        .get(server.url(&format!("/credentials/{id}/certificate.pdf?lang=nl")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));
    let (status, elm) = server.get(&format!("/credentials/{id}/elm.json")).await;
    assert_eq!(status, 200);
    assert_eq!(elm["type"][1], "EuropeanDigitalCredential");
    let (status, signed) = server
        .get(&format!("/credentials/{id}/credential.json"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(&signed, credential);
}

#[tokio::test]
async fn a_results_file_is_applied_with_row_errors_and_nothing_twice() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let file = "student_number;given_names;family_names;email;passed;grade;grading_scheme;assessed_on;issue\n\
                r1;An;Peeters;an@example.org;ja;15;0-20;2026-02-01;ja\n\
                r2;Bo;Maes;not-an-email;yes;12;0-20;2026-02-01;yes\n\
                r3;Cas;Claes;cas@example.org;no;7;0-20;2026-02-01;no\n";
    let upload = || async {
        let response = server
            .client
            .post(server.url(&format!(
                "/api/v1/imports?offering={offering}&kind=results&file_name=results.csv"
            )))
            .bearer_auth(&server.issuer_token)
            .header("content-type", "text/csv")
            .body(file)
            .send()
            .await
            .unwrap();
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    };
    let (status, job) = upload().await;
    assert_eq!(status, 200, "{job}");
    assert_eq!(job["state"], "done");
    assert_eq!(job["applied_rows"], 2);
    assert_eq!(job["failed_rows"], 1);
    assert_eq!(job["issued_credentials"], 1);
    assert_eq!(job["problems"][0]["row"], 3);
    assert_eq!(job["problems"][0]["column"], "email");
    let (status, again) = upload().await;
    assert_eq!(status, 200);
    assert_eq!(again["applied_rows"], 0, "{again}");
    assert_eq!(again["skipped_rows"], 2);
    assert_eq!(again["issued_credentials"], 0);
    let (_, listed) = server
        .send(
            Method::GET,
            "/api/v1/credentials",
            Some(&server.issuer_token),
            None,
        )
        .await;
    assert_eq!(listed["total"], 1);
    let (status, rows) = server
        .send(
            Method::GET,
            &format!("/api/v1/imports/{}/rows", job["id"].as_str().unwrap()),
            Some(&server.issuer_token),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(rows["items"].as_array().unwrap().len(), 2);

    // A file that cannot be read at all: nothing applied, the reason named.
    let response = server
        .client
        .post(server.url(&format!(
            "/api/v1/imports?offering={offering}&kind=enrolments"
        )))
        .bearer_auth(&server.issuer_token)
        .body("naam,mail\nAn,an@example.org\n")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "unknown_columns", "{error}");

    // A file over the limit: the API's JSON error, naming the limit.
    let response = server
        .client
        .post(server.url(&format!(
            "/api/v1/imports?offering={offering}&kind=enrolments"
        )))
        .bearer_auth(&server.issuer_token)
        .body(vec![b'a'; app::import_file::MAX_FILE_BYTES + 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let refusal: Value = response.json().await.unwrap();
    assert_eq!(refusal["code"], "payload_too_large", "{refusal}");
    assert_eq!(
        refusal["message"],
        "the body is larger than the limit of 50 MiB (52428800 bytes)"
    );

    // Templates, as CSV, XLSX and documented columns.
    let csv = server
        .client
        .get(server.url("/api/v1/imports/templates/results.csv"))
        .send()
        .await
        .unwrap();
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("results-template.csv")
    );
    let xlsx = server
        .client
        .get(server.url("/api/v1/imports/templates/enrolments.xlsx"))
        .send()
        .await
        .unwrap();
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let (_, columns) = server.get("/api/v1/imports/templates/results").await;
    assert!(
        columns["columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|column| column["name"] == "assessed_on")
    );
}

#[tokio::test]
async fn hostile_verification_input_gets_a_report_not_a_crash() {
    let server = TestServer::start().await;
    for (body, check) in [
        (b"{\"a\": 1, \"a\": 2}".to_vec(), "syntax_and_limits"),
        (b"not json".to_vec(), "syntax_and_limits"),
        ("[".repeat(5_000).into_bytes(), "syntax_and_limits"),
    ] {
        let response = server
            .client
            .post(server.url("/api/v1/verify"))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200);
        let report: Value = response.json().await.unwrap();
        assert_eq!(report["verified"], false);
        assert_eq!(outcome(&report, check), "failed", "{report:#}");
    }
    let unknown_context = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/context.jsonld"],
        "type": ["VerifiableCredential"], "issuer": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "credentialSubject": {"id": "did:example:1"}
    });
    let report = verify(&server, &unknown_context).await;
    assert_eq!(report["verified"], false);
    assert!(
        report.to_string().contains("unknown JSON-LD context"),
        "{report:#}"
    );
    let oversized = vec![b' '; 5 * 1024 * 1024];
    let response = server
        .client
        .post(server.url("/api/v1/verify"))
        .body(oversized)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(
        response.headers()[reqwest::header::CONTENT_TYPE],
        "application/json"
    );
    let refusal: Value = response.json().await.unwrap();
    assert_eq!(refusal["code"], "payload_too_large", "{refusal}");
    assert_eq!(
        refusal["message"],
        "the body is larger than the limit of 4 MiB (4194304 bytes)"
    );
}

#[tokio::test]
async fn the_other_providers_issuer_cannot_touch_a_credential() {
    let server = TestServer::start().await;
    let (_, record) = issued_credential(
        &server,
        &server.own_token,
        &server.own_token,
        OWN,
        "x@example.org",
    )
    .await;
    let id = record["id"].as_str().unwrap();
    let (status, error) = server
        .send(
            Method::POST,
            &format!("/api/v1/credentials/{id}/revoke"),
            Some(&server.other_issuer_token),
            Some(&json!({"reason": "x"})),
        )
        .await;
    assert_eq!(status, 403, "{error}");
    let (status, _) = server
        .send(
            Method::GET,
            &format!("/api/v1/credentials/{id}"),
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(status, 403);
    let (_, listed) = server
        .send(
            Method::GET,
            "/api/v1/credentials",
            Some(&server.other_issuer_token),
            None,
        )
        .await;
    assert_eq!(listed["total"], 0, "{listed}");
    let (_, still) = server
        .send(
            Method::GET,
            &format!("/api/v1/credentials/{id}"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(still["status"], "active");
    let _ = OTHER;
}

#[tokio::test]
async fn an_imported_trust_list_makes_a_foreign_issuer_recognised() {
    let server = TestServer::start().await;
    let key = vc::keys::KeyPair::from_seed(&[9u8; 32]);
    let did = key.public().did_key();
    let mut issued = model::credential::sample::issued().unwrap();
    issued.status.clear();
    let unsigned = vc::ob3::render_micro_credential(&issued, &did);
    let options = vc::proof::SignOptions {
        verification_method: key.public().did_key_verification_method(),
        created: "2026-02-01T10:00:00Z".to_owned(),
    };
    let signed = vc::proof::sign(vc::contexts::processor(), &unsigned, &key, &options).unwrap();
    let report = verify(&server, &signed).await;
    assert_eq!(outcome(&report, "proof"), "passed", "{report:#}");
    assert_eq!(outcome(&report, "issuer_trusted"), "failed");

    let list = json!({"issuers": [{"id": did, "name": "A college elsewhere"}]});
    let (status, refused) = server
        .send(
            Method::PUT,
            "/api/v1/trusted-issuers/sector-list",
            Some(&server.own_token),
            Some(&list),
        )
        .await;
    assert_eq!(status, 403, "{refused}");
    let (status, imported) = server
        .send(
            Method::PUT,
            "/api/v1/trusted-issuers/sector-list",
            Some(&server.platform_token),
            Some(&list),
        )
        .await;
    assert_eq!(status, 200, "{imported}");
    assert_eq!(imported["issuers"], 1);
    assert_eq!(
        outcome(&verify(&server, &signed).await, "issuer_trusted"),
        "passed"
    );
    let (_, trusted) = server.get("/api/v1/trusted-issuers").await;
    let sources: Vec<&str> = trusted["issuers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|issuer| issuer["source"].as_str())
        .collect();
    assert!(
        sources.contains(&"register") && sources.contains(&"sector-list"),
        "{trusted}"
    );
    let (status, bad) = server
        .send(
            Method::PUT,
            "/api/v1/trusted-issuers/sector-list",
            Some(&server.platform_token),
            Some(&json!({"issuers": [{"id": "ftp://x"}]})),
        )
        .await;
    assert_eq!(status, 422, "{bad}");
    assert_eq!(bad["element"], "issuers[0].id");
}

/// The imports list pages like every list: `limit`, `next` passed back as `after`.
#[tokio::test]
async fn the_imports_list_pages_by_limit_and_next() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    for number in 0..3 {
        let response = server
            .client
            .post(server.url(&format!(
                "/api/v1/imports?offering={offering}&kind=results&file_name=file-{number}.csv"
            )))
            .bearer_auth(&server.issuer_token)
            .header("content-type", "text/csv")
            .body(format!(
                "student_number,given_names,family_names,passed,assessed_on\nr{number},Learner,Number {number},yes,2026-02-01\n"
            ))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert_eq!(status, 200, "{}", response.text().await.unwrap());
    }
    let list = |path: String| {
        let server = &server;
        async move {
            server
                .send(
                    reqwest::Method::GET,
                    &path,
                    Some(&server.issuer_token),
                    None,
                )
                .await
        }
    };
    let (status, first) = list("/api/v1/imports?limit=2".to_owned()).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        (
            first["total"].as_u64(),
            first["items"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    let next = first["next"].as_str().unwrap().to_owned();
    let (_, second) = list(format!("/api/v1/imports?limit=2&after={next}")).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert!(second.get("next").is_none(), "{second}");
    let names: std::collections::BTreeSet<String> = [&first, &second]
        .iter()
        .flat_map(|page| page["items"].as_array().unwrap().iter())
        .map(|job| job["file_name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names.len(), 3);
    let (status, refused) = list("/api/v1/imports?after=zz".to_owned()).await;
    assert_eq!(
        (status, refused["element"].as_str()),
        (400, Some("after")),
        "{refused}"
    );
}

#[tokio::test]
async fn an_enrolment_records_its_funding_and_refuses_an_unknown_scheme_or_amount() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let enrol = |email: &str, funding: Value| {
        json!({
            "offering_id": offering,
            "learner": {"full_name": "Funded Learner", "email": email},
            "employment_status": "employed",
            "enrolled_on": "2026-01-10",
            "funding": funding,
        })
    };
    let (status, enrolment) = server
        .send(
            Method::POST,
            "/api/v1/enrolments",
            Some(&server.issuer_token),
            Some(&enrol(
                "funded@example.org",
                json!({"scheme": "vlaams_opleidingsverlof", "amount_eur": 249.5}),
            )),
        )
        .await;
    assert_eq!(status, 201, "{enrolment}");
    assert_eq!(
        enrolment["funding"],
        json!({"scheme": "vlaams_opleidingsverlof", "amount_cents": 24950})
    );
    let path = format!("/api/v1/enrolments/{}", enrolment["id"].as_str().unwrap());
    let (status, read) = server
        .send(Method::GET, &path, Some(&server.issuer_token), None)
        .await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["funding"]["amount_cents"], 24950, "{read}");

    for (funding, element, code) in [
        (
            json!({"scheme": "free_money"}),
            "funding.scheme",
            "unknown_vocabulary_value",
        ),
        (
            json!({"scheme": "esf_plus", "amount_eur": -5}),
            "funding.amount_eur",
            "invalid_value",
        ),
        (
            json!({"scheme": "esf_plus", "amount_eur": 10.001}),
            "funding.amount_eur",
            "invalid_value",
        ),
        (
            json!({"scheme": "esf_plus", "amount_eur": 2e6}),
            "funding.amount_eur",
            "invalid_value",
        ),
        (
            json!({"scheme": "esf_plus", "paid_by": "me"}),
            "funding.paid_by",
            "unknown_element",
        ),
        (json!("esf_plus"), "funding", "invalid_type"),
    ] {
        let (status, refused) = server
            .send(
                Method::POST,
                "/api/v1/enrolments",
                Some(&server.issuer_token),
                Some(&enrol("refused@example.org", funding.clone())),
            )
            .await;
        assert_eq!(status, 422, "{funding}: {refused}");
        let errors = refused["errors"].as_array().unwrap();
        assert!(
            errors
                .iter()
                .any(|error| error["element"] == element && error["code"] == code),
            "{funding}: {refused}"
        );
    }
}
