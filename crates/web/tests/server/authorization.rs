//! Authorization as a matrix generated from the router's own endpoint table
//! (`web::api::endpoint_table`): every mutating endpoint × every kind of caller, aimed at the
//! other provider's data. A caller without the right never gets a 2xx, and nothing of the other
//! provider changes. A new mutating endpoint without a request here fails the test, and so does
//! a path that answers a method the table does not list — no endpoint escapes the matrix.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{OTHER, OWN, TestServer};

/// Who may change the other provider's data through an endpoint.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Allowed {
    /// Anyone (no tenant: e.g. verification).
    Public,
    /// That provider's admins, issuers, and platform admins.
    Issuer,
    /// That provider's admins and platform admins.
    Admin,
    /// Platform admins only.
    Platform,
    /// A learner, on their own wallet only (`/api/v1/me/…`): staff are refused.
    Learner,
    /// Staff signed in with their own account, on their own tokens: none of the matrix's
    /// callers (tokens, a learner, no one) gets past.
    StaffAccount,
    /// A wallet holding an OpenID4VCI access token from the token endpoint: none of the
    /// matrix's callers has one (an API token or session is no access token).
    Wallet,
}

struct Target {
    offering: String,
    /// A learner's student-number claim waiting at the other provider.
    claim: String,
    /// An issuer's account at the other provider.
    account: String,
    enrolment: String,
    assessment: String,
    credential: String,
    /// A pathway of the other provider.
    pathway: String,
}

/// The request the matrix sends to a mutating endpoint, aimed at OTHER's data.
fn request(
    path: &str,
    target: &Target,
) -> Option<(Allowed, String, Option<Value>, Option<&'static str>)> {
    let mut offering_document = model::sample::offering_json(OTHER);
    offering_document["provider_id"] = json!(OTHER);
    let mut provider_document = model::sample::provider_json();
    provider_document["slug"] = json!(OTHER);
    let reason = json!({"reason": "matrix"});
    let with_id = |template: &str, id: &str| template.replace("{id}", id);
    Some(match path {
        "/api/v1/offerings" => (
            Allowed::Admin,
            path.to_owned(),
            Some(offering_document),
            None,
        ),
        "/api/v1/offerings/{id}" => (
            Allowed::Admin,
            with_id(path, &target.offering),
            Some(offering_document),
            None,
        ),
        "/api/v1/offerings/{id}/publish" | "/api/v1/offerings/{id}/withdraw" => {
            (Allowed::Admin, with_id(path, &target.offering), None, None)
        }
        "/api/v1/providers" => {
            let mut new = model::sample::provider_json();
            new["slug"] = json!("matrix-provider");
            (Allowed::Platform, path.to_owned(), Some(new), None)
        }
        "/api/v1/providers/{id}" => (
            Allowed::Admin,
            with_id(path, OTHER),
            Some(provider_document),
            None,
        ),
        "/api/v1/providers/{id}/publish" | "/api/v1/providers/{id}/withdraw" => {
            (Allowed::Platform, with_id(path, OTHER), None, None)
        }
        "/api/v1/providers/{id}/keys/rotate" => (Allowed::Admin, with_id(path, OTHER), None, None),
        "/api/v1/funding-schemes/{code}" => (
            Allowed::Platform,
            path.replace("{code}", "matrix_scheme"),
            Some(json!({"name": {"en": "Matrix"}})),
            None,
        ),
        "/api/v1/enrolments" => (
            Allowed::Issuer,
            path.to_owned(),
            Some(
                json!({"offering_id": target.offering, "learner": {"full_name": "M", "email": "m@example.org"}, "employment_status": "student"}),
            ),
            None,
        ),
        "/api/v1/assessments" => (
            Allowed::Issuer,
            path.to_owned(),
            Some(
                json!({"enrolment_id": target.enrolment, "outcome": {"passed": true, "assessed_on": "2026-02-20", "route": "regular"}, "issue": true}),
            ),
            None,
        ),
        "/api/v1/credentials" => (
            Allowed::Issuer,
            path.to_owned(),
            Some(json!({"assessment_id": target.assessment})),
            None,
        ),
        "/api/v1/credentials/{id}/revoke"
        | "/api/v1/credentials/{id}/suspend"
        | "/api/v1/credentials/{id}/reinstate"
        | "/api/v1/credentials/{id}/correct" => (
            Allowed::Issuer,
            with_id(path, &target.credential),
            Some(reason),
            None,
        ),
        "/api/v1/imports" => (
            Allowed::Issuer,
            format!("{path}?offering={}&kind=enrolments", target.offering),
            None,
            Some("full_name,email,enrolled_on\nM,m2@example.org,2026-02-01\n"),
        ),
        "/api/v1/verify" => (Allowed::Public, path.to_owned(), Some(json!({})), None),
        "/api/v1/accounts" => (
            Allowed::Public,
            path.to_owned(),
            Some(
                json!({"name": "Matrix", "email": "matrix@example.org", "password": "correct horse battery"}),
            ),
            None,
        ),
        "/api/v1/accounts/password-reset" => (
            Allowed::Public,
            path.to_owned(),
            Some(json!({"email": "matrix@example.org"})),
            None,
        ),
        "/api/v1/providers/{id}/staff" => (
            Allowed::Admin,
            with_id(path, OTHER),
            Some(json!({"name": "Matrix", "email": "matrix-staff@example.org", "role": "issuer"})),
            None,
        ),
        "/api/v1/providers/{id}/staff/{account}" => (
            Allowed::Admin,
            with_id(path, OTHER).replace("{account}", &target.account),
            None,
            None,
        ),
        "/api/v1/sessions" => (
            Allowed::Public,
            path.to_owned(),
            Some(
                json!({"email": "matrix-learner@example.org", "password": crate::common::LEARNER_PASSWORD}),
            ),
            None,
        ),
        "/api/v1/me/addresses" => (
            Allowed::Learner,
            path.to_owned(),
            Some(json!({"email": "victim@example.org"})),
            None,
        ),
        "/api/v1/me/addresses/{email}" => (
            Allowed::Learner,
            path.replace("{email}", "victim@example.org"),
            None,
            None,
        ),
        "/api/v1/me/student-numbers" => (
            Allowed::Learner,
            path.to_owned(),
            Some(json!({"provider_id": OTHER, "student_number": "r-matrix"})),
            None,
        ),
        "/api/v1/me/student-numbers/{id}" => {
            (Allowed::Learner, with_id(path, &target.claim), None, None)
        }
        "/api/v1/me/did" => (Allowed::Learner, path.to_owned(), None, None),
        "/api/v1/me/share-links" => (
            Allowed::Learner,
            path.to_owned(),
            Some(
                json!({"name": "matrix", "credentials": [format!("urn:uuid:{}", target.credential)], "expires_on": "2026-04-01"}),
            ),
            None,
        ),
        "/api/v1/me/share-links/{id}/revoke" => (
            Allowed::Learner,
            with_id(path, "shr-0000000000000000"),
            None,
            None,
        ),
        "/api/v1/me/presentations" => (
            Allowed::Learner,
            path.to_owned(),
            Some(
                json!({"credentials": [format!("urn:uuid:{}", target.credential)], "challenge": "c", "domain": "d"}),
            ),
            None,
        ),
        "/api/v1/me/imported" => (Allowed::Learner, path.to_owned(), Some(json!({})), None),
        "/api/v1/me/imported/{id}" => (
            Allowed::Learner,
            with_id(path, "imp-0000000000000000"),
            None,
            None,
        ),
        "/api/v1/me/erase" => (
            Allowed::Learner,
            path.to_owned(),
            Some(json!({"password": "not the password at all"})),
            None,
        ),
        "/api/v1/providers/{id}/student-numbers/{claim}/{decision}" => (
            Allowed::Issuer,
            with_id(path, OTHER)
                .replace("{claim}", &target.claim)
                .replace("{decision}", "confirm"),
            None,
            None,
        ),
        // A token is made in the caller's own role at their own provider, whatever is sent.
        "/api/v1/me/tokens" => (
            Allowed::StaffAccount,
            path.to_owned(),
            Some(json!({"label": "matrix"})),
            None,
        ),
        // Platform admins only; the scopes are invalid, so an allowed caller gets 409.
        "/api/v1/identity-providers" => (
            Allowed::Platform,
            path.to_owned(),
            Some(
                json!({"name": "Matrix", "issuer": "https://idp.example", "client_id": "m", "client_secret": "s", "scopes": "bad scope!"}),
            ),
            None,
        ),
        "/api/v1/identity-providers/{id}/disable" | "/api/v1/identity-providers/{id}/enable" => {
            (Allowed::Platform, with_id(path, "idp-matrix"), None, None)
        }
        "/api/v1/me/identities/{id}" => (Allowed::Learner, with_id(path, "idp-matrix"), None, None),
        // A pathway is defined, changed and withdrawn by its owner's admins.
        "/api/v1/providers/{id}/pathways" => (
            Allowed::Admin,
            with_id(path, OTHER),
            Some(
                json!({"name": {"en": "Matrix"}, "awards": target.offering, "requirements": [
                {"kind": "offerings", "label": {"en": "All"}, "offerings": [target.offering]}]}),
            ),
            None,
        ),
        "/api/v1/pathways/{id}" => (
            Allowed::Admin,
            with_id(path, &target.pathway),
            Some(
                json!({"name": {"en": "Matrix"}, "awards": target.offering, "requirements": [
                {"kind": "offerings", "label": {"en": "All"}, "offerings": [target.offering]}]}),
            ),
            None,
        ),
        "/api/v1/pathways/{id}/withdraw" => {
            (Allowed::Admin, with_id(path, &target.pathway), None, None)
        }
        // A learner asks for a completed pathway's credential; the owner's staff award it.
        "/api/v1/me/pathways/{id}/award" => {
            (Allowed::Learner, with_id(path, &target.pathway), None, None)
        }
        "/api/v1/pathways/{id}/awards/{account}" => (
            Allowed::Issuer,
            with_id(path, &target.pathway).replace("{account}", &target.account),
            None,
            None,
        ),
        // A receiving organisation's staff decide on recognition; learners ask.
        "/api/v1/providers/{id}/recognitions" => (
            Allowed::Issuer,
            with_id(path, OTHER),
            Some(json!({"about": {"offering": target.offering}, "terms": {
                "purpose": "further_study", "scope": "full", "recognised_as": {"en": "Matrix"},
                "legal_basis": "other", "valid_from": "2026-01-01"}})),
            None,
        ),
        "/api/v1/providers/{id}/recognitions/{decision}/withdraw" => (
            Allowed::Issuer,
            with_id(path, OTHER).replace("{decision}", "rd-0000000000000000"),
            None,
            None,
        ),
        "/api/v1/me/recognition-requests" => (
            Allowed::Learner,
            path.to_owned(),
            Some(
                json!({"organisation": OTHER, "credential": format!("urn:uuid:{}", target.credential), "purpose": "employment"}),
            ),
            None,
        ),
        // OpenID4VCI: the endpoints a wallet calls answer anyone, with codes, tokens and
        // proofs standing in for a session (none of the matrix's callers has them); a learner
        // offers only their own credential.
        "/credentials/verify" | "/presentations/verify" => {
            (Allowed::Public, path.to_owned(), Some(json!({})), None)
        }
        "/oid4vci/token" | "/oid4vci/nonce" => {
            (Allowed::Public, path.to_owned(), Some(json!({})), None)
        }
        "/oid4vci/notification" => (
            Allowed::Wallet,
            path.to_owned(),
            Some(json!({"notification_id": "vo-x", "event": "credential_accepted"})),
            None,
        ),
        // OpenID4VP: anyone may ask a wallet (the result is seen by the view key's holder
        // only); the response endpoint is the wallet's, its nonce and state standing in.
        "/api/v1/presentation-requests" => {
            (Allowed::Public, path.to_owned(), Some(json!({})), None)
        }
        "/exchanges/{id}" => (
            Allowed::Wallet,
            with_id(path, "vo-000000000000000000000000"),
            Some(json!({})),
            None,
        ),
        "/oid4vp/responses/{id}" => (
            Allowed::Wallet,
            with_id(path, "vp-00000000000000000000000000000000"),
            None,
            None,
        ),
        "/oid4vci/credential" => (
            Allowed::Wallet,
            path.to_owned(),
            Some(
                json!({"credential_configuration_id": "MicroCredential_ldp_vc", "proofs": {"jwt": ["x"]}}),
            ),
            None,
        ),
        "/api/v1/credentials/{id}/offer" => (
            Allowed::Issuer,
            with_id(path, &target.credential),
            None,
            None,
        ),
        "/api/v1/me/credential-offers" => (
            Allowed::Learner,
            path.to_owned(),
            Some(json!({"credential": format!("urn:uuid:{}", target.credential)})),
            None,
        ),
        "/api/v1/me/recognition-requests/{id}" => (
            Allowed::Learner,
            with_id(path, "rr-0000000000000000"),
            None,
            None,
        ),
        // A learner rates only enrolments in their own wallet: the other provider's is not.
        "/api/v1/me/feedback/{enrolment}" => (
            Allowed::Learner,
            path.replace("{enrolment}", &target.enrolment),
            Some(
                json!({"overall": 1, "content": 1, "teaching": 1, "assessment": 1, "workload": 0}),
            ),
            None,
        ),
        "/api/v1/me/tokens/{id}" => (
            Allowed::StaffAccount,
            with_id(path, "tok-000000000000"),
            None,
            None,
        ),
        "/api/v1/trusted-issuers/{source}" => (
            Allowed::Platform,
            path.replace("{source}", "matrix-list"),
            Some(json!({"issuers": [{"id": "did:web:evil.example", "name": "Evil"}]})),
            None,
        ),
        _ => return None,
    })
}

async fn send(
    server: &TestServer,
    method: &Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
    raw: Option<&str>,
) -> u16 {
    let mut builder = server.client.request(method.clone(), server.url(path));
    if let Some(token) = token {
        builder = builder.bearer_auth(token);
    }
    if let Some(body) = body {
        builder = builder.json(body);
    } else if let Some(raw) = raw {
        builder = builder
            .header("content-type", "text/csv")
            .body(raw.to_owned());
    } else {
        builder = builder
            .header("content-type", "application/json")
            .body("{}");
    }
    builder.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn no_caller_changes_another_providers_data_through_any_endpoint() {
    let server = TestServer::start().await;
    // The other provider's data: a published offering, an enrolment with a credential, and a
    // second passed result still without one.
    let (offering, record) = crate::issuing::issued_credential(
        &server,
        &server.other_token,
        &server.other_issuer_token,
        OTHER,
        "victim@example.org",
    )
    .await;
    let (_, enrolment) = server
        .send(Method::POST, "/api/v1/enrolments", Some(&server.other_issuer_token), Some(&json!({
            "offering_id": offering, "learner": {"full_name": "Second", "email": "second@example.org"},
            "employment_status": "employed", "enrolled_on": "2026-01-10"})))
        .await;
    let (_, pending) = server
        .send(Method::POST, "/api/v1/assessments", Some(&server.other_issuer_token), Some(&json!({
            "enrolment_id": enrolment["id"], "outcome": {"passed": true, "assessed_on": "2026-02-20", "route": "regular"}})))
        .await;
    let account = server
        .state
        .app
        .invite_staff(
            &app::Principal::local_operator(),
            &app::accounts::Invitation {
                name: "Other Issuer".to_owned(),
                email: "other-issuer@example.org".to_owned(),
                role: model::Role::Issuer,
                provider: Some(model::ProviderId::parse(OTHER).unwrap()),
            },
        )
        .await
        .unwrap();
    // A learner, and another learner's claim of a student number at the other provider.
    let learner = server
        .learner("Matrix Learner", "matrix-learner@example.org")
        .await;
    let claimant = server.learner("Claimant", "claimant@example.org").await;
    let (status, claim) = server
        .send(
            Method::POST,
            "/api/v1/me/student-numbers",
            Some(&claimant),
            Some(&json!({"provider_id": OTHER, "student_number": "r-claimed"})),
        )
        .await;
    assert_eq!(status, 201, "{claim}");
    // A pathway of the other provider (awarding its own offering).
    let (status, pathway) = server
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/providers/{OTHER}/pathways"),
            Some(&server.other_token),
            Some(
                &json!({"name": {"en": "Theirs"}, "awards": offering, "requirements": [
                {"kind": "offerings", "label": {"en": "All"}, "offerings": [offering]}]}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{pathway}");
    let target = Target {
        claim: claim["id"].as_str().unwrap().to_owned(),
        account: account.id.to_string(),
        offering: offering.clone(),
        enrolment: enrolment["id"].as_str().unwrap().to_owned(),
        assessment: pending["assessment"]["id"].as_str().unwrap().to_owned(),
        credential: record["id"].as_str().unwrap().to_owned(),
        pathway: pathway["id"].as_str().unwrap().to_owned(),
    };

    let callers: [(&str, Option<&str>, &[Allowed]); 8] = [
        ("anonymous", None, &[Allowed::Public]),
        (
            "learner",
            Some(&learner),
            &[Allowed::Public, Allowed::Learner],
        ),
        ("analyst", Some(&server.analyst_token), &[Allowed::Public]),
        (
            "own provider admin",
            Some(&server.own_token),
            &[Allowed::Public],
        ),
        ("own issuer", Some(&server.issuer_token), &[Allowed::Public]),
        (
            "other issuer",
            Some(&server.other_issuer_token),
            &[Allowed::Public, Allowed::Issuer],
        ),
        (
            "other provider admin",
            Some(&server.other_token),
            &[Allowed::Public, Allowed::Issuer, Allowed::Admin],
        ),
        (
            "platform admin",
            Some(&server.platform_token),
            &[
                Allowed::Public,
                Allowed::Issuer,
                Allowed::Admin,
                Allowed::Platform,
            ],
        ),
    ];
    let mutating = ["POST", "PUT", "DELETE", "PATCH"];
    let mut checked = 0;
    let mut allowed_requests = Vec::new();
    for (path, methods) in web::api::endpoint_table() {
        for method in methods.iter().filter(|method| mutating.contains(method)) {
            let Some((allowed, concrete, body, raw)) = request(path, &target) else {
                panic!(
                    "{method} {path} mutates but has no request in the authorization matrix: add one"
                );
            };
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            for (caller, token, may) in &callers {
                if may.contains(&allowed) {
                    allowed_requests.push((
                        method.clone(),
                        concrete.clone(),
                        *token,
                        body.clone(),
                        raw,
                    ));
                    continue;
                }
                let status = send(&server, &method, &concrete, *token, body.as_ref(), raw).await;
                assert!(
                    !(200..300).contains(&status),
                    "{caller} got {status} for {method} {concrete}"
                );
                assert!(
                    matches!(status, 401 | 403 | 404),
                    "{caller} got {status} for {method} {concrete}: refusals are 401, 403 or 404"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 60, "only {checked} refusals checked");

    // Nothing of the other provider changed.
    let (_, credential) = server
        .send(
            Method::GET,
            &format!("/api/v1/credentials/{}", target.credential),
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(credential["status"], "active");
    let (_, listed) = server
        .send(
            Method::GET,
            "/api/v1/credentials",
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(listed["total"], 1);
    let (_, enrolments) = server
        .send(
            Method::GET,
            "/api/v1/enrolments",
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(enrolments["total"], 2);
    let (_, provider) = server.get(&format!("/api/v1/providers/{OTHER}")).await;
    assert_eq!(provider["status"], "published");
    let (_, offering_now) = server.get(&format!("/api/v1/offerings/{offering}")).await;
    assert_eq!(offering_now["version"], 1);
    assert_eq!(offering_now["status"], "published");

    // The matrix's requests are real: callers with the right get past authorization.
    for (method, path, token, body, raw) in allowed_requests {
        let status = send(&server, &method, &path, token, body.as_ref(), raw).await;
        assert!(
            !matches!(status, 401 | 403) && status < 500,
            "an allowed caller got {status} for {method} {path}"
        );
    }
    // No learner withdrew the claimant's claim (the other provider's staff confirmed it).
    let (_, wallet) = server
        .send(Method::GET, "/api/v1/me/wallet", Some(&claimant), None)
        .await;
    assert_eq!(
        wallet["student_numbers"][0]["id"],
        target.claim.as_str(),
        "{wallet}"
    );
    assert_eq!(wallet["student_numbers"][0]["confirmed"], true, "{wallet}");
    let _ = OWN;
}

#[tokio::test]
async fn an_analyst_reads_nothing_personal() {
    let server = TestServer::start().await;
    let (_, credential) = crate::issuing::issued_credential(
        &server,
        &server.own_token,
        &server.issuer_token,
        OWN,
        "personal@example.org",
    )
    .await;
    let id = credential["id"].as_str().unwrap();
    for path in [
        format!("/api/v1/enrolments?provider={OWN}"),
        format!("/api/v1/credentials?provider={OWN}"),
        format!("/api/v1/credentials/{id}"),
        format!("/api/v1/imports?provider={OWN}"),
    ] {
        let (status, body) = server
            .send(Method::GET, &path, Some(&server.analyst_token), None)
            .await;
        assert!(matches!(status, 403 | 404), "{path}: {status} {body}");
        assert!(
            !body.to_string().contains("personal@example.org"),
            "{path}: {body}"
        );
    }
}

#[tokio::test]
async fn every_path_answers_only_the_methods_its_table_entry_lists() {
    let server = TestServer::start().await;
    let all = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    for (path, methods) in web::api::endpoint_table() {
        let concrete = path
            .replace("{*path}", "microcred/v1.jsonld")
            .replace("{id}", "x-1")
            .replace("{slug}", OWN)
            .replace("{code}", "x")
            .replace("{name}", "results")
            .replace("{source}", "a-list")
            .replace("{version}", "1");
        for method in all.iter().filter(|method| !methods.contains(method)) {
            let status = send(
                &server,
                &Method::from_bytes(method.as_bytes()).unwrap(),
                &concrete,
                Some(&server.platform_token),
                None,
                None,
            )
            .await;
            assert_eq!(
                status, 405,
                "{method} {concrete} is answered but not in the endpoint table"
            );
        }
    }
}
