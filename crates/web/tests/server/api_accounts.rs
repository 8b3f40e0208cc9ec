//! The accounts API with bad input: a missing field is 422 naming it, an unusable password or
//! role says why, sign-up and reset answer alike whether the address has an account, the audit
//! log refuses a malformed cursor, and `/api/v1/me` says who is calling.

use reqwest::Method;
use serde_json::json;

use crate::common::{OWN, TestServer};

#[tokio::test]
async fn the_accounts_api_answers_bad_input_with_what_is_wrong() {
    let server = TestServer::start().await;
    let sign_up = |body: serde_json::Value| {
        let server = &server;
        async move {
            server
                .send(Method::POST, "/api/v1/accounts", None, Some(&body))
                .await
        }
    };
    let (status, body) = sign_up(json!({"name": "An", "email": "an@example.be"})).await;
    assert_eq!(
        (status, body["element"].as_str()),
        (422, Some("password")),
        "{body}"
    );
    let (status, body) =
        sign_up(json!({"name": "An", "email": "an@example.be", "password": "short"})).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("at least 10"),
        "{body}"
    );
    let good = json!({"name": "An", "email": "an@example.be", "password": "correct horse battery"});
    let (first, first_body) = sign_up(good.clone()).await;
    let (again, again_body) = sign_up(good).await;
    assert_eq!((first, again), (202, 202));
    assert_eq!(
        first_body, again_body,
        "the same answer for an address with an account"
    );
    let (known, known_body) = server
        .send(
            Method::POST,
            "/api/v1/accounts/password-reset",
            None,
            Some(&json!({"email": "an@example.be"})),
        )
        .await;
    let (unknown, unknown_body) = server
        .send(
            Method::POST,
            "/api/v1/accounts/password-reset",
            None,
            Some(&json!({"email": "nobody@example.be"})),
        )
        .await;
    assert_eq!((known, unknown), (202, 202));
    assert_eq!(known_body, unknown_body);

    // Staff: a role that is not a provider's is refused and names the element.
    let staff = format!("/api/v1/providers/{OWN}/staff");
    let (status, body) = server
        .send(
            Method::POST,
            &staff,
            Some(&server.own_token),
            Some(&json!({"name": "X", "email": "x@example.be", "role": "analyst"})),
        )
        .await;
    assert_eq!(
        (status, body["element"].as_str()),
        (409, Some("role")),
        "{body}"
    );
    let (status, invited) = server
        .send(
            Method::POST,
            &staff,
            Some(&server.own_token),
            Some(&json!({"name": "Jan", "email": "jan@example.be", "role": "issuer"})),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    let (status, listed) = server
        .send(Method::GET, &staff, Some(&server.own_token), None)
        .await;
    assert_eq!(
        (status, listed["items"].as_array().unwrap().len()),
        (200, 1)
    );
    // Removing someone who is not this provider's staff is 404; the right one 204, then 404.
    let (status, _) = server
        .send(
            Method::DELETE,
            &format!("{staff}/acc-unknown"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(status, 404);
    let member = format!("{staff}/{}", invited["id"].as_str().unwrap());
    let (status, _) = server
        .send(Method::DELETE, &member, Some(&server.own_token), None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = server
        .send(Method::DELETE, &member, Some(&server.own_token), None)
        .await;
    assert_eq!(status, 404);

    // The audit log pages and refuses a malformed cursor or limit.
    let audit = format!("/api/v1/audit?provider={OWN}");
    let (status, log) = server
        .send(Method::GET, &audit, Some(&server.own_token), None)
        .await;
    assert_eq!(status, 200, "{log}");
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["staff.remove", "staff.invite"]);
    for bad in ["before=yesterday", "limit=0", "limit=501"] {
        let (status, body) = server
            .send(
                Method::GET,
                &format!("{audit}&{bad}"),
                Some(&server.own_token),
                None,
            )
            .await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
    let (status, _) = server
        .send(Method::GET, "/api/v1/audit", Some(&server.own_token), None)
        .await;
    assert_eq!(status, 403, "everyone's log is a platform admin's");

    let (status, me) = server
        .send(Method::GET, "/api/v1/me", Some(&server.issuer_token), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        (me["role"].as_str(), me["provider_id"].as_str()),
        (Some("issuer"), Some(OWN))
    );
}
