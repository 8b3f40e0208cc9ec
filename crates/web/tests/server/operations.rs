//! For operators (issue 14): `/health` answers while the process serves, `/ready` says the
//! database answers with the schema this program knows, and `/metrics` counts what was
//! answered — by route template, never by raw path —, how long it took, the credentials issued
//! and the verifications by outcome, the database pool; behind a bearer token when configured.

use reqwest::Method;
use serde_json::json;

use crate::common::{OWN, TestOptions, TestServer};

async fn metrics(server: &TestServer, token: Option<&str>) -> (u16, String) {
    let mut request = server.client.get(server.url("/metrics"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The value of the series `name` (its whole label set given), if present.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
}

#[tokio::test]
async fn health_readiness_and_metrics_say_what_the_server_did() {
    let server = TestServer::start().await;
    let (status, health) = server.get("/health").await;
    assert_eq!((status, health["status"].clone()), (200, json!("alive")));
    let (status, ready) = server.get("/ready").await;
    assert_eq!(status, 200, "{ready}");
    assert_eq!(ready["ready"], true);
    assert_eq!(ready["schema_version"], ready["expected_schema_version"]);

    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let credential =
        crate::issuing::credential_in(&server, &server.issuer_token, &offering, "ops@example.org")
            .await;
    for _ in 0..3 {
        let (status, _) = server.get(&format!("/api/v1/offerings/{offering}")).await;
        assert_eq!(status, 200);
    }
    let (status, _) = server.get("/api/v1/offerings/of-nothing-here").await;
    assert_eq!(status, 404);
    let report = crate::issuing::verify(&server, &credential["credential"]).await;
    assert_eq!(report["verified"], true);
    let (status, _) = server
        .send(
            Method::POST,
            "/api/v1/verify",
            None,
            Some(&json!({"not": "a credential"})),
        )
        .await;
    assert!(status < 500);

    let (status, text) = metrics(&server, None).await;
    assert_eq!(status, 200, "{text}");
    let route = "route=\"/api/v1/offerings/{id}\",method=\"GET\"";
    assert_eq!(
        value(
            &text,
            &format!("microcred_http_requests_total{{{route},status=\"200\"}}")
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        value(
            &text,
            &format!("microcred_http_requests_total{{{route},status=\"404\"}}")
        ),
        Some(1.0)
    );
    assert_eq!(
        value(
            &text,
            &format!("microcred_http_request_duration_seconds_count{{{route}}}")
        ),
        Some(4.0)
    );
    assert!(
        !text.contains(&offering),
        "no raw paths, so no ids, in the series"
    );
    assert_eq!(
        value(&text, "microcred_credentials_issued_total"),
        Some(1.0)
    );
    assert!(value(&text, "microcred_verifications_total{outcome=\"verified\"}").unwrap() >= 1.0);
    assert!(
        value(
            &text,
            "microcred_verifications_total{outcome=\"not_verified\"}"
        )
        .unwrap()
            >= 1.0
    );
    assert!(value(&text, "microcred_database_connections{state=\"open\"}").unwrap() >= 1.0);
    assert_eq!(value(&text, "microcred_import_jobs_unfinished"), Some(0.0));
    assert!(value(&text, "microcred_schema_version").unwrap() >= 22.0);
}

#[tokio::test]
async fn metrics_ask_for_their_token_when_one_is_set() {
    let server = TestServer::start_with(TestOptions {
        metrics_token: Some("scrape-secret".to_owned()),
        ..TestOptions::default()
    })
    .await;
    assert_eq!(metrics(&server, None).await.0, 401);
    assert_eq!(metrics(&server, Some("wrong")).await.0, 401);
    let (status, text) = metrics(&server, Some("scrape-secret")).await;
    assert_eq!(status, 200);
    assert!(text.contains("# TYPE microcred_http_requests_total counter"));
    // Health and readiness stay open to the load balancer.
    assert_eq!(server.get("/health").await.0, 200);
}

#[tokio::test]
async fn costly_public_endpoints_answer_429_with_retry_after_over_their_limit() {
    let server = TestServer::start_with(TestOptions {
        rate_limits: true,
        ..TestOptions::default()
    })
    .await;
    // Signing in: a burst of ten, then one every six seconds.
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..11 {
        let response = server
            .client
            .post(server.url("/oid4vci/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=password")
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        retry_after = response
            .headers()
            .get("retry-after")
            .map(|value| value.to_str().unwrap().to_owned());
        if response.status().as_u16() == 429 {
            let body: serde_json::Value = response.json().await.unwrap();
            assert_eq!(body["code"], "rate_limited", "{body}");
        }
    }
    assert_eq!(&statuses[..10], &[400; 10], "{statuses:?}");
    assert_eq!(statuses[10], 429);
    assert_eq!(retry_after.as_deref(), Some("6"));
    // Other endpoints, and other classes, are not held back by it.
    assert_eq!(server.get("/api/v1/offerings").await.0, 200);
    let (status, _) = server
        .send(Method::POST, "/api/v1/verify", None, Some(&json!({})))
        .await;
    assert_ne!(status, 429);
}
