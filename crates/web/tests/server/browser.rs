//! The register in a real headless Chromium: search the catalogue, open an offering, sign in,
//! create an offering through the form (first with a missing element), publish it and find it.
//! Screenshots are kept in the artefacts directory (`MICROCRED_ARTIFACTS_DIR`, see DEVELOPERS.md).

use serde_json::json;

use crate::common::{OWN, TestServer};
use crate::webdriver::{Browser, available};

#[tokio::test]
async fn a_visitor_searches_and_a_provider_admin_creates_an_offering_in_chromium() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    server
        .published_offering(&server.own_token, OWN, |d| {
            d["title"] =
                json!({"nl": "Cursus lassen voor beginners", "en": "Welding course for beginners"});
        })
        .await;
    server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let browser = Browser::start(&chromium, &chromedriver).await;

    // A visitor searches in Dutch: the plural finds the singular.
    browser.goto(&server.url("/?lang=nl")).await;
    browser.type_into("#q", "cursussen lassen").await;
    browser.click("#search-form button[type=submit]").await;
    browser.wait_for_url("q=cursussen").await;
    let found = browser.wait_for_count(".card-title a", 1).await;
    assert_eq!(
        found,
        1,
        "one offering matches: {}",
        browser.page_text().await
    );
    browser.screenshot("01-search-results").await;

    // …opens it and sees its Annex I elements labelled.
    browser.click(".card-title a").await;
    browser.wait_for_url("/offerings/of-").await;
    let page = browser.page_text().await;
    assert!(page.contains("Cursus lassen voor beginners"), "{page}");
    assert!(page.contains("EQF"), "{page}");
    browser.screenshot("02-offering-detail").await;

    // …switches to English.
    browser.click("a.lang-switch").await;
    browser.wait_for_url("lang=en").await;
    let page = browser.page_text().await;
    assert!(page.contains("Welding course for beginners"), "{page}");
    browser.screenshot("03-offering-detail-en").await;

    // A provider admin signs in with a token.
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#token", &server.own_token).await;
    browser.click("#sign-in-token button[type=submit]").await;
    let url = browser.wait_for_url("/admin").await;
    assert!(url.ends_with("/admin"), "{url}");
    browser.screenshot("04-admin").await;

    // The form refuses an offering without a title and says so next to the field.
    browser
        .click("a.button[href^='/admin/offerings/new']")
        .await;
    browser.wait_for_url("/admin/offerings/new").await;
    assert_eq!(browser.wait_for_count("#f-title-nl", 1).await, 1);
    browser.type_into("#f-workload-ects", "4").await;
    browser.select("#f-level-eqf", "5").await;
    browser.select("#f-isced", "041").await;
    browser.click("#f-assessment-types-project").await;
    browser.select("#f-participation-mode", "online").await;
    browser
        .select("#f-participation-setting", "non_formal")
        .await;
    browser.click("#f-languages-nl").await;
    let outcome = "De deelnemer stelt een projectplan op.";
    browser.type_into("#f-lo0-nl", outcome).await;
    browser.click(".form-actions button[type=submit]").await;
    let summaries = browser.wait_for_count(".error-summary", 1).await;
    assert_eq!(
        summaries,
        1,
        "no error summary: {}",
        browser.page_text().await
    );
    browser.screenshot("05-form-missing-title").await;

    // Fixed, it is created, published and found by anyone.
    let title = "Cursus projectplanning voor kmo's";
    browser.type_into("#f-title-nl", title).await;
    browser.click(".form-actions button[type=submit]").await;
    let url = browser.wait_for_url("/offerings/of-").await;
    assert!(url.contains("/offerings/of-"), "{url}");
    assert!(browser.page_text().await.contains(title));
    browser.click("form[action$='/publish'] button").await;
    let withdraw = browser
        .wait_for_count("form[action$='/withdraw'] button", 1)
        .await;
    assert_eq!(withdraw, 1, "{}", browser.page_text().await);
    browser.screenshot("06-created-and-published").await;
    browser.goto(&server.url("/?q=projectplanning")).await;
    let found = browser.wait_for_count(".card-title a", 1).await;
    assert_eq!(found, 1, "{}", browser.page_text().await);
    browser.screenshot("07-found-in-catalogue").await;

    browser.quit().await;
}

/// design.md §8 walk: an issuer uploads a results file, the credential appears, the
/// verification page shows every check green; after revocation it shows the revocation.
#[tokio::test]
async fn an_issuer_uploads_results_and_a_verifier_sees_the_credential_then_its_revocation() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    server
        .published_offering(&server.own_token, OWN, |d| {
            d["title"] = json!({"nl": "Microcredential veilig lassen", "en": "Safe welding micro-credential"});
        })
        .await;
    let results = crate::webdriver::artifacts_dir().join("results-upload.csv");
    std::fs::write(
        &results,
        "student_number,given_names,family_names,email,employment_status,passed,grade,grading_scheme,assessed_on,issue\n\
         r100,Lotte,Claes,lotte@example.org,employed,yes,17,0-20,2026-02-20,yes\n\
         r101,Sander,Maes,not-an-address,job_seeker,yes,12,0-20,2026-02-20,yes\n",
    )
    .unwrap();
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#token", &server.issuer_token).await;
    browser.click("#sign-in-token button[type=submit]").await;
    browser.wait_for_url("/admin").await;

    // The issuer uploads the results file on the learners page.
    browser.goto(&server.url("/admin/learners")).await;
    assert_eq!(
        browser.wait_for_count("#upload-form", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    browser.screenshot("10-learners-page").await;
    browser.choose_file("#f-file", &results).await;
    browser.click("#upload-form button[type=submit]").await;
    browser.wait_for_url("/admin/imports/").await;
    assert_eq!(
        browser
            .wait_for_count(".job-state[data-finished=true]", 1)
            .await,
        1
    );
    let page = browser.page_text().await;
    assert!(page.contains("Done"), "{page}");
    assert_eq!(browser.text("#applied").await, "1", "{page}");
    assert_eq!(browser.text("#failed").await, "1", "{page}");
    assert_eq!(browser.text("#issued").await, "1", "{page}");
    assert!(browser.text("#problems").await.contains("email"), "{page}");
    browser.screenshot("11-import-done-with-a-bad-row").await;

    // The credential appears on the credentials page and verifies with every check green.
    browser.goto(&server.url("/admin/credentials")).await;
    assert_eq!(browser.wait_for_count("#credentials tbody tr", 1).await, 1);
    assert!(browser.text("#credentials").await.contains("Lotte Claes"));
    browser.screenshot("12-credentials").await;
    browser.goto(&server.url("/admin/learners")).await;
    browser
        .click("#enrolments a[href^='/admin/enrolments/']")
        .await;
    browser.wait_for_url("/admin/enrolments/").await;
    assert_eq!(browser.wait_for_count("#result-form", 1).await, 1);
    assert!(browser.page_text().await.contains("Lotte Claes"));
    browser.screenshot("12b-enrolment").await;
    browser.goto(&server.url("/admin/credentials")).await;
    browser.click("#credentials a[href^='/verify/']").await;
    browser.wait_for_url("/verify/").await;
    assert_eq!(
        browser.wait_for_count(".verdict-valid", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    assert_eq!(
        browser.count(".report-check-passed").await,
        7,
        "{}",
        browser.page_text().await
    );
    assert_eq!(browser.count(".report-check-failed").await, 0);
    let page = browser.page_text().await;
    assert!(
        page.contains("Safe welding micro-credential")
            || page.contains("Microcredential veilig lassen"),
        "{page}"
    );
    assert!(
        page.contains("Every mandatory Annex I element is present"),
        "{page}"
    );
    let verify_url = browser.current_url().await;
    browser.screenshot("13-verification-valid").await;

    // The issuer revokes it, with a reason; the verification page now says so.
    browser.goto(&server.url("/admin/credentials")).await;
    browser.wait_for_count("#credentials tbody tr", 1).await;
    browser
        .type_into("#credentials input.reason", "issued by mistake")
        .await;
    browser
        .click("#credentials button[formaction$='/revoke']")
        .await;
    // Revocation is final: the page asks again, with the reason kept.
    assert_eq!(browser.wait_for_count("#revoke-confirm", 1).await, 1);
    assert!(browser.page_text().await.contains("Lotte Claes"));
    browser.screenshot("14a-revoke-confirm").await;
    browser.click("#revoke-confirm button[type=submit]").await;
    browser.wait_for_count(".badge-state-revoked", 1).await;
    browser.screenshot("14-revoked-in-list").await;
    browser.goto(&verify_url).await;
    assert_eq!(browser.wait_for_count(".verdict-invalid", 1).await, 1);
    let status = browser.text(".report-check-failed").await;
    assert!(status.contains("revoked"), "{status}");
    browser.screenshot("15-verification-revoked").await;

    // Anyone can paste the credential on the verification page too.
    browser.goto(&server.url("/verify?lang=nl")).await;
    let credential = {
        let (_, listed) = server
            .send(
                reqwest::Method::GET,
                "/api/v1/credentials",
                Some(&server.issuer_token),
                None,
            )
            .await;
        serde_json::to_string(&listed["items"][0]["credential"]).unwrap()
    };
    browser.type_into("#f-credential", &credential).await;
    browser.click("#verify-form button[type=submit]").await;
    assert_eq!(
        browser.wait_for_count(".verdict-invalid", 1).await,
        1,
        "{}",
        browser.page_text().await
    );
    assert!(browser.page_text().await.contains("Niet geldig"));
    browser.screenshot("16-verification-pasted-nl").await;
    browser.quit().await;
}

#[tokio::test]
async fn an_analyst_filters_an_overview_sees_its_chart_and_downloads_the_workbook_in_chromium() {
    let Some((chromium, chromedriver)) = available() else {
        return;
    };
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let mut number = 0;
    for (year, counts) in [
        ("2023", [6, 5, 5]),
        ("2024", [9, 6, 5]),
        ("2025", [12, 7, 6]),
    ] {
        for (status, count) in ["employed", "job_seeker", "student"]
            .into_iter()
            .zip(counts)
        {
            for _ in 0..count {
                number += 1;
                let (code, body) = server
                    .send(reqwest::Method::POST, "/api/v1/enrolments", Some(&server.issuer_token), Some(&json!({
                        "offering_id": offering,
                        "learner": {"full_name": format!("Chart {number}"), "email": format!("c{number}@example.org")},
                        "employment_status": status,
                        "enrolled_on": format!("{year}-11-02"),
                    })))
                    .await;
                assert_eq!(code, 201, "{body}");
            }
        }
    }
    let browser = Browser::start(&chromium, &chromedriver).await;
    browser.goto(&server.url("/sign-in?lang=en")).await;
    browser.type_into("#token", &server.analyst_token).await;
    browser.click("#sign-in-token button[type=submit]").await;
    browser.wait_for_url("/statistics").await;
    assert_eq!(
        browser.count("a[href='/admin/learners']").await,
        0,
        "nothing to administer"
    );

    browser.goto(&server.url("/statistics?lang=en")).await;
    assert_eq!(
        browser.count("#overviews li").await,
        10,
        "{}",
        browser.page_text().await
    );
    browser.screenshot("30-statistics").await;
    browser.click("a[href='/statistics/enrolments']").await;
    browser.wait_for_url("/statistics/enrolments").await;
    // Filter: academic years 2023–24 to 2025–26, grouped into working and not working.
    browser.type_into("#f-from", "2023").await;
    browser.type_into("#f-to", "2025").await;
    browser.select("#f-year", "academic").await;
    browser.select("#f-by", "employment_group").await;
    browser.click("#filters button[type=submit]").await;
    browser.wait_for_url("by=employment_group").await;
    assert_eq!(
        browser.count("svg.chart.bars g.legend-item").await,
        2,
        "a stacked bar per year of working and not working"
    );
    let table = browser.text("#statistics-table").await;
    assert!(
        table.contains("working") && table.contains("2025–26"),
        "{table}"
    );
    browser.screenshot("31-enrolments-by-group-academic").await;

    browser
        .goto(&server.url("/statistics/parliament?lang=en"))
        .await;
    assert_eq!(browser.count("section.question").await, 6);
    assert!(
        browser
            .page_text()
            .await
            .contains("of enrolled learners were working")
    );
    browser.screenshot("32-parliament").await;

    // The workbook, fetched by the page's own link with the page's session.
    let downloaded = browser
        .script_async(
            "fetch(document.querySelector('#parliament-workbook').href).then(r => r.arrayBuffer()).then(b => { let s = ''; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); done(btoa(s)); });",
        )
        .await;
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(downloaded.as_str().unwrap())
        .unwrap();
    std::fs::write(
        crate::webdriver::artifacts_dir().join("parliament.xlsx"),
        &bytes,
    )
    .unwrap();
    use calamine::Reader as _;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names.first().map(String::as_str),
        Some("About"),
        "{names:?}"
    );
    assert!(names.iter().any(|name| name == "enrolments"), "{names:?}");
    let enrolments = book.worksheet_range("enrolments").unwrap();
    assert!(
        enrolments
            .rows()
            .any(|row| row.contains(&calamine::Data::Float(25.0))),
        "the 25 enrolments of 2025 as a number"
    );
    browser.quit().await;
}
