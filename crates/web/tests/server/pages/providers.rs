//! The provider register on the web: a provider admin edits their registration through the form
//! with per-element errors, others are refused, a platform admin registers, publishes and
//! withdraws a provider, and hostile text in a legal name is escaped.

use super::{ESCAPED, HOSTILE, Page, get, pairs, post, sign_in};
use crate::common::{OTHER, OWN, TestServer};

/// A wrong check digit: 97 − 01234567 mod 97 is 49, not 89.
const BAD_NUMBER: &str = "0123.456.789";

/// The provider form filled in completely, as a browser would post it.
fn provider_form(csrf: &str, name_nl: &str, number: &str) -> Vec<(String, String)> {
    pairs(&[
        ("csrf", csrf),
        ("legal_name.nl", name_nl),
        (
            "legal_name.en",
            "Scheldeland University of Applied Sciences",
        ),
        ("legal_name.fr", ""),
        ("legal_name.de", ""),
        ("country", "BE"),
        ("region", "be21"),
        ("li0.scheme", "enterprise_number"),
        ("li0.value", number),
        ("li1.scheme", ""),
        ("li1.value", ""),
        ("provider_type", "university_college"),
        ("quality_assurance.type", "institutional_qa"),
        ("quality_assurance.body", "NVAO"),
        ("quality_assurance.deqar_id", ""),
        ("quality_assurance.report_url", ""),
        (
            "recognition_policy.nl",
            "Wij erkennen eerder verworven competenties.",
        ),
        ("funding_schemes", "opleidingscheques"),
        ("website", "https://scheldeland.example.org/"),
        ("contact_email", "info@scheldeland.example.org"),
    ])
}

fn with(mut fields: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    fields.retain(|(name, _)| name != key);
    fields.push((key.to_owned(), value.to_owned()));
    fields
}

#[tokio::test]
async fn a_provider_admin_corrects_an_invalid_enterprise_number_and_sees_the_new_values() {
    let server = TestServer::start().await;
    assert!(model::provider::check_belgian_enterprise_number(BAD_NUMBER).is_err());
    assert_eq!(
        get(&server, "/admin/provider", None).await.location(),
        "/sign-in",
        "signed-out visitors are sent to sign in"
    );
    let cookie = sign_in(&server, &server.own_token).await;
    let admin = get(&server, "/admin", Some(&cookie)).await;
    assert!(
        admin.body.contains("href=\"/admin/provider\"")
            && admin.body.contains("Registratie van de aanbieder bewerken"),
        "a provider admin is offered their registration"
    );
    assert!(!admin.body.contains("/admin/providers/new"));

    let form = get(&server, "/admin/provider", Some(&cookie)).await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(
        form.body.contains("value=\"Hogeschool Scheldeland\"")
            && form.body.contains(&format!(
                "value=\"{}\"",
                model::provider::belgian_enterprise_number(4_123_456)
            ))
            && form
                .body
                .contains("<option value=\"BE\" selected>België (BE)"),
        "the form starts from what is stored"
    );
    let csrf = form.csrf();

    let fields = provider_form(&csrf, "Hogeschool Scheldeland Gent", BAD_NUMBER);
    let page = post(&server, "/admin/provider", Some(&cookie), &fields).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.body.contains("href=\"#g-li0\"") && page.body.contains("Identificatienummer 1"),
        "the summary links to the row"
    );
    let row = page.group("li0");
    assert!(
        row.contains("has-error")
            && row.contains("is not a valid Belgian enterprise number")
            && row.contains(&format!("value=\"{BAD_NUMBER}\"")),
        "the message is next to the number, which is kept: {row}"
    );
    assert!(!page.group("legal_name").contains("field-errors"));
    assert!(
        page.body.contains("value=\"Hogeschool Scheldeland Gent\"")
            && page.body.contains("value=\"be21\"")
            && page.body.contains("value=\"opleidingscheques\" checked")
            && page
                .body
                .contains(">Wij erkennen eerder verworven competenties.</textarea>"),
        "everything typed is kept"
    );

    let without_token: Vec<(String, String)> = fields
        .iter()
        .filter(|(key, _)| key != "csrf")
        .cloned()
        .collect();
    let refused = post(&server, "/admin/provider", Some(&cookie), &without_token).await;
    assert_eq!(
        refused.status, 403,
        "a form without the CSRF token is refused"
    );

    // Several wrong elements at once, each next to its own field.
    let broken = with(
        with(fields.clone(), "region", "NL33"),
        "quality_assurance.body",
        "",
    );
    let page = post(&server, "/admin/provider", Some(&cookie), &broken).await;
    assert_eq!(page.status, 422);
    assert!(
        page.group("region")
            .contains("is not a NUTS region code inside BE")
    );
    assert!(page.group("quality_assurance").contains("body"));
    assert!(!page.group("country").contains("field-errors"));

    let good = model::provider::belgian_enterprise_number(4_555_555);
    let saved = post(
        &server,
        "/admin/provider",
        Some(&cookie),
        &provider_form(&csrf, "Hogeschool Scheldeland Gent", &good),
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    assert_eq!(saved.location(), format!("/providers/{OWN}"));
    let page = get(&server, &format!("/providers/{OWN}"), None).await;
    for expected in [
        "Hogeschool Scheldeland Gent",
        good.as_str(),
        "Provincie Antwerpen (BE21)",
        "Wij erkennen eerder verworven competenties.",
        "https://scheldeland.example.org/",
        "info@scheldeland.example.org",
    ] {
        assert!(
            page.body.contains(expected),
            "the provider page lacks {expected:?}"
        );
    }
    assert!(
        !page.body.contains("/admin/providers/"),
        "visitors get no admin links"
    );
}

#[tokio::test]
async fn other_providers_admins_and_issuers_are_refused() {
    let server = TestServer::start().await;
    let other = sign_in(&server, &server.other_token).await;
    let csrf = get(&server, "/admin", Some(&other)).await.csrf();
    let own_edit = format!("/admin/providers/{OWN}/edit");
    let page = get(&server, &own_edit, Some(&other)).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("Geen toegang"));
    let fields = provider_form(&csrf, "Gekaapt", BAD_NUMBER);
    assert_eq!(
        post(&server, &own_edit, Some(&other), &fields).await.status,
        403
    );
    for path in [
        "/admin/providers/new".to_owned(),
        format!("/admin/providers/{OWN}/publish"),
        format!("/admin/providers/{OWN}/withdraw"),
    ] {
        let page = post(
            &server,
            &path,
            Some(&other),
            &with(fields.clone(), "slug", "x-y-z"),
        )
        .await;
        assert_eq!(page.status, 403, "{path}");
    }
    assert_eq!(
        get(&server, "/admin/providers/new", Some(&other))
            .await
            .status,
        403
    );
    let own = get(&server, "/admin/provider", Some(&other)).await;
    assert_eq!(own.status, 200, "their own registration is theirs to edit");
    assert!(own.body.contains("action=\"/admin/provider\""));
    let page = get(&server, &format!("/providers/{OWN}"), Some(&other)).await;
    assert!(
        !page.body.contains(&own_edit),
        "no edit link for another provider"
    );

    let issuer = sign_in(&server, &server.issuer_token).await;
    let csrf = get(&server, "/admin", Some(&issuer)).await.csrf();
    assert_eq!(
        get(&server, "/admin/provider", Some(&issuer)).await.status,
        403
    );
    assert_eq!(get(&server, &own_edit, Some(&issuer)).await.status, 403);
    let fields = provider_form(&csrf, "Gekaapt", BAD_NUMBER);
    assert_eq!(
        post(&server, "/admin/provider", Some(&issuer), &fields)
            .await
            .status,
        403
    );
    let unchanged = get(&server, &format!("/providers/{OWN}"), None).await;
    assert!(!unchanged.body.contains("Gekaapt"));
}

/// The register of providers as a visitor sees it.
async fn public_list(server: &TestServer) -> Page {
    get(server, "/providers", None).await
}

#[tokio::test]
async fn a_platform_admin_registers_publishes_and_withdraws_a_provider() {
    let server = TestServer::start().await;
    assert_eq!(
        get(&server, "/admin/providers/new", None).await.location(),
        "/sign-in"
    );
    let platform = sign_in(&server, &server.platform_token).await;
    let admin = get(&server, "/admin", Some(&platform)).await;
    assert!(admin.body.contains("href=\"/admin/providers/new\""));
    assert!(
        admin.body.contains(&format!("/admin/providers/{OWN}/edit"))
            && admin
                .body
                .contains(&format!("/admin/providers/{OTHER}/withdraw")),
        "every provider with its actions"
    );
    let form = get(&server, "/admin/providers/new", Some(&platform)).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"slug\""));
    let csrf = form.csrf();
    let good = model::provider::belgian_enterprise_number(7_654_321);
    let fields = with(
        provider_form(&csrf, "Leercentrum Noord", &good),
        "legal_name.en",
        "North Learning Centre",
    );

    let taken = post(
        &server,
        "/admin/providers/new",
        Some(&platform),
        &with(fields.clone(), "slug", OWN),
    )
    .await;
    assert_eq!(taken.status, 409, "{}", taken.body);
    let slug = taken.group("slug");
    assert!(
        slug.contains("has-error")
            && slug.contains("al in gebruik")
            && slug.contains(&format!("value=\"{OWN}\"")),
        "{slug}"
    );
    assert!(taken.body.contains("value=\"Leercentrum Noord\""));

    // A malformed slug and a missing name are reported in the same round.
    let broken = with(
        with(fields.clone(), "slug", "Leercentrum Noord"),
        "legal_name.nl",
        "",
    );
    let broken = with(broken, "legal_name.en", "");
    let page = post(&server, "/admin/providers/new", Some(&platform), &broken).await;
    assert_eq!(page.status, 422);
    assert!(page.group("slug").contains("field-errors"));
    assert!(page.group("legal_name").contains("field-errors"));

    let created = post(
        &server,
        "/admin/providers/new",
        Some(&platform),
        &with(fields, "slug", "leercentrum-noord"),
    )
    .await;
    assert_eq!(created.status, 303, "{}", created.body);
    assert_eq!(created.location(), "/providers/leercentrum-noord");
    let draft = get(&server, "/providers/leercentrum-noord", Some(&platform)).await;
    assert_eq!(draft.status, 200);
    assert!(
        draft.body.contains("badge-draft")
            && draft
                .body
                .contains("/admin/providers/leercentrum-noord/publish")
    );
    assert_eq!(
        get(&server, "/providers/leercentrum-noord", None)
            .await
            .status,
        404,
        "a draft provider is not public"
    );
    assert!(
        !public_list(&server)
            .await
            .body
            .contains("Leercentrum Noord")
    );
    let own = sign_in(&server, &server.own_token).await;
    assert_eq!(
        get(&server, "/providers/leercentrum-noord", Some(&own))
            .await
            .status,
        404,
        "nor visible to other providers' admins"
    );

    let admin = get(&server, "/admin", Some(&platform)).await;
    assert!(
        admin
            .body
            .contains("/admin/providers/leercentrum-noord/publish")
    );
    let published = post(
        &server,
        "/admin/providers/leercentrum-noord/publish",
        Some(&platform),
        &pairs(&[("csrf", &csrf), ("back", "list")]),
    )
    .await;
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(published.location(), "/admin");
    let list = public_list(&server).await;
    assert!(
        list.body
            .contains("href=\"/providers/leercentrum-noord\">Leercentrum Noord<")
    );
    assert_eq!(
        get(&server, "/providers/leercentrum-noord", None)
            .await
            .status,
        200
    );

    let managed = get(
        &server,
        "/admin?provider=leercentrum-noord",
        Some(&platform),
    )
    .await;
    assert!(
        managed
            .body
            .contains("/admin/providers/leercentrum-noord/withdraw")
    );
    let withdrawn = post(
        &server,
        "/admin/providers/leercentrum-noord/withdraw",
        Some(&platform),
        &pairs(&[("csrf", &csrf), ("back", "provider")]),
    )
    .await;
    assert_eq!(withdrawn.location(), "/admin?provider=leercentrum-noord");
    assert!(
        !public_list(&server)
            .await
            .body
            .contains("Leercentrum Noord")
    );
}

#[tokio::test]
async fn html_in_a_legal_name_is_escaped_on_the_provider_page_and_the_form() {
    let server = TestServer::start().await;
    let cookie = sign_in(&server, &server.own_token).await;
    let csrf = get(&server, "/admin/provider", Some(&cookie)).await.csrf();
    let good = model::provider::belgian_enterprise_number(4_123_456);

    // Rejected for another element: the hostile name comes back escaped, and so does a
    // validator message that quotes hostile input.
    let hostile = with(provider_form(&csrf, HOSTILE, &good), "li1.scheme", "vat");
    let hostile = with(hostile, "li1.value", HOSTILE);
    let hostile = with(hostile, "li2.scheme", "enterprise_number");
    let hostile = with(hostile, "li2.value", HOSTILE);
    let page = post(&server, "/admin/provider", Some(&cookie), &hostile).await;
    assert_eq!(page.status, 422, "{}", page.body);
    assert!(
        page.group("li2")
            .contains("is not a valid Belgian enterprise number")
    );
    assert!(!page.body.contains(HOSTILE) && page.body.contains(ESCAPED));

    let saved = post(
        &server,
        "/admin/provider",
        Some(&cookie),
        &provider_form(&csrf, HOSTILE, &good),
    )
    .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    for path in [
        format!("/providers/{OWN}"),
        "/admin/provider".to_owned(),
        "/providers".to_owned(),
        "/admin".to_owned(),
    ] {
        let page = get(&server, &path, Some(&cookie)).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            !page.body.contains(HOSTILE) && page.body.contains(ESCAPED),
            "{path} does not escape the legal name"
        );
    }
}
