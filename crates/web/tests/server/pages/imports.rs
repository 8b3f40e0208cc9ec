//! The list of a provider's imports (`/admin/imports`) and the page header naming the provider:
//! an issuer sees their provider's jobs with their counts, in Dutch and English, and never
//! another provider's; the header shows the provider's name, not its identifier.

use super::{get, sign_in};
use crate::common::{OWN, TestServer};

#[tokio::test]
async fn an_issuer_lists_the_providers_imports_and_sees_the_provider_by_name() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let file = "student_number;given_names;family_names;passed;assessed_on\n\
                imp-1;An;Peeters;yes;2026-02-01\n\
                imp-2;Bo;Maes;yes;13/02/2026\n";
    let response = server
        .client
        .post(server.url(&format!(
            "/api/v1/imports?offering={offering}&kind=results&file_name=spring-results.csv"
        )))
        .bearer_auth(&server.issuer_token)
        .header("content-type", "text/csv")
        .body(file)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    let cookie = sign_in(&server, &server.issuer_token).await;
    let page = get(&server, "/admin/imports?lang=nl", Some(&cookie)).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("spring-results.csv"), "{}", page.body);
    assert!(
        page.body.contains("<strong>1</strong>"),
        "the failed row is counted"
    );
    assert!(page.body.contains("Bestand"));
    // The header names the provider, not its slug.
    assert!(
        page.body.contains("Hogeschool Scheldeland"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&format!(" {OWN}<")), "{}", page.body);

    // The job's page explains the bad row in Dutch.
    let job = page
        .body
        .split("href=\"/admin/imports/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let detail = get(
        &server,
        &format!("/admin/imports/{job}?lang=nl"),
        Some(&cookie),
    )
    .await;
    assert_eq!(detail.status, 200);
    assert!(
        detail.body.contains("Geen geldige datum"),
        "{}",
        detail.body
    );
    let english = get(
        &server,
        &format!("/admin/imports/{job}?lang=en"),
        Some(&cookie),
    )
    .await;
    assert!(english.body.contains("is not a date"), "{}", english.body);

    // Another provider's issuer sees none of it.
    let other = sign_in(&server, &server.other_issuer_token).await;
    let page = get(&server, "/admin/imports?lang=en", Some(&other)).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("spring-results.csv"));
    assert!(page.body.contains("No imports for this provider yet."));
    let refused = get(&server, &format!("/admin/imports/{job}"), Some(&other)).await;
    assert_eq!(refused.status, 403);
}
