//! Form posts a browser marks as cross-site (`Origin` of another site, `Sec-Fetch-Site:
//! cross-site`) are refused with a 403 page in the reader's language before anything changes,
//! even with a valid session and form token; same-origin posts, and posts without those
//! headers, go on to the form-token check as before.

use reqwest::Method;
use reqwest::header;

use super::{Page, get, pairs, sign_in};
use crate::common::{OWN, TestServer};

const CROSS_SITE_NL: &str = "Dit verzoek kwam van een andere website";
const CROSS_SITE_EN: &str = "This request came from another website";

/// Posts a form with a session cookie and extra request headers.
async fn post_with(
    server: &TestServer,
    path: &str,
    cookie: Option<&str>,
    fields: &[(String, String)],
    headers: &[(&str, &str)],
) -> Page {
    let mut request = server
        .client
        .post(server.url(path))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(serde_urlencoded::to_string(fields).unwrap());
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

async fn offering_status(server: &TestServer, id: &str) -> String {
    let (status, offering) = server
        .send(
            Method::GET,
            &format!("/api/v1/offerings/{id}"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(status, 200, "{offering}");
    offering["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn cross_site_form_posts_are_refused_before_anything_changes() {
    let server = TestServer::start().await;
    let id = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let cookie = sign_in(&server, &server.own_token).await;
    let csrf = get(&server, "/admin", Some(&cookie)).await.csrf();
    let withdraw = format!("/admin/offerings/{id}/withdraw");
    let form = pairs(&[("csrf", &csrf)]);

    let refusals: [(&[(&str, &str)], &str); 5] = [
        (&[("origin", "https://evil.example")], CROSS_SITE_NL),
        (&[("sec-fetch-site", "cross-site")], CROSS_SITE_NL),
        (&[("origin", "null")], CROSS_SITE_NL),
        // The register's own host over another scheme is another origin.
        (
            &[("origin", &server.base.replace("http://", "https://"))],
            CROSS_SITE_NL,
        ),
        (
            &[
                ("origin", "https://evil.example"),
                ("accept-language", "en"),
            ],
            CROSS_SITE_EN,
        ),
    ];
    for (headers, text) in refusals {
        let refused = post_with(&server, &withdraw, Some(&cookie), &form, headers).await;
        assert_eq!(refused.status, 403, "{headers:?}: {}", refused.body);
        assert!(
            refused.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{headers:?}"
        );
        assert!(refused.body.contains(text), "{headers:?}: {}", refused.body);
        assert_eq!(offering_status(&server, &id).await, "published");
    }

    // A cross-site sign-in is refused too: no session is made.
    let refused = post_with(
        &server,
        "/sign-in",
        None,
        &pairs(&[("token", &server.own_token)]),
        &[("origin", "https://evil.example")],
    )
    .await;
    assert_eq!(refused.status, 403);
    assert!(refused.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn same_origin_posts_and_posts_without_origin_are_accepted() {
    let server = TestServer::start().await;
    let id = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    // Signing in sent no Origin (as curl does).
    let cookie = sign_in(&server, &server.own_token).await;
    let csrf = get(&server, "/admin", Some(&cookie)).await.csrf();
    let form = pairs(&[("csrf", &csrf)]);

    let withdrawn = post_with(
        &server,
        &format!("/admin/offerings/{id}/withdraw"),
        Some(&cookie),
        &form,
        &[("origin", &server.base), ("sec-fetch-site", "same-origin")],
    )
    .await;
    assert_eq!(withdrawn.status, 303, "{}", withdrawn.body);
    assert_eq!(offering_status(&server, &id).await, "withdrawn");

    // The register reached under another name than its public URL's: the Host it was
    // addressed by is its origin too.
    let port = server.base.rsplit(':').next().unwrap();
    let host = format!("localhost:{port}");
    let republished = post_with(
        &server,
        &format!("/admin/offerings/{id}/publish"),
        Some(&cookie),
        &form,
        &[("host", &host), ("origin", &format!("http://{host}"))],
    )
    .await;
    assert_eq!(republished.status, 303, "{}", republished.body);
    assert_eq!(offering_status(&server, &id).await, "published");

    // Without Origin the form token still decides: a post without it is refused as before.
    let tokenless = post_with(
        &server,
        &format!("/admin/offerings/{id}/withdraw"),
        Some(&cookie),
        &[],
        &[],
    )
    .await;
    assert_eq!(tokenless.status, 403);
    assert!(!tokenless.body.contains(CROSS_SITE_NL));
    assert_eq!(offering_status(&server, &id).await, "published");
}
