//! OpenID Connect sign-in against a real OpenID provider, over HTTP: configuration, a new
//! account, signing in again, linking from the account page; and the refusals — another
//! browser, a replayed callback, a forged state, a swapped code, the provider's own error, an
//! address that has an account, an unverified address, a disabled provider.

use serde_json::{Value, json};

use crate::common::TestServer;
use crate::oidc::{Agent, CLIENT_ID, CLIENT_SECRET, Provider, configure, onward, query, real_time};

async fn api(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    server.send(method, path, Some(token), body.as_ref()).await
}

async fn get_as(server: &TestServer, path: &str, token: &str) -> (u16, Value) {
    api(server, reqwest::Method::GET, path, token, None).await
}

async fn me(server: &TestServer, session: &str) -> Value {
    let (status, body) = get_as(server, "/api/v1/me", session).await;
    assert_eq!(status, 200, "{body}");
    body
}

#[tokio::test]
async fn a_real_openid_provider_signs_people_in_and_every_misuse_is_refused() {
    let server = TestServer::start().await;
    let Some(provider) = Provider::start(&server.url("/auth/oidc/callback")) else {
        return;
    };
    real_time(&server);

    // Configuration: platform admins only; an issuer that does not answer is refused; the
    // secret is never shown.
    let new = json!({"name": "X", "issuer": provider.issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET});
    for token in [&server.own_token, &server.analyst_token] {
        let (status, _) = api(
            &server,
            reqwest::Method::POST,
            "/api/v1/identity-providers",
            token,
            Some(new.clone()),
        )
        .await;
        assert_eq!(status, 403);
    }
    let (status, body) = api(&server,
            reqwest::Method::POST,
            "/api/v1/identity-providers",
            &server.platform_token,
            Some(json!({"name": "Nowhere", "issuer": "http://127.0.0.1:9", "client_id": "a", "client_secret": "b"})),
        )
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (502, Some("identity_provider_unavailable")),
        "{body}"
    );
    let (status, body) = api(&server,
            reqwest::Method::POST,
            "/api/v1/identity-providers",
            &server.platform_token,
            Some(json!({"name": "Private", "issuer": "https://10.0.0.1", "client_id": "a", "client_secret": "b"})),
        )
        .await;
    assert_eq!(status, 502, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("10.0.0.1"),
        "{body}"
    );
    let id = configure(&server, &provider, true).await;
    let (status, _) = api(
        &server,
        reqwest::Method::POST,
        "/api/v1/identity-providers",
        &server.platform_token,
        Some(new),
    )
    .await;
    assert_eq!(status, 409, "the same issuer twice");
    let (status, listed) = get_as(
        &server,
        "/api/v1/identity-providers",
        &server.platform_token,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(!listed.to_string().contains(CLIENT_SECRET));

    // The sign-in page offers it.
    let mut browser = Agent::new();
    let page = browser.send(&server.url("/sign-in?lang=en"), None).await;
    assert!(
        page.body.contains("Sign in with Universiteit Test"),
        "{}",
        page.body
    );
    let button = format!("/sign-in/oidc/{id}");

    // A callback opened in another browser (no state cookie) is refused, and used up.
    let to_provider = browser.start(&server, "/sign-in", &button).await;
    assert!(to_provider.starts_with(&provider.issuer), "{to_provider}");
    assert_eq!(
        query(&to_provider, "code_challenge_method"),
        "S256",
        "{to_provider}"
    );
    assert!(query(&to_provider, "scope").contains("openid"));
    let callback = browser
        .at_provider(&to_provider, "ada@uni.example", &server.base)
        .await;
    let mut elsewhere = Agent::new();
    let refused = elsewhere.send(&callback, None).await;
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert!(refused.body.contains("another browser"), "{}", refused.body);
    let replayed = browser.send(&callback, None).await;
    assert_eq!(replayed.status, 401);
    assert!(replayed.body.contains("used already"), "{}", replayed.body);

    // The sign-in itself: a new learner account for the verified address, signed in.
    let to_provider = browser.start(&server, "/sign-in", &button).await;
    let callback = browser
        .at_provider(&to_provider, "ada@uni.example", &server.base)
        .await;
    let done = browser.send(&callback, None).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(onward(&done.body), "/wallet");
    let session = browser
        .cookie(&server.base, "mc_session")
        .expect("a session");
    assert!(
        browser.cookie(&server.base, "mc_oidc").is_none(),
        "the state cookie is gone"
    );
    let ada = me(&server, &session).await;
    assert_eq!(ada["role"], "learner");
    assert_eq!(ada["account"]["email"], "ada@uni.example");
    assert!(ada["account"]["email_confirmed_at"].is_string());
    let wallet = browser.send(&server.url("/wallet"), None).await;
    assert_eq!(wallet.status, 200);
    // The same callback again: used.
    assert_eq!(browser.send(&callback, None).await.status, 401);

    // Again, in a fresh browser: the same account, not a second one.
    let mut again = Agent::new();
    let to_provider = again.start(&server, "/sign-in", &button).await;
    let callback = again
        .at_provider(&to_provider, "ada@uni.example", &server.base)
        .await;
    assert_eq!(again.send(&callback, None).await.status, 200);
    let second = me(&server, &again.cookie(&server.base, "mc_session").unwrap()).await;
    assert_eq!(second["account"]["id"], ada["account"]["id"]);

    // A forged state; the provider's own refusal; a code from another login (PKCE and the
    // nonce bind the code to its login: the provider refuses it).
    browser.set_cookie(&server.base, "mc_oidc", "00");
    let forged = browser
        .send(&server.url("/auth/oidc/callback?state=00&code=abc"), None)
        .await;
    assert_eq!(forged.status, 401);
    let started = browser.start(&server, "/sign-in", &button).await;
    let state = query(&started, "state");
    let denied = browser
        .send(
            &server.url(&format!(
                "/auth/oidc/callback?state={state}&error=access_denied&error_description=no"
            )),
            None,
        )
        .await;
    assert_eq!(denied.status, 401);
    assert!(denied.body.contains("access_denied"), "{}", denied.body);
    let first = browser.start(&server, "/sign-in", &button).await;
    let first_state = query(&first, "state");
    let mut thief = Agent::new();
    let other = thief.start(&server, "/sign-in", &button).await;
    let other_callback = thief
        .at_provider(&other, "ada@uni.example", &server.base)
        .await;
    let swapped = browser
        .send(
            &server.url(&format!(
                "/auth/oidc/callback?state={first_state}&code={}",
                query(&other_callback, "code")
            )),
            None,
        )
        .await;
    assert_eq!(swapped.status, 401, "{}", swapped.body);
    assert!(
        swapped.body.contains("refused the sign-in code"),
        "{}",
        swapped.body
    );

    // An address that has an account is not taken over: its owner links the provider first.
    let bob_session = server.learner("Bob", "bob@uni.example").await;
    let mut stranger = Agent::new();
    let to_provider = stranger.start(&server, "/sign-in", &button).await;
    let callback = stranger
        .at_provider(&to_provider, "bob@uni.example", &server.base)
        .await;
    let not_yours = stranger.send(&callback, None).await;
    assert_eq!(not_yours.status, 401);
    assert!(not_yours.body.contains("link"), "{}", not_yours.body);
    let mut bob = Agent::new();
    bob.set_cookie(&server.base, "mc_session", &bob_session);
    let account_page = bob.send(&server.url("/account?lang=en"), None).await;
    assert!(
        account_page.body.contains("not linked"),
        "{}",
        account_page.body
    );
    let to_provider = bob
        .start(
            &server,
            "/account",
            &format!("/account/identities/{id}/link"),
        )
        .await;
    let callback = bob
        .at_provider(&to_provider, "bob@uni.example", &server.base)
        .await;
    let linked = bob.send(&callback, None).await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    assert_eq!(onward(&linked.body), "/account");
    let (_, identities) = get_as(&server, "/api/v1/me/identities", &bob_session).await;
    assert_eq!(
        identities["items"][0]["subject"], "bob@uni.example",
        "{identities}"
    );
    let to_provider = stranger.start(&server, "/sign-in", &button).await;
    let callback = stranger
        .at_provider(&to_provider, "bob@uni.example", &server.base)
        .await;
    assert_eq!(stranger.send(&callback, None).await.status, 200);
    let as_bob = me(
        &server,
        &stranger.cookie(&server.base, "mc_session").unwrap(),
    )
    .await;
    assert_eq!(as_bob["account"]["email"], "bob@uni.example");
    // Ada's identity cannot be linked to Bob's account (a browser with Bob's session here and
    // no session at the provider yet).
    let mut bob_as_ada = Agent::new();
    bob_as_ada.set_cookie(&server.base, "mc_session", &bob_session);
    let to_provider = bob_as_ada
        .start(
            &server,
            "/account",
            &format!("/account/identities/{id}/link"),
        )
        .await;
    let callback = bob_as_ada
        .at_provider(&to_provider, "ada@uni.example", &server.base)
        .await;
    let conflict = bob_as_ada.send(&callback, None).await;
    assert_eq!(conflict.status, 409, "{}", conflict.body);

    // No verified address, no new account.
    let mut carol = Agent::new();
    let to_provider = carol.start(&server, "/sign-in", &button).await;
    let callback = carol
        .at_provider(&to_provider, "unverified-carol", &server.base)
        .await;
    let unverified = carol.send(&callback, None).await;
    assert_eq!(unverified.status, 401);
    assert!(unverified.body.contains("verified"), "{}", unverified.body);

    // Unlinking, then disabling: the button goes and a sign-in is refused.
    let (status, _) = api(
        &server,
        reqwest::Method::DELETE,
        &format!("/api/v1/me/identities/{id}"),
        &bob_session,
        None,
    )
    .await;
    assert_eq!(status, 204);
    let (status, body) = api(
        &server,
        reqwest::Method::POST,
        &format!("/api/v1/identity-providers/{id}/disable"),
        &server.platform_token,
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["disabled_at"].is_string());
    let mut late = Agent::new();
    let page = late.send(&server.url("/sign-in?lang=en"), None).await;
    assert!(!page.body.contains("Sign in with Universiteit Test"));
    let token = late.form_token(&server.url("/sign-in")).await;
    let off = late
        .send(&server.url(&button), Some(&[("csrf", token.as_str())]))
        .await;
    assert_eq!(off.status, 401, "{}", off.body);

    // A new master key re-seals the client secret with the signing keys: the register's old
    // key no longer opens it (and says so), so the secret was moved, not left behind.
    let admin = app::PlatformAdmin::local_operator();
    let resealed = server
        .state
        .app
        .reseal_signing_keys(&admin, &vc::keystore::MasterKey::from_bytes([9u8; 32]))
        .await
        .unwrap();
    assert!(resealed >= 1);
    let (status, _) = api(
        &server,
        reqwest::Method::POST,
        &format!("/api/v1/identity-providers/{id}/enable"),
        &server.platform_token,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let mut after = Agent::new();
    let to_provider = after.start(&server, "/sign-in", &button).await;
    let callback = after
        .at_provider(&to_provider, "ada@uni.example", &server.base)
        .await;
    let sealed_away = after.send(&callback, None).await;
    assert!(
        sealed_away
            .body
            .contains("does not open with this master key"),
        "{}",
        sealed_away.body
    );

    // One network address cannot keep more than 60 logins under way: the next start waits,
    // saying how long (the provider is enabled again above; its logins so far count too).
    let mut spammer = Agent::new();
    let token = spammer.form_token(&server.url("/sign-in")).await;
    let mut refused = None;
    for _ in 0..=app::oidc::MAX_LOGINS_PER_CLIENT {
        let answer = spammer
            .send(&server.url(&button), Some(&[("csrf", token.as_str())]))
            .await;
        if answer.status != 200 {
            refused = Some(answer);
            break;
        }
    }
    let refused = refused.expect("a limit");
    assert_eq!(refused.status, 429, "{}", refused.body);

    // The audit log has the sign-ins by provider, the account made and the links.
    let (_, audit) = get_as(&server, "/api/v1/audit", &server.platform_token).await;
    let text = audit.to_string();
    for expected in [
        "identity_provider.add",
        "account.identity_link",
        "account.identity_unlink",
        "identity_provider.disable",
        &format!("openid:{id}"),
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}
