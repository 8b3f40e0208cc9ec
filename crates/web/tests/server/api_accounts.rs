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

#[tokio::test]
async fn the_audit_log_names_who_issued_suspended_revoked_corrected_and_rotated_a_key() {
    let server = TestServer::start().await;
    let (_, first) = crate::issuing::issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "audited@example.org",
    )
    .await;
    let id = first["id"].as_str().unwrap();
    for (action, body) in [
        ("suspend", json!({"reason": "under review"})),
        ("reinstate", json!({"reason": "review done"})),
        (
            "correct",
            json!({"reason": "grade typo", "outcome": {"passed": true, "assessed_on": "2026-02-20", "route": "regular", "grade": {"value": "17", "scheme": "0-20"}}}),
        ),
    ] {
        let (status, answer) = server
            .send(
                Method::POST,
                &format!("/api/v1/credentials/{id}/{action}"),
                Some(&server.issuer_token),
                Some(&body),
            )
            .await;
        assert!((200..300).contains(&status), "{action}: {answer}");
    }
    let (status, _) = server
        .send(
            Method::POST,
            &format!("/api/v1/providers/{OWN}/keys/rotate"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(status, 201);
    let (_, log) = server
        .send(
            Method::GET,
            &format!("/api/v1/audit?provider={OWN}"),
            Some(&server.own_token),
            None,
        )
        .await;
    let lines = log["items"].as_array().unwrap();
    let mut actions: Vec<&str> = lines
        .iter()
        .map(|line| line["action"].as_str().unwrap())
        .collect();
    // (The test's clock stands still, so the order within one instant is the ids'.)
    actions.sort_unstable();
    assert_eq!(
        actions,
        [
            "credential.correct",
            "credential.issue",
            "credential.reinstate",
            "credential.suspend",
            "key.rotate",
        ],
        "{log}"
    );
    let suspended = lines
        .iter()
        .find(|line| line["action"] == "credential.suspend")
        .unwrap();
    assert_eq!(suspended["subject"], format!("urn:uuid:{id}"));
    assert_eq!(suspended["detail"], "under review");
    assert!(
        suspended["actor"].as_str().unwrap().starts_with("tok"),
        "{suspended}"
    );
    // Another provider's admin does not read it.
    let (status, _) = server
        .send(
            Method::GET,
            &format!("/api/v1/audit?provider={OWN}"),
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_staff_member_makes_an_expiring_token_of_their_own_which_dies_with_their_account() {
    let server = TestServer::start().await;
    let (status, invited) = server
        .send(
            Method::POST,
            &format!("/api/v1/providers/{OWN}/staff"),
            Some(&server.own_token),
            Some(&json!({"name": "Ines Issuer", "email": "ines@example.org", "role": "issuer"})),
        )
        .await;
    assert_eq!(status, 201, "{invited}");
    let secret = server.mailed("ines@example.org", "invitation").await;
    server
        .state
        .app
        .accept_invitation(&secret, crate::common::LEARNER_PASSWORD)
        .await
        .unwrap();
    let (status, session) = server
        .send(
            Method::POST,
            "/api/v1/sessions",
            None,
            Some(
                &json!({"email": "ines@example.org", "password": crate::common::LEARNER_PASSWORD}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{session}");
    let session = session["token"].as_str().unwrap().to_owned();
    for (body, expected) in [
        (json!({"label": "x", "days": 0}), 409),
        (json!({"label": "x", "days": 400}), 409),
        (json!({"label": "  "}), 409),
        (json!({"label": "x", "days": "ten"}), 422),
        (json!({"days": 10}), 422),
    ] {
        let (status, answer) = server
            .send(
                Method::POST,
                "/api/v1/me/tokens",
                Some(&session),
                Some(&body),
            )
            .await;
        assert_eq!(status, expected, "{body}: {answer}");
    }
    let (status, made) = server
        .send(
            Method::POST,
            "/api/v1/me/tokens",
            Some(&session),
            Some(&json!({"label": "student administration", "days": 30})),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["token"]["role"], "issuer");
    assert_eq!(made["token"]["provider_id"], OWN);
    assert_eq!(made["token"]["account_id"], invited["id"]);
    assert_eq!(made["token"]["expires_at"], "2026-03-31T10:00:00Z");
    let secret = made["secret"].as_str().unwrap().to_owned();
    // The token acts as its owner, and its use is recorded.
    let (status, me) = server
        .send(Method::GET, "/api/v1/me", Some(&secret), None)
        .await;
    assert_eq!((status, me["role"].as_str()), (200, Some("issuer")));
    let (_, listed) = server
        .send(Method::GET, "/api/v1/me/tokens", Some(&session), None)
        .await;
    assert_eq!(
        listed["items"][0]["last_used_at"], "2026-03-01T10:00:00Z",
        "{listed}"
    );
    // The provider's admins see it with its owner; another provider's do not.
    let (_, tokens) = server
        .send(
            Method::GET,
            &format!("/api/v1/providers/{OWN}/tokens"),
            Some(&server.own_token),
            None,
        )
        .await;
    assert!(
        tokens["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|token| token["account_id"] == invited["id"]),
        "{tokens}"
    );
    let (status, _) = server
        .send(
            Method::GET,
            &format!("/api/v1/providers/{OWN}/tokens"),
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(status, 403);
    // A learner has none to make; a token of another account cannot be revoked.
    let learner = server.learner("Lotte", "lotte@example.org").await;
    let (status, _) = server
        .send(
            Method::POST,
            "/api/v1/me/tokens",
            Some(&learner),
            Some(&json!({"label": "x"})),
        )
        .await;
    assert_eq!(status, 403);
    let token_id = made["token"]["id"].as_str().unwrap();
    let (status, _) = server
        .send(
            Method::DELETE,
            &format!("/api/v1/me/tokens/{token_id}"),
            Some(&learner),
            None,
        )
        .await;
    assert_eq!(status, 404);
    // Removing the staff member ends the token.
    let (status, _) = server
        .send(
            Method::DELETE,
            &format!(
                "/api/v1/providers/{OWN}/staff/{}",
                invited["id"].as_str().unwrap()
            ),
            Some(&server.own_token),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (status, _) = server
        .send(Method::GET, "/api/v1/me", Some(&secret), None)
        .await;
    assert_eq!(status, 401);
}
