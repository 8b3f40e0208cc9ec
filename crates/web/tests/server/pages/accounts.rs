//! The account pages over HTTP: sign-up, the mailed link (a page with a button, used once),
//! sign-in with a password (the same answer for unknown and wrong, 429 with Retry-After after
//! repeated failures), my account, a provider's staff (invite, accept, remove) and the audit
//! log, and who may reach them.

use axum::http::header;

use super::{Page, get, pairs, post, sign_in};
use crate::common::TestServer;

const PASSWORD: &str = "correct horse battery staple";

fn cookie_of(page: &Page) -> String {
    page.headers
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn sign_in_with_password(server: &TestServer, email: &str, password: &str) -> Page {
    post(
        server,
        "/sign-in",
        None,
        &pairs(&[("email", email), ("password", password)]),
    )
    .await
}

#[tokio::test]
async fn a_learner_signs_up_confirms_from_the_mailed_link_and_signs_in() {
    let server = TestServer::start().await;
    let form = get(&server, "/sign-up", None).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("autocomplete=\"new-password\""),
        "{}",
        form.body
    );
    // A weak password is refused with the reason, and what was typed is kept.
    let weak = post(
        &server,
        "/sign-up",
        None,
        &pairs(&[
            ("name", "An Peeters"),
            ("email", "an@example.be"),
            ("password", "short"),
        ]),
    )
    .await;
    assert_eq!(weak.status, 422);
    assert!(weak.body.contains("at least 10"), "{}", weak.body);
    assert!(weak.body.contains("value=\"an@example.be\""));
    let done = post(
        &server,
        "/sign-up",
        None,
        &pairs(&[
            ("name", "An Peeters"),
            ("email", "an@example.be"),
            ("password", PASSWORD),
        ]),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("id=\"check-mail\""));
    let secret = server.mailed("an@example.be", "confirm").await;
    // Opening the link shows a button and uses nothing up (mail scanners follow links).
    for _ in 0..2 {
        let page = get(&server, &format!("/account/confirm/{secret}"), None).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("id=\"link-form\""));
    }
    let confirmed = post(&server, &format!("/account/confirm/{secret}"), None, &[]).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.body);
    let again = post(&server, &format!("/account/confirm/{secret}"), None, &[]).await;
    assert_eq!(again.status, 404);
    assert!(again.body.contains("id=\"link-dead\""));
    // A made-up link is the same 404 page (and a malformed one the site's 404).
    let guessed = post(
        &server,
        &format!("/account/confirm/{}", "ab".repeat(32)),
        None,
        &[],
    )
    .await;
    assert_eq!(guessed.status, 404);
    assert_eq!(get(&server, "/account/confirm/xyz", None).await.status, 404);
    // Signed in with the password, the learner lands on their account.
    let signed_in = sign_in_with_password(&server, "An@Example.be", PASSWORD).await;
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    assert_eq!(signed_in.location(), "/wallet");
    let cookie = cookie_of(&signed_in);
    let account = get(&server, "/account", Some(&cookie)).await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("an@example.be"));
    assert!(
        account.body.contains("href=\"/account\""),
        "the header links the account"
    );
    // A learner has no staff pages.
    assert_eq!(
        get(&server, "/admin/staff", Some(&cookie)).await.status,
        403
    );
    assert_eq!(
        get(&server, "/admin/audit", Some(&cookie)).await.status,
        403
    );
    // Changing the password needs the form token and the current password.
    let no_token = post(
        &server,
        "/account/password",
        Some(&cookie),
        &pairs(&[
            ("current", PASSWORD),
            ("password", "another fine passphrase"),
        ]),
    )
    .await;
    assert_eq!(no_token.status, 403);
    let csrf = account.csrf();
    let wrong = post(
        &server,
        "/account/password",
        Some(&cookie),
        &pairs(&[
            ("csrf", &csrf),
            ("current", "not it at all"),
            ("password", "another fine passphrase"),
        ]),
    )
    .await;
    assert_eq!(wrong.status, 422);
    let changed = post(
        &server,
        "/account/password",
        Some(&cookie),
        &pairs(&[
            ("csrf", &csrf),
            ("current", PASSWORD),
            ("password", "another fine passphrase"),
        ]),
    )
    .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    // The old session ended; the new cookie works.
    assert_eq!(get(&server, "/account", Some(&cookie)).await.status, 303);
    let renewed = cookie_of(&changed);
    assert_eq!(get(&server, "/account", Some(&renewed)).await.status, 200);
    // No demo: the outbox page does not exist.
    assert_eq!(get(&server, "/demo/outbox", None).await.status, 404);
}

#[tokio::test]
async fn sign_in_answers_alike_and_says_how_long_to_wait() {
    let server = TestServer::start().await;
    post(
        &server,
        "/sign-up",
        None,
        &pairs(&[
            ("name", "An"),
            ("email", "an@example.be"),
            ("password", PASSWORD),
        ]),
    )
    .await;
    let unknown = sign_in_with_password(&server, "nobody@example.be", PASSWORD).await;
    let wrong = sign_in_with_password(&server, "an@example.be", "wrong password!").await;
    assert_eq!((unknown.status, wrong.status), (401, 401));
    let message = |page: &Page| {
        let start = page.body.find("role=\"alert\"").unwrap();
        page.body[start..start + 120].to_owned()
    };
    assert_eq!(message(&unknown), message(&wrong));
    // Five wrong passwords for the address: from the fifth on, even the right one waits.
    for _ in 0..4 {
        sign_in_with_password(&server, "an@example.be", "wrong password!").await;
    }
    let locked = sign_in_with_password(&server, "an@example.be", PASSWORD).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert_eq!(
        locked
            .headers
            .get(header::RETRY_AFTER)
            .unwrap()
            .to_str()
            .unwrap(),
        "30"
    );
    assert!(locked.body.contains("30 s"), "{}", locked.body);
    // The token sign-in still works as before.
    sign_in(&server, &server.own_token).await;
}

#[tokio::test]
async fn a_provider_admin_invites_staff_who_accept_and_are_removed() {
    let server = TestServer::start().await;
    let admin = sign_in(&server, &server.own_token).await;
    let staff = get(&server, "/admin/staff", Some(&admin)).await;
    assert_eq!(staff.status, 200, "{}", staff.body);
    assert!(staff.body.contains("id=\"invite\""));
    // The provider admin may invite issuers and admins, not analysts.
    assert!(!staff.body.contains("value=\"analyst\""));
    let csrf = staff.csrf();
    let refused = post(
        &server,
        "/admin/staff/invite",
        Some(&admin),
        &pairs(&[
            ("csrf", &csrf),
            ("name", "X"),
            ("email", "x@example.be"),
            ("role", "analyst"),
        ]),
    )
    .await;
    assert_eq!(refused.status, 403);
    let invited = post(
        &server,
        "/admin/staff/invite",
        Some(&admin),
        &pairs(&[
            ("csrf", &csrf),
            ("name", "Jan Issuer"),
            ("email", "jan@example.be"),
            ("role", "issuer"),
        ]),
    )
    .await;
    assert_eq!(invited.status, 200, "{}", invited.body);
    assert!(invited.body.contains("jan@example.be"));
    let secret = server.mailed("jan@example.be", "invitation").await;
    let weak = post(
        &server,
        &format!("/account/invitation/{secret}"),
        None,
        &pairs(&[("password", "short")]),
    )
    .await;
    assert_eq!(weak.status, 422);
    let accepted = post(
        &server,
        &format!("/account/invitation/{secret}"),
        None,
        &pairs(&[("password", PASSWORD)]),
    )
    .await;
    assert_eq!(accepted.status, 200, "{}", accepted.body);
    let jan = sign_in_with_password(&server, "jan@example.be", PASSWORD).await;
    assert_eq!(jan.location(), "/admin");
    let jan = cookie_of(&jan);
    assert_eq!(
        get(&server, "/admin/learners", Some(&jan)).await.status,
        200
    );
    // Another provider's admin does not see or touch this provider's staff.
    let other = sign_in(&server, &server.other_token).await;
    let others = get(&server, "/admin/staff", Some(&other)).await;
    assert!(!others.body.contains("jan@example.be"));
    let id_start = staff_id(&server, &admin, "jan@example.be").await;
    let foreign = post(
        &server,
        &format!("/admin/staff/{id_start}/remove"),
        Some(&other),
        &pairs(&[("csrf", &others.csrf())]),
    )
    .await;
    assert_eq!(foreign.status, 403);
    let removed = post(
        &server,
        &format!("/admin/staff/{id_start}/remove"),
        Some(&admin),
        &pairs(&[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(removed.status, 303, "{}", removed.body);
    assert_eq!(
        get(&server, "/admin/learners", Some(&jan)).await.status,
        303
    );
    let audit = get(&server, "/admin/audit", Some(&admin)).await;
    assert_eq!(audit.status, 200);
    for action in ["staff.invite", "staff.remove", "account.accept_invitation"] {
        assert!(audit.body.contains(action), "{action}: {}", audit.body);
    }
}

/// The account id of `email` as the staff page's remove form names it.
async fn staff_id(server: &TestServer, cookie: &str, email: &str) -> String {
    let page = get(server, "/admin/staff", Some(cookie)).await;
    let row = page.body.find(email).unwrap();
    let form = page.body[row..].find("/admin/staff/").unwrap() + row + "/admin/staff/".len();
    page.body[form..].split('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_forms_of_a_browser_without_a_session_need_its_own_token() {
    let server = TestServer::start().await;
    let (cookie, token) = super::anonymous_form(&server).await;
    let (other_cookie, _) = super::anonymous_form(&server).await;
    assert_ne!(cookie, other_cookie, "a secret per browser");
    let link = format!("/account/reset/{}", "ab".repeat(32));
    for path in ["/sign-in", "/sign-up", "/account/reset", link.as_str()] {
        let fields = [("email", "someone@example.org"), ("password", PASSWORD)];
        let without = post(&server, path, Some(&cookie), &pairs(&fields)).await;
        assert_eq!(without.status, 403, "{path} without a token");
        let mut borrowed = fields.to_vec();
        borrowed.push(("csrf", &token));
        let elsewhere = post(&server, path, Some(&other_cookie), &pairs(&borrowed)).await;
        assert_eq!(elsewhere.status, 403, "{path} with another browser's token");
    }
    // With its own token the form is read: a wrong password is answered as such.
    let own = post(
        &server,
        "/sign-in",
        Some(&cookie),
        &pairs(&[
            ("email", "someone@example.org"),
            ("password", PASSWORD),
            ("csrf", &token),
        ]),
    )
    .await;
    assert_eq!(own.status, 401, "{}", own.body);
}
