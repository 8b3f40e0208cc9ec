//! The issuer's pages over HTTP: enrol with per-element errors, record a result and issue,
//! correct, suspend and revoke from the pages; another provider's issuer gets 403, a form
//! without the session's token gets 403, and nothing changes.

use super::{get, pairs, post, sign_in};
use crate::common::{OWN, TestServer};

fn enrolment_id(location: &str) -> String {
    location.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_issuer_enrols_records_issues_corrects_and_revokes_through_the_pages() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let cookie = sign_in(&server, &server.issuer_token).await;
    let page = get(
        &server,
        &format!("/admin/learners?offering={offering}&lang=en"),
        Some(&cookie),
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("id=\"upload-form\""));
    let csrf = page.csrf();

    // No identifier: refused, the element named, nothing stored.
    let refused = post(
        &server,
        "/admin/learners/enrol?lang=en",
        Some(&cookie),
        &pairs(&[
            ("csrf", &csrf),
            ("offering", &offering),
            ("given_names", "An"),
            ("family_names", "Peeters"),
            ("employment_status", "employed"),
            ("enrolled_on", "2026-01-10"),
        ]),
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("learner: the learner needs at least one identifier"),
        "{}",
        refused.body
    );
    let enrolled = post(
        &server,
        "/admin/learners/enrol",
        Some(&cookie),
        &pairs(&[
            ("csrf", &csrf),
            ("offering", &offering),
            ("given_names", "An"),
            ("family_names", "Peeters"),
            ("email", "an@example.org"),
            ("employment_status", "job_seeker"),
            ("enrolled_on", "2026-01-10"),
        ]),
    )
    .await;
    assert_eq!(enrolled.status, 303, "{}", enrolled.body);
    // Funding: an amount that is not one is named; a funded enrolment is stored with it.
    let fund = |email: &'static str, amount: &'static str| {
        pairs(&[
            ("csrf", &csrf),
            ("offering", &offering),
            ("given_names", "Fien"),
            ("family_names", "Maes"),
            ("email", email),
            ("employment_status", "employed"),
            ("enrolled_on", "2026-01-10"),
            ("funding_scheme", "vlaams_opleidingsverlof"),
            ("funding_amount", amount),
        ])
    };
    let refused = post(
        &server,
        "/admin/learners/enrol?lang=en",
        Some(&cookie),
        &fund("fien@example.org", "twelve"),
    )
    .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused.body.contains("funding.amount_eur"),
        "{}",
        refused.body
    );
    let funded = post(
        &server,
        "/admin/learners/enrol",
        Some(&cookie),
        &fund("fien@example.org", "149,50"),
    )
    .await;
    assert_eq!(funded.status, 303, "{}", funded.body);
    let (_, listed) = server
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/enrolments?offering={offering}&q=fien"),
            Some(&server.issuer_token),
            None,
        )
        .await;
    assert_eq!(
        listed["items"][0]["funding"],
        serde_json::json!({"scheme": "vlaams_opleidingsverlof", "amount_cents": 14950}),
        "{listed}"
    );
    let list = get(
        &server,
        &format!("/admin/learners?offering={offering}&lang=en"),
        Some(&cookie),
    )
    .await;
    let start = list.body.find("/admin/enrolments/enr-").unwrap() + "/admin/enrolments/".len();
    let enrolment = list.body[start..].split('"').next().unwrap().to_owned();
    assert!(
        list.body.contains("Job-seeker"),
        "the employment status is shown"
    );

    // A result with the credential issued at once.
    let recorded = post(
        &server,
        &format!("/admin/enrolments/{enrolment}/results"),
        Some(&cookie),
        &pairs(&[
            ("csrf", &csrf),
            ("passed", "yes"),
            ("grade", "14"),
            ("grading_scheme", "0-20"),
            ("assessed_on", "2026-02-20"),
            ("supervision", "supervised_online"),
            ("route", "regular"),
            ("prior_learning", ""),
            ("issue", "yes"),
        ]),
    )
    .await;
    assert_eq!(recorded.status, 303, "{}", recorded.body);
    assert_eq!(enrolment_id(recorded.location()), enrolment);
    let (_, listed) = server
        .send(
            reqwest::Method::GET,
            "/api/v1/credentials",
            Some(&server.issuer_token),
            None,
        )
        .await;
    assert_eq!(listed["total"], 1, "{listed}");
    let first = listed["items"][0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        listed["items"][0]["credential"]["credentialSubject"]["result"][0]["value"],
        "14"
    );

    // Corrected: a new credential with the new grade, the old one revoked with the reason.
    let corrected = post(
        &server,
        &format!("/admin/credentials/{first}/correct"),
        Some(&cookie),
        &pairs(&[
            ("csrf", &csrf),
            ("grade", "16"),
            ("grading_scheme", "0-20"),
            ("assessed_on", "2026-02-20"),
            ("reason", "grade entered wrongly"),
        ]),
    )
    .await;
    assert_eq!(corrected.status, 303, "{}", corrected.body);
    let (_, old) = server
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/credentials/{first}"),
            Some(&server.issuer_token),
            None,
        )
        .await;
    assert_eq!(old["status"], "revoked");
    assert_eq!(old["status_reason"], "corrected: grade entered wrongly");
    let new = old["replaced_by"].as_str().unwrap().to_owned();
    let (_, replacement) = server
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/credentials/{new}"),
            Some(&server.issuer_token),
            None,
        )
        .await;
    assert_eq!(
        replacement["credential"]["credentialSubject"]["result"][0]["value"],
        "16"
    );

    // Suspension needs a reason; with one it works.
    let no_reason = post(
        &server,
        &format!("/admin/credentials/{new}/suspend"),
        Some(&cookie),
        &pairs(&[("csrf", &csrf), ("reason", " ")]),
    )
    .await;
    assert_eq!(no_reason.status, 422, "{}", no_reason.body);
    let suspended = post(
        &server,
        &format!("/admin/credentials/{new}/suspend"),
        Some(&cookie),
        &pairs(&[("csrf", &csrf), ("reason", "complaint")]),
    )
    .await;
    assert_eq!(suspended.status, 303);
    let page = get(&server, "/admin/credentials?lang=en", Some(&cookie)).await;
    assert!(
        page.body.contains("badge-state-suspended") && page.body.contains("complaint"),
        "{}",
        page.body
    );

    // Another provider's issuer: 403 everywhere, and a form without the token: 403.
    let other = sign_in(&server, &server.other_issuer_token).await;
    let other_csrf = get(&server, "/admin/credentials", Some(&other))
        .await
        .csrf();
    assert_eq!(
        get(
            &server,
            &format!("/admin/enrolments/{enrolment}"),
            Some(&other)
        )
        .await
        .status,
        403
    );
    let revoke = post(
        &server,
        &format!("/admin/credentials/{new}/revoke"),
        Some(&other),
        &pairs(&[("csrf", &other_csrf), ("reason", "x")]),
    )
    .await;
    assert_eq!(revoke.status, 403);
    let forged = post(
        &server,
        &format!("/admin/credentials/{new}/revoke"),
        Some(&cookie),
        &pairs(&[("reason", "x")]),
    )
    .await;
    assert_eq!(forged.status, 403);
    let (_, still) = server
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/credentials/{new}"),
            Some(&server.issuer_token),
            None,
        )
        .await;
    assert_eq!(still["status"], "suspended");
}
