//! The statistics API: who sees which overview, the JSON and CSV answers, small numbers hidden
//! (never their value), and bad parameters named.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{OTHER, OWN, TestServer};

/// Enrols learners in a fresh offering of OWN: `(status, how many)` in 2025.
async fn enrol_cohort(server: &TestServer, cohort: &[(&str, usize)]) -> String {
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let mut number = 0;
    for (status, count) in cohort {
        for _ in 0..*count {
            number += 1;
            let (code, body) = server
                .send(
                    Method::POST,
                    "/api/v1/enrolments",
                    Some(&server.issuer_token),
                    Some(&json!({
                        "offering_id": offering,
                        "learner": {"full_name": format!("Learner {number}"), "email": format!("s{number}@example.org")},
                        "employment_status": status,
                        "enrolled_on": format!("2025-{:02}-10", 1 + number % 12),
                    })),
                )
                .await;
            assert_eq!(code, 201, "{body}");
        }
    }
    offering
}

fn row<'a>(answer: &'a Value, year: u64, key: &str, by: &str) -> Option<&'a Value> {
    answer["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["year"] == year && row[by] == key)
}

#[tokio::test]
async fn enrolments_by_employment_status_hide_small_numbers_and_only_analysts_and_admins_see_them()
{
    let server = TestServer::start().await;
    enrol_cohort(
        &server,
        &[("employed", 7), ("job_seeker", 3), ("unknown", 2)],
    )
    .await;
    let path = "/api/v1/statistics/enrolments?from=2025&to=2025";

    // People are not open data.
    let (status, refused) = server.send(Method::GET, path, None, None).await;
    assert_eq!(status, 401, "{refused}");
    let (status, refused) = server
        .send(Method::GET, path, Some(&server.issuer_token), None)
        .await;
    assert_eq!(status, 403, "{refused}");

    let (status, answer) = server
        .send(Method::GET, path, Some(&server.analyst_token), None)
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["id"], "enrolments");
    assert_eq!(answer["filters"]["by"], "employment_status");
    assert_eq!(answer["suppression"]["threshold"], 5);
    let keys: Vec<&str> = answer["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|column| column["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["year", "employment_status", "label", "count"]);
    assert!(
        answer["columns"]
            .as_array()
            .unwrap()
            .iter()
            .all(|column| !column["definition"].as_str().unwrap().is_empty())
    );
    assert_eq!(
        row(&answer, 2025, "employed", "employment_status").unwrap()["count"],
        7
    );
    for small in ["job_seeker", "unknown"] {
        assert_eq!(
            row(&answer, 2025, small, "employment_status").unwrap()["count"],
            json!({"suppressed": true}),
            "{answer}"
        );
    }
    let text = answer.to_string();
    assert!(
        !text.contains("Learner 1") && !text.contains("@example.org"),
        "nothing personal: {text}"
    );
    // The year's total is shown; it cannot reveal one small cell because two are hidden.
    let totals = answer["totals"].as_array().unwrap();
    let year_total = totals
        .iter()
        .find(|row| row["year"] == 2025 && row["employment_status"] == "all")
        .unwrap();
    assert_eq!(year_total["count"], 12);

    // The same as CSV, with "<5".
    let response = server
        .client
        .get(server.url(&format!("{path}&format=csv")))
        .bearer_auth(&server.analyst_token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    assert!(
        csv.starts_with("year,employment_status,label,count\n"),
        "{csv}"
    );
    assert!(csv.contains("2025,employed,Employed,7\n"), "{csv}");
    assert!(csv.contains("2025,job_seeker,Job-seeker,<5\n"), "{csv}");

    // A provider admin sees their own provider's, another provider's admin nothing of it.
    let (_, own) = server
        .send(Method::GET, path, Some(&server.own_token), None)
        .await;
    assert_eq!(
        row(&own, 2025, "employed", "employment_status").unwrap()["count"],
        7
    );
    let (status, other) = server
        .send(Method::GET, path, Some(&server.other_token), None)
        .await;
    assert_eq!(status, 200, "{other}");
    assert!(other["rows"].as_array().unwrap().is_empty(), "{other}");

    // Grouped: working 7, not working 3 (hidden), unknown 2 (hidden).
    let (_, grouped) = server
        .send(
            Method::GET,
            &format!("{path}&by=employment_group"),
            Some(&server.analyst_token),
            None,
        )
        .await;
    assert_eq!(
        row(&grouped, 2025, "working", "employment_group").unwrap()["count"],
        7,
        "{grouped}"
    );
    let _ = OTHER;
}

#[tokio::test]
async fn offering_overviews_are_open_data_and_bad_parameters_are_named() {
    let server = TestServer::start().await;
    enrol_cohort(&server, &[("employed", 1)]).await;
    let (status, list) = server.get("/api/v1/statistics").await;
    assert_eq!(status, 200);
    let public: Vec<&str> = list["overviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|overview| overview["id"].as_str().unwrap())
        .collect();
    assert_eq!(public, ["offerings", "offering-growth"]);
    let (_, all) = server
        .send(
            Method::GET,
            "/api/v1/statistics",
            Some(&server.analyst_token),
            None,
        )
        .await;
    assert_eq!(all["overviews"].as_array().unwrap().len(), 10);

    let (status, growth) = server
        .get("/api/v1/statistics/offering-growth?from=2024&to=2026&by=total")
        .await;
    assert_eq!(status, 200, "{growth}");
    assert!(
        growth["suppression"].is_null(),
        "offerings are not people: {growth}"
    );
    let offered_2026 = growth["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["year"] == 2026)
        .unwrap();
    assert_eq!(offered_2026["active"], 1, "{growth}");
    assert_eq!(offered_2026["new"], 1, "{growth}");

    let (status, list) = server
        .get("/api/v1/statistics/offerings?from=2026&to=2026")
        .await;
    assert_eq!(status, 200, "{list}");
    assert_eq!(list["rows"].as_array().unwrap().len(), 1, "{list}");

    for (path, status, element) in [
        ("/api/v1/statistics/offerings?from=twenty", 400, "from"),
        (
            "/api/v1/statistics/offerings?from=2026&to=2020",
            400,
            "from",
        ),
        ("/api/v1/statistics/offerings?year=fiscal", 400, "year"),
        ("/api/v1/statistics/offerings?colour=red", 400, "colour"),
        ("/api/v1/statistics/offerings?eqf=9", 400, "eqf"),
        ("/api/v1/statistics/offerings?format=pdf", 400, "format"),
        ("/api/v1/statistics/offering-growth?by=learner", 422, "by"),
    ] {
        let (code, body) = server.get(path).await;
        assert_eq!(code, status, "{path}: {body}");
        let named = body["element"] == element
            || body["errors"]
                .as_array()
                .is_some_and(|errors| errors.iter().any(|e| e["element"] == element));
        assert!(named, "{path}: {body}");
    }
    let (status, _) = server.get("/api/v1/statistics/learners").await;
    assert_eq!(status, 404);

    // The workbook: anyone gets the overviews about offerings, an analyst every overview.
    for (token, sheets) in [(None, 3), (Some(server.analyst_token.as_str()), 11)] {
        let mut request = server
            .client
            .get(server.url("/api/v1/statistics/workbook.xlsx?from=2024&to=2026"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains("spreadsheetml")
        );
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"PK"), "a zip");
        let zip = String::from_utf8_lossy(&bytes);
        assert_eq!(
            (1..=sheets)
                .filter(|n| zip.contains(&format!("xl/worksheets/sheet{n}.xml")))
                .count(),
            sheets,
            "{sheets} sheets"
        );
        assert!(!zip.contains(&format!("xl/worksheets/sheet{}.xml", sheets + 1)));
    }
}
