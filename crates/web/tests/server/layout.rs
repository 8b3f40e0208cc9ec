//! The pages fit the screens people use, in a real headless Chromium: at 1366 px (a common
//! office laptop) every action of the credentials list is inside the window, and at 390 px (a
//! phone) no page scrolls sideways. Screenshots of each are kept in the artefacts directory.

use serde_json::{Value, json};

use crate::common::{OWN, TestServer};
use crate::webdriver::{Browser, available};

/// Learners with long names and addresses, one credential suspended.
async fn register_with_learners(server: &TestServer) -> (String, String) {
    let offering = server
        .published_offering(&server.own_token, OWN, |d| {
            d["title"] = json!({
                "nl": "Microcredential duurzame renovatie van historische gebouwen en monumenten",
                "en": "Micro-credential in sustainable renovation of historic buildings and monuments"
            });
        })
        .await;
    let file = "student_number,given_names,family_names,email,employment_status,passed,grade,grading_scheme,assessed_on,issue\n\
         r200,Marie-Christine Alexandra,Vandenberghe-Van de Wiele,marie-christine.vandenberghe-vandewiele@student.hogeschool-scheldeland.example.org,employed,yes,17,0-20,2026-02-20,yes\n\
         r201,Sander,Maes,sander@example.org,job_seeker,yes,12,0-20,2026-02-20,yes\n\
         r202,Lotte,Claes,lotte@example.org,self_employed,yes,15,0-20,2026-02-20,yes\n";
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
    assert_eq!(response.status().as_u16(), 200);
    let (_, listed) = server
        .send(
            reqwest::Method::GET,
            "/api/v1/credentials?q=sander",
            Some(&server.issuer_token),
            None,
        )
        .await;
    let sander = listed["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) = server
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/credentials/{sander}/suspend"),
            Some(&server.issuer_token),
            Some(&json!({"reason": "complaint under investigation"})),
        )
        .await;
    assert_eq!(status, 200);
    (offering, sander)
}

/// How far the page is wider than the window, in CSS pixels (0 when it fits).
async fn overflow(browser: &Browser) -> i64 {
    let value: Value = browser
        .script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        )
        .await;
    value.as_i64().unwrap_or(i64::MAX)
}

#[tokio::test]
async fn admin_and_verification_pages_fit_at_1366_and_390_pixels() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    let (offering, credential) = register_with_learners(&server).await;
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=nl")).await;
    browser.type_into("#token", &server.issuer_token).await;
    browser.click("#sign-in-token button[type=submit]").await;
    browser.wait_for_url("/admin").await;

    let pages = [
        ("credentials", "/admin/credentials".to_owned()),
        ("learners", format!("/admin/learners?offering={offering}")),
        ("imports", "/admin/imports".to_owned()),
        ("verify", format!("/verify/{credential}")),
        ("offering", format!("/offerings/{offering}")),
        ("search", "/?q=renovatie".to_owned()),
        (
            "statistics",
            "/statistics/offering-growth?by=provider_type".to_owned(),
        ),
        ("parliament", "/statistics/parliament".to_owned()),
    ];
    let mut problems = Vec::new();
    for (width, height) in [(1366, 900), (390, 844)] {
        browser.set_window(width, height).await;
        for (name, path) in &pages {
            browser.goto(&server.url(path)).await;
            browser.wait_for_count("main", 1).await;
            let wider = overflow(&browser).await;
            if wider > 0 {
                problems.push(format!(
                    "{name} at {width} px scrolls sideways by {wider} px"
                ));
            }
            browser
                .screenshot(&format!("20-layout-{name}-{width}"))
                .await;
            // …and the part below the fold that matters on each page.
            let below = browser
                .script(
                    "const e = document.querySelector('#credentials, #enrolments, .credential-content, .report-checks');                     if (e) { e.scrollIntoView(); return true; } return false;",
                )
                .await;
            if below == Value::Bool(true) {
                browser
                    .screenshot(&format!("20-layout-{name}-{width}-rows"))
                    .await;
            }
        }
        // Every action of the credentials list is inside the window.
        browser.goto(&server.url("/admin/credentials")).await;
        browser.wait_for_count("#credentials", 1).await;
        let outside: Value = browser
            .script(
                "const width = document.documentElement.clientWidth;\
                 return [...document.querySelectorAll('#credentials button, #credentials input, #credentials a')]\
                   .filter(e => e.getBoundingClientRect().right > width + 0.5)\
                   .map(e => e.textContent || e.name);",
            )
            .await;
        if outside.as_array().is_some_and(|list| !list.is_empty()) {
            problems.push(format!("at {width} px outside the window: {outside}"));
        }
        let buttons = browser.count("#credentials button").await;
        assert!(
            buttons >= 5,
            "suspend, reinstate and revoke are offered: {buttons}"
        );
    }
    browser.quit().await;
    assert!(problems.is_empty(), "{problems:#?}");
}
