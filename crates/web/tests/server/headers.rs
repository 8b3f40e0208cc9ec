//! Response headers every answer carries: Strict-Transport-Security only when the register is
//! served over https (public URL or secure cookies), and the content-security headers always.

use reqwest::header;

use crate::common::{TestOptions, TestServer};

const HSTS: &str = "max-age=31536000; includeSubDomains";

/// A page, an API answer, an API error, an unknown page and a static file.
const PATHS: [&str; 5] = [
    "/",
    "/api/v1/offerings",
    "/api/v1/offerings/of-missing",
    "/no-such-page",
    "/static/site.css",
];

async fn strict_transport_headers(server: &TestServer) -> Vec<(&'static str, Option<String>)> {
    let mut found = Vec::new();
    for path in PATHS {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(
            response.headers()[header::X_CONTENT_TYPE_OPTIONS],
            "nosniff",
            "{path}"
        );
        let value = response
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .map(|value| value.to_str().unwrap().to_owned());
        found.push((path, value));
    }
    found
}

#[tokio::test]
async fn every_answer_over_https_carries_strict_transport_security() {
    let by_public_url = TestServer::start_with(TestOptions {
        public_url: Some("https://register.example.eu".to_owned()),
        ..TestOptions::default()
    })
    .await;
    let by_secure_cookies = TestServer::start_with(TestOptions {
        secure_cookies: true,
        ..TestOptions::default()
    })
    .await;
    for server in [&by_public_url, &by_secure_cookies] {
        for (path, value) in strict_transport_headers(server).await {
            assert_eq!(value.as_deref(), Some(HSTS), "{path}");
        }
    }
}

#[tokio::test]
async fn no_answer_over_plain_http_carries_strict_transport_security() {
    let server = TestServer::start().await;
    for (path, value) in strict_transport_headers(&server).await {
        assert_eq!(value, None, "{path}");
    }
}
