//! Long lists: the credentials and enrolments of an offering with 120 learners, paged by cursor
//! through the API (every item once, a foreign or hand-made cursor refused with the element
//! named) and through the admin pages (50 a page, "Showing 51–100 of 120", next and first
//! links, learner search by name and student number); and revocation that asks again.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{get, pairs, post, sign_in};
use crate::common::{OWN, TestServer};

const LEARNERS: usize = 120;

/// An offering whose 120 learners all passed and hold a credential; learner 77 is Émile
/// Peeters-Ça_va.
async fn offering_with_learners(server: &TestServer) -> String {
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let mut file = String::from(
        "student_number,given_names,family_names,passed,grade,grading_scheme,assessed_on,issue\n",
    );
    for number in 0..LEARNERS {
        let (given, family) = if number == 77 {
            ("Émile".to_owned(), "Peeters-Ça_va".to_owned())
        } else {
            (format!("Learner{number}"), "Janssens".to_owned())
        };
        file.push_str(&format!(
            "r{number:04},{given},{family},yes,15,0-20,2026-02-20,yes\n"
        ));
    }
    let response = server
        .client
        .post(server.url(&format!(
            "/api/v1/imports?offering={offering}&kind=results&file_name=cohort.csv"
        )))
        .bearer_auth(&server.issuer_token)
        .header("content-type", "text/csv")
        .body(file)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let job: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{job}");
    assert_eq!(job["issued_credentials"], LEARNERS, "{job}");
    offering
}

async fn api(server: &TestServer, path: &str) -> (u16, Value) {
    server
        .send(reqwest::Method::GET, path, Some(&server.issuer_token), None)
        .await
}

#[tokio::test]
async fn long_lists_page_by_cursor_in_the_api_and_the_pages() {
    let server = TestServer::start().await;
    let offering = offering_with_learners(&server).await;

    // API: every credential once over three pages; the last page has no `next`.
    let mut ids = Vec::new();
    let mut path = "/api/v1/credentials?limit=50".to_owned();
    for page in 0.. {
        let (status, body) = api(&server, &path).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["total"], LEARNERS);
        ids.extend(
            body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["id"].as_str().unwrap().to_owned()),
        );
        match body["next"].as_str() {
            Some(next) => path = format!("/api/v1/credentials?limit=50&after={next}"),
            None => {
                assert_eq!(page, 2, "three pages of 50, 50 and 20");
                break;
            }
        }
    }
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (LEARNERS, LEARNERS));

    // A cursor that was not made by this listing is refused, naming the parameter.
    let (_, enrolments) = api(&server, "/api/v1/enrolments?limit=1").await;
    let enrolment_cursor = enrolments["next"].as_str().unwrap().to_owned();
    for bad in [enrolment_cursor.as_str(), "zz", "abc", "00"] {
        let (status, body) = api(&server, &format!("/api/v1/credentials?after={bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert_eq!(body["code"], "invalid_query_parameter", "{body}");
        assert_eq!(body["element"], "after", "{body}");
    }
    // Learner search: accents and case as typed, student numbers for enrolments.
    let (_, found) = api(&server, "/api/v1/credentials?q=EMILE%20peeters").await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["items"][0]["learner_name"], "Émile Peeters-Ça_va");
    let (_, found) = api(
        &server,
        &format!("/api/v1/enrolments?offering={offering}&q=r0077"),
    )
    .await;
    assert_eq!(found["total"], 1, "{found}");
    let (status, body) = api(
        &server,
        &format!("/api/v1/enrolments?q={}", "x".repeat(201)),
    )
    .await;
    assert_eq!(
        (status, body["element"].as_str()),
        (400, Some("q")),
        "{body}"
    );

    // Pages: 50 a page with where we are, next and first links.
    let cookie = sign_in(&server, &server.issuer_token).await;
    let first = get(&server, "/admin/credentials?lang=en", Some(&cookie)).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.body.matches("data-credential=").count(), 50);
    assert!(first.body.contains("Showing 1–50 of 120"), "{}", first.body);
    assert!(!first.body.contains("id=\"pager-first\""));
    let next = link(&first.body, "pager-next");
    let second = get(&server, &next, Some(&cookie)).await;
    assert!(
        second.body.contains("Showing 51–100 of 120"),
        "{}",
        second.body
    );
    assert!(second.body.contains("id=\"pager-first\""));
    let third = get(&server, &link(&second.body, "pager-next"), Some(&cookie)).await;
    assert!(
        third.body.contains("Showing 101–120 of 120"),
        "{}",
        third.body
    );
    assert_eq!(third.body.matches("data-credential=").count(), 20);
    assert!(!third.body.contains("id=\"pager-next\""));
    let shown: BTreeSet<String> = [&first.body, &second.body, &third.body]
        .iter()
        .flat_map(|body| body.split("data-credential=\"").skip(1))
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        shown.len(),
        LEARNERS,
        "every credential on exactly one page"
    );
    // A broken cursor in a bookmark starts at the top instead of failing.
    let bookmark = get(
        &server,
        "/admin/credentials?lang=en&after=zz&from=50",
        Some(&cookie),
    )
    .await;
    assert!(
        bookmark.body.contains("Showing 1–50 of 120"),
        "{}",
        bookmark.body
    );

    let search = get(&server, "/admin/credentials?lang=en&q=emile", Some(&cookie)).await;
    assert_eq!(search.body.matches("data-credential=").count(), 1);
    assert!(search.body.contains("Showing 1–1 of 1"), "{}", search.body);
    let none = get(
        &server,
        "/admin/credentials?lang=nl&q=niemand",
        Some(&cookie),
    )
    .await;
    assert!(
        none.body.contains("Niets gevonden voor “niemand”"),
        "{}",
        none.body
    );

    let learners = get(
        &server,
        &format!("/admin/learners?offering={offering}&lang=nl"),
        Some(&cookie),
    )
    .await;
    assert_eq!(learners.body.matches("/admin/enrolments/enr-").count(), 50);
    assert!(
        learners.body.contains("Getoond: 1–50 van 120"),
        "{}",
        learners.body
    );
    let by_number = get(
        &server,
        &format!("/admin/learners?offering={offering}&lang=en&q=r0077"),
        Some(&cookie),
    )
    .await;
    assert_eq!(by_number.body.matches("/admin/enrolments/enr-").count(), 1);
    assert!(
        by_number.body.contains("Émile Peeters-Ça_va"),
        "{}",
        by_number.body
    );
    assert!(
        by_number.body.contains("passed (15 / 0-20)"),
        "the result is shown: {}",
        by_number.body
    );
}

#[tokio::test]
async fn revoking_from_the_page_asks_again_and_only_then_revokes() {
    let server = TestServer::start().await;
    offering_with_learners(&server).await;
    let (_, listed) = api(&server, "/api/v1/credentials?q=emile").await;
    let id = listed["items"][0]["id"].as_str().unwrap().to_owned();
    let cookie = sign_in(&server, &server.issuer_token).await;
    let csrf = get(&server, "/admin/credentials?lang=en", Some(&cookie))
        .await
        .csrf();

    let asked = post(
        &server,
        &format!("/admin/credentials/{id}/revoke?lang=en"),
        Some(&cookie),
        &pairs(&[("csrf", &csrf), ("reason", "fraud in the exam")]),
    )
    .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(
        asked.body.contains("Revoke this credential?"),
        "{}",
        asked.body
    );
    assert!(asked.body.contains("Émile Peeters-Ça_va"));
    assert!(asked.body.contains("value=\"fraud in the exam\""));
    assert!(asked.body.contains("name=\"confirm\" value=\"yes\""));
    let (_, still) = api(&server, &format!("/api/v1/credentials/{id}")).await;
    assert_eq!(
        still["status"], "active",
        "nothing changes before the second answer"
    );

    let revoked = post(
        &server,
        &format!("/admin/credentials/{id}/revoke"),
        Some(&cookie),
        &pairs(&[
            ("csrf", &csrf),
            ("confirm", "yes"),
            ("reason", "fraud in the exam"),
        ]),
    )
    .await;
    assert_eq!(revoked.status, 303, "{}", revoked.body);
    let (_, now) = api(&server, &format!("/api/v1/credentials/{id}")).await;
    assert_eq!(now["status"], "revoked");
    assert_eq!(now["status_reason"], "fraud in the exam");
}

/// The `href` of the element with `id`, unescaped, in English (a browser keeps the language
/// in a cookie; these requests carry only the session).
fn link(body: &str, id: &str) -> String {
    let at = body.find(&format!("id=\"{id}\"")).unwrap();
    let start = body[..at].rfind("href=\"").unwrap() + "href=\"".len();
    let href = body[start..].split('"').next().unwrap();
    format!(
        "{}&lang=en",
        href.replace("&#38;", "&").replace("&amp;", "&")
    )
}
