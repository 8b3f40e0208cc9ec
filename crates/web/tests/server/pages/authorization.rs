//! The pages' authorization matrix, generated from `web::pages::endpoint_table` like the
//! API's: every POST page × six callers (each with a real session and its own form token),
//! aimed at the other provider's data. A caller without the right is refused (403, 404, or sent
//! to sign in), nothing of the other provider changes, and callers with the right get past
//! authorization. A new POST page without a request here fails the test.

use reqwest::header;
use serde_json::json;

use super::{get, sign_in};
use crate::common::{OTHER, TestServer};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Allowed {
    /// No tenant (sign-in, sign-out, verification).
    Public,
    /// Acts on the caller's own provider only, whatever the form says.
    OwnOnly,
    Issuer,
    Admin,
    Platform,
    /// A learner's own wallet only (staff are refused, the anonymous sent to sign in).
    Learner,
}

/// A caller: name, session (cookie and form token), what it may do.
type Caller<'a> = (
    &'static str,
    Option<&'a (String, String)>,
    &'static [Allowed],
);

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

enum Body {
    Form(Vec<(String, String)>),
    /// `multipart/form-data`: text fields and one CSV file.
    Multipart(Vec<(String, String)>, String),
}

fn fields(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

fn request(path: &str, target: &Target) -> Option<(Allowed, String, Body)> {
    let with_id = |id: &str| path.replace("{id}", id);
    let form = |list: &[(&str, &str)]| Body::Form(fields(list));
    Some(match path {
        "/sign-in" | "/sign-out" | "/verify" | "/verifier" | "/sign-up" | "/account/reset" => {
            (Allowed::Public, path.to_owned(), form(&[]))
        }
        "/sign-in/oidc/{id}" => (Allowed::Public, with_id("idp-matrix"), form(&[])),
        // Linking needs an account (staff signed in with a token have none).
        "/account/identities/{id}/link" | "/account/identities/{id}/unlink" => {
            (Allowed::Learner, with_id("idp-matrix"), form(&[]))
        }
        // Platform admins only; the scopes are invalid, so an allowed caller gets 422.
        "/admin/identity-providers" => (
            Allowed::Platform,
            path.to_owned(),
            form(&[
                ("name", "Matrix"),
                ("issuer", "https://idp.example"),
                ("client_id", "m"),
                ("client_secret", "s"),
                ("scopes", "bad scope!"),
            ]),
        ),
        "/admin/identity-providers/{id}/{action}" => (
            Allowed::Platform,
            "/admin/identity-providers/idp-matrix/disable".to_owned(),
            form(&[]),
        ),
        "/account/{path}/{secret}" => (
            Allowed::Public,
            format!("/account/confirm/{}", "0".repeat(64)),
            form(&[]),
        ),
        // Acts on the caller's own account (or own provider) only, whatever the form says.
        "/account/password" => (
            Allowed::OwnOnly,
            path.to_owned(),
            form(&[("current", "x"), ("password", "y")]),
        ),
        "/admin/staff/invite" => (
            Allowed::OwnOnly,
            path.to_owned(),
            form(&[
                ("provider", OTHER),
                ("name", "Matrix"),
                ("email", "matrix@example.org"),
                ("role", "issuer"),
            ]),
        ),
        "/admin/staff/{id}/remove" => (Allowed::Admin, with_id(&target.account), form(&[])),
        "/admin/provider" => (Allowed::OwnOnly, path.to_owned(), form(&[])),
        "/admin/offerings/new" => (
            Allowed::Admin,
            path.to_owned(),
            form(&[("provider", OTHER), ("title.nl", "Matrix")]),
        ),
        "/admin/offerings/{id}/edit" => (
            Allowed::Admin,
            with_id(&target.offering),
            form(&[("title.nl", "Matrix")]),
        ),
        "/admin/offerings/{id}/publish" | "/admin/offerings/{id}/withdraw" => {
            (Allowed::Admin, with_id(&target.offering), form(&[]))
        }
        "/admin/providers/new" => (
            Allowed::Platform,
            path.to_owned(),
            form(&[("slug", "matrix-provider")]),
        ),
        "/admin/providers/{id}/edit" | "/admin/providers/{id}/keys/rotate" => {
            (Allowed::Admin, with_id(OTHER), form(&[]))
        }
        "/admin/providers/{id}/publish" | "/admin/providers/{id}/withdraw" => {
            (Allowed::Platform, with_id(OTHER), form(&[]))
        }
        "/admin/learners/enrol" => (
            Allowed::Issuer,
            path.to_owned(),
            form(&[
                ("offering", &target.offering),
                ("full_name", "M"),
                ("email", "m@example.org"),
                ("employment_status", "student"),
            ]),
        ),
        "/admin/learners/upload" => (
            Allowed::Issuer,
            path.to_owned(),
            Body::Multipart(
                fields(&[("offering", &target.offering), ("kind", "enrolments")]),
                "full_name,email,enrolled_on\nM,m2@example.org,2026-02-01\n".to_owned(),
            ),
        ),
        "/admin/learners/issue" => (
            Allowed::Issuer,
            path.to_owned(),
            form(&[("offering", &target.offering)]),
        ),
        "/admin/enrolments/{id}/results" => (
            Allowed::Issuer,
            with_id(&target.enrolment),
            form(&[
                ("passed", "yes"),
                ("assessed_on", "2026-02-20"),
                ("route", "regular"),
                ("issue", "yes"),
            ]),
        ),
        "/admin/assessments/{id}/issue" => {
            (Allowed::Issuer, with_id(&target.assessment), form(&[]))
        }
        "/admin/credentials/{id}/correct" => (
            Allowed::Issuer,
            with_id(&target.credential),
            form(&[("reason", "matrix"), ("assessed_on", "2026-02-20")]),
        ),
        "/wallet/share" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[
                ("name", "matrix"),
                ("credential", &format!("urn:uuid:{}", target.credential)),
                ("expires_on", "2026-04-01"),
            ]),
        ),
        "/wallet/presentation" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[
                ("credential", &format!("urn:uuid:{}", target.credential)),
                ("challenge", "c"),
                ("domain", "d"),
            ]),
        ),
        // A wallet's authorization request, allowed with another learner's credential.
        "/oid4vci/authorize" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[
                ("response_type", "code"),
                ("client_id", "matrix-wallet"),
                ("redirect_uri", "https://wallet.example/cb"),
                (
                    "code_challenge",
                    "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                ),
                ("code_challenge_method", "S256"),
                ("scope", "MicroCredential_dc_sd_jwt"),
                ("credential", &format!("urn:uuid:{}", target.credential)),
                ("decision", "allow"),
            ]),
        ),
        "/wallet/share/{id}/revoke" => {
            (Allowed::Learner, with_id("shr-0000000000000000"), form(&[]))
        }
        "/wallet/import" => (
            Allowed::Learner,
            path.to_owned(),
            Body::Multipart(fields(&[]), "{}".to_owned()),
        ),
        "/wallet/imported/{id}/remove" => {
            (Allowed::Learner, with_id("imp-0000000000000000"), form(&[]))
        }
        "/wallet/addresses" | "/wallet/addresses/remove" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[("email", "victim@example.org")]),
        ),
        "/wallet/student-numbers" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[("provider", OTHER), ("student_number", "r-matrix")]),
        ),
        "/wallet/student-numbers/{id}/withdraw" => {
            (Allowed::Learner, with_id(&target.claim), form(&[]))
        }
        "/wallet/did" => (Allowed::Learner, path.to_owned(), form(&[])),
        // A pathway is defined and withdrawn by its owner's admins, whatever provider asks.
        "/admin/pathways" => (
            Allowed::Admin,
            path.to_owned(),
            Body::Form(fields(&[
                ("provider", OTHER),
                (
                    "rules",
                    &format!(
                        r#"{{"name": {{"en": "Matrix"}}, "awards": "{0}", "requirements": [{{"kind": "offerings", "label": {{"en": "All"}}, "offerings": ["{0}"]}}]}}"#,
                        target.offering
                    ),
                ),
            ])),
        ),
        "/admin/pathways/{id}/withdraw" => (Allowed::Admin, with_id(&target.pathway), form(&[])),
        // A learner asks for a pathway's credential; the owner's staff award it.
        "/pathways/{id}/award" => (Allowed::Learner, with_id(&target.pathway), form(&[])),
        "/admin/pathways/{id}/awards/{account}" => (
            Allowed::Issuer,
            with_id(&target.pathway).replace("{account}", &target.account),
            form(&[]),
        ),
        // A receiving organisation's staff decide on recognition, whatever provider the form
        // names; a learner asks and withdraws only their own requests.
        "/admin/recognitions" => (
            Allowed::Issuer,
            path.to_owned(),
            form(&[
                ("provider", OTHER),
                ("offering", &target.offering),
                ("purpose", "further_study"),
                ("scope", "full"),
                ("recognised_as", "Matrix"),
                ("legal_basis", "other"),
                ("valid_from", "2026-01-01"),
            ]),
        ),
        "/admin/recognitions/{id}/withdraw" => (
            Allowed::Issuer,
            with_id("rd-0000000000000000"),
            form(&[("provider", OTHER)]),
        ),
        "/wallet/recognition-requests" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[
                ("organisation", OTHER),
                ("credential", &format!("urn:uuid:{}", target.credential)),
                ("purpose", "employment"),
            ]),
        ),
        "/wallet/credential-offers" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[("credential", &format!("urn:uuid:{}", target.credential))]),
        ),
        "/wallet/recognition-requests/{id}/withdraw" => {
            (Allowed::Learner, with_id("rr-0000000000000000"), form(&[]))
        }
        "/wallet/feedback/{enrolment}" => (
            Allowed::Learner,
            path.replace("{enrolment}", &target.enrolment),
            form(&[
                ("overall", "1"),
                ("content", "1"),
                ("teaching", "1"),
                ("assessment", "1"),
                ("workload", "0"),
            ]),
        ),
        // Acts on the caller's own tokens only (staff with an account; others 404).
        "/account/tokens" => (
            Allowed::OwnOnly,
            path.to_owned(),
            form(&[("label", "matrix")]),
        ),
        "/account/tokens/{id}/revoke" => (Allowed::OwnOnly, with_id("tok-000000000000"), form(&[])),
        "/wallet/did/own" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[("did", "did:example:matrix")]),
        ),
        "/wallet/erase" => (
            Allowed::Learner,
            path.to_owned(),
            form(&[("password", "not the password at all")]),
        ),
        "/admin/student-numbers/{id}/{decision}" => (
            Allowed::Issuer,
            path.replace("{id}", &target.claim)
                .replace("{decision}", "confirm"),
            form(&[("provider", OTHER)]),
        ),
        "/admin/credentials/{id}/{action}" => (
            Allowed::Issuer,
            path.replace("{id}", &target.credential)
                .replace("{action}", "suspend"),
            form(&[("reason", "matrix")]),
        ),
        _ => return None,
    })
}

/// Sends the request with the caller's session and form token; returns status and Location.
async fn send(
    server: &TestServer,
    path: &str,
    session: Option<&(String, String)>,
    body: &Body,
) -> (u16, String) {
    let mut request = server.client.post(server.url(path));
    let with_token = |mut list: Vec<(String, String)>| {
        if let Some((_, csrf)) = session {
            list.push(("csrf".to_owned(), csrf.clone()));
        }
        list
    };
    request = match body {
        Body::Form(list) => request
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(with_token(list.clone())).unwrap()),
        Body::Multipart(list, file) => {
            let boundary = "matrixboundary7d3e";
            let mut text = String::new();
            for (name, value) in with_token(list.clone()) {
                text.push_str(&format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                ));
            }
            text.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.csv\"\r\nContent-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
            ));
            request
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(text)
        }
    };
    if let Some((cookie, _)) = session {
        request = request.header(header::COOKIE, cookie);
    }
    let response = request.send().await.unwrap();
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (response.status().as_u16(), location)
}

async fn session(server: &TestServer, token: &str) -> (String, String) {
    let cookie = sign_in(server, token).await;
    let csrf = get(server, "/admin", Some(&cookie)).await.csrf();
    (cookie, csrf)
}

#[tokio::test]
async fn no_page_lets_a_caller_change_another_providers_data() {
    let server = TestServer::start().await;
    let (offering, record) = crate::issuing::issued_credential(
        &server,
        &server.other_token,
        &server.other_issuer_token,
        OTHER,
        "victim@example.org",
    )
    .await;
    let (_, enrolment) = server
        .send(reqwest::Method::POST, "/api/v1/enrolments", Some(&server.other_issuer_token), Some(&json!({
            "offering_id": offering, "learner": {"full_name": "Second", "email": "second@example.org"},
            "employment_status": "employed", "enrolled_on": "2026-01-10"})))
        .await;
    let (_, pending) = server
        .send(reqwest::Method::POST, "/api/v1/assessments", Some(&server.other_issuer_token), Some(&json!({
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
    let claimant = server.learner("Claimant", "claimant@example.org").await;
    let (status, claim) = server
        .send(
            reqwest::Method::POST,
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
    let own_admin = session(&server, &server.own_token).await;
    let own_issuer = session(&server, &server.issuer_token).await;
    let other_issuer = session(&server, &server.other_issuer_token).await;
    let other_admin = session(&server, &server.other_token).await;
    let platform = session(&server, &server.platform_token).await;
    let learner_secret = server
        .learner("Matrix Learner", "matrix-learner@example.org")
        .await;
    let learner = (
        format!("{}={learner_secret}", web::auth::SESSION_COOKIE),
        web::pages::csrf_token(&learner_secret),
    );
    let callers: [Caller<'_>; 7] = [
        ("anonymous", None, &[Allowed::Public]),
        (
            "learner",
            Some(&learner),
            &[Allowed::Public, Allowed::OwnOnly, Allowed::Learner],
        ),
        (
            "own provider admin",
            Some(&own_admin),
            &[Allowed::Public, Allowed::OwnOnly],
        ),
        (
            "own issuer",
            Some(&own_issuer),
            &[Allowed::Public, Allowed::OwnOnly],
        ),
        (
            "other issuer",
            Some(&other_issuer),
            &[Allowed::Public, Allowed::OwnOnly, Allowed::Issuer],
        ),
        (
            "other provider admin",
            Some(&other_admin),
            &[
                Allowed::Public,
                Allowed::OwnOnly,
                Allowed::Issuer,
                Allowed::Admin,
            ],
        ),
        (
            "platform admin",
            Some(&platform),
            &[
                Allowed::Public,
                Allowed::OwnOnly,
                Allowed::Issuer,
                Allowed::Admin,
                Allowed::Platform,
            ],
        ),
    ];
    let mut refused = 0;
    let mut allowed = Vec::new();
    for (path, methods) in web::pages::endpoint_table() {
        if !methods.contains(&"POST") {
            continue;
        }
        let Some((rule, concrete, body)) = request(path, &target) else {
            panic!("POST {path} has no request in the pages' authorization matrix: add one");
        };
        for (caller, session_of, may) in &callers {
            if may.contains(&rule) {
                if matches!(rule, Allowed::Issuer | Allowed::Admin | Allowed::Platform) {
                    allowed.push((concrete.clone(), *session_of, rule));
                }
                continue;
            }
            let (status, location) = send(&server, &concrete, *session_of, &body).await;
            let sent_to_sign_in = status == 303 && location.starts_with("/sign-in");
            assert!(
                matches!(status, 401 | 403 | 404) || sent_to_sign_in,
                "{caller} got {status} (Location {location:?}) for POST {concrete}"
            );
            refused += 1;
        }
    }
    assert!(refused >= 50, "only {refused} refusals checked");

    let (_, credential) = server
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/credentials/{}", target.credential),
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(credential["status"], "active");
    let (_, enrolments) = server
        .send(
            reqwest::Method::GET,
            "/api/v1/enrolments",
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(enrolments["total"], 2);
    let (_, offering_now) = server.get(&format!("/api/v1/offerings/{offering}")).await;
    assert_eq!(
        (
            offering_now["status"].as_str(),
            offering_now["version"].as_u64()
        ),
        (Some("published"), Some(1))
    );
    let (_, provider) = server.get(&format!("/api/v1/providers/{OTHER}")).await;
    assert_eq!(provider["status"], "published");
    let (_, keys) = server
        .send(
            reqwest::Method::GET,
            &format!("/api/v1/providers/{OTHER}/keys"),
            Some(&server.other_token),
            None,
        )
        .await;
    assert_eq!(keys["items"].as_array().unwrap().len(), 1);

    // The requests are real: callers with the right get past authorization.
    for (path, session_of, rule) in allowed {
        let (_, body) = request_body_for(&path, &target, rule);
        let (status, location) = send(&server, &path, session_of, &body).await;
        assert!(
            !matches!(status, 401 | 403) && status < 500 && !location.starts_with("/sign-in"),
            "an allowed caller got {status} (Location {location:?}) for POST {path}"
        );
    }
}

/// The request again for a concrete path (the table's path is gone by then).
fn request_body_for(concrete: &str, target: &Target, rule: Allowed) -> (Allowed, Body) {
    for (path, _) in web::pages::endpoint_table() {
        if let Some((found, built, body)) = request(path, target)
            && built == concrete
            && found == rule
        {
            return (found, body);
        }
    }
    panic!("no request for {concrete}");
}

#[tokio::test]
async fn every_page_answers_only_the_methods_its_table_entry_lists() {
    let server = TestServer::start().await;
    for (path, methods) in web::pages::endpoint_table() {
        let concrete = path
            .replace("{id}", "x-1")
            .replace("{version}", "1")
            .replace("{action}", "suspend")
            .replace("{file}", "site.css");
        for method in ["GET", "POST", "PUT", "DELETE", "PATCH"] {
            if methods.contains(&method) {
                continue;
            }
            let response = server
                .client
                .request(
                    reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                    server.url(&concrete),
                )
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status().as_u16(),
                405,
                "{method} {concrete} is answered but not in the pages' table"
            );
        }
    }
}
