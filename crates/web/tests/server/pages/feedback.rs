//! Learners' feedback on the pages: the wallet offers a rating form for what was assessed and
//! saves it; the provider's feedback page shows only the number of answers below five.

use reqwest::Method;

use super::{get, pairs, post, sign_in};
use crate::common::{OWN, TestServer};

#[tokio::test]
async fn the_wallet_rates_what_was_assessed_and_the_provider_sees_only_the_count_below_five() {
    let server = TestServer::start().await;
    let (offering, credential) = crate::issuing::issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "rater@example.org",
    )
    .await;
    let session = server.learner("Rater", "rater@example.org").await;
    let cookie = format!("mc_session={session}");
    let csrf = web::pages::csrf_token(&session);
    let wallet = get(&server, "/wallet?lang=en", Some(&cookie)).await;
    assert_eq!(wallet.status, 200);
    assert!(wallet.body.contains("Give your view"), "{}", wallet.body);
    let (_, record) = server
        .send(
            Method::GET,
            &format!("/api/v1/credentials/{}", credential["id"].as_str().unwrap()),
            Some(&server.own_token),
            None,
        )
        .await;
    let enrolment = record["enrolment_id"].as_str().unwrap().to_owned();
    assert!(
        wallet
            .body
            .contains(&format!("/wallet/feedback/{enrolment}"))
    );

    // A score out of range is refused on the page, with the field named; a good one is saved.
    let mut fields = pairs(&[
        ("csrf", &csrf),
        ("overall", "9"),
        ("content", "4"),
        ("teaching", "4"),
        ("assessment", "5"),
        ("workload", "1"),
        ("comment", "Useful."),
    ]);
    let path = format!("/wallet/feedback/{enrolment}?lang=en");
    let refused = post(&server, &path, Some(&cookie), &fields).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("overall"), "{}", refused.body);
    fields[1].1 = "4".to_owned();
    let saved = post(&server, &path, Some(&cookie), &fields).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        saved.body.contains("Your answer is saved"),
        "{}",
        saved.body
    );
    assert!(saved.body.contains("answered"), "{}", saved.body);

    // The provider's page: one answer, fewer than five, nothing else.
    let admin = sign_in(&server, &server.own_token).await;
    let page = get(
        &server,
        &format!("/admin/offerings/{offering}/feedback?lang=en"),
        Some(&admin),
    )
    .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Fewer than 5 answers"), "{}", page.body);
    assert!(!page.body.contains("Useful."), "{}", page.body);
    let other = sign_in(&server, &server.other_token).await;
    let refused = get(
        &server,
        &format!("/admin/offerings/{offering}/feedback"),
        Some(&other),
    )
    .await;
    assert_eq!(refused.status, 403);
}
