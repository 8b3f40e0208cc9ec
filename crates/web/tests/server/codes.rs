//! The one error-code table holds: the README's table is the table (regenerate it with
//! `MICROCRED_BLESS=1 cargo test -p web --test server codes`), the OpenAPI document lists every
//! code, and a database that cannot be reached is a 503 `store_unavailable`, never a 404.

use crate::common::{OWN, TestServer};

const START: &str = "<!-- error-codes: generated from crates/web/src/codes.rs -->\n";
const END: &str = "<!-- /error-codes -->";

#[test]
fn the_readme_carries_the_error_code_table() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (before, rest) = readme
        .split_once(START)
        .expect("the README marks the table");
    let (table, after) = rest.split_once(END).expect("the README ends the table");
    let expected = web::codes::markdown();
    if table != expected {
        if std::env::var_os("MICROCRED_BLESS").is_some() {
            std::fs::write(&path, format!("{before}{START}{expected}{END}{after}")).unwrap();
        } else {
            panic!(
                "README.md's error-code table differs from crates/web/src/codes.rs; run \
                 MICROCRED_BLESS=1 cargo test -p web --test server codes\n{expected}"
            );
        }
    }
}

#[tokio::test]
async fn the_openapi_document_lists_every_code() {
    let server = TestServer::start().await;
    let (status, document) = server
        .send(reqwest::Method::GET, "/api/openapi.json", None, None)
        .await;
    assert_eq!(status, 200);
    let listed = document["components"]["schemas"]["ApiError"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .clone();
    let checks = document["paths"]["/api/v1/verify"]["post"]["x-check-failure-codes"]
        .as_array()
        .unwrap()
        .clone();
    for row in web::codes::rows() {
        let in_errors = listed.iter().any(|code| code == row.code);
        let in_checks = checks.iter().any(|entry| entry["code"] == row.code);
        assert!(
            in_errors || in_checks,
            "`{}` is not in the OpenAPI document",
            row.code
        );
        assert_eq!(in_errors, row.status != "200", "{}", row.code);
    }
}

#[tokio::test]
async fn a_database_that_cannot_be_reached_is_503_not_404() {
    let server = TestServer::start().await;
    let offering = server
        .published_offering(&server.own_token, OWN, |_| {})
        .await;
    let (status, _) = server
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/offerings/{offering}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    server.state.app.close().await;
    for path in [
        format!("/api/v1/offerings/{offering}"),
        "/api/v1/offerings/of-does-not-exist".to_owned(),
        format!("/api/v1/offerings/{offering}/versions"),
    ] {
        let (status, body) = server.send(reqwest::Method::GET, &path, None, None).await;
        assert_eq!(status, 503, "{path}: {body}");
        assert_eq!(body["code"], "store_unavailable", "{path}: {body}");
    }
    // Signed-in calls too: the token cannot be checked, which is not "unauthenticated".
    let (status, body) = server
        .send(
            reqwest::Method::GET,
            "/api/v1/enrolments/enr-0000000000000001",
            Some(&server.issuer_token),
            None,
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (503, Some("store_unavailable")),
        "{body}"
    );
}
