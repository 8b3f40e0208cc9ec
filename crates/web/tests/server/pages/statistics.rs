//! The statistics pages over HTTP: the overviews about offerings for anyone, with a chart, a
//! table and its definitions; those about people only after signing in, with small numbers
//! shown as `<5` and downloads of what is shown.

use serde_json::json;

use super::{get, sign_in};
use crate::common::{OWN, TestServer};

#[tokio::test]
async fn anyone_sees_the_offer_and_an_analyst_the_people_with_small_numbers_hidden() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    // 20 employed, 8 job-seekers, 2 students: the students are hidden (<5), and so are the
    // job-seekers (x), or the year's total would give the students away.
    for number in 0..30 {
        let (status, body) = server
            .send(reqwest::Method::POST, "/api/v1/enrolments", Some(&server.issuer_token), Some(&json!({
                "offering_id": offering,
                "learner": {"full_name": format!("Page Learner {number}"), "email": format!("p{number}@example.org")},
                "employment_status": match number { 0..20 => "employed", 20..28 => "job_seeker", _ => "student" },
                "enrolled_on": "2025-10-01",
            })))
            .await;
        assert_eq!(status, 201, "{body}");
    }

    let index = get(&server, "/statistics", None).await;
    assert_eq!(index.status, 200);
    assert!(
        index.body.contains("/statistics/offering-growth"),
        "{}",
        index.body
    );
    assert!(
        !index.body.contains("/statistics/enrolments"),
        "people are not open data"
    );
    assert!(index.body.contains("id=\"suppression-rule\""));

    let growth = get(
        &server,
        "/statistics/offering-growth?from=2024&to=2026&by=total",
        None,
    )
    .await;
    assert_eq!(growth.status, 200, "{}", growth.body);
    assert!(
        growth.body.contains("<svg class=\"chart\""),
        "a chart: {}",
        growth.body
    );
    assert!(growth.body.contains("id=\"statistics-table\""));
    assert!(growth.body.contains("id=\"definitions\""));
    let refused = get(&server, "/statistics/enrolments", None).await;
    assert_eq!(refused.status, 303, "sign in first");
    let bad = get(&server, "/statistics/offering-growth?from=abc", None).await;
    assert_eq!(bad.status, 400);
    assert!(
        bad.body.contains("id=\"problem\"") && bad.body.contains("from"),
        "{}",
        bad.body
    );

    let cookie = sign_in(&server, &server.analyst_token).await;
    let index = get(&server, "/statistics", Some(&cookie)).await;
    assert!(index.body.contains("/statistics/enrolments"));
    let page = get(
        &server,
        "/statistics/enrolments?from=2025&to=2025",
        Some(&cookie),
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("<td class=\"num\">20</td>"),
        "twenty employed learners: {}",
        page.body
    );
    // The breakdown drawn as stacked bars: the employed, and the 10 the hidden counts leave of
    // the shown total as one segment (never the students' or job-seekers' own counts).
    assert!(
        page.body.contains("<svg class=\"chart bars\"")
            && page.body.contains("<title>Werknemer, 2025: 20</title>")
            && page.body.contains(", 2025: 10</title>")
            && !page.body.contains("<title>Student, 2025"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("&#60;5"),
        "two students shown as <5: {}",
        page.body
    );
    assert!(!page.body.contains("Page Learner"), "nothing personal");
    let csv = server
        .client
        .get(server.url("/statistics/enrolments/download?format=csv&from=2025&to=2025"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status().as_u16(), 200);
    let csv = csv.text().await.unwrap();
    assert!(
        csv.contains("2025,employed,") && csv.contains(",20\n"),
        "{csv}"
    );
    assert!(
        csv.contains("2025,student,") && csv.contains(",<5\n"),
        "{csv}"
    );
    assert!(
        csv.contains("2025,job_seeker,") && csv.contains(",x\n"),
        "{csv}"
    );
    let unknown = server
        .client
        .get(server.url("/statistics/enrolments/download?format=pdf"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(
        unknown.status().as_u16(),
        400,
        "an unknown format is refused"
    );
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("`pdf` is not a download format")
    );
    let anonymous = get(&server, "/statistics/enrolments/download?format=csv", None).await;
    assert_eq!(anonymous.status, 303);
}

#[tokio::test]
async fn parliaments_questions_are_quoted_and_answered_from_the_register() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    // 2024: 10 working, 6 job-seekers, 5 unknown; 2025: 14, 7, 6. Half of them work.
    let cohorts = [("2024", [10, 6, 5]), ("2025", [14, 7, 6])];
    let mut number = 0;
    for (year, counts) in cohorts {
        for (status, count) in ["employed", "job_seeker", "unknown"]
            .into_iter()
            .zip(counts)
        {
            for _ in 0..count {
                number += 1;
                let (code, body) = server
                    .send(reqwest::Method::POST, "/api/v1/enrolments", Some(&server.issuer_token), Some(&json!({
                        "offering_id": offering,
                        "learner": {"full_name": format!("Asked {number}"), "email": format!("q{number}@example.org")},
                        "employment_status": status,
                        "enrolled_on": format!("{year}-10-01"),
                    })))
                    .await;
                assert_eq!(code, 201, "{body}");
            }
        }
    }
    let page = get(&server, "/statistics/parliament?lang=en&from=2025", None).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_eq!(page.body.matches("class=\"question\"").count(), 6);
    assert!(
        page.body
            .contains("Kan de minister een overzicht bieden van het aantal studenten")
    );
    assert!(
        page.body
            .contains("Can the minister give an overview of the number of students")
    );
    assert!(
        page.body.contains("This answer counts people: sign in"),
        "people are not open data"
    );
    assert!(
        page.body.contains("class=\"reading\""),
        "the offer is read for anyone"
    );

    let cookie = sign_in(&server, &server.analyst_token).await;
    let page = get(&server, "/statistics/parliament?lang=en", Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("This answer counts people"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Enrolments: +29 % (2024–2025); 50 % of enrolled learners were working"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<svg class=\"chart\""));
    assert!(!page.body.contains("Asked 1"), "nothing personal");

    let response = server
        .client
        .get(server.url("/statistics/parliament.xlsx"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let bytes = response.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"));
    let zip = String::from_utf8_lossy(&bytes);
    assert!(
        zip.contains("xl/worksheets/sheet10.xml"),
        "an about sheet and nine answers"
    );
}
