//! Learners' feedback over the API: a learner rates what they were assessed in, once per
//! enrolment and changeable for 30 days; bad answers are refused with the field at fault; no
//! one rates another's enrolment; the provider's staff and analysts see only the number of
//! answers below the statistics' threshold (5) and the aggregate from it, never who said what;
//! the `feedback` overview counts the answers; erasure keeps the counts and drops the words.

use reqwest::Method;
use serde_json::{Value, json};
use time::macros::datetime;

use crate::common::{OWN, TestServer};

/// Enrols `email` in `offering`, records `passed` (or not) when `assessed`; the enrolment id.
async fn enrolled(
    server: &TestServer,
    offering: &str,
    email: &str,
    assessed: Option<bool>,
) -> String {
    let (status, enrolment) = server
        .send(
            Method::POST,
            "/api/v1/enrolments",
            Some(&server.issuer_token),
            Some(&json!({
                "offering_id": offering,
                "learner": {"given_names": "Lerende", "family_names": email, "email": email},
                "employment_status": "employed",
                "enrolled_on": "2026-01-10",
            })),
        )
        .await;
    assert_eq!(status, 201, "{enrolment}");
    let id = enrolment["id"].as_str().unwrap().to_owned();
    if let Some(passed) = assessed {
        assess(server, &id, passed).await;
    }
    id
}

async fn assess(server: &TestServer, id: &str, passed: bool) {
    {
        let (status, recorded) = server
            .send(
                Method::POST,
                "/api/v1/assessments",
                Some(&server.issuer_token),
                Some(&json!({
                    "enrolment_id": id,
                    "outcome": {"passed": passed, "assessed_on": "2026-02-20", "route": "regular"},
                })),
            )
            .await;
        assert_eq!(status, 201, "{recorded}");
    }
}

/// A new session for `email` (sessions last 12 hours; the tests move the clock by days).
async fn session(server: &TestServer, email: &str) -> String {
    let (_, session, _) = server
        .state
        .app
        .sign_in_with_password(email, crate::common::LEARNER_PASSWORD, "192.0.2.1")
        .await
        .unwrap();
    session
}

fn answer(overall: u8, workload: i8, comment: &str) -> Value {
    json!({"overall": overall, "content": 4, "teaching": 3, "assessment": 5, "workload": workload, "comment": comment})
}

async fn rate(server: &TestServer, session: &str, enrolment: &str, body: &Value) -> (u16, Value) {
    server
        .send(
            Method::PUT,
            &format!("/api/v1/me/feedback/{enrolment}"),
            Some(session),
            Some(body),
        )
        .await
}

#[tokio::test]
async fn feedback_is_given_once_per_enrolment_and_shown_only_in_aggregate_from_five_answers() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let summary = format!("/api/v1/offerings/{offering}/feedback");

    // Not assessed yet: nothing to rate. Assessed (failed counts too): rated.
    let first = server.learner("First", "first@example.org").await;
    let pending = enrolled(&server, &offering, "first@example.org", None).await;
    let (status, body) = rate(&server, &first, &pending, &answer(4, 0, "")).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("assessed"),
        "{body}"
    );
    let failed = enrolled(&server, &offering, "failed@example.org", Some(false)).await;
    let failing = server.learner("Failed", "failed@example.org").await;
    let (status, body) = rate(
        &server,
        &failing,
        &failed,
        &answer(2, 2, "Far too much work."),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["workload"], 2);

    // Bad answers say what is wrong; nothing is stored.
    assess(&server, &pending, true).await;
    let enrolment = pending.clone();
    for (body, says) in [
        (answer(0, 0, ""), "overall"),
        (answer(6, 0, ""), "overall"),
        (answer(4, 3, ""), "workload"),
        (answer(4, 0, &"x".repeat(2001)), "2000"),
        (answer(4, 0, "bell\u{7}"), "control"),
        (json!({"overall": 4}), "content"),
        (
            json!({"overall": 4, "content": 4, "teaching": 3, "assessment": 5, "workload": 0, "extra": 1}),
            "extra",
        ),
        (
            json!({"overall": "4", "content": 4, "teaching": 3, "assessment": 5, "workload": 0}),
            "overall",
        ),
    ] {
        let (status, answer) = rate(&server, &first, &enrolment, &body).await;
        assert!(matches!(status, 409 | 422), "{body}: {status} {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{body}: {answer}"
        );
    }
    let (_, mine) = server
        .send(Method::GET, "/api/v1/me/feedback", Some(&first), None)
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 0, "{mine}");

    // Someone else's enrolment is not in your wallet; staff are not learners.
    let (status, _) = rate(&server, &failing, &enrolment, &answer(5, 0, "")).await;
    assert_eq!(status, 404);
    let (status, _) = rate(&server, &server.issuer_token, &enrolment, &answer(5, 0, "")).await;
    assert_eq!(status, 403);

    // Given, then changed within 30 days; not after.
    let (status, body) = rate(&server, &first, &enrolment, &answer(3, 0, "Good content.")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["changeable_until"], "2026-03-31T10:00:00Z");
    server.clock.set(datetime!(2026-03-20 10:00 UTC));
    let first = session(&server, "first@example.org").await;
    let (status, body) = rate(
        &server,
        &first,
        &enrolment,
        &answer(5, 0, "Very good content."),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["overall"], 5);
    server.clock.set(datetime!(2026-04-01 10:00 UTC));
    let first = session(&server, "first@example.org").await;
    let (status, body) = rate(
        &server,
        &first,
        &enrolment,
        &answer(1, 0, "Changed my mind."),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("no longer"),
        "{body}"
    );
    let (_, mine) = server
        .send(Method::GET, "/api/v1/me/feedback", Some(&first), None)
        .await;
    assert_eq!(mine["items"][0]["overall"], 5, "{mine}");

    // Two answers: staff and analysts see the number only.
    for token in [
        &server.own_token,
        &server.issuer_token,
        &server.analyst_token,
        &server.platform_token,
    ] {
        let (status, body) = server.send(Method::GET, &summary, Some(token), None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(
            (body["responses"].as_u64(), body["shown"].as_bool()),
            (Some(2), Some(false))
        );
        assert!(
            body["aspects"].as_array().unwrap().is_empty()
                && body["comments"].as_array().unwrap().is_empty()
        );
    }
    for token in [
        Some(server.other_token.as_str()),
        Some(first.as_str()),
        None,
    ] {
        let (status, _) = server.send(Method::GET, &summary, token, None).await;
        assert!(matches!(status, 401 | 403), "{token:?}: {status}");
    }

    // Five answers: the aggregate and the comments, with the year only.
    for (n, overall) in [(3u8, 4u8), (4, 4), (5, 2)] {
        let email = format!("learner{n}@example.org");
        let session = server.learner(&format!("Learner {n}"), &email).await;
        let id = enrolled(&server, &offering, &email, Some(true)).await;
        let comment = if n == 3 { "Clear assessment." } else { "" };
        let (status, body) = rate(&server, &session, &id, &answer(overall, -1, comment)).await;
        assert_eq!(status, 200, "{body}");
    }
    let (_, body) = server
        .send(Method::GET, &summary, Some(&server.own_token), None)
        .await;
    assert_eq!(
        (body["responses"].as_u64(), body["shown"].as_bool()),
        (Some(5), Some(true)),
        "{body}"
    );
    let overall = &body["aspects"][0];
    assert_eq!(overall["aspect"], "overall");
    assert_eq!(overall["scores"], json!([0, 2, 0, 2, 1]));
    assert_eq!(overall["mean"], 3.4);
    assert_eq!(body["workload"], json!([0, 3, 1, 0, 1]));
    let comments = body["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 3, "{body}");
    assert!(comments.iter().all(|comment| comment["year"] == 2026));
    let text = body.to_string();
    for hidden in ["first@example.org", "Lerende", "acc-", "enr-"] {
        assert!(!text.contains(hidden), "{hidden} in {text}");
    }

    // The overview: answers per year, satisfied, workload.
    let (status, overview) = server
        .send(
            Method::GET,
            "/api/v1/statistics/feedback?from=2026&to=2026&by=total",
            Some(&server.analyst_token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{overview}");
    let year = overview["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["year"] == 2026)
        .unwrap_or_else(|| panic!("{overview}"));
    assert_eq!(year["responses"], 5, "{overview}");
    // Three satisfied and three finding less work: under the threshold, so not shown.
    assert_ne!(year["satisfied"], 3, "{overview}");
    let (status, _) = server
        .get("/api/v1/statistics/feedback?from=2026&to=2026")
        .await;
    assert_eq!(status, 401, "feedback counts people: not open data");

    // Erasing an account keeps its answer in the counts and drops its words.
    let (status, _) = server
        .send(
            Method::POST,
            "/api/v1/me/erase",
            Some(&first),
            Some(&json!({"password": crate::common::LEARNER_PASSWORD})),
        )
        .await;
    assert_eq!(status, 204);
    let (_, body) = server
        .send(Method::GET, &summary, Some(&server.own_token), None)
        .await;
    assert_eq!(body["responses"], 5);
    assert!(!body.to_string().contains("Very good content."), "{body}");
}
